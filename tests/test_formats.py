"""String formats read from what the pages say (generator/reconcile/formats.py), on real descriptions and
the real specs built from them."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from conftest import ROOT

from generator.reconcile.formats import checked_against, stated_format


def spec(service: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "spec" / f"{service}.openapi.yaml").read_text(encoding="utf-8"))
    return loaded


def field(service: str, schema: str, name: str) -> dict[str, Any]:
    found: dict[str, Any] = spec(service)["components"]["schemas"][schema]["properties"][name]
    return found


@pytest.mark.parametrize(("name", "text", "expected"), [
    # smn: topics and templates
    ("create_time", "Time when the topic was created The UTC time is in YYYY-MM-DDTHH:MM:SSZ format.", "date-time"),
    # evs: task status
    ("begin_time", "The time when the task was started. Time format: YYYY-MM-DDTHH:MM:SS.SSS'Z'", "date-time"),
    ("created_at", "Range: UTC time in the format of yyyy-MM-ddTHH:mm:ssZ", "date-time"),
    ("resource_id", "Specifies a resource ID in UUID format.", "uuid"),
    ("vip_address", "Specifies the private IPv4 address bound to the load balancer. Minimum: 1 Maximum: 64",
     "ipv4"),
    ("email", "Email address of the administrator managing the zone", "email"),
    ("redirect_url", "Specifies the URL to which requests are forwarded. Format: protocol://host:port/path?query",
     "uri"),
])
def test_a_page_that_states_a_format_gives_it(name: str, text: str, expected: str) -> None:
    stated = stated_format(name, [text])
    assert stated is not None and stated.format == expected


@pytest.mark.parametrize(("name", "text"), [
    # evs volumes: "UTC" in words, no zone in the value: not RFC 3339
    ("created_at", "The time when the disk was created. Time format: UTC YYYY-MM-DDTHH:MM:SS.XXXXXX"),
    ("created_at", "Format: *yyyy-MM-ddTHH:mm:ss*"),
    # as scheduled policy: no seconds
    ("launch_time", "The time format is YYYY-MM-DDThh:mmZ."),
    ("created_at", "The time format is *yyyy-MM-ddThh:mm:ssZ* or *yyyy-MM-dd hh:mm:ss*."),
    ("update_time", "The value rounds to 6 decimal places for seconds. The format is yyyy-mm-dd hh:mm:ss."),
    # cbr/vpc enterprise projects: "0" is a value too
    ("enterprise_project_id", "**0** or a string that contains a maximum of 36 characters in UUID format with "
                              "hyphens (-)."),
    # elb: the id of a port, not an address
    ("ipv6_vip_port_id", "Specifies the ID of the port bound to the IPv6 address."),
    ("cidr", "Specifies the IPv4 address segment (CIDR block)."),
    # modelarts: an OBS path is called a URL
    ("data_url", "OBS URL of the dataset required by a training job, for example, /usr/data/."),
])
def test_words_that_are_no_format_give_none(name: str, text: str) -> None:
    assert stated_format(name, [text]) is None


def test_an_example_that_misfits_the_stated_format_drops_it() -> None:
    stated = stated_format("created_at", ["The UTC time format is used: YYYY-MM-DDTHH:MM:SSZ."])
    assert stated is not None
    assert checked_against(stated, ["2017-04-22T08:17:08.997"]).misfits == ("2017-04-22T08:17:08.997",)
    assert checked_against(stated, ["2017-04-22T08:17:08.997Z"]).misfits == ()


def test_the_built_specs_carry_the_stated_formats() -> None:
    assert field("smn", "MessageTemplates", "create_time")["format"] == "date-time"
    assert field("evs", "ShowJobResponse", "begin_time")["format"] == "date-time"
    assert "format" not in field("elb", "ListLoadBalancersV3LoadBalancer", "ipv6_vip_port_id")


def test_dns_says_utc_but_its_examples_send_no_zone_and_the_report_says_so() -> None:
    conflicts = json.loads((ROOT / "spec" / "dns.conflicts.json").read_text(encoding="utf-8"))["conflicts"]
    dropped = next(c for c in conflicts if c["kind"] == "format" and c["subject"] == "Zones.created_at")
    assert dropped["rule"] == "R2-example-format"
    assert dropped["candidates"][0]["value"].startswith("date-time")
    assert "2017-04-22T08:17:08.997" in dropped["candidates"][1]["value"]


def test_models_keep_the_string_the_server_sends() -> None:
    models = (ROOT / "generated" / "smn" / "models.py").read_text(encoding="utf-8")
    assert "create_time: str | None" in models and "datetime" not in models
