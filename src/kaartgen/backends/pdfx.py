"""PDF/X finishing: rendered PDF bytes + their plan → the finished file (pypdf), print or screen.

`finish` adds what ReportLab's canvas does not write: the document information and XMP metadata (title, subject,
author, language, dates from the plan's build date, a document ID derived from the content) and, for print, the
PDF/X identification and the output intent with the embedded FOGRA39 profile. It reads the plan only (its
metadata, PDF/X level and date). The same input always gives the same bytes.

pypdf's public API is used where it has one (`root_object`, `metadata`, `xmp_metadata`, `flate_encode`); adding
an indirect object (the profile stream) and setting a reproducible file ID have none, so `_add_object` and `_ID`
are used for those two.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zlib
from dataclasses import dataclass
from functools import lru_cache

from ..model.plan import Plan
from .colour import OUTPUT_CONDITION, OUTPUT_CONDITION_INFO, REGISTRY, output_profile


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


@lru_cache(maxsize=1)
def _icc_stream_data() -> bytes:
    return zlib.compress(output_profile().read_bytes(), 6)


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


def finish(pdf: bytes, plan: Plan) -> bytes:
    """Add metadata (and for print, the PDF/X output intent and identification); stable bytes for stable input."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        ByteStringObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        StreamObject,
        TextStringObject,
    )

    when = plan.date
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
    level = PDFX[plan.pdfx] if plan.pdfx else None
    catalog = writer.root_object
    if level:
        info["/GTS_PDFXVersion"] = level.version
        if level.conformance:
            info["/GTS_PDFXConformance"] = level.conformance
        profile = StreamObject()
        profile._data = _icc_stream_data()  # compressed once per process: pypdf can only set decoded data
        profile[NameObject("/Filter")] = NameObject("/FlateDecode")
        profile[NameObject("/N")] = NumberObject(4)
        intent = DictionaryObject({
            NameObject("/Type"): NameObject("/OutputIntent"),
            NameObject("/S"): NameObject("/GTS_PDFX"),
            NameObject("/OutputConditionIdentifier"): TextStringObject(OUTPUT_CONDITION),
            NameObject("/OutputCondition"): TextStringObject(OUTPUT_CONDITION_INFO),
            NameObject("/RegistryName"): TextStringObject(REGISTRY),
            NameObject("/Info"): TextStringObject(OUTPUT_CONDITION_INFO),
            NameObject("/DestOutputProfile"): writer._add_object(profile),  # no public way to add an object
        })
        catalog[NameObject("/OutputIntents")] = ArrayObject([intent])
        writer.pdf_header = f"%PDF-{level.pdf}".encode()
    writer.metadata = None  # ReportLab's Info dictionary is replaced as a whole
    writer.add_metadata(info)
    if writer._info is not None:  # add_metadata writes strings only; /Trapped is a name
        writer._info[NameObject("/Trapped")] = NameObject("/False")
    writer.xmp_metadata = _xmp(meta.get("title", ""), meta.get("subject", ""), meta.get("author", ""),
                               meta.get("lang", ""), when, uuid, level)
    xmp = catalog["/Metadata"].get_object()
    assert isinstance(xmp, StreamObject)
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    xmp[NameObject("/Subtype")] = NameObject("/XML")
    if meta.get("lang"):
        catalog[NameObject("/Lang")] = TextStringObject(meta["lang"])
    writer._ID = ArrayObject([ByteStringObject(doc_id), ByteStringObject(doc_id)])  # reproducible: no public API
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
