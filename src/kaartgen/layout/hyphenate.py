"""Hyphenation: a language → where its words may break, from pyphen's dictionaries (Liang's patterns).

The patterns come from pyphen's dictionary for the language (its public ``LANGUAGES`` and ``HyphDict``). Parsing
a dictionary takes longer than laying out a whole card, so the parsed patterns are kept in the disk cache (keyed
by the dictionary file's content) and looked up here with Liang's algorithm, exactly as pyphen does; a
dictionary with non-standard alternatives (rare) is used through ``pyphen.Pyphen`` itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

LEFT, RIGHT = 2, 2  # pyphen's defaults: at least two letters before and after a break


class Hyphenator(Protocol):
    def positions(self, word: str) -> list[int]: ...


class Patterns:
    """Liang's hyphenation over parsed patterns: the same positions as ``pyphen.Pyphen(...).positions``."""

    def __init__(self, patterns: Mapping[str, Sequence[Any]]):  # pattern → (offset, values), lists or tuples
        self.patterns = patterns
        self.maxlen = max((len(key) for key in patterns), default=1)
        self._cache: dict[str, list[int]] = {}

    def positions(self, word: str) -> list[int]:
        lower = word.lower()
        points = self._cache.get(lower)
        if points is None:
            pointed = f".{lower}."
            references = [0] * (len(pointed) + 1)
            for i in range(len(pointed) - 1):
                stop = min(i + self.maxlen, len(pointed)) + 1
                for j in range(i + 1, stop):
                    pattern = self.patterns.get(pointed[i:j])
                    if pattern:
                        offset, values = pattern
                        for k, value in enumerate(values, i + offset):
                            if value > references[k]:
                                references[k] = value
            if len(self._cache) > 50000:  # bounded: a long matrix build must not grow without end
                self._cache.clear()
            points = self._cache[lower] = [i - 1 for i, ref in enumerate(references) if ref % 2]
        right = len(word) - RIGHT
        return [i for i in points if LEFT <= i <= right]


@lru_cache(maxsize=16)
def hyphenator(lang: str) -> Hyphenator | None:
    """The hyphenator of a language (None when pyphen has no dictionary for it: no hyphenation, no error)."""
    import pyphen

    name = pyphen.language_fallback(lang.replace("@latin", "_Latn").replace("@cyrillic", "_Cyrl"))
    if name is None:
        return None
    path = Path(pyphen.LANGUAGES[name])
    from ..load.cache import cached_json

    def parse() -> dict[str, list[object]]:
        patterns = pyphen.HyphDict(path).patterns
        if not all(type(v) is int for _start, values in patterns.values() for v in values):
            raise _NonStandard
        return {key: [start, list(values)] for key, (start, values) in patterns.items()}

    try:
        data = cached_json("hyph", path, f"pyphen-{pyphen.__version__}", parse)
    except _NonStandard:  # alternatives ("ck" → "k-k") are not plain data: let pyphen handle that dictionary
        hyphenator: Hyphenator = pyphen.Pyphen(filename=path, left=LEFT, right=RIGHT)
        return hyphenator
    return Patterns(data)  # [start, [values]] as JSON gives them: converting 15 000 entries cost 20-50 ms


class _NonStandard(Exception):
    """The dictionary has non-standard hyphenation alternatives."""
