"""The mapping file: which parts of an old API correspond to which parts of a new one when names differ
(another version's paths, wrappers and schema names), so that like is compared with like.

```yaml
operations:
  - old: GET /v1/{project_id}/checkpoint_items/{checkpoint_item_id}
    new: GET /v3/{project_id}/backups/{backup_id}
    parameters: {limit: page_size}        # query/header parameters; path parameters match by position
schemas: {CheckpointItem: BackupDetail}    # old name: new name
properties:                               # old schema: {old property: new property}
  ShowCheckpointItemResponse: {checkpoint_item: backup}
only_mapped: true                         # compare these operations (and their schemas) only
```

Every name a mapping uses must exist on its side: a mapping that points at nothing is an error, not a
silent no-op."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diff import DiffError
from generator.errors import LoadError
from generator.specfile import parse_yaml

_METHODS = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE")
_OPERATION = re.compile(rf"^({'|'.join(_METHODS)})\s+(/\S*)$", re.I)

OperationKey = tuple[str, str]  # (METHOD, path template as the spec writes it)


@dataclass(frozen=True)
class OperationMapping:
    old: OperationKey
    new: OperationKey
    parameters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DiffMapping:
    operations: tuple[OperationMapping, ...] = ()
    schemas: dict[str, str] = field(default_factory=dict)
    properties: dict[str, dict[str, str]] = field(default_factory=dict)
    only_mapped: bool = False
    source: str = ""


def load_mapping(path: Path, display: str | None = None) -> DiffMapping:
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise DiffError(name, "", f"cannot read the mapping file: {err.strerror}") from err
    except UnicodeDecodeError as err:
        raise DiffError(name, "", "not a YAML file: not UTF-8") from err
    try:
        data = parse_yaml(text, name)  # within the bounds a spec is read in: no alias bomb, no deep nesting
    except LoadError as err:
        raise DiffError(err.file, err.place, err.message) from err
    if not isinstance(data, dict):
        raise DiffError(name, "", "a mapping file is a YAML mapping with operations, schemas and properties")
    unknown = sorted(set(data) - {"operations", "schemas", "properties", "only_mapped"})
    if unknown:
        raise DiffError(name, unknown[0], "unknown key; a mapping file has operations, schemas, properties "
                                          "and only_mapped")
    if not isinstance(data.get("only_mapped", False), bool):
        raise DiffError(name, "only_mapped", "must be true or false")
    operations = []
    for index, entry in enumerate(_list(data.get("operations"), name, "operations")):
        place = f"operations[{index}]"
        if not isinstance(entry, dict) or set(entry) - {"old", "new", "parameters"}:
            raise DiffError(name, place, "an operation mapping has 'old', 'new' and optionally 'parameters'")
        operations.append(OperationMapping(
            old=_operation(entry.get("old"), name, f"{place}.old"),
            new=_operation(entry.get("new"), name, f"{place}.new"),
            parameters=_names(entry.get("parameters"), name, f"{place}.parameters")))
    properties = {schema: _names(renames, name, f"properties.{schema}")
                  for schema, renames in _names_of(data.get("properties"), name, "properties").items()}
    return DiffMapping(operations=tuple(operations), schemas=_names(data.get("schemas"), name, "schemas"),
                       properties=properties, only_mapped=data.get("only_mapped", False), source=name)


def check_mapping(mapping: DiffMapping, old: dict[str, Any], new: dict[str, Any]) -> None:
    """Every operation, schema and property the mapping names exists on its side."""
    for index, op in enumerate(mapping.operations):
        for side, key, doc in (("old", op.old, old), ("new", op.new, new)):
            method, path = key
            if method.lower() not in doc.get("paths", {}).get(path, {}):
                raise DiffError(mapping.source, f"operations[{index}].{side}",
                                f"{method} {path} is not an operation of the {side} spec")
    old_schemas = old.get("components", {}).get("schemas", {})
    new_schemas = new.get("components", {}).get("schemas", {})
    for old_name, new_name in mapping.schemas.items():
        if old_name not in old_schemas:
            raise DiffError(mapping.source, f"schemas.{old_name}", "no such schema in the old spec")
        if new_name not in new_schemas:
            raise DiffError(mapping.source, f"schemas.{old_name}", f"no schema {new_name} in the new spec")
    for schema, renames in mapping.properties.items():
        old_props = old_schemas.get(schema, {}).get("properties")
        if old_props is None:
            raise DiffError(mapping.source, f"properties.{schema}", "no such schema with properties in the old spec")
        new_props = new_schemas.get(mapping.schemas.get(schema, schema), {}).get("properties", {})
        for old_prop, new_prop in renames.items():
            if old_prop not in old_props:
                raise DiffError(mapping.source, f"properties.{schema}.{old_prop}", "no such property in the old spec")
            if new_prop not in new_props:
                raise DiffError(mapping.source, f"properties.{schema}.{old_prop}",
                                f"no property {new_prop} in {mapping.schemas.get(schema, schema)} of the new spec")


def _list(value: Any, name: str, place: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise DiffError(name, place, "must be a list")
    return value


def _names_of(value: Any, name: str, place: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise DiffError(name, place, "must map names to names")
    return value


def _names(value: Any, name: str, place: str) -> dict[str, str]:
    names = _names_of(value, name, place)
    for key, target in names.items():
        if not isinstance(target, str) or not target:
            raise DiffError(name, f"{place}.{key}", "must name the new side's counterpart")
    return dict(names)


def _operation(value: Any, name: str, place: str) -> OperationKey:
    match = _OPERATION.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise DiffError(name, place, "an operation is written 'METHOD /path/{param}'")
    return match.group(1).upper(), match.group(2)
