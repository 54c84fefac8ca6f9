"""A one-word Type cell one letter off a scalar type word is that type, and the reading is reported
(R3-cell-reading); plurals, longer phrases and names of structures are left alone."""

from __future__ import annotations

from conftest import ROOT

from generator.classify import classify
from generator.extract import extract_pages
from generator.ir import Field
from generator.sources.detect import load
from generator.typeexpr import misspelt_scalar

SOURCES = ROOT / "spec" / "sources"


def field_of(relative: str, name: str) -> Field:
    doc = load(SOURCES / relative, relative)
    return next(f for page in extract_pages(doc, classify(doc)) for t in page.tables for f in t.fields
                if f.name == name)


def test_booleab_on_the_chinese_acl_page_is_a_boolean_and_said() -> None:
    field = field_of("vpc/huawei-zh/查询所有网络ACL组.md", "admin_state_up")
    assert field.type.kind == "boolean"
    assert field.remarks == ("the Type cell says 'Booleab', a type word with one letter wrong: read as Boolean",)


def test_sting_on_the_english_image_page_is_a_string() -> None:
    relative = "ims/otc/ims_apis/image/creating_an_image.rst"
    doc = load(SOURCES / relative, relative)
    read = [f for page in extract_pages(doc, classify(doc)) for t in page.tables for f in t.fields
            if any("'Sting'" in r for r in f.remarks)]
    assert [(f.name, f.type.kind, f.provenance.line) for f in read] == [("type", "string", 328)]


def test_only_one_word_one_letter_off_counts() -> None:
    assert [misspelt_scalar(t) for t in ("Intger", "Stirng", "Numbr", "Bolean")] == [
        "Integer", "String", "Number", "Boolean"]
    for text in ("String", "Strings", "Integers", "Booleab object", "Resource", "Tags", "ImageData", "Strg", "Int"):
        assert misspelt_scalar(text) is None, text
