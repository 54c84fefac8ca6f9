"""Prism mocks each spec on 127.0.0.1; every method of our generated client (generated/<svc>/) is called
against it with arguments made from the spec, and must succeed or raise for a status the operation documents."""

from __future__ import annotations

import ast
import contextlib
import importlib
import inspect
import re
import socket
import subprocess
import sys
import textwrap
import time
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, TypeAdapter
from tooling import ROOT, SERVICES, each_service, load_spec, operations, spec_path, tool

# the generated packages, importable by their own names (set once: the services run in threads)
sys.path.insert(0, str(ROOT / "generated"))
STARTUP_SECONDS = 120
CALL_TIMEOUT = 30.0
BASE_METHODS = {"close", "aclose"}
LINE = re.compile(r"^\s*(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS|TRACE) (/\S*)$", re.M)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def mock(service: str) -> Iterator[tuple[str, Path]]:
    """`prism mock` of one spec on a free port, once it answers; stopped on leaving."""
    port = free_port()
    log = Path(f"/tmp/apigen-prism-{service}-{port}.log")
    with log.open("w") as out:
        server = subprocess.Popen([tool("prism"), "mock", "--host", "127.0.0.1", "--port", str(port),
                                   str(spec_path(service))], stdout=out,
                                  stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + STARTUP_SECONDS
        while "Prism is listening" not in log.read_text(errors="replace"):
            if server.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"prism did not start for {service}:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)
        yield url, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.unlink(missing_ok=True)


class Values:
    """Arguments made from the spec: a schema's example, else its enum's first value, else its default, else a
    value of its type and format, within its bounds."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec

    def resolve(self, node: Any) -> Any:
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            found: Any = self.spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                found = found[part.replace("~1", "/").replace("~0", "~")]
            node = found
        return node

    def of(self, schema: Any, depth: int = 0) -> Any:
        schema = self.resolve(schema) or {}
        for key in ("example", "default"):
            if key in schema:
                return schema[key]
        if schema.get("examples"):
            return schema["examples"][0]
        if schema.get("enum"):
            return next((v for v in schema["enum"] if v is not None), schema["enum"][0])
        if "const" in schema:
            return schema["const"]
        for key in ("allOf", "anyOf", "oneOf"):
            if schema.get(key):
                parts = [self.resolve(p) for p in schema[key]]
                if key == "allOf":
                    merged: dict[str, Any] = {}
                    for part in parts:
                        value = self.of(part, depth + 1)
                        merged.update(value if isinstance(value, dict) else {})
                    return merged
                return self.of(next((p for p in parts if p.get("type") != "null"), parts[0]), depth + 1)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind == "object" or "properties" in schema:
            if depth > 12:
                return {}
            props = schema.get("properties") or {}
            return {name: self.of(props.get(name, {}), depth + 1) for name in schema.get("required") or []
                    if name in props or not props}
        if kind == "array":
            return [self.of(schema.get("items", {}), depth + 1) for _ in range(max(1, schema.get("minItems", 1)))]
        if kind in ("integer", "number"):
            low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1 if "exclusiveMinimum" in schema else 1)
            return int(low) if kind == "integer" else float(low)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return self.text(schema)

    @staticmethod
    def text(schema: dict[str, Any]) -> str:
        by_format = {"uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "date-time": "2024-01-02T03:04:05Z",
                     "date": "2024-01-02", "email": "a@example.com", "uri": "https://example.com/",
                     "ipv4": "192.168.0.1", "ipv6": "::1"}
        value = by_format.get(schema.get("format", ""), "x")
        return value.ljust(int(schema.get("minLength", 0)), "x")


def wire_names(method: Any) -> dict[str, tuple[str, str]]:
    """Python parameter -> (location, wire name), read from the dict literals the generated method sends:
    the one `expand_path` fills (path), and those passed as `params` (query) and `headers` (header)."""
    found: dict[str, tuple[str, str]] = {}
    for call in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(method)))):
        if not isinstance(call, ast.Call):
            continue
        places = [(k.arg, k.value) for k in call.keywords if k.arg in ("params", "headers")]
        if isinstance(call.func, ast.Name) and call.func.id == "expand_path" and len(call.args) > 1:
            places.append(("path", call.args[1]))
        for place, node in places:
            location = {"params": "query", "headers": "header"}.get(place or "", "path")
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    name = value.args[-1] if isinstance(value, ast.Call) and value.args else value
                    if isinstance(key, ast.Constant) and isinstance(name, ast.Name):
                        found[name.id] = (location, key.value)
    return found


def body_value(values: Values, op: dict[str, Any], hint: Any, has_actions: bool) -> Any:
    """The request body, as the method's body argument (a model, or a list of models for a bare-array body):
    the spec's own example when it fits, else one made from the spec's request schema (which keeps what the
    model does not check, such as a stated `format`), else one made from the model's own schema."""
    content = (values.resolve(op.get("requestBody")) or {}).get("content", {}).get("application/json", {})
    candidates: list[Any] = [] if has_actions else [e.get("value") for e in (content.get("examples") or {}).values()]
    if not has_actions and "schema" in content:
        candidates.append(values.of(content["schema"]))
    adapter = TypeAdapter(hint)
    schema = adapter.json_schema(by_alias=True)
    made = Values({**schema, "components": {"schemas": schema.get("$defs", {})}})
    candidates.append(made.of(_rerooted(schema)))
    for candidate in candidates:
        try:
            return adapter.validate_python(candidate)
        except ValueError:
            continue
    raise AssertionError(f"no body for {hint} fits its model")


def is_body(hint: Any) -> bool:
    """Whether a method's argument is its request body: a model, or a list of models (a bare-array body)."""
    if typing.get_origin(hint) is list:
        hint = next(iter(typing.get_args(hint)), None)
    return isinstance(hint, type) and issubclass(hint, BaseModel)


def _rerooted(node: Any) -> Any:
    """pydantic's `#/$defs/X` references pointed at `#/components/schemas/X`, the place Values resolves."""
    if isinstance(node, dict):
        return {k: (v.replace("#/$defs/", "#/components/schemas/") if k == "$ref" and isinstance(v, str)
                    else _rerooted(v)) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_rerooted(v) for v in node]
    return node


def client_class(service: str) -> tuple[Any, Any]:
    folder = "as_" if service == "as" else service
    module = importlib.import_module(f"{folder}.client")
    runtime = importlib.import_module(f"{folder}._runtime")
    name = next(n for n, c in vars(module).items() if isinstance(c, type) and n.endswith("Client")
                and not n.startswith(("_", "Async")) and c.__module__ == module.__name__)
    return getattr(module, name), runtime


def calls(service: str) -> list[tuple[str, str, str, dict[str, Any], Any]]:
    """(method name, HTTP method, path, operation, bound method) for every public method of the sync client that
    is an operation (not an `iter_` pager, which walks its list operation's pages: tests/test_pagination.py)."""
    cls, _ = client_class(service)
    spec = load_spec(service)
    by_line = {(m.upper(), p): op for m, p, op in operations(spec)}
    found = []
    for name, method in inspect.getmembers(cls, inspect.isfunction):
        if name.startswith(("_", "iter_")) or name in BASE_METHODS:
            continue
        line = LINE.search(method.__doc__ or "")
        assert line, f"{name}: its docstring names no METHOD /path"
        found.append((name, line[1], line[2], by_line[(line[1], line[2])], method))
    return found


def test_every_operation_has_a_client_method() -> None:
    for service in SERVICES:
        spec = load_spec(service)
        named = {(m, p) for _, m, p, _, _ in calls(service)}
        assert {(m.upper(), p) for m, p, _ in operations(spec)} == named, service


def call_every_method(service: str) -> tuple[list[str], int, str]:
    """Every method of the service's client against Prism: (what failed, how many methods, Prism's log end)."""
    cls, runtime = client_class(service)
    spec = load_spec(service)
    values = Values(spec)
    failures: list[str] = []
    methods = calls(service)
    with mock(service) as (url, log), cls(token="interop-token", endpoint=url, timeout=CALL_TIMEOUT) as client:
        for name, http_method, path, op, method in methods:
            params = {((p := values.resolve(raw))["in"], p["name"]): p for raw in [
                *(spec["paths"][path].get("parameters") or []), *(op.get("parameters") or [])]}
            hints = typing.get_type_hints(method, vars(sys.modules[method.__module__]))
            wires = wire_names(method)
            kwargs: dict[str, Any] = {}
            for arg, parameter in inspect.signature(method).parameters.items():
                if arg in ("self", "timeout"):
                    continue
                hint = hints.get(arg)
                if is_body(hint):
                    kwargs[arg] = body_value(values, op, hint, bool(op.get("x-apigen-actions")))
                elif (wire := wires.get(arg)) in params and (params[wire].get("required")
                                                             or parameter.default is inspect.Parameter.empty):
                    kwargs[arg] = values.of(params[wire].get("schema", {}))
            documented = {int(s) for s in op.get("responses", {}) if s.isdigit()}
            try:
                getattr(client, name)(**kwargs)
            except runtime.ApiStatusError as error:
                if error.status not in documented:
                    failures.append(f"{name} ({http_method} {path}): status {error.status} not documented "
                                    f"{sorted(documented)}: {str(error)[:300]}")
            except (runtime.ApiError, httpx.HTTPError, ValueError, TypeError) as error:
                failures.append(f"{name} ({http_method} {path}): {type(error).__name__}: {str(error)[:300]}")
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-60:])
    return failures, len(methods), tail


@pytest.fixture(scope="module")
def answers() -> dict[str, tuple[list[str], int, str]]:
    """Every service against its own Prism, two at a time."""
    return each_service(call_every_method)


@pytest.mark.parametrize("service", SERVICES)
def test_every_client_method_answers_prism(service: str, answers: dict[str, tuple[list[str], int, str]]) -> None:
    failures, total, tail = answers[service]
    assert total > 0
    assert not failures, f"{len(failures)} of {total} methods failed against Prism:\n" + "\n".join(
        failures) + "\nPrism's log ends:\n" + tail
