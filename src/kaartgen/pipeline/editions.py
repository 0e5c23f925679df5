"""Edition records: what every final print run printed, kept in the workspace (``editions/<region>.jsonl``).

Each final print build that makes a new PDF appends one record: when it was built, the edition's date, document,
layout, language, region, kaartgen version, the PDF's file and sha256, every region value exactly as printed
(numbers, addresses, the note, with their verification) and the wording of every text the layout places (as written
in the source or translation, placeholders unfilled: the values are recorded on their own). The log is meant to be
committed with the workspace, so "which number was on last year's cards?" and "what changed since?" have answers:
`kaartgen editions REGION` lists the records, `kaartgen diff REGION` compares what a build would print now with the
last record (`changes_since`), and the proof shows the changes since the previous print run of its edition.

One JSON object per line; lines are only ever appended (by the build's own process, never by its workers), and a
damaged line is skipped with a warning rather than stopping anything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load.regions import ROLE_SHORT
from ..model.content import SOURCE_LANG, Source
from ..model.diagnostics import WARNING, DataError, Diagnostic, OutputError, problem
from ..model.edition import EditionName
from ..model.layout import LayoutSpec
from ..model.region import PrintedValue
from ..version import __version__
from .inputs import Inputs

EDITIONS_DIR = "editions"
SCHEMA = 1


@dataclass(frozen=True)
class EditionRecord:
    built: str  # ISO time, UTC, when the PDF was made
    edition_date: str  # the date printed on the edition (its build date)
    document: str
    layout: str
    lang: str
    region: str
    kaartgen: str
    file: str
    sha256: str
    values: tuple[PrintedValue, ...]
    texts: tuple[tuple[str, str], ...] | None = None  # (text key, wording) placed by the layout; None: not recorded

    @property
    def when(self) -> str:
        return self.built.replace("T", " ")[:16]

    def same_edition(self, other: EditionRecord) -> bool:
        return (self.document, self.layout, self.lang, self.region) == \
            (other.document, other.layout, other.lang, other.region)

    def to_json(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "built": self.built, "edition_date": self.edition_date, "document": self.document,
                "layout": self.layout, "lang": self.lang, "region": self.region, "kaartgen": self.kaartgen,
                "file": self.file, "sha256": self.sha256, "values": [v.to_json() for v in self.values],
                **({"texts": dict(self.texts)} if self.texts is not None else {})}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EditionRecord:
        from ..model.diagnostics import SourceRef

        values = tuple(PrintedValue(str(v["key"]), str(v.get("label", v["key"])), str(v["text"]),
                                    SourceRef(str(v.get("source", ""))), str(v.get("verified", "")))
                       for v in data["values"])
        texts = data.get("texts")
        return cls(str(data["built"]), str(data.get("edition_date", "")), str(data["document"]),
                   str(data["layout"]), str(data["lang"]), str(data["region"]), str(data.get("kaartgen", "")),
                   str(data["file"]), str(data["sha256"]), values,
                   tuple((str(k), str(v)) for k, v in texts.items()) if isinstance(texts, dict) else None)

    @property
    def name(self) -> EditionName:
        return EditionName(self.document, self.layout, self.region, self.lang, "print")


def record_for(name: EditionName, date: dt.datetime, file: str, digest: str, values: list[PrintedValue],
               texts: dict[str, str]) -> EditionRecord:
    built = dt.datetime.now(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")
    return EditionRecord(built, date.date().isoformat(), name.document, name.layout, name.lang, name.region,
                         __version__, file, digest, tuple(values), tuple(sorted(texts.items())))


def printed_texts(source: Source, spec: LayoutSpec, translated: dict[str, Any] | None) -> dict[str, str]:
    """The wording of every text the layout places: the translation's where there is one, else the source's."""
    placed = spec.placed_blocks()  # block key → the items placed (() for all of them)
    texts = {}
    for block in source.blocks.values():
        if block.key in placed:
            chosen = placed[block.key]
            for entry in block.entries:
                if not chosen or entry.key.rpartition(".")[2] in chosen:
                    texts[entry.key] = translated[entry.key][0] if translated and entry.key in translated \
                        else entry.text
    return texts


def printed_now(inputs: Inputs, name: EditionName) -> tuple[list[PrintedValue], dict[str, str]]:
    """What a build of this edition would print now: its region values and its texts' wording."""
    translated = inputs.translation(name.document, name.lang).texts if name.lang != SOURCE_LANG else None
    return (inputs.region(name.region).printed(name.lang, ROLE_SHORT),
            printed_texts(inputs.source(name.document), inputs.layout(name.layout), translated))


def log_path(workspace: Path, region: str) -> Path:
    return workspace / EDITIONS_DIR / f"{region}.jsonl"


def read_log(workspace: Path, region: str) -> tuple[list[EditionRecord], list[Diagnostic]]:
    """The records of a region, oldest first, and a warning for each line that cannot be read."""
    path = log_path(workspace, region)
    shown = f"{EDITIONS_DIR}/{region}.jsonl"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return [], []
    except (OSError, UnicodeDecodeError) as exc:
        return [], [problem(shown, None, "", f"cannot read the edition log ({exc})",
                            "restore it from version control").with_severity(WARNING)]
    records, problems = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("not an object")
            records.append(EditionRecord.from_json(data))
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(problem(shown, number, "", f"a damaged record is skipped ({exc})",
                                    "restore the file from version control").with_severity(WARNING))
    return records, problems


def append_records(workspace: Path, records: list[EditionRecord]) -> list[Path]:
    """Append each record to its region's log, unless the last record of that edition has the same PDF."""
    written = []
    by_region: dict[str, list[EditionRecord]] = {}
    for record in records:
        by_region.setdefault(record.region, []).append(record)
    for region, new in sorted(by_region.items()):
        old, _problems = read_log(workspace, region)
        lines = []
        for record in new:
            last = next((r for r in reversed(old) if r.same_edition(record)), None)
            if last is not None and last.sha256 == record.sha256:
                continue  # rebuilt, but the same file: not a new print run
            lines.append(json.dumps(record.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
            old.append(record)
        if not lines:
            continue
        path = log_path(workspace, region)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a+b") as handle:
                if handle.tell() > 0:  # a last line without its newline (an editor, a merge) must not swallow ours
                    handle.seek(-1, os.SEEK_END)
                    if handle.read(1) != b"\n":
                        lines.insert(0, "\n")
                handle.write("".join(lines).encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise OutputError(problem(str(path), None, "", f"cannot record the edition: {exc.strerror or exc}",
                                      "make the editions/ folder writable; the PDFs themselves were written")) from None
        written.append(path)
    return written


def previous(records: list[EditionRecord], name: EditionName, digest: str) -> EditionRecord | None:
    """The last recorded print run of this edition whose PDF differs from `digest` (the one before this one)."""
    for record in reversed(records):
        if (record.document, record.layout, record.lang, record.region) == \
                (name.document, name.layout, name.lang, name.region) and record.sha256 != digest:
            return record
    return None


def latest(records: list[EditionRecord], lang: str | None = None) -> EditionRecord | None:
    for record in reversed(records):
        if lang is None or record.lang == lang:
            return record
    return None


@dataclass(frozen=True)
class Change:
    kind: str  # changed | added | removed (a region value) | text (the wording of a text)
    key: str
    label: str
    old: str
    new: str


def changes_since(inputs: Inputs, records: list[EditionRecord], region: str,
                  lang: str) -> tuple[EditionRecord | None, list[Change]]:
    """The last of a region's records (`read_log`) in `lang`, and what a build of that edition would print
    differently now."""
    last = latest(records, lang)
    if last is None:
        return None, []
    try:
        values, texts = printed_now(inputs, last.name)
    except DataError:  # the layout of that print run is gone or broken: the region's values still compare
        return last, compare(last, inputs.region(region).printed(lang, ROLE_SHORT))
    return last, compare(last, values, texts)


def compare(record: EditionRecord, new: Sequence[PrintedValue],
            texts: dict[str, str] | None = None) -> list[Change]:
    """What changed since a record: region values in the new values' order, then texts whose wording changed."""
    changes = compare_values(record.values, new)
    if texts is not None and record.texts is not None:  # records of before 0.2 texts were kept have no texts
        old_texts = dict(record.texts)
        for key in sorted(set(old_texts) | set(texts)):
            if old_texts.get(key, "") != texts.get(key, ""):
                changes.append(Change("text", key, key, old_texts.get(key, ""), texts.get(key, "")))
    return changes


def compare_values(old: Sequence[PrintedValue], new: Sequence[PrintedValue]) -> list[Change]:
    """The region values that differ between two sets of printed values: in the new values' order, then the
    removed ones."""
    before = {v.key: v for v in old}
    after = {v.key: v for v in new}
    changes = []
    for key, value in after.items():
        was = before.get(key)
        if was is None:
            changes.append(Change("added", key, value.label, "", value.text))
        elif was.text != value.text:
            changes.append(Change("changed", key, value.label, was.text, value.text))
    for key, value in before.items():
        if key not in after:
            changes.append(Change("removed", key, value.label, value.text, ""))
    return changes

