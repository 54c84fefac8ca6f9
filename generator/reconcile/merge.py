"""Merge the pages of one service into the canonical model, recording every disagreement.

Pages document the same operation when method and path template match (parameter names aside).
Their body tables are walked together from the root: tables met at the same place are one schema,
whatever each page calls it, and the examples met at that place are its evidence. This module walks
and asks: each kind of decision is a module with its rules (types.py and enums.py a property's schema,
names.py operationIds and schema names, security.py the token and signing schemes, tags.py, responses.py),
each citing the rule ids of rules.py, strongest evidence first."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from generator.bind import bind_pages, objects_under
from generator.ir import Example, Field, Page, Table, TypeRef, given_name
from generator.reconcile.admit import (
    MAX_NESTING,
    refuse_impossible_statuses,
    refuse_nesting,
)
from generator.reconcile.bodies import (
    EXAMPLE_LEVEL,
    KEYED,
    Shape,
    example_items,
    is_placeholder,
    read_body,
    read_levels,
    report,
    report_level,
)
from generator.reconcile.congruence import ClassGraph, report_union, unite_congruent
from generator.reconcile.errorbodies import share_error_bodies
from generator.reconcile.fragments import infer_schema
from generator.reconcile.matching import group_operations
from generator.reconcile.model import (
    Action,
    Candidate,
    Conflict,
    Evidence,
    ExampleBody,
    Gap,
    Operation,
    Parameter,
    Property,
    Response,
    Schema,
    Service,
    ServiceConfig,
)
from generator.reconcile.names import (
    class_name,
    majority,
    operation_id,
    pascal,
    path_names,
    rename_collisions,
    unique_operation_ids,
)
from generator.reconcile.namesakes import Side, differences, shape_of, side_of
from generator.reconcile.responses import (
    FALLBACK_SUCCESS,
    bodiless,
    decide_error_body,
    error_body_name,
    settle_success_statuses,
    status_pages,
    wire_error_responses,
    with_codes,
)
from generator.reconcile.security import is_credential_header, operation_security, token_scheme
from generator.reconcile.sightings import Sightings, index_fields
from generator.reconcile.slips import (
    decide_slip,
    example_key_subject,
    field_words,
    nameless_reason,
    pair_slips,
    report_slip,
)
from generator.reconcile.tags import ROOT_TAG, plan_tags
from generator.reconcile.types import decide_inferred, decide_schema

# (source file, "#section:status" for a body root, or "section:status|TypeName" for a nested table): a
# page may use one type name for different tables in its request and its responses.
NodeKey = tuple[str, str]


def scope_of(key: NodeKey) -> str:
    return key[1][1:] if key[1].startswith("#") else key[1].split("|", 1)[0]


def type_name_of(key: NodeKey) -> str:
    """The name the page gives the table ("" for a body root)."""
    return "" if key[1].startswith("#") else key[1].split("|", 1)[1]


def child_key(key: NodeKey, type_name: str) -> NodeKey:
    return (key[0], f"{scope_of(key)}|{type_name}")


# OpenAPI describes these with the media types of the request body and responses; a header parameter by one of
# these names is ignored by the standard (3.1 section 4.8.12.1) and refused by client generators
_MEDIA_HEADER = re.compile(r"content-type|accept", re.I)


class _Names:
    """Union-find over node keys: tables met at the same place become one class."""

    def __init__(self) -> None:
        self.parent: dict[NodeKey, NodeKey] = {}
        self.order: dict[NodeKey, int] = {}

    def add(self, key: NodeKey) -> None:
        if key not in self.parent:
            self.parent[key] = key
            self.order[key] = len(self.order)

    def find(self, key: NodeKey) -> NodeKey:
        self.add(key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, keys: list[NodeKey]) -> NodeKey:
        roots = sorted({self.find(k) for k in keys}, key=lambda k: self.order[k])
        for other in roots[1:]:
            self.parent[other] = roots[0]
        return roots[0]


def reconcile(pages: list[Page], config: ServiceConfig, evidence: Evidence | None = None,
              sections: dict[str, str] | None = None) -> Service:
    """`sections`: folder -> the title of its index page (which names the tags)."""
    return _Reconciler(bind_pages(pages), config, evidence, sections or {}).run()


class _Reconciler:
    def __init__(self, pages: list[Page], config: ServiceConfig, evidence: Evidence | None = None,
                 sections: dict[str, str] | None = None) -> None:
        self.config = config
        self.sections = sections or {}
        self.evidence = evidence
        read, self.levels = read_levels(pages)  # bodies.py: the levels of a body the examples show otherwise
        self.pages = sorted(read, key=self._page_order)
        self.by_source = {p.source: p for p in self.pages}
        self.names = _Names()
        self.instances: dict[NodeKey, list[tuple[str, dict[str, Any]]]] = {}
        self.root_names: dict[NodeKey, str] = {}
        self.conflicts: list[Conflict] = []
        self.gaps: list[Gap] = []
        self.ids: Counter[str] = Counter()
        self.class_names: dict[NodeKey, str] = {}
        self.op_of: dict[NodeKey, str] = {}  # the first operation that reached a table
        self.reached: set[tuple[str, str]] = set()  # (source, table label) of every body table walked
        self.current_op = ""
        self.sightings: dict[str, Sightings] = {}  # every body field name: what the service shows of it
        self.words: dict[str, frozenset[str]] = {}  # every word of a table field name: the names using it
        self.united: dict[str, list[str]] = {}  # "Schema.field" -> the conflicts of the objects united under it

    # --- ordering --------------------------------------------------------------------------------

    def _page_order(self, page: Page) -> tuple[int, str]:
        order = self.config.language_priority
        return (order.index(page.language) if page.language in order else len(order), page.source)

    def priority(self, source: str) -> int:
        return self._page_order(self.by_source[source])[0] if source in self.by_source else 99

    # --- entry -----------------------------------------------------------------------------------

    def run(self) -> Service:
        for page in self.pages:
            if page.kind == "operation":
                refuse_impossible_statuses(page)
        for level in self.levels:
            subject, kind, candidates, decided = report_level(level)
            self.conflict(subject=subject, kind=kind, candidates=candidates, decision=decided, rule=level.rule)
            if level.inner:  # a level no example sends: its table is read, and its conflict says how
                self.reached.add((level.source, level.table))
        ordered, matches = group_operations(self.pages)
        for match in matches:
            self.conflict(subject=f"{match.method} {match.kept}", kind="path",
                          candidates=[Candidate(f"{match.method} {match.kept}", match.kept_sources),
                                      Candidate(f"{match.method} {match.other}", match.other_sources)],
                          decision=f"one operation, {match.method} {match.kept} ({match.shared_fields:.0%} of the "
                                   "fields shared; the line of the language first in priority)",
                          rule="R3-path-match")
        ids = unique_operation_ids(self, [(operation_id(self, group), group) for group in ordered])
        plans = [self._plan_operation(group, op_id) for op_id, group in zip(ids, ordered, strict=True)]
        schemas = self._build_schemas()
        service = Service(config=self.config, schemas=schemas, sources=tuple(p.source for p in self.pages))
        for plan in plans:
            service.operations.append(self._operation(plan, service))
        for op in service.operations:
            for action in op.actions:
                self._require_action_keys(service, action)
        appendix = [p for p in self.pages if p.kind == "appendix"]
        self._appendix(service, appendix)
        self._settle_success(service, appendix)
        self._wire_errors(service, appendix)
        self._tag(service)
        service.reached_tables = self.reached
        service.conflicts = self.conflicts
        service.gaps = self.gaps
        return service

    def _require_action_keys(self, service: Service, action: Action) -> None:
        """An action's body must carry its key, or a body could not say which action it is."""
        schema = service.schemas[action.schema]
        if len(action.keys) != 1 or any(p.required for p in schema.properties if p.name in action.keys):
            return  # an action of several keys is told apart by any one of them: no property is required
        props = tuple(replace(p, required=True) if p.name in action.keys else p for p in schema.properties)
        service.schemas[action.schema] = replace(schema, properties=props)
        self.conflict(subject=f"schema {action.schema}", kind="required",
                      candidates=[Candidate("not marked required", action.sources),
                                  Candidate("the key that names the action", action.keys)],
                      decision=f"{', '.join(action.keys)} required", rule="R3-action-key")

    def _tag(self, service: Service) -> None:
        """Every operation tagged with its resource (tags.py); spellings united are reported."""
        plan = plan_tags([(op.method, op.path) for op in service.operations],
                         {op.path: op.sources for op in service.operations}, self.sections)
        service.operations = [replace(op, tag=plan.tag_of_path[op.path]) for op in service.operations]
        service.tags = plan.descriptions
        for tag, spellings in sorted(plan.spellings.items()):
            self.conflict(subject=tag, kind="tag", decision=tag, rule="R3-tag-resource",
                          candidates=[Candidate(spelling, paths) for spelling, paths in spellings.items()])

    def _wire_errors(self, service: Service, appendix: list[Page]) -> None:
        """The shared error body on every error response that documents none (responses.py)."""
        body = decide_error_body(service, appendix, error_body_name(service.schemas), infer_schema)
        service.schemas[body.schema.name] = body.schema
        service.error_body = body.schema.name
        wiring = wire_error_responses(service, body.schema)
        service.operations = wiring.operations
        listed = bool(service.error_codes)
        for shared in share_error_bodies(service, body.schema, error_body_name,
                                         lambda key, schema: with_codes(key, schema, listed)):
            self.conflict(subject=f"{shared.schema} (documented error bodies)", kind="error-body",
                          rule="R3-error-body-shared",
                          decision=f"one schema, {shared.schema}, for {len(shared.members)} error responses",
                          candidates=[Candidate(f"{{{', '.join(shared.fields)}}} under {op_id} {status} ({name})",
                                                sources)
                                      for (op_id, status, name), sources in zip(shared.members, shared.sources,
                                                                                strict=True)])
        fields = ", ".join(p.name for p in body.schema.properties)
        self.conflict(subject=body.schema.name, kind="error-body", rule="R3-error-body",
                      decision=f"{{{fields}}}, from {body.decided_by}; on {wiring.given_body} error responses "
                               f"without a body, and on {wiring.given_responses} operations with none",
                      # no page shows the body: the candidate cites the operations it was given to
                      candidates=[Candidate(fields, body.sources or wiring.receivers),
                                  *(Candidate(shape, sources) for shape, sources in body.others)])
        if wiring.given_4xx:
            codes = ", ".join(sorted(c for c in service.status_texts if c[:1] == "4"))
            self.conflict(subject="operations documenting no 4xx answer", kind="error-statuses",
                          rule="R3-error-statuses",
                          decision=f"the status-code page's {codes}, with {body.schema.name}",
                          candidates=[Candidate(f"the status-code page's {codes}", status_pages(appendix)),
                                      Candidate("operations documenting errors but no 4xx", wiring.given_4xx)])
        if wiring.other_bodies:
            self.conflict(subject="error responses whose examples show another body", kind="error-body",
                          rule="R3-error-body", decision="kept with their examples, without the shared body",
                          candidates=[Candidate(f"examples sharing no key with {{{fields}}}", wiring.other_bodies)])

    def _settle_success(self, service: Service, appendix: list[Page]) -> None:
        """The success status of an operation whose pages name none, from the status-code page (responses.py)."""
        service.operations, settled = settle_success_statuses(service, appendix)
        done = {f"{s.operation_id} responses" for s in settled}
        self.gaps = [g for g in self.gaps if g.subject not in done]
        by_method = {op.operation_id: op.method.upper() for op in service.operations}
        groups: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[str]] = {}
        for s in settled:
            groups.setdefault((by_method[s.operation_id], s.codes, s.sources), []).append(s.operation_id)
        for (method, codes, sources), op_ids in sorted(groups.items()):
            self.conflict(subject=f"{method} operations whose pages name no success status", kind="success-status",
                          rule="R3-success-status", decision=", ".join(codes),
                          candidates=[Candidate(f"the status-code page: {', '.join(codes)} for {method}", sources),
                                      Candidate("operations", tuple(op_ids))])

    def _appendix(self, service: Service, pages: list[Page]) -> None:
        """The status-code and error-code appendices become shared components."""
        for page in pages:
            for code in page.status_codes:
                service.status_texts.setdefault(code.code, {}).setdefault(page.language, code.description)
            for entry in page.error_codes:
                if not entry.status:
                    self.gap(Gap(f"error code {entry.code}", "the appendix gives no valid HTTP status "
                                         "for it", (entry.provenance.cite(),)))
                service.error_codes.append(entry)

    # --- walking the body tables ------------------------------------------------------------------

    def _plan_operation(self, pages: list[Page], op_id: str) -> dict[str, Any]:
        self.current_op = op_id
        bodies: dict[tuple[str, str | None], NodeKey] = {}
        shapes: dict[tuple[str, str | None], Shape] = {}
        statuses = sorted({t.status for p in pages for t in p.tables if t.role == "response_body" and t.status}
                          | {e.status for p in pages for e in p.examples if e.kind == "response" and e.status})
        actions = _actions(pages)
        plan_actions: list[tuple[str, tuple[str, ...], NodeKey, list[Page]]] = []
        if len(actions) > 1:
            # One method + path, several operations told apart by the body's top key (POST …/action with
            # os-extend, os-set_bootable, …): each action's body is a schema of its own, the request a oneOf.
            for keys, action_pages in actions:
                name = f"{op_id}{pascal('_'.join(keys))}RequestBody"
                members = [(p.source, "#request:None") for p in action_pages
                           if any(t.role == "request_body" for t in p.tables)]
                examples = [(ex.provenance.cite(), ex.body) for p in action_pages for ex in p.examples
                            if ex.parsed and isinstance(ex.body, dict) and ex.kind == "request"]
                self._walk(members, examples, 0)
                self.root_names[self.names.find(members[0])] = name
                plan_actions.append((name, keys, members[0], action_pages))
        for section, status in [("request", None)] + [("response", s) for s in statuses]:
            if section == "request" and plan_actions:
                continue
            role = "request_body" if section == "request" else "response_body"
            members = []
            shown = []
            for page in pages:
                root_table = next((t for t in page.tables if t.role == role and (t.status or None) == status), None)
                if root_table is not None:
                    key = (page.source, f"#{section}:{status}")
                    members.append(key)
                for ex in page.examples:
                    if ex.parsed and isinstance(ex.body, (dict, list)) and ex.kind == section and ex.status == status \
                            and not ex.aside:
                        shown.append((ex.provenance.cite(), ex.body))
            if not members:
                continue
            members, shapes[(section, status)] = self._body_roots(pages, op_id, section, status, members, shown)
            examples = [(src, item) for src, body in shown for item in example_items(body, shapes[(section, status)])]
            if section == "response":
                success = [s for s in statuses if s.startswith("2")]
                suffix = "" if status == (success[0] if success else None) else str(status)
                name = f"{op_id}Response{suffix}"
            else:
                name = f"{op_id}RequestBody"
            name += "Item" if shapes[(section, status)] == "array" else ""
            self._walk(members, examples, 0)
            self.root_names[self.names.find(members[0])] = name
            bodies[(section, status)] = members[0]
        for page in pages:  # parameters can name object types too (a query parameter of type X)
            for t in page.tables:
                if t.role in ("path", "query", "header"):
                    for f in t.fields:
                        if f.type.referenced_name():
                            self._walk([(page.source, f"request:None|{f.type.referenced_name()}")], [], 0)
        return {"id": op_id, "pages": pages, "bodies": bodies, "statuses": statuses, "actions": plan_actions,
                "shapes": shapes}

    def _body_roots(self, pages: list[Page], op_id: str, section: str, status: str | None, members: list[NodeKey],
                    shown: list[tuple[str, Any]]) -> tuple[list[NodeKey], Shape]:
        """Where a body's walk starts, and the body's shape: a table whose one row is a placeholder stands for
        the table of that row's type (bodies.py); the pages disagreeing on the shape is reported."""
        tables = {key: self._table(key) for key in members}
        answers = tuple(e.body for p in pages for e in p.examples if section == "response" and e.kind == "response"
                        and e.parsed and (e.status or "").startswith("2") and e.status != status)
        reading = read_body(tables, shown, [p.source for p in self.pages], answers)
        # a placeholder's table is read: its one row names the body
        self.reached.update((t.provenance.file, t.label) for key, t in tables.items() if t and reading.rows[key])
        if reading.placeholders or reading.decision.decided_by:
            candidates, decided, rule = report(reading.decision, reading.placeholders)
            self.conflict(subject=f"{op_id} {section} {status or ''}".rstrip() + " body", kind="body-shape",
                          candidates=candidates, decision=decided, rule=rule)
        return [child_key(key, row.type.referenced_name() or "") if row else key
                for key, row in reading.rows.items()], reading.decision.shape

    def _names_used(self, members: list[NodeKey]) -> list[tuple[str, str]]:
        """(the name the page gives the table, the page) of the tables of one schema that a page names; the key
        a keyed body's table is named after (R2-body-key, bodies.py) only where no page names the schema."""
        named = [k for k in members if type_name_of(k)]
        given = [k for k in named if (t := self._table(k)) is None or t.binding != KEYED]
        return [(given_name(type_name_of(k)), k[0]) for k in given or named]

    def _table(self, key: NodeKey) -> Table | None:
        page = self.by_source[key[0]]
        if key[1].startswith("#"):
            section, status = key[1][1:].split(":", 1)
            role = "request_body" if section == "request" else "response_body"
            wanted = None if status == "None" else status
            return next((t for t in page.tables if t.role == role and (t.status or None) == wanted), None)
        section, status = scope_of(key).split(":", 1)
        wanted = None if status == "None" else status
        return next((t for t in page.tables if t.role == "object" and t.name == type_name_of(key)
                     and t.section == section and (t.status or None) == wanted), None)

    def _walk(self, members: list[NodeKey], instances: list[tuple[str, dict[str, Any]]], depth: int) -> None:
        for key in members:
            self.names.add(key)
            self.op_of.setdefault(key, self.current_op)
        self.names.union(members)
        fresh = [i for i in instances if all(i[1] is not seen[1] for seen in self.instances.get(members[0], []))]
        self.instances.setdefault(members[0], []).extend(fresh)
        if depth > MAX_NESTING:
            self._refuse_deeper(members)
            return
        tables = [(key, self._table(key)) for key in members]
        self.reached.update((table.provenance.file, table.label) for _, table in tables if table is not None)
        names: dict[str, None] = {}
        for _, table in tables:
            for f in table.fields if table else ():
                names.setdefault(f.name, None)
        # a key the examples send for a field, its name slipped (slips.py): the objects under it are the field's
        spelt = {table_key: key for key, table_key in pair_slips(names, [i for _, i in instances]).items()}
        for name in names:
            # every row of the name: a table that lists a field twice (a doc slip) has both rows' types
            # decided later, and each object type among them must be walked to be a schema
            child = list(dict.fromkeys(
                child_key(key, ref) for key, table in tables for f in (table.fields if table else ())
                if f.name == name and (ref := f.type.referenced_name()) is not None))
            if not child:
                continue
            values = [(src, obj) for src, inst in instances for obj in objects_under(inst.get(name, inst.get(
                spelt.get(name, name))))]
            new_child = [k for k in child if k not in self.names.parent]
            if new_child or values:
                self._walk(child, values, depth + 1)
            else:
                self.names.union(child)

    def _refuse_deeper(self, members: list[NodeKey]) -> None:
        """At the cap, a table whose fields name object tables not walked yet nests too deep: every schema
        must be built, and these would not be. Tables walked already (a type that contains itself) are fine."""
        for key in members:
            table = self._table(key)
            for f in table.fields if table else ():
                ref = f.type.referenced_name()
                if ref is not None and child_key(key, ref) not in self.names.parent:
                    raise refuse_nesting(f)

    # --- schemas -----------------------------------------------------------------------------------

    def _classes(self) -> dict[NodeKey, list[NodeKey]]:
        classes: dict[NodeKey, list[NodeKey]] = {}
        for key in sorted(self.names.parent, key=lambda k: self.names.order[k]):
            classes.setdefault(self.names.find(key), []).append(key)
        return classes

    def _build_schemas(self) -> dict[str, Schema]:
        self._merge_namesakes()
        graph = ClassGraph(classes=self._classes, table=self._table, child=child_key,
                           named=lambda key: given_name(type_name_of(key)),
                           find=self.names.find, unite=self.names.union, fixed=self.root_names.__contains__,
                           direction=self._direction)
        unions = unite_congruent(graph)  # congruence.py: one field of one schema, one object type
        classes = self._classes()
        for root, members in classes.items():
            self.class_names[root] = self.root_names.get(root) or class_name(self, self._names_used(members))
        operations = {root: op for root, members in classes.items()
                      if (op := next((self.op_of[k] for k in members if k in self.op_of), None)) is not None}
        self.class_names = rename_collisions(
            self, {root: self.class_names[root] for root in classes},
            {root: tuple(sorted({k[0] for k in members})) for root, members in classes.items()}, operations)
        for union in unions:
            field = f"{self.class_names[self.names.find(union.parent)]}.{union.field}"
            self.united.setdefault(field, []).append(
                report_union(self, graph, union, lambda key: self.class_names[self.names.find(key)]))
        tables = [t for members in classes.values() for m in members if (t := self._table(m)) is not None]
        self.sightings = index_fields(tables, [i for members in classes.values() for m in members
                                               for i in self.instances.get(m, [])])
        self.words = field_words(tables)
        schemas: dict[str, Schema] = {}
        for root, members in classes.items():
            instances = [i for m in members for i in self.instances.get(m, [])]
            schema = self._schema(self.class_names[root], members, instances)
            schemas[schema.name] = schema
        return dict(sorted(schemas.items()))

    def _direction(self, members: list[NodeKey]) -> str:
        tables = [t for m in members if (t := self._table(m))]
        return "request" if any(t.section == "request" for t in tables) else "response"

    def _merge_namesakes(self) -> None:
        """Operations of one service share their response types: tables of one name met in different
        operations are one schema when their fields mostly agree (half or more in common), unless each one's
        examples send its own type of a field both type differently (namesakes.py: two versions of an object).
        Request types stay with their operation: what creating requires, updating need not (and a response need
        not send)."""
        by_name: dict[tuple[str, str], list[tuple[NodeKey, set[str]]]] = {}
        for root, members in self._classes().items():
            if root in self.root_names or self._direction(members) == "request":
                continue
            name = majority(self, self._names_used(members))[0]
            fields = {f.name for m in members if (t := self._table(m)) for f in t.fields}
            by_name.setdefault((name, self._direction(members)), []).append((root, fields))
        classes = self._classes()  # kept up to date as namesakes unite
        judged: set[tuple[NodeKey, NodeKey]] = set()
        for (name, _), group in by_name.items():
            for i, (root, fields) in enumerate(group):
                for other, other_fields in group[:i]:
                    if fields and other_fields and _jaccard(fields, other_fields) >= 0.5:
                        pair = (self.names.find(other), self.names.find(root))
                        if pair[0] == pair[1]:
                            break
                        if pair in judged or self._namesakes_apart(name, classes, *pair):
                            judged.add(pair)
                            continue  # two objects (namesakes.py): perhaps one with another namesake
                        united = self.names.union([other, root])
                        classes[united] = classes.pop(pair[0]) + classes.pop(pair[1])
                        break

    def _namesakes_apart(self, name: str, members: dict[NodeKey, list[NodeKey]], a: NodeKey, b: NodeKey) -> bool:
        """Whether two namesake classes are two objects, each side's examples sending its own type of a common
        field (namesakes.py, R2-namesakes-apart); the decision is reported."""
        found = differences(self._namesake_side(members, a), self._namesake_side(members, b))
        if found:
            fields = ", ".join(d.field for d in found)
            self.conflict(subject=f"tables named {name}", kind="name", rule="R2-namesakes-apart",
                          candidates=[Candidate("; ".join(f"{d.field}: {d.shapes[side].describe()}" for d in found),
                                                tuple(dict.fromkeys(c for d in found for c in d.cites[side])))
                                      for side in (0, 1)],
                          decision=f"two schemas: each one's examples send its own type of {fields}")
        return bool(found)

    def _namesake_side(self, members: dict[NodeKey, list[NodeKey]], root: NodeKey) -> Side:
        def fields_of(key: NodeKey) -> Callable[[str], frozenset[str]]:
            def object_fields(ref: str) -> frozenset[str]:
                child = members.get(self.names.find(child_key(key, ref)), [])
                return frozenset(f.name for k in child if (t := self._table(k)) for f in t.fields)
            return object_fields

        rows = [(f, shape_of(f.type, fields_of(key))) for key in members[root] if (t := self._table(key))
                for f in t.fields]
        return side_of(rows, [i for key in members[root] for i in self.instances.get(key, [])])

    def _ref_name(self, key: NodeKey, type_name: str) -> str:
        return self.class_names[self.names.find(child_key(key, type_name))]

    def _schema(self, name: str, members: list[NodeKey], instances: list[tuple[str, dict[str, Any]]]) -> Schema:
        tables = sorted(((k, t) for k in members if (t := self._table(k)) is not None),
                        key=lambda kt: self.priority(kt[0][0]))
        page_names = {n for n, _ in self._names_used(members)}
        aliases = tuple(sorted({pascal(n) for n in page_names} - {name}
                               | {n for n in page_names if n != name and pascal(n) == name}))
        sources = tuple(sorted({k[0] for k, _ in tables}))
        order: dict[str, None] = {}
        for _, table in tables:
            for f in table.fields:
                order.setdefault(f.name, None)
        for _, inst in instances:
            for key in inst:
                order.setdefault(key, None)
        props = []
        spelt = {table_key: key for key, table_key in
                 pair_slips((f.name for _, t in tables for f in t.fields), (i for _, i in instances)).items()}
        for prop_name in order:
            if prop_name in spelt.values():
                continue  # a table field's name slipped: read with that field
            found = [(k, f) for k, t in tables for f in t.fields if f.name == prop_name]
            spellings = (prop_name, spelt[prop_name]) if prop_name in spelt else (prop_name,)
            values = [(src, inst[key]) for src, inst in instances for key in spellings if key in inst]
            absent = [k[0] for k, t in tables if not any(f.name == prop_name for f in t.fields)]
            slip = nameless_reason(prop_name, order) if not found else None
            if slip:
                # `"": "tls-1-0"`, `"floating_ip_address "` beside `floating_ip_address`: a slip in the example
                self.conflict(subject=example_key_subject(name, prop_name), kind="presence",
                              candidates=[Candidate("only in examples", tuple(sorted({s for s, _ in values}))),
                                          Candidate(slip, ())],
                              decision="not added as a field", rule="R2-example-nameless")
                continue
            omitted = sorted({src for src, inst in instances if not any(key in inst for key in spellings)})
            if prop_name in spelt:
                prop = self._slipped_property(name, prop_name, spelt[prop_name], found, values, absent, omitted,
                                              instances)
            else:
                prop = self._property(f"{name}.{prop_name}", prop_name, found, values, absent, body=True,
                                      omitted=omitted)
            props.append(replace(prop, conflicts=(*self.united.get(f"{name}.{prop_name}", ()), *prop.conflicts)))
        if not tables:
            missing = sorted({k[0] for k in members})
            self.gap(Gap(f"schema {name}", "the docs name this type but print no table for it",
                                 tuple(missing)))
        return Schema(name=name, properties=tuple(props), aliases=aliases, sources=sources,
                      undocumented=not tables)

    # --- properties --------------------------------------------------------------------------------

    def _slipped_property(self, schema: str, table_key: str, example_key: str, found: list[tuple[NodeKey, Field]],
                          values: list[tuple[str, Any]], absent: list[str], omitted: list[str],
                          instances: list[tuple[str, dict[str, Any]]]) -> Property:
        """A table field the examples send under its name slipped (slips.py): one property, under the spelling
        the evidence stands behind, typed from the table's rows and the values under either spelling."""
        slip = decide_slip(table_key, example_key, [inst for _, inst in instances], self.words)
        sent = tuple(sorted({src for src, inst in instances if example_key in inst}))
        cid = report_slip(self, schema, slip, tuple(f.provenance.cite() for _, f in found), sent)
        prop = self._property(f"{schema}.{slip.kept}", slip.kept, found, values, absent, body=True, omitted=omitted)
        return replace(prop, conflicts=(cid, *prop.conflicts))

    def _type_schema(self, key: NodeKey, t: TypeRef) -> dict[str, Any]:
        """The schema of a field's type; `key` is the table the field is in (its references resolve there)."""
        if t.kind == "ref":
            return {"$ref": self._ref_name(key, t.ref or "")}
        if t.kind == "array":
            return {"type": "array", "items": self._type_schema(key, t.items)} if t.items else {"type": "array"}
        if t.kind == "any":
            return {}
        if t.kind == "object" and t.values is not None:
            return {"type": "object", "additionalProperties": self._type_schema(key, t.values)}
        schema: dict[str, Any] = {"type": t.kind}
        if t.format:
            schema["format"] = t.format
        return schema

    def _property(self, subject: str, name: str, found: list[tuple[NodeKey, Field]],
                  values: list[tuple[str, Any]], absent: list[str], body: bool,
                  omitted: list[str] | None = None) -> Property:
        if not found:
            schema, ids = decide_inferred(self, subject, values, absent, self.sightings.get(name) if body else None)
            return Property(name=name, schema=schema, inferred=True, conflicts=tuple(ids),
                            sources=tuple(sorted({s for s, _ in values})))
        rows = [(self._type_schema(key, f.type), f) for key, f in found]
        schema, ids = decide_schema(self, subject, name, rows, values, body, self.evidence,
                                    self.sightings.get(name) if body else None)
        for _, f in found:
            for remark in f.remarks:
                ids.append(self.conflict(subject=subject, kind="cell",
                                         candidates=[Candidate(remark, (f.provenance.cite(),))],
                                         decision=remark.rsplit(": ", 1)[-1], rule="R3-cell-reading"))
        required = False
        flags = {f.required for _, f in found if f.required is not None}
        if True in flags:
            required = True
            if False in flags:
                ids.append(self.conflict(
                    subject=subject, kind="required",
                    candidates=[Candidate(str(flag).lower(),
                                          tuple(f.provenance.cite() for _, f in found if f.required is flag))
                                for flag in (True, False)],
                    decision="required", rule="R3-required-any"))
        languages = {f.provenance.language for _, f in found if f.required}
        variants = [src for src in absent if src in self.by_source and self.by_source[src].language in languages]
        if required and variants and body:
            # Two pages of one request line (a public and a private zone, text and template messages): what
            # one page's body does without is not required of every body.
            required = False
            ids.append(self.conflict(
                subject=subject, kind="required",
                candidates=[Candidate("required", tuple(f.provenance.cite() for _, f in found if f.required)),
                            Candidate("not listed", tuple(sorted(set(variants))))],
                decision="not required", rule="R3-required-absent"))
        if required and body and omitted:
            # an example of this body that does without the field is a body the docs show as valid
            required = False
            ids.append(self.conflict(
                subject=subject, kind="required",
                candidates=[Candidate("required", tuple(f.provenance.cite() for _, f in found if f.required)),
                            Candidate("omitted by an example", tuple(omitted))],
                decision="not required", rule="R2-example-optional"))
        sources = tuple(sorted({k[0] for k, _ in found}))
        if absent and body:
            ids.append(self.conflict(
                subject=subject, kind="presence",
                candidates=[Candidate("listed", tuple(f.provenance.cite() for _, f in found)),
                            Candidate("not listed", tuple(sorted(set(absent))))],
                decision="kept, marked with the sources that list it", rule="R3-union-fields"))
        en = next((f.description for s, f in found if f.provenance.language == "en" and f.description), "")
        zh = next((f.description for s, f in found if f.provenance.language == "zh" and f.description), "")
        return Property(name=name, schema=schema, description=en or zh, description_zh=zh if en else "",
                        required=required, sources=sources, partial_sources=bool(absent and body),
                        conflicts=tuple(ids))

    # --- operations ----------------------------------------------------------------------------------

    def _operation(self, plan: dict[str, Any], service: Service) -> Operation:
        pages: list[Page] = plan["pages"]
        op_id: str = plan["id"]
        first = pages[0]
        params: list[Parameter] = []
        security: list[str] = []
        security_optional = False
        canonical = path_names(first.path)

        def own_name(page: Page, location: str, name: str) -> str:
            """A path parameter by its place in the template: `{version}` on one page is `{api_version}` on
            another when both stand in the same segment."""
            if location != "path" or name in canonical:
                return name
            mine = path_names(page.path)
            return canonical[mine.index(name)] if name in mine and len(mine) == len(canonical) else name

        for location in ("path", "query", "header"):
            names: dict[str, None] = {}
            for page in pages:
                for t in page.tables:
                    if t.role == location:
                        for f in t.fields:
                            names.setdefault(own_name(page, location, f.name), None)
            for name in names:
                found = [((p.source, "request:None|"), f) for p in pages for t in p.tables if t.role == location
                         for f in t.fields if own_name(p, location, f.name) == name]
                subject = f"{op_id} {location} parameter {name}"
                prop = self._property(subject, name, found, [], [], body=False)
                if location == "path":
                    prop = replace(prop, required=True)
                if not prop.schema:
                    # a parameter table with no Type column: a path, query or header value is a string on the wire
                    prop = replace(prop, schema={"type": "string"})
                    self.gap(Gap(subject, "no type given (the table has no Type column); typed string, as "
                                         "the value is sent", tuple(p.source for p in pages)))
                alternatives = prop.schema.get("anyOf", [prop.schema])
                if any(a.get("type") == "array" and "items" not in a for a in alternatives):
                    # `id | Array | id=xxx&id=xxx`: a repeated parameter's values are strings on the wire (also
                    # when it is one candidate of an unresolved type)
                    filled = [{**a, "items": {"type": "string"}} if a.get("type") == "array" and "items" not in a
                              else a for a in alternatives]
                    prop = replace(prop, schema={**prop.schema, "anyOf": filled} if "anyOf" in prop.schema
                                   else filled[0])
                    self.gap(Gap(subject, "typed Array with no element type; its items are taken as "
                                         "strings, as a repeated parameter sends them", tuple(p.source for p in pages)))
                if location == "header" and (scheme := token_scheme(self.config, service, name,
                                                                    [f for _, f in found])) is not None:
                    if scheme not in security:
                        security.append(scheme)
                    security_optional = not prop.required
                    continue
                if location == "header" and is_credential_header(name):
                    # a credential is the client's to send, never a parameter a caller fills in (or a URL holds)
                    self.gap(Gap(subject, "a credential header: sent by the client's authentication, not "
                                         "a parameter", tuple(p.source for p in pages)))
                    continue
                if location == "header" and _MEDIA_HEADER.fullmatch(name):
                    self.gap(Gap(subject, "a media type header: told by the request body's and responses' "
                                         "media types, not a parameter", tuple(p.source for p in pages)))
                    continue
                params.append(Parameter(name, location, prop))
        security = operation_security(self.config, service, security)
        documented = {p.name for p in params if p.location == "path"}
        for name in canonical:
            if name not in documented:  # the path template names it, no table lists it
                self.gap(Gap(f"{op_id} path parameter {name}", "in the path but in no parameter table; "
                                     "added as a required string", tuple(p.source for p in pages)))
                params.append(Parameter(name, "path", Property(name=name, schema={"type": "string"}, required=True,
                                                               inferred=True)))
        responses = self._responses(plan, pages)
        request_examples = _example_bodies([e for p in pages for e in p.examples if e.kind == "request"])
        for page in pages:
            for e in page.examples:
                if e.relocated_from == "request example":
                    self.conflict(subject=f"{op_id} example at {e.provenance.cite()}", kind="example-section",
                                  candidates=[Candidate("request example (where the page puts it)",
                                                        (e.provenance.cite(),)),
                                              Candidate(f"{page.method} has no request body", (page.source,))],
                                  decision=f"used as a {e.status} response example", rule="R2-example-section")
                elif e.relocated_from:
                    self.conflict(subject=f"{op_id} example at {e.provenance.cite()}", kind="example-section",
                                  candidates=[Candidate(e.relocated_from, (e.provenance.cite(),))],
                                  decision=f"used as a {e.status} response example (an error's body)",
                                  rule="R2-example-foreign")
                if e.aside:
                    self.conflict(subject=f"{op_id} example at {e.provenance.cite()}", kind=EXAMPLE_LEVEL,
                                  candidates=[Candidate(f"the example {e.aside}", (e.provenance.cite(),))],
                                  decision="the documented level stays; the example tells no field of the body",
                                  rule="R2-unsent-level")
                if e.repaired:
                    self.conflict(subject=f"{op_id} example at {e.provenance.cite()}", kind="example-repaired",
                                  candidates=[Candidate("not JSON as printed", (e.provenance.cite(),))],
                                  decision=f"read as JSON: {e.repaired}", rule="R2-example-repaired")
        en = next((p for p in pages if p.language == "en"), None)
        zh = next((p for p in pages if p.language == "zh"), None)
        request_key = plan["bodies"].get(("request", None))
        actions = tuple(
            Action(name=pascal("_".join(keys)), keys=keys, schema=self.class_names[self.names.find(member)],
                   summary=next((p.title for p in action_pages if p.language == "en"), action_pages[0].title),
                   sources=tuple(p.source for p in action_pages))
            for _, keys, member, action_pages in plan["actions"])
        summary, description = (en or first).title, (en or first).summary
        if actions:
            summary = f"{len(actions)} actions, told apart by the request body's key"
            description = "\n".join(f"- {', '.join(a.keys)}: {a.summary}" for a in actions)
        return Operation(
            operation_id=op_id, method=first.method, path=first.path, tag=ROOT_TAG,
            summary=summary, summary_zh=zh.title if zh and en and not actions else "",
            description=description, description_zh=zh.summary if zh and en and not actions else "",
            parameters=tuple(params), responses=responses, sources=tuple(p.source for p in pages),
            request_body=self.class_names[self.names.find(request_key)] if request_key else None,
            request_array=plan["shapes"].get(("request", None)) == "array",
            request_examples=request_examples, security=tuple(security), security_optional=security_optional,
            actions=actions)

    def _responses(self, plan: dict[str, Any], pages: list[Page]) -> tuple[Response, ...]:
        codes: dict[str, dict[str, str]] = {}
        for page in pages:
            for code in page.status_codes:
                codes.setdefault(code.code, {}).setdefault(page.language, code.description)
        for status in plan["statuses"]:
            codes.setdefault(status, {})
        if not any(code.startswith("2") for code in codes):
            # Pages that say "see Status Codes" (or nothing): the operation succeeds, with a status its page
            # does not name; the range says so, and the gap list tells a reader to look.
            self.gap(Gap(f"{plan['id']} responses", "the pages name no success status; the spec says '2XX'",
                                 tuple(p.source for p in pages)))
            codes[FALLBACK_SUCCESS] = {"en": "Success (the pages name no success status code)."}
        responses = []
        for status in sorted(codes):
            texts = codes[status]
            body = plan["bodies"].get(("response", status))
            examples = _example_bodies([e for p in pages for e in p.examples
                                        if e.kind == "response" and e.status == status])
            if (body or examples) and bodiless(pages[0].method, status):
                self.conflict(subject=f"{plan['id']} response {status}", kind="bodiless-answer",
                              candidates=[Candidate("a documented body", tuple(p.source for p in pages)),
                                          Candidate(f"HTTP: no body with {pages[0].method} {status}", ())],
                              decision="no body declared"
                                       + (f"; the documented fields stay in schema "
                                          f"{self.class_names[self.names.find(body)]}" if body else ""),
                              rule="R2-bodiless-answer")
                body, examples = None, ()
            raw = tuple(e.raw for p in pages for e in p.examples
                        if e.kind == "response" and e.status == status and not e.parsed)
            en, zh = texts.get("en", ""), texts.get("zh", "")
            responses.append(Response(
                status=status, description=en or zh or _reason(status), description_zh=zh if zh != en else "",
                schema=self.class_names[self.names.find(body)] if body else None,
                array=bool(body) and plan["shapes"].get(("response", status)) == "array",
                examples=examples, raw_examples=raw))
        return tuple(responses)

    # --- what decision modules ask (context.Decisions) ---------------------------------------------

    def conflict(self, *, subject: str, kind: str, candidates: list[Candidate], decision: str, rule: str,
                 status: str = "resolved") -> str:
        base = f"{kind}:{subject}"
        self.ids[base] += 1
        cid = base if self.ids[base] == 1 else f"{base}#{self.ids[base]}"
        self.conflicts.append(Conflict(id=cid, subject=subject, kind=kind, candidates=tuple(candidates),
                                       decision=decision, rule=rule, status=status))  # type: ignore[arg-type]
        return cid

    def gap(self, gap: Gap) -> None:
        self.gaps.append(gap)


def _actions(pages: list[Page]) -> list[tuple[tuple[str, ...], list[Page]]]:
    """The pages of one method + path grouped by the top keys of their request bodies: pages whose keys
    overlap document one action. Several groups (each with its keys, disjoint from the others') are
    several operations sharing the line; pages that print no request table join the group their
    examples' keys point to, else the first."""
    keyed: list[tuple[set[str], list[Page]]] = []
    loose: list[Page] = []
    for page in pages:
        # a placeholder row names the body, not a key that could tell actions apart (bodies.py)
        keys = {f.name for t in page.tables if t.role == "request_body" for f in t.fields if not is_placeholder(f.name)}
        if not keys:
            loose.append(page)
            continue
        overlapping = [g for g in keyed if g[0] & keys]
        merged: tuple[set[str], list[Page]] = (set(keys), [page])
        for group in overlapping:
            keyed.remove(group)
            merged = (merged[0] | group[0], group[1] + merged[1])
        keyed.append(merged)
    if len(keyed) < 2:
        return [(tuple(sorted(keyed[0][0])) if keyed else (), pages)]
    for page in loose:
        shown = {k for e in page.examples if e.kind == "request" and isinstance(e.body, dict) for k in e.body}
        home = next((g for g in keyed if g[0] & shown), keyed[0])
        home[1].append(page)
    ordered = sorted(keyed, key=lambda g: sorted(g[0]))
    return [(tuple(sorted(keys)), sorted(group, key=lambda p: p.source)) for keys, group in ordered]


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b)


def _example_bodies(examples: list[Example]) -> tuple[ExampleBody, ...]:
    """The parsed examples, one entry per distinct body, named after the first page that prints it."""
    merged: dict[str, ExampleBody] = {}
    for e in examples:
        if not e.parsed:
            continue
        key = json.dumps(e.body, sort_keys=True)
        if key in merged:
            merged[key] = replace(merged[key], sources=(*merged[key].sources, e.provenance.cite()))
            continue
        stem = e.provenance.file.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        merged[key] = ExampleBody(name=f"{stem}-line{e.provenance.line}", value=e.body,
                                  sources=(e.provenance.cite(),), summary=e.description)
    return tuple(merged.values())


def _reason(status: str) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(int(status)).phrase
    except ValueError:
        return status
