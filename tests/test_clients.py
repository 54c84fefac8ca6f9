"""The generated sync and async clients against a real HTTP server on 127.0.0.1 serving the doc
examples: success, vendor errors, retries, giving up, timeouts, and the token kept secret."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from conftest import generated_package, loopback, page_of

TOKEN = "tok-SECRET-1234567890"
PROJECT = "4229d7a45436489f8c3dc2b1d35d4987"
EXAMPLE = next(e.body for e in page_of("004").examples if e.parsed)


class _Handler(BaseHTTPRequestHandler):
    calls: dict[str, int] = {}
    seen_tokens: list[str | None] = []

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = self.path.split("?")[0].strip("/").split("/")
        key = parts[-1]
        type(self).calls[key] = type(self).calls.get(key, 0) + 1
        type(self).seen_tokens.append(self.headers.get("X-Auth-Token"))
        if parts[:3] != ["v3", PROJECT, "backups"]:
            self._send(404, {"error_code": "APIGW.0101", "error_msg": "no such route"})
        elif key == "ok":
            self._send(200, EXAMPLE)
        elif key == "missing":
            self._send(404, {"error_code": "BackupService.6001", "error_msg": "backup not found"},
                       {"X-Request-Id": "req-404"})
        elif key == "flaky":
            if type(self).calls[key] == 1:
                self._send(500, {"error_code": "BackupService.0000", "error_msg": "internal"})
            else:
                self._send(200, EXAMPLE)
        elif key == "broken":
            self._send(503, {"error_code": "BackupService.0000", "error_msg": "unavailable"},
                       {"X-Request-Id": "req-503"})
        elif key == "slow":
            time.sleep(1.0)
            self._send(200, EXAMPLE)
        else:
            self._send(404, {"error_code": "x", "error_msg": "unknown"})

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with loopback(_Handler) as url:
        yield url


@pytest.fixture(scope="module")
def cbr() -> Any:
    return generated_package("cbr")


@pytest.fixture(autouse=True)
def fresh_counts() -> None:
    _Handler.calls.clear()
    _Handler.seen_tokens.clear()


def client(cbr: Any, server: str, **kw: Any) -> Any:
    retry = cbr.RetryPolicy(max_retries=2, backoff=0.01, max_delay=0.05)
    return cbr.CbrClient(token=TOKEN, endpoint=server, project_id=PROJECT, retry=retry, **kw)


def async_client(cbr: Any, server: str, **kw: Any) -> Any:
    retry = cbr.RetryPolicy(max_retries=2, backoff=0.01, max_delay=0.05)
    return cbr.AsyncCbrClient(token=TOKEN, endpoint=server, project_id=PROJECT, retry=retry, **kw)


def test_sync_success_returns_the_typed_model(cbr: Any, server: str) -> None:
    with client(cbr, server) as c:
        result = c.show_backup("ok")
    assert isinstance(result, cbr.ShowBackupResponse)
    assert result.backup.resource_size == 40
    assert result.backup.extend_info.support_lld is True
    assert result.model_dump(mode="json", by_alias=True, exclude_unset=True) == EXAMPLE
    assert _Handler.seen_tokens == [TOKEN]


def test_sync_404_raises_a_typed_error_with_the_vendor_body(cbr: Any, server: str) -> None:
    with client(cbr, server) as c, pytest.raises(cbr.NotFoundError) as caught:
        c.show_backup("missing")
    err = caught.value
    assert (err.status, err.error_code, err.error_msg, err.request_id) == (
        404, "BackupService.6001", "backup not found", "req-404")
    assert isinstance(err, cbr.ClientError) and isinstance(err, cbr.ApiError)
    assert _Handler.calls["missing"] == 1  # a 404 is not retried


def test_sync_500_then_200_is_retried_and_succeeds(cbr: Any, server: str) -> None:
    with client(cbr, server) as c:
        assert c.show_backup("flaky").backup.id_ == EXAMPLE["backup"]["id"]
    assert _Handler.calls["flaky"] == 2


def test_sync_5xx_forever_gives_up_after_the_bound(cbr: Any, server: str) -> None:
    with client(cbr, server) as c, pytest.raises(cbr.ServerError) as caught:
        c.show_backup("broken")
    assert caught.value.status == 503 and caught.value.request_id == "req-503"
    assert _Handler.calls["broken"] == 3  # the first try and two retries


def test_sync_timeout_raises_a_timeout_error(cbr: Any, server: str) -> None:
    retry = cbr.RetryPolicy(max_retries=0)
    slow = cbr.CbrClient(token=TOKEN, endpoint=server, project_id=PROJECT, retry=retry, timeout=0.2)
    with slow, pytest.raises(cbr.ApiTimeoutError) as caught:
        slow.show_backup("slow")
    assert "/backups/slow" in str(caught.value)


def test_connection_refused_is_retried_then_raised(cbr: Any) -> None:
    with client(cbr, "http://127.0.0.1:9") as c, pytest.raises(cbr.ApiConnectionError):
        c.show_backup("ok")


def test_only_idempotent_requests_are_retried(cbr: Any) -> None:
    policy = cbr.RetryPolicy(max_retries=3)
    assert policy.may_retry("GET", 0) and policy.may_retry("DELETE", 2)
    assert not policy.may_retry("POST", 0) and not policy.may_retry("GET", 3)


def test_path_values_are_encoded_as_one_segment(cbr: Any, server: str) -> None:
    with client(cbr, server) as c, pytest.raises(cbr.NotFoundError):
        c.show_backup("../../etc/passwd")
    assert "..%2F..%2Fetc%2Fpasswd" in _Handler.calls


@pytest.mark.parametrize("value", ["..", ".", ""])
def test_a_path_value_that_would_name_another_path_is_refused_before_sending(cbr: Any, server: str,
                                                                           value: str) -> None:
    # DELETE /v3/{project_id}/backups/{backup_id}/members/{member_id} with member ".." would delete the backup
    before = dict(_Handler.calls)
    with client(cbr, server) as c, pytest.raises(ValueError, match="is not a path segment"):
        c.show_backup(value)
    assert _Handler.calls == before  # nothing was sent


def test_the_token_never_shows(cbr: Any, server: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    c = client(cbr, server)
    texts = [repr(c), str(c), repr(vars(c))]
    for backup_id in ("missing", "broken"):
        with pytest.raises(cbr.ApiError) as caught:
            c.show_backup(backup_id)
        texts += [str(caught.value), repr(caught.value), repr(vars(caught.value))]
    c.close()
    texts += [r.getMessage() for r in caplog.records]
    assert caplog.records, "the client logs its attempts"
    assert not [t for t in texts if TOKEN in t]


def test_async_client_success_errors_retries_and_timeout(cbr: Any, server: str) -> None:
    async def scenario() -> None:
        async with async_client(cbr, server) as c:
            assert (await c.show_backup("ok")).backup.resource_size == 40
            assert (await c.show_backup("flaky")).backup.resource_size == 40
            with pytest.raises(cbr.NotFoundError) as missing:
                await c.show_backup("missing")
            assert missing.value.error_code == "BackupService.6001"
            with pytest.raises(cbr.ServerError):
                await c.show_backup("broken")
        retry = cbr.RetryPolicy(max_retries=0)
        async with cbr.AsyncCbrClient(token=TOKEN, endpoint=server, project_id=PROJECT, retry=retry,
                                      timeout=0.2) as slow:
            with pytest.raises(cbr.ApiTimeoutError):
                await slow.show_backup("slow")

    asyncio.run(asyncio.wait_for(scenario(), timeout=30))
    assert _Handler.calls["flaky"] == 2 and _Handler.calls["broken"] == 3


def test_project_id_comes_from_the_client_or_the_call(cbr: Any, server: str) -> None:
    with cbr.CbrClient(token=TOKEN, endpoint=server) as c:
        with pytest.raises(ValueError, match="project_id is required"):
            c.show_backup("ok")
        assert c.show_backup("ok", project_id=PROJECT).backup.resource_size == 40
