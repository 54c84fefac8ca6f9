"""`apigen build` after the pages are read, under hostile pages and failures: a JSON example over a cap, a value
no spec can hold, an unexpected exception, an output that cannot be written, escape sequences in what reaches
the terminal. Each is one line naming the page (and line) or the service; the other pages and services are
built; no traceback; the files on disk are a whole set."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hostile_pages import markdown_page, pipes_page

from generator import pipeline
from generator.cli import app
from generator.errors import ExtractionError, PageError, WriteError
from generator.extract import extract
from generator.jsontext import MAX_DEPTH, MAX_DIGITS, JsonRefused, loads_within_caps, refusal
from generator.sources.detect import load
from generator.terminal import terminal_text

APIGEN = str(Path(sys.executable).parent / "apigen")
HUGE_INTEGER = '{"a": ' + "1" * 5000 + "}"  # past Python's own 4,300-digit limit
DEEP_ARRAY = "[" * 3000  # past Python's recursion limit in the json module
OUTPUTS = ("conflicts.json", "conflicts.md", "coverage.json", "openapi.yaml")


def thing_page(resource_name: str = "things", rows: dict[str, str] | None = None) -> str:
    """A web-text operation page (GET /v3/{project_id}/<resource>/{thing_id}) with a response table."""
    return pipes_page("Querying a thing", rows or {"name": "The name"}).replace("/things/", f"/{resource_name}/")


def with_example(page: str, body: str) -> tuple[str, int]:
    """The page with an example response after its tables, and the line the example's body starts on."""
    return page + "Example Response\n" + body + "\n", len(page.splitlines()) + 2


def make_project(root: Path, services: dict[str, dict[str, str]]) -> Path:
    for service, pages in services.items():
        folder = root / "spec" / "sources" / service
        folder.mkdir(parents=True)
        (folder / "service.yaml").write_text(f"title: {json.dumps(service.upper())}\n"
                                             f"endpoint: {json.dumps(f'{service}.example.com')}\n", encoding="utf-8")
        for name, text in pages.items():
            (folder / name).write_text(text, encoding="utf-8")
    return root


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3_000_000_000, 3_000_000_000))


def run_build(root: Path) -> subprocess.CompletedProcess[str]:
    """`apigen build` as a user runs it, bounded: a regression fails here, it does not hang the suite."""
    return subprocess.run([APIGEN, "build", "--root", str(root)], capture_output=True, text=True, timeout=120,
                          preexec_fn=_limit_memory)


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line.removeprefix("apigen: error: ") for line in result.stderr.splitlines()]


def written(root: Path, service: str) -> bool:
    return all((root / "spec" / f"{service}.{suffix}").is_file() for suffix in OUTPUTS)


# --- 1. JSON examples over a cap ------------------------------------------------------------------------


def test_the_caps_count_json_outside_strings_only() -> None:
    assert refusal('{"a": "' + "[" * 500 + "9" * 5000 + '"}') is None
    assert refusal("[" * MAX_DEPTH + "]" * MAX_DEPTH) is None
    assert refusal("1" * MAX_DIGITS) is None
    deep = refusal('{"a":\n' + "[" * (MAX_DEPTH + 1))
    assert deep is not None and deep.line == 2 and f"more than {MAX_DEPTH} levels" in deep.reason
    long = refusal('\n\n{"a": ' + "1" * (MAX_DIGITS + 1) + "}")
    assert long is not None and long.line == 3 and f"{MAX_DIGITS + 1:,} digits" in long.reason


@pytest.mark.parametrize("text", [HUGE_INTEGER, DEEP_ARRAY + "]" * 3000, "[" * 100 + "]" * 100])
def test_json_past_a_cap_is_refused_not_raised(text: str) -> None:
    with pytest.raises(JsonRefused):
        loads_within_caps(text)


@pytest.mark.parametrize(("body", "words"), [
    (HUGE_INTEGER, f"a number of 5,000 digits in JSON (the cap is {MAX_DIGITS:,})"),
    (DEEP_ARRAY, f"JSON nested more than {MAX_DEPTH} levels deep (the cap)"),
])
def test_a_web_text_example_past_a_cap_leaves_its_page_out_naming_the_line(
        tmp_path: Path, body: str, words: str) -> None:
    hostile, line = with_example(thing_page("bads"), body)
    root = make_project(tmp_path, {"a": {"ok.txt": thing_page()},
                                   "b": {"bad.txt": hostile, "ok.txt": thing_page()},
                                   "c": {"ok.txt": thing_page()}})
    result = run_build(root)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1  # built, with a page left out
    assert errors(result)[:2] == [f"spec/sources/b/bad.txt:{line}: example refused: {words}",
                                  "b: 1 page(s) left out; the spec is written from the rest"]
    assert all(written(root, s) for s in "abc")
    spec = yaml.safe_load((root / "spec" / "b.openapi.yaml").read_text(encoding="utf-8"))
    assert list(spec["paths"]) == ["/v3/{project_id}/things/{thing_id}"]


@pytest.mark.parametrize(("body", "words"), [
    (HUGE_INTEGER, "a number of 5,000 digits in JSON"),
    (DEEP_ARRAY, "JSON nested more than"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "JSON nested more than"),  # json reads it; the cap refuses
])
def test_a_markdown_example_past_a_cap_is_an_error_naming_its_line(tmp_path: Path, body: str, words: str) -> None:
    page = markdown_page({"name": "The name"}) + "\n## 响应示例\n\n```\n"
    path = tmp_path / "page.md"
    path.write_text(page + body + "\n```\n", encoding="utf-8")
    with pytest.raises(ExtractionError) as caught:
        extract(load(path, "page.md"))
    assert (caught.value.file, caught.value.place) == ("page.md", str(len(page.splitlines()) + 1))
    assert caught.value.message.startswith(f"example refused: {words}")


def test_an_example_under_the_caps_still_reads(tmp_path: Path) -> None:
    nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)  # inside the body's object: MAX_DEPTH deep
    page, _ = with_example(thing_page(), '{"name": "x", "deep": ' + nested + ', "n": ' + "7" * MAX_DIGITS + "}")
    root = make_project(tmp_path, {"a": {"ok.txt": page}})
    result = pipeline.build_service(root, "a")
    assert not result.errors and not result.problems
    assert "deep" in result.outputs["a.openapi.yaml"]


# --- 2. an unexpected exception stops one page or one service, never the run --------------------------


def test_a_page_a_reader_fails_on_is_left_out_as_an_apigen_defect(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, {"a": {"ok.txt": thing_page(), "odd.txt": thing_page("odds")}})
    real = pipeline.classify

    def failing(doc: Any) -> Any:
        if doc.path.endswith("odd.txt"):
            raise KeyError("boom")
        return real(doc)

    monkeypatch.setattr(pipeline, "classify", failing)
    result = pipeline.build_service(root, "a")
    assert not result.errors and result.outputs
    (problem,) = result.problems
    assert problem.file == "spec/sources/a/odd.txt"
    assert "internal error while reading this page (an apigen defect, please report: KeyError: 'boom')" in \
        problem.message


def test_the_pages_reconciliation_fails_on_are_found_and_left_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, {"a": {"ok.txt": thing_page(), "odd.txt": thing_page("odds")}})
    real = pipeline.reconcile

    def failing(pages: Any, *args: Any, **kwargs: Any) -> Any:
        if any(p.source.endswith("odd.txt") for p in pages):
            raise KeyError(("odd", "response:200|X"))
        return real(pages, *args, **kwargs)

    monkeypatch.setattr(pipeline, "reconcile", failing)
    result = pipeline.build_service(root, "a")
    assert not result.errors and result.outputs
    (problem,) = result.problems
    assert problem.file == "spec/sources/a/odd.txt"
    assert "internal error while reconciling GET /v3/{}/odds/{} (an apigen defect" in problem.message
    assert "odds" not in result.outputs["a.openapi.yaml"]


def test_a_service_apigen_fails_on_is_one_line_and_the_others_are_built(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, {s: {"ok.txt": thing_page()} for s in "abc"})
    real = pipeline.to_yaml

    def failing(doc: dict[str, Any]) -> str:
        if doc["info"]["title"] == "B":
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc)

    monkeypatch.setattr(pipeline, "to_yaml", failing)
    result = CliRunner().invoke(app, ["build", "--root", str(root)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "apigen: error: spec/sources/b: internal error while building this service (an apigen defect, please "
        "report: RecursionError: maximum recursion depth exceeded); set APIGEN_DEBUG=1 for the traceback",
        "apigen: error: b: 1 problem(s); nothing written for this service"]
    assert written(root, "a") and written(root, "c") and not (root / "spec" / "b.openapi.yaml").exists()


def test_a_failure_outside_the_build_of_a_service_is_one_line_naming_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, {s: {"ok.txt": thing_page()} for s in "abc"})
    real = pipeline.source_files

    def failing(at: Path, name: str, *args: Any) -> list[Path]:
        if name == "b":
            raise TypeError("unexpected")
        return real(at, name, *args)

    monkeypatch.setattr(pipeline, "source_files", failing)
    result = CliRunner().invoke(app, ["build", "--root", str(root)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "apigen: error: b: internal error while building this service (an apigen defect, please report: "
        "TypeError: unexpected); set APIGEN_DEBUG=1 for the traceback"]
    assert written(root, "a") and written(root, "c")


def test_apigen_debug_asks_for_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, {"a": {"ok.txt": thing_page()}})
    monkeypatch.setattr(pipeline, "to_yaml", lambda doc: 1 / 0)
    monkeypatch.setenv("APIGEN_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        pipeline.build_service(root, "a")


# --- 3. what no spec can hold is the page's problem, named where it was read --------------------------


def nested_page(depth: int) -> tuple[str, int]:
    """An operation whose response nests one object table in the next, `depth` tables deep; and the line of
    the field that passes the cap."""
    lines = ["Querying a thing", "URI", "GET /v3/{project_id}/deeps", "Parameter |", "Mandatory |", "Type |",
             "Description |", "---|---|---|---|", "project_id |", "Yes |", "String |", "Project ID |",
             "Response Parameters", "Status code: 200", "Parameter |", "Type |", "Description |", "---|---|---|",
             "n0 |", "N0 object |", "level 0 |"]
    cap_line = 0
    for i in range(depth):
        lines += [f"Table {i + 2} N{i}", "Parameter |", "Type |", "Description |", "---|---|---|"]
        if i == 32:
            cap_line = len(lines) + 1
        lines += [f"n{i + 1} |", f"N{i + 1} object |", f"level {i + 1} |"]
    lines += [f"Table {depth + 2} N{depth}", "Parameter |", "Type |", "Description |", "---|---|---|",
              "leaf |", "String |", "leaf |"]
    return "\n".join(lines) + "\n", cap_line


def test_a_default_outside_its_enum_leaves_the_page_out_naming_the_row(tmp_path: Path) -> None:
    page = thing_page("modes", {"mode": "Mode. Possible values are na, snapshot, and backup. Default: other"})
    root = make_project(tmp_path, {"a": {"bad.txt": page, "ok.txt": thing_page()}})
    result = pipeline.build_service(root, "a")
    assert not result.errors and result.outputs
    (problem,) = result.problems
    assert isinstance(problem, PageError)
    assert (problem.file, problem.place) == ("spec/sources/a/bad.txt", str(page.splitlines().index("mode |") + 1))
    assert problem.message == ("table 'table at line 19', row 1: field 'mode': default \"other\" is not one of "
                               "its values (\"na\", \"snapshot\", \"backup\")")


@pytest.mark.parametrize(("default", "words"), [
    ("1" * 5000, f"a default of 5,000 digits (the cap is {MAX_DIGITS:,})"),
    ("1e999", "default 1e999 is past what a number can hold"),
])
def test_a_number_default_no_spec_can_hold_leaves_the_page_out_naming_the_row(
        tmp_path: Path, default: str, words: str) -> None:
    page = thing_page("sizes", {"size": f"Size. Default: {default}"}).replace("size |\nString |", "size |\nNumber |")
    root = make_project(tmp_path, {"a": {"bad.txt": page, "ok.txt": thing_page()}})
    result = pipeline.build_service(root, "a")
    assert not result.errors and result.outputs
    (problem,) = result.problems
    assert (problem.file, problem.place) == ("spec/sources/a/bad.txt", str(page.splitlines().index("size |") + 1))
    assert problem.message == f"table 'table at line 19', row 1: field 'size': {words}"


def test_a_number_default_that_is_no_number_is_not_read_as_one(tmp_path: Path) -> None:
    page = thing_page("sizes", {"size": "Size. Default: nan"}).replace("size |\nString |", "size |\nNumber |")
    result = pipeline.build_service(make_project(tmp_path, {"a": {"page.txt": page}}), "a")
    assert not result.errors and not result.problems
    assert "default" not in yaml.safe_load(result.outputs["a.openapi.yaml"])["components"]["schemas"][
        "ShowSizeResponse"]["properties"]["size"]


@pytest.mark.parametrize("status", ["999", "600", "099"])
def test_a_status_that_is_no_http_status_leaves_the_page_out_naming_its_table(tmp_path: Path, status: str) -> None:
    page = thing_page("odds").replace("Status code: 200", f"Status code: {status}")
    root = make_project(tmp_path, {"a": {"bad.txt": page, "ok.txt": thing_page()}})
    result = pipeline.build_service(root, "a")
    assert not result.errors and result.outputs
    (problem,) = result.problems
    assert (problem.file, problem.place) == ("spec/sources/a/bad.txt", "19")
    assert problem.message == f"table 'table at line 19': status code '{status}' is not an HTTP status (100-599)"


def test_tables_nested_past_the_cap_leave_the_page_out_naming_the_field(tmp_path: Path) -> None:
    page, line = nested_page(40)
    root = make_project(tmp_path, {"a": {"deep.txt": page, "ok.txt": thing_page()}})
    result = pipeline.build_service(root, "a")
    assert not result.errors and result.outputs
    (problem,) = result.problems
    assert (problem.file, problem.place) == ("spec/sources/a/deep.txt", str(line))
    assert problem.message.endswith("field 'n33' nests object tables more than 32 deep (the cap)")


def test_tables_nested_up_to_the_cap_build(tmp_path: Path) -> None:
    page, _ = nested_page(32)
    root = make_project(tmp_path, {"a": {"deep.txt": page}})
    result = pipeline.build_service(root, "a")
    assert not result.errors and not result.problems
    assert "N32" in result.outputs["a.openapi.yaml"]


def test_a_page_problem_in_the_cli_is_one_line_and_the_other_services_build(tmp_path: Path) -> None:
    page = thing_page("odds").replace("Status code: 200", "Status code: 999")
    root = make_project(tmp_path, {"a": {"ok.txt": thing_page()}, "b": {"bad.txt": page},
                                   "c": {"ok.txt": thing_page()}})
    result = run_build(root)
    assert "Traceback" not in result.stderr and "defect" not in result.stderr
    assert result.returncode == 2  # b has no operation left
    assert errors(result) == [
        "spec/sources/b/bad.txt:19: table 'table at line 19': status code '999' is not an HTTP status (100-599)",
        "spec/sources/b: no operation page left: every one was left out",
        "b: 1 problem(s); nothing written for this service"]
    assert written(root, "a") and written(root, "c")


# --- 4. a service's files are written all or none --------------------------------------------------------


def test_write_replaces_the_whole_set(tmp_path: Path) -> None:
    write = pipeline.write_outputs
    write(tmp_path, {"a.yaml": "old a\n", "b.json": "old b\n"})
    assert write(tmp_path, {"a.yaml": "new a\n", "b.json": "new b\n"}) == [tmp_path / "a.yaml", tmp_path / "b.json"]
    assert [(p.name, p.read_text(encoding="utf-8")) for p in sorted(tmp_path.iterdir())] == [
        ("a.yaml", "new a\n"), ("b.json", "new b\n")]


def test_a_failed_replace_puts_back_the_files_replaced_before_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline.write_outputs(tmp_path, {"a.yaml": "old a\n", "b.json": "old b\n", "c.md": "old c\n"})
    real = os.replace

    def failing(src: Any, dst: Any) -> None:
        if Path(dst) == tmp_path / "b.json":
            raise PermissionError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(pipeline.os, "replace", failing)
    with pytest.raises(WriteError) as caught:
        pipeline.write_outputs(tmp_path, {"a.yaml": "new a\n", "b.json": "new b\n", "c.md": "new c\n"})
    assert caught.value.one_line() == f"{tmp_path / 'b.json'}: cannot write: Permission denied; no file is replaced"
    assert [(p.name, p.read_text(encoding="utf-8")) for p in sorted(tmp_path.iterdir())] == [
        ("a.yaml", "old a\n"), ("b.json", "old b\n"), ("c.md", "old c\n")]  # and no staging left


def test_a_new_file_written_before_a_failure_is_removed(tmp_path: Path) -> None:
    (tmp_path / "b.json").mkdir()  # what cannot be replaced by a file
    with pytest.raises(WriteError) as caught:
        pipeline.write_outputs(tmp_path, {"a.yaml": "new a\n", "b.json": "new b\n"})
    assert caught.value.file == str(tmp_path / "b.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.json"] and (tmp_path / "b.json").is_dir()


def test_an_unwritable_output_is_one_line_the_previous_set_kept_and_the_next_service_built(tmp_path: Path) -> None:
    root = make_project(tmp_path, {s: {"ok.txt": thing_page()} for s in "abc"})
    assert run_build(root).returncode == 0
    before = {s: (root / "spec" / f"b.{s}").read_bytes() for s in OUTPUTS}
    (root / "spec" / "sources" / "b" / "more.txt").write_text(thing_page("mores"), encoding="utf-8")
    (root / "spec" / "b.openapi.yaml").unlink()
    (root / "spec" / "b.openapi.yaml").mkdir()
    (root / "spec" / "c.openapi.yaml").unlink()
    result = run_build(root)
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert errors(result) == [
        f"{root / 'spec' / 'b.openapi.yaml'}: cannot write: Is a directory; no file is replaced",
        "b: nothing written for this service; its files on disk are as they were"]
    assert {s: (root / "spec" / f"b.{s}").read_bytes() for s in OUTPUTS if s != "openapi.yaml"} == \
        {s: v for s, v in before.items() if s != "openapi.yaml"}
    assert written(root, "c")  # the next service was built
    assert sorted(p.name for p in (root / "spec").iterdir() if p.name.startswith(".")) == []


# --- 5. what reaches the terminal shows escapes, never acts them --------------------------------------------


def test_terminal_text_shows_control_and_bidi_characters_as_escapes() -> None:
    assert terminal_text("a\x1b[2Jb\x07c\x7f\x9b\u202eevil\u202c\u2066x\u2069\td\ne") == (
        "a\\x1b[2Jb\\x07c\\x7f\\x9b\\u202eevil\\u202c\\u2066x\\u2069\\td\\ne")
    assert terminal_text("中文 é — ok") == "中文 é — ok"


def test_error_lines_and_build_lines_escape_what_the_input_names(tmp_path: Path) -> None:
    evil = "x\x1b[2J\u202e"
    root = make_project(tmp_path, {evil: {"ok.txt": thing_page(), f"{evil}.txt": ""}})
    result = run_build(root)
    out = result.stdout + result.stderr
    assert "\x1b" not in out and "\u202e" not in out
    shown = "x\\x1b[2J\\u202e"
    assert f"apigen: error: spec/sources/{shown}/{shown}.txt: the file is empty" in result.stderr
    assert f"{shown}: 1 pages" not in result.stdout and f"{shown}: 2 pages" in result.stdout
    assert json.loads((root / "spec" / f"{evil}.coverage.json").read_text(encoding="utf-8"))  # files keep the name


# --- a service's description and a person's decisions: bad ones are one line naming the file ---------------


def alias_bomb(levels: int = 9) -> str:
    """Nine lists of nine references to the one before: a few hundred bytes that stand for 9**9 strings."""
    text = 'x0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, levels):
        text += f"x{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n"
    return text


OVERLAY_HEAD = 'overlay: 1.0.0\ninfo: {title: d, version: "1"}\n'
BAD_OVERLAYS = {
    "alias bomb": (OVERLAY_HEAD + alias_bomb() + 'actions:\n- target: "$.info"\n  update: {x-bomb: *a8}\n',
                   "4", "cannot read it: an alias (*name): write the value out in an overrides file"),
    "deep": (OVERLAY_HEAD + 'actions:\n- target: "$.info"\n  update: {x-deep: ' + "[" * 600 + "]" * 600 + "}\n",
             "", "nested more than 64 levels deep (the cap)"),
    "deeper than yaml reads": (OVERLAY_HEAD + 'actions:\n- target: "$.info"\n  update: {x: ' + "[" * 5000 + "}\n",
                               "", "nested more than 64 levels deep (the cap)"),
    "decides a number": (OVERLAY_HEAD + 'actions:\n- target: "$.info"\n  update: {x-a: 1}\n  x-apigen-decides: 5\n',
                         "actions[0]", "x-apigen-decides names a conflict id, or a list of them"),
}


@pytest.mark.parametrize("case", sorted(BAD_OVERLAYS))
def test_a_bad_overrides_file_is_one_error_naming_it(tmp_path: Path, case: str) -> None:
    text, place, message = BAD_OVERLAYS[case]
    root = make_project(tmp_path, {"a": {"ok.txt": thing_page()}})
    (root / "spec" / "overrides").mkdir()
    (root / "spec" / "overrides" / "a.yaml").write_text(text, encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert errors(result) == [f"spec/overrides/a.yaml{':' + place if place else ''}: {message}",
                              "a: 1 problem(s); nothing written for this service"]


BAD_SERVICE_YAML = {
    "language_priority: 5": ("language_priority", "language_priority is a list of languages: en, zh"),
    "language_priority: [fr]": ("language_priority", "language_priority is a list of languages: en, zh"),
    "description: {a: 1}": ("description", "'description' is text"),
    alias_bomb() + "description: *a8": ("description", "'description' is text"),
    "description: [": ("3", "cannot read the service description: expected the node content, but found "
                            "'<stream end>'"),
}


@pytest.mark.parametrize("text", sorted(BAD_SERVICE_YAML))
def test_a_bad_service_description_is_one_error_naming_it_and_the_others_build(tmp_path: Path, text: str) -> None:
    root = make_project(tmp_path, {s: {"ok.txt": thing_page()} for s in "ab"})
    (root / "spec" / "sources" / "a" / "service.yaml").write_text(f"title: A\n{text}\n", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    place, message = BAD_SERVICE_YAML[text]
    assert errors(result) == [f"spec/sources/a/service.yaml:{place}: {message}",
                              "a: 1 problem(s); nothing written for this service"]
    assert written(root, "b")


# --- KeyErrors in reconciliation, found by mutating real pages ---------------------------------------------


def test_a_field_listed_twice_with_an_object_type_the_second_time_is_a_type_conflict(tmp_path: Path) -> None:
    # found by seeded mutations of the EVS pages: the second row's type was never walked, a KeyError followed
    page = (pipes_page("Querying a thing", {"inner": "First"})
            + "inner |\nInner object |\nSecond |\nTable 4 Inner\nParameter |\nType |\nDescription |\n---|---|---|\n"
              "x |\nString |\nX |\n")
    result = pipeline.build_service(make_project(tmp_path, {"a": {"dup.txt": page}}), "a")
    assert not result.errors and not result.problems
    schemas = yaml.safe_load(result.outputs["a.openapi.yaml"])["components"]["schemas"]
    assert schemas["ShowThingResponse"]["properties"]["inner"]["anyOf"] == [
        {"type": "string"}, {"$ref": "#/components/schemas/Inner"}]
    assert list(schemas["Inner"]["properties"]) == ["x"]
    report = json.loads(result.outputs["a.conflicts.json"])
    assert [c["status"] for c in report["conflicts"] if c["id"] == "type:ShowThingResponse.inner"] == ["unresolved"]


def test_a_defect_in_any_command_is_one_line_and_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from generator import cli
    from generator.diff import compare

    spec = tmp_path / "a.json"
    spec.write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "A", "version": "1"}, "paths": {}}))

    def failing(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("boom")

    monkeypatch.setattr(compare, "compare", failing)
    monkeypatch.setattr(sys, "argv", ["apigen", "diff", str(spec), str(spec)])
    with pytest.raises(SystemExit) as done:
        cli.main()
    assert done.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "apigen: error: apigen: internal error while running this command (an apigen defect, please report: "
        "KeyError: 'boom'); set APIGEN_DEBUG=1 for the traceback"]
