"""The JSON Schema of the front matter, generated from `rules.py`, says what the reader says: same
inputs accepted, same refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from glossa import rules
from glossa.files import parse_annotation
from glossa.frontmatter import FrontMatterError, Node, Scalar, Sequence, parse_yaml
from glossa.frontmatter import Mapping as YamlMapping
from glossa.model import DEFAULT_KINDS, Annotation, Kind
from glossa.rules import KEYS, NULL_SCALARS, SOURCE_KEYS, VERDICTS
from glossa.schema import annotation_schema, schema_json
from helpers import SCHEMA_FILE
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

KINDS = {kind.name: kind for kind in DEFAULT_KINDS} | {
    "update": Kind("update", "Update", "material/update", "#6a1b9a", "describing", needs_sources=True),
    "memo": Kind("memo", "Memo", "material/tag", "#6a1b9a", "commenting", needs_author=True,
                 needs_body=False),
}
EDITION = Path(__file__).parent.parent / "annotations"
VALIDATOR = Draft202012Validator(annotation_schema(KINDS),
                                 format_checker=Draft202012Validator.FORMAT_CHECKER)


def reader_accepts(front: str) -> bool:
    """Glossa's own reader, on a whole file with this front matter and a body."""
    raw = f"---\n{front}\n---\nThe body.\n".encode()
    return isinstance(parse_annotation(raw, "x", "page", "annotations/page/x.md", KINDS), Annotation)


def schema_accepts(front: str, yaml_1_2: bool = False) -> bool:
    """The schema, on the JSON value of the same front matter (YAML errors refuse it, as the
    reader), as Glossa reads it or as a YAML 1.2 tool does."""
    try:
        node = parse_yaml(front)
    except FrontMatterError:
        return False
    return VALIDATOR.is_valid(as_yaml_1_2(node) if yaml_1_2 else front_matter_data(node))


def test_shipped_schema_is_what_schema_py_generates():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), \
        "regenerate it: python -m glossa.schema > plugins/glossa/annotation.schema.json"


def test_shipped_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))


def front_matter_data(node: Node | None) -> object:
    """Front matter nodes -> the JSON value the schema validates, as Glossa reads the YAML (the
    schema module's docstring): strings, lists, objects, and null for an empty, `~` or `null`
    plain scalar."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return None if node.plain and node.value in NULL_SCALARS else node.value
    if isinstance(node, Sequence):
        return [front_matter_data(item) for item in node.items]
    assert isinstance(node, YamlMapping)
    return {key: front_matter_data(value) for key, (_, value) in node.items.items()}


_YAML_1_2_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_YAML_1_2_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)"
                             r"|\.(nan|NaN|NAN)")


def as_yaml_1_2(node: Node | None) -> object:
    """The JSON value a YAML 1.2 tool (yaml-language-server) reads, by the core schema's rules:
    plain `1984` a number, plain `true` a boolean, where Glossa reads text."""
    if isinstance(node, Scalar) and node.plain:
        text = node.value
        if text in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return text.lower() == "true"
        if _YAML_1_2_INT.fullmatch(text):
            return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
        if _YAML_1_2_FLOAT.fullmatch(text):
            return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    if isinstance(node, Sequence):
        return [as_yaml_1_2(item) for item in node.items]
    if isinstance(node, YamlMapping):
        return {key: as_yaml_1_2(value) for key, (_, value) in node.items.items()}
    return front_matter_data(node)


def test_the_schema_accepts_what_a_yaml_1_2_tool_reads_from_the_edition():
    """Five of the edition's files have a source's `date: 2025`, a number to YAML 1.2."""
    for path in sorted(EDITION.glob("**/*.md")):
        node = parse_yaml(path.read_text(encoding="utf-8").split("---\n")[1])
        errors = [error.message for error in VALIDATOR.iter_errors(as_yaml_1_2(node))]
        assert not errors, (path.name, errors)


def test_the_schema_accepts_what_a_yaml_1_2_tool_reads_from_a_valid_file():
    """Editors' YAML tools (yaml-language-server) read `verdict: false` as a boolean and
    `occurrence: 2` as a number, and flagged the guide's own examples."""
    typed = {"kind": "correction", "quote": "the words", "occurrence": 2, "verdict": False,
             "date": "2026-11-25", "sources": [{"url": "https://example.org/a"}]}
    assert VALIDATOR.is_valid(typed)
    assert not VALIDATOR.is_valid({**typed, "verdict": True})
    assert not VALIDATOR.is_valid({**typed, "occurrence": 0})


def test_the_schema_states_the_rules_and_the_site_kinds():
    schema = annotation_schema(KINDS)
    assert list(schema["properties"]) == list(KEYS)
    assert list(schema["$defs"]["source"]["properties"]) == list(SOURCE_KEYS)
    assert schema["properties"]["verdict"]["anyOf"][0]["enum"] == list(VERDICTS)
    assert schema["properties"]["kind"]["enum"] == ["correction", "source", "note", "update", "memo"]
    assert schema["$defs"]["url"]["pattern"] == rules.ecma(rules.HTTP_URL)
    assert schema["properties"]["summary"]["description"].startswith(
        f"One line of plain text, at most {rules.MAX_SUMMARY_CHARS} characters")


SOURCES = "sources:\n  - url: https://example.org/a"
CASES = [
    # (why, front matter, accepted)
    ("a note with its author", "kind: note\nauthor: A. Reader", True),
    ("a correction with verdict and source", f"kind: correction\nverdict: misleading\n{SOURCES}", True),
    ("a source with one url", f"kind: source\n{SOURCES}", True),
    ("every key at once", "kind: correction\nquote: two hours\nprefix: for\nsuffix: a day\n"
     "verdict: imprecise\nsources:\n  - url: https://a.example/x\n    title: T\n    publisher: P\n"
     "    original: O\n    date: 2024-05\n    archive: https://web.archive.org/x\n"
     "author: Editors\ndate: 2026-11-25\nupdated: 2026-11-26", True),
    ("verdict false is the word, not a boolean", f"kind: correction\nverdict: false\n{SOURCES}", True),
    ("the key may be quoted", "'kind': note\n\"author\": A", True),
    ("a quote written in Markdown is still text", "kind: note\nauthor: A\nquote: '**two** hours'", True),
    ("a custom kind with its sources", f"kind: update\n{SOURCES}", True),
    ("a custom kind with its author", "kind: memo\nauthor: A", True),
    ("a source's title may be empty text", "kind: source\nsources:\n  - url: https://a.example\n"
     "    title: ''", True),
    ("upper-case scheme", "kind: source\nsources:\n  - url: HTTPS://EXAMPLE.ORG/A", True),
    ("source dates: a year", "kind: source\nsources:\n  - url: https://a.example\n    date: 2024", True),
    ("source dates: a full date", "kind: source\nsources:\n  - url: https://a.example\n    date: 2024-02-29",
     True),
    ("no kind", "author: A", False),
    ("an unknown kind", "kind: nots\nauthor: A", False),
    ("kinds are case-sensitive", "kind: Note\nauthor: A", False),
    ("a misspelt key", "kind: note\nauthor: A\nqoute: x", False),
    ("verdicts are case-sensitive", f"kind: correction\nverdict: False\n{SOURCES}", False),
    ("a correction without verdict", f"kind: correction\n{SOURCES}", False),
    ("a correction without sources", "kind: correction\nverdict: false", False),
    ("a source has no verdict", f"kind: source\nverdict: false\n{SOURCES}", False),
    ("a custom kind has no verdict", f"kind: update\nverdict: false\n{SOURCES}", False),
    ("a custom kind without its sources", "kind: update", False),
    ("a note without author", "kind: note", False),
    ("a blank author", "kind: note\nauthor: '  '", False),
    ("author ~ is no value", "kind: note\nauthor: ~", False),
    ("author null is no value", "kind: note\nauthor: null", False),
    ("author empty is no value", "kind: note\nauthor:", False),
    ("author as a list", "kind: note\nauthor: [A, B]", False),
    ("kind as a list", "kind: [note]\nauthor: A", False),
    ("a blank quote", "kind: note\nauthor: A\nquote: ' '", False),
    ("a date", "kind: note\nauthor: A\ndate: 2026-11-25", True),
    ("a date that does not exist", "kind: note\nauthor: A\ndate: 2026-02-30", False),
    ("a month is not a date", "kind: note\nauthor: A\ndate: 2026-11", False),
    ("a date and a new line", 'kind: note\nauthor: A\ndate: "2026-11-25\\n"', False),
    ("a date in other digits", "kind: note\nauthor: A\nupdated: ٢٠٢٦-١١-٢٥", False),
    ("a two-digit year", "kind: note\nauthor: A\nupdated: 26-11-25", False),
    ("an ftp url", "kind: source\nsources:\n  - url: ftp://a.example/x", False),
    ("a bracket in a url's host", "kind: source\nsources:\n  - url: https://[www.a.example/x", False),
    ("a javascript url", "kind: source\nsources:\n  - url: 'javascript:alert(1)'", False),
    ("a long s is not an s", "kind: source\nsources:\n  - url: httpſ://a.example", False),
    ("a space in a url", "kind: source\nsources:\n  - url: https://a.example/a b", False),
    ("a scheme and nothing else", "kind: source\nsources:\n  - url: https://", False),
    ("a bad archive url", "kind: source\nsources:\n  - url: https://a.example\n    archive: a.example",
     False),
    ("an empty source list", "kind: source\nsources: []", False),
    ("sources as one url", "kind: source\nsources: https://a.example", False),
    ("a source without url", "kind: source\nsources:\n  - title: T", False),
    ("a misspelt source key", "kind: source\nsources:\n  - url: https://a.example\n    titel: T", False),
    ("a source title ~", "kind: source\nsources:\n  - url: https://a.example\n    title: ~", False),
    ("a source as text", "kind: source\nsources:\n  - https://a.example", False),
    ("source dates: month 13", "kind: source\nsources:\n  - url: https://a.example\n    date: 2024-13",
     False),
    ("source dates: year 0", "kind: source\nsources:\n  - url: https://a.example\n    date: '0000'", False),
    ("source dates: one-digit month", "kind: source\nsources:\n  - url: https://a.example\n    date: 2024-5",
     False),
    ("source dates: 30 February", "kind: source\nsources:\n  - url: https://a.example\n"
     "    date: 2023-02-29", False),
    ("front matter that is a list", "- kind: note", False),
    ("front matter that is one word", "note", False),
    ("a duplicate key", "kind: note\nauthor: A\nauthor: B", False),
    ("an alias", "kind: note\nauthor: &a A\nquote: *a", False),
]


@pytest.mark.parametrize("why, front, accepted", CASES, ids=[case[0] for case in CASES])
def test_reader_and_schema_agree_on(why: str, front: str, accepted: bool):
    assert reader_accepts(front) is accepted
    assert schema_accepts(front) is accepted


# --- the same, on generated front matter ------------------------------------------------------

WORDS = ["note", "source", "correction", "update", "memo", "Note", "false", "misleading",
         "missing-context", "imprecise", "true", "2026-11-25", "2026-02-30", "2026-11", "2024",
         "2024-05", "2024-13", "0000", "٢٠٢٤", "https://example.org/a", "HTTP://EXAMPLE.ORG",
         "http://a", "https://", "ftp://a.example", "httpſ://a.example", "javascript:alert(1)",
         "https://a.example/a b", "A. Reader", "two hours", " ", "", "~", "null", "NULL", "yes",
         "1984", "3.5", "0x1F", "1e3", ".inf", "TRUE"]
NULLS = {"", "~", "null", "NULL"}
texts = st.one_of(st.sampled_from(WORDS), st.text(max_size=8))
styles = st.sampled_from(["plain", "single", "double"])


def scalar(text: str, style: str) -> str:
    """One YAML scalar: plain where the text allows it, else quoted (JSON is valid double-quoted)."""
    if style == "plain" and (text in NULLS or (text and text == text.strip() and all(
            c.isalnum() or c in " .-/:()" for c in text) and ": " not in text and not text.endswith(":"))):
        return text
    if style == "single" and text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


values = st.tuples(texts, styles).map(lambda pair: scalar(*pair))
GOOD = {
    "kind": ["note", "source", "correction", "update", "memo"],
    "quote": ["two hours", "'quoted' words", "a: b", "2024"], "prefix": ["for"], "suffix": ["a day"],
    "verdict": list(VERDICTS), "author": ["A. Reader", "Glossa editors"],
    "date": ["2026-11-25", "2024-02-29"], "updated": ["2026-11-26"],
    "url": ["https://example.org/a", "http://a.example/b?c=d#e"], "archive": ["https://web.archive.org/x"],
    "title": ["A title", "", "1984", "true"], "publisher": ["Example"], "original": ["Example News"],
    "source-date": ["2024", "2024-05", "2024-05-31"],
}


def good_value(key: str) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(GOOD[key]), styles).map(lambda pair: scalar(*pair))


@st.composite
def sources(draw: st.DrawFn) -> list[dict[str, str]]:
    entries = []
    for _ in range(draw(st.integers(1, 2))):
        keys = ["url", *draw(st.lists(st.sampled_from(SOURCE_KEYS[1:]), max_size=3, unique=True))]
        entries.append({key: draw(good_value("source-date" if key == "date" else key)) for key in keys})
    return entries


@st.composite
def fronts(draw: st.DrawFn) -> dict[str, object]:
    """Mostly valid front matter for a drawn kind, then zero to two mutations."""
    kind = KINDS[draw(st.sampled_from(sorted(KINDS)))]
    written = good_value("kind").filter(lambda value: value.strip("'\"") == kind.name)
    front: dict[str, object] = {"kind": draw(written)}
    if kind.needs_verdict:
        front["verdict"] = draw(good_value("verdict"))
    if kind.needs_sources or draw(st.booleans()):
        front["sources"] = draw(sources())
    if kind.needs_author or draw(st.booleans()):
        front["author"] = draw(good_value("author"))
    for key in draw(st.lists(st.sampled_from(["quote", "prefix", "suffix", "date", "updated"]),
                             max_size=3, unique=True)):
        front[key] = draw(good_value(key))
    for _ in range(draw(st.integers(0, 2))):
        mutation = draw(st.sampled_from(["drop", "value", "key", "source"]))
        if mutation == "drop":
            front.pop(draw(st.sampled_from(sorted(front))), None)
        elif mutation == "value":
            front[draw(st.sampled_from([*KEYS, "sources"]))] = draw(st.one_of(values, st.just("[]")))
        elif mutation == "key":
            front[draw(st.sampled_from(["qoute", "Kind", "url", "notes"]))] = draw(values)
        elif isinstance(front.get("sources"), list) and front["sources"]:
            entry = dict(draw(st.sampled_from(front["sources"])))
            entry[draw(st.sampled_from([*SOURCE_KEYS, "titel"]))] = draw(values)
            if draw(st.booleans()):
                entry.pop("url", None)
            front["sources"] = [entry]
    return front


def front_text(front: dict[str, object]) -> str:
    lines = []
    for key, value in front.items():
        if isinstance(value, str):
            lines.append(f"{key}: {value}")
            continue
        assert isinstance(value, list)
        if not value:
            lines.append(f"{key}: []")
            continue
        lines.append(f"{key}:")
        for entry in value:
            if not entry:
                lines.append("  - {}")
            for i, (source_key, source_value) in enumerate(entry.items()):
                lines.append(f"  {'- ' if i == 0 else '  '}{source_key}: {source_value}")
    return "\n".join(lines)


@settings(max_examples=600)
@given(fronts())
@example({"kind": "memo", "author": "A. Reader", "quote": '"\xad"'})  # only what anchoring drops
@example({"kind": "note", "author": "A. Reader", "quote": "-.Inf"})  # a number to YAML 1.2
def test_reader_and_schema_agree_on_generated_front_matter(front: dict[str, object]):
    urls = [entry.get("url", "").strip("'\"") for entry in front.get("sources") or []
            if isinstance(entry, dict)]
    assume(len(urls) == len(set(urls)))  # a source given twice: the reader's rule alone
    text = front_text(front)
    accepted = reader_accepts(text)
    assert accepted == schema_accepts(text), text
    if accepted:
        assert schema_accepts(text, yaml_1_2=True), text
