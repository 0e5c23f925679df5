"""`kaartgen regions migrate REGION`: a kaartgen 0.1 region file rewritten in the current format, in one command.

A 0.1 file has one ``zorgcoordinator:`` mapping (organisation, phone, email). It still loads, but its contact cannot
say when it was verified, carry a label or more numbers. The migration rewrites only that block, as
``contacts: zorgcoordinator: [ … ]`` — the lines themselves move, with their comments and quoting, indented one list
level deeper — and adds a commented ``verified:`` line to fill in once the data has been checked. Every other line
of the file stays as it was.

It is checked, not trusted: the file must load before, and after the rewrite it must load and print exactly the
same values (by key and text). If not, the original is put back and the migration says so. The write is atomic.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..load.regions import load_region, regions_dir
from ..model.diagnostics import DataError, KaartgenError, problem
from ..model.region import Region
from ..pipeline.output import atomic_write

VERIFIED_TODO = "      # verified: {on: YYYY-MM-DD, by: NAME}   # once the data is checked with the organisation\n"


def printed(region: Region) -> list[tuple[str, str]]:
    return [(value.key, value.text) for value in region.printed()]


def migrate_region(workspace: Path, region: str) -> Path | None:
    """Rewrite a 0.1 region file in the current format; the file, or None when it needs no migration."""
    before = load_region(workspace, region)  # a file with errors is fixed first: its problems say where
    if not before.legacy:
        return None
    path = regions_dir(workspace) / f"{region}.yaml"
    original = path.read_bytes()
    text = original.decode("utf-8-sig")  # without the byte-order mark some editors write
    migrated = migrated_text(text, before)
    if migrated is None:
        raise KaartgenError(problem(before.shown, None, "zorgcoordinator", "could not find the zorgcoordinator: "
                                    "block to rewrite; the file is unchanged", "rewrite it by hand as in "
                                    "'kaartgen regions new', with zorgcoordinator: at the start of a line"))
    atomic_write(path, migrated.encode("utf-8"))
    try:
        after = load_region(workspace, region)
        same = not after.legacy and printed(after) == printed(before)
    except DataError:
        same = False
    if not same:
        atomic_write(path, original)
        raise KaartgenError(problem(before.shown, None, "zorgcoordinator", "could not be rewritten automatically "
                                    "(the result did not print the same values); the file is unchanged",
                                    "rewrite the zorgcoordinator: block by hand as in 'kaartgen regions new'"))
    return path


def migrated_text(text: str, region: Region) -> str | None:
    """The file's text with its top-level `zorgcoordinator:` block turned into `contacts: zorgcoordinator: [ … ]`
    (None when there is no such block to find). New lines end the way the file's lines end (LF or CRLF)."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    start = next((i for i, line in enumerate(lines) if re.match(r"""(["']?)zorgcoordinator\1\s*:""", line)), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].strip() and not lines[i][0].isspace() and not lines[i].startswith("#")), len(lines))
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1  # blank lines and top-level comments after the block stay where they are
    head_value, _, head_comment = lines[start].split(":", 1)[1].rstrip("\r\n").partition("#")
    comment = f"  # {head_comment.strip()}" if head_comment.strip() else ""
    body: list[str] = []
    if head_value.strip():  # a flow mapping on one line: written out from the values it gave
        [contact] = region.contacts["zorgcoordinator"]
        phone = contact.phones[0].number if contact.phones else None
        for key, value in (("organisation", contact.organisation), ("phone", phone), ("email", contact.email)):
            if value is not None:
                lead = "      " if body else "    - "
                body.append(f"{lead}{key}: {json.dumps(value.text, ensure_ascii=False)}{newline}")
    else:
        children = lines[start + 1:end]
        indent = min(len(line) - len(line.lstrip(" ")) for line in children
                     if line.strip() and not line.lstrip().startswith("#"))
        first = True
        for line in children:
            if not line.strip():
                body.append(line)
                continue
            own = len(line) - len(line.lstrip(" "))
            content = line.lstrip(" ")
            if content.startswith("#"):
                body.append(" " * 6 + content)
                continue
            if first and own == indent:
                body.append("    - " + content)
                first = False
            else:
                body.append(" " * (own - indent + 6) + content)
        if body and not body[-1].endswith("\n"):
            body[-1] += newline
    block = [f"contacts:{newline}", f"  zorgcoordinator:{comment}{newline}", *body,
             VERIFIED_TODO.replace("\n", newline)]
    return "".join(lines[:start] + block + lines[end:])
