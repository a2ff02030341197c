"""A page's blocks, found in its own HTML (`blocks.top_level`): what counts as one block, what
stands between blocks, and which blocks Material gives an annotation list to."""

from __future__ import annotations

from glossa.blocks import split_blocks
from helpers import annotation, build, write_project
from hypothesis import given, settings
from hypothesis import strategies as st


def texts(html: str) -> list[str]:
    return [block.text for block in split_blocks(html)[0]]


def test_tags_written_inside_a_script_do_not_hide_the_blocks_after_it() -> None:
    html = ("<p>one</p>\n<script>for (i = 0; i<n; i++) {} // don't\nvar s = '<!--';</script>\n"
            "<p>two</p>\n<p>it's three</p>\n<p>four</p>")
    assert texts(html) == ["one", "two", "it's three", "four"]


def test_a_template_at_the_top_is_no_block_whichever_way_the_page_is_read() -> None:
    """Paragraph numbers must not shift when an unclosed tag elsewhere leaves lxml to decide."""
    page = "<p>one</p>\n<template><p>x</p></template>\n<p>two</p>"
    assert texts(page) == ["one", "two"]
    assert texts(page + "\n<div>left open") == ["one", "two", "left open"]


def test_a_paragraph_another_ends_is_a_block_of_its_own() -> None:
    """A `<p>` left open in raw HTML at the top, ended by the next: it went into the block before's
    trailing bytes, with no ¶ and no quote found in it."""
    assert texts("<p>one<p>two</p>\n<p>three</p>") == ["one", "two", "three"]
    assert texts("<p>First.</p>\n<p>Second, left open\n<p>Third.</p>") == [
        "First.", "Second, left open\n", "Third."]


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


ONE_PARSE_CASES = {
    "paragraphs and a heading": '<h2 id="a">Title<a class="headerlink" href="#a">&para;</a></h2>\n'
                                "<p>one <em>two</em></p>\n<p>three</p>",
    "code and its annotation list": '<p>Before.</p>\n<div class="annotate highlight"><pre><code>'
                                    '<span class="c1"># (1)</span></code></pre></div>\n'
                                    "<ol><li>The note</li></ol>\n<p>After.</p>",
    "a list after code, on its own": '<div class="highlight"><pre><code>x</code></pre></div>\n'
                                     "<ol><li>Step.</li></ol>",
    "a script and a comment between blocks": "<p>one</p>\n<!-- c -->\n<script>var a = '<p>';</script>"
                                             "\n<p>two</p>",
    "a table and a rule": "<table><tr><td>a</td><td>b</td></tr></table>\n<hr>\n<p>c</p>",
    "text outside any element": "words alone\n<p>one</p>tail text<p>two</p>",
    "a list item at the top": "<li>one</li>\n<p>two</p>",
}
"""Pages whose top level libxml2 reads as `top_level` does: parsed once."""

PARSED_BLOCK_BY_BLOCK = {
    "a block element inside a paragraph": "<p>one <div>two</div> three</p>\n<p>four</p>",
}
"""Pages it reads otherwise (it adds or moves elements): each block parsed alone."""


def test_one_parse_of_the_page_gives_each_block_what_parsing_it_alone_gives(monkeypatch) -> None:
    from glossa import blocks

    def described(html: str) -> list[tuple[str, str, str, str, str]]:
        return [(b.source, b.after, b.text, b.tag, "".join(map(blocks.serialise, b.element)))
                for b in split_blocks(html)[0]]

    for name, html in {**ONE_PARSE_CASES, **PARSED_BLOCK_BY_BLOCK}.items():
        spans = blocks.top_level(html)
        assert spans is not None, name
        assert (blocks._parsed_once(html, spans) is not None) == (name in ONE_PARSE_CASES), name
        once = described(html)
        with monkeypatch.context() as patch:
            patch.setattr(blocks, "_parsed_once", lambda content, spans: None)
            assert once == described(html), name


PARAGRAPHS_FOUND_BY_THEIR_END_TAG = {
    "inline markup": '<p>one <strong>two</strong> <a href="x">three</a> <code>&lt;p&gt;</code></p>\n'
                     '<h2 id="a">Title<a class="headerlink" href="#a">&para;</a></h2>',
    "an end tag inside a comment": "<p>one <!-- </p> --> two</p>\n<p>three</p>",
    "an end tag inside a script": "<p>one <script>var a = '</p>';</script> two</p>\n<p>three</p>",
    "a paragraph left open": "<p>one<p>two</p>\n<p>three</p>",
    "end tags in capitals": "<P>one</P>\n<p>two <em>three</P>\n<p>four</p>",
    "a heading inside a heading": "<h2>one <h3>two</h3></h2>\n<p>three</p>",
    "a paragraph closed as XML closes it": "<p/>one</p>\n<p>two</p>",
    "an end tag in an attribute": '<p>a<span title="x</p><p>y">z</span></p>\n<p>b</p>',
    "an end tag in an attribute, in single quotes": "<p><a title='</p>'>x</a></p>",
    "a heading's end tag in an attribute": '<h2 id=a>T<img alt="</h2>"></h2>',
}


def test_a_paragraph_found_by_its_end_tag_is_the_block_pairing_every_tag_finds(monkeypatch) -> None:
    from glossa import blocks

    for name, html in PARAGRAPHS_FOUND_BY_THEIR_END_TAG.items():
        found = blocks.top_level(html)
        with monkeypatch.context() as patch:
            patch.setattr(blocks, "_phrasing_end", lambda content, tag, start: None)
            assert found == blocks.top_level(html), name


PIECES = ["<p>", "</p>", "<P>", "</P>", "<h2>", "</h2>", "<em>", "</em>", "<br>", "<p/>", "a", " ",
          '<span title="', "'", '">', "'>", "<a href='x'>", "</a>", "<!--", "-->", "<script>",
          "</script>", "<div>", "</div>", "<", ">", "</span>"]


ATTRIBUTE_VALUES = st.sampled_from(["x", "</p>", "<p>", "</h2>", "a</p><p>b", ">", "<!--"])
INLINE = st.one_of(
    st.sampled_from(["a", " b ", "<br>", "<!-- </p> -->", "<em>c</em>", "</em>", "<script>'</p>'</script>"]),
    st.builds('<span title="{}">d</span>'.format, ATTRIBUTE_VALUES),
    st.builds("<img alt='{}'>".format, ATTRIBUTE_VALUES))
WELL_FORMED = st.lists(st.builds(lambda tag, parts: f"<{tag}>{''.join(parts)}</{tag}>",
                                 st.sampled_from(["p", "h2", "div"]), st.lists(INLINE, max_size=4)),
                       max_size=4).map("\n".join)


@settings(max_examples=1500)
@given(st.one_of(WELL_FORMED, st.lists(st.sampled_from(PIECES), max_size=14).map("".join)))
def test_any_paragraph_found_by_its_end_tag_is_the_one_pairing_finds(html: str) -> None:
    """Where pairing every tag finds the blocks, taking a paragraph by its end tag finds the same:
    pages as Markdown writes them, with attributes and comments that hold end tags, and tag soup."""
    from glossa import blocks

    found = blocks.top_level(html)
    original, blocks._phrasing_end = blocks._phrasing_end, lambda content, tag, start: None
    try:
        paired = blocks.top_level(html)
    finally:
        blocks._phrasing_end = original
    if paired is not None:
        assert found == paired


def test_a_stray_end_tag_in_a_paragraph_is_left_to_the_parser_and_nothing_is_lost() -> None:
    html = "<p>one</div> two</p>\n<p>three</p>"
    found, leading = split_blocks(html)
    assert leading + "".join(block.source + block.after for block in found) == html
    assert [block.text for block in found] == ["one two", "three"]
