"""Edition types: which edition (document × layout × region × language × print/screen) and the build options."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

EDITIONS = ("print", "screen")


@dataclass(frozen=True)
class EditionName:
    document: str
    layout: str
    region: str
    lang: str
    edition: str  # print | screen
    draft: bool = False

    @property
    def stem(self) -> str:
        draft = "_CONCEPT" if self.draft else ""
        return f"{self.document}_{self.layout}_{self.region}_{self.lang}_{self.edition}{draft}"

    @property
    def is_print(self) -> bool:
        return self.edition == "print"

    def relative_path(self) -> PurePosixPath:
        """<document>/<region>/<lang>/<document>_<layout>_<region>_<lang>_<edition>.pdf"""
        return PurePosixPath(self.document) / self.region / self.lang / f"{self.stem}.pdf"

    def __str__(self) -> str:
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
