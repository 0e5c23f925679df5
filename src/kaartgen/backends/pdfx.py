"""PDF/X in ReportLab's own pass: the plan's metadata, PDF/X identification and output intent → ReportLab's document.

`prepare(canvas, plan)`, called by :func:`kaartgen.backends.pdf.render` before the canvas is saved, writes what the
canvas does not: the document information and XMP metadata (title, subject, author, language, dates from the
plan's build date) and, for print, the PDF/X identification, the PDF version the level allows and the output
intent with the embedded FOGRA39 profile (compressed once per process). `seal(pdf)` then sets the document ID
(trailer and XMP) from the SHA-256 of the file as written. It reads the plan only (metadata, PDF/X level, date);
the same input always gives the same bytes. One pass: the PDF is not re-read and re-written (pypdf stays for
reading: preflight, tests).

ReportLab's public `setCatalogEntry` carries the catalog entries; its catalog writes only the keys its class
lists (`__NoDefault__`, extended on the instance by OutputIntents), and its document's `Reference` (an indirect
object), `info` (the Info dictionary, whose keys ReportLab fixes), `_pdfVersion` and `_ID` have no public
setters, so those are used directly — pinned by the tests that read every one of them back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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
    """The profile, Flate-compressed: shipped so (``FOGRA39L.icc.zz`` beside it, level 9), used only when it
    decompresses to exactly the profile (2 ms, against 21 ms to compress it in every process)."""
    profile = output_profile()
    data = profile.read_bytes()
    shipped = profile.with_name(profile.name + ".zz")
    try:
        compressed = shipped.read_bytes()
        if zlib.decompress(compressed) == data:
            return compressed
    except (OSError, zlib.error):
        pass
    return zlib.compress(data, 6)


def _pdf_date(when: dt.datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp(title: str, subject: str, author: str, lang: str, when: dt.datetime, doc_id: str,
         pdfx: PdfxLevel | None, ua: bool = False) -> bytes:
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
    ua_namespace = ""
    if ua:  # PDF/UA-1 identification (ISO 14289-1, 5)
        pdfx_part += "\n   <pdfuaid:part>1</pdfuaid:part>"
        ua_namespace = '\n    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"'
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"{ua_namespace}>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{escape(lang)}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{iso}</xmp:CreateDate>
   <xmp:ModifyDate>{iso}</xmp:ModifyDate>
   <xmp:MetadataDate>{iso}</xmp:MetadataDate>
   <xmp:CreatorTool>kaartgen</xmp:CreatorTool>
   <pdf:Producer>{PRODUCER}</pdf:Producer>
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


PRODUCER = "kaartgen (ReportLab)"
# Written where the document ID goes, then replaced by the digest of the whole file as written (same length, so
# no offset moves): a content-derived ID in ReportLab's single pass.
_ID_PLACEHOLDER = b"4b61617274" + b"67656e2d4944" + b"0" * 16  # 32 hex digits ("Kaartgen-ID")
_UUID_PLACEHOLDER = "kaartgen-0000-0000-0000-000000000000"  # the XMP's uuid, as long as a real one


def prepare(canvas: Any, plan: Plan) -> bytes:
    """Before `canvas.save()`: the document information, the XMP metadata and, for print, the PDF/X identification
    and the output intent with its profile, written into ReportLab's own document, and the PDF version the level
    needs. Returns the XMP packet, for `seal` to find and set the document ID in."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFInfo, PDFName, PDFStream, PDFString

    doc = canvas._doc
    meta = plan.meta
    level = PDFX[plan.pdfx] if plan.pdfx else None
    date = _pdf_date(plan.date)
    entries: dict[str, Any] = {
        "Title": PDFString(meta.get("title", "")), "Subject": PDFString(meta.get("subject", "")),
        "Author": PDFString(meta.get("author", "")), "Creator": PDFString("kaartgen"),
        "Producer": PDFString(PRODUCER), "CreationDate": PDFString(date), "ModDate": PDFString(date),
        "Trapped": PDFName("False"),
    }
    if level is not None:
        entries["GTS_PDFXVersion"] = PDFString(level.version)
        if level.conformance:
            entries["GTS_PDFXConformance"] = PDFString(level.conformance)
        profile = PDFStream(PDFDictionary({"N": 4, "Filter": PDFName("FlateDecode")}), _icc_stream_data())
        catalog = doc.Catalog  # its format writes only the keys it lists: OutputIntents is not among them
        catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]
        canvas.setCatalogEntry("OutputIntents", PDFArray([PDFDictionary({
            "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFX"),
            "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION),
            "OutputCondition": PDFString(OUTPUT_CONDITION_INFO), "RegistryName": PDFString(REGISTRY),
            "Info": PDFString(OUTPUT_CONDITION_INFO), "DestOutputProfile": doc.Reference(profile),
        })]))
        doc._pdfVersion = tuple(int(part) for part in level.pdf.split("."))  # the header the level allows
    xmp = _xmp(meta.get("title", ""), meta.get("subject", ""), meta.get("author", ""), meta.get("lang", ""),
               plan.date, _UUID_PLACEHOLDER, level, ua=plan.tagged)
    # the XMP stays uncompressed (filters=[]), as PDF/X readers and `strings` expect
    metadata = PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), xmp, filters=[])
    canvas.setCatalogEntry("Metadata", doc.Reference(metadata))

    class Info(PDFInfo):  # ReportLab's Info has a fixed set of keys and its own (in invariant mode: 2000) date
        def digest(self, md5object: Any) -> None:
            pass

        def format(self, document: Any) -> bytes:
            return PDFDictionary(entries).format(document)

    doc.info = Info()
    doc._ID = b"\n[<" + _ID_PLACEHOLDER + b"><" + _ID_PLACEHOLDER + b">]\n"  # ReportLab's own is not per content
    return xmp


def seal(pdf: bytes, xmp: bytes) -> bytes:
    """The file `prepare` made, with its document ID (trailer and XMP) set to the start of the SHA-256 of the
    file as written: same input, same bytes; another content, another ID. Only the two ID elements of the XMP
    packet (found whole: no text can contain it, as it holds every text escaped) and the trailer are touched, so
    a title that happens to hold a placeholder stays as written."""
    digest = hashlib.sha256(pdf).digest()[:16]
    uuid = digest.hex()
    uuid = f"{uuid[:8]}-{uuid[8:12]}-{uuid[12:16]}-{uuid[16:20]}-{uuid[20:32]}"
    start, trailer = pdf.find(xmp), pdf.rindex(b"trailer")
    if start < 0 or pdf[trailer:].count(_ID_PLACEHOLDER) != 2:
        raise AssertionError("the XMP packet or the trailer ID is not where prepare() put them")
    packet = xmp
    for tag in (b"xmpMM:DocumentID", b"xmpMM:InstanceID"):  # inside the packet a text's "<" is escaped
        packet = packet.replace(b"<%s>uuid:%s<" % (tag, _UUID_PLACEHOLDER.encode()),
                                b"<%s>uuid:%s<" % (tag, uuid.encode()))
    tail = pdf[trailer:].replace(_ID_PLACEHOLDER, digest.hex().encode())
    return pdf[:start] + packet + pdf[start + len(xmp):trailer] + tail
