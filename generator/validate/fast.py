"""A fast path for valid bodies: the spec's schemas compiled to msgspec types, so a body that fits is
decoded and checked in one pass at about the speed of parsing it.

The fast path may only ever say "valid": every schema is compiled exactly or not at all, so a body msgspec
accepts is one JSON Schema 2020-12 accepts too. Where msgspec is stricter (1.0 for an integer) or a
keyword has no exact msgspec form (oneOf, pattern, allOf, unions of two arrays...), the body goes to the
full validator, which has the last word. tests/test_validate_engine.py holds the two to that."""

from __future__ import annotations

import itertools
import sys
import types
import typing
from typing import Any, Literal

import msgspec

# Keywords that only annotate: they never change whether an instance is valid (format is an annotation
# under 2020-12 unless a format assertion vocabulary is asked for; the validators here do not ask).
_ANNOTATIONS = frozenset({
    "title", "description", "default", "examples", "example", "deprecated", "readOnly", "writeOnly",
    "format", "$comment", "nullable", "discriminator", "xml", "externalDocs", "contentMediaType",
    "contentEncoding", "contentSchema", "$schema", "$id", "$anchor",
})
_NUMERIC_META = {"minimum": "ge", "maximum": "le", "exclusiveMinimum": "gt", "exclusiveMaximum": "lt",
                 "multipleOf": "multiple_of"}
_LENGTH_META = {"minLength": "min_length", "maxLength": "max_length"}
_ITEMS_META = {"minItems": "min_length", "maxItems": "max_length"}
_SCALARS: dict[str, Any] = {"string": str, "integer": int, "number": float, "boolean": bool, "null": type(None)}

_modules = itertools.count()
MAX_VARIANTS = 8


class Unsupported(Exception):
    """A schema with no exact msgspec form: its bodies take the full validator."""


class FastTypes:
    """msgspec types for one spec's component schemas. Structs live in a module of their own, so that
    schemas which refer to themselves resolve by name."""

    def __init__(self, doc: dict[str, Any], choices: dict[int, int] | None = None) -> None:
        self._doc = doc
        self._schemas: dict[str, Any] = doc.get("components", {}).get("schemas", {}) or {}
        self._module = types.ModuleType(f"apigen_fast_{next(_modules)}")
        sys.modules[self._module.__name__] = self._module
        self._done: dict[str, str | None] = {}  # schema name -> struct attribute, None when unsupported
        self._anonymous = itertools.count()
        # A union msgspec cannot hold (two array types, two object types...) is compiled as variants, each
        # with one branch chosen: `choices` maps the anyOf (by identity) to its branch; `_met` holds the
        # unions the schema being compiled ran into that would need choosing (with their branch counts),
        # `_unions_of` those of a named schema that failed, for the schemas that refer to it later.
        self._choices = choices or {}
        self._met: dict[int, int] = {}
        self._unions_of: dict[str, dict[int, int]] = {}
        self._variants: dict[frozenset[tuple[int, int]], FastTypes] = {}

    def decoder(self, schema: Any) -> msgspec.json.Decoder[Any] | None:
        """A decoder that accepts exactly the bodies `schema` accepts (or a subset); None when there is none."""
        found = self.decoders(schema)
        return found[0] if found else None

    def decoders(self, schema: Any) -> tuple[msgspec.json.Decoder[Any], ...]:
        """Decoders that together accept bodies of `schema` only: one, or one per choice of branches where
        a union has no msgspec form (at most MAX_VARIANTS). A body any of them accepts is valid."""
        found: list[msgspec.json.Decoder[Any]] = []
        queue: list[dict[int, int]] = [{}]
        tried = 0
        while queue and len(found) < MAX_VARIANTS and tried < 4 * MAX_VARIANTS:
            choices = queue.pop(0)
            tried += 1
            types = self._variant(choices)
            types._met = {}
            try:
                found.append(msgspec.json.Decoder(types._resolve(types._type(schema))))
                continue
            except Unsupported:
                pass
            except (TypeError, ValueError, NameError):
                continue
            pending = [(key, n) for key, n in types._met.items() if key not in choices]
            if pending:
                key, branches = pending[0]
                queue += [{**choices, key: i} for i in range(branches)]
        return tuple(found)

    def _variant(self, choices: dict[int, int]) -> FastTypes:
        if not choices:
            return self
        key = frozenset(choices.items())
        if key not in self._variants:
            self._variants[key] = FastTypes(self._doc, choices)
        return self._variants[key]

    def _resolve(self, kind: Any) -> Any:
        """The type with every reference to a named schema outside a struct resolved (a struct's own
        fields resolve through its module): `list[S0]` at the top of a response, say."""
        if isinstance(kind, typing.ForwardRef):
            return getattr(self._module, kind.__forward_arg__)
        origin, args = typing.get_origin(kind), typing.get_args(kind)
        if origin is typing.Annotated:
            return typing.Annotated[(self._resolve(args[0]), *kind.__metadata__)]
        if origin is typing.Union:
            return typing.Union[tuple(self._resolve(a) for a in args)]  # noqa: UP007 - built from a list
        if origin is list:
            return list[self._resolve(args[0])]  # type: ignore[misc]
        if origin is dict:
            return dict[args[0], self._resolve(args[1])]  # type: ignore[misc, valid-type]
        return kind

    def _type(self, schema: Any) -> Any:
        if schema is True or schema == {}:
            return Any
        if not isinstance(schema, dict):
            raise Unsupported("false schema")
        keys = {k for k in schema if not k.startswith("x-")} - _ANNOTATIONS
        if "$ref" in schema:
            if keys != {"$ref"}:
                raise Unsupported("$ref with sibling keywords")
            return self._ref(schema["$ref"])
        if "anyOf" in schema:
            if keys != {"anyOf"}:
                raise Unsupported("anyOf with sibling keywords")
            chosen = self._choices.get(id(schema))
            if chosen is not None:
                return self._type(schema["anyOf"][chosen])
            kinds = [self._type(s) for s in schema["anyOf"]]
            if Any not in kinds and not self._unitable(kinds):
                self._met.setdefault(id(schema), len(kinds))
                raise Unsupported("a union msgspec cannot hold: compiled as variants")
            return self._union(kinds)
        if "enum" in schema or "const" in schema:
            return self._literal(schema, keys)
        declared = schema.get("type")
        if isinstance(declared, list):
            rest = {k: v for k, v in schema.items() if k != "type"}
            return self._union([self._type({**rest, "type": t}) for t in declared])
        if declared in ("string", "integer", "number"):
            return self._constrained(_SCALARS[declared], schema, keys, declared)
        if declared in ("boolean", "null"):
            _only(keys, {"type"})
            return _SCALARS[declared]
        if declared == "array":
            return self._array(schema, keys)
        if declared == "object":
            return self._object(schema, keys)
        raise Unsupported(f"schema without a type: {sorted(keys)}")

    def _ref(self, ref: str) -> Any:
        prefix = "#/components/schemas/"
        if not ref.startswith(prefix) or ref[len(prefix):] not in self._schemas:
            raise Unsupported(f"reference {ref}")
        name = ref[len(prefix):]
        if name not in self._done:
            attr = f"S{len(self._done)}"
            self._done[name] = attr
            outer, self._met = self._met, {}
            try:
                kind = self._type(self._schemas[name])
            except Unsupported:
                self._done[name] = None
                self._unions_of[name] = self._met
                raise
            finally:
                self._met = {**outer, **self._met}
            setattr(self._module, attr, kind)
        attr_or_none = self._done[name]
        if attr_or_none is None:
            self._met.update(self._unions_of.get(name, {}))
            raise Unsupported(f"schema {name}")
        return typing.ForwardRef(attr_or_none, module=self._module.__name__)

    def _unitable(self, kinds: list[Any]) -> bool:
        """Whether msgspec takes these types as one union: no two of one family (array, object, string...)."""
        families = [f for kind in kinds for f in self._families(kind)]
        return len(families) == len(set(families))

    def _families(self, kind: Any) -> list[str]:
        origin = typing.get_origin(kind)
        if origin is typing.Annotated:
            return self._families(typing.get_args(kind)[0])
        if origin is typing.Union:
            return [f for k in typing.get_args(kind) for f in self._families(k)]
        if isinstance(kind, typing.ForwardRef):
            target = getattr(self._module, kind.__forward_arg__, None)
            return ["object"] if target is None else self._families(target)  # None: a struct being built
        if origin is Literal:
            return sorted({"string" if isinstance(v, str) else "integer" for v in typing.get_args(kind)})
        if origin is list:
            return ["array"]
        if origin is dict or (isinstance(kind, type) and issubclass(kind, msgspec.Struct)):
            return ["object"]
        return [{str: "string", int: "integer", float: "number", bool: "boolean"}.get(kind, "null")]

    def _union(self, kinds: list[Any]) -> Any:
        if Any in kinds:
            return Any
        return typing.Union[tuple(kinds)]  # noqa: UP007 - built from a list

    def _literal(self, schema: dict[str, Any], keys: set[str]) -> Any:
        values = list(schema["enum"]) if "enum" in schema else [schema["const"]]
        declared = schema.get("type")
        _only(keys, {"enum", "const", "type"})
        allowed = {"string": str, "integer": int, "null": type(None)}
        if any(type(v) not in (str, int, type(None)) for v in values):  # bool, float, objects: no exact form
            raise Unsupported("enum of other values")
        if declared is not None:
            wanted = declared if isinstance(declared, list) else [declared]
            if any(t not in allowed for t in wanted):
                raise Unsupported("enum with such a type")
            values = [v for v in values if any(type(v) is allowed[t] for t in wanted)]
        if not values:
            raise Unsupported("empty enum")
        named = tuple(v for v in values if v is not None)
        kinds: list[Any] = [Literal.__getitem__(named)] if named else []
        if None in values:
            kinds.append(type(None))
        return self._union(kinds) if len(kinds) > 1 else kinds[0]

    def _constrained(self, base: Any, schema: dict[str, Any], keys: set[str], declared: str) -> Any:
        table = _LENGTH_META if declared == "string" else _NUMERIC_META
        _only(keys, {"type", *table})
        meta = {table[k]: schema[k] for k in table if k in schema}
        if not meta:
            return base
        exact = int if declared != "number" else (int, float)
        if any(not isinstance(v, exact) or isinstance(v, bool) for v in meta.values()):
            raise Unsupported("a bound msgspec would not read the same way")
        if declared == "number" and "multiple_of" in meta:  # float remainders differ between implementations
            raise Unsupported("multipleOf on a number")
        return typing.Annotated[base, msgspec.Meta(**meta)]

    def _array(self, schema: dict[str, Any], keys: set[str]) -> Any:
        _only(keys, {"type", "items", *_ITEMS_META})
        kind = list[self._type(schema.get("items", True))]  # type: ignore[misc, valid-type]
        meta = {_ITEMS_META[k]: schema[k] for k in _ITEMS_META if k in schema}
        if any(not isinstance(v, int) or isinstance(v, bool) for v in meta.values()):
            raise Unsupported("an item count that is not an integer")
        return typing.Annotated[kind, msgspec.Meta(**meta)] if meta else kind

    def _object(self, schema: dict[str, Any], keys: set[str]) -> Any:
        _only(keys, {"type", "properties", "required", "additionalProperties"})
        properties: dict[str, Any] = schema.get("properties", {}) or {}
        required = list(dict.fromkeys(schema.get("required", []) or []))
        extra = schema.get("additionalProperties", True)
        if not properties and not required:
            return dict[str, self._type(extra)]  # type: ignore[misc]
        if extra not in (True, False, {}):
            raise Unsupported("additionalProperties with a schema beside properties")
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        rename: dict[str, str] = {}
        for i, name in enumerate(dict.fromkeys([*properties, *required])):
            attr = f"f{i}"
            rename[attr] = name
            kind = self._type(properties.get(name, True))
            fields.append((attr, kind) if name in required else (attr, kind, msgspec.UNSET))
        return msgspec.defstruct(f"O{next(self._anonymous)}", fields, rename=rename, kw_only=True,
                                 forbid_unknown_fields=extra is False, module=self._module.__name__, gc=False)


def _only(keys: set[str], allowed: set[str]) -> None:
    extra = keys - allowed
    if extra:
        raise Unsupported(f"keywords {sorted(extra)}")
