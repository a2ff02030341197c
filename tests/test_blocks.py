"""A page's blocks, found in its own HTML (`blocks.top_level`): what counts as one block, what
stands between blocks, and which blocks Material gives an annotation list to."""

from __future__ import annotations

from glossa.blocks import split_blocks
from helpers import annotation, build, write_project


def texts(html: str) -> list[str]:
    return [block.text for block in split_blocks(html)[0]]


def test_tags_written_inside_a_script_do_not_hide_the_blocks_after_it() -> None:
    html = ("<p>one</p>\n<script>for (i = 0; i<n; i++) {} // don't\nvar s = '<!--';</script>\n"
            "<p>two</p>\n<p>it's three</p>\n<p>four</p>")
    assert texts(html) == ["one", "two", "it's three", "four"]


def test_a_script_in_capitals_is_no_text_of_its_block() -> None:
    assert texts("<div><SCRIPT>var secret = 1</SCRIPT>hi</div>") == ["hi"]


def test_a_block_marked_annotate_and_its_list_are_one_block() -> None:
    paragraph = '<p class="annotate">Words (1)</p>\n<ol><li>A note</li></ol>\n<p>After.</p>'
    assert texts(paragraph) == ["Words (1)\nA note", "After."]
    code = ('<div class="annotate highlight"><pre><span></span><code><span class="c1"># (1)</span>'
            '</code></pre></div>\n<ol><li>The note</li></ol>')
    assert len(texts(code)) == 1


def test_a_numbered_list_after_code_is_a_block_of_its_own() -> None:
    html = ('<div class="language-python highlight"><pre><code>print("(1)")</code></pre></div>\n'
            "<ol><li>Install it.</li><li>Then run it.</li></ol>")
    assert texts(html) == ['print("(1)")', "Install it.Then run it."]


def test_a_page_without_annotations_keeps_the_sites_language(tmp_path) -> None:
    pages = {"essay.md": "# Essay\n\nWords.\n", "other.md": "---\nlanguage: fr\n---\n\n# Autre\n\nMots.\n"}
    project = write_project(tmp_path, pages, {"essay/n.md": annotation("note", quote="Words.")})
    plain = write_project(tmp_path / "plain", pages, config={"plugins": ["search"]})
    woven_html = (build(project, strict=True).site / "other" / "index.html").read_text(encoding="utf-8")
    plain_html = (build(plain).site / "other" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in woven_html and woven_html.split("<head>")[0] == plain_html.split("<head>")[0]


def test_items_left_open_end_with_their_list_and_the_blocks_stay_byte_for_byte() -> None:
    html = "<ul><li>a<li>b</ul>\n<p>next &amp; last</p>"
    blocks, _ = split_blocks(html)
    assert [block.text for block in blocks] == ["ab", "next & last"]
    assert [block.html(marked=False) for block in blocks] == ["<ul><li>a<li>b</ul>", "<p>next &amp; last</p>"]
