"""What the generated models promise beyond their annotations (templates/base.py.jinja): open enumerations in
what the server sends, null only where the spec allows it; on the checked-in cbr package, and type-checked as
user code reads it."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pydantic
import pytest
import yaml
from conftest import ROOT

from generator.validate.captures import Capture
from generator.validate.engine import Validator

GENERATED = ROOT / "generated"


@pytest.fixture(scope="module")
def cbr() -> ModuleType:
    sys.path.insert(0, str(GENERATED))
    try:
        return importlib.import_module("cbr")
    finally:
        sys.path.remove(str(GENERATED))


def test_a_status_the_spec_does_not_list_parses_and_is_named(cbr: ModuleType) -> None:
    billing = cbr.Billing.model_validate({"status": "migrating"})
    assert billing.status == "migrating"
    assert billing.unknown_values() == {"status": "migrating"}
    assert cbr.Billing.model_validate({"status": "available"}).unknown_values() == {}


def test_validate_still_reports_the_unlisted_status() -> None:
    doc = yaml.safe_load((ROOT / "spec" / "cbr.openapi.yaml").read_text(encoding="utf-8"))
    outcome = Validator(doc).check(Capture("c", 1, "GET", "/v3/p1/vaults/v1", 200,
                                           b'{"vault": {"billing": {"status": "migrating"}}}'))
    assert outcome.verdict != "valid"
    assert any("migrating" in error.message for error in outcome.errors)


def test_a_request_body_enum_stays_closed(cbr: ModuleType) -> None:
    # what the caller sends is checked: this status is a request field only
    body = cbr.models.UpdateMemberStatusRequestBody
    assert body.model_validate({"status": "accepted"}).status == "accepted"
    with pytest.raises(pydantic.ValidationError):
        body.model_validate({"status": "acepted"})


def test_an_explicit_null_is_refused_where_the_spec_does_not_allow_it(cbr: ModuleType) -> None:
    with pytest.raises(pydantic.ValidationError, match="'status' is null"):
        cbr.Billing.model_validate({"status": None})
    assert cbr.Billing.model_validate({}).status is None  # absent: fine


def test_an_explicit_null_is_kept_where_the_spec_allows_it(cbr: ModuleType) -> None:
    # an example sends "extra_info": null, so the spec says it may be null (R2-example-null)
    assert cbr.CheckpointResourceResp.model_validate({"extra_info": None}).extra_info is None


def test_user_code_reading_the_fields_passes_mypy_strict(tmp_path: Path) -> None:
    user = tmp_path / "reader.py"
    user.write_text(
        "from cbr import Billing\n\n\n"
        "def describe(billing: Billing) -> str:\n"
        "    if billing.status is None:\n"
        "        return 'no status'\n"
        "    odd = billing.unknown_values()\n"
        "    if billing.status == 'available' and not odd:\n"
        "        return billing.status.upper()\n"
        "    return str(odd.get('status', billing.status))\n", encoding="utf-8")
    mypy = Path(sys.executable).parent / "mypy"
    result = subprocess.run([str(mypy), "--strict", str(user)], cwd=GENERATED, capture_output=True, text=True,
                            timeout=300, env={"MYPYPATH": str(GENERATED), "PATH": str(mypy.parent)})
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_field_of_no_stated_type_takes_null() -> None:
    """DNS `Recordsets.set_id` is known only from an example printing null: its schema names no type, so null
    is one of the values it admits (Prism answers with that example)."""
    sys.path.insert(0, str(ROOT / "generated"))
    try:
        models = importlib.import_module("dns.models")
    finally:
        sys.path.remove(str(ROOT / "generated"))
    spec = yaml.safe_load((ROOT / "spec" / "dns.openapi.yaml").read_text(encoding="utf-8"))
    assert "type" not in spec["components"]["schemas"]["Recordsets"]["properties"]["set_id"]
    assert models.Recordsets.model_validate({"ttl": 300, "set_id": None}).set_id is None
    with pytest.raises(pydantic.ValidationError, match="null"):
        models.Recordsets.model_validate({"ttl": 300, "name": None})
