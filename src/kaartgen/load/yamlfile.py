"""YAML data file → plain Python values plus the line of every key, for located error messages.

`load_yaml` refuses a file over `MAX_DATA_FILE_BYTES` before reading it, parses with PyYAML's composer (the C
one when present, never a constructor that builds objects), refuses duplicate keys, aliases, merge keys and any
tag but the plain YAML types, and returns a :class:`Located` tree: plain ``dict``/``list``/``str``/``int``…
values, and a table mapping each dotted key path (``zorgcoordinator.phone``) to its 1-based line.

The small schema helpers (`Fields`) turn that into typed values and collect every problem of a file at once.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from ..model.diagnostics import DataError, Diagnostic, problem
from ..model.messages import T
from .characters import HIDDEN_HINT, hidden_problem

try:  # the C composer is several times faster; fall back quietly to the pure-Python one
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DATA_FILE_BYTES = 2 * 1024 * 1024
"""A content, region or layout file larger than this is refused (they are a few kB; protects against mistakes)."""


@dataclass
class Located:
    """A parsed data file: its values and the line of each key path."""

    path: str
    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, str] = field(default_factory=dict)  # key path → source text of a number (16.00, not 16.0)

    def line(self, key: str) -> int | None:
        """Line of `key`, or of its nearest parent that has one."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key.rpartition(".")[0]
        return self.lines.get("", 1)

    def problem(self, key: str, message: str, hint: str = "") -> Diagnostic:
        return problem(self.path, self.line(key), key, message, hint)


def load_yaml(path: Path, shown_as: str | None = None) -> Located:
    """Read and parse one YAML file; every syntax or structure problem becomes a located DataError."""
    shown = shown_as or path.as_posix()
    return parse_yaml(read_limited(path, shown), shown)


class NotARegularFile(OSError):
    """A pipe, a device, a socket or a folder where a file should be."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most `limit` + 1 bytes of a regular file. A pipe (FIFO) would block the build until someone writes to
    it and a device such as /dev/zero never ends, so anything but a regular file is refused before a byte is
    read: opened without blocking, checked with fstat."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(errno.EINVAL, "not a regular file (a pipe, a device or a folder)")
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_limited(path: Path, shown: str) -> bytes:
    """The bytes of a data file (YAML or PO); one over `MAX_DATA_FILE_BYTES` is refused before it is read."""
    try:
        if path.stat().st_size > MAX_DATA_FILE_BYTES:  # refuse before reading: a mistake must not cost memory
            raise DataError(_too_large(shown, path.stat().st_size))
        raw = read_regular_file(path, MAX_DATA_FILE_BYTES)
    except FileNotFoundError:
        raise DataError(problem(shown, None, "", "file not found")) from None
    except IsADirectoryError:
        raise DataError(problem(shown, None, "", "a folder, not a file")) from None
    except OSError as exc:
        raise DataError(problem(shown, None, "", f"cannot read file: {exc.strerror}")) from None
    if len(raw) > MAX_DATA_FILE_BYTES:  # it grew while being read
        raise DataError(_too_large(shown))
    return raw


def _too_large(shown: str, size: int | None = None) -> Diagnostic:
    limit = f"a data file may be at most {MAX_DATA_FILE_BYTES // 1024 // 1024} MB"
    what = f"the file is {size / 1024 / 1024:.1f} MB" if size else "the file is larger than that"
    return problem(shown, None, "", f"{what}; {limit}" if size else f"{limit}; {what}", "is this the right file?")


def parse_yaml(raw: bytes, shown: str) -> Located:
    """YAML bytes → Located; the size limit, UTF-8, syntax, duplicate keys, aliases and tags are checked."""
    if len(raw) > MAX_DATA_FILE_BYTES:
        raise DataError(_too_large(shown, len(raw)))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(problem(shown, line, "", "not UTF-8 text", "save the file as UTF-8")) from None
    if "\x00" in text:
        raise DataError(problem(shown, None, "", "binary data, not YAML", "is this the right file?"))
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise DataError(explain_syntax_error(text, exc, shown)) from None
    except yaml.reader.ReaderError as exc:  # a control character, often pasted in from a word processor
        line = text[: exc.position].count("\n") + 1
        raise DataError(problem(shown, line, "", f"line {line} contains an invisible control character "
                                f"(U+{exc.character:04X}), often pasted in from a word processor",
                                "delete it: retype the space or line break around that place")) from None
    except yaml.YAMLError as exc:
        raise DataError(problem(shown, None, "", f"YAML error: {exc}")) from None
    located = Located(shown, None, {"": 1})
    if node is None:
        located.data = None
        return located
    problems: list[Diagnostic] = []
    located.data = _convert(node, "", located, problems, set())
    if any(p.message == ALIAS for p in problems):
        # A composed alias is the anchored node itself, which knows only the anchor's line; the parser's alias
        # events come in the same document order as _convert meets them, and know where each alias is written.
        lines = iter([e.start_mark.line + 1 for e in yaml.parse(text, Loader=_Loader)
                      if isinstance(e, yaml.AliasEvent) and e.start_mark is not None])
        problems = [replace(p, line=next(lines, p.line)) if p.message == ALIAS else p for p in problems]
    if problems:
        raise DataError(problems)
    return located


def explain_syntax_error(text: str, exc: yaml.MarkedYAMLError, shown: str) -> Diagnostic:
    """A YAML parser error in plain words, at the line where the mistake is, with the fix.

    The parser reports where it noticed the problem — for an unclosed quote that is the end of the file — and in
    its own terms; the common mistakes of people who edit these files by hand are recognised and explained at the
    line where they are. Anything else still gets the line and a general hint."""
    lines = text.split("\n")
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    what, context = exc.problem or "", exc.context or ""

    def line_of(mark: Any) -> int | None:
        return mark.line + 1 if mark is not None else None

    def here(line: int | None, message: str, hint: str, column: int | None = None) -> Diagnostic:
        return problem(shown, line, "", message, hint, column=column)

    def text_of(row: int | None) -> str:
        return lines[row - 1] if row is not None and 0 < row <= len(lines) else ""

    if problem_mark is not None and "cannot start any token" in what:
        row, col = problem_mark.line, problem_mark.column
        char = lines[row][col] if row < len(lines) and col < len(lines[row]) else ""
        if char == "\t":
            if not lines[row][:col].strip():
                return here(row + 1, f"line {row + 1} starts with a tab", "indent with spaces: YAML does not "
                                                                           "allow tabs for indentation")
            return here(row + 1, "a tab where YAML does not allow one", "use spaces instead", col + 1)
        return here(row + 1, f"a value cannot start with '{char}'",
                    f"put the value in double quotes: {_quoted(lines[row], col)}", col + 1)
    if "quoted scalar" in context and context_mark is not None:  # the quote opens where the context says
        row, col = context_mark.line + 1, context_mark.column
        quote = text_of(row)[col:col + 1] or '"'
        line = text_of(row)
        in_braces = "{" in line[:col] or "[" in line[:col]
        if quote == "'":
            hint = ("if the text begins with an apostrophe, put it in double quotes: \"'s-Hertogenbosch\""
                    if in_braces else "if the text begins with an apostrophe, write the whole value in double "
                                      f"quotes: {_quoted(line)}")
            return here(row, "the value starts with ' but never ends with one", hint, col + 1)
        return here(row, 'the value starts with " but never ends with one', 'end the value with " as well',
                    col + 1)
    if "could not find expected ':'" in what and context_mark is not None:
        row = context_mark.line + 1
        return here(row, f"line {row} has no colon between its key and value",
                    "write 'key: value', with a colon and a space")
    if "mapping values are not allowed" in what and problem_mark is not None:
        row = problem_mark.line
        above = next((r for r in range(row - 1, -1, -1) if lines[r].strip() and not lines[r].lstrip()
                      .startswith("#")), None)
        if above is not None and ":" not in lines[above] and row > 0:
            return here(above + 1, f"line {above + 1} has no colon between its key and value",
                        "write 'key: value', with a colon and a space")
        if above is not None and _indent(lines[row]) > _indent(lines[above]) and \
                lines[above].split(":", 1)[1].split(" #", 1)[0].strip():
            return here(row + 1, f"line {row + 1} is indented further than line {above + 1}, which already has "
                                 "a value", f"give it the same indentation as line {above + 1}")
        return here(row + 1, "this value contains ': ' (a colon and a space), which YAML reads as a new key",
                    f"put the value in double quotes: {_quoted(lines[row], problem_mark.column)}",
                    problem_mark.column + 1)
    if ("but found '<scalar>'" in what or "expected key" in what) and problem_mark is not None:
        row = problem_mark.line + 1
        key, _, value = text_of(row).strip().partition(": ")
        value = value.split(" #", 1)[0].strip()
        if value[:1] in ("'", '"') and value.count(value[0]) >= 2 and not value.endswith(value[0]):
            quote = value[0]
            inner = quote + value[1:].split(quote, 1)[0] + quote
            other, other_name = ("'", "single") if quote == '"' else ('"', "double")
            return here(row, f"the quote closes after {inner}, and YAML allows no more text after a closing quote",
                        f"write it without quotes ({key}: {value.replace(quote, '')}), or, to print the quotes, "
                        f"put it all in {other_name} quotes: {key}: {other}{value}{other}")
    if problem_mark is not None and context_mark is not None:  # a quote that closed lines later, by accident
        opened = _quote_ran_on(lines, context_mark.line, problem_mark.line, problem_mark.column)
        if opened is not None:
            opened_at, quote = opened
            if quote == "'":
                return here(opened_at, "the value starts with ' but does not end with one on its line (YAML read on "
                                f"to the next ' on line {problem_mark.line + 1})",
                            "if the text begins with an apostrophe, write the whole value in double quotes: "
                            f"{_quoted(text_of(opened_at))}")
            return here(opened_at, 'the value starts with " but does not end with one on its line (YAML read on to '
                            f'the next " on line {problem_mark.line + 1})', 'end the value with " as well')
    if "flow mapping" in context or "flow sequence" in context:
        at = line_of(context_mark)
        if problem_mark is not None and problem_mark.line + 1 == at:  # a bracket or comma in a text inside braces
            line, column = text_of(at), problem_mark.column
            char = line[column:column + 1]
            if char and char in "[]{},":
                return here(at, f"inside {{ … }} or [ … ], a text cannot hold '{char}' without quotes: YAML reads it "
                                "as the start or end of a mapping or list",
                            f"put the text in double quotes: {_quoted(line, column)}", column + 1)
        return here(at, "a value that starts with { or [ is read as a mapping or a list",
                    f"close it, or put a text value in double quotes: {_quoted(text_of(at))}")
    if any(sign in what for sign in ("expected key", "expected <block end>", "expected '-' indicator")):
        at = line_of(problem_mark)
        list_item = "block collection" in context or "expected '-'" in what
        return here(at, f"the indentation of line {at} does not fit the lines above it",
                    "in a list item, each key lines up with the first key after '- '" if list_item else
                    "give keys of one level the same number of spaces; a list item starts with '- '")
    at = line_of(problem_mark or context_mark)
    detail = what or context or "syntax error"
    return here(at, f"YAML syntax error: {detail}",
                "check indentation, colons and quotes on this line and the one before")


def _quote_ran_on(lines: list[str], start: int, end: int, end_column: int) -> tuple[int, str] | None:
    """(line, quote) of a value between rows `start` and `end` (0-based) that opens a quote its line does not
    close, when that quote closes on row `end` before the place the parser gave up: a value that ran on."""
    for row in range(start, min(end, len(lines))):
        line = lines[row]
        value = line.split(": ", 1)[1] if ": " in line else line.lstrip(" -")
        value = value.split(" #", 1)[0].strip()
        if value[:1] in ("'", '"') and (len(value) == 1 or not value.endswith(value[0])):
            closing = lines[end][:end_column] if end < len(lines) else ""
            return (row + 1, value[0]) if value[0] in closing else None
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


_FLOW_KEY = re.compile(r"([A-Za-z_][\w-]*):\s")


def _quoted(line: str, column: int | None = None) -> str:
    """The line's key with its value in double quotes: name: "'s-Hertogenbosch". In a line of braces
    (`{number: 0800-0000, label: {nl: …, ar: …}}`) the value at `column`, with its key, and no more: quoting from
    the line's first key on would make the whole line one text."""
    if column is not None and "{" in line[:column]:
        keys = [found for found in _FLOW_KEY.finditer(line) if found.start() < column]
        if keys:
            found = keys[-1]
            value = re.split(r",\s*[A-Za-z_][\w-]*:\s", line[found.end():], maxsplit=1)[0].rstrip()
            before = line[:found.start()]
            for _ in range(before.count("{") + before.count("[") - before.count("}") - before.count("]")):
                value = value[:-1] if value.endswith(("}", "]")) else value  # what closes around it
            return f'{found.group(1)}: "{value.strip()}"'
    key, sep, value = line.strip().partition(": ")
    return f'{key}: "{value.strip()}"' if sep else '"…"'


SCALAR_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}
NODE_TAGS = {yaml.ScalarNode: SCALAR_TAGS, yaml.MappingNode: {"tag:yaml.org,2002:map"},
             yaml.SequenceNode: {"tag:yaml.org,2002:seq"}}
"""The only node types a data file may hold; `!!python/...`, `!!binary`, `!!set` and local `!tags` are refused."""


ALIAS = "YAML aliases (*name) are not allowed"


def _convert(node: yaml.Node, path: str, located: Located, problems: list[Diagnostic], seen: set[int]) -> Any:
    if id(node) in seen:  # an alias (*name) re-uses a node: refused, which also stops "billion laughs" files
        problems.append(problem(located.path, located.line(path), path, ALIAS, "write the value out in full"))
        return None
    seen.add(id(node))
    if node.tag not in NODE_TAGS[type(node)]:
        problems.append(problem(located.path, node.start_mark.line + 1, path,
                                f"YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed",
                                "remove the tag: data files hold only text, numbers, yes/no, lists and mappings"))
        return None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(problem(located.path, line, path, "YAML merge keys (<<) are not allowed",
                                        "write the keys out in full"))
                _convert(value_node, path, located, problems, seen)  # keeps the alias count in document order
                continue
            if id(key_node) in seen:
                problems.append(problem(located.path, line, path, ALIAS, "write the key out in full"))
                continue
            seen.add(id(key_node))
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(problem(located.path, line, path, "keys must be plain names"))
                continue
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            if key in result:
                problems.append(problem(located.path, line, child, "duplicate key",
                                        f"first given on line {located.lines[child]}; keep one"))
                continue
            located.lines[child] = line
            result[key] = _convert(value_node, child, located, problems, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            child = f"{path}.{index}"
            located.lines[child] = item.start_mark.line + 1
            items.append(_convert(item, child, located, problems, seen))
        return items
    assert isinstance(node, yaml.ScalarNode)
    try:
        value = _scalar(node)
    except (ValueError, KeyError, IndexError, yaml.YAMLError):  # e.g. `!!int abc`, `!!bool maybe`
        what = node.tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(problem(located.path, node.start_mark.line + 1, path,
                                f"'{node.value[:40]}' is not a valid {what}", "remove the tag"))
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        located.numbers[path] = node.value
    if isinstance(value, str):
        hidden = hidden_problem(value)
        if hidden is not None:  # refused here, so that no loader prints it and every message shows where
            problems.append(problem(located.path, node.start_mark.line + 1, path, hidden, HIDDEN_HINT))
            return None
    return value


def _scalar(node: yaml.ScalarNode) -> Any:
    # Resolve with PyYAML's own constructor so that 3, 3.5, true, null mean what YAML says; timestamps stay text.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    if node.tag == "tag:yaml.org,2002:int" and node.value[:1] == "0" and len(node.value) > 1:
        return node.value  # 0381234567 is a phone number, not an (octal) integer
    constructor = yaml.SafeLoader.yaml_constructors.get(node.tag)
    if constructor is None:
        return node.value
    return constructor(_DUMMY_LOADER, node)


_DUMMY_LOADER = yaml.SafeLoader("")


# --------------------------------------------------------------------------- schema helpers


class Fields:
    """Reads typed fields out of one mapping of a Located file, collecting problems instead of raising."""

    def __init__(self, located: Located, value: Any, path: str, problems: list[Diagnostic]):
        self.located = located
        self.path = path
        self.problems = problems
        self.ok = isinstance(value, dict)
        self.value: dict[str, Any] = value if self.ok else {}
        if not self.ok:
            self.problems.append(located.problem(path or "", T("expected a mapping of keys, got {found}",
                                                               found=describe(value))))

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path and name else self.path or name

    def report(self, name: str, message: str, hint: str = "") -> None:
        self.problems.append(self.located.problem(self.key(name), message, hint))

    def check_known(self, known: set[str] | list[str]) -> None:
        """Unknown keys are errors: a typo must never silently drop a value."""
        for name in self.value:
            if name not in known:
                valid = ", ".join(sorted(known))
                close = _closest(name, known)
                hint = T("did you mean '{close}'? valid keys: {known}", close=close, known=valid) if close \
                    else T("valid keys: {known}", known=valid)
                self.report(name, T("unknown key"), hint)

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = ..., *, what: str = "") -> Any:
        if name not in self.value:
            if default is ...:
                self.report(name, T("missing required key"), T("add '{key}:', {what}", key=name, what=what) if what
                            else T("add '{key}:'", key=name))
                return None
            return default
        value = self.value[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            expected = what or _kind_name(kind)
            self.report(name, T("expected {expected}, got {found}", expected=expected, found=describe(value)))
            return None
        return value

    def sub(self, name: str, default_empty: bool = False) -> Fields:
        if name not in self.value and default_empty:
            return Fields(self.located, {}, self.key(name), self.problems)
        return Fields(self.located, self.value.get(name), self.key(name), self.problems)

    def convert(self, name: str, parse: Callable[[Any], Any], default: Any = ...) -> Any:
        """Parse a field with `parse`; a ValueError from it becomes a problem on that key."""
        if name not in self.value:
            if default is ...:
                self.report(name, T("missing required key"), T("add '{key}:'", key=name))
                return None
            return default
        try:
            return parse(self.value[name])
        except ValueError as exc:  # its message as it is: a marked one (T) stays translatable
            [message] = exc.args if len(exc.args) == 1 and isinstance(exc.args[0], str) else [str(exc)]
            self.report(name, message)
            return None


def describe(value: Any) -> str:
    """A value as its writer would call it, for messages: "a list", "a yes/no value (true)", "text ('abc')"."""
    if value is None:
        return T("nothing (empty value)")
    if isinstance(value, bool):
        return T("a yes/no value ({value})", value=str(value).lower())
    if isinstance(value, dict):
        return T("a mapping")
    if isinstance(value, list):
        return T("a list")
    if isinstance(value, (int, float)):
        return T("a number ({value})", value=value)
    return T("text ({text})", text=repr(str(value)[:40]))


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: T("text"), int: T("a whole number"), float: T("a number"), bool: T("yes or no"),
             dict: T("a mapping"), list: T("a list")}
    if isinstance(kind, tuple):  # "text or a number": each "or" a message of its own, so all of it translates
        named = [names.get(k, k.__name__) for k in kind]
        joined = named[0]
        for other in named[1:]:
            joined = T("{one} or {other}", one=joined, other=other)
        return joined
    return names.get(kind, kind.__name__)


def _closest(name: str, known: set[str] | list[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return matches[0] if matches else None
