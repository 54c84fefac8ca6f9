"""Hostile and malformed specs given to `apigen diff`, `apigen generate` and `apigen validate --spec`: each is
read within stated bounds and either handled or refused with one line naming the file and the place (exit
2), never a traceback, a hang or a runaway walk."""

from __future__ import annotations

import copy
import json
import resource
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_bad_input import APIGEN

from generator.codegen.clients import operation_views
from generator.codegen.models import generate_models
from generator.codegen.names import field_names, unique_names
from generator.codegen.package import generate_package, with_named_bodies
from generator.codegen.write import write_tree
from generator.diff.compare import compare
from generator.diff.sides import Side
from generator.errors import ApigenError, LoadError
from generator.specfile import MAX_DEPTH, MAX_VALUES, load_spec_text
from generator.validate.engine import Validator

ADDRESS_SPACE = 3 * 1024**3  # a regression eats this much at most, then fails fast


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def apigen(*args: str, cwd: Path | None = None, stdin: bytes | None = None,
           timeout: float = 120) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([APIGEN, *args], capture_output=True, timeout=timeout, cwd=cwd, input=stdin,
                          preexec_fn=limited, check=False)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout.decode(errors="replace"),
                                       done.stderr.decode(errors="replace"))


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single `apigen: error:` line of a run refused with exit 2."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("apigen: error: "), result.stderr
    return lines[0].removeprefix("apigen: error: ")


def rich_spec() -> dict[str, Any]:
    """A small spec using every part of OpenAPI the commands read."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Rich", "version": "1"},
        "servers": [{"url": "https://{endpoint}", "variables": {"endpoint": {"default": "x.example.com"}}}],
        "security": [{"Tok": []}],
        "paths": {"/v1/{project_id}/things/{thing_id}": {
            "parameters": [{"name": "project_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {
                "operationId": "ShowThing", "summary": "Show", "description": "d",
                "parameters": [
                    {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 5}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 10}},
                    {"$ref": "#/components/parameters/Lang"}],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Thing"},
                        "examples": {"e1": {"value": {"id": "a", "size": 3, "tags": ["x"]}}}}}},
                    "404": {"$ref": "#/components/responses/NotFound"}},
                "security": [{"Tok": []}]},
            "post": {
                "operationId": "UpdateThing",
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Thing"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Thing"}}}}},
                "x-apigen-actions": [{"name": "Start", "schema": "#/components/schemas/Thing", "summary": "s"}]},
        }},
        "components": {
            "parameters": {"Lang": {"name": "X-Language", "in": "header",
                                    "schema": {"type": "string", "enum": ["en", "zh"]}}},
            "responses": {"NotFound": {"description": "nf", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Error"}}}}},
            "securitySchemes": {"Tok": {"type": "apiKey", "in": "header", "name": "X-Auth-Token"}},
            "schemas": {
                "Thing": {"type": "object", "required": ["id"], "x-apigen-aliases": ["OldThing"], "properties": {
                    "id": {"type": "string", "pattern": "^[a-z]+$", "description": "i",
                           "x-apigen-description-zh": "z"},
                    "size": {"type": ["integer", "null"], "enum": [1, 2, 3], "default": 1, "multipleOf": 1},
                    "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "kids": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
                    "alt": {"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Error"}]}}},
                "Error": {"type": "object", "properties": {"code": {"type": "string"},
                                                           "msg": {"type": "string", "example": "m"}}},
            },
        },
    }


def write_spec(path: Path, doc: dict[str, Any] | str) -> Path:
    path.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return path


def every_command(tmp_path: Path, spec: Path) -> Iterator[tuple[str, str, subprocess.CompletedProcess[str]]]:
    """(command, the name its errors give the spec, the run): `diff` (the spec on either side), `validate
    --spec` and `generate`."""
    good = write_spec(tmp_path / "good.yaml", rich_spec())
    yield "diff", spec.name, apigen("diff", str(good), str(spec))
    yield "diff", spec.name, apigen("diff", str(spec), str(good))
    captures = tmp_path / "c.jsonl"
    captures.write_text('{"status": 200, "url": "/v1/p/things/t", "body": {"id": "a"}}\n', encoding="utf-8")
    yield "validate", spec.name, apigen("validate", "--spec", str(spec), str(captures))
    project = tmp_path / "project"
    (project / "spec").mkdir(parents=True, exist_ok=True)
    (project / "spec" / "svc.openapi.yaml").write_bytes(spec.read_bytes())
    yield "generate", "svc.openapi.yaml", apigen("generate", "--root", str(project))


# --- bounds on reading -----------------------------------------------------------------------------

def alias_bomb(where: str) -> str:
    """A spec of about a kilobyte whose aliases, inside the `where` of a schema, expand to 10^9 values."""
    head = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
    if where == "schema":  # schemas made of schemas: anyOf of anyOf of ...
        chain = ["    S0: &s0 {type: string}"]
        chain += [f"    S{i}: &s{i} {{anyOf: [{', '.join([f'*s{i - 1}'] * 10)}]}}" for i in range(1, 9)]
        return head + "\n".join(chain) + "\n    A: {type: array, items: *s8}\n"
    chain = ["        - &s0 [x, x, x, x, x, x, x, x, x, x]"]
    chain += [f"        - &s{i} [{', '.join([f'*s{i - 1}'] * 10)}]" for i in range(1, 9)]
    return head + f"    A:\n      type: array\n      {where}:\n" + "\n".join(chain) + "\n"


@pytest.mark.parametrize("where", ["example", "enum", "default", "schema"])
def test_a_yaml_alias_bomb_is_refused_by_every_command_at_its_line(tmp_path: Path, where: str) -> None:
    text = alias_bomb(where)
    spec = write_spec(tmp_path / "bomb.yaml", text)
    chain = {number for number, row in enumerate(text.splitlines(), 1) if "&s" in row}
    for command, name, result in every_command(tmp_path, spec):
        error = one_error_line(result)
        where_, _, message = error.rpartition(f"{name}:")[2].partition(": ")
        assert int(where_) in chain, (command, error)  # the line of the anchor whose expansion passes the cap
        assert message == f"more than {MAX_VALUES:,} values once YAML aliases are expanded; a spec is refused " \
                          "beyond that", (command, error)


def test_a_mapping_file_is_read_within_the_same_bounds(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "good.yaml", rich_spec())
    chain = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10) if i else 'x'}]\n" for i in range(9))
    for name, text in (("bomb.yaml", chain), ("deep.yaml", "schemas: " + "[" * 100_000 + "]" * 100_000 + "\n")):
        mapping = tmp_path / name
        mapping.write_text(text, encoding="utf-8")
        assert f"{name}:" in one_error_line(apigen("diff", str(spec), str(spec), "--mapping", str(mapping)))


def test_aliases_within_the_bound_are_read_as_shared_values() -> None:
    doc = load_spec_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
                         "    A: &a {type: string, enum: [x, y]}\n    B: *a\n", "s.yaml")
    assert doc["components"]["schemas"]["B"] == {"type": "string", "enum": ["x", "y"]}


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(LoadError) as caught:
        load_spec_text("openapi: 3.1.0\npaths: {}\nx-loop: &a [1, *a]\n", "loop.yaml")
    assert (caught.value.place, caught.value.message) == (
        "3", "alias *a repeats a value that contains it, or that is not defined before it")


def nested_objects(levels: int) -> str:
    """The rich spec with a schema of `levels` objects inside each other, as JSON text (JSON is YAML; a
    dumper would recurse as deep)."""
    schema = '{"type": "string"}'
    for _ in range(levels):
        schema = '{"type": "object", "properties": {"child": ' + schema + "}}"
    return json.dumps(rich_spec()).replace('"schemas": {', '"schemas": {"Deep": ' + schema + ", ", 1)


def test_a_thousand_nested_objects_are_refused_by_every_command(tmp_path: Path) -> None:
    text = nested_objects(1000)
    for name in ("deep.yaml", "deep.json"):
        spec = write_spec(tmp_path / name, text)
        for command, shown, result in every_command(tmp_path, spec):
            line = one_error_line(result)
            assert f"{shown}:1: nested more than {MAX_DEPTH} levels deep" in line or \
                f"{shown}: nested more than {MAX_DEPTH} levels deep" in line, (command, line)


@pytest.mark.parametrize(("text", "place", "words"), [
    ("openapi: 3.1.0\npaths: {}\nx-when: !!timestamp 2024-01-01\n", "3", "YAML tag 'tag:yaml.org,2002:timestamp'"),
    ("openapi: 3.1.0\npaths: {}\nx-set: !!set {a: null}\n", "3", "a spec holds JSON data only"),
    ("openapi: 3.1.0\npaths: {}\nx-bin: !!binary aGk=\n", "3", "a spec holds JSON data only"),
    ("openapi: 3.1.0\npaths: {}\nx-py: !!python/object:os.system {}\n", "3", "a spec holds JSON data only"),
    ("openapi: 3.1.0\npaths: {}\nx-n: .nan\n", "3", "'.nan' is not a JSON number"),
    ("openapi: 3.1.0\npaths: {}\nx-big: 1" + "0" * 5000 + "\n", "3", "a number apigen cannot read"),
    ("openapi: 3.1.0\npaths: {}\n? [a, b]\n: c\n", "3", "a mapping key must be text"),
    ("openapi: 3.1.0\npaths: {}\n---\nopenapi: 3.1.0\n", "3", "not YAML apigen can read"),
    ("openapi: 3.1.0\npaths: {\n", "3", "not YAML apigen can read"),
])
def test_yaml_that_is_not_json_data_is_refused_naming_the_line(text: str, place: str, words: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_spec_text(text, "odd.yaml")
    assert (caught.value.file, caught.value.place) == ("odd.yaml", place)
    assert words in caught.value.message and "\n" not in caught.value.one_line()


@pytest.mark.parametrize(("text", "words"), [
    ('{"openapi": "3.1.0", "paths": {}, "x": NaN}', "NaN is not a JSON number"),
    ('{"openapi": "3.1.0", "paths": {}, "x": 1e400}', "1e400 is beyond the numbers apigen can hold"),
    ('{"openapi": "3.1.0", "paths": {}, "x": 1' + "0" * 5000 + "}", "not JSON apigen can read"),
    ('{"openapi": "3.1.0", "paths": {}, "x": ' + "[" * 5000 + "]" * 5000 + "}", "nested more than"),
    ('{"openapi": "3.1.0", "paths": {', "not JSON"),
])
def test_json_specs_are_bounded_too(text: str, words: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_spec_text(text, "odd.json", is_json=True)
    assert words in caught.value.message


def test_unquoted_dates_and_numeric_keys_read_as_json_would_have_them() -> None:
    doc = load_spec_text("openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        200:\n"
                         "          description: ok\nx-when: 2024-01-01\nx-then: 2024-01-01T10:00:00Z\n", "d.yaml")
    assert doc["x-when"] == "2024-01-01" and doc["x-then"] == "2024-01-01T10:00:00Z"
    assert list(doc["paths"]["/a"]["get"]["responses"]) == ["200"]


def test_unquoted_dates_in_defaults_and_examples_are_diffed_as_text(tmp_path: Path) -> None:
    def with_dates(day: str) -> str:
        doc = rich_spec()
        limit = doc["paths"]["/v1/{project_id}/things/{thing_id}"]["get"]["parameters"][1]
        limit["schema"] = {"type": "string", "default": "DAY"}
        example = doc["paths"]["/v1/{project_id}/things/{thing_id}"]["get"]["responses"]["200"]
        example["content"]["application/json"]["examples"]["e1"]["value"]["id"] = "DAY"
        return yaml.safe_dump(doc).replace("DAY", day)

    old = write_spec(tmp_path / "old.yaml", with_dates("2024-01-01"))
    new = write_spec(tmp_path / "new.yaml", with_dates("2024-01-02"))
    result = apigen("diff", str(old), str(new), "--format", "json")
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["comparisons"][0]["findings"]
    changed = {f["rule"] for f in findings if (f["old"], f["new"]) == ('"2024-01-01"', '"2024-01-02"')}
    assert any("default" in rule for rule in changed) and any("example" in rule for rule in changed), findings


def test_a_spec_too_large_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.specfile as specfile

    monkeypatch.setattr(specfile, "MAX_SPEC_BYTES", 1024)
    spec = write_spec(tmp_path / "big.yaml", rich_spec())
    with pytest.raises(LoadError) as caught:
        specfile.read_spec(spec)
    assert caught.value.message == "larger than 1,024 bytes, the most a spec may be; not read"


# --- the shape of a spec ---------------------------------------------------------------------------

PATH = "/v1/{project_id}/things/{thing_id}"
ESCAPED = "paths/~1v1~1{project_id}~1things~1{thing_id}"
MALFORMED: list[tuple[str, Any, str]] = [
    # (where, what is put there, the place named)
    ("components", [], "components"),
    ("paths", [], "paths"),
    ("paths.things", {"get": {"responses": {}}}, "paths"),  # a path must start with /
    (f"paths.{PATH}", [], ESCAPED),
    (f"paths.{PATH}.get", "show", f"{ESCAPED}/get"),
    (f"paths.{PATH}.parameters", {"name": "project_id"}, f"{ESCAPED}/parameters"),
    (f"paths.{PATH}.get.parameters.0", {"name": "thing_id"}, f"{ESCAPED}/get/parameters/0"),
    (f"paths.{PATH}.get.parameters.0.in", "body", f"{ESCAPED}/get/parameters/0/in"),
    (f"paths.{PATH}.get.parameters.0.name", 5, f"{ESCAPED}/get/parameters/0/name"),
    (f"paths.{PATH}.get.responses", [], f"{ESCAPED}/get/responses"),
    (f"paths.{PATH}.get.responses.600", {"description": "x"}, f"{ESCAPED}/get/responses"),
    (f"paths.{PATH}.get.responses.200.content", "json", f"{ESCAPED}/get/responses/200/content"),
    (f"paths.{PATH}.get.responses.200.content.application/json", [],
     f"{ESCAPED}/get/responses/200/content/application~1json"),
    (f"paths.{PATH}.get.responses.200.content.application/json.examples", [1],
     f"{ESCAPED}/get/responses/200/content/application~1json/examples"),
    (f"paths.{PATH}.get.security", {"Tok": []}, f"{ESCAPED}/get/security"),
    (f"paths.{PATH}.post.operationId", "ShowThing", f"{ESCAPED}/post/operationId"),
    (f"paths.{PATH}.post.requestBody", [], f"{ESCAPED}/post/requestBody"),
    (f"paths.{PATH}.post.x-apigen-actions.0.schema", "#/components/schemas/Nope",
     f"{ESCAPED}/post/x-apigen-actions/0/schema"),
    ("security", {"Tok": []}, "security"),
    ("servers", {"url": "x"}, "servers"),
    ("info", "Rich", "info"),
    ("openapi", "2.0", ""),
    ("components.schemas", [], "components/schemas"),
    ("components.schemas.Thing", [], "components/schemas/Thing"),
    ("components.schemas.Thing.properties", ["id"], "components/schemas/Thing/properties"),
    ("components.schemas.Thing.required", "id", "components/schemas/Thing/required"),
    ("components.schemas.Thing.type", [], "components/schemas/Thing/type"),
    ("components.schemas.Thing.type", "thing", "components/schemas/Thing/type"),
    ("components.schemas.Thing.properties.tags.items", [], "components/schemas/Thing/properties/tags/items"),
    ("components.schemas.Thing.properties.alt.anyOf", {}, "components/schemas/Thing/properties/alt/anyOf"),
    ("components.schemas.Thing.properties.id.pattern", "[a-", "components/schemas/Thing/properties/id/pattern"),
    ("components.schemas.Thing.properties.id.maxLength", -1, "components/schemas/Thing/properties/id/maxLength"),
    ("components.schemas.Thing.properties.size.multipleOf", 0,
     "components/schemas/Thing/properties/size/multipleOf"),
    ("components.schemas.Thing.properties.kids.items.$ref", "#/components/schemas/Nope",
     "components/schemas/Thing/properties/kids/items/$ref"),
    ("components.securitySchemes", [], "components/securitySchemes"),
]


def put(doc: dict[str, Any], where: str, value: Any) -> dict[str, Any]:
    node: Any = doc
    keys = where.replace(PATH, "\0").split(".")
    keys = [PATH if k == "\0" else k for k in keys]
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if isinstance(node, list):
        node[int(keys[-1])] = value
    else:
        node[keys[-1]] = value
    return doc


@pytest.mark.parametrize(("where", "value", "place"), MALFORMED, ids=[f"{w}={v!r}" for w, v, _ in MALFORMED])
def test_a_malformed_spec_is_one_error_naming_the_place(where: str, value: Any, place: str) -> None:
    text = yaml.safe_dump(put(rich_spec(), where, value))
    with pytest.raises(LoadError) as caught:
        load_spec_text(text, "bad.yaml")
    assert caught.value.file == "bad.yaml"
    assert caught.value.place.startswith(place) if place else caught.value.place == ""


def test_components_as_a_list_is_one_line_from_every_command(tmp_path: Path) -> None:
    spec = write_spec(tmp_path / "list.yaml", put(rich_spec(), "components", []))
    for command, name, result in every_command(tmp_path, spec):
        assert one_error_line(result).endswith(f"{name}:components: expected a mapping, found a list"), command


def wrong_values(doc: Any, place: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(place, value): every value of the spec in turn swapped for values of other kinds."""
    if place:
        for value in ([], {}, 7, "text", None, True):
            yield place, value
    children = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for key, child in children:
        yield from wrong_values(child, (*place, key))


def swapped(place: tuple[Any, ...], value: Any) -> dict[str, Any]:
    doc = rich_spec()
    node: Any = doc
    for key in place[:-1]:
        node = node[key]
    node[place[-1]] = copy.deepcopy(value)
    return doc


def test_every_value_of_the_wrong_kind_is_refused_or_handled_by_every_command() -> None:
    """Every value of a spec swapped for one of another kind: diff, validate and the client generator either
    refuse it with an ApigenError or read it; nothing else escapes. (The model generator: below, on the
    schemas.)"""
    good = rich_spec()
    for place, value in wrong_values(good):
        text = yaml.safe_dump(swapped(place, value))
        try:
            doc = load_spec_text(text, "m.yaml")
        except ApigenError:
            continue
        try:
            compare(Side("good", good), Side("m", doc))
            compare(Side("m", doc), Side("good", good))
            Validator(doc).judge("GET", "/v1/p/things/t", 200, b'{"id": "a"}')
            operation_views(with_named_bodies(doc))
        except ApigenError:
            continue
        except Exception as err:  # noqa: BLE001 - the point: nothing but ApigenError
            pytest.fail(f"{'/'.join(map(str, place))} = {value!r}: {type(err).__name__}: {err}")


# --- diff on specs that reach themselves -----------------------------------------------------------

SELF_REFERENCES = {
    "array of itself": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
    "any of itself": {"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}]},
    "object holding itself": {"type": "object", "properties": {"kids": {"type": "array", "items": {
        "$ref": "#/components/schemas/A"}}}},
}


@pytest.mark.parametrize("name", sorted(SELF_REFERENCES))
def test_diff_of_schemas_that_reach_themselves_ends(tmp_path: Path, name: str) -> None:
    def spec(schema: dict[str, Any]) -> dict[str, Any]:
        doc = rich_spec()
        doc["components"]["schemas"]["A"] = schema
        ok = doc["paths"][PATH]["get"]["responses"]["200"]["content"]["application/json"]
        ok["schema"] = {"$ref": "#/components/schemas/A"}
        del ok["examples"]
        return doc

    selfish = write_spec(tmp_path / "self.yaml", spec(SELF_REFERENCES[name]))
    plain = write_spec(tmp_path / "plain.yaml", spec({"type": "string"}))
    for old, new in ((plain, selfish), (selfish, plain), (selfish, selfish)):
        result = apigen("diff", str(old), str(new))
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    same = apigen("diff", str(selfish), str(selfish))
    assert same.stdout.splitlines()[1] == "  0 breaking, 0 warning, 0 info"


def test_every_schema_value_of_the_wrong_kind_is_refused_or_modelled() -> None:
    good = rich_spec()
    for place, value in wrong_values(good["components"]["schemas"]):
        if not isinstance(value, dict | list):
            continue  # scalars in place of schemas: the shape check refuses them all (the test above)
        try:
            doc = load_spec_text(yaml.safe_dump(swapped(("components", "schemas", *place), value)), "m.yaml")
            generate_models(doc, "# header", "m.yaml")
        except ApigenError:
            continue
        except Exception as err:  # noqa: BLE001 - the point: nothing but ApigenError
            pytest.fail(f"{'/'.join(map(str, place))} = {value!r}: {type(err).__name__}: {err}")


# --- generated code: names that collide in Python, constraints --------------------------------------

def ok(ref: str) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": ref}}}}}


COLLIDING_PROPERTIES = {
    "type": "a", "Type": 1, "type_2": "b", "名称": "n", "名字": "m", "sort_key": "s", "sort-key": "t",
    "model_validate": "v", "model_fields": "f", "copy": "c", "json": "j", "schema": "x", "class": "k",
    "validate": "w",
}


def colliding_spec() -> dict[str, Any]:
    """Every kind of name that collides in Python: properties, operations, parameters, schema names."""
    things = "/p/{projectId}/things"
    return {
        "openapi": "3.1.0", "info": {"title": "Coll", "version": "1"},
        "servers": [{"url": "https://{region}.example.com/v1", "variables": {"region": {"default": "eu"}}}],
        "paths": {things: {
            "parameters": [{"name": "projectId", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {"operationId": "ShowAbc", "summary": "Show abc",
                    "parameters": [{"$ref": "#/components/parameters/Models"},
                                   {"name": "response", "in": "query", "schema": {"type": "string"}}],
                    "responses": ok("#/components/schemas/Thing")},
            "post": {"operationId": "ShowABC", "summary": "Show ABC",
                     "requestBody": {"$ref": "#/components/requestBodies/ThingBody"},
                     "responses": ok("#/components/schemas/a.b")},
            "put": {"operationId": "Close", "summary": "Close the thing", "responses": {"204": {"description": "-"}}},
            "patch": {"summary": "No operationId", "responses": ok("#/components/schemas/Kid")},
            "delete": {"operationId": "RemoveThing", "responses": ok("#/components/schemas/ApiError")},
        }},
        "components": {
            "parameters": {"Models": {"name": "models", "in": "query", "schema": {"type": "string"}}},
            "requestBodies": {"ThingBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"}}}}},
            "schemas": {
                "Thing": {"type": "object", "properties": {
                    **{name: {"type": "integer" if isinstance(v, int) else "string"}
                       for name, v in COLLIDING_PROPERTIES.items()},
                    "kid": {"type": "object", "properties": {"inline": {"type": "string"}}}}},
                "Other": {"type": "object", "properties": {"Type": {"type": "string"}}},
                "Kid": {"type": "object", "properties": {"component": {"type": "string"}}},
                "a.b": {"type": "object", "properties": {"x": {"type": "string"}}},
                "AB": {"type": "object", "properties": {"y": {"type": "string"}}},
                "ApiError": {"type": "object", "properties": {"z": {"type": "string"}}},
            },
        },
    }


def type_check(folder: Path, package: str) -> None:
    bin_dir = Path(APIGEN).parent
    mypy = subprocess.run([str(bin_dir / "mypy"), "--strict", "--no-incremental", package], cwd=folder,
                          capture_output=True, text=True, timeout=600)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    ruff = subprocess.run([str(bin_dir / "ruff"), "check", "--isolated", package], cwd=folder, capture_output=True,
                          text=True, timeout=120)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr


def imported(folder: Path, package: str) -> Any:
    import importlib
    import sys

    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(folder))


@pytest.mark.filterwarnings("error")  # pydantic warns on import of a field in its namespaces
def test_names_that_collide_in_python_give_a_package_that_imports_type_checks_and_keeps_every_name(
        tmp_path: Path) -> None:
    import httpx

    project = tmp_path / "project"
    (project / "spec").mkdir(parents=True)
    write_spec(project / "spec" / "coll.openapi.yaml", colliding_spec())
    result = apigen("generate", "--root", str(project))
    assert result.returncode == 0, result.stderr
    type_check(project / "generated", "coll")
    coll = imported(project / "generated", "coll")

    # every property has a field of its own, and round-trips under its own name
    thing = coll.Thing.model_validate(COLLIDING_PROPERTIES)
    assert thing.model_dump(by_alias=True, exclude_unset=True) == COLLIDING_PROPERTIES
    assert len(coll.Thing.model_fields) == len(COLLIDING_PROPERTIES) + 1

    # one method per operation, none hiding another or the client's own
    client_class = coll.CollClient
    docs = {name: (getattr(client_class, name).__doc__ or "-").splitlines()[0] for name in dir(client_class)
            if not name.startswith("_") and callable(getattr(client_class, name))}
    assert sorted(docs.values()).count("Show abc") == 1 and sorted(docs.values()).count("Show ABC") == 1
    assert "Close the thing" in docs.values() and "No operationId" in docs.values()
    assert docs["close"] != "Close the thing"

    # the schema named a.b is a class, returned by its operation; ApiError stays the package's error
    (post,) = [name for name, doc in docs.items() if doc == "Show ABC"]
    assert getattr(client_class, post).__annotations__["return"] == f"models.{coll.models.AB2.__name__}"
    assert issubclass(coll.ApiError, Exception) and not issubclass(coll.models.ApiError, Exception)

    # the path parameter set on the client by its wire name reaches the URL; arguments named like the
    # module's own names (models, response) still go out as query parameters
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"type": "a", "名称": "n"})

    (get,) = [name for name, doc in docs.items() if doc == "Show abc"]
    with client_class(endpoint="https://api.example.com", project_id="p1",
                      http=httpx.Client(transport=httpx.MockTransport(answer))) as client:
        got = getattr(client, get)(models_query="m", response_query="r")
    assert got.type_ == "a" and got.u540d_u79f0 == "n"
    assert seen[0].url.path == "/p/p1/things" and dict(seen[0].url.params) == {"models": "m", "response": "r"}


def test_constraints_generate_code_that_passes_mypy_strict_and_ruff_and_is_enforced(tmp_path: Path) -> None:
    import pydantic

    spec = {"openapi": "3.1.0", "info": {"title": "Cons", "version": "1"}, "paths": {
        "/t/{id}": {"get": {"operationId": "ShowT", "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 5}},
            {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 9}}],
            "responses": ok("#/components/schemas/T")}}},
        "components": {"schemas": {"T": {"type": "object", "required": ["s"], "properties": {
            "s": {"type": "string", "maxLength": 5, "minLength": 1, "pattern": "^[a-z]+$"},
            "n": {"type": "integer", "maximum": 10, "minimum": 0, "multipleOf": 2},
            "f": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5, "multipleOf": 0.5},
            "l": {"type": "array", "items": {"type": "string", "maxLength": 3}, "minItems": 1, "maxItems": 4},
            "d": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 2}},
            "e": {"type": ["string", "null"], "maxLength": 3},
            "behind": {"type": "string", "pattern": "(?<=a)b"},  # ECMA-262, not the models' engine
            "mail": {"type": "string", "format": "email"},
            "secret": {"type": "string", "format": "password"},
            # defaults and constants that do not fit their type, found by mutating specs
            "wrong_default": {"type": "integer", "default": "x"},
            "null_default": {"type": "array", "items": {"type": "string"}, "default": None},
            "off_enum": {"type": "string", "enum": ["a", "b"], "default": "c"},
            "list_const": {"type": "array", "items": {"type": "string"}, "const": ["a"]},
            "odd_const": {"type": "string", "const": []}}}}}}
    files = generate_package("cons", yaml.safe_dump(spec), "spec/cons.openapi.yaml")
    write_tree(tmp_path / "cons", files)
    type_check(tmp_path, "cons")
    cons = imported(tmp_path, "cons")
    assert cons.T.model_validate({"s": "abc", "n": 4, "l": ["x"]}).n == 4
    for bad in ({"s": "toolong"}, {"s": "ABC"}, {"s": "a", "n": 3}, {"s": "a", "l": []}, {"s": "a", "f": 0}):
        with pytest.raises(pydantic.ValidationError):
            cons.T.model_validate(bad)
    secret = cons.T.model_validate({"s": "a", "secret": "pw", "mail": "x@y"})
    assert secret.model_dump(mode="json", exclude_unset=True) == {"s": "a", "secret": "pw", "mail": "x@y"}
    assert "(?<=a)b" in (cons.T.model_fields["behind"].description or "")


def test_bodies_written_inline_get_models_and_their_methods_take_and_return_them(tmp_path: Path) -> None:
    thing = {"type": "object", "properties": {"name": {"type": "string"}}}
    spec = {"openapi": "3.1.0", "info": {"title": "Inl", "version": "1"}, "paths": {"/things": {
        "post": {"operationId": "CreateThing",
                 "requestBody": {"content": {"application/json": {"schema": thing}}},
                 "responses": {"201": {"description": "made", "content": {"application/json": {
                     "schema": {"type": "array", "items": thing}}}}}},
        "get": {"operationId": "ListThings", "responses": {"200": {"$ref": "#/components/responses/Things"}}}}},
        "components": {"responses": {"Things": {"description": "all", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"count": {"type": "integer"}}}}}}}}}
    files = generate_package("inl", yaml.safe_dump(spec), "spec/inl.openapi.yaml")
    client = files["client.py"]
    assert "body: models.CreateThingRequestBody," in client
    assert ") -> models.CreateThingResponse201:" in client and ") -> models.ListThingsResponse:" in client
    write_tree(tmp_path / "inl", files)
    type_check(tmp_path, "inl")


def test_a_dotted_schema_name_is_a_class_of_its_own() -> None:
    doc = rich_spec()
    doc["components"]["schemas"]["a.b"] = {"type": "object", "properties": {"x": {"type": "string"}}}
    doc["paths"][PATH]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"] = \
        "#/components/schemas/a.b"
    files = generate_package("rich", yaml.safe_dump(doc), "spec/rich.openapi.yaml")
    assert "class AB(ApiModel):" in files["models.py"] and "-> models.AB:" in files["client.py"]


def test_unique_names_are_deterministic_and_keep_the_name_spelled_as_it_is() -> None:
    names = ["sort-key", "Type", "type", "sort_key", "type_", "SortKey"]
    from generator.codegen.names import field_name

    made = unique_names(names, field_name)
    assert made == {"sort_key": "sort_key", "SortKey": "sort_key_2", "sort-key": "sort_key_3",
                    "type_": "type_", "type": "type_2", "Type": "type_3"}
    for order in (sorted(names), sorted(names, reverse=True)):
        assert unique_names(order, field_name) == made
    table = field_names([["type", "Type"], ["Type", "other"], ["lone"]])
    assert table == {"type": "type_", "Type": "type_2", "other": "other", "lone": "lone"}


def many_schemas(prefix: str, count: int) -> dict[str, Any]:
    doc = rich_spec()
    doc["components"]["schemas"].update({f"{prefix}{i}": {"type": "object", "properties": {
        "id": {"type": "string"}, f"p{i}": {"type": "string"}}} for i in range(count)})
    return doc


def test_pairing_schemas_by_structure_is_bounded_and_says_when_it_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pairing every old schema with every new one was quadratic (2,000 schemas a side: 9 s, 500 MB): now
    only schemas sharing a property name are compared, and past a stated amount of work none are."""
    import generator.diff.match as match

    old, new = Side("old", many_schemas("Old", 60)), Side("new", many_schemas("New", 60))
    paired = compare(old, new)
    assert paired.notes == () and not any(f.rule.id == "schema-removed" for f in paired.findings)
    assert sum(f.change.kind == "schema-renamed" for f in paired.findings) == 60  # Old7 -> New7, by p7
    monkeypatch.setattr(match, "STRUCTURE_WORK", 60 * 60 - 1)  # every Old shares `id` with every New
    bounded = compare(old, new)
    assert bounded.notes == ("schemas were not paired by structure: 60 old and 60 new ones left share property "
                             "names more than 3,599 times; those are listed as removed and added",)
    assert sum(f.change.kind == "schema-removed" for f in bounded.findings) == 60
    text = apigen_text(bounded)
    assert "  note: schemas were not paired by structure" in text


def apigen_text(comparison: Any) -> str:
    from generator.diff.render import to_json, to_markdown, to_text

    assert to_json([comparison])["comparisons"][0]["notes"] == list(comparison.notes)
    assert "> Note: schemas were not paired" in to_markdown([comparison])
    return to_text([comparison])
