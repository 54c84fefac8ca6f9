"""Bind nested tables to the object types that refer to them.

Named tables (a caption or anchor gives the name) bind by name. The English web text prints its
nested tables with no name and not always in reference order, so an unnamed table is bound to the
type name that refers to it by evidence, strongest first: the field set of the table of that name
on another page of the same operation (the other language), the keys the page's own examples show
at that place, and only then the order of the tables on the page. Every binding says which.
`Dict` (or bare `Array`) fields whose name is also the name of a table bind to that table.
A page that prints two different tables under one name (AS: `metadata` for the disk's encryption and for the
server's metadata) has each field bound to the table its cell links to, the later namesakes under a name that
tells them apart (`ir.placed_name`); so does a page whose fields of one type name link tables of different fields.
A page that documents several forms of one request body (one table per way of calling: IMS "制作镜像" from a
server, from an OBS file, from a data disk) has the forms after the first left unnamed and unreferenced: they
are the body too, and unite with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from generator.ir import Field, Page, Table, TypeRef, given_name, link_fragment, placed_name
from generator.nouns import singular
from generator.sources.detect import PAGE_SUFFIXES
from generator.sources.vocabulary import NAMED_STRUCTURE

PEER_WEIGHT = 1.0
EXAMPLE_WEIGHT = 0.5
ORDER_WEIGHT = 0.05


@dataclass(frozen=True)
class _Reference:
    name: str
    path: tuple[str, ...]
    instances: tuple[dict[str, Any], ...]


def bind_pages(pages: list[Page]) -> list[Page]:
    """Every page with its nested tables named; peers are the other pages of the same operation, and a
    link may reach a table on any page (a shared data-structure page)."""
    anchors = anchor_index(pages)
    return [bind_nested_tables(page, [p for p in pages if p is not page and p.key == page.key], anchors)
            for page in pages]


def anchor_index(pages: list[Page]) -> dict[str, list[Table]]:
    """Every table a link can reach, by its anchors (several pages may use one anchor: a link's file part,
    or else the language of the page that links, picks among them); and each page's named tables under
    `page:<file name>`, for a link to the whole page."""
    found: dict[str, list[Table]] = {}
    for page in pages:
        for table in page.tables:
            for anchor in table.anchors:
                found.setdefault(anchor, []).append(table)
            if table.name:  # a link to the whole page reaches its named tables (the cell says which)
                found.setdefault(_page_key(page.source), []).append(table)
    return found


def bind_nested_tables(page: Page, peers: Iterable[Page] = (), anchors: dict[str, list[Table]] | None = None,
                       ) -> Page:
    tables = bind_references(list(page.tables), anchors or {})
    tables = [_bind_dict_fields(t, tables) for t in tables]
    peers = list(peers)
    for section, status in sorted({(t.section, t.status or "") for t in tables if t.role == "object"}):
        tables = _bind_section(page, tables, section, status or None, peers)
    return unite_request_body_forms(replace(page, tables=tuple(tables)))


def unite_request_body_forms(page: Page) -> Page:
    """An unnamed object table of the request section that nothing refers to and that repeats the body's
    common fields, on a page with a request body, is another form of that body (the page's tables
    "…时的请求参数", "Parameters for creating … using …"): its fields join the body. A field is required only
    where every form lists it as required, since a caller sending one form leaves the others' fields out. The
    page notes each form united."""
    tables = list(page.tables)
    body_index = next((i for i, t in enumerate(tables) if t.role == "request_body"), None)
    if body_index is None:
        return page
    body = tables[body_index]
    # unnamed after binding (no field's type names it, nor its caption, nor a link to it), and repeating the
    # body's common fields (name, description, tags…) as forms of one body do: a third of its fields at least.
    # An unnamed table sharing none ("config parameters of batch", ModelArts) is another form of a nested
    # object, not of the body.
    in_body = {f.name for f in body.fields}
    forms = [i for i, t in enumerate(tables) if t.role == "object" and t.section == "request" and not t.name
             and t.fields and 3 * len(in_body & {f.name for f in t.fields}) >= len(t.fields)]
    if not forms:
        return page
    fields = list(body.fields)
    for index in forms:
        form = tables[index]
        form_required = {f.name for f in form.fields if f.required}
        fields = [f if not f.required or f.name in form_required else replace(f, required=False) for f in fields]
        known = {f.name for f in fields}
        fields += [replace(f, required=False) for f in form.fields if f.name not in known]
        tables[index] = replace(form, role="other")
    tables[body_index] = replace(body, fields=tuple(fields), rows=len(fields))
    notes = tuple(f"request body: '{tables[i].label}' (line {tables[i].provenance.line}) is another form of the "
                  "body: its fields join it, required only where every form requires them" for i in forms)
    return replace(page, tables=tuple(tables), notes=page.notes + notes)


def bind_references(tables: list[Table], elsewhere: dict[str, list[Table]]) -> list[Table]:
    """A field typed as an object (or an array of objects) whose cell links to a table, or names the one
    table it means by number ("see Table 5"), is of the type that table describes. The table takes the name
    the field's type gives it, else the field's own name. A link to a table of another page (a shared
    data-structure page) brings a copy of that table here, where the field's section can reach it. Where the
    page's type name is contested (`_contested_names`), the link says which of its namesakes a field means."""
    contested = _contested_names(tables, elsewhere)
    pending = list(range(len(tables)))
    while pending:
        index = pending.pop(0)
        fields = []
        for f in tables[index].fields:
            ref = f.type.referenced_name()
            scope = (tables[index].section, tables[index].status)
            if _object_like(f.type) and ((*scope, ref) in contested
                                         or not _named_table(tables, ref, tables[index])):
                target, how = _target(tables, index, f, elsewhere)
                if target is not None:
                    name = target.name or ref or f.name
                    if (*scope, ref or given_name(name)) in contested:
                        target, name = _namesake(tables, target, tables[index], ref or given_name(name))
                    placed = _placed(tables, target, tables[index], name, how)
                    if placed is None:
                        tables.append(replace(target, role="object", section=tables[index].section,
                                              status=tables[index].status, name=name, binding=how))
                        pending.append(len(tables) - 1)
                    f = replace(f, type=_pointing(f.type, name))
            fields.append(f)
        tables[index] = replace(tables[index], fields=tuple(fields))
    return tables


def _contested_names(tables: list[Table], elsewhere: dict[str, list[Table]]) -> set[tuple[str, str | None, str]]:
    """(section, status, name) of the type names a page does not settle by name alone: two object tables of
    the scope bear the name, or the scope's fields of that type link tables whose fields differ (AS "Querying an
    AS configuration" prints one `metadata` table, its disk's `metadata` links the list page's other one)."""
    named = Counter((t.section, t.status, t.name) for t in tables if t.role == "object" and t.name)
    contested = {(section, status, name) for (section, status, name), n in named.items() if name and n > 1}
    linked: dict[tuple[str, str | None, str], set[frozenset[str]]] = {}
    for index, table in enumerate(tables):
        for f in table.fields:
            ref = f.type.referenced_name()
            if ref is None or not f.links or not _object_like(f.type):
                continue
            target, how = _target(tables, index, f, elsewhere)
            if target is not None and how.startswith("link"):
                linked.setdefault((table.section, table.status, ref), set()).add(
                    frozenset(g.name for g in target.fields))
    return contested | {key for key, shapes in linked.items() if len(shapes) > 1}


def _namesake(tables: list[Table], target: Table, referrer: Table, name: str) -> tuple[Table, str]:
    """The table a field of a contested type name links to, and the name it is known by on the page: the first
    table of that name in the referrer's scope keeps the name, a later one (or a different table brought from
    another page) takes its place after it. A table of another page stands for the page's own table of that
    name whose fields mostly agree with it (the page prints the linked table too)."""
    namesakes = [t for t in tables if t.role == "object" and t.name and given_name(t.name) == name
                 and (t.section, t.status) == (referrer.section, referrer.status)]
    if not any(t is target for t in namesakes):
        linked = {f.name for f in target.fields}
        target = next((t for t in namesakes if _jaccard({f.name for f in t.fields}, linked) >= 0.5), target)
    if not namesakes or target is namesakes[0]:
        return target, name
    if target.name and target.name != name and given_name(target.name) == name:
        return target, target.name  # told apart already
    return target, placed_name(name, _place(target))


def _place(table: Table) -> str:
    """What tells a table from its namesakes on a page: the anchor links reach it by, else its number, else
    its line."""
    if table.anchors:
        return table.anchors[0]
    return f"table{table.number}" if table.number else f"line{table.provenance.line}"


def _target(tables: list[Table], index: int, f: Field,
            elsewhere: dict[str, list[Table]]) -> tuple[Table | None, str]:
    referrer = tables[index]
    here = {anchor: t for t in tables for anchor in t.anchors}
    own_file = PurePosixPath(referrer.provenance.file).name
    links = [(PurePosixPath(link.rpartition("#")[0]).name if "#" in link else "", link_fragment(link))
             for link in f.links]
    for file, fragment in links:  # a table on the same page first (unless the link names another page) …
        if fragment in here and here[fragment] is not referrer and here[fragment].role == "object" \
                and file in ("", own_file):
            return here[fragment], "link"
    for file, fragment in links:  # … then the one on the page the link names, or on a page in its language
        candidates = [t for t in elsewhere.get(fragment, []) if t.role == "object"
                      and t.provenance.file != referrer.provenance.file]
        named = [t for t in candidates if PurePosixPath(t.provenance.file).name == file] if file else []
        same_language = [t for t in candidates if t.provenance.language == referrer.provenance.language]
        chosen = (named or same_language or ([] if file else candidates))[:1]
        if chosen:
            return chosen[0], f"link to {chosen[0].provenance.file}"
    for file, fragment in links:  # … then a link to a whole page, whose cell names the table there by its caption
        named_there = _named_on_linked_page(f, fragment if not file else "", elsewhere)
        if named_there is not None:
            return named_there, f"link to {named_there.provenance.file} and the table named there"
    numbered = [t for t in tables if t.number and t.number in f.mentions and t.role == "object"
                and t is not tables[index] and t.provenance.file == tables[index].provenance.file]
    if len(set(f.mentions)) == 1 and len(numbered) == 1:
        return numbered[0], f"table number ({f.name}: see Table {f.mentions[0]})"
    return None, ""


def _named_on_linked_page(f: Field, page_link: str, elsewhere: dict[str, list[Table]]) -> Table | None:
    """A cell that links a whole page and names one of its tables by its caption words ("请参见<a href="查询单个云硬盘
    详情-API-v2.md">…</a>响应中的volume参数说明表格", EVS): that page's object table of that name, when one only."""
    if not page_link.endswith(tuple(PAGE_SUFFIXES)):
        return None
    named = NAMED_STRUCTURE.search(f.description)
    if named is None:
        return None
    name = named.group("name") or named.group("en") or named.group("lower")
    found = [t for t in elsewhere.get(_page_key(page_link), []) if t.role == "object" and t.name == name]
    return found[0] if len({(t.provenance.file, t.provenance.line) for t in found}) == 1 else None


def _page_key(path: str) -> str:
    """The index key of a page's named tables: no link fragment looks so."""
    return f"page:{PurePosixPath(path).name}"


def _placed(tables: list[Table], target: Table, referrer: Table, name: str, how: str) -> Table | None:
    """The target table, named, where the referring table's section and status reach it; None when a copy
    must be placed there."""
    for i, table in enumerate(tables):
        if table is target or (table.provenance == target.provenance and table.name == name):
            if (table.section, table.status) != (referrer.section, referrer.status):
                continue
            if table.name != name:  # unnamed, or a namesake told apart
                tables[i] = replace(table, name=name, binding=how)
            return tables[i]
    return None


def _named_table(tables: list[Table], name: str | None, referrer: Table) -> bool:
    return name is not None and any(t.name == name and t.role == "object" and t.section == referrer.section
                                    and t.status == referrer.status for t in tables)


def _object_like(t: TypeRef) -> bool:
    """An object, a named type, or an array of either (or of what the cell leaves unsaid)."""
    if t.kind in ("object", "ref"):
        return True
    return t.kind == "array" and (t.items is None or t.items.kind in ("object", "ref", "any"))


def _pointing(t: TypeRef, name: str) -> TypeRef:
    """The type `t` made to refer to the type `name` (an array stays an array of it)."""
    if t.kind == "array":
        inner = t.items if t.items is not None and t.items.kind == "array" else None
        items = _pointing(inner, name) if inner is not None else TypeRef(kind="ref", raw=name, ref=name)
        return TypeRef(kind="array", raw=t.raw, items=items)
    return TypeRef(kind="ref", raw=t.raw, ref=name)


def _bind_dict_fields(table: Table, tables: list[Table]) -> Table:
    names = {t.name for t in tables if t.role == "object" and t.name and t.section == table.section
             and t.status == table.status}
    fields = []
    for f in table.fields:
        if f.type.kind == "object":
            # `pool: Object` described by the table "pool parameter description" (or "pools …")
            target = next((n for n in (f.name, *_plurals(f.name)) if n in names), None)
            if target is not None:
                f = replace(f, type=TypeRef(kind="ref", raw=f.type.raw, ref=target))
        elif f.type.kind == "array" and (f.type.items is None or f.type.items.kind == "object"):
            # `pools: Array` (of objects) described by the table "pool parameter description" (or "pools …")
            element = next((n for n in (f.name, singular(f.name), *_plurals(f.name)) if n in names), None)
            if element is not None:
                items = TypeRef(kind="ref", raw=element, ref=element)
                f = replace(f, type=TypeRef(kind="array", raw=f.type.raw, items=items))
        fields.append(f)
    return replace(table, fields=tuple(fields))


def _plurals(name: str) -> list[str]:
    return [name + "s", name + "es"] + ([name[:-1] + "ies"] if name.endswith("y") else [])


def _bind_section(page: Page, tables: list[Table], section: str, status: str | None,
                  peers: list[Page]) -> list[Table]:
    """Bind evidence first; fall back to page order one table at a time, since each binding can
    bring new references (and new evidence) into view."""
    in_section = [i for i, t in enumerate(tables) if t.section == section and (t.status or None) == status]
    unbound = [i for i in in_section if tables[i].role == "object" and not tables[i].name]
    if not unbound:
        return tables
    examples = tuple(e.body for e in page.examples if e.parsed and isinstance(e.body, dict)
                     and e.kind == ("request" if section == "request" else "response")
                     and (e.status or None) == status)
    roots = [tables[i] for i in in_section if tables[i].role in ("request_body", "response_body")]
    known = {tables[i].name: tables[i] for i in in_section if tables[i].name}
    pending = _references([(root, (), examples) for root in roots])
    done: set[str] = set()
    while unbound:
        pending = [r for r in pending if r.name not in done and r.name not in known]
        pending += [r for t in list(known.values()) for r in _references([(t, (), ())])
                    if r.name not in known and r.name not in done and r.name not in {p.name for p in pending}]
        if not pending:
            break
        ranked = sorted(((_evidence(r, tables[i], section, status, peers), -k, -rank, r, i)
                         for k, r in enumerate(pending) for rank, i in enumerate(unbound)),
                        key=lambda p: (p[0][0], p[1], p[2]), reverse=True)
        best = next((p for p in ranked if p[0][0] > 0), None)
        if best is None:
            (score, how), ref, index = (ORDER_WEIGHT, "table order on the page"), pending[0], unbound[0]
        else:
            (score, how), _, _, ref, index = best
        tables[index] = replace(tables[index], name=ref.name, binding=how)
        unbound.remove(index)
        done.add(ref.name)
        known[ref.name] = tables[index]
        pending += _references([(tables[index], ref.path, ref.instances)])
    return tables


def _references(tables: list[tuple[Table, tuple[str, ...], tuple[dict[str, Any], ...]]]) -> list[_Reference]:
    """The type names the fields of the tables refer to, where, and the example objects found there."""
    refs: dict[str, _Reference] = {}
    for table, path, instances in tables:
        for f in table.fields:
            name = f.type.referenced_name()
            if name is None or name in refs:
                continue
            found = [o for instance in instances for o in objects_under(instance.get(f.name))]
            refs[name] = _Reference(name, (*path, f.name), tuple(found))
    return list(refs.values())


def _peer_fields(peer: Page, section: str, status: str | None, path: tuple[str, ...]) -> set[str] | None:
    """The field names of the peer's table at the same place (reached through the same fields)."""
    named = {t.name: t for t in peer.tables if t.role == "object" and t.name
             and t.section == section and (t.status or None) == status}
    current = [t for t in peer.tables if t.role in ("request_body", "response_body")
               and t.section == section and (t.status or None) == status]
    for step in path:
        field = next((f for t in current for f in t.fields if f.name == step), None)
        target = named.get(field.type.referenced_name() or "") if field else None
        if target is None:
            return None
        current = [target]
    return {f.name for t in current for f in t.fields}


def _evidence(ref: _Reference, table: Table, section: str, status: str | None,
              peers: list[Page]) -> tuple[float, str]:
    fields = {f.name for f in table.fields}
    parts: list[tuple[float, str]] = []
    peer_sets = [s for s in (_peer_fields(p, section, status, ref.path) for p in peers) if s]
    peer_sets += [{f.name for f in t.fields} for p in peers for t in p.tables
                  if t.role == "object" and t.name == ref.name]
    if peer_sets and fields:
        parts.append((PEER_WEIGHT * max(_jaccard(fields, other) for other in peer_sets),
                      "same place in the other language's page"))
    keys = set().union(*(set(i) for i in ref.instances)) if ref.instances else set()
    if keys and fields:
        parts.append((EXAMPLE_WEIGHT * len(keys & fields) / len(keys | fields), "keys of the example at this place"))
    if not parts:
        return 0.0, ""
    return sum(p[0] for p in parts), max(parts, key=lambda p: p[0])[1]


def objects_under(value: Any) -> list[dict[str, Any]]:
    """The objects a JSON value holds: itself if an object, the object elements if an array."""
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def unbound_tables(page: Page) -> list[Table]:
    """Object tables that nothing on the page refers to (shown by `apigen inspect`)."""
    referenced = {f.type.referenced_name() for t in page.tables for f in t.fields}
    return [t for t in page.tables if t.role == "object" and (not t.name or t.name not in referenced)]
