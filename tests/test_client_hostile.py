"""The generated clients (sync and async, the same promises) against hostile servers on 127.0.0.1: redirects
to another origin, servers that echo the token, bad Retry-After values, trickled answers, huge and
compressed bodies, broken protocol and bodies. Credentials go to the endpoint's origin only and show in no
message, log record or URL; the deadline is total; bodies are capped; every failure is an ApiError."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import importlib
import json
import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from conftest import ROOT, page_of

TOKEN = "tok-SECRET/9+x=1z"  # a '/' and a '+' so its percent-encoded form differs from it
LEAK = "SECRET"  # any part of the token that shows is a leak
PROJECT = "4229d7a45436489f8c3dc2b1d35d4987"
EXAMPLE = next(e.body for e in page_of("004").examples if e.parsed)
VERSIONS = {"versions": [{"id": "v3", "status": "CURRENT", "links": [{"href": "https://x/v3/", "rel": "self"}]}]}
MODES = ("sync", "async")
CALL_BOUND = 20.0  # seconds after which a call that has not ended fails the test (it hangs)
BIG = 48 * 1024 * 1024  # what the "big" answers would send in all
RETRY_AFTER = ["nan", "NaN", "inf", "-inf", "-5", "1e3", "0x10", "9" * 5000, "99999999999", "garbage", "",
               "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Mon, 99 Foo 2024 99:99:99 GMT"]


@dataclass(frozen=True)
class Seen:
    port: int
    path: str
    headers: dict[str, str]


class _Hostile(BaseHTTPRequestHandler):
    """Answers by the last path segment (the backup id the test asks for); records every request."""

    seen: list[Seen] = []
    sent: dict[str, int] = {}
    calls: dict[str, int] = {}
    elsewhere = 0  # the port of the other origin

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        port = self.server.server_address[1]
        type(self).seen.append(Seen(port, self.path, {k.lower(): v for k, v in self.headers.items()}))
        key = self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        type(self).calls[key] = type(self).calls.get(key, 0) + 1
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(key)

    def _answer(self, key: str) -> None:  # one branch per hostile answer, read as a table
        away = f"http://127.0.0.1:{type(self).elsewhere}/v3/{PROJECT}/backups/landed"
        if key in ("ok", "landed"):
            self._json(200, EXAMPLE)
        elif key == "":
            self._json(300, VERSIONS)
        elif key == "redirect-away":
            self._json(302, {}, {"Location": away})
        elif key == "redirect-away-307":
            self._json(307, {}, {"Location": away})
        elif key == "redirect-localhost":
            self._json(308, {}, {"Location": away.replace("127.0.0.1", "localhost")})
        elif key == "redirect-with-token":
            self._json(302, {}, {"Location": f"{away}?token={quote(TOKEN, safe='')}"})
        elif key == "redirect-home":
            self._json(302, {}, {"Location": f"/v3/{PROJECT}/backups/ok"})
        elif key == "redirect-loop":
            self._json(302, {}, {"Location": self.path})
        elif key == "redirect-nowhere":
            self._json(302, {})
        elif key == "redirect-bad-location":
            self._json(302, {}, {"Location": "http://[::1"})
        elif key == "undocumented-300":
            self._json(300, VERSIONS)
        elif key == "echo":
            escaped = "".join(f"\\u{ord(c):04x}" for c in TOKEN)  # the token, every character JSON-escaped
            body = ('{"error_code": "' + escaped + '", "error_msg": "bad token ' + TOKEN + '", "'
                    + TOKEN + '": ["' + TOKEN + '"]}').encode()
            self._raw(401, body, {"X-Request-Id": TOKEN, "Content-Type": "application/json"})
        elif key == "echo-reason":
            self._write(b"HTTP/1.1 401 " + TOKEN.encode() + b"\r\nContent-Length: 0\r\n\r\n")
        elif key == "echo-nested":
            self._json(400, {"error": {"code": TOKEN, "message": f"\x1b[31m{TOKEN}\x1b[0m"}},
                       {"X-Openstack-Request-Id": f"req {TOKEN}"})
        elif key.startswith("retry-after-") and key[-1].isdigit():
            if type(self).calls[key] == 1:
                self._json(503, {"error_msg": "busy"}, {"Retry-After": RETRY_AFTER[int(key.rsplit("-", 1)[1])]})
            else:
                self._json(200, EXAMPLE)
        elif key == "retry-after-long":
            self._json(503, {"error_msg": "busy"}, {"Retry-After": "30"})
        elif key == "trickle-body":
            self._trickle(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", b"x" * 100, 0.2)
        elif key == "trickle-head":
            self._trickle(b"", b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 1000, 0.2)
        elif key == "big":
            self._stream(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % BIG, key, BIG)
        elif key == "big-unbounded":
            self._stream(b"HTTP/1.1 200 OK\r\n\r\n", key, BIG)
        elif key == "just-over-default-cap":
            self._raw(200, b" " * (16 * 1024 * 1024 + 1))
        elif key == "gzip-bomb":
            self._raw(200, gzip.compress(b"0" * (32 * 1024 * 1024), 9), {"Content-Encoding": "gzip"})
        elif key == "gzip-ok":
            self._raw(200, gzip.compress(json.dumps(EXAMPLE).encode()), {"Content-Encoding": "gzip"})
        elif key == "bad-encoding":
            self._raw(200, json.dumps(EXAMPLE).encode(), {"Content-Encoding": "br"})
        elif key == "bad-gzip":
            self._raw(200, b"not gzip " + TOKEN.encode(), {"Content-Encoding": "gzip"})
        elif key == "not-json":
            self._raw(200, f"<html>{TOKEN}</html>".encode())
        elif key == "empty":
            self._raw(200, b"")
        elif key == "deep":
            self._raw(200, b"[" * 100_000)
        elif key == "deep-error":
            self._raw(500, b"[" * 100_000)
        elif key == "huge-int":
            self._raw(200, b'{"backup": {"resource_size": 1' + b"0" * 5000 + b"}}")
        elif key == "wrong-model":
            self._json(200, {"backup": {"resource_size": f"forty {TOKEN}"}})
        elif key == "reset":
            self._write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + b'{"backup"')
        elif key == "garbage-status":
            self._write(b"HTTP/1.1 abc " + TOKEN.encode() + b"\r\n\r\n")
        elif key == "status-999":
            self._json(999, {"error_msg": "what"})
        else:
            self._json(404, {"error_code": "x", "error_msg": "unknown"})

    def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self._raw(status, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})})

    def _raw(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _write(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()
        self.close_connection = True

    def _trickle(self, head: bytes, rest: bytes, pause: float) -> None:
        """`head` at once, then `rest` a byte at a time, for at most 12 s."""
        self._write(head)
        for i in range(min(len(rest), 60)):
            self._write(rest[i:i + 1])
            time.sleep(pause)

    def _stream(self, head: bytes, key: str, total: int) -> None:
        """`total` bytes of JSON-ish filler in 64 KiB writes, counting what the client took."""
        self._write(head)
        chunk = b" " * 65536
        sent = 0
        try:
            while sent < total:
                self.wfile.write(chunk)
                sent += len(chunk)
        finally:
            type(self).sent[key] = sent


def _serve() -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str]]:
    """The endpoint, and another origin (same host, another port) redirects point to."""
    (endpoint, endpoint_url), (other, other_url) = _serve(), _serve()
    _Hostile.elsewhere = other.server_address[1]
    try:
        yield endpoint_url, other_url
    finally:
        for httpd in (endpoint, other):
            httpd.shutdown()
            httpd.server_close()


@pytest.fixture
def server(servers: tuple[str, str]) -> str:
    return servers[0]


@pytest.fixture(scope="module")
def cbr() -> Any:
    sys.path.insert(0, str(ROOT / "generated"))
    try:
        return importlib.import_module("cbr")
    finally:
        sys.path.remove(str(ROOT / "generated"))


@pytest.fixture(autouse=True)
def fresh_records() -> None:
    _Hostile.seen.clear()
    _Hostile.calls.clear()
    _Hostile.sent.clear()


def call(cbr: Any, mode: str, server: str, method: str, *args: Any, http: Any = None, **client: Any) -> Any:
    """One call of `method` by a fresh sync or async client; fails the test if it has not ended within
    CALL_BOUND seconds (a hang, whatever the client does)."""
    client.setdefault("retry", cbr.RetryPolicy(max_retries=2, backoff=0.01, max_delay=0.05))
    kind = cbr.CbrClient if mode == "sync" else cbr.AsyncCbrClient
    settings = {"token": TOKEN, "endpoint": server, "project_id": PROJECT, **client}
    if mode == "async":
        async def scenario() -> Any:
            async with kind(**settings, http=http() if http else None) as c:
                return await getattr(c, method)(*args)

        return asyncio.run(asyncio.wait_for(scenario(), timeout=CALL_BOUND))
    return _bounded(lambda: _sync_call(kind, settings, http, method, args))


def _sync_call(kind: Any, settings: dict[str, Any], http: Any, method: str, args: tuple[Any, ...]) -> Any:
    with kind(**settings, http=http() if http else None) as c:
        return getattr(c, method)(*args)


def _bounded(work: Callable[[], Any]) -> Any:
    result: list[Any] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as err:  # noqa: BLE001 - handed to the test's thread
            error.append(err)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(CALL_BOUND)
    if thread.is_alive():
        pytest.fail(f"the call did not end within {CALL_BOUND} s")
    if error:
        raise error[0]
    return result[0]


def failure_of(cbr: Any, mode: str, server: str, backup_id: str, **client: Any) -> BaseException:
    """The exception show_backup(backup_id) raises (the test fails if it returns)."""
    try:
        call(cbr, mode, server, "show_backup", backup_id, **client)
    except BaseException as err:  # noqa: BLE001 - the test looks at whatever was raised
        return err
    pytest.fail(f"show_backup({backup_id!r}) returned")


def shown(err: BaseException) -> str:
    """Everything an exception shows: str, repr, args and attributes of it and of every exception chained
    to it, and its formatted traceback."""
    texts = ["".join(traceback.format_exception(err))]
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        texts += [str(current), repr(current), repr(current.args), repr(vars(current))]
        current = current.__cause__ or current.__context__
    return "\n".join(texts)


def tokens_sent_to(port: int) -> list[str | None]:
    return [s.headers.get("x-auth-token") for s in _Hostile.seen if s.port == port]


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


# Redirects: credentials go to the endpoint's origin only, whatever the httpx client is told.

@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("backup_id", ["redirect-away", "redirect-away-307", "redirect-localhost"])
def test_a_redirect_to_another_origin_is_refused_and_the_token_never_goes_there(
        cbr: Any, mode: str, servers: tuple[str, str], backup_id: str) -> None:
    endpoint, elsewhere = servers
    following = httpx.Client if mode == "sync" else httpx.AsyncClient
    err = failure_of(cbr, mode, endpoint, backup_id,
                     http=lambda: following(follow_redirects=True, headers={"Authorization": "Bearer SECRET-2"}))
    assert isinstance(err, cbr.RedirectError), shown(err)
    assert "refused" in str(err) and f"credentials go to {endpoint}" in str(err)
    assert tokens_sent_to(port_of(elsewhere)) == []  # nothing at all went to the other origin
    assert tokens_sent_to(port_of(endpoint)) == [TOKEN]
    assert LEAK not in shown(err)


@pytest.mark.parametrize("mode", MODES)
def test_a_redirect_within_the_origin_is_followed_with_the_token(cbr: Any, mode: str, server: str) -> None:
    following = httpx.Client if mode == "sync" else httpx.AsyncClient
    result = call(cbr, mode, server, "show_backup", "redirect-home", http=lambda: following(follow_redirects=True))
    assert result.backup.resource_size == 40
    assert [s.path.rsplit("/", 1)[-1] for s in _Hostile.seen] == ["redirect-home", "ok"]
    assert tokens_sent_to(port_of(server)) == [TOKEN, TOKEN]


@pytest.mark.parametrize("mode", MODES)
def test_redirects_are_bounded(cbr: Any, mode: str, server: str) -> None:
    err = failure_of(cbr, mode, server, "redirect-loop")
    assert isinstance(err, cbr.RedirectError) and "more than 5 redirects" in str(err)
    assert _Hostile.calls["redirect-loop"] == 6


# Server text: redacted, escaped, bounded wherever it reaches a message.

@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("backup_id", ["echo", "echo-nested", "echo-reason", "redirect-with-token", "not-json",
                                       "bad-gzip", "wrong-model", "garbage-status"])
def test_a_server_echoing_the_token_never_gets_it_into_an_error_or_a_log(
        cbr: Any, mode: str, server: str, backup_id: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    err = failure_of(cbr, mode, server, backup_id)
    assert isinstance(err, cbr.ApiError), shown(err)
    assert tokens_sent_to(port_of(server))[0] == TOKEN  # the token was sent, and came back
    assert LEAK not in shown(err)
    assert not [r.getMessage() for r in caplog.records if LEAK in r.getMessage()]


@pytest.mark.parametrize("mode", MODES)
def test_vendor_fields_stay_readable_with_the_token_redacted(cbr: Any, mode: str, server: str) -> None:
    err = failure_of(cbr, mode, server, "echo-nested")
    assert isinstance(err, cbr.BadRequestError)
    assert (err.error_code, err.error_msg, err.request_id) == ("***", "\x1b[31m***\x1b[0m", "req ***")
    assert "\\x1b[31m***\\x1b[0m" in str(err) and "\x1b" not in str(err)  # escapes shown, never sent to a terminal
    echo = failure_of(cbr, mode, server, "echo")
    assert isinstance(echo, cbr.AuthenticationError)
    assert echo.body == {"error_code": "***", "error_msg": "bad token ***", "***": ["***"]}


@pytest.mark.parametrize("mode", MODES)
def test_a_token_that_is_not_a_header_value_is_refused_without_showing_it(cbr: Any, mode: str, server: str) -> None:
    for token in ("tök-SECRET-ü", "tok-SECRET\r\nX-Evil: 1", " tok-SECRET"):
        err = failure_of(cbr, mode, server, "ok", token=token)
        assert isinstance(err, cbr.InvalidArgumentError), shown(err)
        assert LEAK not in shown(err) and "token" in str(err)
    assert _Hostile.seen == []  # nothing was sent


def test_a_header_value_that_is_not_printable_ascii_is_refused_without_showing_it(cbr: Any) -> None:
    runtime = importlib.import_module("cbr._runtime")
    assert runtime.header_value("X-Trace", "abc 123") == "abc 123"
    for value in ("SECRET\r\nX-Evil: 1", "SECRET-ü"):
        with pytest.raises(cbr.InvalidArgumentError) as caught:
            runtime.header_value("X-Trace", value)
        assert LEAK not in shown(caught.value) and "X-Trace" in str(caught.value)


# Retry-After and the deadline.

@pytest.mark.parametrize("value", RETRY_AFTER)
def test_retry_after_is_parsed_defensively_and_capped(cbr: Any, value: str) -> None:
    policy = cbr.RetryPolicy(max_retries=3, backoff=0.5, max_delay=8.0)
    delay = policy.delay(0, value)
    assert 0.0 <= delay <= 8.0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("index", range(len(RETRY_AFTER)))
def test_a_hostile_retry_after_still_retries_and_succeeds(cbr: Any, mode: str, server: str, index: int) -> None:
    assert call(cbr, mode, server, "show_backup", f"retry-after-{index}").backup.resource_size == 40
    assert _Hostile.calls[f"retry-after-{index}"] == 2


@pytest.mark.parametrize("mode", MODES)
def test_a_retry_wait_past_the_deadline_is_not_made(cbr: Any, mode: str, server: str) -> None:
    retry = cbr.RetryPolicy(max_retries=3, backoff=0.01, max_delay=60.0)
    start = time.monotonic()
    err = failure_of(cbr, mode, server, "retry-after-long", retry=retry, timeout=2.0)
    assert isinstance(err, cbr.ServerError) and err.status == 503
    assert _Hostile.calls["retry-after-long"] == 1
    assert time.monotonic() - start < CALL_BOUND / 2  # it did not sleep the 30 s the server asked


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("backup_id", ["trickle-body", "trickle-head"])
def test_the_timeout_bounds_the_whole_call_whatever_the_server_trickles(cbr: Any, mode: str, server: str,
                                                                       backup_id: str) -> None:
    # The server sends a byte every 0.2 s for 12 s; each read is quick, so only a total deadline ends the
    # call. The bound below is far above the 1 s timeout: it tells "ended at the deadline" from "held".
    start = time.monotonic()
    err = failure_of(cbr, mode, server, backup_id, timeout=1.0)
    elapsed = time.monotonic() - start
    assert isinstance(err, cbr.ApiTimeoutError), shown(err)
    assert "timeout of 1 s" in str(err) and elapsed < 6.0


# Bodies: capped after decoding, streamed and refused.

@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("backup_id", ["big", "big-unbounded"])
def test_a_body_past_the_cap_is_refused_while_streaming(cbr: Any, mode: str, server: str, backup_id: str) -> None:
    err = failure_of(cbr, mode, server, backup_id, max_body_bytes=1024 * 1024)
    assert isinstance(err, cbr.ResponseTooLargeError), shown(err)
    assert "over the cap of 1048576 bytes" in str(err)
    deadline = time.monotonic() + 10
    while backup_id not in _Hostile.sent and time.monotonic() < deadline:
        time.sleep(0.05)  # the server thread notices the closed connection
    assert _Hostile.sent[backup_id] < BIG // 2  # the client stopped reading: the rest was never sent


@pytest.mark.parametrize("mode", MODES)
def test_a_compressed_body_is_capped_after_decompression(cbr: Any, mode: str, server: str) -> None:
    err = failure_of(cbr, mode, server, "gzip-bomb", max_body_bytes=1024 * 1024)
    assert isinstance(err, cbr.ResponseTooLargeError), shown(err)
    assert call(cbr, mode, server, "show_backup", "gzip-ok").backup.resource_size == 40


def test_the_default_cap_is_stated_and_applied(cbr: Any, server: str) -> None:
    assert cbr.CbrClient(token=TOKEN).max_body_bytes == 16 * 1024 * 1024
    err = failure_of(cbr, "sync", server, "just-over-default-cap")
    assert isinstance(err, cbr.ResponseTooLargeError) and "cap of 16777216 bytes" in str(err)


# Every failure is an ApiError.

FAILURES = {
    "not-json": "InvalidResponseError", "empty": "InvalidResponseError", "deep": "InvalidResponseError",
    "huge-int": "InvalidResponseError", "wrong-model": "InvalidResponseError", "bad-encoding": "InvalidResponseError",
    "bad-gzip": "InvalidResponseError", "deep-error": "ServerError", "reset": "ApiConnectionError",
    "garbage-status": "ApiConnectionError", "status-999": "ApiStatusError", "redirect-nowhere": "RedirectError",
    "redirect-bad-location": "ApiConnectionError", "undocumented-300": "RedirectError",
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("backup_id", "kind"), FAILURES.items())
def test_every_failure_is_an_api_error(cbr: Any, mode: str, server: str, backup_id: str, kind: str) -> None:
    err = failure_of(cbr, mode, server, backup_id)
    assert type(err).__name__ == kind and isinstance(err, cbr.ApiError), shown(err)
    assert err.__cause__ is None and err.__context__ is None  # no httpx, pydantic or ValueError behind it
    assert LEAK not in shown(err)


@pytest.mark.parametrize("mode", MODES)
def test_a_model_mismatch_names_the_place_not_the_value(cbr: Any, mode: str, server: str) -> None:
    err = failure_of(cbr, mode, server, "wrong-model")
    assert "not a valid ShowBackupResponse: backup/resource_size:" in str(err) and "forty" not in str(err)


@pytest.mark.parametrize("mode", MODES)
def test_bad_arguments_are_api_errors_and_nothing_is_sent(cbr: Any, mode: str, server: str) -> None:
    for settings in ({"timeout": float("nan")}, {"timeout": -1.0}, {"max_body_bytes": 0},
                     {"endpoint": "https://user:SECRET@example.com"}, {"endpoint": "ftp://example.com"}):
        err = failure_of(cbr, mode, server, "ok", **settings)
        assert isinstance(err, cbr.InvalidArgumentError) and isinstance(err, ValueError), shown(err)
        assert LEAK not in shown(err)
    assert _Hostile.seen == []


# 3xx answers the spec documents are answers.

@pytest.mark.parametrize("mode", MODES)
def test_a_documented_3xx_is_returned_as_its_model(cbr: Any, mode: str, server: str) -> None:
    result = call(cbr, mode, server, "list_versions")
    assert isinstance(result, cbr.ListVersionsResponse300)
    assert result.model_dump(mode="json", by_alias=True, exclude_unset=True) == VERSIONS


def test_an_http_date_retry_after_counts_from_now(cbr: Any) -> None:
    policy = cbr.RetryPolicy(max_retries=1, backoff=0.0, max_delay=60.0)
    soon = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25.0 <= policy.delay(0, soon) <= 30.0
