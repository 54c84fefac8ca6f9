"""Which header is the token and which schemes an operation authenticates with
(generator/reconcile/security.py)."""

from __future__ import annotations

from generator.ir import Field, Language, Provenance, TypeRef
from generator.reconcile.model import Service, ServiceConfig
from generator.reconcile.security import is_credential_header, operation_security, token_scheme


def _header(name: str, description: str, language: Language = "en") -> Field:
    return Field(name, TypeRef("string", raw="String"), description, Provenance(f"{language}.md", 1, language))


def test_the_token_header_service_yaml_names_is_a_scheme_whatever_its_case() -> None:
    config = ServiceConfig("cbr", "CBR", token_header="X-Auth-Token")
    service = Service(config)
    assert token_scheme(config, service, "x-auth-token", [_header("x-auth-token", "User token.")]) == "XAuthToken"
    assert service.security["XAuthToken"].header == "X-Auth-Token"
    assert token_scheme(config, service, "X-Subject-Token", [_header("X-Subject-Token", "A token.")]) is None


def test_without_service_yaml_a_header_named_and_described_as_a_token_is_one() -> None:
    config = ServiceConfig("kms", "KMS")
    service = Service(config)
    assert token_scheme(config, service, "X-Auth-Token", [_header("X-Auth-Token", "用户Token。", "zh")]) == "XAuthToken"
    assert token_scheme(config, service, "X-Request-Token", [_header("X-Request-Token", "An id.")]) is None


def test_every_operation_sends_the_declared_token_or_a_signature() -> None:
    config = ServiceConfig("cbr", "CBR", token_header="X-Auth-Token", signing="SDK-HMAC-SHA256")
    service = Service(config)
    assert operation_security(config, service, []) == ["XAuthToken", "SdkHmacSha256"]
    assert set(service.security) == {"XAuthToken", "SdkHmacSha256"}
    assert operation_security(ServiceConfig("x", "X"), Service(ServiceConfig("x", "X")), []) == []


def test_credential_headers_are_no_parameters() -> None:
    assert is_credential_header("X-Sdk-Date") and is_credential_header("authorization")
    assert not is_credential_header("X-Language")
