"""The iter_<operation>() methods: one view per list operation that pages (pagination.py decides which and
how), with its item type read from the generated models, laid out by client.py.jinja for both clients."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from generator.codegen.clients import OperationView, ParamView, docstring_literal
from generator.codegen.names import unique_names
from generator.codegen.pagination import NoPaging, PagePlan, describe

_PLAIN_TYPES = frozenset({"str", "int", "float", "bool", "Any", "dict", "list", "None"})


@dataclass(frozen=True)
class IteratorView:
    method_name: str
    list_method: str  # the operation's own method, called once per page
    positional: tuple[ParamView, ...]
    keyword: tuple[ParamView, ...]
    call_args: tuple[str, ...]  # what each page's call passes, ready to print
    item: str  # the annotation of one item
    rule: str  # a `PageRule(...)` expression
    start: str  # the argument holding where the first page starts
    limit: str  # the argument holding the page size
    docstring: str


def iterator_views(operations: list[OperationView], models_source: str, taken: set[str]) -> list[IteratorView]:
    """A view per operation that pages. `taken`: the names the client classes already use, which an iter_
    method keeps clear of."""
    fields = _model_fields(models_source)
    plans = [(view, plan) for view in operations if (plan := _plan_of(view, fields)) is not None]
    names = unique_names([f"iter_{view.method_name}" for view, _ in plans], lambda n: n,
                         taken | {view.method_name for view in operations})
    return [_view(view, plan, names[f"iter_{view.method_name}"], fields) for view, plan in plans]


def _plan_of(view: OperationView, fields: dict[str, dict[str, str]]) -> PagePlan | None:
    """The plan of an operation that pages; None when it has none, or has a page pattern the generated
    method cannot walk (pagination.py says why in NoPaging)."""
    plan = view.paging
    if plan is None or isinstance(plan, NoPaging):
        return None
    if len(view.models) != 1 or view.branches or view.returns != view.models[0]:
        return None  # more than one success model: which page shape comes back is not known
    query = {param.wire_name: param for param in view.query_params}
    if repr(plan.cursor) not in query or repr(plan.limit) not in query or query[repr(plan.cursor)] in view.positional:
        return None  # the cursor is not an optional query argument
    if plan.items not in fields.get(view.models[0].removeprefix("models."), {}):
        return None  # the response model has no field holding the items
    return plan


def _view(view: OperationView, plan: PagePlan, name: str, fields: dict[str, dict[str, str]]) -> IteratorView:
    query = {param.wire_name: param for param in view.query_params}
    start, limit = query[repr(plan.cursor)].python_name, query[repr(plan.limit)].python_name
    call_args = [param.python_name for param in view.positional]
    call_args += [f"{param.python_name}=_pager.cursor" if param.python_name == start
                  else f"{param.python_name}={param.python_name}" for param in view.keyword]
    item = fields[view.models[0].removeprefix("models.")][plan.items]
    rule = _rule_expression(plan)
    lines = [f"Every item of {view.method_name}() (`{plan.items}`), page after page, each page asked for when "
             "the items before it are used up.", "", *describe(plan), "",
             f"Takes the arguments of {view.method_name}(); `{start}` is where the first page starts (None: at "
             f"the first page) and `{limit}` the page size (None: the server's).", "", "Raises:",
             f"    ApiError: as {view.method_name}() does; PagingError when a page gives no way on (no marker, "
             "or the same marker again)."]
    return IteratorView(method_name=name, list_method=view.method_name, positional=view.positional,
                        keyword=view.keyword, call_args=tuple(call_args), item=item, rule=rule, start=start,
                        limit=limit, docstring=docstring_literal("\n".join(lines)))


def _rule_expression(plan: PagePlan) -> str:
    """`PageRule(...)` with the plan's values, those at their defaults left out."""
    values = {"style": plan.style, "cursor": plan.cursor, "items": plan.items, "key": plan.key,
              "pointer": plan.pointer, "pointer_kind": plan.pointer_kind, "total": plan.total,
              "first_page": plan.first_page, "max_limit": plan.max_limit}
    defaults = {"key": "", "pointer": (), "pointer_kind": "", "total": (), "first_page": 1, "max_limit": None}
    shown = [f"{name}={value!r}" for name, value in values.items() if name not in defaults or value != defaults[name]]
    return f"PageRule({', '.join(shown)})"


def _model_fields(source: str) -> dict[str, dict[str, str]]:
    """Each model class -> each field's wire name (its alias, else its name) -> the annotation of one item of
    it when it is a list (`models.Vault`; `Any` for what is not a model or a plain type)."""
    tree = ast.parse(source)
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    found: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields: dict[str, str] = {}
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                fields[_alias(statement) or statement.target.id] = _item_annotation(statement.annotation, classes)
        found[node.name] = fields
    return found


def _alias(statement: ast.AnnAssign) -> str | None:
    call = statement.value
    if isinstance(call, ast.Call):
        for keyword in call.keywords:
            if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value,
                                                                                                 str):
                return keyword.value.value
    return None


def _item_annotation(annotation: ast.expr, classes: set[str]) -> str:
    """`list[X] | None` -> `models.X`; anything else -> `Any`."""
    sides = [annotation.left, annotation.right] if isinstance(annotation, ast.BinOp) else [annotation]
    lists = [side for side in sides if isinstance(side, ast.Subscript) and isinstance(side.value, ast.Name)
             and side.value.id == "list"]
    if len(lists) != 1:
        return "Any"
    element = lists[0].slice
    names = {node.id for node in ast.walk(element) if isinstance(node, ast.Name)}
    if not names <= classes | _PLAIN_TYPES:
        return "Any"

    class _Qualify(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.expr:
            return ast.Attribute(ast.Name("models", ast.Load()), node.id, ast.Load()) if node.id in classes else node

    return ast.unparse(_Qualify().visit(element))
