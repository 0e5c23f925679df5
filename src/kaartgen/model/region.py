"""Region types: the merged, validated contact data of one region, and the logos it names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import SourceRef


@dataclass(frozen=True)
class Value:
    """One region value as printed, with what a screen edition links it to."""

    text: str
    kind: str  # text | phone | email | url | time
    link: str | None = None  # tel:, mailto: or https: target
    source: SourceRef = SourceRef("")  # where it came from


@dataclass(frozen=True)
class Logo:
    """A logo as a region names it."""

    path: Path
    shown: str  # workspace-relative, for messages
    alt: str
    source: SourceRef  # the region file's line


@dataclass(frozen=True)
class LogoPicture:
    """A decoded logo: what layout needs (pixel size) and what the images backend converts."""

    logo: Logo
    width: int
    height: int
    mode: str
    digest: str  # sha256 of the file bytes: the same bytes give the same PDF


@dataclass(frozen=True)
class Region:
    """The merged, validated data of one region."""

    id: str
    values: dict[str, Value]  # placeholder name → value
    files: tuple[Path, ...]  # national file, region file and logo files (for input hashes)
    logos: tuple[Logo, ...] = ()  # in the order the file lists them

    @property
    def name(self) -> str:
        return self.values["region.name"].text
