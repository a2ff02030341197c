"""Properties of a page with annotations, on random Markdown and random quotes (SPEC §3, §4).

Random documents (paragraphs, headings, nested lists, block quotes, code, tables, raw HTML,
footnotes, admonitions; bold, emphasis, code, links and entities inline; combining marks,
typographic quotes and dashes, right-to-left scripts, emoji, no-break, soft-hyphen and zero-width
characters) are rendered by Python-Markdown with the extensions MkDocs uses; annotations quote
random stretches of the rendered text of a block (as copied, or as typed: normalised), sometimes
with a prefix or a suffix. Whatever is drawn:

- annotating never fails;
- every block, with the marks unwrapped and Glossa's `data-glossa-ui` elements removed, is the block
  exactly as Markdown rendered it;
- every annotation has exactly one card: in its block's row when it anchored, in
  #glossa-unanchored when it did not;
- the marks of an annotation hold exactly its quote (normalised as anchoring does);
- the HTML is well formed: tags balanced, no link in a link, no block inside a mark or paragraph.

The core is tested directly (fast, `max_examples` 60 by default, 2,000 with `--long-properties`),
and a few examples go through real MkDocs builds, compared with a build without the plugin.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml
from glossa.anchor import normalise
from glossa.blocks import split_blocks
from glossa.frontmatter import parse_yaml
from glossa.model import DEFAULT_KINDS, Annotation, quoted
from glossa.page import AnnotatedPage, annotate_page
from glossa.templates import Templates
from helpers import build, original_block, write_project
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

KINDS = {kind.name: kind for kind in DEFAULT_KINDS}
TEMPLATES = Templates()
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "footnotes", "admonition", "md_in_html"]
EXTENSION_CONFIGS = {"toc": {"permalink": True}}

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789"
SPECIAL = [
    "e\u0301", "a\u0308", "n\u0303", "\u00e9", "\u00c5", "A\u030a", "\u1100\u1161",  # combining
    "\u2018", "\u2019", "\u201c", "\u201d", "'", '"', "\u2014", "\u2013", "--", "-", "\u2026",
    "...", "\u00a0", "\u00ad", "\u200b", "\u200d", "\u2060",  # no-break, soft hyphen, zero width
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u202b", "\u200f",  # RTL
    "\u6f22\u5b57", "\U0001f680", "\U0001f469\u200d\U0001f52c", "\ufe0f",  # CJK, emoji
    ".", ",", ";", ":", "?", "!", "(", ")", "/", "=", "+", "%", "$", "@", "\u00a9",
]
ENTITIES = ["&amp;", "&lt;", "&gt;", "&quot;", "&#8212;", "&nbsp;", "&hellip;", "&eacute;"]

words = st.lists(st.sampled_from(list(LETTERS)) | st.sampled_from(SPECIAL), min_size=1,
                 max_size=7).map("".join).filter(lambda w: w.strip() and not w.startswith("-"))
plain = st.lists(words, min_size=1, max_size=6).map(" ".join)
inline_piece = st.one_of(
    plain,
    plain.map(lambda t: f"**{t}**"),
    plain.map(lambda t: f"*{t}*"),
    plain.map(lambda t: f"`{t}`"),
    st.tuples(plain, st.integers(0, 9)).map(lambda p: f"[{p[0]}](https://x.org/{p[1]})"),
    st.sampled_from(ENTITIES),
)
inline = st.lists(inline_piece, min_size=1, max_size=6).map(" ".join)


def _list(items: list[str], ordered: bool) -> str:
    return "\n".join(f"{i + 1}. {item}" if ordered else f"- {item}" for i, item in enumerate(items))


block = st.one_of(
    inline,
    inline,
    st.tuples(st.integers(2, 4), inline).map(lambda h: "#" * h[0] + " " + h[1]),
    st.tuples(st.lists(inline, min_size=1, max_size=4), st.booleans()).map(lambda x: _list(*x)),
    inline.map(lambda t: f"> {t}"),
    plain.map(lambda t: f"```\n{t}\n```"),
    st.lists(plain, min_size=2, max_size=2).map(lambda c: f"| {c[0]} | {c[1]} |\n| --- | --- |\n"
                                                          f"| {c[1]} | {c[0]} |"),
    plain.map(lambda t: f'<div class="raw">{html.escape(t)}</div>'),
    st.just("***"),
    st.tuples(inline, inline).map(lambda f: f"{f[0]}[^f]\n\n[^f]: {f[1]}"),
    inline.map(lambda t: f'!!! note "Admonition"\n    {t}'),
    st.tuples(inline, inline).map(lambda n: f"- {n[0]}\n    - {n[1]}"),
)
documents = st.tuples(plain, st.lists(block, min_size=1, max_size=8)).map(
    lambda d: f"# {d[0]}\n\n" + "\n\n".join(d[1]) + "\n")


def render(source: str) -> str:
    """The page's HTML as MkDocs hands it to plugins (its Markdown, the site's extensions)."""
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS).convert(source)


@st.composite
def annotated_documents(draw: st.DrawFn) -> tuple[str, list[Annotation]]:
    """A document and annotations quoting random stretches of its blocks' rendered text."""
    source = draw(documents)
    blocks, _ = split_blocks(render(source))
    texts = [b.text for b in blocks if normalise(b.text).strip()]
    assume(texts)
    annotations = []
    for number in range(draw(st.integers(1, 5))):
        text = draw(st.sampled_from(texts))
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 80)))
        # As copied from the page, or as typed: straight quotes, '-' and '...' for the typography.
        quote = text[start:end] if draw(st.booleans()) else normalise(text[start:end])
        assume(normalise(quote).strip())
        context = draw(st.sampled_from(["none", "prefix", "suffix"]))
        prefix = text[max(0, start - 12):start] if context == "prefix" else None
        suffix = text[end:end + 12] if context == "suffix" else None
        kind = draw(st.sampled_from(sorted(KINDS)))
        annotations.append(Annotation(
            id=f"a{number}", page="p", path=f"annotations/p/a{number}.md", kind=kind, body="Body.",
            quote=quote, prefix=prefix if prefix and normalise(prefix).strip() else None,
            suffix=suffix if suffix and normalise(suffix).strip() else None,
            verdict="false" if kind == "correction" else None))
    return source, annotations


# --- the properties, checked on one annotated page ----------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
BLOCK_LEVEL = {"address", "article", "aside", "blockquote", "details", "div", "dl", "dd", "dt",
               "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
               "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td",
               "th", "thead", "tr", "ul"}


class WellFormed(HTMLParser):
    """Every tag closed in order; no link in a link; nothing block-level in a mark or paragraph
    (an HTML parser would close the paragraph early and the page would not be the one written)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and "a" in self.stack:
            self.problems.append("a link inside a link")
        if tag in BLOCK_LEVEL and ("mark" in self.stack or "p" in self.stack):
            self.problems.append(f"<{tag}> inside <{'mark' if 'mark' in self.stack else 'p'}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.problems.append(f"<{tag}/> is not a void element")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else 'nothing'}>")
            return
        self.stack.pop()


def well_formed_problems(fragment: str) -> list[str]:
    checker = WellFormed()
    checker.feed(fragment)
    checker.close()
    return checker.problems + [f"<{tag}> never closed" for tag in checker.stack]


def _serialised(element: lxml_html.HtmlElement) -> str:
    return lxml_html.tostring(element, encoding="unicode", with_tail=False)


def words(texts: list[str]) -> str:
    """Marked text as compared with its quote: white space aside, since the white space between a
    table's cells or a list's items can hold no mark."""
    return "".join(normalise("".join(texts)).split())


def check_page(rendered: str, annotations: list[Annotation], result: AnnotatedPage,
               page: lxml_html.HtmlElement) -> None:
    """All the properties, on the core's result for `rendered` and the page (or the content) it made."""
    originals = [child for child in lxml_html.fragment_fromstring(rendered, create_parent="div")
                 if isinstance(child.tag, str)]
    texts = page.xpath("//*[@data-glossa-text]")
    assert len(texts) == len(originals)
    for text, original in zip(texts, originals, strict=True):
        kept = [child for child in original_block(text) if isinstance(child.tag, str)]
        assert [_serialised(child) for child in kept] == [_serialised(original)]

    placed = {p.annotation.id: p for p in result.placements}
    unplaced = {a.id for a, _ in result.unanchored}
    assert placed.keys() | unplaced == {a.id for a in annotations}
    assert not placed.keys() & unplaced
    for annotation in annotations:
        cards = page.xpath(f"//*[@data-glossa-id='{annotation.id}']")
        assert len(cards) == 1, annotation.id
        if annotation.id in placed:
            row = cards[0].xpath("ancestor::*[@data-glossa-block]")
            assert [r.get("data-glossa-block") for r in row] == [str(placed[annotation.id].block)]
            marks = [m.text_content() for m in page.xpath("//mark[@data-glossa-ref]")
                     if annotation.id in m.get("data-glossa-ref").split()]
            marked, quoted = words(marks), words([annotation.quote or ""])
            assert marked == words([placed[annotation.id].exact])
            # the quote, and no more than the rest of a character it ends inside (whole_characters)
            assert quoted in marked and len(marked) - len(quoted) <= 8
        else:
            assert cards[0].xpath("ancestor::*[@id='glossa-unanchored']"), annotation.id
    for mark in page.xpath("//mark"):
        assert mark.get("data-glossa-ref") and not len(mark), "marks hold text only"
        assert set(mark.get("data-glossa-ref").split()) <= placed.keys()


def annotate(source: str, annotations: list[Annotation]) -> tuple[str, AnnotatedPage]:
    rendered = render(source)
    result = annotate_page(rendered, annotations, KINDS, {a.id: "<p>Body.</p>" for a in annotations},
                           {}, "docs/p.md", TEMPLATES)
    return rendered, result


def examples(pytestconfig: pytest.Config, default: int, long: int) -> int:
    return long if pytestconfig.getoption("--long-properties") else default


def test_random_quotes_on_random_markdown_keep_every_property(pytestconfig: pytest.Config):
    @settings(max_examples=examples(pytestconfig, 60, 2000),
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(annotated_documents())
    def check(drawn: tuple[str, list[Annotation]]) -> None:
        source, annotations = drawn
        rendered, result = annotate(source, annotations)
        assert well_formed_problems(result.html) == []
        page = lxml_html.fragment_fromstring(result.html, create_parent="div")
        check_page(rendered, annotations, result, page)
        check_ids(rendered, result, page)

    check()


def check_ids(rendered: str, result: AnnotatedPage, page: lxml_html.HtmlElement) -> None:
    """What MkDocs is told the page's ids are (`links.WithGlossaIds`, which answers rather than
    stores Glossa's) is every id the woven page has, and those `glossa_ids` lists, and no other."""
    from glossa.links import WithGlossaIds

    own = set(lxml_html.fragment_fromstring(rendered, create_parent="div").xpath("//@id"))
    told = WithGlossaIds(own, result)
    assert [id for id in page.xpath("//@id") if id not in told] == []
    assert all(id in told for id in result.glossa_ids())
    unknown = {"glossa-x-never", "glossaref-x-never", "glossatitle-x-never", f"p{result.block_count + 1}"}
    assert not {id for id in unknown - own if id in told}


def test_a_page_with_no_annotation_is_the_rendered_markdown_row_by_row(pytestconfig: pytest.Config):
    @settings(max_examples=examples(pytestconfig, 30, 1000))
    @given(documents)
    def check(source: str) -> None:
        rendered, result = annotate(source, [])
        assert well_formed_problems(result.html) == []
        page = lxml_html.fragment_fromstring(result.html, create_parent="div")
        check_page(rendered, [], result, page)
        assert not page.xpath("//*[@id='glossa-unanchored']")

    check()


def test_well_formedness_check_catches_what_it_should():
    assert well_formed_problems("<p>a <mark>b</mark> <a href='#'>c</a></p><hr><br>") == []
    assert well_formed_problems("<p>a<div>b</div></p>") == ["<div> inside <p>"]
    assert well_formed_problems("<a href='#'><a href='#'>x</a></a>") == ["a link inside a link"]
    assert well_formed_problems("<mark><p>x</p></mark>") == ["<p> inside <mark>"]
    assert well_formed_problems("<p><b>x</p></b>") == ["</p> closes <b>", "<p> never closed"]


# --- a few examples through real MkDocs builds, against a build without the plugin ------------------

def _article_blocks(page: lxml_html.HtmlElement) -> list[str]:
    article = page.xpath("//article[contains(@class, 'md-content__inner')]")[0]
    return [_serialised(child) for child in article if isinstance(child.tag, str)]


def test_real_builds_with_random_quotes_keep_every_property(pytestconfig: pytest.Config,
                                                           tmp_path_factory: pytest.TempPathFactory):
    @settings(max_examples=examples(pytestconfig, 3, 40),
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                     HealthCheck.function_scoped_fixture])
    @given(annotated_documents())
    @example(("# P\n\nSome words.\n", [Annotation(id=f"a{n}", page="p", path=f"annotations/p/a{n}.md",
                                                 kind="note", body="Body.", quote="words") for n in (0, 1)]))
    def check(drawn: tuple[str, list[Annotation]]) -> None:
        source, annotations = drawn
        root = tmp_path_factory.mktemp("property")
        project = write_project(root / "with", {"p.md": source})
        for annotation in annotations:  # as bytes: write_project would dedent them
            target = project / "annotations" / "p" / f"{annotation.id}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_file(annotation).encode("utf-8"))
        with_plugin = build(project)
        without = build(write_project(root / "without", {"p.md": source}, {},
                                      {"plugins": ["search"]}))
        assert not with_plugin.aborted and not without.aborted
        page = with_plugin.page("p/index.html")
        assert well_formed_problems(lxml_html.tostring(page, encoding="unicode")) == []
        plain = _article_blocks(without.page("p/index.html"))
        blocks = [_serialised(child) for text in page.xpath("//*[@data-glossa-text]")
                  for child in original_block(text) if isinstance(child.tag, str)]
        assert blocks == plain
        for annotation in annotations:
            assert len(page.xpath(f"//*[@data-glossa-id='{annotation.id}']")) == 1
            marks = [m.text_content() for m in page.xpath("//mark[@data-glossa-ref]")
                     if annotation.id in m.get("data-glossa-ref").split()]
            placed = page.xpath(f"//*[@data-glossa-block]//*[@data-glossa-id='{annotation.id}']")
            if placed:  # the quote, and the rest of a character it ends inside
                assert words([annotation.quote or ""]) in words(marks)
            else:
                assert page.xpath(f"//*[@id='glossa-unanchored']//*[@data-glossa-id='{annotation.id}']")

    check()


def _file(annotation: Annotation) -> str:
    """The annotation as a file, written with the exact quote (no dedent, no YAML surprises)."""
    front: dict[str, object] = {"kind": annotation.kind, "quote": annotation.quote}
    if annotation.prefix:
        front["prefix"] = annotation.prefix
    if annotation.suffix:
        front["suffix"] = annotation.suffix
    if annotation.kind == "note":
        front["author"] = "Tester"
    if annotation.kind in ("source", "correction"):
        front["sources"] = [{"url": "https://example.org/evidence"}]
    if annotation.kind == "correction":
        front["verdict"] = "false"
    # A body of its own: two files saying the same thing are one annotation, and the copy is dropped.
    return ("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
            + f"---\nBody of {annotation.id}.\n")


def test_the_files_written_for_real_builds_read_back_as_the_same_quotes(tmp_path: Path):
    from glossa.files import parse_annotation
    tricky = "  \u00a0e\u0301 \u2028 \u201cx\u201d -- \u200b\ufeff: #[a] & <b> "
    note = Annotation(id="a0", page="p", path="p/a0.md", kind="note", quote=tricky, prefix="- x",
                      suffix="? y")
    read = parse_annotation(_file(note).encode("utf-8"), "a0", "p", "p/a0.md", KINDS)
    assert isinstance(read, Annotation)
    assert (read.quote, read.prefix, read.suffix) == (tricky, "- x", "? y")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufeff")))
def test_a_message_quotes_a_value_as_yaml_reads_it_back_on_one_line(text: str) -> None:
    """What a message quotes (a closest passage, a prefix to add) can be copied into a file; a
    quote with a line break split its `path:line: message` over several lines."""
    written = quoted(text)
    assert parse_yaml(f"k: {written}").items["k"][1].value == text  # type: ignore[union-attr]
    assert len(f"x{written}x".splitlines()) == 1
