"""The client layer: the spec's operations as view models (names, signatures, docstrings computed
here) laid out by the jinja2 templates in templates/, which hold layout only."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import jinja2

from generator.codegen.names import class_name, method_name, python_name
from generator.codegen.templates import template_text

_UNSAFE_IN_SOURCE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


@dataclass(frozen=True)
class ParamView:
    python_name: str
    wire_name: str  # a Python string literal
    declaration: str  # "name: type = default", ready to print
    value: str  # the expression that passes it on


@dataclass(frozen=True)
class OperationView:
    method_name: str
    http_method: str
    path: str
    positional: tuple[ParamView, ...]
    keyword: tuple[ParamView, ...]
    path_params: tuple[ParamView, ...]
    query_params: tuple[ParamView, ...]
    header_params: tuple[ParamView, ...]
    body: ParamView | None
    returns: str  # the return annotation
    models: tuple[str, ...]  # the response models it returns ("models.X")
    answers: str  # the 3xx statuses returned as documented models, as an expression ("" for none)
    branches: tuple[tuple[str, str], ...]  # (condition on the status, what to return) before the default
    result: str  # what to return otherwise: `parse(response, models.X)` or `None`
    docstring: str


def docstring_literal(text: str) -> str:
    """A triple-quoted literal whose value is `text`: backslashes, quotes, control and bidi characters
    escaped, so doc text can neither end the string nor hide code."""
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    body = _escape_unsafe(body)
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    return f'"""{body}\n"""' if "\n" in body else f'"""{body}"""'


def comment_text(text: str) -> str:
    """Text for a `#` comment: one line whatever it holds (a newline would end the comment and start code),
    control and bidi characters escaped."""
    return _escape_unsafe(_one_line(text))


def _escape_unsafe(text: str) -> str:
    """Control and bidi characters as escapes, so they can neither end a literal nor hide code."""
    return _UNSAFE_IN_SOURCE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF
                                 else f"\\x{ord(m.group()):02x}", text)


def annotation(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind in _SCALARS:
        return _SCALARS[str(kind)]
    if kind == "array":
        return f"list[{annotation(schema.get('items', {}))}]"
    return "Any"


def operation_views(doc: dict[str, Any]) -> tuple[list[ParamView], list[OperationView]]:
    """The client-level parameters (path parameters most operations have, such as project_id: set once on
    the client, still overridable per call) and one view per operation, in path order."""
    ops = [(path, method, op) for path, item in doc.get("paths", {}).items() for method, op in item.items()]
    counts = Counter(p["name"] for _, _, op in ops for p in op.get("parameters", []) if p["in"] == "path")
    shared = {name for name, n in counts.items() if n * 2 >= len(ops)}
    client_params = [ParamView(python_name(n), repr(n), f"{python_name(n)}: str | None = None", python_name(n))
                     for n in sorted(shared)]
    views = [view for path, method, op in ops for view in _operations(path, method, op, shared)]
    return client_params, sorted(views, key=lambda v: v.method_name)


def _operations(path: str, method: str, op: dict[str, Any], shared: set[str]) -> list[OperationView]:
    """The methods of one operation: one, or one per action where actions share the method and path
    (`x-apigen-actions`), each taking its own body."""
    actions = op.get("x-apigen-actions") or []
    if not actions:
        return [_operation(path, method, op, shared)]
    return [_operation(path, method, {**op, "operationId": op["operationId"] + action["name"],
                                      "summary": action.get("summary") or op.get("summary", ""),
                                      "requestBody": {"content": {"application/json": {
                                          "schema": {"$ref": action["schema"]}}}}}, shared)
            for action in actions]


def _operation(path: str, method: str, op: dict[str, Any], shared: set[str]) -> OperationView:
    positional: list[ParamView] = []
    keyword: list[ParamView] = []
    by_location: dict[str, list[ParamView]] = {"path": [], "query": [], "header": []}
    arg_docs: list[str] = []
    taken = {"self", "body", "timeout"}
    for param in op.get("parameters", []):
        name, where = param["name"], param["in"]
        py = _unique_name(python_name(name), where, taken)
        kind = annotation(param.get("schema", {}))
        if where == "path" and name in shared:
            view = ParamView(py, repr(name), f"{py}: str | None = None", f"self._client_value({name!r}, {py})")
            keyword.append(view)
        elif param.get("required"):
            view = ParamView(py, repr(name), f"{py}: {kind}", py)
            (positional if where == "path" else keyword).append(view)
        else:
            view = ParamView(py, repr(name), f"{py}: {kind} | None = None", py)
            keyword.append(view)
        by_location[where].append(view)
        arg_docs.append(f"    {py}: {_one_line(param.get('description', ''))}".rstrip())
    body = None
    request = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if "$ref" in request:
        model = "models." + class_name(request["$ref"].rsplit("/", 1)[-1])
        body = ParamView("body", "'body'", f"body: {model}", "body")
        positional.append(body)
        arg_docs.append("    body: the request body")
    plan = _response_plan(op.get("responses", {}))
    lines = [op.get("summary", "") or op["operationId"]]
    for extra in (op.get("description", ""), op.get("x-apigen-summary-zh", ""), op.get("x-apigen-description-zh", "")):
        if extra and extra not in lines:
            lines += ["", extra]
    lines += ["", f"{method.upper()} {path}"]
    if arg_docs:
        lines += ["", "Args:", *arg_docs]
    lines += ["", "Raises:", "    ApiError: every failure, as one of its kinds:",
              "        ApiStatusError: an error status (NotFoundError, ServerError, ...; RedirectError: a 3xx not "
              "followed).",
              "        ApiConnectionError: no answer (ApiTimeoutError: none within the call's timeout).",
              "        InvalidResponseError: not the documented body (ResponseTooLargeError: over the cap).",
              "        InvalidArgumentError: an argument that cannot be sent; nothing was sent."]
    return OperationView(
        method_name=method_name(op["operationId"]),
        http_method=repr(method.upper()),
        path=repr(path),
        positional=tuple(positional),
        keyword=tuple(keyword),
        path_params=tuple(by_location["path"]),
        query_params=tuple(by_location["query"]),
        header_params=tuple(by_location["header"]),
        body=body,
        returns=plan.returns,
        models=plan.models,
        answers=plan.answers,
        branches=plan.branches,
        result=plan.result,
        docstring=docstring_literal("\n".join(lines)),
    )


@dataclass(frozen=True)
class _ResponsePlan:
    returns: str
    models: tuple[str, ...]
    answers: str
    branches: tuple[tuple[str, str], ...]
    result: str


def _response_plan(responses: dict[str, Any]) -> _ResponsePlan:
    """What a method returns for each documented status: the first success model by default, another
    documented success (or 3xx) status its own model (or None when it has no body). A 3xx status with a
    model is an answer the call returns, not a redirect to follow (OpenStack's 300 Multiple Choices)."""
    documented: dict[str, str | None] = {}
    for status, response in sorted(responses.items()):
        content = response.get("content", {})
        schema = content.get("application/json", {}).get("schema", {})
        if status[:1] in ("2", "3") and "$ref" in schema:
            documented[status] = "models." + class_name(schema["$ref"].rsplit("/", 1)[-1])
        elif status[:1] in ("2", "3") and not content:
            documented[status] = None  # no body; one with a body but no schema is read as the default model
    default = next((model for status, model in documented.items() if status[:1] == "2" and model), None)
    answers = sorted(int(s) for s, model in documented.items() if s[:1] == "3" and s.isdigit() and model)
    branches = [(s, model) for s, model in documented.items() if s.isdigit() and model != default
                and (s[:1] == "2" or int(s) in answers)]
    results = list(dict.fromkeys([default, *(model for _, model in branches)]))
    models = tuple(model for model in results if model)
    return _ResponsePlan(
        returns=" | ".join([*models, *(["None"] if None in results else [])]),
        models=models,
        answers=f"frozenset({{{', '.join(map(str, answers))}}})" if answers else "",
        branches=tuple((f"response.status_code == {s}", _result(model)) for s, model in branches),
        result=_result(default),
    )


def _result(model: str | None) -> str:
    return f"parse(response, {model})" if model else "None"


def _unique_name(py: str, where: str, taken: set[str]) -> str:
    """A parameter's Python name, unique in its method: a query parameter named like a path parameter
    (`project_id` in both) takes its location as a suffix."""
    unique = py if py not in taken else f"{py}_{where}"
    counter = 2
    while unique in taken:
        unique, counter = f"{py}_{where}{counter}", counter + 1
    taken.add(unique)
    return unique


def _one_line(text: str) -> str:
    return " ".join(text.split())


def environment() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(template_text)
    return jinja2.Environment(loader=loader, autoescape=False, undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=True)


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
