"""Pydantic v2 models from the spec's component schemas, by datamodel-code-generator called as a
library: no timestamp or version in the header (regenerating unchanged input changes no byte), JSON keys
that are not good Python names aliased (names.py makes every field name, unique in its model), unknown
keys kept (extra="allow") so a response round-trips, constraints as `Field(...)` arguments (which type
checkers read, where `constr(...)` in an annotation is not a type). The generator reports which class
models which schema; the clients use that, never a guess."""

from __future__ import annotations

import copy
import functools
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import datamodel_code_generator
import pydantic_core
from datamodel_code_generator import generate
from datamodel_code_generator.enums import DataModelType, InputFileType, OpenAPIScope
from datamodel_code_generator.format import PythonVersion
from datamodel_code_generator.parser import LiteralType

from generator.codegen.names import class_name, field_names, unique_names
from generator.errors import CodegenError
from generator.specshape import allows_null, resolve

SCHEMAS = "#/components/schemas/"
NULLABLE = "x-apigen-nullable"  # the mark base.py.jinja's ApiModel reads: this field may be null
# The base class every object model extends (templates/base.py.jinja): written under a placeholder module the
# generator can import, then pointed at the package's own _base.py.
_BASE_IMPORT = "from apigen_model_base import ApiModel"
_PLAIN_NAME = re.compile(r"[0-9A-Za-z_]+")
# Formats whose pydantic type would change the value the server sent (a datetime drops a vendor's odd
# fraction, a UUID adds dashes, an AnyUrl a slash) or refuse a near miss: the spec states them, the models keep
# the string, and `apigen validate` is where a value is held to them.
_PLAIN_STRING_FORMATS = ("email", "idn-email", "password", "date-time", "date", "time", "duration", "uuid", "uri",
                         "uri-reference", "iri", "iri-reference", "hostname", "idn-hostname", "ipv4", "ipv6")


@dataclass(frozen=True)
class Models:
    source: str
    classes: dict[str, str]  # component schema name -> the class of models.py that models it


def field_aliases(doc: dict[str, Any]) -> dict[str, str]:
    """Every property name whose field is named otherwise -> that field name (see names.field_names)."""
    table = field_names(_objects(doc))
    return {name: table[name] for name in sorted(table) if table[name] != name}


def _objects(doc: dict[str, Any]) -> list[list[str]]:
    """The property names of every object the models hold, one list per model: a schema's own properties,
    with those of the schemas it takes in through allOf (a model and its bases share one namespace)."""
    schemas = doc.get("components", {}).get("schemas", {})
    found: list[list[str]] = []
    pending: list[Any] = [schemas]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            names = _properties(doc, node, set())
            if names:
                found.append(names)
            pending.extend(node.values())
    return found


def _properties(doc: dict[str, Any], schema: dict[str, Any], seen: set[int]) -> list[str]:
    if id(schema) in seen:
        return []
    seen.add(id(schema))
    names = list(schema["properties"]) if isinstance(schema.get("properties"), dict) else []
    for member in schema.get("allOf") or ():
        target = _target(doc, member)
        if isinstance(target, dict):
            names += _properties(doc, target, seen)
    return names


def _target(doc: dict[str, Any], node: Any) -> Any:
    ref = node.get("$ref") if isinstance(node, dict) else None
    return resolve(doc, ref) if isinstance(ref, str) else node


def _with_chinese(node: Any) -> None:
    """Field descriptions in English, followed by the Chinese where the Chinese page says it too."""
    if isinstance(node, dict):
        zh = node.get("x-apigen-description-zh")
        if isinstance(zh, str) and zh and zh != node.get("description"):
            node["description"] = f"{node['description']} / {zh}" if node.get("description") else zh
        for value in node.values():
            _with_chinese(value)
    elif isinstance(node, list):
        for value in node:
            _with_chinese(value)


def _what_models_can_hold(spec: dict[str, Any]) -> None:
    """Keywords that would give a package that does not import, type-check or round-trip are left out of
    the models: a `pattern` their regular expression engine cannot compile (lookaround, which ECMA-262 has
    and pydantic's engine has not; `apigen validate` still checks it), a `default` or `const` that does not
    fit its field's type, each said in the field's description; and the
    string formats (_PLAIN_STRING_FORMATS: `email` needs a package the generated one does not depend on,
    `password` dumps as `**********`, the others would change what the server sent): those stay plain strings."""
    for schema in _schemas(spec["components"]["schemas"]):
        if schema.get("format") in _PLAIN_STRING_FORMATS:
            del schema["format"]
        pattern = schema.get("pattern")
        if isinstance(pattern, str) and not _compiles(pattern):
            del schema["pattern"]
            _note(schema, f"The pattern {pattern!r} is not checked by this model (its regex engine cannot compile it).")
        if "default" in schema and not _fits(schema["default"], schema):
            default = json.dumps(schema.pop("default"), ensure_ascii=False)
            _note(schema, f"The default {default[:80]} does not fit this field's type and is not applied.")
        const = schema.get("const")
        if "const" in schema and (isinstance(const, dict | list) or ("type" in schema and not _fits(const, schema))):
            # The model generator types a constant as a literal: a list or object cannot be one.
            text = json.dumps(schema.pop("const"), ensure_ascii=False)
            _note(schema, f"The constant {text[:80]} is not checked by this model.")


def _mark_nullable(spec: dict[str, Any]) -> None:
    """Every property whose schema lets it be null carries NULLABLE: the models refuse an explicit null
    anywhere else (an absent optional field still reads as None)."""
    for schema in _schemas(spec["components"]["schemas"]):
        properties = schema.get("properties")
        for prop in properties.values() if isinstance(properties, dict) else ():
            if isinstance(prop, dict) and (allows_null(prop) or not any(key in prop for key in _TYPED_BY)):
                prop[NULLABLE] = True  # a schema naming no type (a field only examples printing null show) admits null


# What narrows a schema's values by their type; a property schema with none of these admits any value, null too.
_TYPED_BY = ("type", "$ref", "const", "enum", "anyOf", "oneOf", "allOf", "not")



def _received(spec: dict[str, Any]) -> set[str]:
    """The component schemas a response body reaches: what the server sends."""
    pending: list[Any] = [op.get("responses") for item in (spec.get("paths") or {}).values()
                          if isinstance(item, dict) for op in item.values() if isinstance(op, dict)]
    schemas, seen, named = spec["components"]["schemas"], set(), set()
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict) and id(node) not in seen:
            seen.add(id(node))
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(SCHEMAS) and ref[len(SCHEMAS):] not in named:
                named.add(ref[len(SCHEMAS):])
                pending.append(schemas.get(ref[len(SCHEMAS):]))
            elif isinstance(ref, str):
                pending.append(resolve(spec, ref))  # a shared response (components/responses)
            pending.extend(v for k, v in node.items() if k not in ("examples", "example"))
    return named


def _open_enums(spec: dict[str, Any], received: set[str]) -> None:
    """In what the server sends, an enumeration of strings or numbers becomes "one of these, or another of
    the type": a response holding a value the spec does not list (a state the vendor added) still parses,
    kept as sent, and the model's unknown_values() names it. The spec keeps its closed enum, so `apigen
    validate` reports the value; a schema only requests use keeps it closed (what the caller sends is checked)."""
    sent = {name: schema for name, schema in spec["components"]["schemas"].items() if name in received}
    for schema in [s for s in _schemas(sent) if _openable(s)]:
        values = schema.pop("enum")
        kinds = schema.pop("type", None)
        listed = [kinds] if isinstance(kinds, str) else list(kinds) if isinstance(kinds, list) else []
        base = [k for k in listed if k != "null"] or sorted({_json_type(v) for v in values if v is not None})
        members: list[dict[str, Any]] = [{"type": kind, "enum": [v for v in values if _json_type(v) == kind]}
                                         for kind in base]
        members += [{"type": kind} for kind in base]
        if "null" in listed or None in values:
            members.append({"type": "null"})
        schema["anyOf"] = members


def _openable(schema: dict[str, Any]) -> bool:
    values = schema.get("enum")
    return (isinstance(values, list) and bool(values) and "anyOf" not in schema
            and all(v is None or _json_type(v) in ("string", "integer", "number") for v in values))


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return "number" if isinstance(value, float) else "string" if isinstance(value, str) else "other"


def _note(schema: dict[str, Any], note: str) -> None:
    schema["description"] = f"{schema['description']} {note}" if schema.get("description") else note


def _schemas(schemas: dict[str, Any]) -> list[dict[str, Any]]:
    """Every schema inside the component schemas (not the maps of properties, nor examples)."""
    found: list[dict[str, Any]] = []
    pending: list[Any] = list(schemas.values())
    while pending:
        node = pending.pop()
        if not isinstance(node, dict):
            continue
        found.append(node)
        for key in ("items", "additionalProperties", "not"):
            pending.append(node.get(key))
        for key in ("properties", "patternProperties", "allOf", "anyOf", "oneOf", "prefixItems"):
            members = node.get(key)
            pending.extend(members.values() if isinstance(members, dict) else
                           members if isinstance(members, list) else ())
    return found


def _fits(value: Any, schema: dict[str, Any]) -> bool:
    """Whether a default (or const) is of the schema's type and among its enum values: one that is not would
    be typed against its own field (`size: int = "x"`), which no type checker passes."""
    enum = schema.get("enum")
    if isinstance(enum, list) and value not in enum:
        return False
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else None
    if kinds is None:  # typed by an enum alone, or by a $ref or alternatives, which a JSON value never is
        return isinstance(enum, list)
    return any(_JSON_TYPES[kind](value) for kind in kinds if kind in _JSON_TYPES)


_JSON_TYPES = {
    "string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "array": lambda v: isinstance(v, list), "object": lambda v: isinstance(v, dict),
}


@functools.cache
def _compiles(pattern: str) -> bool:
    try:
        pydantic_core.SchemaValidator(pydantic_core.core_schema.str_schema(pattern=pattern))
    except pydantic_core.SchemaError:
        return False
    return True


def _plain_names(spec: dict[str, Any]) -> dict[str, str]:
    """Schema names the code generator would misread (a dot makes `a.b` a module `a` with a class `B`) ->
    a class name, unique among the others; every `$ref` to them in `spec` follows. The new name -> the old."""
    schemas: dict[str, Any] = spec["components"]["schemas"]
    odd = [name for name in schemas if not _PLAIN_NAME.fullmatch(name)]
    if not odd:
        return {}
    renamed = unique_names(odd, class_name, set(schemas) - set(odd), separator="")
    spec["components"]["schemas"] = {renamed.get(name, name): schema for name, schema in schemas.items()}
    pointers = {SCHEMAS + name.replace("~", "~0").replace("/", "~1"): SCHEMAS + new for name, new in renamed.items()}
    pending: list[Any] = [spec]
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str) and node["$ref"] in pointers:
                node["$ref"] = pointers[node["$ref"]]
            pending.extend(node.values())
        elif isinstance(node, list):
            pending.extend(node)
    return {new: old for old, new in renamed.items()}


def generate_models(doc: dict[str, Any], header: str, display: str = "the spec") -> Models:
    # Descriptions go into Field(description=...) (a repr'd string), never into raw docstrings:
    # doc text must not be able to end a string literal.
    if not doc.get("components", {}).get("schemas"):
        # a spec with no schema (every operation bodiless): a models module with nothing in it
        return Models(f"{header}\n\nfrom __future__ import annotations\n", {})
    spec = copy.deepcopy(doc)
    received = _received(spec)
    spec.pop("paths", None)
    _with_chinese(spec)
    _what_models_can_hold(spec)
    _mark_nullable(spec)
    _open_enums(spec, received)
    original = _plain_names(spec)
    with tempfile.TemporaryDirectory(prefix="apigen-models-") as folder:
        metadata = Path(folder) / "models.json"
        try:
            out = generate(
                spec,
                input_file_type=InputFileType.OpenAPI,
                output_model_type=DataModelType.PydanticV2BaseModel,
                target_python_version=PythonVersion.PY_311,
                openapi_scopes=[OpenAPIScope.Schemas],
                disable_timestamp=True,
                custom_file_header=header,
                aliases=field_aliases(doc),
                allow_population_by_field_name=True,
                extra_fields="allow",
                enum_field_as_literal=LiteralType.All,
                use_standard_collections=True,
                use_union_operator=True,
                use_double_quotes=True,
                strict_nullable=True,
                use_schema_description=False,
                use_field_description=False,
                field_constraints=True,
                formatters=[],
                field_extra_keys={NULLABLE},
                base_class="apigen_model_base.ApiModel",
                emit_model_metadata=metadata,
            )
        except (datamodel_code_generator.Error, RecursionError) as err:
            raise CodegenError(display, "components/schemas", "the model generator cannot read these schemas: "
                               + " ".join(str(err).split())[:300]) from err
        models = json.loads(metadata.read_text(encoding="utf-8"))["models"]
    if not isinstance(out, str):
        raise CodegenError(display, "components/schemas", "the model generator split the models into modules")
    out = out.replace(_BASE_IMPORT, "from ._base import ApiModel", 1)
    classes = {}
    for model in models:
        ref = model["source_ref"]
        if ref.startswith(SCHEMAS) and "/" not in ref[len(SCHEMAS):]:
            name = ref[len(SCHEMAS):]
            classes[original.get(name, name)] = model["class_name"]
    _check_fields(models, display)
    return Models(out, classes)


def _check_fields(models: list[dict[str, Any]], display: str) -> None:
    """Every model's field names are its own: names.py made them so; if the generator ever merged two,
    the package is refused rather than written with one field hiding another."""
    for model in models:
        names = [field["name"] for field in model["fields"]]
        if len(set(names)) != len(names):
            twice = sorted({n for n in names if names.count(n) > 1})
            raise CodegenError(display, model["source_ref"].lstrip("#/"),
                               f"two properties of {model['class_name']} became field {twice[0]!r}")


def model_source(doc: dict[str, Any], header: str) -> str:
    return generate_models(doc, header).source
