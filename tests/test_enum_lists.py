"""Enum values a description states, in either language: items under a line that announces them (取值范围：,
"The value can be:"), prose lists ("取值范围：A、B", "The value can be A or B", "支持A，B和C三种"), and
the prose that only looks like a list (ranges, placeholders, quoted words that are no options)."""

from __future__ import annotations

from conftest import ROOT

from generator.classify import classify
from generator.extract import extract_pages
from generator.ir import CellPart, Field
from generator.sources.detect import load
from generator.typeexpr import listed_enum, prose_enum, stated_default

SOURCES = ROOT / "spec" / "sources"


def field_of(relative: str, name: str) -> Field:
    """The first row named `name` on a real page."""
    doc = load(SOURCES / relative, relative)
    return next(f for page in extract_pages(doc, classify(doc)) for t in page.tables for f in t.fields
                if f.name == name)


def parts(*lines: str) -> tuple[CellPart, ...]:
    """Cell parts written as in a page: a leading '- ' per level of list nesting."""
    found = []
    for line in lines:
        depth = 0
        while line.startswith("- "):
            depth, line = depth + 1, line[2:]
        found.append(CellPart(line, depth))
    return tuple(found)


def test_chinese_items_under_value_range_are_the_enum() -> None:
    # "取值范围：" then <li>4：表示ipv4地址组</li><li>6：表示ipv6地址组</li>
    ip_version = field_of("vpc/huawei-zh/更新地址组.md", "ip_version")
    assert ip_version.enum == ("4", "6")
    assert "4：表示ipv4地址组" in ip_version.description  # the explanations stay in the description


def test_chinese_value_range_inline_ends_with_its_paragraph() -> None:
    # "取值范围：ACTIVE,UNKNOWN,ERROR" and then a paragraph "ACTIVE表示子网已挂载到VPC上 ..."
    assert field_of("vpc/huawei-zh/创建子网.md", "status").enum == ("ACTIVE", "UNKNOWN", "ERROR")


def test_chinese_sentence_that_counts_its_values() -> None:
    # 目前支持“SSD”，“GPSSD”和“SAS”三种。
    assert field_of("evs/huawei-zh/创建云硬盘-API-v2.md", "volume_type").enum == ("SSD", "GPSSD", "SAS")
    assert prose_enum("目前支持“SSD”，“GPSSD”和“SAS”两种。") == ()  # the count disagrees: no list


def test_chinese_placeholder_or_range_items_are_no_closed_list() -> None:
    # "center：表示作用域为中心", "{azId}：表示作用域为具体的可用区": an AZ id is any value
    assert field_of("vpc/huawei-zh/创建子网.md", "scope").enum == ()
    # "10.0.0.0/8~24" ... are ranges, not the values "10.0.0" and so on
    cidr = field_of("vpc/huawei-zh/更新VPC.md", "cidr")
    assert "10.0.0.0/8~24" in cidr.description
    assert cidr.enum == ()


def test_english_items_under_the_value_can_be() -> None:
    # "The value can be:" then "- **port**: a single network interface." ...
    field = field_of("vpc/otc/vpc_apis_v1_v2/vpc_flow_log/querying_a_vpc_flow_log.rst", "resource_type")
    assert field.enum == ("port", "vpc", "network")


def test_english_cell_that_is_all_bullets_keeps_its_description() -> None:
    # every paragraph of the cell is a list item: the description was empty before they were read
    field = field_of("nat/otc/apis_for_public_nat_gateways_v2.0/dnat_rules/creating_a_dnat_rule.rst",
                     "admin_state_up")
    assert field.description.startswith("Specifies whether the DNAT rule is enabled or disabled.")
    assert field.enum == ()  # true/false on a Boolean is the type's own values, no enumeration


def test_listed_values_take_the_first_word_of_each_item_only() -> None:
    assert listed_enum(parts("功能说明：安全组规则的出入控制方向", "取值范围：", "- ingress表示入方向",
                             "- egress表示出方向")) == ("ingress", "egress")
    assert listed_enum(parts("- Specifies the rule status.", "- The value can be:", "- - ACTIVE: in use",
                             "- - - a note nested under ACTIVE", "- - DOWN (not in use)",
                             "- Default: ACTIVE")) == ("ACTIVE", "DOWN")
    assert listed_enum(parts("Resource type. Options:", "- OS::Nova::Server", "- OS::Cinder::Volume")) == (
        "OS::Nova::Server", "OS::Cinder::Volume")


def test_items_that_are_sentences_are_no_values() -> None:
    assert listed_enum(parts("The value can be:", "- A single port, for example 80", "- tcp")) == ()
    assert listed_enum(parts("取值范围：", "- 1~65535")) == ()
    assert listed_enum(parts("Notes:", "- tcp", "- udp")) == ()  # nothing announced values


def test_quoted_words_that_are_no_options() -> None:
    assert prose_enum('The name, for example, "web" or "db". It cannot contain "<" or ">".') == ()
    assert prose_enum("取值范围：0-255个字符，不能包含“<”和“>”") == ()
    assert prose_enum("取值范围：最大长度36字节，带“-”连字符的UUID格式，或者是字符串“0”。") == ()
    assert prose_enum("取值范围：icmp、tcp、udp等") == ()  # "etc.": an open list
    assert prose_enum("取值范围：IP地址，或者cidr格式") == ()


def test_prose_lists_in_both_languages() -> None:
    assert prose_enum("取值范围：TCP、UDP、ICMP、ICMPV6、ALL") == ("TCP", "UDP", "ICMP", "ICMPV6", "ALL")
    assert prose_enum("取值范围：accept（采集）、reject（不采集）") == ("accept", "reject")
    assert prose_enum("取值范围：ingress表示入方向，egress表示出方向") == ("ingress", "egress")
    assert prose_enum("枚举值：http、https、sms、email") == ("http", "https", "sms", "email")
    assert prose_enum("The value can be ESSD, GPSSD, SSD, SAS, or SATA(End-of-sale).") == (
        "ESSD", "GPSSD", "SSD", "SAS", "SATA")
    assert prose_enum("Options: asc, desc") == ("asc", "desc")


def test_a_default_left_blank_is_no_default_value() -> None:
    # "If cidr is not specified, the default value is left blank." sits in a bullet the description now reads
    assert stated_default("If cidr is not specified, the default value is left blank.") is None
    assert stated_default("The default value is desc.") == "desc"


def test_values_a_nested_item_names_belong_to_the_attribute_it_describes() -> None:
    # path: "You can update the following attributes:" then "- hw_firmware_type: … The value can be bios or uefi"
    path = field_of("ims/otc/ims_apis/image/updating_an_image.rst", "path")
    assert path.enum == ()


def test_a_chinese_default_is_a_value_that_ends_its_phrase() -> None:
    # EVS hw:passthrough: "该字段不存在时，云硬盘默认为VBD类型" (the VBD type by default) states no value; the
    # English pages list true and false, and "VBD" as a default outside them would refuse the page
    assert stated_default("该字段不存在时，云硬盘默认为VBD类型。") is None
    assert stated_default("默认为false表示不开启。") == "false"
    assert stated_default("缺省值：Small") == "Small"
