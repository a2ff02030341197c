"""The front matter's fast path (`frontmatter.parse_simple`) reads what it accepts exactly as the
YAML parser's events do (`parse_events`), and declines everything else."""

from __future__ import annotations

from pathlib import Path

from glossa.frontmatter import Mapping, Scalar, Sequence, parse_events, parse_simple, parse_yaml
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent

KEYS = st.sampled_from(["kind", "quote", "verdict", "date", "sources", "url", "title", "x-y", "K_2"])
PIECES = st.sampled_from([
    ": ", " #", "#", ":", "'", "''", '"', "\\", "-", "- ", "? ", "\t", " ", "  ", "null", "~", "true",
    "&a", "*a", "!t", "[", "]", "{", "}", ",", "|", ">", "%", "@", "`", "é", "2026-11-25",
    "https://example.org/a:b", "\u00a0", "\u2028", "\ufeff", "\x07", "word",
])
TEXT = st.lists(st.one_of(PIECES, st.text(alphabet="abcXYZ09 .,/()", min_size=1, max_size=4)),
                max_size=5).map("".join)
VALUE = st.one_of(
    TEXT,
    TEXT.map(lambda text: "'" + text.replace("'", "''") + "'"),
    TEXT.map(lambda text: "'" + text + "'"),
    TEXT.map(lambda text: '"' + text + '"'),
)
INDENT = st.sampled_from(["", " ", "  ", "   ", "    "])
LINE = st.one_of(
    st.builds(lambda key, value: f"{key}: {value}", KEYS, VALUE),
    st.builds(lambda key: f"{key}:", KEYS),
    st.builds(lambda indent, key, value: f"{indent}- {key}: {value}", INDENT, KEYS, VALUE),
    st.builds(lambda indent, key, value: f"{indent}{key}: {value}", INDENT, KEYS, VALUE),
    st.builds(lambda indent, key: f"{indent}- {key}:", INDENT, KEYS),
    st.sampled_from(["", "# a comment", "- item", "  ", "key: [a, b]", "---", "key: |", "  more"]),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(LINE, max_size=12))
def test_what_the_fast_path_reads_it_reads_as_the_yaml_parser_does(lines: list[str]) -> None:
    text = "\n".join(lines)
    fast = parse_simple(text)
    if fast is not None:
        assert fast == parse_events(text), text


SAFE = st.text(alphabet="abcXYZ09 .,/()'-:#", min_size=1, max_size=12)
ITEM = st.lists(st.tuples(KEYS, SAFE), min_size=1, max_size=3, unique_by=lambda pair: pair[0])
DOCUMENT = st.lists(st.tuples(KEYS, st.one_of(SAFE, VALUE, st.lists(ITEM, max_size=3))),
                    min_size=1, max_size=5)


def _written(document: list[tuple[str, object]], indent: str) -> str:
    lines = []
    for key, value in document:
        if isinstance(value, list):
            lines.append(f"{key}:")
            for item in value:
                for position, (item_key, item_value) in enumerate(item):
                    lead = f"{indent}- " if position == 0 else f"{indent}  "
                    lines.append(f"{lead}{item_key}: {item_value}")
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines)


@settings(max_examples=1500, deadline=None)
@given(DOCUMENT, st.sampled_from(["", "  "]))
def test_documents_shaped_like_front_matter_read_the_same_both_ways(
        document: list[tuple[str, object]], indent: str) -> None:
    text = _written(document, indent)
    fast = parse_simple(text)
    if fast is not None:
        assert fast == parse_events(text), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.builds(lambda key, value: (key, value), KEYS,
                          st.text(alphabet="abcXYZ09 .,/()'", min_size=1, max_size=20)
                          .filter(lambda v: v[0].isalnum() and v[-1] != " ")),
                min_size=1, max_size=6, unique_by=lambda pair: pair[0]))
def test_plain_key_value_lines_take_the_fast_path(pairs: list[tuple[str, str]]) -> None:
    text = "\n".join(f"{key}: {value}" for key, value in pairs)
    fast = parse_simple(text)
    assert fast is not None, text
    assert fast == parse_events(text)


def test_lists_of_sources_at_either_indent_take_the_fast_path() -> None:
    for indent in ("", "  "):
        text = (f"kind: source\nsources:\n{indent}- url: https://example.org/a\n"
                f"{indent}  title: 'It''s a title'\n{indent}- url: https://example.org/b\n"
                f'{indent}  publisher: "The Week (India)"\nauthor:')
        fast = parse_simple(text)
        assert fast == parse_events(text)
        assert isinstance(fast, Mapping)
        line, sources = fast.items["sources"]
        assert (line, sources.line) == (2, 3) and isinstance(sources, Sequence)
        first = sources.items[0]
        assert isinstance(first, Mapping) and first.items["title"] == (4, Scalar("It's a title", 4, False))
        assert fast.items["author"] == (7, Scalar("", 7, True))


def test_what_the_fast_path_declines_the_yaml_parser_reads() -> None:
    for text in ("kind: note # a comment", "quote: a: b", "quote: \"say \\\"no\\\"\"", "a: [1, 2]",
                 "kind: note\nkind: source", "sources:\n\n- url: x", "quote: two\n  lines"):
        assert parse_simple(text) is None, text
    assert parse_yaml("quote: \"say \\\"no\\\"\"") == parse_events("quote: \"say \\\"no\\\"\"")


def test_the_editions_annotation_files_read_the_same_both_ways() -> None:
    fast = 0
    files = sorted((ROOT / "annotations").rglob("*.md"))
    for path in files:
        lines = path.read_text(encoding="utf-8").split("\n")
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
        text = "\n".join(lines[1:end])
        simple = parse_simple(text)
        if simple is not None:
            fast += 1
            assert simple == parse_events(text), path
    assert fast >= len(files) * 0.9
