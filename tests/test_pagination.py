"""Pagination: the rule that decides from the spec whether and how a list operation pages
(generator/codegen/pagination.py), on hand-made operations and on the real specs, and the generated
iter_ methods walking the pages of a real HTTP server on 127.0.0.1 (sync and async)."""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import ROOT, loopback
from loopback import send_json

from generator.codegen.clients import _parameters_merged, _Spec
from generator.codegen.package import generate_package
from generator.codegen.pagination import NoPaging, PagePlan, describe, page_plan
from generator.codegen.write import write_tree

PROJECT = "0123456789abcdef0123456789abcdef"


# --- the rule, on hand-made operations ------------------------------------------------------------------

def _query(name: str, kind: str = "integer", description: str = "", **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": {"type": kind, **schema}}


def _op(params: list[dict[str, Any]], properties: dict[str, Any]) -> dict[str, Any]:
    body = {"type": "object", "properties": properties}
    return {"parameters": params,
            "responses": {"200": {"content": {"application/json": {"schema": body}}}}}


ITEMS = {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}}


def _plan(path: str, op: dict[str, Any], method: str = "get") -> PagePlan | NoPaging | None:
    return page_plan(path, method, op, lambda node: node if isinstance(node, dict) else {})


def test_marker_and_limit_page_by_the_last_items_id() -> None:
    plan = _plan("/v1/things", _op([_query("limit"), _query("marker", "string")], {"things": ITEMS}))
    assert plan == PagePlan(style="marker", cursor="marker", limit="limit", items="things", key="id",
                            rules=("P1-limit", "P2-marker", "P3-items", "P4-last-id", "P5-stop"))


def test_a_documented_next_marker_one_object_down_is_the_pointer() -> None:
    page_info = {"type": "object", "properties": {"next_marker": {"type": "string"},
                                                   "current_count": {"type": "integer"}}}
    plan = _plan("/v3/lbs", _op([_query("limit"), _query("marker", "string")],
                                {"lbs": ITEMS, "page_info": page_info}))
    assert isinstance(plan, PagePlan)
    assert (plan.pointer, plan.pointer_kind, plan.total) == (("page_info", "next_marker"), "marker", ())


def test_links_arrays_are_not_items_and_are_the_next_pointer() -> None:
    links = {"type": "array", "items": {"type": "object", "properties": {"href": {"type": "string"},
                                                                         "rel": {"type": "string"}}}}
    plan = _plan("/v2.0/routers", _op([_query("limit"), _query("marker", "string")],
                                      {"routers": ITEMS, "routers_links": links}))
    assert isinstance(plan, PagePlan)
    assert (plan.items, plan.pointer, plan.pointer_kind) == ("routers", ("routers_links",), "links")


def test_offset_counts_items_and_a_total_named_so_ends_the_walk() -> None:
    plan = _plan("/v1/groups", _op([_query("limit"), _query("start_number", description="The start line number.")],
                                   {"groups": ITEMS, "total_number": {"type": "integer"}}))
    assert isinstance(plan, PagePlan)
    assert (plan.style, plan.cursor, plan.total) == ("offset", "start_number", ("total_number",))


def test_an_offset_whose_description_counts_pages_pages_by_index_from_its_default() -> None:
    offset = _query("offset", description="Start page of the paging list. The default value is 0.")
    plan = _plan("/v1/models", _op([_query("limit"), offset], {"models": ITEMS}))
    assert isinstance(plan, PagePlan)
    assert (plan.style, plan.cursor, plan.first_page, plan.rules[1]) == ("page", "offset", 0, "P2-page-index")


def test_page_and_per_page_start_at_one_when_nothing_is_documented() -> None:
    plan = _plan("/v1/jobs", _op([_query("per_page"), _query("page")], {"jobs": ITEMS}))
    assert isinstance(plan, PagePlan)
    assert (plan.style, plan.limit, plan.first_page) == ("page", "per_page", 1)


def test_a_count_is_a_total_only_where_its_description_says_so() -> None:
    page_count = {"type": "integer", "description": "The number of records returned in this query."}
    every = {"type": "integer", "description": "The number of queried disks. This value is not affected by the "
                                               "pagination."}
    params = [_query("limit"), _query("offset")]
    this_page = _plan("/v2/disks", _op(params, {"disks": ITEMS, "count": page_count}))
    all_pages = _plan("/v2/disks", _op(params, {"disks": ITEMS, "count": every}))
    assert isinstance(this_page, PagePlan) and isinstance(all_pages, PagePlan)
    assert (this_page.total, all_pages.total) == ((), ("count",))


def test_a_marker_is_preferred_to_an_offset() -> None:
    plan = _plan("/v3/backups", _op([_query("limit"), _query("offset"), _query("marker", "string")],
                                    {"backups": ITEMS}))
    assert isinstance(plan, PagePlan) and plan.style == "marker"


def test_several_arrays_choose_the_one_named_like_the_path() -> None:
    plan = _plan("/v2.0/networks", _op([_query("limit"), _query("marker", "string")],
                                       {"networks": ITEMS, "security_group_rules": ITEMS}))
    assert isinstance(plan, PagePlan) and plan.items == "networks"


@pytest.mark.parametrize(("path", "method", "op", "reason"), [
    ("/v1/tags", "get", _op([_query("limit"), _query("marker", "string")],
                            {"tags": {"type": "array", "items": {"type": "string"}}}),
     "items `tags` have no `id` and the response documents no next marker"),
    ("/v1/filter", "post", _op([_query("limit"), _query("offset")], {"things": ITEMS}),
     "POST is not safe to repeat for each page"),
    ("/v1/x", "get", _op([_query("limit"), _query("offset")], {"a": ITEMS, "b": ITEMS}),
     "several arrays could be the items: a, b"),
    ("/v1/x", "get", _op([_query("limit"), _query("offset")], {"count": {"type": "integer"}}),
     "no array of items in the response"),
])
def test_a_page_pattern_the_rule_cannot_complete_says_why(path: str, method: str, op: dict[str, Any],
                                                          reason: str) -> None:
    assert _plan(path, op, method) == NoPaging(reason)


def test_a_start_that_is_a_time_is_no_cursor_and_a_documented_maximum_is_kept() -> None:
    params = [_query("limit", maximum=100), _query("start", "string", description="Start time")]
    assert _plan("/v1/logs", _op(params, {"logs": ITEMS})) is None
    plan = _plan("/v1/logs", _op([_query("limit", maximum=100), _query("offset")], {"logs": ITEMS}))
    assert isinstance(plan, PagePlan) and plan.max_limit == 100
    assert describe(plan)[1] == "Stops after an empty page or a page shorter than the `limit` given (at most 100)."


def test_a_limit_without_a_cursor_is_no_page_pattern() -> None:
    assert _plan("/v2.0/nat_gateways", _op([_query("limit")], {"nat_gateways": ITEMS})) is None


# --- the rule, on the real specs --------------------------------------------------------------------------

def _real_plan(service: str, method: str, path: str) -> PagePlan | NoPaging | None:
    doc = yaml.safe_load((ROOT / "spec" / f"{service}.openapi.yaml").read_text(encoding="utf-8"))
    spec = _Spec(doc, {}, frozenset(), frozenset())
    item = doc["paths"][path]
    return page_plan(path, method, _parameters_merged(spec, item, item[method]), spec.resolve)


def test_real_cbr_vaults_page_by_offset() -> None:
    plan = _real_plan("cbr", "get", "/v3/{project_id}/vaults")
    assert isinstance(plan, PagePlan)
    assert (plan.style, plan.cursor, plan.limit, plan.items) == ("offset", "offset", "limit", "vaults")


def test_real_elb_v3_load_balancers_follow_page_info_next_marker() -> None:
    plan = _real_plan("elb", "get", "/v3/{project_id}/elb/loadbalancers")
    assert isinstance(plan, PagePlan)
    assert (plan.style, plan.pointer, plan.pointer_kind, plan.key) == (
        "marker", ("page_info", "next_marker"), "marker", "id")


def test_real_dns_zones_follow_the_next_link_and_stop_at_the_total() -> None:
    plan = _real_plan("dns", "get", "/v2/zones")
    assert isinstance(plan, PagePlan)
    assert (plan.pointer, plan.pointer_kind, plan.total) == (("links", "next"), "url", ("metadata", "total_count"))


def test_real_modelarts_training_jobs_page_by_index() -> None:
    plan = _real_plan("modelarts", "get", "/v1/{project_id}/training-jobs")
    assert isinstance(plan, PagePlan)
    assert (plan.style, plan.cursor, plan.limit, plan.first_page) == ("page", "page", "per_page", 1)


def test_the_docstring_says_which_pattern_and_rules() -> None:
    plan = _real_plan("elb", "get", "/v3/{project_id}/elb/loadbalancers")
    assert isinstance(plan, PagePlan)
    assert describe(plan) == [
        "Pages by marker: each next page is asked with `marker` = the response's `page_info.next_marker`.",
        "Stops after an empty page, a page shorter than the `limit` given or a page without "
        "`page_info.next_marker`.",
        "Rules: P1-limit, P2-marker, P3-items, P4-next-pointer, P5-stop."]
    client = (ROOT / "generated" / "elb" / "client.py").read_text(encoding="utf-8")
    assert "Pages by marker: each next page is asked with `marker` = the response's `page_info.next_marker`." \
        in client


def test_hostile_wire_names_stay_literals_in_the_iterator(tmp_path: Path) -> None:
    evil = 'x"""; __import__("os").system("touch PWNED") #\u202e'
    item = {"type": "object", "properties": {"id": {"type": "string"}}}
    body = {"type": "object", "properties": {evil: {"type": "array", "items": item}}}
    spec = {"openapi": "3.1.0", "info": {"title": "Evil", "version": "1"},
            "servers": [{"url": "https://{endpoint}", "variables": {"endpoint": {"default": "x"}}}],
            "paths": {"/v1/things": {"get": {
                "operationId": "ListThings", "parameters": [_query("limit"), _query("marker", "string")],
                "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": body}}}}}}}}
    files = generate_package("evilpage", yaml.safe_dump(spec), "spec/evilpage.openapi.yaml")
    write_tree(tmp_path / "evilpage", files)
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module("evilpage")
        paging = importlib.import_module("evilpage._paging")
        doc = package.EvilpageClient.iter_list_things.__doc__ or ""
        assert f"Every item of list_things() (`{evil}`)" in doc
        pager = paging.Pager(paging.PageRule(style="marker", cursor="marker", items=evil, key="id"), start=None,
                             limit=None)
        assert pager.take({evil: [{"id": "a"}]}) == [{"id": "a"}] and pager.cursor == "a"
        assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()
        assert files["client.py"].count(f"items={evil!r}") == 2  # the sync and the async rule, as literals
    finally:
        sys.path.remove(str(tmp_path))


# --- the generated iter_ methods against a server that pages ---------------------------------------------

ITEM_IDS = [f"id-{n:02d}" for n in range(7)]


class _PagingHandler(BaseHTTPRequestHandler):
    """Seven items behind each list route, paged as that route's API documents; the server's own page size
    is 2. Every request's path and query is logged."""

    requests: list[tuple[str, dict[str, str]]] = []
    ignore_marker = False

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        type(self).requests.append((url.path, query))
        limit = int(query.get("limit", query.get("per_page", "2")))
        route = url.path.rstrip("/").rsplit("/", 1)[-1]
        if route == "vaults":  # cbr: offset
            start = int(query.get("offset", "0"))
            self._send({"vaults": [{"id": i} for i in ITEM_IDS[start:start + limit]], "count": len(ITEM_IDS)})
        elif route == "loadbalancers":  # elb v3: marker, page_info.next_marker
            page = self._after(query.get("marker"), limit)
            info = {"current_count": len(page)} | ({"next_marker": page[-1]} if page and page[-1] != ITEM_IDS[-1]
                                                   else {})
            self._send({"loadbalancers": [{"id": i} for i in page], "page_info": info})
        elif route == "zones":  # dns: marker, links.next (here on the last page too), metadata.total_count
            page = self._after(query.get("marker"), limit)
            links = {"self": "x", "next": f"http://dns/v2/zones?limit={limit}&marker={page[-1] if page else ''}"}
            self._send({"zones": [{"id": i} for i in page], "links": links,
                        "metadata": {"total_count": len(ITEM_IDS)}})
        elif route == "training-jobs":  # modelarts: page index from 1, per_page
            first = (int(query.get("page", "1")) - 1) * limit
            self._send({"jobs": [{"job_name": i} for i in ITEM_IDS[first:first + limit]], "is_success": True})
        elif route == "vpcs":  # vpc v1: marker = the last item's id
            page = self._after(None if type(self).ignore_marker else query.get("marker"), limit)
            self._send({"vpcs": [{"id": i} for i in page]})
        else:
            self._send({"error_code": "x", "error_msg": "no such route"}, 404)

    @staticmethod
    def _after(marker: str | None, limit: int) -> list[str]:
        start = ITEM_IDS.index(marker) + 1 if marker in ITEM_IDS else 0
        return ITEM_IDS[start:start + limit]

    def _send(self, body: Any, status: int = 200) -> None:
        send_json(self, body, status)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with loopback(_PagingHandler) as url:
        yield url


@pytest.fixture(autouse=True)
def fresh_log() -> None:
    _PagingHandler.requests.clear()
    _PagingHandler.ignore_marker = False


@pytest.fixture(scope="module")
def packages() -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "generated"))
    try:
        return {name: importlib.import_module(name) for name in ("cbr", "elb", "dns", "modelarts", "vpc")}
    finally:
        sys.path.remove(str(ROOT / "generated"))


def _client(package: Any, name: str, server: str, asynchronous: bool = False) -> Any:
    cls = getattr(package, ("Async" if asynchronous else "") + name)
    retry = package.RetryPolicy(max_retries=0)
    kwargs = {"project_id": PROJECT} if "project_id" in cls.__init__.__code__.co_varnames else {}
    return cls(token="t", endpoint=server, retry=retry, **kwargs)


def _asked(name: str) -> list[str | None]:
    return [query.get(name) for _, query in _PagingHandler.requests]


def test_offset_pages_stop_on_a_short_page(packages: dict[str, Any], server: str) -> None:
    with _client(packages["cbr"], "CbrClient", server) as client:
        ids = [vault.id_ for vault in client.iter_list_vault(limit=3)]
    assert ids == ITEM_IDS
    assert _asked("offset") == [None, "3", "6"]  # 3 + 3 + 1: the short page is the last


def test_offset_pages_without_a_limit_stop_on_an_empty_page(packages: dict[str, Any], server: str) -> None:
    with _client(packages["cbr"], "CbrClient", server) as client:
        ids = [vault.id_ for vault in client.iter_list_vault()]
    assert ids == ITEM_IDS
    assert _asked("offset") == [None, "2", "4", "6", "7"]  # the server's page size is unknown: until empty


def test_marker_pages_follow_page_info_next_marker(packages: dict[str, Any], server: str) -> None:
    with _client(packages["elb"], "ElbClient", server) as client:
        ids = [lb.id_ for lb in client.iter_list_load_balancers_v3()]
    assert ids == ITEM_IDS
    assert _asked("marker") == [None, "id-01", "id-03", "id-05"]  # the last page has no next_marker


def test_marker_pages_follow_the_next_link_and_stop_at_the_total(packages: dict[str, Any], server: str) -> None:
    with _client(packages["dns"], "DnsClient", server) as client:
        ids = [zone.id_ for zone in client.iter_list_zones(type_="public")]
    assert ids == ITEM_IDS
    # 2 + 2 + 2 + 1 = metadata.total_count: no fifth request, though the page still links a next one
    assert _asked("marker") == [None, "id-01", "id-03", "id-05"]
    assert {query["type"] for _, query in _PagingHandler.requests} == {"public"}


def test_page_index_pages_count_from_the_first_page(packages: dict[str, Any], server: str) -> None:
    with _client(packages["modelarts"], "ModelartsClient", server) as client:
        names = [job.job_name for job in client.iter_list_training_jobs(per_page=3)]
    assert names == ITEM_IDS
    assert _asked("page") == [None, "2", "3"]


def test_marker_pages_ask_after_the_last_items_id_and_start_where_told(packages: dict[str, Any],
                                                                        server: str) -> None:
    with _client(packages["vpc"], "VpcClient", server) as client:
        ids = [vpc.id_ for vpc in client.iter_list_vpcs(marker="id-01", limit=2)]
    assert ids == ITEM_IDS[2:]
    assert _asked("marker") == ["id-01", "id-03", "id-05"]


def test_a_server_that_ignores_the_marker_raises_rather_than_loops(packages: dict[str, Any], server: str) -> None:
    _PagingHandler.ignore_marker = True
    vpc = packages["vpc"]
    with _client(vpc, "VpcClient", server) as client, pytest.raises(vpc.PagingError, match="same marker again"):
        list(client.iter_list_vpcs(limit=2))
    assert issubclass(vpc.PagingError, vpc.ApiError)
    assert len(_PagingHandler.requests) == 2


def test_a_limit_past_the_documented_maximum_pages_by_the_maximum(packages: dict[str, Any]) -> None:
    paging = importlib.import_module("cbr._paging")
    pager = paging.Pager(paging.PageRule(style="offset", cursor="offset", items="vaults", max_limit=2), start=None,
                         limit=5)
    pages = [{"vaults": ["a", "b"]}, {"vaults": ["c", "d"]}, {"vaults": ["e"]}]
    seen = []
    for page in pages:
        assert not pager.done
        seen += pager.take(page)
        seen.append(pager.cursor)
    assert pager.done and seen == ["a", "b", 2, "c", "d", 4, "e", 4]  # full pages of 2 go on; 1 < 2 ends


def test_a_next_link_without_the_marker_falls_back_to_the_last_id_and_no_id_raises(packages: dict[str, Any],
                                                                                   ) -> None:
    paging = importlib.import_module("cbr._paging")
    rule = paging.PageRule(style="marker", cursor="marker", items="routers", key="id", pointer=("routers_links",),
                           pointer_kind="links")
    pager = paging.Pager(rule, start=None, limit=None)
    linked = {"routers": [{"id": "r1"}], "routers_links": [{"rel": "next", "href": "http://x/routers?limit=1"}]}
    assert pager.take(linked) == [{"id": "r1"}] and (pager.done, pager.cursor) == (False, "r1")
    with_marker = {**linked, "routers_links": [{"rel": "next", "href": "http://x/routers?marker=r9&limit=1"}]}
    assert pager.take(with_marker) and pager.cursor == "r9"
    assert pager.take({**linked, "routers_links": [{"rel": "previous", "href": "http://x/r"}]}) and pager.done
    nameless = paging.Pager(paging.PageRule(style="marker", cursor="marker", items="routers", key="id"), start=None,
                            limit=None)
    with pytest.raises(paging.PagingError, match="gives no marker for the next page"):
        nameless.take({"routers": [{"name": "no id"}]})


def test_iteration_is_lazy_one_page_at_a_time(packages: dict[str, Any], server: str) -> None:
    with _client(packages["cbr"], "CbrClient", server) as client:
        walk = client.iter_list_vault(limit=3)
        assert next(walk).id_ == "id-00"
        assert len(_PagingHandler.requests) == 1


def test_async_iterators_walk_the_same_pages(packages: dict[str, Any], server: str) -> None:
    async def walk() -> tuple[list[str], list[str]]:
        async with _client(packages["elb"], "ElbClient", server, asynchronous=True) as elb, \
                _client(packages["cbr"], "CbrClient", server, asynchronous=True) as cbr:
            lbs = [lb.id_ async for lb in elb.iter_list_load_balancers_v3(limit=3)]
            vaults = [vault.id_ async for vault in cbr.iter_list_vault(limit=3)]
            return lbs, vaults

    assert asyncio.run(walk()) == (ITEM_IDS, ITEM_IDS)
    assert _asked("marker")[:3] == [None, "id-02", "id-05"]
    assert _asked("offset")[3:] == [None, "3", "6"]
