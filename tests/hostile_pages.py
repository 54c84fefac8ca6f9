"""Pages whose descriptions hold hostile text, in two formats, for the hostile-text tests."""

from __future__ import annotations

import html

HOSTILE = {
    "triple_quotes": 'ends the docstring """ and \'\'\' too',
    "backslashes": "C:\\path\\to\\n and \\u0041 and \\",
    "template": "{{ config.__class__ }} {% for x in y %} ${HOME} $(rm -rf /)",
    "markup": "</table><script>alert(1)</script> | pipe | `code` **bold**",
    "quotes": "it's \"quoted\" and 'single'",
    "nul": "before\x00after",
    "rtl": "access \u202eevil\u202c granted",
    "yaml": "key: value\n- item\n--- &anchor *alias !!python/object:os.system",
    "long": "x" * 10_000,
}


HOSTILE_TITLE = "Querying " + " ".join(HOSTILE[k] for k in ("markup", "triple_quotes", "backslashes", "nul", "rtl"))


def as_read(text: str) -> str:
    """Hostile text as a page gives it: on one line, NUL shown as U+FFFD (NUL is no text in any format)."""
    return " ".join(text.replace("\x00", "\ufffd").split())


def pipes_page(title: str, rows: dict[str, str]) -> str:
    lines = [title, "URI", "GET /v3/{project_id}/things/{thing_id}", "Parameter |", "Mandatory |", "Type |",
             "Description |", "---|---|---|---|", "project_id |", "Yes |", "String |", "Project ID |",
             "thing_id |", "Yes |", "String |", "Thing ID |", "Response Parameters", "Status code: 200",
             "Parameter |", "Type |", "Description |", "---|---|---|"]
    for name, text in rows.items():
        lines += [f"{name} |", "String |", f"{text} |"]
    return "\n".join(lines) + "\n"


def markdown_page(rows: dict[str, str]) -> str:
    cells = "".join(f"<tr><td><p>{name}</p></td><td><p>String</p></td><td><p>{html.escape(text)}</p></td></tr>\n"
                    for name, text in rows.items())
    return ("# 查询<a name=\"ShowThing\"></a>\n\n## URI\n\nGET /v3/\\{project\\_id\\}/things/\\{thing\\_id\\}\n\n"
            "## 响应参数\n\n**状态码为 200 时: **\n\n**表 3**  响应Body参数\n\n"
            "<table><thead><tr><th>参数</th><th>参数类型</th><th>描述</th></tr></thead>\n<tbody>" + cells
            + "</tbody></table>\n")
