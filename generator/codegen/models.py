"""Pydantic v2 models from the spec's component schemas, by datamodel-code-generator called as a
library: no timestamp or version in the header (regenerating unchanged input changes no byte), JSON keys
that are not good Python names aliased, unknown keys kept (extra="allow") so a response round-trips."""

from __future__ import annotations

import copy
from typing import Any

from datamodel_code_generator import generate
from datamodel_code_generator.enums import DataModelType, InputFileType, OpenAPIScope
from datamodel_code_generator.format import PythonVersion
from datamodel_code_generator.parser import LiteralType

from generator.codegen.names import python_name


def field_aliases(doc: dict[str, Any]) -> dict[str, str]:
    """Every property name that is not usable as it is -> the Python name the models use."""
    names: set[str] = set()

    def collect(schema: Any) -> None:
        if isinstance(schema, dict):
            names.update(schema.get("properties", {}))
            for value in schema.values():
                collect(value)
        elif isinstance(schema, list):
            for value in schema:
                collect(value)

    collect(doc.get("components", {}).get("schemas", {}))
    return {name: python_name(name) for name in sorted(names) if python_name(name) != name}


def _with_chinese(node: Any) -> None:
    """Field descriptions in English, followed by the Chinese where the Chinese page says it too."""
    if isinstance(node, dict):
        zh = node.get("x-apigen-description-zh")
        if isinstance(zh, str) and zh and zh != node.get("description"):
            node["description"] = f"{node['description']} / {zh}" if node.get("description") else zh
        for value in node.values():
            _with_chinese(value)
    elif isinstance(node, list):
        for value in node:
            _with_chinese(value)


def model_source(doc: dict[str, Any], header: str) -> str:
    # Descriptions go into Field(description=...) (a repr'd string), never into raw docstrings:
    # doc text must not be able to end a string literal.
    if not doc.get("components", {}).get("schemas"):
        # a spec with no schema (every operation bodiless): a models module with nothing in it
        return f"{header}\n\nfrom __future__ import annotations\n"
    spec = copy.deepcopy(doc)
    spec.pop("paths", None)
    _with_chinese(spec)
    out = generate(
        spec,
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        openapi_scopes=[OpenAPIScope.Schemas],
        disable_timestamp=True,
        custom_file_header=header,
        aliases=field_aliases(doc),
        allow_population_by_field_name=True,
        extra_fields="allow",
        enum_field_as_literal=LiteralType.All,
        use_standard_collections=True,
        use_union_operator=True,
        use_double_quotes=True,
        strict_nullable=True,
        use_schema_description=False,
        use_field_description=False,
        formatters=[],
    )
    assert isinstance(out, str)
    return out
