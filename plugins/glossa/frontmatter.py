"""Read YAML front matter the way SPEC §2 means it: every scalar a string, no surprises.

PyYAML's loaders read YAML 1.1 (`false` becomes a boolean, dates become `date`s), keep the last
of two duplicate keys and expand aliases. We walk the parser's events ourselves instead (C parser
when available), so each value keeps its line and anything ambiguous is refused with that line.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

import yaml

_Loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


@dataclass(frozen=True)
class Scalar:
    value: str
    line: int
    plain: bool


@dataclass(frozen=True)
class Sequence:
    items: list[Node]
    line: int


@dataclass(frozen=True)
class Mapping:
    items: dict[str, tuple[int, Node]]
    line: int


Node = Scalar | Sequence | Mapping


_UNCLOSED = {
    "while scanning a quoted scalar": ("the quoted value", "is not closed"),
    "while parsing a flow sequence": ("the '[' list", "is not closed, or a value in it needs quotes"),
    "while parsing a flow mapping": ("the '{' mapping", "is not closed, or a value in it needs quotes"),
}
"""The parser's contexts that begin where the mistake may be: left open, they swallow what follows
them, and the parser gives up lines later."""


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> FrontMatterError:
    def at(mark: yaml.Mark) -> str:
        return f"line {mark.line + 1}, column {mark.column + 1}"

    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    where = f" ({at(mark)})" if mark else ""
    opened = _UNCLOSED.get(error.context or "")
    if not (opened and error.context_mark and error.problem_mark):
        return FrontMatterError(mark.line + 1 if mark else 1, f"YAML syntax error: {problem}{where}")
    construct, left_open = opened
    construct += f" that starts on {at(error.context_mark)}"
    if _swallowed(text, error.problem_mark, error.context_mark):
        return FrontMatterError(error.context_mark.line + 1,
                                f"YAML syntax error: {construct} {left_open}: {problem}{where}")
    return FrontMatterError(error.problem_mark.line + 1,
                            f"YAML syntax error: {problem}{where}, in {construct}")


def _swallowed(text: str, problem: yaml.Mark, opening: yaml.Mark) -> bool:
    """Whether the parser gave up at the end of the front matter, or on a line indented no more
    than the one the construct opens on (the next key): the construct was left open. Otherwise
    the mistake is inside it, where the parser gave up (a missing comma in a closed list)."""
    lines = text.split("\n")  # the C parser's marks do not hold the text
    if problem.line >= len(lines) or not lines[problem.line].strip():
        return True

    def indent(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    return indent(lines[problem.line]) <= indent(lines[opening.line])


class FrontMatterError(Exception):
    """A problem at a 1-based line of the YAML text."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def parse_yaml(text: str) -> Node | None:
    """Parse one YAML document into nodes that remember their (1-based) lines."""
    simple = parse_simple(text)
    return simple if simple is not None else parse_events(text)


def parse_events(text: str) -> Node | None:
    """Any YAML, from the parser's events (`parse_yaml` first tries `parse_simple`)."""
    try:
        events = list(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(1, f"YAML error: {error}") from None
    documents = sum(isinstance(e, yaml.DocumentStartEvent) for e in events)
    if documents > 1:
        raise FrontMatterError(1, "the front matter holds several YAML documents; keep one")
    body = [e for e in events if not isinstance(e, (yaml.StreamStartEvent, yaml.StreamEndEvent,
                                                     yaml.DocumentStartEvent, yaml.DocumentEndEvent))]
    if not body:
        return None
    node, _ = _compose(body, 0)
    return node


def _line(event: yaml.Event) -> int:
    return event.start_mark.line + 1 if event.start_mark else 1


MAX_DEPTH = 16
"""Front matter is at most three levels deep (sources, a source, its keys); deeper nesting is
refused before it can exhaust Python's recursion limit (libyaml itself allows 1,000 levels)."""


def _compose(events: list[yaml.Event], i: int, depth: int = 0) -> tuple[Node, int]:
    event = events[i]
    line = _line(event)
    if depth > MAX_DEPTH:
        raise FrontMatterError(line, f"the front matter is nested more than {MAX_DEPTH} levels deep; "
                               "an annotation needs three at most")
    if isinstance(event, yaml.AliasEvent):
        raise FrontMatterError(line, f"YAML alias '*{event.anchor}' is not allowed; write the value out")
    anchor = getattr(event, "anchor", None)
    if anchor is not None:
        raise FrontMatterError(line, f"YAML anchor '&{anchor}' is not allowed; write the value out")
    tag = getattr(event, "tag", None)
    if tag not in (None, "!"):
        raise FrontMatterError(line, f"YAML tag '{tag}' is not allowed; remove it")
    if isinstance(event, yaml.ScalarEvent):
        # A plain scalar's style is None from the pure-Python parser but "" from the C parser.
        return Scalar(event.value, line, not event.style), i + 1
    if isinstance(event, yaml.SequenceStartEvent):
        items: list[Node] = []
        i += 1
        while not isinstance(events[i], yaml.SequenceEndEvent):
            item, i = _compose(events, i, depth + 1)
            items.append(item)
        return Sequence(items, line), i + 1
    if isinstance(event, yaml.MappingStartEvent):
        pairs: dict[str, tuple[int, Node]] = {}
        i += 1
        while not isinstance(events[i], yaml.MappingEndEvent):
            key, i = _compose(events, i, depth + 1)
            if not isinstance(key, Scalar):
                raise FrontMatterError(key.line, "a key must be a plain word, not a list or mapping")
            value, i = _compose(events, i, depth + 1)
            if key.value in pairs:
                first = pairs[key.value][0]
                raise FrontMatterError(
                    key.line, f"duplicate key '{key.value}' (first given on line {first}); keep one")
            pairs[sys.intern(key.value)] = (key.line, value)  # one "kind" string for all files
        return Mapping(pairs, line), i + 1
    raise FrontMatterError(line, f"unexpected YAML event {type(event).__name__}")


_ENTRY = re.compile(r"( *)(- )?([A-Za-z_][A-Za-z0-9_-]*):(?: (.+))?")
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)"')


def parse_simple(text: str) -> Mapping | None:
    """Front matter as editors write it, read without the YAML parser: `key: value` lines, each
    value on its line, plain or quoted without escapes, and lists of such mappings (`sources:`,
    then `- url: …` lines, each item's other keys two spaces further in). Anything else (comments,
    escapes, flow style, continued lines, tabs, duplicate keys) gives None, and `parse_events`
    reads it. PyYAML's C parser makes a Python object per event: this is several times faster,
    on every file of every build, and gives the same nodes (tests/test_frontmatter.py compares
    both on generated documents)."""
    top: dict[str, tuple[int, Node]] = {}
    top_line = 0
    items: list[Node] | None = None  # the list under the last key without a value
    indent = -1  # the list's "- " column
    item: dict[str, tuple[int, Node]] | None = None
    for number, source_line in enumerate(text.split("\n"), start=1):
        if not source_line:
            continue
        match = _ENTRY.fullmatch(source_line)
        if match is None:
            return None
        spaces, dash, key, raw = match.groups()
        value: Node | None = None
        if raw is not None:
            value = _simple_scalar(raw, number)
            if value is None:
                return None
        if not spaces and not dash:
            if key in top:
                return None
            top_line = top_line or number
            item, indent = None, -1
            if value is None:  # a list of mappings follows, or nothing (a null value)
                items = []
                top[sys.intern(key)] = (number, Sequence(items, number + 1))
            else:
                items = None
                top[sys.intern(key)] = (number, value)
            continue
        if items is None or value is None:
            return None
        if dash:
            if indent not in (-1, len(spaces)):
                return None
            indent, item = len(spaces), {}
            items.append(Mapping(item, number))
        elif item is None or len(spaces) != indent + 2 or key in item:
            return None
        item[sys.intern(key)] = (number, value)
    for key, (key_line, node) in list(top.items()):
        if isinstance(node, Sequence):
            if not node.items:
                top[key] = (key_line, Scalar("", key_line, True))
            elif node.line != node.items[0].line:
                return None  # the list does not start on the line after its key
    return Mapping(top, top_line) if top else None


def _simple_scalar(raw: str, line: int) -> Scalar | None:
    """A value on one line: quoted (without escapes), or plain and unambiguous (it starts with a
    letter or digit and holds no `: ` or ` #`, which would make YAML read a mapping or a comment)."""
    if not raw.isprintable() or raw[-1] == " ":
        return None
    quoted = _SINGLE_QUOTED.fullmatch(raw)
    if quoted is not None:
        return Scalar(quoted.group(1).replace("''", "'"), line, False)
    quoted = _DOUBLE_QUOTED.fullmatch(raw)
    if quoted is not None:
        return Scalar(quoted.group(1), line, False)
    if raw[0].isalnum() and ": " not in raw and " #" not in raw and raw[-1] != ":":
        return Scalar(raw, line, True)
    return None
