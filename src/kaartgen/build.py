"""The pipeline: selectors → editions, each taken through content → layout → render → prepress → output.

`build()` is the library entry point the CLI and tests call. It expands the selectors into editions
(document × layout × region × language × edition), loads each input file once, and builds every edition
independently: one failing edition is reported in its result and never stops the others. With
``check_only`` it runs every stage but render and write (schema, placeholders, glyphs, fit).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from . import __version__
from .content import (SOURCE_LANG, Source, Text, Texts, check_document_name, check_lang, list_documents,
                      load_source, resolve)
from .errors import DataError, DraftError, KaartgenError, Problem
from .fonts import coverage_problems
from .layout import Measure, fit, make_plan
from .images import LogoPicture, open_logo, prepare, resolution_problem
from .plan import Picture, Plan
from .render import PageFrame
from .layoutspec import LayoutSpec, check_against_source, check_layout_name, list_layouts, load_layout
from .output import EditionName, atomic_write, read_manifest, sha256, write_manifest
from .regions import Region, check_region_id, list_regions, load_region

if TYPE_CHECKING:
    from .i18n import Translation

FINAL = "final"  # the review state of a translation that may be printed (i18n.FINAL)

EDITIONS = ("print", "screen")
DEFAULT_DOCUMENT = "signalenkaart"
DEFAULT_REGION = "ijsselland"
ALL = "all"


@dataclass(frozen=True)
class Options:
    marks: bool = False
    pdfx: str = "4"
    draft: bool = False
    force: bool = False
    check_only: bool = False
    allow_low_res: bool = False  # print logos between 150 and 300 ppi only warn anyway; this lets <150 through


@dataclass(frozen=True)
class EditionResult:
    name: EditionName
    status: str  # built | up-to-date | checked | failed
    path: Path | None = None
    message: str = ""
    body_size: float | None = None
    pages: int = 0
    sha256: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status != "failed"


@dataclass
class BuildReport:
    results: list[EditionResult] = field(default_factory=list)
    manifest: Path | None = None

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)


class Inputs:
    """Every input file of a workspace, loaded at most once per process."""

    def __init__(self, workspace: Path):
        self.workspace = workspace
        self._sources: dict[str, Source] = {}
        self._layouts: dict[str, LayoutSpec] = {}
        self._regions: dict[str, Region] = {}
        self._translations: dict[tuple[str, str], Translation] = {}
        self._measures: dict[str, Measure] = {}
        self._logos: dict[str, tuple[LogoPicture, ...]] = {}

    def source(self, document: str) -> Source:
        if document not in self._sources:
            self._sources[document] = load_source(self.workspace, document)
        return self._sources[document]

    def layout(self, name: str) -> LayoutSpec:
        if name not in self._layouts:
            self._layouts[name] = load_layout(self.workspace, name)
        return self._layouts[name]

    def checked_layout(self, document: str, name: str) -> LayoutSpec:
        """A layout that places only blocks the document has, in styles the layout defines."""
        spec, source = self.layout(name), self.source(document)
        problems = check_against_source(spec, set(source.blocks), {k: b.style for k, b in source.blocks.items()})
        if problems:
            raise DataError(problems)
        return spec

    def region(self, name: str) -> Region:
        if name not in self._regions:
            self._regions[name] = load_region(self.workspace, name)
        return self._regions[name]

    def translation(self, document: str, lang: str) -> Translation:
        from .i18n import load_translation  # babel and the PO machinery only when a translation is built

        key = (document, lang)
        if key not in self._translations:
            self._translations[key] = load_translation(self.workspace, self.source(document), lang)
        return self._translations[key]

    def measure(self, layout: str) -> Measure:
        if layout not in self._measures:
            self._measures[layout] = Measure(self.layout(layout))
        return self._measures[layout]

    def logos(self, region: Region) -> tuple[LogoPicture, ...]:
        """The region's logos, decoded (every unusable file reported together, with the region file's line)."""
        if region.id not in self._logos:
            problems: list[Problem] = []
            pictures = []
            for logo in region.logos:
                try:
                    pictures.append(open_logo(logo))
                except DataError as error:
                    problems.extend(error.problems)
            if problems:
                raise DataError(problems)
            self._logos[region.id] = tuple(pictures)
        return self._logos[region.id]


def expand(values: Iterable[str], everything: Callable[[], list[str]], default: list[str]) -> list[str]:
    chosen: list[str] = []
    for value in values or default:
        for item in (everything() if value == ALL else [value]):
            if item not in chosen:
                chosen.append(item)
    return chosen


def plan_editions(workspace: Path, documents=(), layouts=(), langs=(), regions=(), editions=(),
                  draft: bool = False, inputs: Inputs | None = None) -> list[EditionName]:
    """Expand the selectors ('all' or names) into the list of editions to make.

    '--lang all' means the source and every final translation; with `draft`, every translation."""
    inputs = inputs or Inputs(workspace)
    layout_names = expand(layouts, lambda: list_layouts(workspace), [ALL])
    region_names = expand(regions, lambda: list_regions(workspace), [DEFAULT_REGION])
    edition_names = expand(editions, lambda: list(EDITIONS), ["print"])
    result = []
    for document in expand(documents, lambda: list_documents(workspace), [DEFAULT_DOCUMENT]):
        def languages(document: str = document) -> list[str]:
            from .i18n import list_languages

            found = [SOURCE_LANG] + list_languages(workspace, document)
            return found if draft else [lang for lang in found if _printable(inputs, document, lang)]

        lang_names = expand(langs, languages, [SOURCE_LANG])
        result += [EditionName(document, layout, region, lang, edition) for layout in layout_names
                   for region in region_names for lang in lang_names for edition in edition_names]
    return result


def _nothing_selected(workspace: Path, documents, layouts, regions) -> str:
    """Why a selection came out empty: the 'all' that found nothing."""
    for values, found, what in ((documents, list_documents, "documents (content/<document>/nl.yaml)"),
                                (layouts or [ALL], list_layouts, "layouts (layouts/*.yaml)"),
                                (regions, list_regions, "regions (content/regions/<region>.yaml)")):
        if ALL in values and not found(workspace):
            return f"{workspace}: no {what} to select with 'all'"
    return "nothing selected"


def _printable(inputs: Inputs, document: str, lang: str) -> bool:
    """The source, or a final translation; a translation that cannot be read counts, so the build reports it."""
    if lang == SOURCE_LANG:
        return True
    try:
        return inputs.translation(document, lang).state == FINAL
    except KaartgenError:
        return True


def build(workspace: Path | str = ".", *, documents=(), layouts=(), langs=(), regions=(), editions=(),
          out_dir: Path | str | None = None, options: Options = Options(), jobs: int | None = 1,
          progress: Callable[[EditionResult, int, int], None] | None = None,
          inputs: Inputs | None = None) -> BuildReport:
    """Build (or with options.check_only, check) every selected edition; never raises for one bad edition.

    `jobs` worker processes share the work (None: one per CPU); each worker loads fonts, layouts and content
    once and reuses line breaking across regions. Results come back in selection order whatever `jobs` is.
    """
    workspace = Path(workspace).resolve()
    out = (Path(out_dir) if out_dir is not None else workspace / "output").resolve()
    for values, check in ((documents, check_document_name), (layouts, check_layout_name),
                          (regions, check_region_id), (langs, check_lang)):
        for value in values:  # names become paths: refuse bad ones once, before any edition is planned
            if value != ALL:
                check(value)
    if not (workspace / "content").is_dir() and not (workspace / "layouts").is_dir():
        raise KaartgenError(f"{workspace}: not a kaartgen workspace (no content/ or layouts/ folder here); "
                            "run kaartgen in the workspace, or name it with --workspace DIR")
    inputs = inputs or Inputs(workspace)
    names = plan_editions(workspace, documents, layouts, langs, regions, editions, options.draft, inputs)
    if not names:
        raise KaartgenError(_nothing_selected(workspace, documents, layouts, regions))
    _hashes.clear()  # files may have changed since the last build in this process
    previous = {} if options.check_only else read_manifest(out).get("editions", {})
    jobs = min(jobs or os.cpu_count() or 1, len(names)) or 1
    results: list[tuple[EditionResult, dict | None] | None] = [None] * len(names)
    done = 0

    def collect(index: int, outcome: tuple[EditionResult, dict | None]) -> None:
        nonlocal done
        results[index] = outcome
        done += 1
        if progress:
            progress(outcome[0], done, len(names))

    if jobs == 1:
        for index, name in enumerate(names):
            collect(index, build_edition(inputs, name, out, options, previous))
    else:
        _build_parallel(workspace, names, out, options, previous, jobs, collect)
    report = BuildReport([outcome[0] for outcome in results if outcome is not None])
    entries = {result.path.relative_to(out).as_posix(): entry
               for result, entry in (o for o in results if o is not None) if entry is not None and result.path}
    if entries and not options.check_only:
        report.manifest = write_manifest(out, entries)
    return report


# --------------------------------------------------------------------------- worker processes

_worker: tuple[Inputs, Path, Options, dict] | None = None


def _worker_start(workspace: Path, out: Path, options: Options, previous: dict) -> None:
    """Per worker process: its own Inputs (and caches), and what every edition needs, sent once."""
    global _worker
    _worker = (Inputs(workspace), out, options, previous)


def _worker_build(batch: list[tuple[int, EditionName]]) -> list[tuple[int, tuple[EditionResult, dict | None]]]:
    assert _worker is not None
    inputs, out, options, previous = _worker
    return [(index, build_edition(inputs, name, out, options, previous)) for index, name in batch]


def _build_parallel(workspace: Path, names: list[EditionName], out: Path, options: Options, previous: dict,
                    jobs: int, collect: Callable) -> None:
    """Editions in small batches grouped by layout and language, so each worker reuses its caches."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    order = sorted(range(len(names)), key=lambda i: (names[i].document, names[i].layout, names[i].lang,
                                                     names[i].edition, names[i].region))
    size = max(1, min(8, len(names) // (jobs * 4) or 1))
    batches = [[(i, names[i]) for i in order[start:start + size]] for start in range(0, len(order), size)]
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start,
                             initargs=(workspace, out, options, previous)) as pool:
        futures = [pool.submit(_worker_build, batch) for batch in batches]
        for future in as_completed(futures):
            for index, outcome in future.result():
                collect(index, outcome)


def _fail(name: EditionName, error: KaartgenError) -> EditionResult:
    return EditionResult(name, "failed", message=str(error))


def build_edition(inputs: Inputs, name: EditionName, out: Path, options: Options,
                  previous: dict) -> tuple[EditionResult, dict | None]:
    try:
        return _build_edition(inputs, name, out, options, previous)
    except KaartgenError as error:
        return _fail(name, error), None


def _build_edition(inputs: Inputs, name: EditionName, out: Path, options: Options,
                   previous: dict) -> tuple[EditionResult, dict | None]:
    problems: list[Problem] = []

    def collect(load: Callable[[str], object], name_part: str):
        try:
            return load(name_part)
        except DataError as error:  # keep going: every file's problems are reported together
            problems.extend(error.problems)
            return None

    source = collect(inputs.source, name.document)
    spec = collect(inputs.layout, name.layout)
    region = collect(inputs.region, name.region)
    translation = None
    if source is not None and name.lang != SOURCE_LANG:
        translation = collect(lambda lang: inputs.translation(name.document, lang), name.lang)
        if translation is not None:
            problems.extend(translation.problems)
    if source is not None and spec is not None:
        collect(lambda layout: inputs.checked_layout(name.document, layout), name.layout)
    if problems:
        raise DataError(problems)
    draft = False
    translated = None
    if translation is not None:
        if translation.state != FINAL:
            if not options.draft:
                raise DraftError(f"{translation.shown}: translation '{name.lang}' is a draft "
                                 f"({translation.why_draft()}); build it with --draft for a marked proof, or "
                                 f"have it reviewed: kaartgen i18n review {name.lang} --by NAME")
            draft = True
        translated = translation.texts
    name = EditionName(name.document, name.layout, name.region, name.lang, name.edition, draft)
    path = out / name.relative_path()
    rel = name.relative_path().as_posix()
    inputs_hash = _inputs_hash(name, spec, region, source, translation, options)
    old = previous.get(rel)
    if (not options.check_only and not options.force and old and old.get("inputs") == inputs_hash
            and path.is_file() and sha256(path.read_bytes()) == old.get("sha256")):
        return EditionResult(name, "up-to-date", path, body_size=old.get("body_size"), pages=old.get("pages", 0),
                             sha256=old["sha256"], warnings=tuple(old.get("warnings", ()))), old
    texts = resolve(source, region, translated, name.lang)
    missing = missing_glyphs(spec, texts)
    if missing:
        raise DataError([glyph_problem(text, chars) for text, chars in missing])
    fitted = fit(spec, texts, region.values, inputs.measure(name.layout), inputs.logos(region))
    plan, frame = layout_edition(spec, texts, fitted, name, options)
    warnings = _check_pictures(plan, name, options)
    if options.check_only:
        return EditionResult(name, "checked", None, body_size=fitted.body_size, warnings=warnings), None
    pdf = render_edition(plan, frame, name, options)
    atomic_write(path, pdf)
    digest = sha256(pdf)
    entry = {
        "file": rel, "sha256": digest, "size": len(pdf), "pages": len(spec.sides),
        "trim_mm": [round(spec.trim_w * 25.4 / 72, 1), round(spec.trim_h * 25.4 / 72, 1)],
        "edition": name.edition, "pdfx": _pdfx_name(options) if name.edition == "print" else None,
        "document": name.document, "layout": name.layout, "region": name.region, "lang": name.lang,
        "review_state": "source" if translation is None else translation.state, "draft": draft,
        "body_size": fitted.body_size, "inputs": inputs_hash, "warnings": list(warnings),
    }
    return EditionResult(name, "built", path, body_size=fitted.body_size, pages=len(spec.sides),
                         sha256=digest, warnings=warnings), entry


def _pdfx_name(options: Options) -> str:
    from .prepress import PDFX

    return PDFX[options.pdfx].name


def layout_edition(spec: LayoutSpec, texts: Texts, fitted, name: EditionName,
                   options: Options) -> tuple[Plan, PageFrame]:
    """The plan of one edition and where its trim sits on the media (bleed and mark area for print)."""
    from . import prepress

    print_edition = name.edition == "print"
    plan = make_plan(spec, texts, fitted, bleed=spec.bleed if print_edition else 0.0,
                     links=not print_edition)
    frame = prepress.page_frame(plan, print_edition=print_edition, with_marks=options.marks and print_edition)
    return plan, frame


def plan_edition(inputs: Inputs, name: EditionName, options: Options = Options()) -> tuple[Plan, PageFrame]:
    """Recompute an edition's plan exactly as the build made it (for proofs and screenshots)."""
    source, spec, region = inputs.source(name.document), inputs.layout(name.layout), inputs.region(name.region)
    translated = None if name.lang == SOURCE_LANG else inputs.translation(name.document, name.lang).texts
    texts = resolve(source, region, translated, name.lang)
    fitted = fit(spec, texts, region.values, inputs.measure(name.layout), inputs.logos(region))
    return layout_edition(spec, texts, fitted, name, options)


def render_edition(plan: Plan, frame: PageFrame, name: EditionName, options: Options) -> bytes:
    """Plan → finished PDF bytes: marks and slug when asked, render, then PDF/X (print) or metadata (screen)."""
    from . import prepress
    from .render import render

    print_edition = name.edition == "print"
    marks = ()
    if options.marks and print_edition:
        date = prepress.build_date().strftime("%Y-%m-%d")
        slug = (f"{name.document} · {name.layout} · {name.region} · {name.lang} · {name.edition}"
                f"{' · CONCEPT' if name.draft else ''} · {date}")
        marks = prepress.marks(plan, slug)
    pictures = {item: prepare(item.picture.logo, item.picture.digest, name.edition, item.rect.w, item.rect.h,
                              prepress.ICC_PROFILE)
                for page in plan.pages for item in page.items if isinstance(item, Picture)}
    pdf = render(plan, frame, cmyk=print_edition, marks=marks, watermark="CONCEPT" if name.draft else "",
                 pictures=pictures)
    return prepress.finish(pdf, plan, pdfx=options.pdfx if print_edition else None)


def _check_pictures(plan: Plan, name: EditionName, options: Options) -> tuple[str, ...]:
    """Print logos below 150 ppi at their placed size fail (unless allowed); below 300 ppi they warn."""
    if name.edition != "print":
        return ()
    problems, warnings = [], []
    for item in (i for page in plan.pages for i in page.items if isinstance(i, Picture)):
        level, message = resolution_problem(item.picture, item.rect.w, item.rect.h, options.allow_low_res)
        if level == "error":
            problems.append(Problem.at(item.picture.logo.source, "logos", message))
        elif level == "warning":
            warnings.append(str(Problem.at(item.picture.logo.source, "logos", message)))
    if problems:
        raise DataError(problems)
    return tuple(dict.fromkeys(warnings))


def missing_glyphs(spec: LayoutSpec, texts: Texts) -> list[tuple[Text, set[str]]]:
    """Each text with the characters (upper case included: headings may be set in capitals) the fonts lack."""
    found = []
    for block in texts.blocks.values():
        for text in block.texts:
            missing = coverage_problems(spec.fonts, text.plain.upper() + text.plain)
            if missing:
                found.append((text, missing))
    return found


def glyph_problem(text: Text, missing: set[str]) -> Problem:
    codes = ", ".join(f"U+{ord(c):04X} {c!r}" for c in sorted(missing))
    return Problem.at(text.source, text.key, f"the layout's fonts have no glyph for {codes}",
                      "use a font that covers this script, or replace the characters")


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """Versions of the libraries whose output ends up in the PDF. Read from the modules, which a build imports
    anyway (importlib.metadata alone would cost more start-up time than all of them together)."""
    import fontTools
    import phonenumbers
    import PIL
    import pypdf
    import pyphen
    import reportlab

    return {"reportlab": reportlab.Version, "pypdf": pypdf.__version__, "pillow": PIL.__version__,
            "pyphen": str(pyphen.__version__), "fonttools": str(fontTools.version),
            "phonenumbers": phonenumbers.__version__}


_hashes: dict[tuple[Path, int, int], str] = {}


def _file_hash(path: Path) -> str:
    """sha256 of a file, cached per process by (path, size, mtime): fonts are hashed once, not per edition."""
    try:
        stat = path.stat()
        key = (path, stat.st_size, stat.st_mtime_ns)
        if key not in _hashes:
            _hashes[key] = sha256(path.read_bytes())
        return _hashes[key]
    except OSError:
        return "missing"


def _inputs_hash(name: EditionName, spec: LayoutSpec, region: Region, source: Source,
                 translation: Translation | None, options: Options) -> str:
    """Everything that can change an edition's bytes: files, libraries, and the options that apply to it."""
    from .prepress import ICC_PROFILE, build_date

    print_options = [options.marks, options.pdfx, options.allow_low_res] if name.edition == "print" else []
    parts = {
        "kaartgen": __version__,
        "libraries": library_versions(),
        "source": _file_hash(source.path),
        "layout": _file_hash(spec.path),
        "fonts": {face: _file_hash(path) for face, path in sorted(spec.fonts.items())},
        "regions": [_file_hash(p) for p in region.files],
        "translation": _file_hash(translation.po_path) if translation else None,
        "review": _file_hash(translation.review_path) if translation and translation.review_path else None,
        "icc": _file_hash(ICC_PROFILE),
        "options": [name.edition, name.draft] + print_options,
        "date": build_date().isoformat(),
    }
    return sha256(json.dumps(parts, sort_keys=True).encode())
