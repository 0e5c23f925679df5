"""Source files → `Source`: ``content/<document>/nl.yaml`` read and validated (blocks, keys, styles, syntax).

Every block has a stable key and a style (the role the layout gives it); a list block has keyed items, so
inserting an item never renumbers the others. Every problem is reported at once with ``file:line: key``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model.content import LIST_STYLES, SOURCE_LANG, Block, Entry, Source
from ..model.diagnostics import DataError, Diagnostic, problem
from .inline import check_syntax, clean_text, placeholders_in
from .names import check_document_name
from .regions import placeholder_names
from .yamlfile import Fields, Located, load_yaml

KEY = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
META_FIELDS = ("title", "subject")  # translatable document metadata; `author` is a placeholder text


def document_dir(workspace: Path, document: str) -> Path:
    return workspace / "content" / document


def list_documents(workspace: Path) -> list[str]:
    root = workspace / "content"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / f"{SOURCE_LANG}.yaml").is_file())


def load_source(workspace: Path, document: str) -> Source:
    """Read and validate ``content/<document>/nl.yaml``; every problem reported at once."""
    check_document_name(document)
    path = document_dir(workspace, document) / f"{SOURCE_LANG}.yaml"
    shown = f"content/{document}/{SOURCE_LANG}.yaml"
    if not path.exists():
        known = ", ".join(list_documents(workspace)) or "none"
        raise DataError(problem(shown, None, document, "no such document", f"known documents: {known}"))
    return parse_source(load_yaml(path, shown), document, path)


def parse_source(located: Located, document: str, path: Path) -> Source:
    """A parsed ``nl.yaml`` → validated `Source` (blocks, keys, styles, inline syntax, placeholders)."""
    shown = located.path
    if located.data is None:
        raise DataError(located.problem("", "the file is empty", "a document needs 'document:' and 'blocks:'"))
    problems: list[Diagnostic] = []
    top = Fields(located, located.data, "", problems)
    if not top.ok:
        raise DataError(problems)
    top.check_known({"document", "blocks"})
    meta_fields = top.sub("document")
    meta_fields.check_known(set(META_FIELDS) | {"author"})
    meta: dict[str, Entry] = {}
    for name in META_FIELDS:
        value = meta_fields.get(name, str)
        if value is not None:
            meta[f"document.{name}"] = Entry(f"document.{name}", clean_text(value), "",
                                             located.line(f"document.{name}") or 1)
    author = meta_fields.get("author", str, "")
    blocks: dict[str, Block] = {}
    block_fields = top.sub("blocks")
    known_placeholders = set(placeholder_names())
    for key in block_fields.value:
        block = _load_block(block_fields.sub(key), key, problems)
        if block is None:
            continue
        blocks[key] = block
        for entry in block.entries:
            for message in check_syntax(entry.text):
                problems.append(problem(shown, entry.line, entry.key, message))
            for name in placeholders_in(entry.text):
                if name not in known_placeholders:
                    problems.append(problem(shown, entry.line, entry.key, f"unknown placeholder {{{name}}}",
                                            "known: " + ", ".join("{" + p + "}" for p in sorted(known_placeholders))))
    if not block_fields.value and block_fields.ok:
        problems.append(located.problem("blocks", "no blocks", "add at least one block"))
    if problems:
        raise DataError(problems)
    return Source(document, path, shown, meta, author, blocks)


def _load_block(fields: Fields, key: str, problems: list[Diagnostic]) -> Block | None:
    located = fields.located
    line = located.line(fields.path) or 1
    if not KEY.match(key):
        fields.problems.append(located.problem(fields.path, "not a valid block key",
                                               "use lower-case letters, digits and underscores"))
        return None
    if not fields.ok:
        return None
    fields.check_known({"style", "text", "items", "note"})
    style = fields.get("style", str, what="a style name such as body, heading or bullets")
    note = fields.get("note", str, "") or ""
    has_text, has_items = "text" in fields.value, "items" in fields.value
    if has_text == has_items:
        fields.report("", "give either 'text' or 'items'", "a block is one text or a list of keyed items")
        return None
    if style is None:
        return None
    if has_text:
        text = fields.get("text", str)
        if style in LIST_STYLES:
            fields.report("style", f"style '{style}' needs 'items', not 'text'")
        return None if text is None else Block(key, style, line, clean_text(note), text=clean_text(text))
    if style not in LIST_STYLES:
        fields.report("style", f"style '{style}' is for a text; a list needs one of: {', '.join(sorted(LIST_STYLES))}")
    items_fields = fields.sub("items")
    items: list[Entry] = []
    for item_key, item_value in items_fields.value.items():
        item_path = items_fields.key(item_key)
        item_line = located.line(item_path) or line
        if not KEY.match(str(item_key)):
            problems.append(located.problem(item_path, "not a valid item key",
                                            "use lower-case letters, digits and underscores"))
            continue
        item_note = ""
        if isinstance(item_value, dict):
            sub = items_fields.sub(item_key)
            sub.check_known({"text", "note"})
            item_note = sub.get("note", str, "") or ""
            item_value = sub.get("text", str)
        if not isinstance(item_value, str) or not item_value.strip():
            problems.append(located.problem(item_path, "an item needs a text"))
            continue
        items.append(Entry(f"{key}.{item_key}", clean_text(item_value), clean_text(item_note), item_line))
    if not items and items_fields.ok:
        fields.report("items", "a list needs at least one item")
    return Block(key, style, line, clean_text(note), items=tuple(items))
