"""What changed between two OpenAPI documents, as neutral facts: no change here is good or bad, that is
rules.py's job.

Each operation pair is walked from its parameters, request body and responses down through every
schema they reach, following `$ref`s on both sides at once, so a schema is compared where it is used and
in the direction it is used in: a property of a request body is `request`, of a response `response`.
A schema pair met twice in one operation is compared once. Extensions (`x-…`: provenance, conflicts)
are not the API and are not compared, except the Chinese descriptions apigen keeps in
`x-apigen-description-zh`, which are documentation like `description`. An enum beside a plain sibling of its
type (`anyOf: [{enum: …}, {type: string}]`, the way a spec says "one of these, or another") is open: the sibling
is the type compared, and the enum's values a list of known ones whose changes are the `open-enum-*` kinds."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.diff import DiffError
from generator.diff.mapping import DiffMapping, OperationKey
from generator.diff.match import Matched, OperationPair, match_operations, match_schemas, schema_name

Direction = Literal["request", "response", "none"]
Node = dict[str, Any]

# Every kind of change, with the directions it comes in. rules.py judges each (kind, direction) once.
BOTH: tuple[Direction, ...] = ("request", "response")
CHANGE_KINDS: dict[str, tuple[Direction, ...]] = {
    "operation-removed": ("none",),
    "operation-added": ("none",),
    "operation-mapped": ("none",),
    "operation-id-changed": ("none",),
    "path-parameter-renamed": ("request",),
    "security-became-required": ("request",),
    "security-became-optional": ("request",),
    "security-changed": ("request",),
    "parameter-removed": ("request",),
    "required-parameter-added": ("request",),
    "optional-parameter-added": ("request",),
    "parameter-became-required": ("request",),
    "parameter-became-optional": ("request",),
    "body-removed": BOTH,
    "body-added": BOTH,
    "success-status-removed": ("response",),
    "error-status-removed": ("response",),
    "status-added": ("response",),
    "property-removed": BOTH,
    "required-property-added": BOTH,
    "optional-property-added": BOTH,
    "property-mapped": BOTH,
    "property-became-required": BOTH,
    "property-became-optional": BOTH,
    "became-nullable": BOTH,
    "became-non-nullable": BOTH,
    "type-changed": BOTH,
    "type-widened": BOTH,
    "type-narrowed": BOTH,
    "format-changed": BOTH,
    "enum-value-removed": BOTH,
    "enum-value-added": BOTH,
    # an open enum (anyOf an enum and a plain sibling of its type): its values are known ones, not all
    "open-enum-value-removed": ("none",),
    "open-enum-value-added": ("none",),
    "open-enum-listed": ("none",),
    "open-enum-unlisted": ("none",),
    "constraint-tightened": BOTH,
    "constraint-loosened": BOTH,
    "default-changed": BOTH,
    "description-changed": ("none",),
    "example-value-changed": ("none",),
    "example-type-changed": ("none",),
    "example-rewritten": ("none",),
    "schema-renamed": ("none",),
    "schema-removed": ("none",),
    "schema-added": ("none",),
}

ABSENT = "(none)"
_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_ENUM_SHOWN = 4  # values of a whole enum a message spells out
_EXAMPLE_DETAIL = 10  # more changed values than this in one example: it was rewritten, say so once
_CONSTRAINTS = (*_LOWER_BOUNDS, *_UPPER_BOUNDS, "pattern", "multipleOf", "uniqueItems", "format")
_DESCRIPTIONS = (("summary", "summary"), ("description", "description"),
                 ("x-apigen-summary-zh", "summary (zh)"), ("x-apigen-description-zh", "description (zh)"))


@dataclass(frozen=True)
class Change:
    """One fact: what changed (`kind`), in which direction of travel, in which operation ("" for the
    components), where (a readable place: `response 200 backup.status`), the old and new values as text
    (whole: a message shortens them) and a note. The pointers are JSON pointers into the old and new
    documents ("" on the side where the thing is absent)."""

    kind: str
    direction: Direction
    operation: str
    where: str
    old: str = ""
    new: str = ""
    old_pointer: str = ""
    new_pointer: str = ""
    detail: str = ""


def compute_changes(old: dict[str, Any], new: dict[str, Any], mapping: DiffMapping | None = None,
                    labels: tuple[str, str] = ("the old spec", "the new spec"),
                    notes: list[str] | None = None) -> list[Change]:
    """Every change from `old` to `new`; `labels` name the two sides in errors; `notes` gets a line for
    each part of the comparison that was bounded (and so left out)."""
    differ = _Differ(old, new, mapping or DiffMapping(), labels)
    changes = differ.run()
    if notes is not None:
        notes += differ.notes
    return changes


@dataclass(frozen=True)
class Shape:
    """The type of a value with the object details left out, for telling whether one type accepts
    every value of another: `integer`, `array of string`, `any`."""

    kind: str
    items: frozenset[Shape] = frozenset()

    def describe(self) -> str:
        if self.kind != "array":
            return self.kind
        inner = " | ".join(sorted(s.describe() for s in self.items)) if self.items else "any"
        return f"array of {inner}"


def accepts(wide: Shape, narrow: Shape) -> bool:
    if wide.kind == "any" or wide == narrow:
        return True
    if (wide.kind, narrow.kind) == ("number", "integer"):
        return True
    if wide.kind == narrow.kind == "array":
        return not wide.items or (bool(narrow.items) and all(any(accepts(w, n) for w in wide.items)
                                                             for n in narrow.items))
    return False


@dataclass
class _Walk:
    """One operation's walk: its label and the schema pairs already compared in it."""

    operation: str
    seen: set[tuple[str, str, Direction]] = field(default_factory=set)


@dataclass(frozen=True)
class Place:
    """Where a change is, as a reader says it: a section (`response 200`, `request body`, `query parameter
    limit`) and a path of property names below it (`backup.children[].id`)."""

    section: str
    path: str = ""

    def child(self, name: str) -> Place:
        return Place(self.section, f"{self.path}.{name}" if self.path else name)

    def items(self) -> Place:
        return Place(self.section, f"{self.path}[]")

    def __str__(self) -> str:
        if not self.path:
            return self.section
        return f"{self.section}{'' if self.path.startswith('[') else ' '}{self.path}"


@dataclass(frozen=True)
class _At:
    """A node of one side: the node with its `$ref`s followed, its pointer, and the schema it came from."""

    node: Node
    pointer: str
    schema: str | None = None


class _Differ:
    def __init__(self, old: dict[str, Any], new: dict[str, Any], mapping: DiffMapping,
                 labels: tuple[str, str]) -> None:
        self.old, self.new, self.mapping, self.labels = old, new, mapping, labels
        self.changes: list[Change] = []
        self.places: list[tuple[str, str]] = []
        self.notes: list[str] = []

    def run(self) -> list[Change]:
        matched = match_operations(self.old, self.new, self.mapping)
        if self.mapping.only_mapped:
            matched = Matched(tuple(p for p in matched.pairs if p.mapped), (), ())
        # Schemas only an added or removed operation uses are told by that operation's finding; with
        # only_mapped, schemas the compared operations do not use are none of the diff's business.
        used_old = _reachable(self.old, [self._op(self.old, p.old) for p in matched.pairs])
        used_new = _reachable(self.new, [self._op(self.new, p.new) for p in matched.pairs])
        if self.mapping.only_mapped:
            hidden = (set(_schemas(self.old)) - used_old, set(_schemas(self.new)) - used_new)
        else:
            hidden = (_reachable(self.old, [self._op(self.old, k) for k in matched.removed]) - used_old,
                      _reachable(self.new, [self._op(self.new, k) for k in matched.added]) - used_new)
        for key in matched.removed:
            self._add("operation-removed", "none", _label(key), _label(key),
                      old=self._op(self.old, key).get("operationId", ""), old_pointer=_op_pointer(key))
        for pair in matched.pairs:
            self._operation(pair)
        for key in matched.added:
            self._add("operation-added", "none", _label(key), _label(key),
                      new=self._op(self.new, key).get("operationId", ""), new_pointer=_op_pointer(key))
        self._components(hidden)
        return self.changes

    # --- operations --------------------------------------------------------------------------------

    def _op(self, doc: dict[str, Any], key: OperationKey) -> Node:
        op: Node = doc["paths"][key[1]][key[0].lower()]
        return op

    def _operation(self, pair: OperationPair) -> None:
        walk = _Walk(_label(pair.new))
        old = _At(self._op(self.old, pair.old), _op_pointer(pair.old))
        new = _At(self._op(self.new, pair.new), _op_pointer(pair.new))
        pointers = {"old_pointer": old.pointer, "new_pointer": new.pointer}
        if pair.mapped:
            self._add("operation-mapped", "none", walk.operation, walk.operation, old=_label(pair.old),
                      new=walk.operation, **pointers)
        if old.node.get("operationId") != new.node.get("operationId"):
            self._add("operation-id-changed", "none", walk.operation, "operationId",
                      old=_doc_text(old.node.get("operationId")), new=_doc_text(new.node.get("operationId")),
                      **pointers)
        self._descriptions(walk, Place(""), old, new)
        self._security(walk, old, new)
        self._parameters(walk, pair)
        old_body, new_body = old.node.get("requestBody"), new.node.get("requestBody")
        self._body(walk, "request", Place("request body"),
                   self._deref(self.old, old_body, old.pointer + "/requestBody") if old_body else None,
                   self._deref(self.new, new_body, new.pointer + "/requestBody") if new_body else None)
        self._responses(walk, old, new)

    def _security(self, walk: _Walk, old: _At, new: _At) -> None:
        old_req = old.node.get("security", self.old.get("security", []))
        new_req = new.node.get("security", self.new.get("security", []))
        old_names = sorted({n for r in old_req for n in r})
        new_names = sorted({n for r in new_req for n in r})
        old_optional = not old_req or {} in old_req
        new_optional = not new_req or {} in new_req
        pointers = {"old_pointer": old.pointer + "/security", "new_pointer": new.pointer + "/security"}
        if old_names != new_names and old_names and new_names:
            self._add("security-changed", "request", walk.operation, "security",
                      old=", ".join(old_names), new=", ".join(new_names), **pointers)
        if old_optional and not new_optional:
            self._add("security-became-required", "request", walk.operation, "security",
                      old="optional", new=", ".join(new_names), **pointers)
        elif new_optional and not old_optional:
            self._add("security-became-optional", "request", walk.operation, "security",
                      old=", ".join(old_names), new="optional", **pointers)

    def _parameters(self, walk: _Walk, pair: OperationPair) -> None:
        old = self._parameter_list(self.old, pair.old)
        new = self._parameter_list(self.new, pair.new)
        for (location, name), old_at in old.items():
            new_name = pair.parameters.get(name, name)
            new_at = new.pop((location, new_name), None)
            if new_at is None:
                self._add("parameter-removed", "request", walk.operation, f"{location} parameter {name}",
                          old_pointer=old_at.pointer)
                continue
            place = Place(f"{location} parameter {new_name}")
            pointers = {"old_pointer": old_at.pointer, "new_pointer": new_at.pointer}
            if new_name != name:
                kind = "path-parameter-renamed" if location == "path" else "property-mapped"
                self._add(kind, "request", walk.operation, str(place), old=name, new=new_name, **pointers)
            old_required = bool(old_at.node.get("required")) or location == "path"
            new_required = bool(new_at.node.get("required")) or location == "path"
            if old_required != new_required:
                kind = "parameter-became-required" if new_required else "parameter-became-optional"
                self._add(kind, "request", walk.operation, str(place), **pointers)
            self._descriptions(walk, place, old_at, new_at)
            if "schema" in old_at.node or "schema" in new_at.node:
                self._schema(walk, "request", place,
                             self._deref(self.old, old_at.node.get("schema", {}), old_at.pointer + "/schema"),
                             self._deref(self.new, new_at.node.get("schema", {}), new_at.pointer + "/schema"))
        for (location, name), new_at in new.items():
            kind = "required-parameter-added" if new_at.node.get("required") else "optional-parameter-added"
            self._add(kind, "request", walk.operation, f"{location} parameter {name}", new_pointer=new_at.pointer)

    def _parameter_list(self, doc: dict[str, Any], key: OperationKey) -> dict[tuple[str, str], _At]:
        """The operation's parameters by (location, name): the path item's, overridden by the operation's."""
        item = doc["paths"][key[1]]
        found: dict[tuple[str, str], _At] = {}
        for base, params in ((_path_pointer(key[1]), item.get("parameters", [])),
                             (_op_pointer(key), item[key[0].lower()].get("parameters", []))):
            for index, param in enumerate(params):
                at = self._deref(doc, param, f"{base}/parameters/{index}")
                found[(str(at.node.get("in", "")), str(at.node.get("name", "")))] = at
        return found

    def _responses(self, walk: _Walk, old: _At, new: _At) -> None:
        old_responses: Node = old.node.get("responses", {})
        new_responses: Node = new.node.get("responses", {})
        for status in sorted(set(old_responses) | set(new_responses), key=str):
            code = str(status)
            place = Place(f"response {code}")
            old_ptr = f"{old.pointer}/responses/{_escape(code)}"
            new_ptr = f"{new.pointer}/responses/{_escape(code)}"
            if status not in new_responses:
                kind = "success-status-removed" if code.startswith("2") else "error-status-removed"
                self._add(kind, "response", walk.operation, str(place), old_pointer=old_ptr)
            elif status not in old_responses:
                self._add("status-added", "response", walk.operation, str(place), new_pointer=new_ptr)
            else:
                old_at = self._deref(self.old, old_responses[status], old_ptr)
                new_at = self._deref(self.new, new_responses[status], new_ptr)
                self._descriptions(walk, place, old_at, new_at)
                self._body(walk, "response", place, old_at, new_at)

    def _body(self, walk: _Walk, direction: Direction, place: Place, old: _At | None, new: _At | None) -> None:
        old_content: Node = old.node.get("content", {}) if old else {}
        new_content: Node = new.node.get("content", {}) if new else {}
        if old and not new_content and old_content:
            self._add("body-removed", direction, walk.operation, str(place), old_pointer=old.pointer)
            return
        if new and not old_content and new_content:
            self._add("body-added", direction, walk.operation, str(place), new_pointer=new.pointer)
            return
        if old is None or new is None:
            return
        if direction == "request":
            self._descriptions(walk, place, old, new)  # a response's own were compared with its status
        for media in sorted(set(old_content) | set(new_content)):
            at = place if len(old_content) == len(new_content) == 1 else Place(f"{place.section} ({media})")
            old_ptr = f"{old.pointer}/content/{_escape(media)}"
            new_ptr = f"{new.pointer}/content/{_escape(media)}"
            if media not in new_content:
                self._add("body-removed", direction, walk.operation, str(at), old_pointer=old_ptr)
            elif media not in old_content:
                self._add("body-added", direction, walk.operation, str(at), new_pointer=new_ptr)
            else:
                old_media, new_media = old_content[media], new_content[media]
                if "schema" in old_media or "schema" in new_media:
                    self._schema(walk, direction, at,
                                 self._deref(self.old, old_media.get("schema", {}), old_ptr + "/schema"),
                                 self._deref(self.new, new_media.get("schema", {}), new_ptr + "/schema"))
                old_schema = self._deref(self.old, old_media["schema"], old_ptr + "/schema") \
                    if self.mapping.properties and "schema" in old_media else None
                self._examples(walk, at, _At(old_media.get("examples", {}), old_ptr + "/examples"),
                               _At(new_media.get("examples", {}), new_ptr + "/examples"), old_schema)

    # --- schemas -----------------------------------------------------------------------------------

    def _schema(self, walk: _Walk, direction: Direction, place: Place, old: _At, new: _At) -> None:
        """Two schemas met at the same place, their `$ref`s already followed."""
        self._descriptions(walk, place, old, new)
        old_alts, old_null = self._alternatives(self.old, old)
        new_alts, new_null = self._alternatives(self.new, new)
        pointers = {"old_pointer": old.pointer, "new_pointer": new.pointer}
        if old_null != new_null:
            self._add("became-nullable" if new_null else "became-non-nullable", direction, walk.operation,
                      str(place), **pointers)
        self._open_enum(walk, place, self._open_values(self.old, old), self._open_values(self.new, new), pointers)
        old_shapes = [self._shape(self.old, a) for a in old_alts]
        new_shapes = [self._shape(self.new, a) for a in new_alts]
        if set(old_shapes) != set(new_shapes):
            wider = all(any(accepts(n, o) for n in new_shapes) for o in old_shapes)
            narrower = all(any(accepts(o, n) for o in old_shapes) for n in new_shapes)
            kind = "type-changed" if wider == narrower else "type-widened" if wider else "type-narrowed"
            self._add(kind, direction, walk.operation, str(place), old=_describe(old_shapes),
                      new=_describe(new_shapes), **pointers)
        # The alternatives both sides share are compared further, each with its own kind.
        unused = list(zip(new_alts, new_shapes, strict=True))
        for old_alt, shape in zip(old_alts, old_shapes, strict=True):
            partner = next((i for i, (_, s) in enumerate(unused) if s == shape), None)
            if partner is not None:
                self._same_type(walk, direction, place, old_alt, unused.pop(partner)[0], shape)

    def _same_type(self, walk: _Walk, direction: Direction, place: Place, old: _At, new: _At, shape: Shape) -> None:
        if old.schema is not None and new.schema is not None:
            self.places.append((old.schema, new.schema))
        # By pointer, not name: a schema that reaches itself through any `$ref` is compared once.
        key = (old.pointer, new.pointer, direction)
        if key in walk.seen:
            return
        walk.seen.add(key)
        o, n = old.node, new.node
        pointers = {"old_pointer": old.pointer, "new_pointer": new.pointer}
        if o.get("format") and n.get("format") and o["format"] != n["format"]:
            self._add("format-changed", direction, walk.operation, str(place), old=_doc_text(o["format"]),
                      new=_doc_text(n["format"]), **pointers)
        self._enum(walk, direction, place, o, n, pointers)
        self._constraints(walk, direction, place, o, n, pointers)
        old_default = _text(o["default"]) if "default" in o else ABSENT
        new_default = _text(n["default"]) if "default" in n else ABSENT
        if old_default != new_default:
            self._add("default-changed", direction, walk.operation, str(place), old=old_default, new=new_default,
                      **pointers)
        if shape.kind == "object":
            self._properties(walk, direction, place, old, new)
        elif shape.kind == "array" and ("items" in o or "items" in n):
            self._schema(walk, direction, place.items(),
                         self._deref(self.old, o.get("items", {}), old.pointer + "/items"),
                         self._deref(self.new, n.get("items", {}), new.pointer + "/items"))

    def _enum(self, walk: _Walk, direction: Direction, place: Place, o: Node, n: Node,
              pointers: dict[str, str]) -> None:
        old_enum = [v for v in o["enum"] if v is not None] if isinstance(o.get("enum"), list) else None
        new_enum = [v for v in n["enum"] if v is not None] if isinstance(n.get("enum"), list) else None
        if old_enum is None and new_enum is None:
            return
        if old_enum is None or new_enum is None:
            # A list of values appearing or going is a constraint on the whole field.
            kind = "constraint-tightened" if new_enum is not None else "constraint-loosened"
            self._add(kind, direction, walk.operation, str(place), old=_constraint("enum", old_enum),
                      new=_constraint("enum", new_enum), **pointers)
            return
        old_values = [_text(v) for v in old_enum]
        new_values = [_text(v) for v in new_enum]
        for text in old_values:
            if text not in new_values:
                self._add("enum-value-removed", direction, walk.operation, str(place), old=text, **pointers)
        for text in new_values:
            if text not in old_values:
                self._add("enum-value-added", direction, walk.operation, str(place), new=text, **pointers)

    def _open_values(self, doc: dict[str, Any], at: _At) -> list[Any] | None:
        """The values an open enum lists (`anyOf` of an enum and a plain sibling of its type, the way the
        spec says "one of these, or another"), or None when the schema is no open enum."""
        for keyword in ("anyOf", "oneOf"):
            if not isinstance(at.node.get(keyword), list):
                continue
            members = [self._deref(doc, m, f"{at.pointer}/{keyword}/{i}").node for i, m in enumerate(at.node[keyword])]
            plain = {m.get("type") for m in members if "enum" not in m and isinstance(m.get("type"), str)}
            listing = [m for m in members if isinstance(m.get("enum"), list) and m.get("type") in plain]
            if listing:
                return [v for m in listing for v in m["enum"] if v is not None]
        return None

    def _open_enum(self, walk: _Walk, place: Place, old: list[Any] | None, new: list[Any] | None,
                   pointers: dict[str, str]) -> None:
        """An open enum's values changing: any value was allowed before and is after; only the list of known
        ones changed (the plain sibling itself is compared as a type)."""
        if old is None and new is None:
            return
        if old is None or new is None:
            kind = "open-enum-listed" if old is None else "open-enum-unlisted"
            self._add(kind, "none", walk.operation, str(place), old=_constraint("enum", old),
                      new=_constraint("enum", new), **pointers)
            return
        # one change per place for each way (an appendix of codes gains or loses dozens at once)
        old_values, new_values = [_text(v) for v in old], [_text(v) for v in new]
        removed = [text for text in old_values if text not in new_values]
        added = [text for text in new_values if text not in old_values]
        if removed:
            self._add("open-enum-value-removed", "none", walk.operation, str(place), old=", ".join(removed),
                      detail=str(len(removed)), **pointers)
        if added:
            self._add("open-enum-value-added", "none", walk.operation, str(place), new=", ".join(added),
                      detail=str(len(added)), **pointers)

    def _constraints(self, walk: _Walk, direction: Direction, place: Place, o: Node, n: Node,
                     pointers: dict[str, str]) -> None:
        for key in _CONSTRAINTS:
            before = o.get(key) if key != "uniqueItems" else o.get(key) or None
            after = n.get(key) if key != "uniqueItems" else n.get(key) or None
            if before == after or (key == "format" and before and after):  # a format swap is format-changed
                continue
            if before is None or after is None:
                tighter = before is None
            elif key in _LOWER_BOUNDS:
                tighter = _number(after) > _number(before)
            elif key in _UPPER_BOUNDS:
                tighter = _number(after) < _number(before)
            else:
                tighter = True  # another pattern or multipleOf: values the old one allowed may now fail
            self._add("constraint-tightened" if tighter else "constraint-loosened", direction, walk.operation,
                      str(place), old=_constraint(key, before), new=_constraint(key, after), **pointers)

    def _properties(self, walk: _Walk, direction: Direction, place: Place, old: _At, new: _At) -> None:
        old_props: Node = old.node.get("properties", {})
        new_props: Node = new.node.get("properties", {})
        old_required = set(old.node.get("required", []))
        new_required = set(new.node.get("required", []))
        renames = self.mapping.properties.get(old.schema or "", {})
        left = dict.fromkeys(new_props)
        for name, old_prop in old_props.items():
            new_name = renames.get(name, name)
            old_ptr = f"{old.pointer}/properties/{_escape(name)}"
            if new_name not in left:
                self._add("property-removed", direction, walk.operation, str(place.child(name)), old_pointer=old_ptr)
                continue
            del left[new_name]
            child = place.child(new_name)
            new_ptr = f"{new.pointer}/properties/{_escape(new_name)}"
            pointers = {"old_pointer": old_ptr, "new_pointer": new_ptr}
            if new_name != name:
                self._add("property-mapped", direction, walk.operation, str(child), old=name, new=new_name,
                          **pointers)
            if (name in old_required) != (new_name in new_required):
                kind = "property-became-required" if new_name in new_required else "property-became-optional"
                self._add(kind, direction, walk.operation, str(child), **pointers)
            self._schema(walk, direction, child, self._deref(self.old, old_prop, old_ptr),
                         self._deref(self.new, new_props[new_name], new_ptr))
        for name in left:
            kind = "required-property-added" if name in new_required else "optional-property-added"
            self._add(kind, direction, walk.operation, str(place.child(name)),
                      new_pointer=f"{new.pointer}/properties/{_escape(name)}")

    def _alternatives(self, doc: dict[str, Any], at: _At, inside: frozenset[str] = frozenset(),
                      ) -> tuple[list[_At], bool]:
        """The non-null types a schema allows (anyOf/oneOf members, the members of a type list), each
        with its `$ref` followed, and whether it allows null. `inside`: the schemas being expanded, so a
        schema that is one of its own members adds nothing more."""
        node = at.node
        for keyword in ("anyOf", "oneOf"):
            if isinstance(node.get(keyword), list):
                if at.pointer in inside:
                    return [], False
                alternatives: list[_At] = []
                nullable = False
                for index, member in enumerate(node[keyword]):
                    found, null = self._alternatives(doc, self._deref(doc, member, f"{at.pointer}/{keyword}/{index}"),
                                                     inside | {at.pointer})
                    alternatives += found
                    nullable = nullable or null
                # an open enum's listing is no alternative of its own: its plain sibling is the type
                plain = {a.node.get("type") for a in alternatives if "enum" not in a.node}
                return [a for a in alternatives if "enum" not in a.node or a.node.get("type") not in plain], nullable
        kind = node.get("type")
        if isinstance(kind, list):
            return [_At({**node, "type": k}, at.pointer, at.schema) for k in kind if k != "null"], "null" in kind
        if kind == "null":
            return [], True
        return [at], False

    def _shape(self, doc: dict[str, Any], at: _At, inside: frozenset[str] = frozenset()) -> Shape:
        """`inside`: the array schemas whose items are being described; an array of itself (`items` naming
        the schema it is in) is described as an array of any, once."""
        node = at.node
        kind = node["type"] if isinstance(node.get("type"), str) else \
            "object" if "properties" in node else "array" if "items" in node else "any"
        if kind != "array" or "items" not in node or at.pointer in inside:
            return Shape(str(kind))
        alternatives, _ = self._alternatives(doc, self._deref(doc, node["items"], at.pointer + "/items"))
        return Shape("array", frozenset(self._shape(doc, a, inside | {at.pointer}) for a in alternatives))

    def _deref(self, doc: dict[str, Any], node: Any, pointer: str) -> _At:
        """Follow local `$ref`s to the node they name; keywords beside a `$ref` (a property's own
        description) win over the target's."""
        schema: str | None = None
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
            ref = node["$ref"]
            seen.add(ref)
            target = _resolve_pointer(doc, ref)
            if not isinstance(target, dict):
                label = self.labels[0] if doc is self.old else self.labels[1]
                raise DiffError(label, pointer, f"$ref {ref!r} points at nothing in this document")
            schema = schema_name(ref) or schema
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
            pointer = ref
        return _At(node if isinstance(node, dict) else {}, pointer, schema)

    # --- documentation -----------------------------------------------------------------------------

    def _descriptions(self, walk: _Walk, place: Place, old: _At, new: _At) -> None:
        for key, label in _DESCRIPTIONS:
            before, after = old.node.get(key), new.node.get(key)
            # Chinese text that only one side keeps aside is a change of sources, not of the API.
            if key.startswith("x-") and (before is None or after is None):
                continue
            if before != after:
                self._add("description-changed", "none", walk.operation, f"{place} {label}".strip(),
                          old=_doc_text(before), new=_doc_text(after), old_pointer=old.pointer,
                          new_pointer=new.pointer)

    def _examples(self, walk: _Walk, place: Place, old: _At, new: _At, schema: _At | None) -> None:
        """Examples pair by name, the rest in order: apigen names them after source lines, which move. The
        old example's keys are renamed as the mapping renames the properties of `schema` (the old body's)."""
        pairs = [(name, name) for name in old.node if name in new.node]
        pairs += zip([n for n in old.node if n not in new.node], [n for n in new.node if n not in old.node],
                     strict=False)
        for index, (o, n) in enumerate(pairs):
            section = f"{place.section} example" + (f" {index + 1}" if len(pairs) > 1 else "")
            pointers = {"old_pointer": f"{old.pointer}/{_escape(o)}/value",
                        "new_pointer": f"{new.pointer}/{_escape(n)}/value"}
            before = self._renamed(_value(old.node[o]), schema) if schema else _value(old.node[o])
            leaves = _leaf_changes(before, _value(new.node[n]), "")
            retyped = [(path, was, now) for path, was, now in leaves
                       if was is not _MISSING and now is not _MISSING and _json_kind(was) != _json_kind(now)]
            for path, was, now in retyped:
                self._add("example-type-changed", "none", walk.operation, str(Place(section, path)),
                          old=_example_text(was), new=_example_text(now), **pointers)
            values = [leaf for leaf in leaves if leaf not in retyped]
            if len(values) > _EXAMPLE_DETAIL:
                # A rewritten example: one finding says so, rather than one per value.
                self._add("example-rewritten", "none", walk.operation, section,
                          detail=f"{len(values)} values differ", **pointers)
                continue
            for path, was, now in values:
                self._add("example-value-changed", "none", walk.operation, str(Place(section, path)),
                          old=_example_text(was), new=_example_text(now), **pointers)

    def _renamed(self, value: Any, schema: _At) -> Any:
        """An old example with its keys renamed as the mapping renames the properties of its schema."""
        alternatives, _ = self._alternatives(self.old, schema)
        if isinstance(value, dict):
            at = next((a for a in alternatives if self._shape(self.old, a).kind == "object"), None)
            if at is None:
                return value
            props: Node = at.node.get("properties", {})
            renames = self.mapping.properties.get(at.schema or "", {})
            return {renames.get(k, k): self._renamed(v, self._deref(self.old, props[k], f"{at.pointer}/properties"))
                    if k in props else v for k, v in value.items()}
        if isinstance(value, list):
            at = next((a for a in alternatives if "items" in a.node), None)
            if at is None:
                return value
            items = self._deref(self.old, at.node["items"], f"{at.pointer}/items")
            return [self._renamed(v, items) for v in value]
        return value

    # --- components --------------------------------------------------------------------------------

    def _components(self, hidden: tuple[set[str], set[str]]) -> None:
        pairs, removed, added = match_schemas(self.old, self.new, self.mapping, self.places, self.notes)
        pairs = [p for p in pairs if p.old not in hidden[0] or p.new not in hidden[1]]
        removed = [name for name in removed if name not in hidden[0]]
        added = [name for name in added if name not in hidden[1]]
        for pair in pairs:
            if pair.old != pair.new:
                self._add("schema-renamed", "none", "", f"schema {pair.new}", old=pair.old, new=pair.new,
                          detail=f"matched by {pair.evidence}", old_pointer=_schema_pointer(pair.old),
                          new_pointer=_schema_pointer(pair.new))
        for name in removed:
            self._add("schema-removed", "none", "", f"schema {name}", old_pointer=_schema_pointer(name))
        for name in added:
            self._add("schema-added", "none", "", f"schema {name}", new_pointer=_schema_pointer(name))

    def _add(self, kind: str, direction: Direction, operation: str, where: str, **values: str) -> None:
        self.changes.append(Change(kind, direction, operation, where, **values))


# --- helpers ---------------------------------------------------------------------------------------


class _Missing:
    def __repr__(self) -> str:
        return ABSENT


_MISSING: Any = _Missing()


def _leaf_changes(old: Any, new: Any, path: str) -> list[tuple[str, Any, Any]]:
    """Every place two JSON values differ, as (path, old, new); `_MISSING` where one side has nothing.
    `0` and `"0"`, `1` and `true` differ."""
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in dict.fromkeys([*old, *new]):
            child = f"{path}.{key}" if path else str(key)
            found += _leaf_changes(old.get(key, _MISSING), new.get(key, _MISSING), child)
        return found
    if isinstance(old, list) and isinstance(new, list):
        found = []
        for index in range(max(len(old), len(new))):
            found += _leaf_changes(old[index] if index < len(old) else _MISSING,
                                   new[index] if index < len(new) else _MISSING, f"{path}[{index}]")
        return found
    if old is _MISSING and new is _MISSING:
        return []
    if old is not _MISSING and new is not _MISSING and _json_kind(old) == _json_kind(new) and old == new:
        return []
    return [(path, old, new)]


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return type(value).__name__


def _value(example: Any) -> Any:
    return example.get("value") if isinstance(example, dict) else None


def _doc_text(value: Any) -> str:
    return ABSENT if value is None else value if isinstance(value, str) else _text(value)


def _example_text(value: Any) -> str:
    return "(absent)" if value is _MISSING else _text(value)


def _text(value: Any) -> str:
    """A value as short, stable JSON text: `"0"` and `0` stay apart."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _constraint(key: str, value: Any) -> str:
    if value is None:
        return f"no {key}"
    if key == "enum":
        shown = [_text(v) for v in value[:_ENUM_SHOWN]]
        more = f", … {len(value)} values" if len(value) > _ENUM_SHOWN else ""
        return "enum [" + ", ".join(shown) + more + "]"
    return f"{key} {_text(value)}"


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _describe(shapes: list[Shape]) -> str:
    return " | ".join(dict.fromkeys(s.describe() for s in shapes)) if shapes else "null"


def _label(key: OperationKey) -> str:
    return f"{key[0]} {key[1]}"


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _path_pointer(path: str) -> str:
    return f"#/paths/{_escape(path)}"


def _schema_pointer(name: str) -> str:
    return f"#/components/schemas/{_escape(name)}"


def _op_pointer(key: OperationKey) -> str:
    return f"{_path_pointer(key[1])}/{key[0].lower()}"


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = doc.get("components", {}).get("schemas", {})
    return schemas


def _reachable(doc: dict[str, Any], nodes: list[Any]) -> set[str]:
    """The component schemas these nodes refer to, directly or through other schemas."""
    found: set[str] = set()
    todo = list(nodes)
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo += node
        elif isinstance(node, dict):
            name = schema_name(node["$ref"]) if isinstance(node.get("$ref"), str) else None
            if name is not None and name not in found:
                found.add(name)
                todo.append(_resolve_pointer(doc, node["$ref"]))
            todo += [v for k, v in node.items() if k != "$ref"]
    return found


def _resolve_pointer(doc: dict[str, Any], ref: str) -> Any:
    if not ref.startswith("#/"):
        return None
    node: Any = doc
    for token in ref[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node
