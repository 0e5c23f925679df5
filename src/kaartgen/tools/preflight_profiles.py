"""Preflight profiles: named sets of limits a print shop checks against, and the small file that adapts one.

Three profiles are built in. Their limits are modelled on published practice, not copied from a standard a shop
has signed; a shop that works to its own specification writes a profile file (or passes ``--limit``) and the
report names the profile it was judged by.

- ``sheetfed-cmyk`` (the default): Dutch sheet-fed offset on coated paper (FOGRA39/FOGRA51), after the Ghent
  Workgroup's sheet-fed CMYK variant: process colours only (a spot colour is an extra plate), total ink 320 %,
  images 300 ppi (below 150 fails), text 6 pt at least, lines 0.125 pt at least, 3 mm bleed.
- ``digital``: toner and inkjet cut-sheet printing: spot colours are printed in CMYK (a warning, not a plate),
  total ink 320 %, images 200 ppi (below 120 fails).
- ``newspaper``: coldset on newsprint: total ink 240 %, images 200 ppi (below 120 fails), text 7 pt, lines 0.2 pt.

A profile file (YAML) names the profile it starts from and the limits it changes::

    name: drukkerij-voorbeeld          # shown in the report
    based_on: sheetfed-cmyk
    limits:
      max_ink_percent: 300
      text_near_trim_mm: 4

Every limit can also be set on the command line: ``kaartgen preflight --limit max_ink_percent=300 file.pdf``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..model.diagnostics import PreflightError, problem


@dataclass(frozen=True)
class Profile:
    """The limits of one preflight run. Lengths in mm or pt as named; `spot_colours` is "fail", "warn" or "allow"."""

    name: str
    min_bleed_mm: float = 3.0
    max_ink_percent: float = 320.0
    min_image_ppi: float = 300.0  # below: a warning
    fail_image_ppi: float = 150.0  # below: a failure
    min_text_pt: float = 6.0
    min_multi_ink_text_pt: float = 0.0  # text in two or more inks smaller than this: a warning (0: not checked)
    min_rich_black_text_pt: float = 12.0  # text in rich (four-colour) black smaller than this: a failure
    min_line_pt: float = 0.125
    text_near_trim_mm: float = 3.0  # text closer than this to the trim or a fold: a warning (0: not checked)
    spot_colours: str = "fail"
    allowed_spots: tuple[str, ...] = ()  # colourant names allowed even where spot colours are not
    source: str = "built in"

    def to_dict(self) -> dict[str, Any]:
        return {f.name: list(v) if isinstance(v := getattr(self, f.name), tuple) else v for f in fields(self)}


PROFILES = {
    "sheetfed-cmyk": Profile("sheetfed-cmyk"),
    "digital": Profile("digital", min_image_ppi=200.0, fail_image_ppi=120.0, spot_colours="warn"),
    "newspaper": Profile("newspaper", max_ink_percent=240.0, min_image_ppi=200.0, fail_image_ppi=120.0,
                         min_text_pt=7.0, min_line_pt=0.2, min_multi_ink_text_pt=9.0),
}
DEFAULT_PROFILE = "sheetfed-cmyk"
LIMITS = {f.name: f.type for f in fields(Profile) if f.name not in ("name", "source")}
SPOT_POLICIES = ("fail", "warn", "allow")


def load_profile(name_or_path: str | None = None, overrides: dict[str, str] | None = None) -> Profile:
    """A built-in profile by name, or a profile file; then `overrides` (limit → value as text) on top."""
    chosen = name_or_path or DEFAULT_PROFILE
    if chosen in PROFILES:
        profile = PROFILES[chosen]
    else:
        profile = _from_file(Path(chosen))
    for key, text in (overrides or {}).items():
        profile = _set(profile, key, text, "--limit")
    return profile


def _from_file(path: Path) -> Profile:
    from ..load.yamlfile import load_yaml

    shown = str(path)
    if not path.is_file():
        raise PreflightError(problem(shown, None, "", "is neither a built-in profile nor a profile file",
                                     f"use one of {', '.join(PROFILES)}, or the path of a profile file"))
    located = load_yaml(path, shown)
    data = located.data
    if not isinstance(data, dict):
        raise PreflightError(located.problem("", "is not a profile (no name, based_on and limits)",
                                             "write name:, based_on: and limits: as in the README"))
    unknown = sorted(set(data) - {"name", "based_on", "limits"})
    if unknown:
        raise PreflightError(located.problem(unknown[0], "is not a profile setting",
                                             "a profile has name:, based_on: and limits:"))
    base = str(data.get("based_on") or DEFAULT_PROFILE)
    if base not in PROFILES:
        raise PreflightError(located.problem("based_on", f"'{base}' is not a built-in profile",
                                             f"use one of {', '.join(PROFILES)}"))
    profile = replace(PROFILES[base], name=str(data.get("name") or path.stem), source=shown)
    limits = data.get("limits") or {}
    if not isinstance(limits, dict):
        raise PreflightError(located.problem("limits", "is not a list of limits",
                                             "write one limit per line, e.g. max_ink_percent: 300"))
    for key, value in limits.items():
        profile = _set(profile, str(key), value, shown, located.line(f"limits.{key}"))
    return profile


def _set(profile: Profile, key: str, value: Any, where: str, line: int | None = None) -> Profile:
    if key not in LIMITS:
        raise PreflightError(problem(where, line, key, "is not a preflight limit",
                                     f"the limits are: {', '.join(LIMITS)}"))
    if key == "spot_colours":
        if str(value) not in SPOT_POLICIES:
            raise PreflightError(problem(where, line, key, f"'{value}' is not fail, warn or allow",
                                         "write spot_colours: fail (a spot colour is an extra plate), warn or allow"))
        return replace(profile, spot_colours=str(value))
    if key == "allowed_spots":
        names = value if isinstance(value, list) else [part.strip() for part in str(value).split(",")]
        return replace(profile, allowed_spots=tuple(str(name) for name in names if str(name)))
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise PreflightError(problem(where, line, key, f"'{value}' is not a number",
                                     f"write a number, e.g. {key}={getattr(PROFILES[DEFAULT_PROFILE], key)}")) from None
    if not 0 <= number <= 10_000 or number != number:
        raise PreflightError(problem(where, line, key, f"{value} is out of range", "write a number from 0"))
    return replace(profile, **{key: number})  # type: ignore[arg-type]
