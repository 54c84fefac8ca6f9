"""The canonical model laid out as an OpenAPI 3.1 document (a dict), and that dict as YAML text.

Provenance and the decisions behind a value travel as `x-apigen-*` extensions; English text is the
description, Chinese text rides along in `x-apigen-description-zh`."""

from __future__ import annotations

from typing import Any

import yaml

from generator.reconcile.model import ExampleBody, Operation, Property, Schema, Service, ServiceConfig
from generator.reconcile.responses import ERROR_CODES

REF_PREFIX = "#/components/schemas/"


def to_openapi(service: Service) -> dict[str, Any]:
    config = service.config
    unresolved = [c.id for c in service.conflicts if c.status == "unresolved"]
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": config.title,
            "version": config.version or "0",
            "description": config.description,
        },
        "servers": [{
            "url": "https://{endpoint}",
            "description": "The service endpoint of your region",
            "variables": {"endpoint": {"default": config.endpoint,
                                       "description": "Endpoint of the service in your region"}},
        }, *_regional_servers(config)],
        "tags": [{"name": tag, "description": service.tags.get(tag, "")}
                 for tag in sorted({op.tag for op in service.operations})],
        "paths": _paths(service),
        "components": {
            "schemas": {name: _schema(schema) for name, schema in sorted(service.schemas.items())},
        },
        "x-apigen": {
            "sources": list(service.sources),
            "conflicts": len(service.conflicts),
            "unresolved": unresolved,
        },
    }
    if service.status_texts:
        doc["components"]["responses"] = {
            f"Status{code}": _shared_response(service, code, texts)
            for code, texts in sorted(service.status_texts.items())
        }
    if service.error_codes:
        doc["components"]["schemas"][ERROR_CODES] = _error_code_schema(service)
    if service.security:
        doc["components"]["securitySchemes"] = {
            name: _with_zh({"type": "apiKey", "in": "header", "name": s.header, "description": s.description,
                            **({"x-apigen-signing": s.signing} if s.signing else {})}, s.description_zh)
            for name, s in sorted(service.security.items())
        }
    return doc


def _regional_servers(config: ServiceConfig) -> list[dict[str, Any]]:
    """The endpoint of any region, from service.yaml's `regional_endpoint`: a server with a `region`
    variable, its default the region of the fixed endpoint."""
    if not config.regional_endpoint:
        return []
    return [{
        "url": "https://" + config.regional_endpoint,
        "description": "The service endpoint of a region",
        "variables": {"region": {"default": config.default_region, "description": "The region id"}},
    }]


def _shared_response(service: Service, code: str, texts: dict[str, str]) -> dict[str, Any]:
    """A status of the shared status-code page; an error status carries the service's error body."""
    out = _with_zh({"description": texts.get("en") or texts.get("zh") or code},
                   texts.get("zh", "") if texts.get("en") else "")
    if service.error_body and code[:1] in ("4", "5"):
        out["content"] = {"application/json": {"schema": {"$ref": REF_PREFIX + service.error_body}}}
    return out


def _error_code_schema(service: Service) -> dict[str, Any]:
    """The appendix's error codes as one string schema, every code with its status and texts."""
    codes: dict[str, dict[str, str]] = {}
    for entry in service.error_codes:
        codes.setdefault(entry.code, {"status": entry.status, "message": entry.message,
                                      "description": entry.description})
    return {
        "type": "string",
        "description": "The vendor error codes (error_code) the error-code appendix lists.",
        "enum": sorted(codes),
        "x-apigen-error-codes": {code: codes[code] for code in sorted(codes)},
        "x-apigen-sources": sorted({e.provenance.file for e in service.error_codes}),
    }


def _paths(service: Service) -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in sorted(service.operations, key=lambda o: (o.path, o.method)):
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return dict(sorted(paths.items()))


def _operation(op: Operation) -> dict[str, Any]:
    out: dict[str, Any] = {
        "operationId": op.operation_id,
        "tags": [op.tag],
        "summary": op.summary,
    }
    if op.summary_zh:
        out["x-apigen-summary-zh"] = op.summary_zh
    if op.description:
        out["description"] = op.description
    if op.description_zh:
        out["x-apigen-description-zh"] = op.description_zh
    if op.parameters:
        out["parameters"] = [_parameter(p.name, p.location, p.prop) for p in op.parameters]
    if op.request_body or op.actions:
        content: dict[str, Any] = {"schema": {"$ref": REF_PREFIX + op.request_body} if op.request_body else
                                   {"oneOf": [{"$ref": REF_PREFIX + a.schema} for a in op.actions]}}
        if op.request_examples:
            content["examples"] = _examples(op.request_examples)
        out["requestBody"] = {"required": True, "content": {"application/json": content}}
    if op.actions:
        out["x-apigen-actions"] = [{"name": a.name, "keys": list(a.keys), "schema": REF_PREFIX + a.schema,
                                    "summary": a.summary, "sources": list(a.sources)} for a in op.actions]
    out["responses"] = {}
    for response in op.responses:
        if response.shared:
            out["responses"][response.status] = {"$ref": f"#/components/responses/Status{response.status}"}
            continue
        body: dict[str, Any] = _with_zh({"description": response.description}, response.description_zh)
        if response.schema or response.examples:
            media: dict[str, Any] = {}
            if response.schema:
                media["schema"] = {"$ref": REF_PREFIX + response.schema}
            if response.examples:
                media["examples"] = _examples(response.examples)
            body["content"] = {"application/json": media}
        if response.raw_examples:
            body["x-apigen-unparsed-examples"] = list(response.raw_examples)
        out["responses"][response.status] = body
    if op.security:
        out["security"] = [{name: []} for name in op.security] + ([{}] if op.security_optional else [])
    out["x-apigen-sources"] = list(op.sources)
    return out


def _examples(examples: tuple[ExampleBody, ...]) -> dict[str, Any]:
    out = {}
    for e in examples:
        entry: dict[str, Any] = {"value": e.value, "x-apigen-sources": list(e.sources)}
        if e.summary:
            entry = {"summary": e.summary, **entry}
        out[e.name] = entry
    return out


def _parameter(name: str, location: str, prop: Property) -> dict[str, Any]:
    out: dict[str, Any] = {"name": name, "in": location, "required": prop.required or location == "path"}
    if prop.description:
        out["description"] = prop.description
    out["schema"] = _refs(prop.schema)
    return _extensions(out, prop)


def _schema(schema: Schema) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object"}
    if schema.description:
        out["description"] = schema.description
    if schema.properties:
        out["properties"] = {p.name: _property(p) for p in schema.properties}
    required = [p.name for p in schema.properties if p.required]
    if required:
        out["required"] = required
    if schema.aliases:
        out["x-apigen-aliases"] = list(schema.aliases)
    if schema.sources:
        out["x-apigen-sources"] = list(schema.sources)
    if schema.undocumented:
        out["x-apigen-undocumented"] = True
    return out


def _property(prop: Property) -> dict[str, Any]:
    out = dict(_refs(prop.schema))
    if prop.description:
        out["description"] = prop.description
    return _extensions(out, prop)


def _extensions(out: dict[str, Any], prop: Property) -> dict[str, Any]:
    _with_zh(out, prop.description_zh)
    if prop.partial_sources:
        out["x-apigen-sources"] = list(prop.sources)
    if prop.inferred:
        out["x-apigen-inferred"] = {"from": "examples", "sources": list(prop.sources)}
    if prop.conflicts:
        out["x-apigen-conflicts"] = list(prop.conflicts)
    return out


def _with_zh(out: dict[str, Any], zh: str) -> dict[str, Any]:
    if zh:
        out["x-apigen-description-zh"] = zh
    return out


def _refs(schema: Any) -> Any:
    """Canonical schema names become component references."""
    if isinstance(schema, dict):
        return {k: (REF_PREFIX + v if k == "$ref" and not v.startswith("#") else _refs(v)) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_refs(v) for v in schema]
    return schema


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases: a reviewer reads every node where it is."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def to_yaml(doc: dict[str, Any]) -> str:
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
