"""Annotation files as Glossa writes them, for `glossa new`, `glossa import` and `glossa check --fix`.

One writer, so that a file reads the same whichever command wrote it: keys in the order of SPEC
§2, a source's keys two spaces under its `- url:`, and each value plain when Glossa reads the
plain form back as the same text, else in double quotes, as EDITING.md tells editors to quote.
A fix changes the characters of one value and keeps every other byte of the file: comments, line
endings and the other values' styles. No build runs this module.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import astuple, fields, replace

import yaml

from .files import parse_annotation
from .frontmatter import FrontMatterError, Scalar, closing_line, parse_yaml, yaml_lines
from .frontmatter import Mapping as YamlMapping
from .model import Annotation, Kind, Source, double_quoted
from .rules import KEYS, MAX_SUMMARY_CHARS, NULL_SCALARS, REQUIREMENTS, SOURCE_KEYS

SOURCE_HINTS = ("its title", "who published that page", "whose reporting it carries, if a mirror",
                "YYYY, YYYY-MM or YYYY-MM-DD", "an archived copy, e.g. https://web.archive.org/…")
"""What a new file says, in comments, of each source key after `url`."""


def scalar(value: str) -> str:
    """`value` as a YAML scalar that Glossa reads back unchanged: plain when it can be."""
    try:
        node = parse_yaml(f"k: {value}")
    except FrontMatterError:
        node = None
    if (isinstance(node, YamlMapping) and "k" in node.items and value not in NULL_SCALARS
            and "\n" not in value):
        read = node.items["k"][1]
        if isinstance(read, Scalar) and read.plain and read.value == value:
            return value
    return double_quoted(value)


def file_text(annotation: Annotation) -> str:
    """The file of an annotation (`glossa import`): its front matter, then its body."""
    body = annotation.body.strip("\n")
    return "\n".join(["---", *_front_matter(annotation), "---", *([body] if body else [])]) + "\n"


def skeleton(kind: Kind, quote: str | None, *, prefix: str | None = None, suffix: str | None = None,
             occurrence: int | None = None, verdict: str | None = None, sources: Sequence[str] = (),
             summary: str | None = None, language: str | None = None, author: str | None = None,
             today: datetime.date) -> str:
    """A new file for `kind` (`glossa new`): what was given, the keys the kind needs left empty for
    the editor to fill (the build refuses the file until then), and the optional keys in comments."""
    annotation = Annotation(
        id="", page="", path="", kind=kind.name, quote=quote or None, prefix=prefix or None,
        suffix=suffix or None, occurrence=occurrence, verdict=verdict if kind.needs_verdict else None,
        sources=tuple(Source(url) for url in sources), summary=summary or None,
        language=language or None, author=author or None, date=today.isoformat())
    return "\n".join(["---", *_front_matter(annotation, to_fill=kind), "---"]) + "\n"


def _front_matter(annotation: Annotation, to_fill: Kind | None = None) -> list[str]:
    """The front matter's lines; with `to_fill`, what that kind needs and lacks, as hints."""
    lines = []
    for key in KEYS:  # in the order editors write them
        if key == "sources":
            lines += _sources(annotation.sources, to_fill)
            continue
        value = getattr(annotation, key)
        if value:
            lines.append(f"{key}: {scalar(str(value))}")  # every value is text (occurrence: 2)
        elif to_fill is not None and key == "verdict" and to_fill.needs_verdict:
            lines.append(f"verdict:   # {REQUIREMENTS['verdict']}")
        elif to_fill is not None and key == "summary":
            lines.append(f"# summary: one line of plain text, at most {MAX_SUMMARY_CHARS} characters, "
                         "saying what the record shows")
        elif to_fill is not None and key == "author":
            lines.append(f"author:   # {REQUIREMENTS['author']}" if to_fill.needs_author
                         else f"# author: {REQUIREMENTS['author']}")
    return lines


def _sources(sources: Sequence[Source], to_fill: Kind | None) -> list[str]:
    if not sources and (to_fill is None or not to_fill.needs_sources):
        return []
    hints = [f"    # {key}: {hint}" for key, hint in zip(SOURCE_KEYS[1:], SOURCE_HINTS, strict=True)]
    lines = ["sources:"]
    for source in sources:
        entries = [(f.name, value) for f, value in zip(fields(source), astuple(source), strict=True)
                   if value]
        lines.extend(f"{'  - ' if n == 0 else '    '}{key}: {scalar(value)}"
                     for n, (key, value) in enumerate(entries))
        if to_fill is not None:  # under each source: each has its own title, date...
            lines.extend(hints)
    if to_fill is not None and not sources:
        lines.append("  - url:   # the evidence: an http:// or https:// address")
        lines.extend(hints)
    return lines


def with_quote(text: str, annotation: Annotation, quote: str, kinds: Mapping[str, Kind]) -> str | None:
    """`text`, the file of `annotation`, with its quote replaced by `quote` and every other byte
    kept (`glossa check --fix`); None when no rewrite reads back as exactly that change."""
    wanted = replace(annotation, quote=quote)

    def reads_as_wanted(new_text: str) -> bool:
        parsed = parse_annotation(new_text.encode("utf-8"), annotation.id, annotation.page,
                                  annotation.path, kinds)
        return isinstance(parsed, Annotation) and parsed == wanted

    return _replace_value(text, "quote", quote, reads_as_wanted)


def _replace_value(text: str, key: str, value: str, accept: Callable[[str], bool]) -> str | None:
    """`text` (an annotation file) with the top-level front matter `key` set to `value`.

    Only the value's characters change. The new value is written in the old one's style when it
    can be (plain, 'single' or "double" quoted), and the first candidate that `accept` approves is
    returned."""
    if len(yaml_lines(text)) != text.count("\n") + 1:
        return None  # a lone CR, NEL or Unicode separator: YAML's lines would not be the file's
    lines = text.split("\n")
    end = closing_line(lines)
    if end is None:
        return None
    front = "\n".join(line.removesuffix("\r") for line in lines[1:end])
    span = _value_span(front, key)
    if span is None:
        return None
    (start_line, start_column), (end_line, end_column), style = span
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    begin = starts[1 + start_line] + start_column
    stop = starts[1 + end_line] + end_column
    old_value = text[begin:stop]
    tail = old_value[len(old_value.rstrip("\r\n")):]  # a block scalar ends after its line break
    for candidate in _styles(value, style):
        new = text[:begin] + candidate + tail + text[stop:]
        if accept(new):
            return new
    return None


def _value_span(front: str, key: str) -> tuple[tuple[int, int], tuple[int, int], str | None] | None:
    """Where the value of a top-level `key` starts and ends (line, column), and its style."""
    try:
        events = list(yaml.parse(front, Loader=yaml.BaseLoader))  # pure Python: columns in characters
    except yaml.YAMLError:
        return None
    depth = 0
    expect_key = False
    for index, event in enumerate(events):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            expect_key = depth == 1 and isinstance(event, yaml.MappingStartEvent)
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            expect_key = depth == 1
            continue
        if depth != 1 or not isinstance(event, yaml.ScalarEvent):
            continue
        if expect_key and event.value == key:
            value = events[index + 1]
            if not isinstance(value, yaml.ScalarEvent) or value.start_mark is None or value.end_mark is None:
                return None
            return ((value.start_mark.line, value.start_mark.column),
                    (value.end_mark.line, value.end_mark.column), value.style)
        expect_key = not expect_key
    return None


def _styles(value: str, style: str | None) -> list[str]:
    single = "'" + value.replace("'", "''") + "'"
    double = double_quoted(value)
    if style is None:
        return [value, single, double]
    if style == "'":
        return [single, double]
    return [double, single]
