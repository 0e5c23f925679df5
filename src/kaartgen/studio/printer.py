"""For the print shop: built print editions and their proof → one zip "voor de drukker" with the PDFs, the proof
and a job sheet (opdrachtbon) in Dutch that says what to make of them.

The job sheet is plain UTF-8 text, readable in any program a print shop has, made only from what the layout and
the build say: trim size, bleed, folded size, the fold type with its fold lines measured from the left edge of
the outside, colour and PDF/X level with the output condition, page count, the sha256 of each file (so the shop
can tell it has the right one), a suggested paper (a suggestion, marked as one) and a field for the quantity.
The zip's entries carry the build date, so the same edition gives the same zip.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..backends.colour import OUTPUT_CONDITION, OUTPUT_CONDITION_INFO
from ..model.layout import LayoutSpec
from ..version import __version__
from .language import decimal

FOLD_NAMES = {
    "none": "geen (plano)",
    "half": "enkele vouw (tweeluik, 1 vouw)",
    "z": "zigzagvouw (Z-vouw, leporello), 2 vouwen",
    "roll": "wikkelvouw (rolvouw): de panelen vouwen om elkaar, het smalle paneel binnenin",
    "gate": "altaarvouw (poortvouw): de twee deuren vouwen naar binnen en raken elkaar in het midden",
}
PAPER = {
    True: "gestreken mat (silk) MC, 170–250 g/m², rillen vóór het vouwen; mat laminaat als de kaart jaren mee moet",
    False: "gestreken mat (silk) MC, 135–170 g/m²",
}


@dataclass(frozen=True)
class PrintFile:
    """One print PDF for the zip, with what the job sheet says of it."""

    path: Path
    spec: LayoutSpec
    sha256: str
    pages: int
    pdfx: str  # "PDF/X-4"
    marks: bool


def _mm(pt: float) -> str:
    return decimal(round(pt * 25.4 / 72, 1), "nl")  # the job sheet is Dutch


def job_sheet(files: Sequence[PrintFile], *, document: str, region_name: str, date: str, quantity: str = "",
              proof: str = "") -> str:
    """The opdrachtbon, one section per print file."""
    lines = [f"OPDRACHTBON — {document}, regio {region_name}",
             f"Gemaakt met kaartgen {__version__}, bouwdatum {date}.", ""]
    for number, file in enumerate(files, 1):
        spec = file.spec
        lines += [f"{number}. {file.path.name}",
                  f"   sha256: {file.sha256}",
                  f"   Bijgesneden formaat (plano): {_mm(spec.trim_w)} × {_mm(spec.trim_h)} mm, "
                  f"{file.pages} {'pagina' if file.pages == 1 else 'pagina’s'} "
                  f"({'voor- en achterzijde' if file.pages == 2 else 'enkelzijdig' if file.pages == 1 else ''})",
                  f"   Afloop: {_mm(spec.bleed)} mm rondom; snijtekens: {'ja' if file.marks else 'nee'} "
                  "(TrimBox en BleedBox staan in de PDF)"]
        if spec.is_folded:
            widths = spec.side_widths(0)
            lines += [f"   Vouw: {FOLD_NAMES.get(spec.fold_type, spec.fold_type)}",
                      f"   Gevouwen formaat: {_mm(min(widths))} × {_mm(spec.trim_h)} mm",
                      "   Vouwlijnen, gemeten vanaf de linkerkant van de buitenzijde (pagina 1): "
                      + ", ".join(f"{_mm(x)} mm" for x in spec.folds(0)),
                      "   Paneelbreedtes (buitenzijde, van links): " + " + ".join(f"{_mm(w)}" for w in widths) + " mm"]
        else:
            lines.append(f"   Vouw: {FOLD_NAMES['none']}")
        lines += [f"   Kleur: CMYK, 4/4 — {file.pdfx}, output intent {OUTPUT_CONDITION} ({OUTPUT_CONDITION_INFO})"
                  if file.pages > 1 else
                  f"   Kleur: CMYK, 4/0 — {file.pdfx}, output intent {OUTPUT_CONDITION} ({OUTPUT_CONDITION_INFO})",
                  f"   Papier (suggestie, overleg met de drukker): {PAPER[spec.is_folded]}", ""]
    lines += [f"Oplage: {quantity.strip() or '__________'} exemplaren per bestand",
              "Proef: " + (proof or "niet bijgevoegd") + " (een proef om te controleren, geen drukbestand)", "",
              "Controleer vóór het drukken of de sha256 van elk bestand overeenkomt met deze opdrachtbon.", ""]
    return "\n".join(lines)


def printer_zip(files: Sequence[PrintFile], sheet: str, extras: Sequence[Path],
                when: tuple[int, int, int, int, int, int]) -> bytes:
    """The zip: the job sheet first, then the print PDFs, then the extras (the proof), each dated `when` (the
    build date of the editions)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)

        add("opdrachtbon.txt", sheet.encode("utf-8"))
        for file in files:
            add(file.path.name, file.path.read_bytes())
        for extra in extras:
            add(f"proef/{extra.name}", extra.read_bytes())
    return buffer.getvalue()
