"""Tagged PDF (PDF/UA-1) for the screen edition, written in ReportLab's own pass.

ReportLab draws untagged PDFs; this module adds what a screen reader needs, the way `pdfx.py` adds PDF/X:

- **marked content** in the page streams: every text run inside ``/H1 <</MCID n>> BDC … EMC`` (its tag from the
  plan: H1–H3, P, LBody, Lbl), a QR code or logo inside ``/Figure``, and everything else that paints (panel
  backgrounds, rules, badges' discs, the draft mark) inside ``/Artifact BMC … EMC``;
- the **structure tree**: Document (with /Lang) → the blocks in page order — headings, paragraphs, lists (L → LI
  → Lbl + LBody: a list item's number or bullet and its text), Figures with their /Alt, Links (the text's marked
  content and an OBJR to the link annotation, which carries a /Contents description and its /StructParent);
  one element per block or list item, whatever the lines and pages it spans;
- the **ParentTree** (page → the element of each MCID; annotation → its Link element), /StructParents and
  /Tabs /S on every page, /MarkInfo <</Marked true>>, /ViewerPreferences <</DisplayDocTitle true>>, and the
  PDF/UA identification in the XMP (`pdfx._xmp`).

`Structure` is filled while `render` draws (it knows the MCIDs as it writes them) and written into ReportLab's
document before `canvas.save()`; the renderer still reads nothing but the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.plan import Picture, QRCode, TextRun

LIST_PARTS = ("LBody", "Lbl")


@dataclass
class _Element:
    tag: str
    key: str
    kids: list[Any] = field(default_factory=list)  # (page, mcid) pairs, child _Elements, ("annot", ref)
    alt: str = ""
    ref: Any = None
    lang: str = ""  # when it differs from the document's


@dataclass
class Structure:
    """What one render tagged: the elements in reading order, and per page the element of each MCID."""

    lang: str
    top: list[_Element] = field(default_factory=list)
    pages: list[list[_Element]] = field(default_factory=list)  # page → element per MCID
    page_refs: list[Any] = field(default_factory=list)
    annotations: list[tuple[Any, _Element]] = field(default_factory=list)  # (annotation dict, its Link element)
    _open: dict[str, _Element] = field(default_factory=dict)  # key → element (a block may span lines, pages)
    _last: _Element | None = None  # the element of the last text run (its link annotation follows it)

    def start_page(self, page_ref: Any) -> None:
        self.pages.append([])
        self.page_refs.append(page_ref)

    def mark_text(self, run: TextRun) -> int:
        """The MCID of a text run on the current page, filed under its block's element."""
        element = self._element_for(run)
        mcid = len(self.pages[-1])
        self.pages[-1].append(element)
        element.kids.append((len(self.pages) - 1, mcid))
        self._last = element
        return mcid

    def continue_text(self, run: TextRun) -> None:
        """A further line of the block whose marked-content sequence is open (it shares its MCID)."""
        self._last = self._element_for(run)

    def mark_figure(self, item: QRCode | Picture) -> int:
        element = _Element("Figure", "", alt=item.alt)
        self.top.append(element)
        mcid = len(self.pages[-1])
        self.pages[-1].append(element)
        element.kids.append((len(self.pages) - 1, mcid))
        return mcid

    def link(self, annotation: Any, description: str, run_follows: bool) -> None:
        """A link annotation: a Link element inside the element of the text it covers (or on its own)."""
        link = _Element("Link", "", alt=description)
        parent = self._last if run_follows else None
        if parent is not None and parent.kids and _is_content(parent.kids[-1]):
            link.kids.append(parent.kids.pop())  # the link's own text (its own sequence) moves into the Link
            page, mcid = link.kids[0]
            self.pages[page][mcid] = link
            parent.kids.append(link)
        else:
            self.top.append(link)
        link.kids.append(("annot", annotation))
        self.annotations.append((annotation, link))

    def _element_for(self, run: TextRun) -> _Element:
        key = run.key or f"run-{len(self.top)}"
        if run.tag in LIST_PARTS:
            block = key.rsplit(".", 1)[0] if "." in key else key
            lst = self._open.get(f"L:{block}")
            if lst is None or (self.top and self.top[-1] is not lst):
                lst = self._open[f"L:{block}"] = _Element("L", block)
                self.top.append(lst)
            item = self._open.get(f"LI:{key}")
            if item is None:
                item = self._open[f"LI:{key}"] = _Element("LI", key)
                lst.kids.append(item)
            part = self._open.get(f"{run.tag}:{key}")
            if part is None:
                part = self._open[f"{run.tag}:{key}"] = _Element(run.tag, key, lang=run.lang)
                item.kids.append(part)
            return part
        element = self._open.get(f"{run.tag}:{key}")
        if element is None:
            element = self._open[f"{run.tag}:{key}"] = _Element(run.tag, key, lang=run.lang)
            self.top.append(element)
        return element


def _is_content(kid: Any) -> bool:
    """A (page, MCID) pair: marked content, not a child element or an annotation."""
    return isinstance(kid, tuple) and isinstance(kid[0], int)


def write_structure(canvas: Any, structure: Structure) -> None:
    """The structure tree, ParentTree, page and catalog entries into ReportLab's document (before save)."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString

    doc = canvas._doc
    root = PDFDictionary({"Type": PDFName("StructTreeRoot")})
    root_ref = doc.Reference(root)
    document = _Element("Document", "", kids=list(structure.top))

    def build(element: _Element, parent_ref: Any) -> Any:
        obj = PDFDictionary({"Type": PDFName("StructElem"), "S": PDFName(element.tag), "P": parent_ref})
        element.ref = doc.Reference(obj)
        if element.alt:
            obj["Alt"] = PDFString(element.alt)
        if element is document and structure.lang:
            obj["Lang"] = PDFString(structure.lang)
        elif element.lang and element.lang != structure.lang:  # a draft's Dutch line in a translation
            obj["Lang"] = PDFString(element.lang)
        kids = []
        for kid in element.kids:
            if isinstance(kid, _Element):
                kids.append(build(kid, element.ref))
            elif kid[0] == "annot":
                kids.append(PDFDictionary({"Type": PDFName("OBJR"), "Obj": doc.Reference(kid[1])}))
            else:
                page, mcid = kid
                kids.append(PDFDictionary({"Type": PDFName("MCR"), "Pg": structure.page_refs[page], "MCID": mcid}))
        obj["K"] = kids[0] if len(kids) == 1 else PDFArray(kids)
        return element.ref

    root["K"] = PDFArray([build(document, root_ref)])
    nums: list[Any] = []
    for index, elements in enumerate(structure.pages):
        nums += [index, PDFArray([element.ref for element in elements])]
    for offset, (annotation, link) in enumerate(structure.annotations):
        annotation["StructParent"] = len(structure.pages) + offset
        nums += [len(structure.pages) + offset, link.ref]
    root["ParentTree"] = PDFDictionary({"Nums": PDFArray(nums)})
    root["ParentTreeNextKey"] = len(structure.pages) + len(structure.annotations)
    catalog = doc.Catalog
    catalog.__NoDefault__ = [*catalog.__NoDefault__, "StructTreeRoot", "MarkInfo", "ViewerPreferences"]
    canvas.setCatalogEntry("StructTreeRoot", root_ref)
    canvas.setCatalogEntry("MarkInfo", PDFDictionary({"Marked": "true"}))  # (a str is written as it is: a boolean)
    canvas.setCatalogEntry("ViewerPreferences", PDFDictionary({"DisplayDocTitle": "true"}))
    for index, page in enumerate(doc.Pages.pages):
        page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
        page.StructParents = index
        page.Tabs = PDFName("S")
