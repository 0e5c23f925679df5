"""Prepress stage: page frame and printer's marks for a plan, then PDF/X finishing of the rendered bytes (pypdf).

Before rendering, `page_frame` chooses the media around the trim (bleed, plus room for marks) and `marks`
makes the crop marks, fold marks and slug line as plan items outside the bleed, in registration colour.
After rendering, `finish` adds the metadata (title, subject, author, language, dates from SOURCE_DATE_EPOCH, a
document ID derived from the content, XMP) and, for print, turns ReportLab's output into PDF/X: the output intent
with the embedded FOGRA39 profile and the PDF/X identification. The same input always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .layoutspec import mm
from .plan import REGISTRATION, Plan, Rule, TextRun
from .render import PageFrame

ICC_PROFILE = Path(__file__).resolve().parent / "data" / "FOGRA39L.icc"
OUTPUT_CONDITION = "FOGRA39"
OUTPUT_CONDITION_INFO = "Coated FOGRA39 (ISO 12647-2:2004)"
REGISTRY = "http://www.color.org"
@dataclass(frozen=True)
class PdfxLevel:
    name: str  # what users and the manifest call it
    version: str  # Info and XMP GTS_PDFXVersion
    conformance: str  # Info and XMP GTS_PDFXConformance ("" when the standard has none)
    pdf: str  # PDF version the file must declare


PDFX = {
    "4": PdfxLevel("PDF/X-4", "PDF/X-4", "", "1.6"),
    # ISO 15930-1: the version key names PDF/X-1:2001 and the conformance key the "a" level.
    "1a": PdfxLevel("PDF/X-1a:2001", "PDF/X-1:2001", "PDF/X-1a:2001", "1.3"),
}
MARK_LENGTH = mm(5)
MARK_OFFSET = mm(2)  # gap between the bleed edge and the start of a mark
MARK_WIDTH = 0.25
SLUG_SIZE = 6.0


def build_date() -> dt.datetime:
    """The build date: SOURCE_DATE_EPOCH when set (reproducible builds), else 2000-01-01 for stable bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        seconds = int(epoch) if epoch else 946684800
    except ValueError:
        seconds = 946684800
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)


def page_frame(plan: Plan, *, print_edition: bool, with_marks: bool) -> PageFrame:
    if not print_edition:
        return PageFrame(0.0, None, None)
    margin = plan.bleed + (MARK_OFFSET + MARK_LENGTH + mm(3) if with_marks else 0.0)
    trim = (margin, margin, margin + plan.trim_w, margin + plan.trim_h)
    b = plan.bleed
    bleed = (margin - b, margin - b, margin + plan.trim_w + b, margin + plan.trim_h + b)
    return PageFrame(margin, trim, bleed)


def marks(plan: Plan, slug: str) -> tuple[tuple, ...]:
    """Crop marks at the four corners, fold marks at every fold (top and bottom), and a slug line, per page."""
    w, h, b = plan.trim_w, plan.trim_h, plan.bleed
    start, end = b + MARK_OFFSET, b + MARK_OFFSET + MARK_LENGTH
    crop = []
    for x in (0.0, w):
        for y in (0.0, h):
            sx = -1 if x == 0 else 1
            sy = -1 if y == 0 else 1
            crop.append(Rule(x + sx * start, y, x + sx * end, y, MARK_WIDTH, REGISTRATION))
            crop.append(Rule(x, y + sy * start, x, y + sy * end, MARK_WIDTH, REGISTRATION))
    pages = []
    for page in plan.pages:
        items: list = list(crop)
        for fx in page.folds:
            items.append(Rule(fx, -start, fx, -end, MARK_WIDTH, REGISTRATION, (2.0, 1.5)))
            items.append(Rule(fx, h + start, fx, h + end, MARK_WIDTH, REGISTRATION, (2.0, 1.5)))
        text = f"{slug} · {page.side}"
        items.append(TextRun(end + mm(1), -end + 0.5, text, "regular", SLUG_SIZE, REGISTRATION))
        pages.append(tuple(items))
    return tuple(pages)


@lru_cache(maxsize=1)
def _icc_stream_data() -> tuple[bytes, bytes]:
    raw = ICC_PROFILE.read_bytes()
    return raw, zlib.compress(raw, 6)


def _pdf_date(when: dt.datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp(title: str, subject: str, author: str, lang: str, when: dt.datetime, doc_id: str,
         pdfx: PdfxLevel | None) -> bytes:
    from html import escape  # lighter to import than xml.sax.saxutils; quotes escaped too, which XML allows

    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    lang = lang or "x-default"
    pdfx_part = ""
    if pdfx is not None:
        if pdfx.version.startswith("PDF/X-4"):  # the PDF/X-4 identification schema
            pdfx_part += f"\n   <pdfxid:GTS_PDFXVersion>{pdfx.version}</pdfxid:GTS_PDFXVersion>"
        pdfx_part += f"\n   <pdfx:GTS_PDFXVersion>{pdfx.version}</pdfx:GTS_PDFXVersion>"
        if pdfx.conformance:
            pdfx_part += f"\n   <pdfx:GTS_PDFXConformance>{pdfx.conformance}</pdfx:GTS_PDFXConformance>"
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{iso}</xmp:CreateDate>
   <xmp:ModifyDate>{iso}</xmp:ModifyDate>
   <xmp:MetadataDate>{iso}</xmp:MetadataDate>
   <xmp:CreatorTool>kaartgen</xmp:CreatorTool>
   <pdf:Producer>kaartgen (ReportLab, pypdf)</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{doc_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>{pdfx_part}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return body.encode("utf-8")


def finish(pdf: bytes, plan: Plan, *, pdfx: str | None) -> bytes:
    """Add metadata (and for print, the PDF/X output intent and identification); stable bytes for stable input."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject,
                               NameObject, NumberObject, StreamObject, TextStringObject)

    when = build_date()
    digest = hashlib.sha256(pdf).digest()
    doc_id = digest[:16]
    uuid = doc_id.hex()
    uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:32]}"
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    meta = plan.meta
    info = {
        "/Title": meta.get("title", ""),
        "/Subject": meta.get("subject", ""),
        "/Author": meta.get("author", ""),
        "/Creator": "kaartgen",
        "/Producer": "kaartgen (ReportLab, pypdf)",
        "/CreationDate": _pdf_date(when),
        "/ModDate": _pdf_date(when),
    }
    level = PDFX[pdfx] if pdfx else None
    catalog = writer._root_object
    if level:
        info["/GTS_PDFXVersion"] = level.version
        if level.conformance:
            info["/GTS_PDFXConformance"] = level.conformance
        raw, compressed = _icc_stream_data()
        profile = StreamObject()
        profile._data = compressed
        profile[NameObject("/Filter")] = NameObject("/FlateDecode")
        profile[NameObject("/N")] = NumberObject(4)
        profile_ref = writer._add_object(profile)
        intent = DictionaryObject({
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFX"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(OUTPUT_CONDITION),
            NameObject("/OutputCondition"): TextStringObject(OUTPUT_CONDITION_INFO),
            NameObject("/RegistryName"): TextStringObject(REGISTRY),
            NameObject("/Info"): TextStringObject(OUTPUT_CONDITION_INFO),
            NameObject("/DestOutputProfile"): profile_ref,
        })
        catalog[NameObject("/OutputIntents")] = ArrayObject([intent])
        writer.pdf_header = f"%PDF-{level.pdf}".encode()
    writer._info = None
    writer.add_metadata({k: v for k, v in info.items()})
    info_obj = writer._info.get_object() if writer._info is not None else None
    if info_obj is not None:
        info_obj[NameObject("/Trapped")] = NameObject("/False")
    xmp = DecodedStreamObject()
    xmp.set_data(_xmp(meta.get("title", ""), meta.get("subject", ""), meta.get("author", ""),
                      meta.get("lang", ""), when, uuid, level))
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    catalog[NameObject("/Metadata")] = writer._add_object(xmp)
    if meta.get("lang"):
        catalog[NameObject("/Lang")] = TextStringObject(meta["lang"])
    writer._ID = ArrayObject([ByteStringObject(doc_id), ByteStringObject(doc_id)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
