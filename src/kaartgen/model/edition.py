"""Edition types: which edition (document × layout × region × language × print/screen/html) and the build options.

An HTML edition is one web page per document, region and language, whatever the layouts: its `layout` is the
layout it takes its colours and the place of the contact cards from (the first one selected), and it is not part
of its file name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

EDITIONS = ("print", "screen", "html")
PDF_EDITIONS = ("print", "screen")


@dataclass(frozen=True)
class EditionName:
    document: str
    layout: str
    region: str
    lang: str
    edition: str  # print | screen | html
    draft: bool = False

    @property
    def stem(self) -> str:
        draft = "_CONCEPT" if self.draft else ""
        if self.is_html:
            return f"{self.document}_{self.region}_{self.lang}{draft}"
        return f"{self.document}_{self.layout}_{self.region}_{self.lang}_{self.edition}{draft}"

    @property
    def is_print(self) -> bool:
        return self.edition == "print"

    @property
    def is_html(self) -> bool:
        return self.edition == "html"

    def relative_path(self) -> PurePosixPath:
        """<document>/<region>/<lang>/<document>_<layout>_<region>_<lang>_<edition>.pdf, or for the web page
        <document>/<region>/<lang>/<document>_<region>_<lang>.html"""
        suffix = ".html" if self.is_html else ".pdf"
        return PurePosixPath(self.document) / self.region / self.lang / f"{self.stem}{suffix}"

    def __str__(self) -> str:
        if self.is_html:
            return f"{self.document}/{self.region}/{self.lang}/html" + (" (draft)" if self.draft else "")
        return f"{self.document}/{self.layout}/{self.region}/{self.lang}/{self.edition}" + (
            " (draft)" if self.draft else "")


@dataclass(frozen=True)
class Options:
    """How to build: what the command line's flags say."""

    marks: bool = False
    pdfx: str = "4"
    draft: bool = False
    force: bool = False
    check_only: bool = False
    allow_low_res: bool = False  # print logos between 150 and 300 ppi only warn anyway; this lets <150 through
    allow_unverified: bool = False  # a final print run with contact data never (or long ago) verified
    record: bool = True  # final print runs are added to the workspace's edition log (editions/)
    overprint_black: bool = False  # print: text in pure 100 % K overprints (no white gap round it if plates shift)
