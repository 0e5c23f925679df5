"""Drafts: the form's unsaved region text → the chain's verdict (problems, body size, room left) and preview
pictures of one layout and language — the same `run_edition` that `kaartgen check` and `kaartgen build` run.

The studio keeps one warm `Inputs` (fonts, layouts, measures, line breaks) and lends it the draft text of one
region for one run (`Inputs.set_draft`), under one lock: the chain and ReportLab are not made for threads, and a
preview takes a few tenths of a second. Before each run the workspace's input files are compared with what was
loaded (size and modification time): a region file saved elsewhere is forgotten and read again; any other
changed input (a layout, a translation, `kaartgen.yaml`) starts a fresh `Inputs`.

The preview is the print edition rendered to pixels by the project's raster backend (bleed and marks included) at
a resolution that fits the studio's page; a draft build is never written to `output/`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..backends.raster import png_bytes, rasterise
from ..load.source import list_documents
from ..model.diagnostics import Diagnostic, KaartgenError
from ..model.edition import EditionName, Options
from ..pipeline.chain import Stage, run_edition
from ..pipeline.inputs import Inputs

PREVIEW_WIDTH_PX = 1100  # one side of the sheet, as wide as the studio shows it (about 40 dpi for A4)
WATCHED = ("kaartgen.yaml", "content", "layouts", "fonts", "logos")
MM = 72 / 25.4


@dataclass(frozen=True)
class Draft:
    """What the chain says of a draft of one region, in one layout and language."""

    region: str
    layout: str
    lang: str
    diagnostics: tuple[Diagnostic, ...]
    body_size: float | None
    base_size: float | None
    min_size: float | None
    room_mm: float | None  # the least room left below the contacts, mm
    pages: tuple[bytes, ...]  # PNG, one per side
    seconds: float

    @property
    def ok(self) -> bool:
        return not any(d.severity.value == "error" for d in self.diagnostics)


class Drafts:
    """The studio's one warm chain."""

    def __init__(self, workspace: Path):
        self.workspace = workspace.resolve()
        self.lock = threading.Lock()
        self.inputs = Inputs(self.workspace)
        self._seen = dict(self._stat())

    def _stat(self) -> Iterator[tuple[Path, tuple[int, int]]]:
        for name in WATCHED:
            top = self.workspace / name
            paths = [top] if top.is_file() else sorted(top.rglob("*")) if top.is_dir() else []
            for path in paths:
                if path.is_file() and not path.name.startswith("."):
                    info = path.stat()
                    yield path, (info.st_mtime_ns, info.st_size)

    def stamp(self) -> tuple[tuple[str, int, int], ...]:
        """What the input files are now (path, modification time, size), and the edition log: equal stamps,
        equal builds. The proof page keeps its picture as long as this stays the same."""
        found = [(str(path), *seen) for path, seen in self._stat()]
        editions = self.workspace / "editions"
        if editions.is_dir():
            for path in sorted(editions.glob("*.jsonl")):
                info = path.stat()
                found.append((str(path), info.st_mtime_ns, info.st_size))
        return tuple(found)

    def refresh(self) -> None:
        """Notice input files changed on disk since they were loaded."""
        now = dict(self._stat())
        changed = {path for path in now.keys() | self._seen.keys() if now.get(path) != self._seen.get(path)}
        self._seen = now
        if not changed:
            return
        regions = self.workspace / "content" / "regions"
        if all(path.parent == regions and path.suffix == ".yaml" and path.stem != "_national" for path in changed):
            for path in changed:
                self.inputs.forget(path)
        else:
            self.inputs = Inputs(self.workspace)

    def document(self) -> str:
        try:
            return self.inputs.document_name()
        except KaartgenError:
            documents = list_documents(self.workspace)
            if not documents:
                raise
            return documents[0]

    def check(self, region: str, text: bytes | None, layout: str, lang: str, *, pictures: bool = True,
              document: str | None = None) -> Draft:
        """Run the chain over the draft (or, with `text` None, the saved file) up to the rendered PDF."""
        started = time.perf_counter()
        with self.lock:
            self.refresh()
            document = document or self.document()
            name = EditionName(document, layout, region, lang, "print")
            self.inputs.set_draft(region, text)
            try:
                result, _entry = run_edition(self.inputs, name, Options(draft=True),
                                             until=Stage.RENDER if pictures else Stage.PLAN)
                spec = self.inputs.layout(layout) if result.ok else None
            finally:
                self.inputs.set_draft(region, None)
            pages: tuple[bytes, ...] = ()
            if result.ok and result.pdf is not None:
                assert spec is not None
                dpi = PREVIEW_WIDTH_PX / ((spec.trim_w + 2 * spec.bleed) / 72)
                pages = tuple(png_bytes(page.image, fast=True) for page in rasterise("preview", dpi, data=result.pdf))
        room = min((pt for _panel, pt in result.room), default=None)
        return Draft(region, layout, lang, result.diagnostics, result.body_size,
                     spec.base_size if spec else None, spec.min_size if spec else None,
                     round(room / MM, 1) if room is not None else None, pages, time.perf_counter() - started)
