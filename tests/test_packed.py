"""Annotations kept packed between weavings (`packed.py`): what comes out is what went in."""

from __future__ import annotations

from glossa.files import parse_annotation
from glossa.model import DEFAULT_KINDS, Annotation
from glossa.packed import PackedAnnotations

KINDS = {kind.name: kind for kind in DEFAULT_KINDS}

CORRECTION = """---
kind: correction
quote: "grew 40% \u2014 \u201cfast\u201d"
prefix: Revenue
suffix: in 2024
verdict: misleading
date: 2026-11-25
updated: 2026-12-01
sources:
  - url: https://example.org/report
    title: The report
    publisher: Example
    original: Reuters
    date: 2026-11
    archive: https://web.archive.org/web/2026/https://example.org/report
---
It grew **30 %**: see [the report](https://example.org/report).

A second paragraph, in \u65e5\u672c\u8a9e.
"""


def parsed(text: str, name: str) -> Annotation:
    result = parse_annotation(text.encode("utf-8"), name, "essay", f"annotations/essay/{name}.md", KINDS)
    assert isinstance(result, Annotation), result
    return result


def test_a_page_s_annotations_come_back_whole_with_the_lines_messages_need() -> None:
    correction = parsed(CORRECTION, "growth")
    note = parsed("---\nkind: note\nauthor: Ann\n---\nA note.\n", "aside")
    packed = PackedAnnotations({"essay": [correction, note], "empty": []})
    unpacked = packed["essay"]
    assert unpacked == [correction, note]
    # `key_lines` is left out of equality: compare what messages use.
    assert [a.key_lines for a in unpacked] == [correction.key_lines, note.key_lines]
    assert unpacked[0].line_of("verdict") == 6 and unpacked[0].line_of("body") == 17
    assert unpacked[0].sources[0].archive == correction.sources[0].archive
    assert packed["empty"] == [] and len(packed) == 2 and sorted(packed) == ["empty", "essay"]
    assert "essay" in packed and "other" not in packed and packed.get("other") is None


def test_a_list_read_out_is_the_reader_s_own_until_it_is_assigned_back() -> None:
    correction, note = parsed(CORRECTION, "growth"), parsed("---\nkind: note\nauthor: Ann\n---\nA.\n", "a")
    packed = PackedAnnotations({"essay": [correction, note]})
    read = packed["essay"]
    read.pop()
    assert packed["essay"] == [correction, note]
    packed["essay"] = read
    assert packed["essay"] == [correction]
    del packed["essay"]
    assert "essay" not in packed and dict(packed) == {}
