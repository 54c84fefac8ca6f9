"""A person's decisions (DESIGN.md rule 1), kept as an OpenAPI Overlay 1.0 document under
spec/overrides/<service>.yaml and applied to the emitted spec before anything else is judged.

An action that settles a conflict names it in `x-apigen-decides` and its reviewer in
`x-apigen-reviewed-by`; the conflicts report then shows the conflict as decided by that person. An
action whose target matches nothing, or that names a conflict the build no longer has, is an error:
after a doc update every decision must still mean what its reviewer meant."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonpath
import yaml

from generator.errors import OverrideError


@dataclass(frozen=True)
class Decision:
    conflict_id: str
    reviewer: str
    description: str
    action: int


MAX_DEPTH = 64  # mappings and lists nested in an overrides file; a decision needs a few


class _Loader(yaml.SafeLoader):
    """YAML without aliases: a decision is written out where it applies, and an alias (`*name`) is how a small
    file becomes an exponentially large value (a billion laughs) once the spec is written out."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "an alias (*name): write the value out in an overrides "
                                                          "file", event.start_mark)
        return super().compose_node(parent, index)


def load_overlay(path: Path, display: str) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # a SafeLoader, without aliases
    except UnicodeDecodeError as err:
        raise OverrideError(display, "", f"not UTF-8: {err.reason}") from err
    except yaml.YAMLError as err:
        raise OverrideError(display, *yaml_problem(err, "cannot read it")) from err
    except RecursionError:
        raise OverrideError(display, "", f"nested more than {MAX_DEPTH} levels deep (the cap)") from None
    if _deeper_than(data, MAX_DEPTH):
        raise OverrideError(display, "", f"nested more than {MAX_DEPTH} levels deep (the cap)")
    if not isinstance(data, dict) or not str(data.get("overlay", "")).startswith("1."):
        raise OverrideError(display, "", "not an OpenAPI Overlay 1.x document (no 'overlay: 1.0.0')")
    if not isinstance(data.get("actions"), list):
        raise OverrideError(display, "actions", "an overlay needs a list of actions")
    return data


def yaml_problem(err: yaml.YAMLError, what: str) -> tuple[str, str]:
    """A YAML error as (line, message): the line where the parser stopped, when it says, and why."""
    mark = getattr(err, "problem_mark", None)
    problem = getattr(err, "problem", None) or str(err)
    return (str(mark.line + 1) if mark is not None else "", f"{what}: {' '.join(str(problem).split())}")


def _deeper_than(value: Any, cap: int) -> bool:
    pending = [(value, 0)]
    while pending:
        node, depth = pending.pop()
        if depth > cap:
            return True
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        pending.extend((child, depth + 1) for child in children)
    return False


def apply_overlay(doc: dict[str, Any], overlay: dict[str, Any], display: str,
                  conflict_ids: set[str]) -> tuple[dict[str, Any], list[Decision]]:
    """The spec with the overlay's actions applied in order, and the conflicts they decide."""
    doc = copy.deepcopy(doc)
    decisions: list[Decision] = []
    for index, action in enumerate(overlay["actions"]):
        place = f"actions[{index}]"
        if not isinstance(action, dict) or not isinstance(action.get("target"), str):
            raise OverrideError(display, place, "an action needs a 'target' JSONPath")
        try:
            matches = list(jsonpath.finditer(action["target"], doc))
        except jsonpath.JSONPathError as err:
            raise OverrideError(display, place, f"bad JSONPath {action['target']!r}: {err}") from err
        if not matches:
            raise OverrideError(display, place, f"target {action['target']!r} matches nothing in the spec")
        if action.get("remove") is True:
            for match in reversed(matches):
                _remove(match)
        elif isinstance(action.get("update"), dict | list):
            for match in matches:
                _merge(match.obj, action["update"], display, place)
        else:
            raise OverrideError(display, place, "an action needs 'update' (an object) or 'remove: true'")
        decides = action.get("x-apigen-decides", [])
        decides = [decides] if isinstance(decides, str) else decides
        if not isinstance(decides, list) or not all(isinstance(d, str) for d in decides):
            raise OverrideError(display, place, "x-apigen-decides names a conflict id, or a list of them")
        for conflict_id in decides:
            if conflict_id not in conflict_ids:
                raise OverrideError(display, place, f"decides conflict {conflict_id!r}, which this build does not have")
            reviewer = action.get("x-apigen-reviewed-by")
            if not isinstance(reviewer, str) or not reviewer.strip():
                raise OverrideError(display, place, "a decision needs 'x-apigen-reviewed-by' (who reviewed it)")
            decisions.append(Decision(conflict_id, reviewer, str(action.get("description", "")), index))
    return doc, decisions


def _merge(target: Any, update: Any, display: str, place: str) -> None:
    if isinstance(target, list):
        target.extend(update if isinstance(update, list) else [update])
        return
    if not isinstance(target, dict) or not isinstance(update, dict):
        raise OverrideError(display, place, "update must be an object for an object target")
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value, display, place)
        else:
            target[key] = copy.deepcopy(value)


def _remove(match: Any) -> None:
    parent = match.parent.obj if match.parent is not None else None
    key = match.parts[-1] if match.parts else None
    if isinstance(parent, dict):
        parent.pop(key, None)
    elif isinstance(parent, list) and isinstance(key, int):
        parent.pop(key)
