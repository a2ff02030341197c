"""Read YAML front matter the way SPEC §2 means it: every scalar a string, no surprises.

PyYAML's loaders read YAML 1.1 (`false` becomes a boolean, dates become `date`s), keep the last
of two duplicate keys and expand aliases. We walk the parser's events ourselves instead (libyaml's
parser when PyYAML has it), so each value keeps its line and anything ambiguous is refused with
that line.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any

import yaml

from .model import quoted
from .rules import KEYS, glued_key

_Parser: Any = yaml.cyaml.CParser if yaml.__with_libyaml__ else yaml.BaseLoader  # type: ignore[attr-defined]
"""libyaml's parser, or PyYAML's own (several times slower) where PyYAML is built without libyaml."""

# Nodes are not frozen: a frozen dataclass takes three times as long to make (540 against 170 ns),
# and the front matter of a file makes a dozen, on every file of every build.


@dataclass(slots=True)
class Scalar:
    value: str
    line: int
    plain: bool
    comment_after: bool = False
    """Whether what follows it on its line is a comment that starts like a word (`#1`, `#tag`): a
    plain value ends at ` #`, so the `#1` of `quote: We're #1` was lost without a word. A comment
    written as comments are (`# why`) is taken for one."""


@dataclass(slots=True)
class Sequence:
    items: list[Node]
    line: int


@dataclass(slots=True)
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


def _syntax_error(error: yaml.MarkedYAMLError, text: str, first_line: int) -> FrontMatterError:
    def at(mark: yaml.Mark) -> str:
        return f"line {mark.line + first_line}, column {mark.column + 1}"

    mark = error.problem_mark or error.context_mark
    problem = error.problem or error.context or "invalid YAML"
    where = f" ({at(mark)})" if mark else ""
    opened = _UNCLOSED.get(error.context or "")
    if not (opened and error.context_mark and error.problem_mark):
        hint = _hint(problem, yaml_lines(text), mark, first_line) if mark else None
        if hint:
            return FrontMatterError(hint[0], f"YAML syntax error: {problem}{where}; {hint[1]}")
        return FrontMatterError(mark.line + first_line if mark else first_line,
                                f"YAML syntax error: {problem}{where}")
    construct, left_open = opened
    construct += f" that starts on {at(error.context_mark)}"
    if _swallowed(text, error.problem_mark, error.context_mark):
        return FrontMatterError(error.context_mark.line + first_line,
                                f"YAML syntax error: {construct} {left_open}: {problem}{where}"
                                f"{_unclosed_quote_fix(error, text)}")
    return FrontMatterError(error.problem_mark.line + first_line,
                            f"YAML syntax error: {problem}{where}, in {construct}"
                            f"{_unclosed_quote_fix(error, text)}")


def _unclosed_quote_fix(error: yaml.MarkedYAMLError, text: str) -> str:
    """For a quoted value left open, both fixes: its closing quotation mark, or, where the mark
    opens the quoted words (`quote: "It's the finest`), the whole value in quotes."""
    if error.context != "while scanning a quoted scalar" or error.context_mark is None:
        return ""
    lines = yaml_lines(text)
    written = _KEY_AND_VALUE.match(lines[error.context_mark.line]) \
        if error.context_mark.line < len(lines) else None
    if written is None or written.start(2) != error.context_mark.column:
        return ""
    value = _COMMENT.sub("", written[2])
    closed = f"; close it: {_in_quotes(written, value[1:])}"
    if re.match(r"""["'](https?://|[0-9]{4}-)""", value):  # an address or a date: not words
        return closed
    return (f"{closed}; or, if the quotation mark is part of the words, put the whole value in "
            f"quotes: {_in_quotes(written, value)}")


def _in_quotes(written: re.Match[str], value: str) -> str:
    """A line of `_KEY_AND_VALUE` written again with `value` in quotes, a list item's `- ` kept."""
    return f"{written.string[:written.start(1)].strip()} {written[1]}: {quoted(value)}".lstrip()


_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def yaml_lines(text: str) -> list[str]:
    """The text's lines as YAML counts them, so that a mark's line indexes them: NEL and the
    Unicode line and paragraph separators end a line too."""
    return _LINE_BREAK.split(text)


_WORD_COMMENT = re.compile(r"[ \t]+#(?=\S)")
_COMMENT = re.compile(r"[ \t]+#(?=[ \t]|$).*$")
"""A comment as `rules.cut_by_comment` tells one: ` # words`; ` #1` is more of the value."""
_KEY_AND_VALUE = re.compile(r"\s*(?:-\s+)?([\w-]+):\s+(.+?)\s*$")
_INDICATOR = re.compile(r"[@`*&%|>![{]|[-?](?:\s|$)")
"""What YAML reads, at a value's start, as its own (an alias, an anchor, a block, a list...), not as
the words: `quote: @handle says` is a syntax error. `-` and `?` only before white space (`-5%` is
words). A list or mapping YAML could read is no syntax error: `rules.not_text` speaks of it."""


def _hint(problem: str, lines: list[str], mark: yaml.Mark, first_line: int) -> tuple[int, str] | None:
    """The likely mistake behind the errors editors meet most, the line it is on, and its fix."""
    line = lines[mark.line] if mark.line < len(lines) else ""
    if line[mark.column:mark.column + 1] == "\t" or "tab character" in problem:
        return mark.line + first_line, "the line is indented with a tab: indent with spaces"
    glued = next(((i, fix) for i in range(min(mark.line, len(lines) - 1), -1, -1)
                  if (fix := glued_key(lines[i]))), None)
    if glued is not None:
        return glued[0] + first_line, f"line {glued[0] + first_line}: {glued[1]}"
    written = _KEY_AND_VALUE.match(line)
    if written and _INDICATOR.match(written[2]) and mark.column >= written.start(2):
        value = _COMMENT.sub("", written[2])
        return (mark.line + first_line, f"a value that starts with {quoted(value[0])} must be in "
                f"quotes (YAML reads the mark as its own): {_in_quotes(written, value)}")
    if written and mark.column > written.start(2):  # the parser gave up inside the value
        value = _COMMENT.sub("", written[2])
        starts_quoted = value[:1] in "\"'"
        if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":  # 'it's': YAML's quotes
            value = value[1:-1]
        if problem.startswith("mapping values are not allowed"):
            holding = "ending with ':'" if ": " not in value and value.endswith(":") else "holding ': '"
            return (mark.line + first_line, f"a value {holding} must be in quotes: "
                    f"{_in_quotes(written, value)}")
        if problem == "did not find expected key" and starts_quoted:
            return (mark.line + first_line, "a value that starts with a quotation mark ends where it "
                    f"closes: put the whole value in quotes: {_in_quotes(written, value)}")
    if problem == "could not find expected ':'" or problem.startswith("mapping values are not allowed"):
        above = next((i for i in range(min(mark.line, len(lines)) - 1, -1, -1) if lines[i].strip()), None)
        if above is not None and ":" not in lines[above]:
            key, _, value = lines[above].strip().partition(" ")
            if key in KEYS and value.strip():  # 'kind note': read on with the next line as one value
                return (above + first_line, f"line {above + first_line} is not 'key: value': write "
                        f"':' after its key: {key}: {value.strip()}")
            if problem == "could not find expected ':'":
                return (above + first_line, f"line {above + first_line} is not 'key: value': if the "
                        "front matter ends above it, add a line '---' there")
    if problem in _INDENTATION_PROBLEMS and mark.line < len(lines) and line.strip():
        indent = len(line) - len(line.lstrip(" "))
        if indent not in _key_columns(lines[1:mark.line]):
            sources = any(key_line.startswith("sources:") for key_line in lines)  # not a page's
            return (mark.line + first_line, f"line {mark.line + first_line} is indented "
                    f"{indent} space{'s' * (indent != 1)}, unlike any key above it: line its key "
                    "up with the keys it goes with" + (" (a source's under 'url:', the others at "
                    "the start of the line)" if sources else ", at the start of the line"))
        item = next((above for above in reversed(lines[1:mark.line])  # the line it would go under
                     if above.strip() and not above.lstrip().startswith("#")
                     and len(above) - len(above.lstrip(" ")) <= indent), "")
        if item[indent:indent + 2] == "- " and not line.lstrip().startswith("- "):
            key_column = len(item) - len(item[indent + 1:].lstrip(" "))
            return (mark.line + first_line, f"line {mark.line + first_line} starts where the '-' "
                    f"of the list item above it does: to go with that item, indent it "
                    f"{key_column} spaces, under its first key; to start an item, begin it with '- '")
    return None


_INDENTATION_PROBLEMS = frozenset({"did not find expected key", "did not find expected '-' indicator",
                                   "mapping values are not allowed here",
                                   "mapping values are not allowed in this context"})
"""What PyYAML says of a key indented by one space too many or too few."""


def _key_columns(lines: list[str]) -> set[int]:
    """Where keys start on `lines`: after the indentation, and after a list item's `- `."""
    columns = set()
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            column = len(line) - len(line.lstrip(" "))
            columns.add(column)
            if line[column:column + 2] == "- ":
                columns.add(column + 2)
    return columns


def _swallowed(text: str, problem: yaml.Mark, opening: yaml.Mark) -> bool:
    """Whether the parser gave up at the end of the front matter, or on a line indented no more
    than the one the construct opens on (the next key): the construct was left open. Otherwise
    the mistake is inside it, where the parser gave up (a missing comma in a closed list)."""
    lines = yaml_lines(text)  # the C parser's marks do not hold the text
    if problem.line >= len(lines) or not lines[problem.line].strip():
        return True

    def indent(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    return indent(lines[problem.line]) <= indent(lines[opening.line])


def closing_line(lines: list[str]) -> int | None:
    """The index of the line (`---` or `...`) that closes the front matter `lines[0]` opens, or
    None where the first line is no `---` (a byte-order mark before it allowed) or none closes."""
    if not lines or lines[0].lstrip("\ufeff").rstrip() != "---":
        return None
    return next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)


class FrontMatterError(Exception):
    """A problem at a line of the file (`parse_yaml`'s `first_line`)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def parse_yaml(text: str, first_line: int = 1,
               duplicates: list[tuple[int, str]] | None = None) -> Node | None:
    """Parse one YAML document into nodes that remember their lines. `first_line` is the line of
    the file that the text starts on (2 for front matter, after its `---`): every line, in the
    nodes and in the messages, is the file's. A key given twice is an error; with `duplicates`,
    it is added there (line, message) and the first kept, so that the file's other problems can
    be said with it."""
    parser = _Parser(text)
    events: list[Any] = []  # the stubs' yaml.Event lacks the attributes events have
    try:
        event = parser.get_event()
        while event is not None:
            events.append(event)
            event = parser.get_event()
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, first_line) from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses, where a file's line is known
        before = text[:error.position]
        line, column = before.count("\n") + first_line, error.position - before.rfind("\n")
        raise FrontMatterError(line, f"YAML error: unacceptable character #x{error.character:04x}: "
                               f"{error.reason} (line {line}, column {column}); remove it") from None
    except yaml.YAMLError as error:
        raise FrontMatterError(first_line, f"YAML error: {error}") from None
    finally:
        parser.dispose()
    documents = sum(type(e) is yaml.DocumentStartEvent for e in events)
    if documents > 1:
        raise FrontMatterError(first_line, "the front matter holds several YAML documents; keep one")
    body = [e for e in events if type(e) not in _STREAM_AND_DOCUMENT]
    if not body:
        return None
    node, _ = _compose(body, 0, first_line, yaml_lines(text) if "#" in text else None, duplicates)
    return node


_STREAM_AND_DOCUMENT = (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentStartEvent,
                        yaml.DocumentEndEvent)


SHARED_VALUE_CHARS = 32
"""Values up to this long are interned: kinds, verdicts, dates, authors and publishers repeat
across a publication's files, and each file's parse makes new strings of them. The peak of the
benchmark's build at 500 articles: 103.0 MiB without, 102.0 with (1.155 and 1.144 times the
plain build's; the target is 1.15)."""

MAX_DEPTH = 16
"""Front matter is at most three levels deep (sources, a source, its keys); deeper nesting is
refused before it can exhaust Python's recursion limit (libyaml itself allows 1,000 levels)."""


def _compose(events: list[Any], i: int, first_line: int, lines: list[str] | None,
             duplicates: list[tuple[int, str]] | None, depth: int = 0) -> tuple[Node, int]:
    """The node that starts at `events[i]`, and the index after its last event. `lines`: the
    text's lines where it holds a `#` (else None), to see which plain values a comment follows."""
    event = events[i]
    kind = type(event)
    line = event.start_mark.line + first_line
    if depth > MAX_DEPTH:
        raise FrontMatterError(line, f"the front matter is nested more than {MAX_DEPTH} levels deep; "
                               "an annotation needs three at most")
    if kind is yaml.AliasEvent:
        raise FrontMatterError(line, f"YAML alias '*{event.anchor}' is not allowed; write the value out")
    if event.anchor is not None:
        raise FrontMatterError(line, f"YAML anchor '&{event.anchor}' is not allowed; write the value out")
    if event.tag not in (None, "!"):
        written = event.tag.replace("tag:yaml.org,2002:", "!!", 1)  # as editors write it
        raise FrontMatterError(line, f"YAML tag '{written}' is not allowed; remove it")
    if kind is yaml.ScalarEvent:
        # A plain scalar's style is None from the pure-Python parser but "" from the C parser.
        value, plain = event.value, not event.style
        end = event.end_mark
        comment = bool(plain and lines and _WORD_COMMENT.match(lines[end.line], end.column))
        return Scalar(sys.intern(value) if len(value) <= SHARED_VALUE_CHARS else value, line,
                      plain, comment), i + 1
    if kind is yaml.SequenceStartEvent:
        items: list[Node] = []
        i += 1
        while type(events[i]) is not yaml.SequenceEndEvent:
            item, i = _compose(events, i, first_line, lines, duplicates, depth + 1)
            items.append(item)
        return Sequence(items, line), i + 1
    if kind is yaml.MappingStartEvent:
        pairs: dict[str, tuple[int, Node]] = {}
        i += 1
        while type(events[i]) is not yaml.MappingEndEvent:
            key, i = _compose(events, i, first_line, lines, duplicates, depth + 1)
            if not isinstance(key, Scalar):
                raise FrontMatterError(key.line, "a key must be a plain word, not a list or mapping")
            value, i = _compose(events, i, first_line, lines, duplicates, depth + 1)
            if key.value in pairs:
                first = pairs[key.value][0]
                message = f"duplicate key '{key.value}' (first given on line {first}); keep one"
                if duplicates is None:
                    raise FrontMatterError(key.line, message)
                duplicates.append((key.line, message))
                continue
            pairs[key.value] = (key.line, value)
        return Mapping(pairs, line), i + 1
    raise FrontMatterError(line, f"unexpected YAML event {kind.__name__}")
