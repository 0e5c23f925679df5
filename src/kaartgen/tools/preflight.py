"""Preflight: a PDF file → a Report of pass/warn/fail checks on its print-readiness.

Works on any PDF, not only kaartgen's. The checks, in report order: page boxes, bleed, fonts (embedded, subset),
colour (no RGB, total ink), smallest text, image resolution, the PDF/X output intent, PDF/X identification and
document metadata. Each check gives at most one result per page; a check that passes everywhere gives a single
document-wide pass. The file is read with pypdf only; content streams are interpreted by :mod:`kaartgen._pdfscan`
(colour, text matrix, CTM) but image data is never decoded.
"""

from __future__ import annotations

import io
import logging
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from ..load.layouts import MIN_BLEED_MM
from ..load.yamlfile import read_regular_file
from ..model.diagnostics import ERROR, NOTE, WARNING, Diagnostic, PreflightError, Severity, problem
from ._pdfscan import (
    _SUBSET_TAG,
    PT_PER_MM,
    _as_array,
    _as_dict,
    _font_name,
    _ImageUse,
    _numbers,
    _object_key,
    _one_line,
    _PageScan,
    _PageScanner,
    _resolve,
    from_file,
    printable,
)

Status = Literal["pass", "warn", "fail"]

BOX_TOLERANCE_PT = 0.01
# Sizes and resolutions are judged at the precision they are reported with (0.1 pt, 1 ppi), so a reported
# "6.0 pt" never fails a 6 pt minimum (TeX's 6 pt is 5.98 PostScript points).
TEXT_TOLERANCE_PT = 0.05
PPI_TOLERANCE = 0.5
INK_TOLERANCE_PERCENT = 0.01
MAX_REASONS = 3  # messages joined into one result line before "(+N more)"
HEADER_SEARCH_BYTES = 1024  # PDF readers accept the %PDF- header anywhere in the first 1 KiB
MAX_PDF_BYTES = 2_000_000_000  # read no further (a device such as /dev/zero never ends)

CHECK_NAMES = (  # every check, in report order
    "boxes",
    "bleed",
    "fonts",
    "colour",
    "text-size",
    "images",
    "output-intent",
    "pdfx",
    "metadata",
)

_SEVERITY: dict[Status, int] = {"pass": 0, "warn": 1, "fail": 2}
_PLACEHOLDER_TITLES = {"untitled", "untitled document", "unknown"}  # what ReportLab, Ghostscript & co. write
_XMP_PDFX_VERSION = re.compile(r"\b(?:pdfxid|pdfx):GTS_PDFXVersion\s*(?:=\s*[\"']([^\"']*)[\"']|>([^<]*)<)")
_XMP_TITLE = re.compile(r"<dc:title\b.*?<rdf:li\b[^>]*>([^<]*)</rdf:li>", re.DOTALL)
_PDF_VERSION = re.compile(r"(\d+)\.(\d+)")

Box = tuple[float, float, float, float]  # normalised: left, bottom, right, top


# ---------------------------------------------------------------------------------------------------------------
# Public result types


_SEVERITY_OF: dict[Status, Severity] = {"fail": ERROR, "warn": WARNING, "pass": NOTE}


@dataclass(frozen=True)
class Check:
    """One check result: its name, status and a one-line reason; page is 1-based, None for the whole file."""

    name: str
    status: Status
    reason: str
    page: int | None = None

    def __post_init__(self) -> None:  # the last net: whatever a reason quotes from the file, it stays one line
        object.__setattr__(self, "reason", printable(self.reason))

    def diagnostic(self, path: str) -> Diagnostic:
        """The result as a diagnostic: fail → error, warn → warning, pass → note; the check's name is its code.
        A reason's "— how to fix it" tail is its hint."""
        message, _sep, hint = self.reason.partition(" — ")
        return Diagnostic(_SEVERITY_OF[self.status], message, path, None, None, self.name, hint, self.page,
                          self.name)


@dataclass(frozen=True)
class Report:
    """All check results for one PDF, in check order, then page order."""

    path: str
    checks: tuple[Check, ...]

    @property
    def ok(self) -> bool:
        """True when no check failed (warnings allowed)."""
        return all(check.status != "fail" for check in self.checks)

    def count(self, status: Status) -> int:
        """Number of results with this status."""
        return sum(1 for check in self.checks if check.status == status)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [check.diagnostic(self.path) for check in self.checks]

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: path, ok, counts per status, every check, and every check as a diagnostic."""
        return {
            "path": self.path,
            "ok": self.ok,
            "counts": {status: self.count(status) for status in _SEVERITY},
            "checks": [asdict(check) for check in self.checks],
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


@dataclass(frozen=True)
class _Limits:
    min_bleed_mm: float
    min_text_pt: float
    min_image_ppi: float
    fail_image_ppi: float
    max_ink_percent: float


class _Finding(NamedTuple):
    status: Status
    message: str


# ---------------------------------------------------------------------------------------------------------------
# Entry points


def preflight(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    min_bleed_mm: float = MIN_BLEED_MM,
    min_text_pt: float = 6.0,
    min_image_ppi: float = 300.0,
    fail_image_ppi: float = 150.0,
    max_ink_percent: float = 300.0,
) -> Report:
    """Check one PDF (a path, or its bytes) for print-readiness; ``name`` labels the report and error messages.

    Raises :class:`PreflightError` when the input cannot be read as a PDF at all (missing, empty, not a PDF,
    damaged beyond repair, or encrypted with a password).
    """
    label, data = _read_source(source, name)
    limits = _Limits(min_bleed_mm, min_text_pt, min_image_ppi, fail_image_ppi, max_ink_percent)
    try:
        return _check(label, data, limits)
    except PreflightError:
        raise
    except RecursionError as exc:  # pypdf reads nested objects recursively; objects resolve lazily, so anywhere
        raise PreflightError(_too_deep(label)) from exc
    except Exception as exc:
        # Objects resolve lazily: a damaged one (a reference to itself, a broken stream) can fail any check; that
        # file is refused by name, never a traceback.
        raise PreflightError(problem(label, None, "", f"damaged in a way preflight cannot check "
                                     f"({type(exc).__name__}: {_one_line(exc)})",
                                     "the file is damaged: ask for it again")) from exc


def _too_deep(label: str) -> Diagnostic:
    return problem(label, None, "", "nested more deeply than preflight reads (arrays or dictionaries thousands of "
                                    "levels inside each other)", "the file is damaged or made to stall readers: "
                                                                 "ask for it again")


def _check(label: str, data: bytes, limits: _Limits) -> Report:
    with _quiet_pypdf():
        reader = _open_pdf(data, label)
        document = _Document.from_reader(reader)
        scanner = _PageScanner(reader)
        scans = [scanner.scan(page) for page in document.pages]
        checks = [
            *_check_boxes(document),
            *_check_bleed(document, limits),
            *_check_fonts(document, scans),
            *_check_colour(document, scans, limits),
            *_check_text_size(scans, limits),
            *_check_images(scans, limits),
            _check_output_intent(document),
            _check_pdfx(document, scans),
            _check_metadata(document),
        ]
    return Report(label, tuple(checks))


def format_report(report: Report, *, verbose: bool = False) -> str:
    """Human-readable report: the verdict, then one line per warn/fail result (and per pass when verbose).

    The same result on consecutive pages is one line with a page range ("p1-36"), so a long document without
    boxes does not bury everything else.
    """
    shown = _page_ranges(check for check in report.checks if verbose or check.status != "pass")
    lines = [_summary(report)]  # the file's verdict first, so in a run over many files each reads under its own
    for where, check in shown:
        diagnostic = check.diagnostic(report.path)
        if where:  # a page range: "file: p1-36: error: boxes: ..."
            text = str(replace(diagnostic, page=None))
            head = f"{report.path}: "
            text = f"{head}{where}: {text[len(head):]}"
        else:
            text = str(diagnostic)
        lines.append(f"  {text}")
    return "\n".join(lines)


def _page_ranges(checks: Iterable[Check]) -> list[tuple[str, Check]]:
    """Checks with their page label; runs of one result on consecutive pages are joined into a range."""
    runs: list[tuple[int, Check]] = []  # (first page of the run, last check of the run)
    for check in checks:
        if runs and check.page is not None:
            first, last = runs[-1]
            same = (last.name, last.status, last.reason) == (check.name, check.status, check.reason)
            if same and last.page is not None and check.page == last.page + 1:
                runs[-1] = (first, check)
                continue
        runs.append((check.page or 0, check))
    return [(_page_label(first, check.page), check) for first, check in runs]


def _page_label(first: int, last: int | None) -> str:
    if last is None:
        return ""
    return f"p{last}" if first == last else f"p{first}-{last}"


def _summary(report: Report) -> str:
    fails, warns, passes = (report.count(status) for status in ("fail", "warn", "pass"))
    if not report.ok:
        verdict = "not print-ready"
    elif warns:
        verdict = "print-ready, with warnings"
    else:
        verdict = "print-ready"
    return f"{report.path}: {verdict} — {fails} fail, {warns} warn, {passes} pass"


# ---------------------------------------------------------------------------------------------------------------
# Reading the file


def _read_source(source: str | os.PathLike[str] | bytes, name: str | None) -> tuple[str, bytes]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return name or "<bytes>", bytes(source)
    label = name or os.fspath(source)
    try:
        data = read_regular_file(Path(source), MAX_PDF_BYTES)
    except OSError as exc:
        raise PreflightError(problem(label, None, "", f"cannot read file ({exc.strerror or exc})")) from exc
    if len(data) > MAX_PDF_BYTES:
        raise PreflightError(problem(label, None, "", f"larger than {MAX_PDF_BYTES // 1_000_000_000} GB, more than "
                                     "preflight reads", "check the print PDF itself, not an archive of many"))
    return label, data


def _open_pdf(data: bytes, label: str) -> PdfReader:
    if not data:
        raise PreflightError(problem(label, None, "", "empty file, not a PDF"))
    if b"%PDF-" not in data[:HEADER_SEARCH_BYTES]:
        raise PreflightError(problem(label, None, "", "not a PDF (no %PDF- header)"))
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise PreflightError(problem(label, None, "", "encrypted with a password",
                                         "preflight needs an unencrypted PDF: ask for one without a password"))
        page_count = len(reader.pages)
    except PreflightError:
        raise
    except DependencyError as exc:  # an encryption this installation cannot undo: say that, not "damaged"
        raise PreflightError(problem(label, None, "", f"encrypted in a way preflight cannot open ({_one_line(exc)})",
                                     "printers need unencrypted PDFs: ask for one without encryption")) from exc
    except Exception as exc:  # pypdf raises many exception types on damaged files; each means "unreadable"
        if isinstance(exc.__cause__, RecursionError):
            raise PreflightError(_too_deep(label)) from exc
        raise PreflightError(problem(label, None, "", f"cannot read PDF ({_one_line(exc)})",
                                     "the file is damaged: ask for it again")) from exc
    if page_count == 0:
        raise PreflightError(problem(label, None, "", "PDF has no pages"))
    return reader


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's repair messages (logged) and warnings while reading: a report must not be interleaved
    with library noise, and odd input must never turn into a warning-as-error in callers' test runs."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


@dataclass(frozen=True)
class _Document:
    """The parts of a PDF the document-level checks read, resolved once."""

    pages: tuple[PageObject, ...]
    catalog: DictionaryObject
    info: DictionaryObject
    trailer: DictionaryObject
    xmp: str
    version: tuple[int, int]
    encrypted: bool

    @classmethod
    def from_reader(cls, reader: PdfReader) -> _Document:
        catalog = _as_dict(reader.trailer.get("/Root")) or DictionaryObject()
        return cls(
            pages=tuple(reader.pages),
            catalog=catalog,
            info=_as_dict(reader.trailer.get("/Info")) or DictionaryObject(),
            trailer=reader.trailer,
            xmp=_xmp_text(catalog),
            version=_pdf_version(reader.pdf_header, catalog.get("/Version")),
            encrypted=reader.is_encrypted,
        )

    @property
    def is_print_file(self) -> bool:
        """A file meant for print: it has an output intent or a TrimBox."""
        return bool(_as_array(self.catalog.get("/OutputIntents"))) or any("/TrimBox" in p for p in self.pages)


def _xmp_text(catalog: DictionaryObject) -> str:
    stream = _resolve(catalog.get("/Metadata"))
    if not isinstance(stream, StreamObject):
        return ""
    try:
        return stream.get_data().decode("utf-8", errors="replace")
    except Exception:  # noqa: BLE001 - an undecodable metadata stream is reported as missing XMP
        return ""


def _pdf_version(header: str, catalog_version: Any) -> tuple[int, int]:
    """The effective version: the header's, or the catalog's /Version when that is later (PDF 1.4+)."""
    versions = [match.groups() for text in (header, str(catalog_version or "")) if (match := _PDF_VERSION.search(text))]
    return max(((int(major), int(minor)) for major, minor in versions), default=(0, 0))


# ---------------------------------------------------------------------------------------------------------------
# Page boxes


def _box(page: PageObject, key: str) -> Box | None:
    values = _numbers(list(_as_array(page.get(key))), 4)
    if values is None:
        return None
    x0, y0, x1, y1 = values
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _contains(outer: Box, inner: Box) -> bool:
    return (
        inner[0] >= outer[0] - BOX_TOLERANCE_PT
        and inner[1] >= outer[1] - BOX_TOLERANCE_PT
        and inner[2] <= outer[2] + BOX_TOLERANCE_PT
        and inner[3] <= outer[3] + BOX_TOLERANCE_PT
    )


def _intersect(a: Box, b: Box) -> Box:
    return max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])


# ---------------------------------------------------------------------------------------------------------------
# Turning findings into results


def _merge(name: str, findings: list[_Finding], page: int | None = None) -> Check:
    """One result from several findings: the worst status, the worst messages first, on one line."""
    ordered = sorted(dict.fromkeys(findings), key=lambda finding: -_SEVERITY[finding.status])
    return Check(name, ordered[0].status, _first_few([finding.message for finding in ordered]), page)


def _first_few(messages: list[str]) -> str:
    more = f" (+{len(messages) - MAX_REASONS} more)" if len(messages) > MAX_REASONS else ""
    return "; ".join(messages[:MAX_REASONS]) + more


def _per_page(name: str, findings_by_page: Iterable[list[_Finding]], pass_reason: str) -> list[Check]:
    """A result for each page with findings; a single document-wide pass when no page has any."""
    checks = [_merge(name, findings, number) for number, findings in enumerate(findings_by_page, 1) if findings]
    return checks or [Check(name, "pass", pass_reason)]


# ---------------------------------------------------------------------------------------------------------------
# 1. boxes, 2. bleed


def _check_boxes(document: _Document) -> list[Check]:
    return _per_page(
        "boxes",
        (_box_findings(page) for page in document.pages),
        "TrimBox and BleedBox set on every page, MediaBox ⊇ BleedBox ⊇ TrimBox",
    )


def _box_findings(page: PageObject) -> list[_Finding]:
    media = _box(page, "/MediaBox")
    if media is None:
        return [_Finding("fail", "no valid MediaBox — every page needs one")]
    trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox")
    findings = []
    if "/TrimBox" not in page:
        findings.append(_Finding("fail", "no TrimBox — set the trimmed page size explicitly on every page"))
    elif trim is None:
        findings.append(_Finding("fail", "TrimBox is not a rectangle of 4 numbers"))
    if "/BleedBox" not in page:
        findings.append(_Finding("warn", "no BleedBox (defaults to the CropBox) — set it explicitly"))
    elif bleed is None:
        findings.append(_Finding("fail", "BleedBox is not a rectangle of 4 numbers"))
    if bleed is not None and not _contains(media, bleed):
        findings.append(_Finding("fail", "BleedBox extends beyond the MediaBox — MediaBox ⊇ BleedBox needed"))
    if trim is not None and not _contains(bleed or media, trim):
        outer = "BleedBox" if bleed else "MediaBox"
        findings.append(_Finding("fail", f"TrimBox extends beyond the {outer} — {outer} ⊇ TrimBox needed"))
    return findings


def _check_bleed(document: _Document, limits: _Limits) -> list[Check]:
    return _per_page(
        "bleed",
        (_bleed_findings(page, limits.min_bleed_mm) for page in document.pages),
        f"at least {limits.min_bleed_mm:g} mm bleed on every side of every page",
    )


def _bleed_findings(page: PageObject, min_bleed_mm: float) -> list[_Finding]:
    trim, media = _box(page, "/TrimBox"), _box(page, "/MediaBox")
    if trim is None or media is None:
        return [_Finding("fail", "no TrimBox, so the bleed cannot be measured — set TrimBox and BleedBox")]
    # Content outside the MediaBox does not exist, so the effective bleed area is BleedBox ∩ MediaBox.
    bleed = _intersect(_box(page, "/BleedBox") or _box(page, "/CropBox") or media, media)
    sides = {
        "left": trim[0] - bleed[0],
        "bottom": trim[1] - bleed[1],
        "right": bleed[2] - trim[2],
        "top": bleed[3] - trim[3],
    }
    needed = min_bleed_mm * PT_PER_MM - BOX_TOLERANCE_PT
    short = [f"{side} {max(size, 0.0) / PT_PER_MM:.1f} mm" for side, size in sides.items() if size < needed]
    if not short:
        return []
    return [_Finding("fail", f"bleed too small: {', '.join(short)} — needs {min_bleed_mm:g} mm beyond the TrimBox")]


# ---------------------------------------------------------------------------------------------------------------
# 3. fonts


def _check_fonts(document: _Document, scans: list[_PageScan]) -> list[Check]:
    """Each font is reported once, on the first page whose resources (or forms, Type3 fonts, patterns) hold it.

    A font that is not embedded fails when visible text uses it. One that only sits in the resources (ReportLab
    lists Helvetica on every page unless told otherwise) is a warning: printers' tools may still complain.
    """
    shown: set[int] = set().union(*(scan.fonts_shown for scan in scans))
    all_scanned = not any(scan.problems for scan in scans)
    seen: set[int] = set()
    findings_by_page = []
    font_count = 0
    for page in document.pages:
        findings = []
        for resource_name, font in _page_fonts(page):
            if _object_key(font) in seen:
                continue
            seen.add(_object_key(font))
            font_count += 1
            used = _object_key(font) in shown or not all_scanned
            finding = _font_finding(font, resource_name, used=used)
            if finding is not None:
                findings.append(finding)
        findings_by_page.append(findings)
    reason = f"{font_count} font(s), all embedded and subset" if font_count else "no fonts"
    return _per_page("fonts", findings_by_page, reason)


def _page_fonts(page: PageObject) -> Iterator[tuple[str, DictionaryObject]]:
    """Every font in the page's resources, recursively through forms, tiling patterns and Type3 fonts."""
    visited: set[int] = set()
    pending = [_as_dict(page.get("/Resources"))]
    while pending:
        resources = pending.pop()
        if resources is None or _object_key(resources) in visited:
            continue
        visited.add(_object_key(resources))
        for resource_name, font in _resource_items(resources, "/Font"):
            yield resource_name, font
            if font.get("/Subtype") == "/Type3":
                pending.append(_as_dict(font.get("/Resources")))
        for category in ("/XObject", "/Pattern"):
            for _, child in _resource_items(resources, category):
                pending.append(_as_dict(child.get("/Resources")))


def _resource_items(resources: DictionaryObject, category: str) -> Iterator[tuple[str, DictionaryObject]]:
    group = _as_dict(resources.get(category))
    for key in sorted(group or {}):
        value = _as_dict(group[key]) if group is not None else None
        if value is not None:
            yield str(key), value


def _font_finding(font: DictionaryObject, resource_name: str, *, used: bool) -> _Finding | None:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return None  # glyphs are content streams inside the file
    name = _font_name(font, resource_name)
    described: DictionaryObject | None = font
    if subtype == "/Type0":
        descendants = _as_array(font.get("/DescendantFonts"))
        described = _as_dict(descendants[0]) if descendants else None
    descriptor = _as_dict(described.get("/FontDescriptor")) if described is not None else None
    embedded = descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    if not embedded and not used:
        return _Finding("warn", f"font {from_file(name)} is not embedded but no visible text uses it — remove it "
                                f"from the page")
    if not embedded:
        return _Finding("fail", f"font {from_file(name)} is not embedded — embed every font")
    if not _SUBSET_TAG.match(name):
        return _Finding("warn", f"font {from_file(name)} is embedded but not subset — subset fonts (ABCDEF+Name)")
    return None


# ---------------------------------------------------------------------------------------------------------------
# 4. colour, 5. text-size, 6. images


def _not_parsed(scan: _PageScan, what: str) -> list[_Finding]:
    return [_Finding("warn", f"{problem} — {what} not checked there") for problem in scan.problems]


def _check_colour(document: _Document, scans: list[_PageScan], limits: _Limits) -> list[Check]:
    rgb_status: Status = "fail" if document.is_print_file else "warn"
    rgb_hint = "print files must be CMYK" if document.is_print_file else "convert to CMYK before printing"
    findings_by_page = []
    for scan in scans:
        findings = [_Finding(rgb_status, f"{_first_few(scan.rgb)} — {rgb_hint}")] if scan.rgb else []
        if scan.ink is not None and scan.ink[0] > limits.max_ink_percent + INK_TOLERANCE_PERCENT:
            percent, colour = scan.ink
            findings.append(
                _Finding("fail", f"total ink {percent:.0f} % in {colour} — maximum {limits.max_ink_percent:g} %")
            )
        findings_by_page.append(findings + _not_parsed(scan, "colour"))
    return _per_page("colour", findings_by_page, _colour_pass_reason(scans))


def _colour_pass_reason(scans: list[_PageScan]) -> str:
    inks = [(scan.ink[0], number) for number, scan in enumerate(scans, 1) if scan.ink is not None]
    if not inks:
        return "no RGB; no CMYK colour painted"
    percent, number = max(inks)
    return f"no RGB; highest total ink {percent:.0f} % (p{number})"


def _check_text_size(scans: list[_PageScan], limits: _Limits) -> list[Check]:
    findings_by_page = []
    for scan in scans:
        findings = _not_parsed(scan, "text size")
        text = scan.smallest_text
        if text is not None and text.size < limits.min_text_pt - TEXT_TOLERANCE_PT:
            findings.append(
                _Finding("fail", f"text at {text.size:.1f} pt ({from_file(text.font)}) — minimum "
                                 f"{limits.min_text_pt:g} pt")
            )
        findings_by_page.append(findings)
    texts = [(scan.smallest_text.size, number) for number, scan in enumerate(scans, 1) if scan.smallest_text]
    reason = "smallest text {:.1f} pt (p{})".format(*min(texts)) if texts else "no text shown"
    return _per_page("text-size", findings_by_page, reason)


def _check_images(scans: list[_PageScan], limits: _Limits) -> list[Check]:
    findings_by_page = []
    for scan in scans:
        findings = _not_parsed(scan, "image resolution")
        for image in sorted(scan.images, key=lambda use: use.ppi):
            finding = _image_finding(image, limits)
            if finding is not None:
                findings.append(finding)
        findings_by_page.append(findings)
    uses = [(image.ppi, number) for number, scan in enumerate(scans, 1) for image in scan.images]
    reason = "lowest image resolution {:.0f} ppi (p{})".format(*min(uses)) if uses else "no images"
    return _per_page("images", findings_by_page, reason)


def _image_finding(image: _ImageUse, limits: _Limits) -> _Finding | None:
    if image.ppi >= limits.min_image_ppi - PPI_TOLERANCE:
        return None
    status: Status = "fail" if image.ppi < limits.fail_image_ppi - PPI_TOLERANCE else "warn"
    (width_px, height_px), (width_mm, height_mm) = image.pixels, image.placed_mm
    return _Finding(
        status,
        f"image {image.name} at {image.ppi:.0f} ppi ({width_px}×{height_px} px placed at "
        f"{width_mm:.1f}×{height_mm:.1f} mm) — needs {limits.min_image_ppi:g} ppi",
    )


# ---------------------------------------------------------------------------------------------------------------
# 7. output-intent, 8. pdfx, 9. metadata


def _check_output_intent(document: _Document) -> Check:
    intents = [_as_dict(intent) for intent in _as_array(document.catalog.get("/OutputIntents"))]
    pdfx = [intent for intent in intents if intent is not None and intent.get("/S") == "/GTS_PDFX"]
    if not pdfx:
        found = "no /OutputIntents in the catalog" if not intents else "no /GTS_PDFX output intent"
        return Check("output-intent", "fail", f"{found} — add a CMYK output intent (e.g. FOGRA39)")
    intent = pdfx[0]
    missing = []
    condition = str(_resolve(intent.get("/OutputConditionIdentifier")) or "").strip()
    if not condition:
        missing.append("no OutputConditionIdentifier")
    profile = _resolve(intent.get("/DestOutputProfile"))
    components = _resolve(profile.get("/N")) if isinstance(profile, StreamObject) else None
    if not isinstance(profile, StreamObject):
        missing.append("no embedded DestOutputProfile")
    elif components != 4:
        missing.append(f"DestOutputProfile has N={components}, not a CMYK profile (N=4)")
    if missing:
        return Check("output-intent", "fail", f"GTS_PDFX output intent: {'; '.join(missing)}")
    return Check("output-intent", "pass", f"GTS_PDFX output intent {condition} with an embedded CMYK profile")


def _check_pdfx(document: _Document, scans: list[_PageScan]) -> Check:
    info_version = str(_resolve(document.info.get("/GTS_PDFXVersion")) or "").strip()
    match = _XMP_PDFX_VERSION.search(document.xmp)
    xmp_version = (match.group(1) or match.group(2) or "").strip() if match else ""
    version = info_version or xmp_version
    if not version:
        return Check("pdfx", "fail", "no PDF/X identification (Info /GTS_PDFXVersion and XMP GTS_PDFXVersion)")
    findings = _pdfx_identification(info_version, xmp_version, document.info.get("/Trapped"))
    conformance = str(_resolve(document.info.get("/GTS_PDFXConformance")) or "").strip()
    if version == "PDF/X-1:2001":  # ISO 15930-1 names the level in a second key: PDF/X-1a:2001
        if not conformance.startswith("PDF/X-1a"):
            findings.append(_Finding("fail", "PDF/X-1:2001 without Info /GTS_PDFXConformance (PDF/X-1a:2001)"))
        else:
            version = conformance
    findings += _pdfx_version_rules(version, document, scans)
    if not findings:
        return Check("pdfx", "pass", f"{version}, PDF {_format_version(document.version)}, Trapped set")
    return _merge("pdfx", findings)


def _pdfx_identification(info_version: str, xmp_version: str, trapped: Any) -> list[_Finding]:
    findings = []
    if not info_version:
        findings.append(_Finding("fail", "Info /GTS_PDFXVersion missing"))
    if not xmp_version:
        findings.append(_Finding("fail", "XMP metadata lacks pdfxid:GTS_PDFXVersion"))
    if info_version and xmp_version and info_version != xmp_version:
        findings.append(_Finding("fail", f"Info says {from_file(info_version)} but XMP says {from_file(xmp_version)}"))
    trapped = _resolve(trapped)
    if not (isinstance(trapped, NameObject) and trapped in ("/True", "/False")):
        findings.append(_Finding("fail", "Info /Trapped must be the name /True or /False"))
    return findings


def _pdfx_version_rules(version: str, document: _Document, scans: list[_PageScan]) -> list[_Finding]:
    findings = []
    pdf_version = _format_version(document.version)
    if version.startswith("PDF/X-1a"):
        maximum = (1, 3) if version.endswith(":2001") else (1, 4)
        if document.version > maximum:
            findings.append(
                _Finding("fail", f"PDF {pdf_version} is too new for {version} (at most {_format_version(maximum)})")
            )
        uses = [(number, use) for number, scan in enumerate(scans, 1) for use in scan.transparency]
        if uses:
            number, use = uses[0]
            more = f" (+{len(uses) - 1} more)" if len(uses) > 1 else ""
            findings.append(_Finding("fail", f"transparency not allowed in {version}: {use} on p{number}{more}"))
    elif version.startswith("PDF/X-4") and document.version < (1, 6):
        findings.append(_Finding("warn", f"PDF {pdf_version} header for {version}, which needs PDF 1.6 or later"))
    return findings


def _format_version(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def _check_metadata(document: _Document) -> Check:
    findings = []
    if document.encrypted:
        findings.append(_Finding("fail", "file is encrypted — printers need unencrypted PDFs"))
    title = _info_title(document.info) or _xmp_title(document.xmp)
    if not title:
        findings.append(_Finding("warn", "no document title — set Info /Title or XMP dc:title"))
    elif title.casefold() in _PLACEHOLDER_TITLES:
        findings.append(_Finding("warn", f"document title is a placeholder ({from_file(title)}) — set a real title"))
    if not _as_array(document.trailer.get("/ID")):
        findings.append(_Finding("warn", "no /ID in the trailer — writers should set a file identifier"))
    if findings:
        return _merge("metadata", findings)
    return Check("metadata", "pass", f"title {from_file(title)}, file /ID present")


def _info_title(info: DictionaryObject) -> str:
    return str(_resolve(info.get("/Title")) or "").strip()


def _xmp_title(xmp: str) -> str:
    match = _XMP_TITLE.search(xmp)
    return match.group(1).strip() if match else ""
