"""Workspace settings: ``kaartgen.yaml`` → `Settings`, the defaults a workspace gives its commands.

What `kaartgen build` makes when no selector is given (document, regions, languages, layouts, editions), the region
translators' status and screenshots use, and how old a contact's verification may be. No region is ever named in
the code: a workspace without a setting falls back to what it holds (its only document, its only region) and
otherwise asks for a name, saying where to give it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model.diagnostics import DataError, Diagnostic, problem
from ..model.edition import EDITIONS
from .names import ALL, check_document_name, check_lang, check_layout_name, check_region_id, name_error
from .yamlfile import Fields, load_yaml

SETTINGS_FILE = "kaartgen.yaml"
DEFAULT_MAX_AGE_MONTHS = 12

TEMPLATE = """\
# kaartgen workspace settings: what `kaartgen build` makes when no -d/-r/--lang/-l/--edition is given.
document: {document}
regions: [{regions}]          # a region name, several, or all
languages: [nl]               # nl, or translations that are final (add them once reviewed)
layouts: all
editions: [print]             # print, screen (PDF), html (a web page), or several

translations:
  reference_region: {reference}   # the region translators' status and screenshots show
  # screenshots: content/{document}/screenshots   # commit them for a translation platform's screenshot mask

verification:
  max_age_months: {max_age}       # contact data checked longer ago than this gives a warning; twice as long
                                  # stops a final print run
  unverified_allowed: [{unverified}]   # regions whose contact data may be printed before anyone checked it
"""


@dataclass(frozen=True)
class Settings:
    """A workspace's defaults (from ``kaartgen.yaml``, or from what the workspace holds when it has none)."""

    workspace: Path
    file: Path | None  # kaartgen.yaml, when the workspace has one
    document: str | None
    regions: tuple[str, ...]
    languages: tuple[str, ...] = ("nl",)
    layouts: tuple[str, ...] = (ALL,)
    editions: tuple[str, ...] = ("print",)
    reference_region: str | None = None
    max_age_months: int = DEFAULT_MAX_AGE_MONTHS
    unverified_allowed: tuple[str, ...] = ()  # regions whose unverified contact data may still be printed
    screenshots: str | None = None  # the translator screenshots' folder, inside the workspace (else output/)

    @property
    def shown(self) -> str:
        return SETTINGS_FILE


def load_settings(workspace: Path) -> Settings:
    """``kaartgen.yaml`` of a workspace, validated; every problem reported at once, with its line."""
    path = workspace / SETTINGS_FILE
    if not path.is_file():
        return _defaults(workspace, None)
    located = load_yaml(path, SETTINGS_FILE)
    if located.data is None:
        return _defaults(workspace, path)
    problems: list[Diagnostic] = []
    top = Fields(located, located.data, "", problems)
    if not top.ok:
        raise DataError(problems)
    top.check_known({"document", "regions", "languages", "layouts", "editions", "translations", "verification"})

    def names(key: str, check: Callable[[str], str], allow_all: bool) -> tuple[str, ...] | None:
        if key not in top.value:
            return None
        raw = top.value[key]
        values = [raw] if isinstance(raw, str) else raw
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            top.report(key, "expected a name or a list of names", f"e.g. {key}: [{'all' if allow_all else '…'}]")
            return None
        for index, value in enumerate(values):
            wrong = None if value == ALL and allow_all else name_error(check, value)
            if wrong is not None:
                problems.append(located.problem(f"{key}.{index}" if isinstance(raw, list) else key, wrong.message,
                                                wrong.hint))
        return tuple(values)

    document = top.get("document", str, None)
    wrong = name_error(check_document_name, document) if document is not None else None
    if wrong is not None:
        problems.append(located.problem("document", wrong.message, wrong.hint))
    regions = names("regions", check_region_id, True)
    languages = names("languages", check_lang, True)
    layouts = names("layouts", check_layout_name, True)
    editions = names("editions", str, True)
    for edition in editions or ():
        if edition not in (*EDITIONS, ALL):
            top.report("editions", f"'{edition}' is not an edition", "write print, screen or all")
    translations = top.sub("translations", default_empty=True)
    translations.check_known({"reference_region", "screenshots"})
    reference = translations.get("reference_region", str, None)
    screenshots = translations.get("screenshots", str, None, what="a folder inside the workspace")
    if screenshots is not None and (not screenshots.strip() or Path(screenshots).is_absolute()
                                    or ".." in Path(screenshots).parts):
        translations.report("screenshots", f"'{screenshots}' is not a folder inside the workspace",
                            "write a path relative to the workspace, e.g. content/signalenkaart/screenshots")
        screenshots = None
    verification = top.sub("verification", default_empty=True)
    verification.check_known({"max_age_months", "unverified_allowed"})
    max_age = verification.get("max_age_months", int, DEFAULT_MAX_AGE_MONTHS)
    if isinstance(max_age, int) and not 1 <= max_age <= 120:
        verification.report("max_age_months", f"{max_age} months is not a sensible age",
                            "write a number of months between 1 and 120, e.g. 12")
    unverified = verification.get("unverified_allowed", list, [], what="a list of region names")
    for index, name in enumerate(unverified or []):
        wrong = name_error(check_region_id, name) if isinstance(name, str) else None
        if not isinstance(name, str) or wrong is not None:
            problems.append(located.problem(f"verification.unverified_allowed.{index}",
                                            wrong.message if wrong else "expected a region name"))
    if problems:
        raise DataError(problems)
    defaults = _defaults(workspace, path)
    chosen_regions = regions if regions is not None else defaults.regions
    return Settings(workspace, path, document or defaults.document, chosen_regions,
                    languages or defaults.languages, layouts or defaults.layouts, editions or defaults.editions,
                    reference or _first_named(chosen_regions) or defaults.reference_region,
                    max_age if isinstance(max_age, int) else DEFAULT_MAX_AGE_MONTHS, tuple(unverified or ()),
                    screenshots)


def _defaults(workspace: Path, path: Path | None) -> Settings:
    """What a workspace without settings holds: its only document and its only region, if it has one each."""
    from .regions import list_regions
    from .source import list_documents

    documents = list_documents(workspace)
    regions = list_regions(workspace)
    region = tuple(regions) if len(regions) == 1 else ()
    return Settings(workspace, path, documents[0] if len(documents) == 1 else None, region,
                    reference_region=regions[0] if len(regions) == 1 else None)


def _first_named(values: tuple[str, ...]) -> str | None:
    return next((v for v in values if v != ALL), None)


def require_workspace(workspace: Path) -> Path:
    """The workspace folder, or a clear error when `workspace` is not one (no content/, layouts/ or settings)."""
    from ..model.diagnostics import KaartgenError

    if not any((workspace / name).exists() for name in ("content", "layouts", SETTINGS_FILE)):
        raise KaartgenError(problem(str(workspace), None, "", "not a kaartgen workspace (no content/ or layouts/ "
                                    "folder here)", "run kaartgen in the workspace, name it with --workspace DIR, "
                                                    "or make one with: kaartgen init DIR"))
    return workspace


def missing(what: str, option: str, key: str, known: list[str]) -> Diagnostic:
    """The problem of a selection with no default: say where to name it (or that there is nothing to name)."""
    if not known and key == "regions":
        return problem("content/regions", None, "", "no regions yet",
                       "make one with 'kaartgen regions new REGION', then fill it in")
    if not known and key == "document":
        return problem("content", None, "", "no documents yet",
                       "a document is content/<document>/nl.yaml; 'kaartgen init DIR' makes a workspace with one")
    listed = f"; known: {', '.join(known)}" if known else ""
    return problem(SETTINGS_FILE, None, key, f"no {what} chosen",
                   f"name one with {option}, or set '{key}:' in {SETTINGS_FILE}{listed}")
