"""Names that become folder and file names — documents, layouts, regions, languages — checked in one place.

A malformed name (``../etc``, ``IJssel land``, ``Deutsch``) is a :class:`UsageError` (exit code 2) before any file
is read, whether it comes from the command line, the library API or a workspace setting.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..model.diagnostics import ERROR, Diagnostic, UsageError
from ..model.messages import T

DOCUMENT_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
LAYOUT_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
REGION_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
LANG = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?(?:@[a-z]{1,8})?$")
"""A gettext / CLDR locale name: language, then script, region and a modifier, each if needed: 'pl', 'pt_BR',
'sr_Latn', 'sr@latin', 'zh_Hans', 'zh_Hant_TW'."""
ALL = "all"  # selects every document, layout, region or language; never a name itself


def check_name(kind: str, value: str, pattern: re.Pattern[str], what: str, hint: str) -> str:
    """`value` must match `pattern`, else a UsageError names it."""
    if not isinstance(value, str) or not pattern.match(value):
        shown = repr(value) if value else "''"
        raise UsageError(Diagnostic(ERROR, T("{name} is not a valid {what}", name=shown, what=what), key=kind,
                                    hint=hint))
    return value


def name_error(check: Callable[[str], str], value: str) -> Diagnostic | None:
    """The diagnostic `check` gives for `value`, or None when the name is fine (for names read from files)."""
    try:
        check(value)
    except UsageError as error:
        return error.diagnostics[0]
    return None


def check_document_name(document: str) -> str:
    return check_name("document", document, DOCUMENT_NAME, T("document name"),
                      T("use lower-case letters, digits and dashes"))


def check_layout_name(name: str) -> str:
    return check_name("layout", name, LAYOUT_NAME, T("layout name"), T("use lower-case letters, digits and dashes"))


def check_region_id(region: str) -> str:
    return check_name("region", region, REGION_NAME, T("region name"),
                      T("use lower-case letters, digits and dashes, e.g. 'ijsselland' or 'zuid-limburg'"))


def check_lang(lang: str) -> str:
    return check_name("language", lang, LANG, T("language code"),
                      T("use a locale name such as 'en', 'pt_BR', 'sr@latin' or 'zh_Hans'"))


def check_selectors(documents: Iterable[str] = (), layouts: Iterable[str] = (), langs: Iterable[str] = (),
                    regions: Iterable[str] = ()) -> None:
    """Names become paths: refuse malformed ones (a UsageError) before anything is read."""
    for values, check in ((documents, check_document_name), (layouts, check_layout_name),
                          (regions, check_region_id), (langs, check_lang)):
        for value in values:
            if value != ALL:
                check(value)
