"""The chain: one edition through every stage — load → check → fit → plan → render (with PDF/X) → write.

`run_edition` is the only place the stages are called in sequence. Every caller goes through it with the stage it
needs (`until`): `build` writes, `check` and the translators' status stop after the plan, previews and proofs keep
the plan the build made, translator screenshots stop after rendering. So they cannot disagree.

Each stage adds diagnostics; an error ends the edition (`status` "failed", with every problem found so far),
warnings travel with the result. One failing edition never raises: the caller gets its result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from enum import IntEnum
from pathlib import Path
from typing import Any

from ..backends.pdf import render
from ..backends.pdfx import PDFX
from ..layout.checks import (
    contrast_diagnostics,
    glyph_diagnostics,
    length_diagnostics,
    line_diagnostics,
    picture_diagnostics,
    qr_diagnostics,
    script_diagnostics,
)
from ..layout.fit import Fit, fit
from ..layout.place import PlanSettings, make_plan
from ..layout.texts import resolve, untranslated_wordings
from ..load.regions import ROLE_SHORT
from ..load.translations import same_language_problem
from ..model.content import SOURCE_LANG
from ..model.diagnostics import (
    DataError,
    Diagnostic,
    DraftError,
    KaartgenError,
    Severity,
    errors_of,
    problem,
    unique,
)
from ..model.edition import EditionName, Options
from ..model.layout import LayoutSpec
from ..model.report import EditionResult
from ..model.translation import FINAL
from .editions import printed_texts, record_for
from .incremental import dated_files, edition_sources, inputs_hash
from .inputs import Inputs
from .output import atomic_write, sha256
from .release import release_diagnostics, verification_diagnostics


class Stage(IntEnum):
    """How far an edition is taken."""

    CHECK = 1  # every file loaded and validated, translation state, glyphs
    FIT = 2  # the shared body size
    PLAN = 3  # every item placed; picture checks
    RENDER = 4  # PDF bytes, finished (PDF/X or screen metadata), not written
    WRITE = 5  # written atomically, with its manifest entry


Entry = dict[str, Any]  # one edition's manifest entry


def run_edition(inputs: Inputs, name: EditionName, options: Options = Options(), *, until: Stage = Stage.WRITE,
                out: Path | None = None, previous: dict[str, Entry] | None = None,
                keep_plan: bool = False) -> tuple[EditionResult, Entry | None]:
    """Take one edition as far as `until`; never raises a KaartgenError (a failure is in the result)."""
    try:
        return _run(inputs, name, options, until, out, previous or {}, keep_plan)
    except KaartgenError as failure:
        return EditionResult(name, "failed", diagnostics=tuple(unique(failure.diagnostics))), None


def _run(inputs: Inputs, name: EditionName, options: Options, until: Stage, out: Path | None,
         previous: dict[str, Entry], keep_plan: bool) -> tuple[EditionResult, Entry | None]:
    # Load and check every input file; report the problems of all of them together.
    problems: list[Diagnostic] = []

    def collect(load: Any, *args: str) -> Any:
        try:
            return load(*args)
        except DataError as error:
            problems.extend(error.diagnostics)
            return None

    source = collect(inputs.source, name.document)
    spec = collect(inputs.layout, name.layout)
    region = collect(inputs.region, name.region)
    translation = None
    if source is not None and name.lang != SOURCE_LANG:
        translation = collect(inputs.translation, name.document, name.lang)
        if translation is not None:
            problems.extend(translation.problems)
    if source is not None and spec is not None:
        collect(inputs.checked_layout, name.document, name.layout)
    if problems:
        raise DataError(problems)
    translated = None
    draft = False
    if translation is not None:
        if translation.state != FINAL:
            if not options.draft:
                raise DraftError(problem(translation.shown, None, "",
                                         f"translation '{name.lang}' is a draft ({translation.why_draft()})",
                                         f"build it with --draft for a marked proof, or have it reviewed: "
                                         f"kaartgen i18n review {name.lang} --by NAME", code="draft"))
            draft = True
        translated = translation.texts
    untranslated = untranslated_wordings(region, name.lang)
    edition_warnings: list[Diagnostic] = [] if translation is None else [
        same_language_problem(translation.shown, name.lang, other, Severity.WARNING)
        for other in inputs.same_languages(name.document).get(name.lang, [])]
    if untranslated:  # the region's note or labels have no text in this language: only a draft shows the Dutch
        if not options.draft:
            raise DraftError(untranslated)
        draft = True  # and says so, as `check --draft` does: it was silent, and the final build then refused
        edition_warnings += [replace(d, severity=Severity.WARNING, message=f"{d.message}: this draft shows the Dutch",
                                     hint=f"add '{name.lang}: …' to it in the region file, beside its 'nl:'")
                             for d in untranslated]
    name = EditionName(name.document, name.layout, name.region, name.lang, name.edition, draft)
    # `check` warns about contact data due a check; a final print build refuses what was never verified
    final_print = name.is_print and not draft and until is Stage.WRITE
    if not spec.made_for(name.lang) and not name.is_html:  # chosen by name: built, but not silently
        edition_warnings.append(problem(
            f"layouts/{name.layout}.yaml", None, "languages", f"layout '{name.layout}' is made for "
            f"{', '.join(spec.languages)}, not for '{name.lang}': built because it was chosen by name (-l or "
            "kaartgen.yaml)", f"leave it out for '{name.lang}', or add '{name.lang}' to its 'languages:'",
            severity=Severity.WARNING))
    released = edition_warnings + release_diagnostics(region) + verification_diagnostics(
        region, inputs.settings, final_print=final_print, allow_unverified=options.allow_unverified)
    if errors_of(released):
        raise DataError(errors_of(released))
    sources = edition_sources(spec, region, source, translation)
    date = inputs.dates.newest(dated_files(sources))

    # Up to date: the same inputs, and the PDF still as it was written.
    path = out / name.relative_path() if out is not None else None
    rel = name.relative_path().as_posix()
    digest_of_inputs = inputs_hash(name, sources, options, date)
    old = previous.get(rel)
    up_to_date = (until is Stage.WRITE and not options.force and old is not None and path is not None
                  and old.get("inputs") == digest_of_inputs and path.is_file()
                  and sha256(path.read_bytes()) == old.get("sha256"))
    if up_to_date and not keep_plan:
        assert old is not None
        return EditionResult(name, "up-to-date", path, tuple(unique([*released, *_recorded(old)])),
                             old.get("body_size"), old.get("pages", 0), old["sha256"], sources=sources,
                             date=date), old

    texts = resolve(source, region, translated, name.lang, date)
    scripts = script_diagnostics(texts, region)  # the cause: its missing glyphs would only repeat it, text by text
    if scripts:
        raise DataError(scripts)
    if name.is_html:
        return _web_page(name, spec, texts, region, inputs.logos(region), until, path, rel, digest_of_inputs,
                         released, sources, date, translation, draft)
    problems = glyph_diagnostics(spec, texts, region, name.lang) + length_diagnostics(spec, texts)
    if problems:
        raise DataError(problems)
    measure = inputs.measure(name.layout)
    fitted = fit(spec, texts, region.values, measure, inputs.logos(region))
    too_long = line_diagnostics(spec, fitted)
    if too_long:
        raise DataError(too_long)
    room = _room(spec, fitted)
    if until is Stage.FIT:
        return EditionResult(name, "checked", body_size=fitted.body_size, sources=sources, room=room, date=date), None

    settings = PlanSettings(name, date, marks=options.marks, pdfx=options.pdfx,
                            overprint_black=options.overprint_black)
    plan = make_plan(spec, texts, fitted, settings, measure)
    checks = picture_diagnostics(plan, options.allow_low_res) + contrast_diagnostics(plan, spec) + \
        qr_diagnostics(plan, spec)
    if errors_of(checks):
        raise DataError(errors_of(checks))
    warnings = tuple(unique([*released, *checks]))
    kept = plan if keep_plan else None
    if up_to_date:
        assert old is not None
        return EditionResult(name, "up-to-date", path, warnings, old.get("body_size"), old.get("pages", 0),
                             old["sha256"], kept, sources=sources, date=date), old
    if until is Stage.PLAN:
        return EditionResult(name, "checked", None, warnings, fitted.body_size, len(plan.pages), plan=kept,
                             sources=sources, room=room, date=date), None

    pdf = render(plan)
    if until is Stage.RENDER or path is None:
        return EditionResult(name, "rendered", None, warnings, fitted.body_size, len(plan.pages), sha256(pdf),
                             kept, pdf, sources, room=room, date=date), None
    atomic_write(path, pdf)
    digest = sha256(pdf)
    entry = {
        "file": rel, "sha256": digest, "size": len(pdf), "pages": len(plan.pages),
        "trim_mm": [round(spec.trim_w * 25.4 / 72, 1), round(spec.trim_h * 25.4 / 72, 1)],
        "edition": name.edition, "pdfx": PDFX[options.pdfx].name if name.is_print else None,
        "document": name.document, "layout": name.layout, "region": name.region, "lang": name.lang,
        "review_state": "source" if translation is None else translation.state, "draft": draft,
        "body_size": fitted.body_size, "inputs": digest_of_inputs,
        "diagnostics": [d.to_json() for d in checks],
    }
    record = record_for(name, date, rel, digest, region.printed(name.lang, ROLE_SHORT),
                        printed_texts(source, spec, translated)) if name.is_print and not draft else None
    return EditionResult(name, "built", path, warnings, fitted.body_size, len(plan.pages), digest, kept,
                         sources=sources, record=record, room=room, date=date), entry


def _web_page(name: EditionName, spec: LayoutSpec, texts: Any, region: Any, logos: Any, until: Stage,
              path: Path | None,
              rel: str, digest_of_inputs: str, released: list[Diagnostic], sources: tuple[tuple[str, Path], ...],
              date: dt.datetime, translation: Any, draft: bool) -> tuple[EditionResult, Entry | None]:
    """The HTML edition: the texts as one web page (no fit, no plan: a browser sets the lines)."""
    from ..backends.html import render_html
    from ..layout.webpage import make_webpage

    page = make_webpage(spec, texts, region.values, date, logos, draft=name.draft)
    warnings = tuple(unique(released))
    if until < Stage.RENDER:
        return EditionResult(name, "checked", None, warnings, sources=sources, date=date), None
    data = render_html(page)
    if until is Stage.RENDER or path is None:
        return EditionResult(name, "rendered", None, warnings, sha256=sha256(data), pdf=data, sources=sources,
                             date=date), None
    atomic_write(path, data)
    digest = sha256(data)
    entry: Entry = {"file": rel, "sha256": digest, "size": len(data), "pages": 0, "edition": name.edition, "pdfx": None,
             "document": name.document, "layout": name.layout, "region": name.region, "lang": name.lang,
             "review_state": "source" if translation is None else translation.state, "draft": draft,
             "body_size": None, "inputs": digest_of_inputs, "diagnostics": []}
    return EditionResult(name, "built", path, warnings, None, 0, digest, sources=sources, date=date), entry


def _room(spec: LayoutSpec, fitted: Fit) -> tuple[tuple[str, float], ...]:
    """The height left free in the last panel of each flow that holds the contacts (what a longer address or
    another number may still use)."""
    found = []
    for flow, result in fitted.results:
        if any(entry.kind == "contacts" for entry in flow.entries):
            last = flow.panels[-1]
            found.append((last, max(0.0, spec.panels[last].safe.h - result.used.get(last, 0.0))))
    return tuple(found)


def _recorded(entry: Entry) -> tuple[Diagnostic, ...]:
    """The warnings recorded with an up-to-date edition (shown again: they still apply)."""
    found = []
    for data in entry.get("diagnostics") or ():
        try:
            found.append(Diagnostic.from_json(data))
        except (KeyError, TypeError, ValueError):
            continue  # a damaged manifest entry: its warnings come back on the next rebuild
    return tuple(found)
