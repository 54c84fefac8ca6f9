"""The client layer: the spec's operations as view models (names, signatures, docstrings computed
here) laid out by the jinja2 templates in templates/, which hold layout only."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import jinja2

from generator.codegen.names import class_name, method_name, python_name, unique_names
from generator.codegen.pagination import NoPaging, PagePlan, page_plan
from generator.codegen.templates import template_text
from generator.specshape import HTTP_METHODS, resolve

SCHEMAS = "#/components/schemas/"

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
    body: ParamView | None  # its `value`: the JSON the body sends, ready to print
    returns: str  # the return annotation
    models: tuple[str, ...]  # the response models it returns ("models.X"), alone or in a list
    answers: str  # the 3xx statuses returned as documented models, as an expression ("" for none)
    branches: tuple[tuple[str, str], ...]  # (condition on the status, what to return) before the default
    result: str  # what to return otherwise: `parse(response, models.X)` or `None`
    docstring: str
    paging: PagePlan | NoPaging | None = None  # how it pages (pagination.py); None: no page pattern
    body_model: str = ""  # the model of the request body ("models.X"), alone or in a list
    reads_list: bool = False  # a status's body is a bare array (read by the runtime's parse_list)


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


def annotation(schema: Any) -> str:
    if not isinstance(schema, dict):
        return "Any"
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind in _SCALARS:
        return _SCALARS[str(kind)]
    if kind == "array":
        return f"list[{annotation(schema.get('items', {}))}]"
    return "Any"


@dataclass(frozen=True)
class _Body:
    """A request or response body a model types: `models.X`, or a bare array of them (`list[models.X]`)."""

    model: str
    array: bool

    @property
    def annotation(self) -> str:
        return f"list[{self.model}]" if self.array else self.model

    def parsed(self, answer: str) -> str:
        """The expression that reads `answer`'s body as this type."""
        return f"parse_list({answer}, {self.model})" if self.array else f"parse({answer}, {self.model})"

    def sent(self, value: str) -> str:
        """The expression that makes `value` the JSON to send."""
        dump = 'model_dump(mode="json", by_alias=True, exclude_unset=True)'
        return f"[item.{dump} for item in {value}]" if self.array else f"{value}.{dump}"


@dataclass(frozen=True)
class _Spec:
    """What the views are made from: the document, the class of each component schema (models.py), and the
    names the client template itself uses, which generated methods and arguments must not take."""

    doc: dict[str, Any]
    classes: dict[str, str]
    class_attributes: frozenset[str]
    code_names: frozenset[str]

    def resolve(self, node: Any) -> Any:
        """A node with its local `$ref`s followed (a parameter, request body or response kept in components)."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
            seen.add(node["$ref"])
            node = resolve(self.doc, node["$ref"])
        return node if isinstance(node, dict) else {}

    def body(self, schema: Any) -> _Body | None:
        """The model a body's schema names, and whether the body is a bare array of it (None: no model)."""
        if not isinstance(schema, dict):
            return None
        array = schema.get("type") == "array" and isinstance(schema.get("items"), dict)
        model = self.model((schema["items"] if array else schema).get("$ref"))
        return None if model is None else _Body(model, array)

    def model(self, ref: Any) -> str | None:
        """`models.<Class>` for a `$ref` to a component schema the models hold."""
        if not isinstance(ref, str) or not ref.startswith(SCHEMAS):
            return None
        found = self.classes.get(ref[len(SCHEMAS):].replace("~1", "/").replace("~0", "~"))
        return None if found is None else "models." + found


def operation_views(doc: dict[str, Any], classes: dict[str, str] | None = None,
                    class_attributes: frozenset[str] = frozenset(), code_names: frozenset[str] = frozenset(),
                    ) -> tuple[list[ParamView], list[OperationView]]:
    """The client-level parameters (path parameters most operations have, such as project_id: set once on
    the client, still overridable per call) and one view per operation, in path order. `classes`: the class
    of each component schema (by default, as `class_name` makes it); `class_attributes` and `code_names`:
    what the client classes define and what a method's code uses (package.py reads both from the template)."""
    if classes is None:
        classes = {name: class_name(name) for name in doc.get("components", {}).get("schemas", {})}
    spec = _Spec(doc, classes, class_attributes, code_names)
    ops = [(path, method, _parameters_merged(spec, item, op)) for path, item in doc.get("paths", {}).items()
           for method, op in item.items() if method in HTTP_METHODS and isinstance(op, dict)]
    counts = Counter(p["name"] for _, _, op in ops for p in op["parameters"] if p["in"] == "path")
    shared = sorted(name for name, n in counts.items() if n * 2 >= len(ops))
    attributes = unique_names(shared, python_name, class_attributes)
    client_params = [ParamView(attributes[n], repr(n), f"{attributes[n]}: str | None = None", attributes[n])
                     for n in shared]
    calls = [(path, method, call) for path, method, op in ops for call in _calls(method, path, op)]
    # Keyed by operationId and, should two calls share one (an action named like another operation), by
    # their order too: each call gets a method of its own.
    keys = [f"{operation_id}\0{index}" for index, (_, _, (operation_id, _)) in enumerate(calls)]
    counted = Counter(operation_id for _, _, (operation_id, _) in calls)
    keys = [key if counted[key.partition("\0")[0]] > 1 else key.partition("\0")[0] for key in keys]
    methods = unique_names(keys, lambda key: method_name(key.partition("\0")[0]),
                           class_attributes | set(attributes.values()))
    views = [_operation(spec, path, method, op, methods[key], attributes)
             for key, (path, method, (_, op)) in zip(keys, calls, strict=True)]
    return client_params, sorted(views, key=lambda v: v.method_name)


def _parameters_merged(spec: _Spec, item: dict[str, Any], op: dict[str, Any]) -> dict[str, Any]:
    """The operation with its parameters resolved and those of its path item added (the operation's own
    win where both name one)."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for param in [*(item.get("parameters") or ()), *(op.get("parameters") or ())]:
        found = spec.resolve(param)
        if isinstance(found.get("name"), str) and found.get("in") in ("path", "query", "header"):
            merged[(found["in"], found["name"])] = found
    return {**op, "parameters": list(merged.values())}


def _calls(method: str, path: str, op: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(operationId, operation) of each method one operation gives: one, or one per action where actions
    share the method and path (`x-apigen-actions`), each taking its own body. An operation without an
    operationId is named by its method and path."""
    operation_id = op.get("operationId") or f"{method} {path}"
    actions = op.get("x-apigen-actions") or []
    if not actions:
        return [(operation_id, op)]
    return [(operation_id + action["name"],
             {**op, "operationId": operation_id + action["name"],
              "summary": action.get("summary") or op.get("summary", ""),
              "requestBody": {"content": {"application/json": {"schema": {"$ref": action["schema"]}}}}})
            for action in actions]


def _operation(spec: _Spec, path: str, method: str, op: dict[str, Any], name: str,
               client_attributes: dict[str, str]) -> OperationView:
    positional: list[ParamView] = []
    keyword: list[ParamView] = []
    by_location: dict[str, list[ParamView]] = {"path": [], "query": [], "header": []}
    arg_docs: list[str] = []
    taken = {"self", "body", "timeout"} | spec.code_names
    for param in op["parameters"]:
        wire, where = param["name"], param["in"]
        py = _unique_name(python_name(wire), where, taken)
        kind = annotation(spec.resolve(param.get("schema", {})))
        if where == "path" and wire in client_attributes:
            attribute = client_attributes[wire]
            view = ParamView(py, repr(wire), f"{py}: str | None = None", f"self._client_value({attribute!r}, {py})")
            keyword.append(view)
        elif param.get("required"):
            view = ParamView(py, repr(wire), f"{py}: {kind}", py)
            (positional if where == "path" else keyword).append(view)
        else:
            view = ParamView(py, repr(wire), f"{py}: {kind} | None = None", py)
            keyword.append(view)
        by_location[where].append(view)
        arg_docs.append(f"    {py}: {_one_line(str(param.get('description', '')))}".rstrip())
    body = None
    request_body = spec.resolve(op.get("requestBody"))
    request = (request_body.get("content") or {}).get("application/json") or {}
    sent = spec.body(request.get("schema"))
    if sent is not None:
        body = ParamView("body", "'body'", f"body: {sent.annotation}", sent.sent("body"))
        positional.append(body)
        arg_docs.append("    body: the request body")
    plan = _response_plan(spec, op.get("responses") or {})
    lines = [op.get("summary", "") or op.get("operationId") or f"{method.upper()} {path}"]
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
        method_name=name,
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
        paging=page_plan(path, method, op, spec.resolve),
        body_model=sent.model if sent is not None else "",
        reads_list=plan.reads_list,
    )


@dataclass(frozen=True)
class _ResponsePlan:
    returns: str
    models: tuple[str, ...]
    answers: str
    branches: tuple[tuple[str, str], ...]
    result: str
    reads_list: bool


def _response_plan(spec: _Spec, responses: dict[str, Any]) -> _ResponsePlan:
    """What a method returns for each documented status: the first success model by default, another
    documented success (or 3xx) status its own model (or None when it has no body). A 3xx status with a
    model is an answer the call returns, not a redirect to follow (OpenStack's 300 Multiple Choices)."""
    documented: dict[str, _Body | None] = {}
    for status, response in sorted(responses.items()):
        content = spec.resolve(response).get("content") or {}
        model = spec.body((content.get("application/json") or {}).get("schema"))
        if status[:1] in ("2", "3") and model is not None:
            documented[status] = model
        elif status[:1] in ("2", "3") and not content:
            documented[status] = None  # no body; one with a body but no schema is read as the default model
    default = next((model for status, model in documented.items() if status[:1] == "2" and model), None)
    answers = sorted(int(s) for s, model in documented.items() if s[:1] == "3" and s.isdigit() and model)
    branches = [(s, model) for s, model in documented.items() if s.isdigit() and model != default
                and (s[:1] == "2" or int(s) in answers)]
    results = list(dict.fromkeys([default, *(model for _, model in branches)]))
    bodies = [model for model in results if model]
    return _ResponsePlan(
        returns=" | ".join([*(b.annotation for b in bodies), *(["None"] if None in results else [])]),
        models=tuple(dict.fromkeys(b.model for b in bodies)),
        answers=f"frozenset({{{', '.join(map(str, answers))}}})" if answers else "",
        branches=tuple((f"response.status_code == {s}", _result(model)) for s, model in branches),
        result=_result(default),
        reads_list=any(b.array for b in bodies),
    )


def _result(model: _Body | None) -> str:
    return model.parsed("response") if model else "None"


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
