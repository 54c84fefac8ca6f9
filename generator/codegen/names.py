"""Python names for the things an API names: JSON keys, parameters, operations. One function each, so
models and clients agree."""

from __future__ import annotations

import builtins
import keyword
import re

_RESERVED = set(keyword.kwlist) | set(keyword.softkwlist) | set(dir(builtins)) | {"self", "model_config",
                                                                                   "model_fields", "timeout"}


def snake(name: str) -> str:
    """`X-Auth-Token` -> x_auth_token, `backupId` -> backup_id, `__openstack_region_name` -> openstack_region_name."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
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


def method_name(operation_id: str) -> str:
    return python_name(operation_id)


def class_name(name: str) -> str:
    parts = re.split(r"[^0-9A-Za-z]+", name)
    text = "".join(p[:1].upper() + p[1:] for p in parts if p)
    return text if text and not text[0].isdigit() else "N" + text


def package_name(service: str) -> str:
    """The import name of a service's generated package, and its folder under generated/: the service name
    when that is a Python identifier, else made one (`as` is a keyword: `as_`)."""
    return python_name(service)
