"""Whether a change breaks a client: the diff rules, one table.

Each rule judges one kind of change (changes.CHANGE_KINDS) in one direction of travel, and has an id the
output cites, a severity, a message template and a one-line rationale. Direction matters: a client reads
what a response sends and writes what a request takes, so the same change can break one and not the
other (a response property removed breaks readers; a request property removed leaves senders sending a
field the server ignores). Every (kind, direction) the changes can come in is judged by exactly one rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.diff.changes import Change, Direction

Severity = Literal["breaking", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("breaking", "warning", "info")  # most severe first
MESSAGE_VALUE = 80  # characters of an old or new value a message shows


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    kind: str
    direction: Direction
    template: str  # fields: where, old, new, detail
    rationale: str


@dataclass(frozen=True)
class Finding:
    rule: Rule
    change: Change
    message: str


RULES: dict[str, Rule] = {r.id: r for r in (
    # operations
    Rule("operation-removed", "breaking", "operation-removed", "none", "{where}: operation removed",
         "Clients calling it get an error: the server no longer serves it."),
    Rule("operation-added", "info", "operation-added", "none", "{where}: operation added",
         "Nothing existing calls it."),
    Rule("operation-mapped", "info", "operation-mapped", "none", "compared with {old}, as the mapping file says",
         "A person declared the two the same operation; what differs inside is judged below."),
    Rule("operation-id-changed", "warning", "operation-id-changed", "none", "operationId {old} -> {new}",
         "The wire is the same, but generated clients name their methods after it."),
    Rule("path-parameter-renamed", "info", "path-parameter-renamed", "request", "{where}: renamed from {old}",
         "Path parameters are positional: the URL a client builds does not change."),
    Rule("security-became-required", "breaking", "security-became-required", "request",
         "authentication became required ({new})", "Clients calling without credentials are refused."),
    Rule("security-became-optional", "info", "security-became-optional", "request",
         "authentication became optional (was {old})", "Clients that send credentials still may."),
    Rule("security-changed", "warning", "security-changed", "request", "security schemes {old} -> {new}",
         "Clients must send other credentials, or the same in another place."),
    # parameters (always request)
    Rule("request-parameter-removed", "warning", "parameter-removed", "request", "{where}: removed",
         "Clients still sending it may be refused, or have it silently ignored."),
    Rule("request-parameter-added-required", "breaking", "required-parameter-added", "request",
         "{where}: added, required", "Clients that do not send it are refused."),
    Rule("request-parameter-added-optional", "info", "optional-parameter-added", "request",
         "{where}: added, optional", "Clients that do not send it keep working."),
    Rule("request-parameter-became-required", "breaking", "parameter-became-required", "request",
         "{where}: became required", "Clients that leave it out are refused."),
    Rule("request-parameter-became-optional", "info", "parameter-became-optional", "request",
         "{where}: became optional", "Clients that send it keep working."),
    # bodies and statuses
    Rule("request-body-added", "breaking", "body-added", "request", "{where}: added",
         "Clients that send no body are refused."),
    Rule("request-body-removed", "warning", "body-removed", "request", "{where}: removed",
         "Clients still sending a body may be refused, or have it ignored."),
    Rule("response-body-added", "info", "body-added", "response", "{where}: now has a body",
         "Clients that ignored the body keep working."),
    Rule("response-body-removed", "breaking", "body-removed", "response", "{where}: body removed",
         "Clients reading the body get nothing."),
    Rule("response-success-status-removed", "breaking", "success-status-removed", "response",
         "{where}: success response removed", "Clients expecting this status get another one."),
    Rule("response-error-status-removed", "info", "error-status-removed", "response",
         "{where}: error response no longer documented",
         "Successful calls do not change; a handler for the error just goes unused."),
    Rule("response-status-added", "info", "status-added", "response", "{where}: response added",
         "A new documented status; clients should handle statuses they do not know anyway."),
    # properties
    Rule("request-property-removed", "warning", "property-removed", "request", "{where}: property removed",
         "Clients still sending it have it ignored or refused; no client loses data it reads."),
    Rule("response-property-removed", "breaking", "property-removed", "response", "{where}: property removed",
         "Clients reading it get nothing."),
    Rule("request-property-added-required", "breaking", "required-property-added", "request",
         "{where}: property added, required", "Clients that do not send it are refused."),
    Rule("request-property-added-optional", "info", "optional-property-added", "request",
         "{where}: property added, optional", "Clients that do not send it keep working."),
    Rule("response-property-added-required", "info", "required-property-added", "response",
         "{where}: property added", "Clients ignore what they do not read."),
    Rule("response-property-added-optional", "info", "optional-property-added", "response",
         "{where}: property added", "Clients ignore what they do not read."),
    Rule("request-property-mapped", "info", "property-mapped", "request", "{where}: compared with {old} (mapping)",
         "A person declared the two the same field; what differs inside is judged on its own."),
    Rule("response-property-mapped", "info", "property-mapped", "response", "{where}: compared with {old} (mapping)",
         "A person declared the two the same field; what differs inside is judged on its own."),
    Rule("request-property-became-required", "breaking", "property-became-required", "request",
         "{where}: became required", "Clients that leave it out are refused."),
    Rule("request-property-became-optional", "info", "property-became-optional", "request",
         "{where}: became optional", "Clients that send it keep working."),
    Rule("response-property-became-required", "info", "property-became-required", "response",
         "{where}: now always sent", "Clients that handled its absence keep working."),
    Rule("response-property-became-optional", "breaking", "property-became-optional", "response",
         "{where}: may now be absent", "Clients that rely on it being there fail when it is not."),
    Rule("request-became-nullable", "info", "became-nullable", "request", "{where}: now accepts null",
         "Clients that never send null keep working."),
    Rule("request-became-non-nullable", "breaking", "became-non-nullable", "request",
         "{where}: no longer accepts null", "Clients sending null are refused."),
    Rule("response-became-nullable", "breaking", "became-nullable", "response", "{where}: may now be null",
         "Clients that use the value without a null check fail."),
    Rule("response-became-non-nullable", "info", "became-non-nullable", "response", "{where}: never null any more",
         "Clients' null checks just go unused."),
    # types and formats
    Rule("request-type-changed", "breaking", "type-changed", "request", "{where}: type {old} -> {new}",
         "Values clients send of the old type are refused."),
    Rule("response-type-changed", "breaking", "type-changed", "response", "{where}: type {old} -> {new}",
         "Clients parsing the old type fail on the new one."),
    Rule("request-type-widened", "info", "type-widened", "request", "{where}: type {old} -> {new}, wider",
         "Every value clients sent is still accepted."),
    Rule("response-type-widened", "breaking", "type-widened", "response", "{where}: type {old} -> {new}, wider",
         "Clients parsing the old type fail on the values that are new."),
    Rule("request-type-narrowed", "breaking", "type-narrowed", "request", "{where}: type {old} -> {new}, narrower",
         "Clients sending the values no longer allowed are refused."),
    Rule("response-type-narrowed", "info", "type-narrowed", "response", "{where}: type {old} -> {new}, narrower",
         "Every value the server sends still parses as the old type."),
    Rule("request-format-changed", "breaking", "format-changed", "request", "{where}: format {old} -> {new}",
         "Values in the old format may be refused or misread."),
    Rule("response-format-changed", "breaking", "format-changed", "response", "{where}: format {old} -> {new}",
         "Clients parsing the old format may fail or misread the value."),
    # enums
    Rule("request-enum-value-removed", "breaking", "enum-value-removed", "request",
         "{where}: value {old} no longer accepted", "Clients sending it are refused."),
    Rule("request-enum-value-added", "info", "enum-value-added", "request", "{where}: value {new} now accepted",
         "Clients never sent it; nothing they send changes."),
    Rule("response-enum-value-removed", "info", "enum-value-removed", "response",
         "{where}: value {old} no longer sent", "Clients' handling of it just goes unused."),
    Rule("response-enum-value-added", "warning", "enum-value-added", "response", "{where}: value {new} may be sent",
         "Clients that switch exhaustively over the values meet one they do not know."),
    # open enums (anyOf an enum and a plain sibling): the list names known values, the sibling takes others
    Rule("open-enum-value-added", "info", "open-enum-value-added", "none", "{where}: {detail} now listed: {new}",
         "The list is open: the value was allowed before, and clients already take values it does not name."),
    Rule("open-enum-value-removed", "info", "open-enum-value-removed", "none",
         "{where}: {detail} no longer listed: {old}",
         "The list is open: the value is still allowed, and a client that handles it keeps working."),
    Rule("open-enum-listed", "info", "open-enum-listed", "none", "{where}: known values listed, {new}",
         "The values it names were allowed before and still are: the list documents, it does not restrict."),
    Rule("open-enum-unlisted", "info", "open-enum-unlisted", "none", "{where}: list of known values gone, was {old}",
         "Every value is allowed as before; only the documentation of known ones went."),
    # constraints (bounds, lengths, patterns, formats, a list of values appearing or going)
    Rule("request-constraint-tightened", "breaking", "constraint-tightened", "request",
         "{where}: {old} -> {new}, stricter", "Values clients could send before may be refused."),
    Rule("request-constraint-loosened", "info", "constraint-loosened", "request",
         "{where}: {old} -> {new}, looser", "Every value clients sent is still accepted."),
    Rule("response-constraint-tightened", "info", "constraint-tightened", "response",
         "{where}: {old} -> {new}, stricter", "The server sends a subset of what clients already handle."),
    Rule("response-constraint-loosened", "warning", "constraint-loosened", "response",
         "{where}: {old} -> {new}, looser", "Clients that relied on the old bound may meet values outside it."),
    # defaults
    Rule("request-default-changed", "warning", "default-changed", "request", "{where}: default {old} -> {new}",
         "Clients that leave the field out now get other behaviour."),
    Rule("response-default-changed", "info", "default-changed", "response", "{where}: default {old} -> {new}",
         "A default in a response documents; the values sent are what they are."),
    # documentation
    Rule("description-changed", "info", "description-changed", "none", "{where} changed: {old} -> {new}",
         "Words only: no request or response changes."),
    Rule("example-value-changed", "info", "example-value-changed", "none", "{where}: {old} -> {new}",
         "An example is documentation; a new value of the same type changes no contract."),
    Rule("example-type-changed", "warning", "example-type-changed", "none",
         "{where}: {old} -> {new}, another JSON type",
         "An example sending another type than before says the documented type may be wrong: check it."),
    Rule("example-rewritten", "info", "example-rewritten", "none", "{where}: rewritten, {detail}",
         "A new example altogether documents the same contract; values that changed type are reported apart."),
    # components
    Rule("schema-renamed", "info", "schema-renamed", "none", "schema {old} is now {new} ({detail})",
         "Schema names are not on the wire; generated model classes are renamed."),
    Rule("schema-removed", "info", "schema-removed", "none", "{where}: removed",
         "The operations that used it report their own changes."),
    Rule("schema-added", "info", "schema-added", "none", "{where}: added",
         "The operations that use it report their own changes."),
)}

_BY_CHANGE: dict[tuple[str, Direction], Rule] = {(r.kind, r.direction): r for r in RULES.values()}


class UnjudgedChange(Exception):
    """A change no rule judges: a gap in the table, a bug, never silence."""


def judge(changes: list[Change]) -> list[Finding]:
    """Each change with the rule that judges it, in the order the changes were found."""
    findings = []
    for change in changes:
        rule = _BY_CHANGE.get((change.kind, change.direction))
        if rule is None:
            raise UnjudgedChange(f"no rule judges {change.kind} in a {change.direction}")
        message = rule.template.format(where=change.where, old=_short(change.old), new=_short(change.new),
                                       detail=change.detail)
        findings.append(Finding(rule, change, message))
    return findings


def _short(text: str) -> str:
    """A value as a message shows it; the finding keeps it whole."""
    return text if len(text) <= MESSAGE_VALUE else text[: MESSAGE_VALUE - 1] + "…"


def at_least(severity: Severity) -> set[Severity]:
    """This severity and every more severe one."""
    return set(SEVERITIES[: SEVERITIES.index(severity) + 1])
