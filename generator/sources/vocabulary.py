"""The words Huawei's API pages use for their structure, in Chinese and English: section headings,
column headers, table captions and status markers. Data, shared by every reader and the extractor."""

from __future__ import annotations

import re

# Section headings -> the section they open. Web text loses the heading markup, so a line is a
# heading only when it is exactly one of these (after an optional "- " bullet).
SECTIONS: dict[str, str] = {
    "function": "function",
    "功能介绍": "function",
    "uri": "uri",
    "uri format": "uri",
    "api format": "uri",
    "参数说明": "uri_params",
    "request parameters": "request",
    "request": "request",
    "request message": "request",
    "request body": "request",
    "请求参数": "request",
    "请求": "request",
    "请求消息": "request",
    "response parameters": "response",
    "response": "response",
    "response message": "response",
    "response body": "response",
    "响应参数": "response",
    "响应": "response",
    "响应消息": "response",
    "要素说明": "response",
    "example requests": "request_example",
    "example request": "request_example",
    "请求示例": "request_example",
    "请求样例": "request_example",
    "example": "examples",
    "examples": "examples",
    "sample": "examples",
    "samples": "examples",
    "示例": "examples",
    "样例": "examples",
    "example responses": "response_example",
    "example response": "response_example",
    "响应示例": "response_example",
    "响应样例": "response_example",
    "status codes": "status_codes",
    "status code": "status_codes",
    "returned values": "status_codes",
    "returned value": "status_codes",
    "状态码": "status_codes",
    "正常": "status_codes",
    "异常": "status_codes",
    "error codes": "error_codes",
    "错误码": "error_codes",
    "sdk代码示例": "other",
    "sdk sample code": "other",
    "feedback": "end",
}

# Column header words -> column role.
COLUMNS: dict[str, str] = {
    "parameter": "name",
    "name": "name",
    "参数": "name",
    "参数名": "name",
    "名称": "name",
    "参数名称": "name",
    "属性": "name",  # the rows of an object's table ("Firewall Group对象") are its attributes
    "mandatory": "required",
    "required": "required",
    "是否必选": "required",
    "必选": "required",
    "type": "type",
    "参数类型": "type",
    "类型": "type",
    "description": "description",
    "描述": "description",
    "说明": "description",
    "备注": "description",
    "status code": "status",
    "状态码": "status",
    "http status code": "status",
    "returned value": "status",
    "returned values": "status",
    "return value": "status",
    "return code": "status",
    "normal response code": "status",
    "正常返回码": "status",
    "返回值": "status",
    "http状态码": "status",
    "error code": "error_code",
    "错误码": "error_code",
    "error message": "message",
    "错误信息": "message",
    "possible cause": "description",
}

REQUIRED_WORDS = {"是": True, "yes": True, "true": True, "mandatory": True, "必选": True,
                  "否": False, "no": False, "false": False, "optional": False, "可选": False}

# Caption words -> table role. Checked in order; the first contained word wins.
CAPTION_ROLES: tuple[tuple[str, str], ...] = (
    ("路径参数", "path"),
    ("path parameter", "path"),
    ("query参数", "query"),
    ("query parameter", "query"),
    ("请求header参数", "header"),
    ("request header", "header"),
    ("请求body参数", "request_body"),
    ("request body parameter", "request_body"),
    ("响应header参数", "other"),
    ("response header", "other"),
    ("响应body参数", "response_body"),
    ("response body parameter", "response_body"),
    ("要素说明", "response_body"),
    ("参数说明", "params"),
)

STATUS_MARKER = re.compile(
    r"^(?:\*\*)?\s*(?:status\s+code\s*[:：]\s*(?P<en>\d{3})|状态码\s*(?:为|[:：])?\s*(?P<zh>\d{3})\s*时?)", re.I)
# A method and a URL, the URL after a space or straight after the method when it starts with "/" ("GET/").
REQUEST_LINE = re.compile(r"^(?P<method>GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)(?:\s+|(?=/))(?P<url>\S+)\s*$")

# A caption naming the field whose type the table describes: "表3 checkpoint_item 字段数据结构说明",
# "app_consistency字段结构说明", "Parameter description of field extend_info", "pools parameter description".
NAMED_STRUCTURE = re.compile(
    # the name is the run of name characters before the words, from its first letter: tried once per run (the
    # lookbehind), and the words after it with no two quantifiers sharing the spaces
    r"(?<![A-Za-z0-9_.:\-])[0-9.:\-]*(?P<name>[A-Za-z_][A-Za-z0-9_.:\-]*)\s*(?:(?:字段|参数|对象)\s*)?(?:数据)?"
    r"(?:结构体?)?(?:参数)?说明"
    r"|description of (?:the )?(?:field|parameter)\s+(?P<en>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?<![A-Za-z0-9_])(?P<lower>[a-z_][a-z0-9_]*)\s+(?:field|parameter|object)\s+description", re.I)
# Words a caption uses to say what a table is, never the name of a type: "Table 1 Parameters", "Description".
CAPTION_WORDS = {"parameter", "parameters", "description", "descriptions", "field", "fields", "request", "response",
                 "body", "header", "headers", "uri", "path", "query", "table", "structure", "data", "list", "value",
                 "values", "attribute", "attributes", "element", "elements", "object", "objects", "example",
                 "returned", "result", "results", "params", "properties", "property"}
# A field name as the pages print them: `key_info`, `os-extend`, `os-vol-host-attr:host`, `__system__encrypted`.
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.:\-]*")
# "see Table 5", "For details, see Table 5.", "详情请参见表5"
TABLE_MENTION = re.compile(r"(?:\bTable|表)\s*(\d+)\b", re.I)
TABLE_NUMBER = re.compile(r"^(?:\*\*)?\s*(?:表|Table)\s*(?P<num>\d+)(?:\*\*)?\s*(?P<rest>.*)$", re.I)


def section_of(text: str, heading: bool = True) -> str | None:
    """The section a heading line opens, or None when the line is not a known heading. Plurals read as their
    singular ("Requests", "Example Responses", "Status Codes"). A section of examples of both kinds opens
    only at a real heading: "Example:" as a line of text labels the block under it, wherever it stands."""
    key = " ".join(text.strip().lstrip("-").strip().rstrip(":：").strip().lower().split())
    if key not in SECTIONS and len(key) <= 40:
        key = " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in key.split())
    section = SECTIONS.get(key)
    return None if section == "examples" and not heading else section


def column_role(text: str) -> str | None:
    return COLUMNS.get(" ".join(text.split()).lower())


def caption_role(caption: str) -> str | None:
    lowered = caption.lower().replace(" ", "") if _has_cjk(caption) else caption.lower()
    for word, role in CAPTION_ROLES:
        if word.replace(" ", "") in lowered.replace(" ", ""):
            return role
    return None


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)
