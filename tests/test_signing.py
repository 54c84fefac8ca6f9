"""AK/SK request signing (SDK-HMAC-SHA256) and regional endpoints of the generated clients.

Each request of a table goes through the generated client (sync and async) to a real server on 127.0.0.1,
which records what arrived. The vendor's own signer (huaweicloudsdkcore's `Signer`, a test-only
dependency) then signs the same request, built from the table the way the vendor's SDK builds it, with the
date the client sent; the two Authorization headers must be the same bytes, and the query the server saw
must be the one the vendor's SDK would send."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import quote

import pytest
from conftest import ROOT, generated_package, loopback
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer

from generator.pipeline import load_config

AK = "AKIDEXAMPLE0123456789"
SK = "sk/SECRET+value=with~reserved_0123456789"
SECURITY_TOKEN = "stsTOKEN-temporary-0123456789abcdef"
PROJECT = "4229d7a45436489f8c3dc2b1d35d4987"
MODES = ("sync", "async")


@dataclass
class Seen:
    method: str
    target: str  # the request target as sent: path and query
    headers: dict[str, str]
    body: bytes


@dataclass
class _Record:
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


RECORD = _Record()


class _Recorder(BaseHTTPRequestHandler):
    """Records every request; `.../redirect` answers 307 to a path of the same origin, `.../echo` answers a
    400 whose body, header and reason phrase repeat every credential it can see (and the secret key)."""

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with RECORD.lock:
            RECORD.seen.append(Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        path = self.path.split("?")[0]
        if path.endswith("/redirect"):
            self._send(307, {}, {"Location": "/v3/moved/here?b=2&a=1"})
        elif path.endswith("/echo"):
            leaked = " ".join([self.headers.get("Authorization", ""), self.headers.get("X-Security-Token", ""), SK])
            self._send(400, {"error_code": "APIGW.0301", "error_msg": leaked, "echo": dict(self.headers.items())},
                       {"X-Echo": leaked}, reason=leaked)
        else:
            self._send(200, {})

    do_GET = do_POST = do_PUT = do_DELETE = _answer  # noqa: N815 - http.server's names

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None, reason: str | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status, reason)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with loopback(_Recorder) as url:
        yield url


@pytest.fixture(scope="module")
def cbr() -> Any:
    package = generated_package("cbr")
    importlib.import_module("cbr._runtime")  # the package loads its runtime on first use; the tests reach in
    return package


@pytest.fixture(autouse=True)
def fresh_record() -> None:
    RECORD.seen.clear()


@dataclass(frozen=True)
class Case:
    """One request as a caller makes it: a path template and its values, query parameters (a list for a
    repeated one), header parameters, a JSON body (None: no body)."""

    name: str
    method: str
    template: str
    path_values: dict[str, str]
    query: list[tuple[str, Any]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None


CASES = [
    Case("plain get", "GET", "/v3/{project_id}/backups/{backup_id}", {"project_id": PROJECT, "backup_id": "b1"}),
    Case("query out of order", "GET", "/v3/{project_id}/backups", {"project_id": PROJECT},
         [("status", "available"), ("limit", "10"), ("offset", "0"), ("image_type", "backup")]),
    Case("repeated query", "GET", "/v3/{project_id}/backups", {"project_id": PROJECT},
         [("resource_id", ["zz", "aa", "mm"]), ("limit", "5")]),
    Case("query values to encode", "GET", "/v3/{project_id}/backups", {"project_id": PROJECT},
         [("name", "a b+c&d=e/f?g#h~i%j"), ("描述", "备份 é"), ("empty", ""), ("sort", "created_at:desc")]),
    Case("boolean query", "GET", "/v3/{project_id}/backups", {"project_id": PROJECT},
         [("own_type", True), ("dec", False)]),
    Case("non-ASCII and reserved in the path", "GET", "/v3/{project_id}/backups/{backup_id}",
         {"project_id": PROJECT, "backup_id": "备份 é/x?y#z%+~=&;"}),
    Case("trailing slash", "GET", "/v3/{project_id}/vaults/", {"project_id": PROJECT}, [("limit", "1")]),
    Case("root path", "GET", "/", {}),
    Case("json body", "POST", "/v3/{project_id}/vaults", {"project_id": PROJECT},
         body={"vault": {"name": "备份库 \"q\"", "billing": {"size": 100, "consistent_level": "crash_consistent"},
                         "resources": [], "tags": None, "auto_bind": True}}),
    Case("empty json body", "PUT", "/v3/{project_id}/vaults/{vault_id}", {"project_id": PROJECT, "vault_id": "v"},
         body={}),
    Case("delete without body", "DELETE", "/v3/{project_id}/backups/{backup_id}",
         {"project_id": PROJECT, "backup_id": "b-2"}),
    Case("extra headers", "POST", "/v3/{project_id}/backups/{backup_id}/restore",
         {"project_id": PROJECT, "backup_id": "b3"}, [("z", "1"), ("a", "2")],
         {"X-Language": "en-us", "X-Client-Token": "idem-42", "X-Not_Signed": "underscore"}, {"restore": {}}),
]


def sdk_authorization(case: Case, seen: Seen, host: str, security_token: str | None) -> tuple[str, str]:
    """(Authorization, request target) as huaweicloudsdkcore signs and sends `case`: path values quoted as
    its client quotes them, its query and header parameters, the bytes of the body, the client's date."""
    path = case.template
    for name, value in case.path_values.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    headers = {"Accept": "application/json", "Host": host, "X-Sdk-Date": seen.headers["x-sdk-date"], **case.headers}
    body = b""
    if case.body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(case.body, ensure_ascii=False, separators=(",", ":")).encode()
    if security_token is not None:
        headers["X-Security-Token"] = security_token
    query = [(name, [str(v) for v in value] if isinstance(value, list) else value) for name, value in case.query]
    request = SdkRequest(method=case.method, schema="http", host=host, resource_path=path, query_params=query,
                         header_params=headers, body=body)
    Signer(BasicCredentials(AK, SK)).sign(request)
    return request.header_params["Authorization"], request.uri


def send(cbr: Any, mode: str, server: str, case: Case, **credentials: Any) -> Any:
    """`case` sent by a fresh client through `_send`, the one funnel of every operation method."""
    settings = {"endpoint": server, "ak": AK, "sk": SK, **credentials}
    params = {name: value for name, value in case.query}
    kwargs = {"params": params, "headers": case.headers, "json": case.body}
    path = cbr._runtime.expand_path(case.template, case.path_values)
    if mode == "async":
        async def scenario() -> Any:
            async with cbr.AsyncCbrClient(**settings) as c:
                return await c._send(case.method, path, **kwargs)

        return asyncio.run(asyncio.wait_for(scenario(), timeout=30))
    with cbr.CbrClient(**settings) as c:
        return c._send(case.method, path, **kwargs)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("security_token", [None, SECURITY_TOKEN], ids=["permanent", "temporary"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_signature_is_the_vendor_signers_byte_for_byte(cbr: Any, server: str, case: Case, mode: str,
                                                          security_token: str | None) -> None:
    send(cbr, mode, server, case, security_token=security_token)
    [seen] = RECORD.seen
    authorization, target = sdk_authorization(case, seen, server.removeprefix("http://"), security_token)
    assert seen.headers["authorization"] == authorization
    assert seen.target == target  # the query in the order, and with the encoding, that was signed
    assert seen.headers.get("x-security-token") == security_token
    if case.body is not None:
        assert seen.body == json.dumps(case.body, ensure_ascii=False, separators=(",", ":")).encode()


@pytest.mark.parametrize("mode", MODES)
def test_an_operation_method_signs_and_fills_project_id_from_the_client(cbr: Any, server: str, mode: str) -> None:
    case = Case("list", "GET", "/v3/{project_id}/backups", {"project_id": PROJECT},
                [("limit", "3"), ("status", "available")])
    if mode == "async":
        async def scenario() -> None:
            async with cbr.AsyncCbrClient(endpoint=server, ak=AK, sk=SK, project_id=PROJECT) as c:
                await c.list_backups(limit=3, status="available")

        asyncio.run(asyncio.wait_for(scenario(), timeout=30))
    else:
        with cbr.CbrClient(endpoint=server, ak=AK, sk=SK, project_id=PROJECT) as c:
            c.list_backups(limit=3, status="available")
    [seen] = RECORD.seen
    assert (seen.headers["authorization"], seen.target) == sdk_authorization(case, seen, server[7:], None)
    assert "x-auth-token" not in seen.headers


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_within_the_origin_is_signed_anew_for_its_target(cbr: Any, server: str, mode: str) -> None:
    send(cbr, mode, server, Case("redirect", "GET", "/v3/{p}/redirect", {"p": PROJECT}))
    first, second = RECORD.seen
    assert second.target == "/v3/moved/here?a=1&b=2"
    moved = Case("moved", "GET", "/v3/moved/here", {}, [("b", "2"), ("a", "1")])
    assert second.headers["authorization"] == sdk_authorization(moved, second, server[7:], None)[0]
    assert first.headers["authorization"] != second.headers["authorization"]


def shown(err: BaseException) -> str:
    texts: list[str] = []
    current: BaseException | None = err
    while current is not None:
        texts += [str(current), repr(current), repr(current.args), repr(vars(current))]
        current = current.__cause__ or current.__context__
    return "\n".join(texts)


@pytest.mark.parametrize("mode", MODES)
def test_no_key_token_or_signature_shows_in_a_repr_a_log_an_error_or_a_url(
        cbr: Any, server: str, mode: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # httpx's and httpcore's loggers on, DEBUG included
    with pytest.raises(cbr.BadRequestError) as caught:
        send(cbr, mode, server, Case("echo", "GET", "/v3/{p}/echo", {"p": PROJECT}, [("q", "1")]),
             security_token=SECURITY_TOKEN)
    [seen] = RECORD.seen
    signature = seen.headers["authorization"].rsplit("Signature=", 1)[1]
    client = cbr.CbrClient(endpoint=server, ak=AK, sk=SK, security_token=SECURITY_TOKEN)
    texts = [shown(caught.value), repr(client), str(client), repr(vars(client)), seen.target,
             *(r.getMessage() for r in caplog.records)]
    assert any(r.name.startswith("httpcore") for r in caplog.records), "httpcore's debug records were captured"
    assert caught.value.error_code == "APIGW.0301"  # the vendor's fields stay readable, the secrets cut out
    for secret in (AK, SK, SECURITY_TOKEN, signature):
        assert not [t for t in texts if secret in t or quote(secret, safe="") in t]


@pytest.mark.parametrize("credentials, expected", [
    ({"token": "tok-SECRET-0123456789", "ak": AK, "sk": SK}, "not both"),
    ({"ak": AK}, "ak and sk go together"),
    ({"sk": SK}, "ak and sk go together"),
    ({"security_token": SECURITY_TOKEN}, "security_token goes with ak="),
    ({"ak": AK, "sk": "secret\n"}, "sk: not a usable header value"),
    ({"ak": AK, "sk": SK, "security_token": "tok én"}, "security_token: not a usable header value"),
])
def test_credentials_that_cannot_be_used_are_refused_without_showing_them(
        cbr: Any, credentials: dict[str, str], expected: str) -> None:
    with pytest.raises(cbr.InvalidArgumentError, match=expected) as caught:
        cbr.CbrClient(endpoint="http://127.0.0.1:9", **credentials)
    assert not [v for v in credentials.values() if v in shown(caught.value)]


def test_a_region_gives_the_endpoint_and_an_explicit_endpoint_wins(cbr: Any) -> None:
    assert cbr.CbrClient(ak=AK, sk=SK, region="cn-north-4").base_url == "https://cbr.cn-north-4.myhuaweicloud.com"
    assert cbr.CbrClient(region="cn-north-4", endpoint="http://127.0.0.1:8080/").base_url == "http://127.0.0.1:8080"
    assert cbr.CbrClient().base_url == "https://cbr.ap-southeast-1.myhuaweicloud.com"


@pytest.mark.parametrize("region", ["evil.example.com#", "cn-north-4.attacker.net", "CN-NORTH-4", "", "a/b", 4])
def test_a_region_that_is_not_a_region_id_is_refused(cbr: Any, region: Any) -> None:
    with pytest.raises(cbr.InvalidArgumentError, match="region: a region id"):
        cbr.CbrClient(region=region)


def test_a_region_for_a_service_without_a_regional_endpoint_is_refused(cbr: Any) -> None:
    with pytest.raises(cbr.InvalidArgumentError, match="names no regional endpoint"):
        cbr._runtime.base_url_for(None, "eu-de", "svc.example.com", None)
    with pytest.raises(cbr.InvalidArgumentError, match="takes no signed requests"):
        cbr._runtime.credentials_of(None, AK, SK, None, None)


def _service_yaml(tmp_path: Any, text: str) -> Any:
    folder = tmp_path / "spec" / "sources" / "svc"
    folder.mkdir(parents=True)
    (folder / "service.yaml").write_text("title: T\nendpoint: svc.eu-de.example.com\n" + text, encoding="utf-8")
    return tmp_path


def test_service_yaml_declares_signing_and_the_regional_endpoint(tmp_path: Any) -> None:
    root = _service_yaml(tmp_path, "regional_endpoint: svc.{region}.example.com\n"
                                   "auth: {token_header: X-Auth-Token, signing: SDK-HMAC-SHA256}\n")
    config = load_config(root, "svc")
    assert (config.signing, config.regional_endpoint, config.default_region) == \
        ("SDK-HMAC-SHA256", "svc.{region}.example.com", "eu-de")


@pytest.mark.parametrize("text, place", [
    ("auth: {signing: HMAC-MD5}\n", "auth.signing"),
    ("regional_endpoint: svc.example.com\n", "regional_endpoint"),
    ("regional_endpoint: 'svc.{region}.{region}.com'\n", "regional_endpoint"),
    ("regional_endpoint: 'svc.{region}/x'\n", "regional_endpoint"),
    ("regional_endpoint: 'other.{region}.example.com'\n", "regional_endpoint"),
])
def test_a_bad_signing_or_regional_endpoint_is_refused_by_place(tmp_path: Any, text: str, place: str) -> None:
    from generator.errors import LoadError

    with pytest.raises(LoadError) as caught:
        load_config(_service_yaml(tmp_path, text), "svc")
    assert place in str(caught.value) and "service.yaml" in str(caught.value)


def test_the_spec_carries_the_signing_scheme_and_the_regional_server() -> None:
    from generator.specfile import load_spec_text

    doc = load_spec_text((ROOT / "spec" / "cbr.openapi.yaml").read_text(encoding="utf-8"), "cbr")
    scheme = doc["components"]["securitySchemes"]["SdkHmacSha256"]
    assert (scheme["x-apigen-signing"], scheme["name"], scheme["in"]) == ("SDK-HMAC-SHA256", "Authorization", "header")
    assert {"SdkHmacSha256": []} in doc["paths"]["/v3/{project_id}/backups/{backup_id}"]["get"]["security"]
    assert doc["servers"][1]["url"] == "https://cbr.{region}.myhuaweicloud.com"
    assert doc["servers"][1]["variables"]["region"]["default"] == "ap-southeast-1"


def test_a_spec_declaring_a_signature_the_client_cannot_compute_is_refused_by_place() -> None:
    from generator.codegen.package import generate_package
    from generator.errors import CodegenError

    spec = ("openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  securitySchemes:\n"
            "    Sig: {type: apiKey, in: header, name: Authorization, x-apigen-signing: HMAC-MD5}\n")
    with pytest.raises(CodegenError, match="x-apigen-signing 'HMAC-MD5'") as caught:
        generate_package("svc", spec, "svc.yaml")
    assert "components/securitySchemes" in str(caught.value)
