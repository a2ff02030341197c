"""A page's provenance: the keys of its own front matter that say where the text comes from
(SPEC §1: author, publisher, published, source_url, language, translation...), checked with the
rules of `rules.PROVENANCE_KEY_RULES` before they reach the page summary and ClaimReview."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from typing import Any

import yaml

from . import rules
from .frontmatter import FrontMatterError, closing_line, parse_yaml
from .model import Problem, quoted


def read_provenance(meta: Mapping[str, object], path: str,
                    source: Callable[[], str]) -> tuple[dict[str, str], list[Problem]]:
    """A page's provenance keys, each as text, checked with the rules of annotation files (dates,
    http(s) URLs, text); a key that breaks its rule is left out and named at its line of the page's
    front matter, so that it reaches no reader and no JSON-LD. `source` gives the page's Markdown
    as written, and is called only then: most pages' keys are right, and reading each page's file
    again for nothing cost a file read a page.

    MkDocs reads front matter with PyYAML: `published: 2024-05-01` is a date, `2024` a number."""
    values: dict[str, str] = {}
    broken: list[tuple[str, str]] = []  # (key, message)
    for key, rule in rules.PROVENANCE_KEY_RULES.items():
        if key not in meta:
            continue
        value = meta[key]
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            value = value.isoformat()
        elif isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is None or value == "":
            message = rules.no_value(f"'{key}'")
        elif not isinstance(value, str):
            message = rules.not_text(f"'{key}'", value)
        elif problem := rules.value_problem(rule, f"'{key}'", value):
            message = problem
        else:
            values[key] = value
            continue
        broken.append((key, message))
    lines = _front_matter_lines(source()) if broken else {}
    return values, [Problem(path, lines.get(key, 1), message) for key, message in broken]


def unread_front_matter(meta: Mapping[str, object], html: str, path: str,
                        source: Callable[[], str]) -> Problem | None:
    """A problem where the page's front matter is not valid YAML, or holds a value MkDocs' reader
    cannot make (`published: 2026-13-01`, `_unmade_value`). MkDocs then says nothing, and
    renders it as the text's first paragraphs, between rules: readers see the YAML, the page loses
    its provenance, and every ¶ after it is numbered too far, so links to paragraphs lead to the
    wrong one. Looked for only where the page starts with a rule and has no front matter: the
    file is read then alone."""
    if meta or not html.lstrip().startswith("<hr"):
        return None
    lines = source().splitlines()
    end = closing_line(lines)
    first = next((line for line in lines[1:end] if line.strip()), "") if end else ""
    if not _KEY.match(first):  # a rule, then words: `Note: ...` or `> A quote` are the text's own
        return None
    try:
        parse_yaml("\n".join(lines[1:end]), first_line=2)
        line, why = _unmade_value(lines[1:end])
    except FrontMatterError as error:
        line, why = error.line, error.message
    if not why:
        return None
    return Problem(path, line, f"the page's front matter is not read: {why}. Until it is correct, "
                   "readers see it as the start of the text, and every paragraph after it is "
                   "numbered too far (if the page opens with a rule, not front matter, write the "
                   "rule as '***')")


_MKDOCS_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""The loader MkDocs reads a page's front matter with (`mkdocs.utils.meta`)."""


def _unmade_value(lines: list[str]) -> tuple[int, str]:
    """The line (of the file: the opening `---` is line 1) of the first value that MkDocs' YAML
    parses but cannot make, with why: `2026-13-01` reads as a date, and there is no 13th month.
    "" for none."""
    loader = _MKDOCS_LOADER("\n".join(lines))
    try:
        nodes = [loader.get_single_node()]
        while nodes:  # each value, in the order written
            node = nodes.pop(0)
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except (yaml.YAMLError, ValueError) as error:
                    return node.start_mark.line + 2, f"the value {quoted(node.value)} cannot be read " \
                                                     f"({error}): correct it"
            elif isinstance(node, yaml.MappingNode):
                nodes[:0] = [part for pair in node.value for part in pair]
            elif isinstance(node, yaml.SequenceNode):
                nodes[:0] = node.value
    except yaml.YAMLError as error:  # `parse_yaml` has read it: not expected
        return 2, f"YAML error: {error}"
    finally:
        loader.dispose()
    return 0, ""


_KEY = re.compile(r"[a-z_][a-z0-9_-]*:(\s|$)")
"""A front matter's first line, as MkDocs' and Material's keys are written: in lower case."""


def _front_matter_lines(source: str) -> dict[str, int]:
    """The line of each top-level key of a page's YAML front matter (the opening `---` is line 1):
    of its last value where a key is given twice, the one PyYAML keeps."""
    lines = source.splitlines()
    found: dict[str, int] = {}
    end = closing_line(lines)
    if end is None:
        return found  # MkDocs reads no front matter either
    for number, line in enumerate(lines[1:end], start=2):
        key = re.match(r"([^\s:#][^:]*?)\s*:(?:\s|$)", line)
        if key:
            found[key.group(1).strip("'\"")] = number  # the last, which MkDocs' YAML keeps
    return found
