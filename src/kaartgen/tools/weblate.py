"""What Weblate needs to show kaartgen's screenshots beside the strings: printed, never sent.

kaartgen uploads nothing (it holds no token and talks to no server). ``kaartgen i18n weblate-screenshots`` reads
the ``screenshots.json`` that ``kaartgen i18n screenshots`` wrote and prints, per screenshot, the form fields of
Weblate's ``POST /api/screenshots/`` (image, name, project_slug, component_slug, language_code), the path of the
file in the repository (for Weblate's screenshot file mask and its repository updates) and the strings it shows:
each by its block key, which is the PO entry's ``msgctxt`` and so Weblate's unit *context*: searched with
``context:"KEY"``, then the unit whose context is exactly the key (a search also finds ``helps_heading`` for
``helps``), linked with ``POST /api/screenshots/(id)/units/`` (form field ``unit_id``).

Two forms: JSON (``schema`` 1) for a script of one's own, and a shell script for ``curl`` and ``jq`` that reads
``WEBLATE_URL`` (the server, without ``/api``) and ``WEBLATE_TOKEN`` from the environment, for someone to read and
run themselves.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..model.content import SOURCE_LANG
from ..model.diagnostics import KaartgenError, problem
from ..pipeline.inputs import Inputs
from .screenshots import MAPPING

SCHEMA = 1


def screenshot_uploads(workspace: Path | str, document: str, project: str, component: str,
                       folder: Path | str | None = None) -> dict[str, Any]:
    """The upload plan of the screenshots in `folder` (default: where ``i18n screenshots`` writes them)."""
    workspace = Path(workspace).resolve()
    inputs = Inputs(workspace)
    configured = inputs.settings.screenshots
    out = Path(folder) if folder is not None else workspace / (configured or "output/screenshots")
    mapping_path = out / MAPPING
    shown = _shown(mapping_path, workspace)
    try:
        mapping = json.loads(mapping_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KaartgenError([problem(shown, None, "", "there are no screenshots here yet",
                                     f"make them first: kaartgen i18n screenshots -d {document}")]) from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise KaartgenError([problem(shown, None, "", f"cannot be read ({error})",
                                     "make the screenshots again: kaartgen i18n screenshots")]) from None
    if not isinstance(mapping, dict) or mapping.get("document") != document \
            or not isinstance(mapping.get("screenshots"), dict):
        raise KaartgenError([problem(shown, None, "", f"is not the screenshot list of document '{document}'",
                                     f"make them again: kaartgen i18n screenshots -d {document}")])
    texts = {entry.key: entry.text for entry in inputs.source(document).entries()}
    shots = []
    for name, keys in sorted(mapping["screenshots"].items()):
        path = out / name
        lang = name.split("/", 1)[0] if "/" in name else SOURCE_LANG
        title = Path(name).stem if lang == SOURCE_LANG else f"{Path(name).stem} ({lang})"
        shots.append({
            "name": title,
            "file": _shown(path, workspace),
            "exists": path.is_file(),
            "form": {"name": title,
                     "project_slug": project, "component_slug": component, "language_code": lang},
            "units": [{"context": key, "source": texts.get(key, ""), "search": f'context:"{key}"'}
                      for key in keys if key in texts],
        })
    return {
        "schema": SCHEMA, "document": document, "project": project, "component": component,
        "screenshot_file_mask": _shown(out, workspace).rstrip("/") + "/*.png",
        "api": {"create": "POST /api/screenshots/ (multipart: image, name, project_slug, component_slug, "
                          "language_code)",
                "find_unit": "GET /api/translations/{project}/{component}/{language}/units/?q=context:\"KEY\"",
                "link": "POST /api/screenshots/{id}/units/ (form: unit_id)"},
        "screenshots": shots,
    }


def as_shell(plan: dict[str, Any]) -> str:
    """The plan as a shell script for curl and jq (printed for a person to read and run; kaartgen runs none)."""
    project, component = plan["project"], plan["component"]
    lines = [
        "#!/bin/sh",
        f"# Upload the screenshots of kaartgen document '{plan['document']}' to Weblate and link them to their",
        "# strings. Made by 'kaartgen i18n weblate-screenshots --shell'; read it, then run it with",
        "# WEBLATE_URL (e.g. https://weblate.example.org) and WEBLATE_TOKEN (your API token) set.",
        "set -eu",
        ': "${WEBLATE_URL:?set WEBLATE_URL}" "${WEBLATE_TOKEN:?set WEBLATE_TOKEN}"',
        'auth="Authorization: Token $WEBLATE_TOKEN"',
        "",
    ]
    for shot in plan["screenshots"]:
        if not shot["exists"]:
            lines.append(f"# {shot['file']}: missing, skipped (make it with kaartgen i18n screenshots)")
            continue
        form = shot["form"]
        fields = " ".join(f"-F {shlex.quote(f'{k}={v}')}" for k, v in form.items())
        lines.append(f"# {shot['file']}: {len(shot['units'])} strings")
        lines.append(f'id=$(curl -sf -H "$auth" -F {shlex.quote("image=@" + shot["file"])} {fields} '
                     '"$WEBLATE_URL/api/screenshots/" | jq -r .id)')
        units = f"$WEBLATE_URL/api/translations/{quote(project)}/{quote(component)}/{quote(form['language_code'])}"
        for unit in shot["units"]:
            query = quote(unit["search"], safe="")
            key = shlex.quote(unit["context"])
            lines.append(f'unit=$(curl -sf -H "$auth" "{units}/units/?q={query}" | jq -r --arg key {key} '
                         "'first(.results[] | select(.context == $key) | .id) // empty')")
            lines.append('if [ -n "$unit" ]; then curl -sf -H "$auth" -F "unit_id=$unit" '
                         '"$WEBLATE_URL/api/screenshots/$id/units/" > /dev/null; '
                         f'else echo "no string with key {unit["context"]} in Weblate" >&2; fi')
        lines.append("")
    return "\n".join(lines)


def _shown(path: Path, workspace: Path) -> str:
    try:
        return path.resolve().relative_to(workspace).as_posix()
    except ValueError:
        return str(path)
