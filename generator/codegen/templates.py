"""Where the client templates are: installed as generator/templates, or templates/ in a checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

TEMPLATES = ("base.py.jinja", "client.py.jinja", "init.py.jinja", "paging.py.jinja", "runtime.py.jinja")


def template_text(name: str) -> str:
    try:
        return resources.files("generator.templates").joinpath(name).read_text("utf-8")
    except ModuleNotFoundError:
        return (Path(__file__).resolve().parents[2] / "templates" / name).read_text("utf-8")
