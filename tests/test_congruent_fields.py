"""Rule R3-congruent-field: the object tables one field of one response schema points at on different pages are
one object when their fields agree, and become one schema (the union reported as a resolved type conflict).
On real pages built as a small service of their own: EVS disk transfers (`links` on one page, `Link` with the
same fields on the other), VPC ports (`allowed_address_pairs` named two ways with the same fields; one
`binding:vif_details` table holding the other's one field), and the negative case, ModelArts connections
(`credential` objects whose fields are mostly apart stay apart). The guards (request
schemas, body roots, shapes, fixpoint) on a small class graph of real tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import build_pages

from generator.ir import Field, Provenance, Table, TypeRef
from generator.reconcile.congruence import ClassGraph, NodeKey, congruent, unite_congruent

REF = "#/components/schemas/"


def _schemas(outputs: dict[str, str], service: str) -> dict[str, Any]:
    schemas: dict[str, Any] = yaml.safe_load(outputs[f"{service}.openapi.yaml"])["components"]["schemas"]
    return schemas


def _about(conflicts: list[dict[str, Any]], subject: str) -> list[tuple[str, str, list[str]]]:
    return [(c["rule"], c["status"], [x["value"] for x in c["candidates"]])
            for c in conflicts if c["subject"] == subject and c["kind"] == "type"]


def test_two_tables_of_one_field_with_the_same_fields_under_two_names_are_one_schema(tmp_path: Path) -> None:
    folder = "otc/openstack_cinder_apis_recommended/disk_transfer_management/"
    result, conflicts = build_pages(tmp_path, "evs", [f"{folder}querying_all_disk_transfers.rst",
                                                      f"{folder}querying_details_of_all_disk_transfers.rst"])
    assert _about(conflicts, "Transfers.links") == [
        ("R3-congruent-field", "resolved", ["links object: href, rel", "Link object: href, rel"])]
    united = next(c for c in conflicts if c["rule"] == "R3-congruent-field")
    assert united["candidates"][0]["sources"] == [
        f"spec/sources/evs/{folder}querying_all_disk_transfers.rst:82 (Parameters in the links field)"]
    assert united["decision"].startswith("one object, Link:")
    schemas = _schemas(result.outputs, "evs")
    links = schemas["Transfers"]["properties"]["links"]
    assert links["items"] == {"$ref": f"{REF}Link"}
    assert links["x-apigen-conflicts"] == ["type:Transfers.links"]
    assert sorted(schemas["Link"]["properties"]) == ["href", "rel"]
    assert "Links" not in schemas


def test_a_table_holding_the_other_tables_fields_unites_with_it_and_keeps_every_field(tmp_path: Path) -> None:
    # the English page's port lists three binding:vif_details fields, the Chinese one's one of them; the
    # allowed address pairs are `allowed_address_pairs` in English, `allow_address_pair` in Chinese
    result, conflicts = build_pages(tmp_path, "vpc", ["otc/native_openstack_neutron_apis_v2.0/port/querying_a_port.rst",
                                                      "huawei-zh/查询端口.md"])
    assert _about(conflicts, "Port.binding:vif_details") == [
        ("R3-congruent-field", "resolved", ["binding:vif_details object: primary_interface",
                                            "binding:vif_details object: ovs_hybrid_plug, port_filter, "
                                            "primary_interface"])]
    assert _about(conflicts, "Port.allowed_address_pairs") == [
        ("R3-congruent-field", "resolved", ["allow_address_pair object: ip_address, mac_address",
                                            "allowed_address_pairs object: ip_address, mac_address"])]
    schemas = _schemas(result.outputs, "vpc")
    port = schemas["Port"]["properties"]
    assert port["binding:vif_details"]["$ref"] == f"{REF}BindingVifDetails"
    assert port["allowed_address_pairs"]["items"] == {"$ref": f"{REF}AllowedAddressPairs"}
    # the fields only the English table lists are kept, marked by R3-union-fields as any united field is
    details = schemas["BindingVifDetails"]["properties"]
    assert sorted(details) == ["ovs_hybrid_plug", "port_filter", "primary_interface"]
    marked = {c["subject"]: c["rule"] for c in conflicts if c["subject"].startswith("BindingVifDetails.")}
    assert marked == {"BindingVifDetails.ovs_hybrid_plug": "R3-union-fields",
                      "BindingVifDetails.port_filter": "R3-union-fields"}


def test_objects_of_one_field_whose_fields_are_mostly_apart_stay_apart_unresolved(tmp_path: Path) -> None:
    # ModelArts connection_info.credential: {access_token, ssh_private_key} on one page, {id, name} on the other,
    # and no example of either: one name for two objects, which a person must decide (AS's scaling policies v1
    # and v2, whose examples send each its own object, are two schemas: test_namesakes_apart.py)
    result, conflicts = build_pages(tmp_path, "modelarts", ["huawei/modelarts_03_0111.html",
                                                            "huawei/modelarts_03_0113.html"])
    assert not [c for c in conflicts if c["rule"] == "R3-congruent-field" and "credential" in c["subject"]]
    [(rule, status, values)] = _about(conflicts, "ConnectionInfo.credential")
    assert (rule, status) == ("R4-unresolved", "unresolved")
    assert values == ["Credential object", "User object"]
    schemas = _schemas(result.outputs, "modelarts")
    assert sorted(schemas["Credential"]["properties"]) == ["access_token", "ssh_private_key"]
    assert sorted(schemas["User"]["properties"]) == ["id", "name"]


def test_fields_agree_when_one_lists_none_holds_the_other_or_shares_half() -> None:
    assert congruent(set(), {"a"})
    assert congruent({"a"}, {"a", "b", "c"})
    assert congruent({"a", "b", "c"}, {"a", "b", "d"})  # 2 of 4
    assert not congruent({"a", "b", "c"}, {"a", "d", "e", "f"})  # 1 of 6
    assert not congruent({"admin_pass"}, {"__system__cmkid", "__system__encrypted"})


# --- the guards, on a class graph of tables --------------------------------------------------------------


class _Graph:
    """Classes of tables as the reconciler keeps them: a union-find over (page, place) keys."""

    def __init__(self, tables: dict[NodeKey, Table | None], fixed: set[NodeKey] = frozenset()) -> None:
        self.tables = tables
        self.parent = {k: k for k in tables}
        self.fixed_roots = fixed

    def find(self, key: NodeKey) -> NodeKey:
        while self.parent[key] != key:
            key = self.parent[key]
        return key

    def unite(self, keys: list[NodeKey]) -> NodeKey:
        roots = [self.find(k) for k in keys]
        for other in roots[1:]:
            self.parent[other] = roots[0]
        return roots[0]

    def classes(self) -> dict[NodeKey, list[NodeKey]]:
        out: dict[NodeKey, list[NodeKey]] = {}
        for key in self.tables:
            out.setdefault(self.find(key), []).append(key)
        return out

    def view(self) -> ClassGraph:
        return ClassGraph(
            classes=self.classes, table=lambda k: self.tables[k], find=self.find, unite=self.unite,
            child=lambda key, name: (key[0], f"{key[1].split('|')[0]}|{name}"),
            named=lambda key: key[1].split("|")[1], fixed=self.fixed_roots.__contains__,
            direction=lambda members: "request" if any(
                (t := self.tables[m]) and t.section == "request" for m in members) else "response")


def _table(page: str, section: str, name: str, *fields: tuple[str, TypeRef]) -> tuple[NodeKey, Table]:
    where = Provenance(page, 1, "en")
    table = Table(role="object", section=section, provenance=where, label=name, name=name,  # type: ignore[arg-type]
                  fields=tuple(Field(n, t, "", where) for n, t in fields))
    return (page, f"{section}:200|{name}"), table


STR = TypeRef("string")


Fields = tuple[tuple[str, ...], tuple[str, ...]]


def _pages(section: str = "response", shape: tuple[TypeRef, TypeRef] | None = None,
           child_fields: Fields = (("a", "b"), ("a", "b"))) -> dict[NodeKey, Table | None]:
    """Two pages of one schema `port`, whose field `pair` points at `one` on the first page and `two` on the
    second (in the given shapes)."""
    first, second = shape or (TypeRef("ref", ref="one"), TypeRef("ref", ref="two"))
    tables = [_table("a.md", section, "port", ("pair", first)), _table("b.md", section, "port", ("pair", second)),
              _table("a.md", section, "one", *((n, STR) for n in child_fields[0])),
              _table("b.md", section, "two", *((n, STR) for n in child_fields[1]))]
    return dict(tables)


def _with_parents_united(tables: dict[NodeKey, Table | None], fixed: set[NodeKey] = frozenset()) -> _Graph:
    graph = _Graph(tables, fixed)
    graph.unite([k for k in tables if k[1].endswith("|port")])  # the parents are one schema (merge.py)
    return graph


def test_the_graph_unites_the_objects_one_field_points_at_and_says_which() -> None:
    graph = _with_parents_united(_pages())
    [union] = unite_congruent(graph.view())
    assert (union.parent, union.field) == (("a.md", "response:200|port"), "pair")
    assert union.united == ((("a.md", "response:200|one"),), (("b.md", "response:200|two"),))
    assert graph.find(("b.md", "response:200|two")) == ("a.md", "response:200|one")


def test_request_schemas_stay_with_their_operation() -> None:
    graph = _with_parents_united(_pages(section="request"))
    assert unite_congruent(graph.view()) == []
    assert graph.find(("b.md", "request:200|two")) == ("b.md", "request:200|two")


def test_a_body_root_keeps_its_own_schema() -> None:
    graph = _with_parents_united(_pages(), fixed={("b.md", "response:200|two")})
    assert unite_congruent(graph.view()) == []


def test_an_object_beside_an_array_of_objects_is_left_to_the_type_rules() -> None:
    array = TypeRef("array", items=TypeRef("ref", ref="two"))
    graph = _with_parents_united(_pages(shape=(TypeRef("ref", ref="one"), array)))
    assert unite_congruent(graph.view()) == []


def test_objects_with_fields_apart_stay_apart() -> None:
    graph = _with_parents_united(_pages(child_fields=(("admin_pass",), ("cmk_id", "encrypted"))))
    assert unite_congruent(graph.view()) == []


def test_uniting_two_objects_unites_the_objects_their_own_fields_point_at() -> None:
    # `one` and `two` each point `inner` at their page's own table: once they are one, so are those
    tables = _pages()
    for page, own, inner in (("a.md", "one", "deep_a"), ("b.md", "two", "deep_b")):
        key, table = _table(page, "response", own, ("a", STR), ("inner", TypeRef("ref", ref=inner)))
        tables[key] = table
        deep_key, deep = _table(page, "response", inner, ("x", STR))
        tables[deep_key] = deep
    graph = _with_parents_united(tables)
    unions = unite_congruent(graph.view())
    assert [(u.parent[1], u.field) for u in unions] == [("response:200|port", "pair"), ("response:200|one", "inner")]
    assert graph.find(("b.md", "response:200|deep_b")) == ("a.md", "response:200|deep_a")


def test_a_class_joins_a_group_only_agreeing_with_every_class_in_it() -> None:
    # {a, b} is within {a, b, c, d}, and so is {c, d}; but {a, b} and {c, d} share nothing: not one object
    tables = {**_pages(child_fields=(("a", "b"), ("a", "b", "c", "d")))}
    tables.update([_table("c.md", "response", "port", ("pair", TypeRef("ref", ref="three"))),
                   _table("c.md", "response", "three", ("c", STR), ("d", STR))])
    graph = _with_parents_united(tables)
    [union] = unite_congruent(graph.view())
    assert union.united == ((("a.md", "response:200|one"),), (("b.md", "response:200|two"),))
    assert graph.find(("c.md", "response:200|three")) == ("c.md", "response:200|three")
