"""Front matter is read by libyaml's parser when PyYAML has it, and PyYAML's own parser otherwise
reads it the same (syntax errors aside: the two word them differently)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from glossa import frontmatter
from glossa.frontmatter import parse_yaml

ROOT = Path(__file__).resolve().parent.parent


def test_the_c_parser_reads_front_matter_when_pyyaml_has_it() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML is built without libyaml here")
    assert frontmatter._Parser is yaml.cyaml.CParser


def test_the_pure_python_parser_reads_the_editions_files_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = []
    for path in sorted((ROOT / "annotations").rglob("*.md")):
        lines = path.read_text(encoding="utf-8").split("\n")
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "..."))
        texts.append("\n".join(lines[1:end]))
    texts += ["kind: note # a comment", "quote: \"say \\\"no\\\"\"", "a: [1, 2]", "a: |\n  two\n  lines",
              "kind: note\nkind: source", "a: &x 1", "a: !!str 1"]
    assert len(texts) > 50

    def read(text: str) -> object:
        try:
            return parse_yaml(text)
        except frontmatter.FrontMatterError as error:
            return (error.line, error.message)

    by_c = [read(text) for text in texts]
    monkeypatch.setattr(frontmatter, "_Parser", yaml.BaseLoader)
    assert [read(text) for text in texts] == by_c


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"])
def test_a_line_break_only_yaml_counts_does_not_lose_the_line_of_a_later_value(character):
    """YAML ends a line at NEL and the Unicode separators too: a value after one, on a line holding
    '#', was looked for past the text's last line, and the reader stopped with an IndexError.
    (YAML keeps a separator in a quoted value, so the text is read as written; lines after it are
    counted as YAML counts them.)"""
    text = f'title: "a{character}b"\nurl: "http://a.example/b#e"\npublisher: Example'
    node = parse_yaml(text)
    assert node is not None and set(node.items) == {"title", "url", "publisher"}
