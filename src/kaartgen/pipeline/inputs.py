"""Inputs: every input file of a workspace, loaded at most once per process, and the per-layout measures.

The chain asks an `Inputs` for the source, layout, region and translation of an edition; each is read and
validated once (a `DataError` is raised again on every later ask), so a matrix build reads every file once.
"""

from __future__ import annotations

from pathlib import Path

from ..layout.measure import Measure
from ..load.layouts import check_against_source, load_layout
from ..load.logos import open_logo
from ..load.regions import list_regions, load_region
from ..load.settings import Settings, load_settings, missing
from ..load.source import list_documents, load_source
from ..load.translations import list_languages, load_translation, same_languages
from ..model.content import Source
from ..model.diagnostics import DataError, Diagnostic, KaartgenError
from ..model.layout import LayoutSpec
from ..model.region import LogoPicture, Region
from ..model.translation import Translation
from .dates import InputDates


class Inputs:
    """Every input file of a workspace, loaded at most once per process."""

    def __init__(self, workspace: Path | str):
        self.workspace = Path(workspace)
        self._sources: dict[str, Source] = {}
        self._layouts: dict[str, LayoutSpec] = {}
        self._regions: dict[str, Region] = {}
        self._translations: dict[tuple[str, str], Translation] = {}
        self._measures: dict[str, Measure] = {}
        self._logos: dict[str, tuple[LogoPicture, ...]] = {}
        self._checked: dict[tuple[str, str], list[Diagnostic]] = {}
        self._same_languages: dict[str, dict[str, list[str]]] = {}
        self._settings: Settings | None = None
        self._drafts: dict[str, bytes] = {}  # region → the text of an unsaved region file (the studio)
        self.dates = InputDates(self.workspace)  # when each input file was last changed (git or mtime)

    @property
    def settings(self) -> Settings:
        """The workspace's ``kaartgen.yaml`` (or its defaults), read once."""
        if self._settings is None:
            self._settings = load_settings(self.workspace)
        return self._settings

    def document_name(self, document: str | None = None) -> str:
        """The document named, or the workspace's default one."""
        chosen = document or self.settings.document
        if chosen is None:
            raise KaartgenError(missing("document", "-d DOCUMENT", "document", list_documents(self.workspace)))
        return chosen

    def reference_region(self) -> str:
        """The region translators' status and screenshots use."""
        region = self.settings.reference_region
        if region is None:
            raise KaartgenError(missing("reference region for translations", "a setting",
                                        "translations.reference_region", list_regions(self.workspace)))
        return region

    def same_languages(self, document: str) -> dict[str, list[str]]:
        """The document's translations whose names mean one language ('sr@latin', 'sr_Latn'): name → others."""
        if document not in self._same_languages:
            self._same_languages[document] = same_languages(list_languages(self.workspace, document))
        return self._same_languages[document]

    def source(self, document: str) -> Source:
        if document not in self._sources:
            self._sources[document] = load_source(self.workspace, document)
        return self._sources[document]

    def layout(self, name: str) -> LayoutSpec:
        if name not in self._layouts:
            self._layouts[name] = load_layout(self.workspace, name)
        return self._layouts[name]

    def checked_layout(self, document: str, name: str) -> LayoutSpec:
        """A layout that places only blocks the document has, in styles the layout defines."""
        spec, source = self.layout(name), self.source(document)
        key = (document, name)
        if key not in self._checked:
            self._checked[key] = check_against_source(
                spec, set(source.blocks), {k: b.style for k, b in source.blocks.items()},
                {k: tuple(entry.key.rpartition(".")[2] for entry in b.items) for k, b in source.blocks.items()})
        if self._checked[key]:
            raise DataError(self._checked[key])
        return spec

    def region(self, name: str) -> Region:
        if name not in self._regions:
            self._regions[name] = load_region(self.workspace, name, self._drafts.get(name))
        return self._regions[name]

    def set_draft(self, region: str, text: bytes | None) -> None:
        """Read `region` from `text` (the studio's unsaved form) instead of its file from now on; None goes back
        to the file. Everything else stays loaded and warm."""
        if self._drafts.get(region) != text:
            self._regions.pop(region, None)
            self._logos.pop(region, None)
            if text is None:
                self._drafts.pop(region, None)
            else:
                self._drafts[region] = text

    def translation(self, document: str, lang: str) -> Translation:
        key = (document, lang)
        if key not in self._translations:
            self._translations[key] = load_translation(self.workspace, self.source(document), lang)
        return self._translations[key]

    def measure(self, layout: str) -> Measure:
        if layout not in self._measures:
            self._measures[layout] = Measure(self.layout(layout))
        return self._measures[layout]

    def forget(self, path: Path) -> None:
        """Forget what was loaded from `path` (a file that changed), so the next ask reads it again; everything
        else — fonts, measures, line breaks of unchanged blocks — stays warm."""
        path = Path(path).resolve()

        def same(other: Path | None) -> bool:
            return other is not None and Path(other).resolve() == path

        for document, source in list(self._sources.items()):
            if same(source.path):
                del self._sources[document]
                self._translations = {k: v for k, v in self._translations.items() if k[0] != document}
                self._checked = {k: v for k, v in self._checked.items() if k[0] != document}
        for name, spec in list(self._layouts.items()):
            if same(spec.path) or any(same(font) for font in spec.fonts.values()):
                del self._layouts[name]
                self._measures.pop(name, None)
                self._checked = {k: v for k, v in self._checked.items() if k[1] != name}
        for name, region in list(self._regions.items()):
            if any(same(file) for file in region.files):
                del self._regions[name]
                self._logos.pop(name, None)
        for key, translation in list(self._translations.items()):
            if same(translation.po_path) or same(translation.review_path):
                del self._translations[key]

    def logos(self, region: Region) -> tuple[LogoPicture, ...]:
        """The region's logos, decoded (every unusable file reported together, with the region file's line)."""
        if region.id not in self._logos:
            problems: list[Diagnostic] = []
            pictures = []
            for logo in region.logos:
                try:
                    pictures.append(open_logo(logo))
                except DataError as error:
                    problems.extend(error.diagnostics)
            if problems:
                raise DataError(problems)
            self._logos[region.id] = tuple(pictures)
        return self._logos[region.id]
