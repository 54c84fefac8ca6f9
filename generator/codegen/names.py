"""Python names for the things an API names — JSON keys, parameters, operations, schemas — made here and
nowhere else, so models and clients agree.

A name becomes an identifier (`snake`, `class_name`), then a usable one in its scope (never a keyword, a
builtin, or a name the scope already uses: pydantic's BaseModel attributes for fields, the client's own
methods for operations), then a unique one (`unique_names`): where two names of one scope would become the
same identifier (`type` and `Type`, `sort_key` and `sort-key`, `ShowAbc` and `ShowABC`), the one already
spelled as its identifier keeps it and the others, in sorted order, take `_2`, `_3`... (`2`, `3` for
classes). The same input always gives the same names; the name on the wire is kept as the alias."""

from __future__ import annotations

import builtins
import functools
import keyword
import re
from collections.abc import Callable, Iterable

_RESERVED = set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(builtins)) | {"self", "model_config",
                                                                                   "model_fields", "timeout"}


_PYDANTIC_NAMESPACES = ("model_validate", "model_dump")


def snake(name: str) -> str:
    """`X-Auth-Token` -> x_auth_token, `backupId` -> backup_id, `__openstack_region_name` -> openstack_region_name;
    a character outside ASCII by its code point (`名称` -> u540d_u79f0), so different names stay different."""
    text = re.sub(r"[^\x00-\x7f]", lambda m: f"_u{ord(m.group()):04x}_", name)
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_").lower()
    if not text:
        text = "field"
    if text[0].isdigit():
        text = "n_" + text
    return text


def python_name(name: str) -> str:
    """A field or argument name: snake case, never a keyword, builtin or pydantic-reserved name."""
    text = snake(name)
    return text + "_" if text in _RESERVED or text.startswith("model_") else text


@functools.cache
def _model_attributes() -> frozenset[str]:
    from pydantic import BaseModel

    return frozenset(dir(BaseModel))


def field_name(name: str) -> str:
    """A model field's name: a `python_name` that is not also an attribute of pydantic's BaseModel (`copy`,
    `json`, `schema`), which a field would hide, nor in the namespaces pydantic keeps for its own methods
    (`model_validate…`, `model_dump…`: `field_model_validate`)."""
    text = python_name(name)
    if text.startswith(_PYDANTIC_NAMESPACES):
        return "field_" + text.rstrip("_")
    return text + "_" if text in _model_attributes() else text


def method_name(operation_id: str) -> str:
    return python_name(operation_id)


def class_name(name: str) -> str:
    parts = re.split(r"[^0-9A-Za-z]+", snake(name) if not name.isascii() else name)
    text = "".join(p[:1].upper() + p[1:] for p in parts if p)
    return text if text and not text[0].isdigit() else "N" + text


def package_name(service: str) -> str:
    """The import name of a service's generated package, and its folder under generated/: the service name
    when that is a Python identifier, else made one (`as` is a keyword: `as_`)."""
    return python_name(service)


def distribution_name(service: str) -> str:
    """The name a service's generated package is installed and published under: `apigen-<service>`, in the
    normal form of package indexes (lower case, one `-` for each run of other characters)."""
    return "apigen-" + (re.sub(r"[^a-z0-9]+", "-", service.lower()).strip("-") or "service")


def unique_names(names: Iterable[str], make: Callable[[str], str], taken: Iterable[str] = (),
                 separator: str = "_") -> dict[str, str]:
    """Each name -> `make(name)`, unique among these names and unlike every `taken` one. Where names would
    share an identifier, the one spelled as it is keeps it (`sort_key` before `sort-key`), then the others in
    sorted order take the first free `<identifier><separator>2`, `...3`."""
    used = set(taken)
    made = {name: make(name) for name in dict.fromkeys(names)}
    out: dict[str, str] = {}
    for name in sorted(made, key=lambda n: (made[n] != n, snake(n) != n, n)):
        out[name] = _free(made[name], used, separator)
        used.add(out[name])
    return {name: out[name] for name in made}


def _free(identifier: str, used: set[str], separator: str) -> str:
    if identifier not in used:
        return identifier
    stem = identifier.rstrip("_") or identifier
    number = 2
    while f"{stem}{separator}{number}" in used:
        number += 1
    return f"{stem}{separator}{number}"


def field_names(objects: Iterable[Iterable[str]]) -> dict[str, str]:
    """Every property name of a spec -> its field name, from the property names of each object (one list per
    model). One table serves every model (datamodel-code-generator applies it by name), so where two names of
    one object would share a field name, that whole group of names is made unique spec-wide; every other
    name keeps its `field_name`, whichever objects it is in."""
    groups = [list(dict.fromkeys(names)) for names in objects]
    base = {name: field_name(name) for names in groups for name in names}
    clashing: set[str] = set()
    for names in groups:
        seen: set[str] = set()
        for name in names:
            if base[name] in seen:
                clashing.add(base[name])
            seen.add(base[name])
    table = dict(base)
    taken = set(base.values())
    for made in sorted(clashing):
        members = [name for name in base if base[name] == made]
        renamed = unique_names(members, field_name, taken - {made})
        table.update(renamed)
        taken |= set(renamed.values())
    return table
