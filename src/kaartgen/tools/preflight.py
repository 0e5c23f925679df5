"""Preflight: a PDF file → a Report of pass/warn/fail checks on its print-readiness, judged by a profile.

Works on any PDF, not only kaartgen's. The checks, in report order: page boxes, page sizes, bleed (the boxes, and
whether the background actually reaches the BleedBox), fonts (embedded, subset), colour (no RGB, total ink in
vector fills, shadings and images), separations (spot colours, Registration inside the trim), overprint (white,
grey), smallest text and small text in several inks, text near the trim or a fold, thinnest line, image
resolution, annotations inside the trim, optional content, the output intent, the PDF/X rules of the version the
file claims (identification, header version, transparency and blend modes), and document metadata.

Limits come from a `Profile` (``tools/preflight_profiles.py``): the report names it. Each result says which check
it is (``name``), each finding a stable ID (``colour.rgb``, ``pdfx.header-version``), the page, and the measured
value and the limit where there are numbers. A check that passes everywhere gives a single document-wide pass; a
page that could not be read fully (its content damaged, or past the work budget) is a warning, never a pass.

The file is read with pypdf only; content streams are interpreted by :mod:`kaartgen.tools._pdfscan`. Image data is
decoded only to sample the ink of CMYK images, reduced and bounded.

PDF/X rules per version (ISO 15930):
- PDF/X-1a:2001 — Info /GTS_PDFXVersion ``PDF/X-1:2001`` and /GTS_PDFXConformance ``PDF/X-1a:2001``; PDF 1.3
  at most; CMYK, grey and spot colour only; no transparency or blend modes; no optional content.
- PDF/X-1a:2003 — Info /GTS_PDFXVersion ``PDF/X-1a:2003``; PDF 1.4 at most; as X-1a:2001 otherwise.
- PDF/X-3:2002 / :2003 — Info /GTS_PDFXVersion; PDF 1.3 / 1.4 at most; colour-managed colour allowed; no
  transparency, blend modes or optional content.
- PDF/X-4 (:2008, :2010) — XMP ``pdfxid:GTS_PDFXVersion`` ``PDF/X-4``, and the Info key, if present, the same;
  PDF 1.6 at most (a 1.3–1.5 header is fine); transparency allowed; optional content allowed, none hidden.
- every version — a GTS_PDFX output intent, Info /Trapped True or False, TrimBox on every page, no annotation
  (other than printer's marks and trap networks) inside the trim box.
Identification in the XMP is required only of PDF/X-4; in X-1a and X-3 it is the Info dictionary's.
"""

from __future__ import annotations

import io
import logging
import os
import re
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError
from pypdf.generic import DictionaryObject, NameObject, StreamObject

from ..load.yamlfile import read_regular_file
from ..model.diagnostics import ERROR, NOTE, WARNING, Diagnostic, PreflightError, Severity, problem
from ._pdfscan import (
    _SUBSET_TAG,
    PT_PER_MM,
    TOUCH_PT,
    PageGeometry,
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
    rotation,
    transform_box,
)
from .preflight_profiles import DEFAULT_PROFILE, PROFILES, Profile, load_profile

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
    "pages",
    "bleed",
    "fonts",
    "content",
    "colour",
    "separations",
    "overprint",
    "text-size",
    "text-position",
    "lines",
    "images",
    "annotations",
    "optional-content",
    "output-intent",
    "pdfx",
    "metadata",
)

_SEVERITY: dict[Status, int] = {"pass": 0, "warn": 1, "fail": 2}
VERDICT_WORDS = {"pass": "PASS", "warnings": "PASS WITH WARNINGS", "fail": "FAIL"}
_PLACEHOLDER_TITLES = {"untitled", "untitled document", "unknown"}  # what ReportLab, Ghostscript & co. write
_XMP_PDFX_VERSION = re.compile(r"\b(?:pdfxid|pdfx):GTS_PDFXVersion\s*(?:=\s*[\"']([^\"']*)[\"']|>([^<]*)<)")
_XMP_TITLE = re.compile(r"<dc:title\b.*?<rdf:li\b[^>]*>([^<]*)</rdf:li>", re.DOTALL)
_PDF_VERSION = re.compile(r"(\d+)\.(\d+)")

Box = tuple[float, float, float, float]  # normalised: left, bottom, right, top


# ---------------------------------------------------------------------------------------------------------------
# Public result types


_SEVERITY_OF: dict[Status, Severity] = {"fail": ERROR, "warn": WARNING, "pass": NOTE}


@dataclass(frozen=True)
class Finding:
    """One thing a check found: a stable ID, its status, the message, and the measured value and limit."""

    id: str
    status: Status
    message: str
    value: float | str | None = None
    limit: float | str | None = None
    position: tuple[float, float] | None = None  # mm from the trim's lower-left corner, where known

    def to_dict(self) -> dict[str, Any]:
        message, _sep, hint = printable(self.message).partition(" — ")
        return {"id": self.id, "status": self.status, "message": message, "hint": hint,
                "value": round(self.value, 3) if isinstance(self.value, float) else self.value,
                "limit": self.limit,
                "position": {"x_mm": self.position[0], "y_mm": self.position[1]} if self.position else None}


@dataclass(frozen=True)
class Check:
    """One check result: its name, status and a one-line reason; page is 1-based, None for the whole file."""

    name: str
    status: Status
    reason: str
    page: int | None = None
    findings: tuple[Finding, ...] = ()  # what the reason sums up, each with its ID, value and limit

    def __post_init__(self) -> None:  # the last net: whatever a reason quotes from the file, it stays one line
        object.__setattr__(self, "reason", printable(self.reason))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": self.status, "reason": self.reason, "page": self.page,
                "findings": [finding.to_dict() for finding in self.findings]}

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
    profile: Profile = PROFILES[DEFAULT_PROFILE]

    @property
    def verdict(self) -> str:
        """"fail" (a check failed), "warnings" (none failed, some warned) or "pass"."""
        if not self.ok:
            return "fail"
        return "warnings" if self.count("warn") else "pass"

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
            "verdict": self.verdict,
            "ok": self.ok,
            "profile": self.profile.to_dict(),
            "counts": {status: self.count(status) for status in _SEVERITY},
            "checks": [check.to_dict() for check in self.checks],
            "diagnostics": [d.to_json() for d in self.diagnostics],
        }


class _Finding(NamedTuple):
    status: Status
    message: str
    id: str = ""
    value: float | str | None = None
    limit: float | str | None = None
    position: tuple[float, float] | None = None


# ---------------------------------------------------------------------------------------------------------------
# Entry points


def preflight(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    profile: Profile | str | None = None,
    folds_mm: Iterable[float] = (),
    min_bleed_mm: float | None = None,
    min_text_pt: float | None = None,
    min_image_ppi: float | None = None,
    fail_image_ppi: float | None = None,
    max_ink_percent: float | None = None,
) -> Report:
    """Check one PDF (a path, or its bytes) against a profile (a `Profile`, a built-in name or a profile file;
    default ``sheetfed-cmyk``); ``name`` labels the report and error messages; `folds_mm` are the x positions of
    vertical folds from the trim's left edge (for text too close to a fold). The keyword limits override the
    profile's.

    Raises :class:`PreflightError` when the input cannot be read as a PDF at all (missing, empty, not a PDF,
    damaged beyond repair, or encrypted with a password).
    """
    chosen = profile if isinstance(profile, Profile) else load_profile(profile)
    overrides = {"min_bleed_mm": min_bleed_mm, "min_text_pt": min_text_pt, "min_image_ppi": min_image_ppi,
                 "fail_image_ppi": fail_image_ppi, "max_ink_percent": max_ink_percent}
    chosen = replace(chosen, **{key: float(value) for key, value in overrides.items()  # type: ignore[arg-type]
                              if value is not None})
    label, data = _read_source(source, name)
    try:
        return _check(label, data, chosen, tuple(float(x) for x in folds_mm))
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


def _check(label: str, data: bytes, limits: Profile, folds_mm: tuple[float, ...] = ()) -> Report:
    with _quiet_pypdf():
        reader = _open_pdf(data, label)
        document = _Document.from_reader(reader)
        scanner = _PageScanner(reader)
        geometries = [_geometry(page, limits, folds_mm) for page in document.pages]
        scans = [scanner.scan(page, geometry) for page, geometry in zip(document.pages, geometries, strict=True)]
        checks = [
            *_check_boxes(document),
            _check_pages(document),
            *_check_bleed(geometries, scans, limits),
            *_check_fonts(document, scans),
            *_check_content(scans),
            *_check_colour(document, scans, limits),
            *_check_separations(scans, limits),
            *_check_overprint(scans),
            *_check_text_size(scans, limits),
            *_check_text_position(document, scans, limits, folds_mm),
            *_check_lines(scans, limits),
            *_check_images(scans, limits),
            *_check_annotations(document),
            _check_optional_content(document),
            _check_output_intent(document),
            _check_pdfx(document, scans),
            _check_metadata(document),
        ]
    return Report(label, tuple(checks), limits)


def _geometry(page: PageObject, limits: Profile, folds_mm: tuple[float, ...]) -> PageGeometry:
    """The page's boxes as a viewer shows the page (its /Rotate applied), so edges, folds measured from the left
    and positions mean what the operator sees. The bleed is the effective one: BleedBox (or CropBox) ∩ MediaBox,
    since content outside the MediaBox does not exist."""
    media = _box(page, "/MediaBox")
    if media is None:
        return PageGeometry(near_pt=limits.text_near_trim_mm * PT_PER_MM)
    rotate = rotation(page.get("/Rotate"), media)
    trim = _box(page, "/TrimBox")
    bleed = _intersect(_box(page, "/BleedBox") or _box(page, "/CropBox") or media, media)
    shown_trim = transform_box(trim, rotate) if trim is not None else None
    folds = tuple(shown_trim[0] + x * PT_PER_MM for x in folds_mm) if shown_trim is not None else ()
    return PageGeometry(shown_trim, transform_box(bleed, rotate), folds, limits.text_near_trim_mm * PT_PER_MM,
                        transform_box(media, rotate), rotate)


class _Row(NamedTuple):
    """One line of the text report: a finding (or a check's pass) on one page or a run of pages."""

    first: int | None
    last: int | None
    status: Status
    id: str
    message: str


def format_report(report: Report, *, verbose: bool = False) -> str:
    """Human-readable report: the file's verdict first, then one indented line per finding (and per passed check
    when verbose), each with its ID. The same finding on consecutive pages is one line with a page range
    ("p1-36"), so a long document without boxes does not bury everything else; the counts in the verdict line
    are the lines shown."""
    lines = [_summary(report)]  # the verdict first, so in a run over many files each reads under its own
    for row in _rows(report, verbose):
        message, _sep, hint = row.message.partition(" — ")
        diagnostic = Diagnostic(_SEVERITY_OF[row.status], message, report.path, None, None, row.id, hint, None,
                                row.id)
        text = str(diagnostic)
        if row.first is not None:
            head = f"{report.path}: "
            text = f"{head}{_page_label(row.first, row.last)}: {text[len(head):]}"
        lines.append(f"  {text}")
    return "\n".join(lines)


def _rows(report: Report, verbose: bool = False) -> list[_Row]:
    """The report's lines: one per finding (a passed check's reason when verbose), runs of pages joined."""
    rows: list[_Row] = []
    for check in report.checks:
        if check.status == "pass" and not verbose:
            continue
        items = [(f.status, f.id, f.message) for f in check.findings] or [(check.status, check.name, check.reason)]
        for status, finding_id, message in items:
            joined = False
            for index in range(len(rows) - 1, -1, -1):  # the same finding on the page before: extend its run
                row = rows[index]
                if row.id == finding_id and row.status == status and row.message == message and \
                        check.page is not None and row.last is not None and check.page == row.last + 1:
                    rows[index] = row._replace(last=check.page)
                    joined = True
                    break
            if not joined:
                rows.append(_Row(check.page, check.page, status, finding_id, message))
    return rows


def _page_label(first: int, last: int | None) -> str:
    if last is None:
        return ""
    return f"p{last}" if first == last else f"p{first}-{last}"


def _summary(report: Report) -> str:
    """The file's verdict, the problems shown beneath it (counted as shown: a run of pages is one line), how many
    of the checks passed, and the profile: what was checked, no more."""
    rows = _rows(report)
    fails = sum(1 for row in rows if row.status == "fail")
    warns = sum(1 for row in rows if row.status == "warn")
    names = list(dict.fromkeys(check.name for check in report.checks))
    passed = sum(1 for name in names if all(c.status == "pass" for c in report.checks if c.name == name))
    counted = [f"{fails} {'problem' if fails == 1 else 'problems'}"] if fails else []
    counted += [f"{warns} {'warning' if warns == 1 else 'warnings'}"] if warns else []
    tally = f"{', '.join(counted)}; " if counted else ""
    return (f"{report.path}: {VERDICT_WORDS[report.verdict]} — {tally}{passed} of {len(names)} checks passed "
            f"(profile {report.profile.name})")


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
    except DependencyError as exc:  # an encryption this installation cannot undo: say "encrypted", not "damaged"
        raise PreflightError(problem(label, None, "", "encrypted (with an encryption this installation of preflight "
                                     "cannot open)", "printers need unencrypted PDFs: ask for one without "
                                     "encryption")) from exc
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
    encryption: str = ""  # e.g. "AES-256", for the report

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
            encryption=_encryption(reader.trailer) if reader.is_encrypted else "",
        )

    @property
    def info_pdfx(self) -> str:
        return str(_resolve(self.info.get("/GTS_PDFXVersion")) or "").strip()

    @property
    def xmp_pdfx(self) -> str:
        match = _XMP_PDFX_VERSION.search(self.xmp)
        return (match.group(1) or match.group(2) or "").strip() if match else ""

    @property
    def pdfx_version(self) -> str:
        """The PDF/X version the file claims, as its rules are named ("PDF/X-1a:2001", "PDF/X-4"); "" if none."""
        version = self.info_pdfx or self.xmp_pdfx
        if version == "PDF/X-1:2001":  # ISO 15930-1: the level is in /GTS_PDFXConformance
            return "PDF/X-1a:2001"
        return version

    @property
    def is_print_file(self) -> bool:
        """A file meant for print: it has an output intent or a TrimBox."""
        return bool(_as_array(self.catalog.get("/OutputIntents"))) or any("/TrimBox" in p for p in self.pages)


def _encryption(trailer: DictionaryObject) -> str:
    """The encryption, named as a person says it: "AES-256", "AES-128", "RC4-128"."""
    encrypt = _as_dict(trailer.get("/Encrypt")) or DictionaryObject()
    version = _resolve(encrypt.get("/V"))
    crypt_filters = (_as_dict(value) for value in (_as_dict(encrypt.get("/CF")) or {}).values())
    filters = {str(_resolve(f.get("/CFM"))) for f in crypt_filters if f is not None}
    length = _resolve(encrypt.get("/Length"))
    if version == 5 or "/AESV3" in filters:
        return "AES-256"
    if "/AESV2" in filters:
        return "AES-128"
    bits = int(length) if _is_int(length) else 40
    return f"RC4-{bits}"


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
    kept = tuple(Finding(f.id or name, f.status, f.message, f.value, f.limit, f.position) for f in ordered)
    return Check(name, ordered[0].status, _first_few([finding.message for finding in ordered]), page, kept)


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
        return [_Finding("fail", "no valid MediaBox — every page needs one", "boxes.media")]
    trim, bleed = _box(page, "/TrimBox"), _box(page, "/BleedBox")
    findings = []
    if "/TrimBox" not in page:
        findings.append(_Finding("fail", "no TrimBox — set the trimmed page size explicitly on every page",
                                 "boxes.trim-missing"))
    elif trim is None:
        findings.append(_Finding("fail", "TrimBox is not a rectangle of 4 numbers", "boxes.trim-invalid"))
    if "/BleedBox" not in page:
        findings.append(_Finding("warn", "no BleedBox (defaults to the CropBox) — set it explicitly",
                                 "boxes.bleed-missing"))
    elif bleed is None:
        findings.append(_Finding("fail", "BleedBox is not a rectangle of 4 numbers", "boxes.bleed-invalid"))
    if bleed is not None and not _contains(media, bleed):
        findings.append(_Finding("fail", "BleedBox extends beyond the MediaBox — MediaBox ⊇ BleedBox needed",
                                 "boxes.bleed-outside-media"))
    if trim is not None and not _contains(bleed or media, trim):
        outer = "BleedBox" if bleed else "MediaBox"
        findings.append(_Finding("fail", f"TrimBox extends beyond the {outer} — {outer} ⊇ TrimBox needed",
                                 "boxes.trim-outside"))
    return findings


def _check_bleed(geometries: list[PageGeometry], scans: list[_PageScan], limits: Profile) -> list[Check]:
    return _per_page(
        "bleed",
        (_bleed_findings(geometry, scan, limits.min_bleed_mm) for geometry, scan in zip(geometries, scans,
                                                                                          strict=True)),
        f"at least {limits.min_bleed_mm:g} mm bleed on every side of every page, and what touches the trim "
        "reaches into it",
    )


def _bleed_findings(geometry: PageGeometry, scan: _PageScan, min_bleed_mm: float) -> list[_Finding]:
    trim, bleed = geometry.trim, geometry.bleed
    if trim is None or bleed is None:
        return [_Finding("fail", "no TrimBox, so the bleed cannot be measured — set TrimBox and BleedBox",
                         "bleed.no-trim")]
    sides = {
        "left": trim[0] - bleed[0],
        "bottom": trim[1] - bleed[1],
        "right": bleed[2] - trim[2],
        "top": bleed[3] - trim[3],
    }
    needed = min_bleed_mm * PT_PER_MM - BOX_TOLERANCE_PT
    short = [(side, max(size, 0.0) / PT_PER_MM) for side, size in sides.items() if size < needed]
    findings = []
    if short:
        listed = ", ".join(f"{side} {size:.1f} mm" for side, size in short)
        findings.append(_Finding("fail", f"bleed too small: {listed} — needs {min_bleed_mm:g} mm beyond the TrimBox",
                                 "bleed.box-short", round(min(size for _, size in short), 2), min_bleed_mm))
    # What is painted up to a trim edge must go on to the bleed: a background that stops at the trim shows a white
    # sliver wherever the knife is off by a hair.
    stops = []
    for edge, reach in sorted(scan.reach.items()):
        declared = sides[edge]
        wanted = min(declared, min_bleed_mm * PT_PER_MM) - TOUCH_PT
        if declared > TOUCH_PT and reach < wanted:
            stops.append((edge, max(reach, 0.0) / PT_PER_MM))
    if stops and not scan.problems:
        listed = ", ".join(f"{edge} {reach:.1f} mm" for edge, reach in stops)
        findings.append(_Finding("fail", f"content that touches the trim stops short of the bleed: {listed} beyond "
                                         f"the trim — extend backgrounds and images {min_bleed_mm:g} mm past it",
                                 "bleed.content-short", round(min(r for _, r in stops), 2), min_bleed_mm))
    return findings


def _check_pages(document: _Document) -> Check:
    """Every page the same trimmed size (a print run of mixed sizes is almost always a mistake)."""
    sizes: dict[tuple[float, float], list[int]] = {}
    for number, page in enumerate(document.pages, 1):
        box = _box(page, "/TrimBox") or _box(page, "/MediaBox")
        if box is None:
            continue
        size = (round((box[2] - box[0]) / PT_PER_MM, 1), round((box[3] - box[1]) / PT_PER_MM, 1))
        rotated = (size[1], size[0])
        key = rotated if rotated in sizes else size
        sizes.setdefault(key, []).append(number)
    if len(sizes) <= 1:
        (width, height), = sizes or {(0.0, 0.0): []}
        return Check("pages", "pass", f"{len(document.pages)} page(s), all {width:g}×{height:g} mm")
    listed = "; ".join(f"{w:g}×{h:g} mm on {_pages_list(pages)}" for (w, h), pages in sizes.items())
    return _merge("pages", [_Finding("warn", f"pages of {len(sizes)} sizes: {listed} — a print file has one page "
                                             "size", "pages.mixed-sizes", len(sizes), 1)])


def _pages_list(pages: list[int]) -> str:
    """p3, p2-7 (a run) or p1,4,9 (at most six named)."""
    if len(pages) == 1:
        return f"p{pages[0]}"
    if pages == list(range(pages[0], pages[-1] + 1)):
        return f"p{pages[0]}-{pages[-1]}"
    return "p" + ",".join(str(p) for p in pages[:6]) + ("…" if len(pages) > 6 else "")


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
                                f"from the page", "fonts.unused-not-embedded")
    if not embedded:
        return _Finding("fail", f"font {from_file(name)} is not embedded — embed every font", "fonts.not-embedded")
    if not _SUBSET_TAG.match(name):
        return _Finding("warn", f"font {from_file(name)} is embedded but not subset — subset fonts (ABCDEF+Name)",
                        "fonts.not-subset")
    return None


# ---------------------------------------------------------------------------------------------------------------
# 4. colour, 5. text-size, 6. images


CONTENT_CHECKS = "colour and ink, separations, overprint, text size and position, lines, images and bleed content"


def _check_content(scans: list[_PageScan]) -> list[Check]:
    """Whether each page's content could be read to the end: a page that could not (a damaged stream, a form
    drawing itself, past the work budget) is a warning here, and the content checks' passes say they cover only
    the pages that were read."""
    findings_by_page = [[_Finding("warn", f"{problem} — {CONTENT_CHECKS} not checked there", "page.not-checked")
                         for problem in scan.problems] for scan in scans]
    return _per_page("content", findings_by_page, "every page's content read to the end")


def _read_pages(scans: list[_PageScan], reason: str) -> str:
    """A content check's pass reason, qualified when some page could not be read."""
    unread = [number for number, scan in enumerate(scans, 1) if scan.problems]
    return f"{reason} (pages read; not {_pages_list(unread)})" if unread else reason


def _check_colour(document: _Document, scans: list[_PageScan], limits: Profile) -> list[Check]:
    rgb_status: Status = "fail" if document.is_print_file else "warn"
    rgb_hint = "print files must be CMYK" if document.is_print_file else "convert to CMYK before printing"
    findings_by_page = []
    limit = limits.max_ink_percent
    for scan in scans:
        findings = [_Finding(rgb_status, f"{_first_few(scan.rgb)} — {rgb_hint}", "colour.rgb")] if scan.rgb else []
        for kind, use in (("vector", scan.ink), ("shading", scan.shading_ink), ("image", scan.image_ink)):
            if use is None:
                continue
            percent, where = use
            if percent > limit + INK_TOLERANCE_PERCENT:
                findings.append(_Finding("fail", f"total ink {percent:.0f} % in {where} — maximum {limit:g} %",
                                         f"ink.{kind}", round(percent, 1), limit))
        findings += [_Finding("warn", f"{item}; total ink not checked there", "ink.not-sampled")
                     for item in scan.not_sampled[:MAX_REASONS]]
        findings_by_page.append(findings)
    return _per_page("colour", findings_by_page, _read_pages(scans, _colour_pass_reason(scans)))


def _colour_pass_reason(scans: list[_PageScan]) -> str:
    inks = [(use[0], number) for number, scan in enumerate(scans, 1)
            for use in (scan.ink, scan.shading_ink, scan.image_ink) if use is not None]
    if not inks:
        return "no RGB; no CMYK colour painted"
    percent, number = max(inks)
    return f"no RGB; highest total ink {percent:.0f} % (p{number}), in vector fills, shadings and images"


def _check_separations(scans: list[_PageScan], limits: Profile) -> list[Check]:
    """Spot colours (each an extra plate, or converted by a digital press) and Registration inside the trim
    (it prints on every plate: 400 % ink where it should be a crop mark)."""
    findings_by_page = []
    for scan in scans:
        findings = []
        spots = {name: where for name, where in scan.spots.items() if name not in limits.allowed_spots}
        if spots and limits.spot_colours != "allow":
            names = ", ".join(from_file(name) for name in spots)
            status: Status = "fail" if limits.spot_colours == "fail" else "warn"
            hint = ("convert it to CMYK, or agree the extra plate with the printer" if status == "fail"
                    else "the press prints it in CMYK: check the colour in a proof")
            first = next(iter(spots.values()))
            findings.append(_Finding(status, f"spot colour {names} (first in {first}) — {hint}", "separations.spot",
                                     len(spots), 0))
        if scan.registration_in_trim:
            findings.append(_Finding("fail", f"{_first_few(scan.registration_in_trim)} inside the trim — "
                                             "Registration is for printer's marks outside the trim only",
                                     "separations.registration-in-trim"))
        findings_by_page.append(findings)
    used = sorted({name for scan in scans for name in scan.spots})
    reason = f"spot colours {', '.join(map(from_file, used))} allowed" if used else "process colours only"
    return _per_page("separations", findings_by_page, _read_pages(scans, f"{reason}; no Registration inside the trim"))


def _check_overprint(scans: list[_PageScan]) -> list[Check]:
    findings_by_page = []
    for scan in scans:
        findings = []
        if scan.overprint_white:
            findings.append(_Finding("fail", f"{_first_few(scan.overprint_white)} — white that overprints vanishes "
                                             "on press: switch overprint off", "overprint.white"))
        if scan.overprint_grey:
            findings.append(_Finding("warn", f"{_first_few(scan.overprint_grey)} — a grey that overprints mixes "
                                             "with what lies below it", "overprint.grey"))
        findings_by_page.append(findings)
    return _per_page("overprint", findings_by_page, _read_pages(scans, "no white or grey set to overprint"))


def _check_text_size(scans: list[_PageScan], limits: Profile) -> list[Check]:
    findings_by_page = []
    for scan in scans:
        findings = []
        text = scan.smallest_text
        if text is not None and text.size < limits.min_text_pt - TEXT_TOLERANCE_PT:
            findings.append(
                _Finding("fail", f"text at {text.size:.1f} pt ({from_file(text.font)}) — minimum "
                                 f"{limits.min_text_pt:g} pt", "text.size", round(text.size, 2), limits.min_text_pt)
            )
        rich = [t for t in scan.multi_ink_text if t[2] and t[0] < limits.min_rich_black_text_pt - TEXT_TOLERANCE_PT]
        if rich:
            size, inks, _rich, where = min(rich)
            findings.append(_Finding("fail", f"{where}: small text in {inks}-colour black — set text under "
                                             f"{limits.min_rich_black_text_pt:g} pt in black (K) only",
                                     "text.rich-black", round(size, 2), limits.min_rich_black_text_pt))
        several = [t for t in scan.multi_ink_text
                   if not t[2] and t[0] < limits.min_multi_ink_text_pt - TEXT_TOLERANCE_PT]
        if several:
            size, inks, _rich, where = min(several)
            findings.append(_Finding("warn", f"{where}: text in {inks} inks — under "
                                             f"{limits.min_multi_ink_text_pt:g} pt, registration blurs it",
                                     "text.multi-ink", round(size, 2), limits.min_multi_ink_text_pt))
        findings_by_page.append(findings)
    texts = [(scan.smallest_text.size, number) for number, scan in enumerate(scans, 1) if scan.smallest_text]
    reason = "smallest text {:.1f} pt (p{})".format(*min(texts)) if texts else "no text shown"
    return _per_page("text-size", findings_by_page, _read_pages(scans, reason))


def _check_text_position(document: _Document, scans: list[_PageScan], limits: Profile,
                         folds_mm: tuple[float, ...]) -> list[Check]:
    if limits.text_near_trim_mm <= 0:
        return [Check("text-position", "pass", "not checked (text_near_trim_mm is 0)")]
    findings_by_page = []
    for scan in scans:
        findings = []
        if scan.near_lines:
            near = min(scan.near_lines)
            what = f" ('{near.text}')" if near.text else ""
            where = (f"crosses {near.line}" if near.distance < 0
                     else f"{near.distance / PT_PER_MM:.1f} mm from {near.line}")
            more = f" (+{len(scan.near_lines) - 1} more)" if len(scan.near_lines) > 1 else ""
            findings.append(_Finding("warn", f"{near.size:.1f} pt text{what} {where}{more} — keep text "
                                             f"{limits.text_near_trim_mm:g} mm inside the trim and away from folds",
                                     "text.near-fold" if "fold" in near.line else "text.near-trim",
                                     round(near.distance / PT_PER_MM, 2), limits.text_near_trim_mm, near.at))
        findings_by_page.append(findings)
    lines = "the trim" + (f" and the folds at {', '.join(f'{x:g}' for x in folds_mm)} mm" if folds_mm else "")
    untrimmed = [number for number, page in enumerate(document.pages, 1) if _box(page, "/TrimBox") is None]
    if untrimmed:
        findings_by_page = [[_Finding("warn", "no TrimBox, so text near the trim was not checked — set TrimBox",
                                      "text.position-not-checked")] if number in untrimmed else found
                            for number, found in enumerate(findings_by_page, 1)]
    return _per_page("text-position", findings_by_page,
                     _read_pages(scans, f"all text at least {limits.text_near_trim_mm:g} mm from {lines}"))


def _check_lines(scans: list[_PageScan], limits: Profile) -> list[Check]:
    findings_by_page = []
    for scan in scans:
        findings = []
        if scan.thinnest_line is not None and scan.thinnest_line[0] < limits.min_line_pt - 0.0005:
            width, where = scan.thinnest_line
            shown = "0 pt (the thinnest the device can draw)" if width == 0 else f"{width:.3f} pt"
            findings.append(_Finding("fail", f"line of {shown} ({where}) — lines need at least "
                                             f"{limits.min_line_pt:g} pt to print", "lines.thin", round(width, 4),
                                     limits.min_line_pt))
        findings_by_page.append(findings)
    widths = [(scan.thinnest_line[0], n) for n, scan in enumerate(scans, 1) if scan.thinnest_line is not None]
    reason = "thinnest line {:.2f} pt (p{})".format(*min(widths)) if widths else "no stroked lines"
    return _per_page("lines", findings_by_page, _read_pages(scans, reason))


def _check_images(scans: list[_PageScan], limits: Profile) -> list[Check]:
    findings_by_page = []
    for scan in scans:
        findings = []
        for image in sorted(scan.images, key=lambda use: use.ppi):
            finding = _image_finding(image, limits)
            if finding is not None:
                findings.append(finding)
        findings_by_page.append(findings)
    uses = [(image.ppi, number) for number, scan in enumerate(scans, 1) for image in scan.images]
    reason = "lowest image resolution {:.0f} ppi (p{})".format(*min(uses)) if uses else "no images"
    return _per_page("images", findings_by_page, _read_pages(scans, reason))


def _image_finding(image: _ImageUse, limits: Profile) -> _Finding | None:
    if image.ppi >= limits.min_image_ppi - PPI_TOLERANCE:
        return None
    status: Status = "fail" if image.ppi < limits.fail_image_ppi - PPI_TOLERANCE else "warn"
    (width_px, height_px), (width_mm, height_mm) = image.pixels, image.placed_mm
    return _Finding(
        status,
        f"image {image.name} at {image.ppi:.0f} ppi ({width_px}×{height_px} px placed at "
        f"{width_mm:.1f}×{height_mm:.1f} mm) — needs {limits.min_image_ppi:g} ppi",
        "images.resolution", round(image.ppi, 1), limits.min_image_ppi if status == "warn" else limits.fail_image_ppi,
    )


# ---------------------------------------------------------------------------------------------------------------
# 7. output-intent, 8. pdfx, 9. metadata


_ALLOWED_ANNOTATIONS = {"/PrinterMark", "/TrapNet"}  # PDF/X allows these inside the trim; nothing else


def _check_annotations(document: _Document) -> list[Check]:
    """Annotations (links, comments, form fields) inside the trim box: PDF/X forbids them, and a RIP may print
    or drop them (a print file has none; a screen edition's links are fine)."""
    status: Status = "fail" if document.pdfx_version else "warn"
    if not document.is_print_file:
        return [Check("annotations", "pass", "not a print file (no TrimBox, no output intent): links are fine here")]
    findings_by_page = []
    for page in document.pages:
        trim = _box(page, "/TrimBox") or _box(page, "/MediaBox")
        found: dict[str, int] = {}
        for annotation in _as_array(page.get("/Annots"))[:10_000]:
            annotation = _as_dict(annotation)
            if annotation is None or annotation.get("/Subtype") in _ALLOWED_ANNOTATIONS:
                continue
            rect = _numbers(_as_array(annotation.get("/Rect")), 4)
            if rect is None or trim is None:
                continue
            box = (min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3]))
            if box[0] < trim[2] and box[2] > trim[0] and box[1] < trim[3] and box[3] > trim[1]:
                kind = str(annotation.get("/Subtype", "/Annot")).lstrip("/")
                found[kind] = found.get(kind, 0) + 1
        findings = []
        if found:
            listed = ", ".join(f"{count} {from_file(kind)}" for kind, count in found.items())
            rule = f"{document.pdfx_version} allows none" if document.pdfx_version else "a print file has none"
            findings.append(_Finding(status, f"annotations inside the trim: {listed} — {rule}: remove them",
                                     "annotations.inside-trim", sum(found.values()), 0))
        findings_by_page.append(findings)
    return _per_page("annotations", findings_by_page, "no annotations inside the trim")


def _check_optional_content(document: _Document) -> Check:
    """Optional content (layers): none in PDF/X-1a and X-3; in X-4 allowed, but hidden content is a trap (the
    RIP prints what the default configuration shows, which need not be what the designer saw)."""
    properties = _as_dict(document.catalog.get("/OCProperties"))
    if properties is None:
        return Check("optional-content", "pass", "no optional content (layers)")
    groups = _as_array(properties.get("/OCGs"))
    default = _as_dict(properties.get("/D")) or DictionaryObject()
    if default.get("/BaseState") == "/OFF":  # every group is off but those the configuration turns on
        shown = {_object_key(_as_dict(group)) for group in _as_array(default.get("/ON"))}
        hidden = [_as_dict(group) for group in groups if _object_key(_as_dict(group)) not in shown]
    else:
        hidden = [_as_dict(group) for group in _as_array(default.get("/OFF"))]
    names = [from_file(_resolve(group.get("/Name")) or "unnamed") for group in hidden if group is not None]
    version = document.pdfx_version
    findings = []
    if version.startswith(("PDF/X-1", "PDF/X-3")):
        findings.append(_Finding("fail", f"{len(groups)} optional content group(s) — {version} allows no layers: "
                                         "flatten them", "optional-content.not-allowed", len(groups), 0))
    if names:
        findings.append(_Finding("fail" if version else "warn",
                                 f"hidden layer(s) {', '.join(names[:MAX_REASONS])} — hidden content may print or "
                                 "not depending on the RIP: delete it or make it visible", "optional-content.hidden",
                                 len(names), 0))
    if findings:
        return _merge("optional-content", findings)
    return Check("optional-content", "pass", f"{len(groups)} layer(s), none hidden")


def _check_output_intent(document: _Document) -> Check:
    intents = [_as_dict(intent) for intent in _as_array(document.catalog.get("/OutputIntents"))]
    pdfx = [intent for intent in intents if intent is not None and intent.get("/S") == "/GTS_PDFX"]
    if not pdfx:
        found = "no /OutputIntents in the catalog" if not intents else "no /GTS_PDFX output intent"
        return _merge("output-intent", [_Finding("fail", f"{found} — add a CMYK output intent (e.g. FOGRA39)",
                                                 "output-intent.missing")])
    intent = pdfx[0]
    missing = []
    condition = str(_resolve(intent.get("/OutputConditionIdentifier")) or "").strip()
    if not condition:
        missing.append(_Finding("fail", "GTS_PDFX output intent has no OutputConditionIdentifier",
                                "output-intent.no-condition"))
    profile = _resolve(intent.get("/DestOutputProfile"))
    components = _resolve(profile.get("/N")) if isinstance(profile, StreamObject) else None
    if not isinstance(profile, StreamObject):
        if not str(_resolve(intent.get("/RegistryName")) or "").strip() or document.pdfx_version.startswith("PDF/X-4"):
            missing.append(_Finding("fail", "GTS_PDFX output intent has no embedded DestOutputProfile",
                                    "output-intent.no-profile"))
    elif components != 4:
        missing.append(_Finding("fail", f"DestOutputProfile has N={components}, not a CMYK profile (N=4)",
                                "output-intent.not-cmyk", components if _is_int(components) else None, 4))
    if missing:
        return _merge("output-intent", missing)
    embedded = "an embedded CMYK profile" if isinstance(profile, StreamObject) else "a registered condition"
    return Check("output-intent", "pass", f"GTS_PDFX output intent {condition} with {embedded}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_HEADER_LIMITS = {"PDF/X-1a:2001": (1, 3), "PDF/X-1a:2003": (1, 4), "PDF/X-3:2002": (1, 3), "PDF/X-3:2003": (1, 4),
                  "PDF/X-4": (1, 6), "PDF/X-4p": (1, 6)}


def _check_pdfx(document: _Document, scans: list[_PageScan]) -> Check:
    info_version, xmp_version = document.info_pdfx, document.xmp_pdfx
    version = document.pdfx_version
    if not version:
        return _merge("pdfx", [_Finding("fail", "no PDF/X identification (Info /GTS_PDFXVersion, or for PDF/X-4 the "
                                                "XMP pdfxid:GTS_PDFXVersion)", "pdfx.not-identified")])
    findings = _pdfx_identification(version, info_version, xmp_version, document.info)
    findings += _pdfx_version_rules(version, document, scans)
    if version not in _HEADER_LIMITS:
        findings.append(_Finding("warn", f"{from_file(version)}: a PDF/X version preflight has no rules for — its "
                                         "version rules were not checked", "pdfx.unknown-version", version))
    if not findings:
        return Check("pdfx", "pass", f"{version}, PDF {_format_version(document.version)}, identification and "
                                     "Trapped as the version requires")
    return _merge("pdfx", findings)


def _pdfx_identification(version: str, info_version: str, xmp_version: str, info: DictionaryObject) -> list[_Finding]:
    findings = []
    if version.startswith("PDF/X-4"):
        if not xmp_version:
            findings.append(_Finding("fail", f"{version} needs its identification in the XMP metadata "
                                             "(pdfxid:GTS_PDFXVersion)", "pdfx.xmp-missing"))
    elif not info_version:
        findings.append(_Finding("fail", f"{version} needs Info /GTS_PDFXVersion", "pdfx.info-missing"))
    if info_version and xmp_version and info_version != xmp_version:
        findings.append(_Finding("fail", f"Info says {from_file(info_version)} but XMP says {from_file(xmp_version)}",
                                 "pdfx.identification-differs", info_version, xmp_version))
    if info_version == "PDF/X-1a:2001":  # a common slip: ISO 15930-1's version is PDF/X-1:2001, the "a" a 2nd key
        findings.append(_Finding("fail", "Info /GTS_PDFXVersion PDF/X-1a:2001 is not a version name: PDF/X-1a:2001 "
                                         "files say /GTS_PDFXVersion (PDF/X-1:2001) and /GTS_PDFXConformance "
                                         "(PDF/X-1a:2001)", "pdfx.version-name"))
    if info_version == "PDF/X-1:2001":  # ISO 15930-1 names the level in a second key: PDF/X-1a:2001
        conformance = str(_resolve(info.get("/GTS_PDFXConformance")) or "").strip()
        if not conformance.startswith("PDF/X-1a"):
            findings.append(_Finding("fail", "PDF/X-1:2001 without Info /GTS_PDFXConformance (PDF/X-1a:2001)",
                                     "pdfx.conformance-missing"))
    trapped = _resolve(info.get("/Trapped"))
    if not (isinstance(trapped, NameObject) and trapped in ("/True", "/False")):
        findings.append(_Finding("fail", "Info /Trapped must be the name /True or /False", "pdfx.trapped"))
    return findings


def _pdfx_version_rules(version: str, document: _Document, scans: list[_PageScan]) -> list[_Finding]:
    findings = []
    pdf_version = _format_version(document.version)
    maximum = _HEADER_LIMITS.get(version)
    if maximum is not None and document.version > maximum:
        findings.append(_Finding("fail", f"PDF {pdf_version} is too new for {version} (at most "
                                         f"{_format_version(maximum)})", "pdfx.header-version", pdf_version,
                                 _format_version(maximum)))
    if version.startswith(("PDF/X-1a", "PDF/X-3")):
        uses = [(number, use) for number, scan in enumerate(scans, 1) for use in scan.transparency]
        if uses:
            number, use = uses[0]
            more = f" (+{len(uses) - 1} more)" if len(uses) > 1 else ""
            blend = any("blend mode" in u for _n, u in uses)
            findings.append(_Finding("fail", f"transparency not allowed in {version}: {use} on p{number}{more}",
                                     "pdfx.blend-mode" if blend else "pdfx.transparency"))
    if version.startswith("PDF/X-1a"):
        managed = [(number, item) for number, scan in enumerate(scans, 1) for item in scan.rgb + scan.managed]
        if managed:
            number, item = managed[0]
            findings.append(_Finding("fail", f"{version} allows CMYK, grey and spot colour only: {item} on p{number}",
                                     "pdfx.colour-space"))
    return findings


def _format_version(version: tuple[int, int]) -> str:
    return f"{version[0]}.{version[1]}"


def _check_metadata(document: _Document) -> Check:
    findings = []
    if document.encrypted:
        findings.append(_Finding("fail", f"file is encrypted ({document.encryption}) — printers need unencrypted "
                                         "PDFs", "metadata.encrypted"))
    title = _info_title(document.info) or _xmp_title(document.xmp)
    if not title:
        findings.append(_Finding("warn", "no document title — set Info /Title or XMP dc:title", "metadata.no-title"))
    elif title.casefold() in _PLACEHOLDER_TITLES:
        findings.append(_Finding("warn", f"document title is a placeholder ({from_file(title)}) — set a real title",
                                 "metadata.placeholder-title", title))
    if not _as_array(document.trailer.get("/ID")):
        findings.append(_Finding("warn", "no /ID in the trailer — writers should set a file identifier",
                                 "metadata.no-id"))
    if findings:
        return _merge("metadata", findings)
    return Check("metadata", "pass", f"title {from_file(title)}, file /ID present")


def _info_title(info: DictionaryObject) -> str:
    return str(_resolve(info.get("/Title")) or "").strip()


def _xmp_title(xmp: str) -> str:
    match = _XMP_TITLE.search(xmp)
    return match.group(1).strip() if match else ""
