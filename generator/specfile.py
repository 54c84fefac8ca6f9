"""Reading a spec apigen is given (`diff`, `generate`, `validate --spec`): the one way a spec comes in.

A spec is untrusted data, read as JSON data and nothing else: YAML tags that would build other things
(dates, sets, binary) are refused, an unquoted date stays the text it is, every mapping key is text (`200:`
is "200"), numbers are finite. What reading may cost is bounded before anything is built: the file's size,
how deeply it nests, and how many values it holds once YAML aliases are expanded (an alias bomb is a few
hundred bytes). The result is then checked against the shape of an OpenAPI document (specshape.py) with
its references kept inside it (refs.py). Every problem is one LoadError naming the file and the place."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import yaml

from generator.errors import LoadError
from generator.refs import require_local_refs
from generator.specshape import check_shape

MAX_SPEC_BYTES = 64 * 1024 * 1024  # the largest spec apigen reads; apigen's own are about 1 MB
MAX_DEPTH = 64  # mappings and lists inside each other; apigen's own specs reach 23
MAX_VALUES = 1_000_000  # values once YAML aliases are expanded; apigen's own specs hold at most 26,000

_BASE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_JSON_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}
_COLLECTION_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_COLLECTION_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def read_spec(path: Path, display: str | None = None) -> dict[str, Any]:
    """The spec at `path`, read, bounded and shape-checked; JSON when it is named .json, else YAML."""
    name = display or str(path)
    return load_spec_text(read_spec_text(path, name), name, is_json=path.suffix.lower() == ".json")


def read_spec_text(path: Path, display: str | None = None) -> str:
    name = display or str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_SPEC_BYTES + 1)
    except OSError as err:
        raise LoadError(name, "", f"cannot read: {err.strerror or err}") from err
    if len(data) > MAX_SPEC_BYTES:
        raise LoadError(name, "", f"larger than {MAX_SPEC_BYTES:,} bytes, the most a spec may be; not read")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise LoadError(name, "", f"not UTF-8 (byte {err.start})") from err


def load_spec_text(text: str, display: str, is_json: bool = False) -> dict[str, Any]:
    """A spec from its text: parsed within the bounds above, its references inside it, its shape checked."""
    if len(text) > MAX_SPEC_BYTES:
        raise LoadError(display, "", f"larger than {MAX_SPEC_BYTES:,} bytes, the most a spec may be")
    doc = parse_json(text, display) if is_json else parse_yaml(text, display)
    require_local_refs(doc, display)
    check_shape(doc, display)
    assert isinstance(doc, dict)  # check_shape says so
    return doc


def parse_json(text: str, display: str) -> Any:
    try:
        doc = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite)
    except RecursionError as err:
        raise LoadError(display, "", f"nested more than {MAX_DEPTH} levels deep; a spec is refused beyond that") \
            from err
    except json.JSONDecodeError as err:
        raise LoadError(display, str(err.lineno), f"not JSON: {err.msg}") from err
    except ValueError as err:  # a number JSON can hold but Python will not convert (over 4,300 digits)
        raise LoadError(display, "", f"not JSON apigen can read: {err}") from err
    _check_depth(doc, display)
    return doc


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400: JSON, but no number a validator or model can hold
        raise ValueError(f"{text[:40]} is beyond the numbers apigen can hold")
    return value


def parse_yaml(text: str, display: str) -> Any:
    """YAML as JSON data, after `_check_events` has bounded what building it costs."""
    try:
        _check_events(text, display)
        return yaml.load(text, Loader=_SpecLoader)  # noqa: S506 - a safe loader, narrowed further below
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        place = str(mark.line + 1) if mark is not None else ""
        raise LoadError(display, place, f"not YAML apigen can read: {err.problem or err.context}") from err
    except yaml.YAMLError as err:
        raise LoadError(display, "", f"not YAML apigen can read: {err}") from err


def _check_events(text: str, display: str) -> None:
    """Walks the YAML event stream (no values built) and refuses, naming the line: nesting deeper than
    MAX_DEPTH; more than MAX_VALUES values once every alias is expanded (each alias counts the values of
    what it repeats, so an alias bomb is refused at its first line past the cap); an alias of an anchor
    still open (a value that contains itself); and tags that build anything but JSON data."""
    depth = values = 0
    sizes: dict[str, int] = {}  # anchor -> values it holds, once complete
    opened: list[tuple[str | None, int]] = []  # collections open: (anchor, values counted before them)
    for event in yaml.parse(text, Loader=_BASE_LOADER):
        line = str(event.start_mark.line + 1) if event.start_mark is not None else ""
        if isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor or "")
            if size is None:
                raise LoadError(display, line, f"alias *{event.anchor} repeats a value that contains it, or that "
                                               "is not defined before it")
            values += size
        elif isinstance(event, yaml.ScalarEvent | yaml.MappingStartEvent | yaml.SequenceStartEvent):
            values += 1
            tag = event.tag
            if tag is not None and tag != "!" and tag not in _JSON_TAGS:
                raise LoadError(display, line, f"YAML tag {tag[:80]!r}: a spec holds JSON data only")
            if isinstance(event, yaml.ScalarEvent):
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            else:
                depth += 1
                if depth > MAX_DEPTH:
                    raise LoadError(display, line, f"nested more than {MAX_DEPTH} levels deep; a spec is refused "
                                                   "beyond that")
                opened.append((event.anchor, values - 1))
                if event.anchor is not None:
                    sizes.pop(event.anchor, None)  # redefined: not usable until complete again
        elif isinstance(event, _COLLECTION_END):
            depth -= 1
            anchor, before = opened.pop()
            if anchor is not None:
                sizes[anchor] = values - before
        if values > MAX_VALUES:
            raise LoadError(display, line, f"more than {MAX_VALUES:,} values once YAML aliases are expanded; a "
                                           "spec is refused beyond that")


def _check_depth(doc: Any, display: str) -> None:
    pending: list[tuple[Any, int]] = [(doc, 0)]
    while pending:
        node, depth = pending.pop()
        if isinstance(node, dict | list):
            if depth >= MAX_DEPTH:
                raise LoadError(display, "", f"nested more than {MAX_DEPTH} levels deep; a spec is refused beyond "
                                             "that")
            pending.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))


def _without_resolvers(resolvers: dict[Any, list[tuple[str, Any]]], tags: set[str]) -> dict[Any, list[Any]]:
    return {first: [(tag, regexp) for tag, regexp in found if tag not in tags] for first, found in resolvers.items()}


class _SpecLoader(_BASE_LOADER):  # type: ignore[valid-type, misc]
    """PyYAML's safe loader narrowed to JSON data: keys as the text written, no implicit dates (or `=`),
    whole numbers Python can hold, finite floats."""

    yaml_implicit_resolvers = _without_resolvers(
        _BASE_LOADER.yaml_implicit_resolvers, {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"})

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(None, None, "a mapping key must be text, not a "
                                                        "collection", key_node.start_mark)
            mapping[key_node.value] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        try:
            value: int = super().construct_yaml_int(node)
        except ValueError as err:  # over 4,300 digits
            raise yaml.constructor.ConstructorError(None, None, f"a number apigen cannot read: {err}",
                                                    node.start_mark) from err
        return value

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        value: float = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a JSON number",
                                                    node.start_mark)
        return value


_SpecLoader.add_constructor("tag:yaml.org,2002:map", _SpecLoader.construct_yaml_map)
_SpecLoader.add_constructor("tag:yaml.org,2002:int", _SpecLoader.construct_yaml_int)
_SpecLoader.add_constructor("tag:yaml.org,2002:float", _SpecLoader.construct_yaml_float)
