"""Selection: the command line's selectors (names or 'all') → the list of editions to make, in a stable order.

`--lang all` means the source and every final translation; with `--draft`, every translation. An empty selection
is explained: the 'all' that found nothing is named.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ..load.layouts import list_layouts
from ..load.names import (
    ALL,
    check_selectors as check_selectors,  # re-exported: where it was
)
from ..load.regions import list_regions
from ..load.settings import missing
from ..load.source import list_documents
from ..load.translations import list_languages
from ..model.content import SOURCE_LANG
from ..model.diagnostics import KaartgenError
from ..model.edition import EDITIONS, EditionName
from ..model.translation import FINAL
from .inputs import Inputs


def expand(values: Iterable[str], everything: Callable[[], list[str]], default: list[str]) -> list[str]:
    chosen: list[str] = []
    for value in values or default:
        for item in (everything() if value == ALL else [value]):
            if item not in chosen:
                chosen.append(item)
    return chosen


def select_editions(inputs: Inputs, documents: Iterable[str] = (), layouts: Iterable[str] = (),
                    langs: Iterable[str] = (), regions: Iterable[str] = (), editions: Iterable[str] = (),
                    draft: bool = False) -> list[EditionName]:
    """Expand the selectors ('all' or names) into the list of editions to make."""
    workspace, settings = inputs.workspace, inputs.settings
    layout_names = expand(layouts, lambda: list_layouts(workspace), list(settings.layouts))
    if not regions and not settings.regions:
        raise KaartgenError(missing("region", "-r REGION or -r all", "regions", list_regions(workspace)))
    region_names = expand(regions, lambda: list_regions(workspace), list(settings.regions))
    edition_names = expand(editions, lambda: list(EDITIONS), list(settings.editions))
    documents = list(documents) or [inputs.document_name()]
    result = []
    for document in expand(documents, lambda: list_documents(workspace), []):
        def languages(document: str = document) -> list[str]:
            found = [SOURCE_LANG] + list_languages(workspace, document)
            return found if draft else [lang for lang in found if _printable(inputs, document, lang)]

        lang_names = expand(langs, languages, list(settings.languages))
        made_for = languages_of(inputs, layout_names, named=set(layouts or settings.layouts) - {ALL})
        result += [EditionName(document, layout, region, lang, edition) for layout in layout_names
                   for region in region_names for lang in lang_names for edition in edition_names
                   if edition != "html" and made_for(layout, lang)]
        if "html" in edition_names and layout_names:  # one web page per region and language, whatever the layouts
            page_layout = _page_layout(inputs, layout_names)
            result += [EditionName(document, page_layout, region, lang, "html") for region in region_names
                       for lang in lang_names]
    return result


def languages_of(inputs: Inputs, layout_names: list[str], named: set[str]) -> Callable[[str, str], bool]:
    """Whether a layout prints a language: a layout made for some languages only (`languages:` — a folder that
    opens the other way, for right-to-left ones) is left out of 'all' for the others; named with -l, it is
    built as asked."""
    made_for: dict[str, Callable[[str], bool]] = {}
    for name in layout_names:
        try:
            made_for[name] = inputs.layout(name).made_for
        except KaartgenError:
            made_for[name] = lambda _lang: True  # a broken layout is reported by its own editions
    return lambda layout, lang: layout in named or made_for[layout](lang)


def _page_layout(inputs: Inputs, chosen: list[str]) -> str:
    """The layout a web page takes its text and colours from: a card's (it carries the whole text, where a poster
    carries a selection) — the first chosen card, else the workspace's first card, else the first chosen."""
    for name in chosen + [n for n in list_layouts(inputs.workspace) if n not in chosen]:
        try:
            if inputs.layout(name).is_folded:
                return name
        except KaartgenError:
            continue  # a broken layout is reported by its own editions
    return chosen[0]


def nothing_selected(workspace: Path, documents: Iterable[str], layouts: Iterable[str],
                     regions: Iterable[str]) -> str:
    """Why a selection came out empty: the 'all' that found nothing."""
    for values, found, what in ((list(documents), list_documents, "documents (content/<document>/nl.yaml)"),
                                (list(layouts) or [ALL], list_layouts, "layouts (layouts/*.yaml)"),
                                (list(regions), list_regions, "regions (content/regions/<region>.yaml)")):
        if ALL in values and not found(workspace):
            return f"{workspace}: no {what} to select with 'all'"
    return "nothing selected"


def _printable(inputs: Inputs, document: str, lang: str) -> bool:
    """The source, or a final translation; a translation that cannot be read counts, so the build reports it."""
    if lang == SOURCE_LANG:
        return True
    try:
        return inputs.translation(document, lang).state == FINAL
    except KaartgenError:
        return True
