"""Security: which header carries the token an operation authenticates with, the security schemes that
header and service.yaml's `auth` settings name, and which headers are credentials a client sends itself."""

from __future__ import annotations

import re

from generator.ir import Field
from generator.reconcile.model import SecurityScheme, Service, ServiceConfig

_TOKEN_NAME = re.compile(r"token$", re.I)
# Headers that carry credentials: never parameters (a generated client sends them from its authentication).
_CREDENTIAL = re.compile(r"authorization|x-auth-token|x-security-token|x-subject-token|x-sdk-date", re.I)


def is_credential_header(name: str) -> bool:
    return bool(_CREDENTIAL.fullmatch(name))


def is_token_header(name: str, rows: list[Field]) -> bool:
    """A header named …token whose rows say it carries a token."""
    return bool(_TOKEN_NAME.search(name)) and any("token" in f.description.lower() for f in rows)


def token_scheme(config: ServiceConfig, service: Service, name: str, rows: list[Field]) -> str | None:
    """The security scheme a header parameter is (registered on the service), or None when it is no token:
    the header service.yaml's `auth.token_header` names, else (none named) a header that reads as a token."""
    declared = config.token_header.lower() == name.lower() if config.token_header else False
    if not (declared or (not config.token_header and is_token_header(name, rows))):
        return None
    scheme = scheme_name(name if not declared else config.token_header)
    service.security.setdefault(scheme, SecurityScheme(
        scheme, config.token_header or name,
        next((f.description for f in rows if f.provenance.language == "en"), ""),
        next((f.description for f in rows if f.provenance.language == "zh"), "")))
    return scheme


def operation_security(config: ServiceConfig, service: Service, found: list[str]) -> list[str]:
    """The schemes an operation authenticates with: the token schemes its headers showed (`found`), else the
    token header service.yaml names (every operation sends it, whether or not its page prints it); with the
    signing alternative wherever it authenticates."""
    security = list(found)
    if config.token_header and not security:
        scheme = scheme_name(config.token_header)
        service.security.setdefault(scheme, SecurityScheme(
            scheme, config.token_header, f"The {config.token_header} header every request carries "
            "(service.yaml auth.token_header).", ""))
        security.append(scheme)
    if security and config.signing:
        security.append(signing_scheme(service, config.signing))
    return security


def signing_scheme(service: Service, signing: str) -> str:
    """The scheme of service.yaml's `auth.signing`, an alternative to the token wherever an operation
    authenticates: the request signed with an access key pair, the signature in Authorization."""
    scheme = scheme_name(signing.title())
    service.security.setdefault(scheme, SecurityScheme(
        scheme, "Authorization", f"The request signed with an access key pair ({signing}: the canonical request, "
        "X-Sdk-Date, and Authorization: " f"{signing} Access=..., SignedHeaders=..., Signature=...; X-Security-Token "
        "with temporary credentials) (service.yaml auth.signing).", "", signing))
    return scheme


def scheme_name(header: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", header)
