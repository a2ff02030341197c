"""The blocks of a rendered page, their text, and marks wrapped around quoted words (lxml).

A block is a direct child of the HTML rendered from the page's Markdown (SPEC §4), found in the
HTML's own text (`top_level`), so that a block without marks is copied byte for byte rather than
parsed and written again; a code block and the annotation list Material attaches to it are one
block, and a top-level `<style>` or `<script>` is none. The page is parsed once, and each block
takes its elements from that parse (`_parsed_once`; alone where the two readings differ). Its text is
what a reader sees: the text of its descendants, minus heading permalinks (`a.headerlink`), scripts
and styles. Marks are only ever wrapped around stretches of one text node, so they never cross an
element boundary and the HTML stays well formed however the quote runs across inline markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from lxml import etree

from .punctuation import CLOSING_QUOTES

_SKIPPED_TAGS = frozenset({"script", "style", "template"})


@dataclass
class Block:
    """One block: its HTML as rendered, what follows it up to the next block (white space,
    comments, a `<style>`), the parsed block and the text readers see of it."""

    source: str
    after: str
    element: etree._Element
    """A container holding the block's element (two for a code block and its annotation list)."""
    text: str

    @property
    def _first(self) -> etree._Element | None:
        return next((child for child in self.element if isinstance(child.tag, str)), None)

    @property
    def tag(self) -> str:
        first = self._first
        return first.tag if first is not None else ""

    @property
    def language(self) -> str | None:
        """The block's own `lang` (a paragraph in Chinese on an English page), if it has one."""
        first = self._first
        return first.get("lang") if first is not None else None

    def html(self, marked: bool) -> str:
        """The block as rendered, or, once marks are wrapped in it, as lxml writes it."""
        if not marked:
            return self.source
        return (self.element.text or "") + "".join(map(serialise, self.element))


_PARSER = etree.HTMLParser(huge_tree=True)
"""`huge_tree`: libxml2 reads 2,048 elements deep rather than 256 (a list 140 levels deep is 280),
and text nodes over 10 MB; the pages are the site's own, not a stranger's."""
_FULL_DOCUMENT = re.compile(r"\s*<(?:html|!doctype)", re.IGNORECASE)


class UnreadablePage(ValueError):
    """The HTML parser stopped before the end of the page, so its tree lacks the rest of the page
    (libxml2 stops at a depth of nesting it will not go past, for one)."""


def parse_fragment(content: str) -> etree._Element:
    """An HTML fragment, parsed as `lxml.html.fragment_fromstring` parses it (inside `<html><body>`),
    returning the body that holds it. Unlike lxml.html, no element is moved into a new parent
    (which walks every node again) and elements are lxml's own (lxml.html looks up a Python class
    for each one): parsing a page takes half the time.

    Raises `UnreadablePage` when the parser gave up before the end: libxml2 recovers from every
    other error, but after a fatal one it returns what it had read, without a word."""
    if not _FULL_DOCUMENT.match(content):
        content = f"<html><body>{content}</body></html>"
    document = etree.fromstring(content, _PARSER)
    fatal = [error for error in _PARSER.error_log if error.level == etree.ErrorLevels.FATAL]
    if fatal:
        raise UnreadablePage(_why_unreadable(fatal[0]))
    if document is None:  # nothing but white space or comments
        return etree.Element("body")
    body = document.find("body")
    return body if body is not None else document


def _why_unreadable(error: etree._LogEntry) -> str:
    depth = re.match(r"Excessive depth in document: (\d+)", error.message)
    if depth:
        return (f"its HTML is nested more than {int(depth.group(1)):,} elements deep, deeper than "
                "the HTML parser (libxml2) reads; nest its lists, quotes or HTML less deeply")
    return f"the HTML parser (libxml2) stopped at line {error.line} of its HTML: {error.message}"


def split_blocks(content: str) -> tuple[list[Block], str]:
    """A page's HTML as blocks, and the text that stands before the first one."""
    spans = top_level(content)
    if spans is None:  # tags the scanner cannot pair (raw HTML left open): lxml decides
        return _blocks_as_parsed(content)
    parsed = _parsed_once(content, spans)
    blocks = []
    for index, (start, end, after) in enumerate(spans):
        source = content[start:end]
        element = parsed[index] if parsed is not None else parse_fragment(source)
        lower = source.lower()
        unseen = "<script" in lower or "<style" in lower or "<template" in lower \
            or "headerlink" in source or "data-glossa-ui" in source
        text = _walked_text(element) if unseen else _all_text(element)
        blocks.append(Block(source, content[end:after], element, text))
    return blocks, content[:spans[0][0]] if spans else content


def _parsed_once(content: str, spans: list[tuple[int, int, int]]) -> list[etree._Element] | None:
    """Each block's elements in a container of its own, from one parse of the whole page: a
    third of the time of parsing its blocks one by one (0.26 ms a page of the benchmark). None
    where libxml2 reads the page's top level otherwise than `top_level` does (an element it
    moves or adds): then each block is parsed alone, as it is written."""
    try:
        body = parse_fragment(content)
    except UnreadablePage:
        return None  # each block parsed alone says which one cannot be read
    children = [child for child in body if isinstance(child.tag, str)
                and child.tag not in _SKIPPED_TAGS]
    containers, taken = [], 0
    for start, end, _ in spans:
        opening = _TOKEN.match(content, start)
        name = (opening.group(2) or "").lower() if opening else ""
        # A block and the annotation list Material gives it (`_close`) are two elements.
        names = [name, "ol"] if name != "ol" and content.endswith("</ol>", start, end) else [name]
        elements = children[taken:taken + len(names)]
        if [element.tag for element in elements] != names:
            return None
        taken += len(names)
        elements[-1].tail = None  # the white space to the next block is not the block's
        container = body.makeelement("body")
        container.extend(elements)
        containers.append(container)
    return containers if taken == len(children) else None


def _blocks_as_parsed(content: str) -> tuple[list[Block], str]:
    """Blocks as lxml reads the page: each is written again by lxml, marked or not."""
    container = parse_fragment(content)
    leading = container.text or ""
    blocks: list[Block] = []
    for child in list(container):
        if not isinstance(child.tag, str) or child.tag in _SKIPPED_TAGS:
            if blocks:
                blocks[-1].after += serialise(child)
            else:
                leading += serialise(child)
            continue
        wrapper = etree.Element("div")
        tail, child.tail = child.tail or "", None
        wrapper.append(child)
        html = serialise(child)
        blocks.append(Block(html, tail, wrapper, _walked_text(wrapper)))
    return blocks, leading


_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)|<![^>]*>|<\?[^>]*>"
    r"|</([A-Za-z][^\s/>]*)[^>]*>"
    r"|<([A-Za-z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp"})
_ENDS_ITSELF = frozenset({"li", "dt", "dd", "tr", "td", "th", "option", "p"})
"""Elements whose end tag HTML lets a writer leave out when the next one of them starts."""


def _raw_text_end(content: str, name: str, position: int) -> int | None:
    """Where the raw text element `name` opened before `position` ends (past its end tag): what it
    holds is text, tags or not; None where it is not closed."""
    end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(content, position)
    return end.end() if end else None


_ATTRIBUTE = re.compile(r"""\s([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def tag_ids(content: str) -> Iterator[str]:
    """The ids the page's tags give, read as `top_level` reads tags: a quoted value whole (a `>`
    in `title="a > b"` ends no tag), comments and what a raw text element (`<script>`, `<style>`)
    holds skipped. As Markdown writes them: `id` in lower case, its value as written (`&#50;`
    is not read as `2`)."""
    position = 0
    while (token := _TOKEN.search(content, position)) is not None:
        position = token.end()
        name, attributes = token.group(2), token.group(3)
        if not name:
            continue
        if "id" in attributes:
            for attribute, value in _ATTRIBUTE.findall(attributes):
                if attribute == "id" and value:
                    yield value[1:-1] if value[0] in "\"'" else value
        if name.lower() in _RAW_TEXT:
            position = _raw_text_end(content, name, position) or len(content)


def top_level(content: str) -> list[tuple[int, int, int]] | None:
    """Each block of the page's HTML as (start, end, end of what follows it): the page's own
    bytes, found by pairing its tags, or None where they do not pair (an unclosed `<p>` in raw
    HTML), for the parser to decide.

    Comments, white space and the elements readers cannot see (`<style>`, `<script>`) are no
    block: they follow the block before them. An `<ol>` right after a block Material gives
    annotations to (class `annotate`, or code whose comments hold markers like `(1)`) is that
    block's annotation list: one block with it."""
    spans: list[list[int]] = []
    open_tags: list[str] = []
    position, start = 0, 0
    while (token := _TOKEN.search(content, position)) is not None:
        position = token.end()  # past a raw text element's end tag, below
        closing, opening, attributes = token.groups()
        if closing:
            name = closing.lower()
            if name not in open_tags:
                return None  # a stray end tag: the parser decides what it makes of it
            while open_tags.pop() != name:  # the elements left open inside it end with it
                pass
            if not open_tags and name not in _SKIPPED_TAGS:  # a <template> follows the block before
                _close(spans, content, start, token.end(), name)
        elif opening:
            name = opening.lower()
            if name in _RAW_TEXT:
                end = _raw_text_end(content, name, token.end())
                if end is None:
                    return None
                position = end
                if not open_tags and name not in _SKIPPED_TAGS:
                    _close(spans, content, token.start(), position, name)
                continue
            if open_tags and open_tags[-1] == name and name in _ENDS_ITSELF:
                open_tags.pop()  # <li>a<li>b: the second item ends the first
                if not open_tags:
                    return None  # <p>a<p>b at the top: the parser decides where the first ends
            if not open_tags:
                start = token.start()
            if name in _VOID or attributes.rstrip().endswith("/"):
                if not open_tags:
                    _close(spans, content, start, token.end(), name)
            elif not open_tags and (closed := _phrasing_end(content, opening, position)) is not None:
                position = closed  # a paragraph or heading, found by its end tag alone
                _close(spans, content, start, closed, name)
            else:
                open_tags.append(name)
    if open_tags:
        return None
    for index, span in enumerate(spans):
        span[2] = spans[index + 1][0] if index + 1 < len(spans) else len(content)
    return [(start, end, after) for start, end, after in spans]


_PHRASING_ONLY = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6"})
"""Elements that hold only phrasing content: no block, so no other of them, inside (as Python-
Markdown writes them: in lower case)."""
_PHRASING_CONTENT = re.compile(
    r"(?:[^<]++|<(?![A-Za-z/!?])"  # text, and a `<` that starts no tag
    rf"|<(?![!?]|/?(?:p|h[1-6])[\s/>]|(?:{'|'.join(_RAW_TEXT)})[\s/>])"  # a tag, but none of these:
    r"(?:/[A-Za-z][^>]*+|[A-Za-z][^\s/>]*+(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+)>)*+", re.IGNORECASE)
"""Text and tags, read as `_TOKEN` reads them (a quoted attribute value whole), up to what inside
a paragraph or heading needs each tag paired: a comment, a `<!`/`<?` declaration, a raw text
element, or a paragraph or heading (which would end it, or be a stray). Possessive (`++`): what
one part read is never read again by another, 15 % faster."""


def _phrasing_end(content: str, name: str, start: int) -> int | None:
    """Where a `<p>` or heading that opens at `start` ends, when its end tag follows what
    `_PHRASING_CONTENT` reads: most of a page's tags are inside paragraphs, and pairing each was
    most of `top_level`'s time (0.29 to 0.15 ms a page of the benchmark). A stray end tag inside is
    left to the parser: `_parsed_once` compares its tree with the blocks found."""
    if name not in _PHRASING_ONLY:
        return None
    found = _PHRASING_CONTENT.match(content, start)
    end = found.end() if found else start
    return end + len(name) + 3 if content.startswith(f"</{name}>", end) else None


def _close(spans: list[list[int]], content: str, start: int, end: int, tag: str) -> None:
    if tag == "ol" and spans and not content[spans[-1][1]:start].strip() \
            and _has_annotations(content[spans[-1][0]:spans[-1][1]]):
        spans[-1][1] = end  # a block and its annotation list
        return
    spans.append([start, end, end])


_CLASSES = re.compile(r"<[A-Za-z][^\s/>]*[^>]*?\sclass=\"([^\"]*)\"")
_COMMENT_MARKER = re.compile(r'<span class="c[1hms]?"[^>]*>[^<]*\(\d+\)')
"""Pygments' comment spans holding a marker: Material's code annotations live in comments."""


def _has_annotations(block: str) -> bool:
    """Whether Material gives `block` an annotation list: the next `<ol>` (Material's
    `annotate` class, or code annotations in comments with `content.code.annotate`)."""
    opening = _CLASSES.match(block)
    classes = opening.group(1).split() if opening else []
    if "annotate" in classes:
        return True
    code = "highlight" in classes or block.startswith("<pre") or any(
        c.startswith("language-") for c in classes)
    return code and _COMMENT_MARKER.search(block) is not None


def _is_skipped(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):
        return True
    if element.tag in _SKIPPED_TAGS:
        return True
    if element.get("data-glossa-ui") is not None:
        return True
    return element.tag == "a" and "headerlink" in (element.get("class") or "").split()


def text_segments(element: etree._Element) -> Iterator[tuple[etree._Element, bool, str]]:
    """Each text node in reading order as (owner, is_tail, text); tails of the block itself excluded.

    A loop over a stack rather than recursion: a page may nest elements 2,048 deep."""
    if _is_skipped(element):
        return
    if element.text:
        yield element, False, element.text
    stack = [(element, iter(element))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack and node.tail:
                yield node, True, node.tail
        elif _is_skipped(child):
            if child.tail:
                yield child, True, child.tail
        else:
            if child.text:
                yield child, False, child.text
            stack.append((child, iter(child)))


def _all_text(element: etree._Element) -> str:
    """All the text in `element` (`"".join(element.itertext())`, several times faster)."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _walked_text(element: etree._Element) -> str:
    return "".join(text for _, _, text in text_segments(element))


@dataclass(frozen=True)
class Span:
    """A stretch of a block's raw text to mark, with the ids of the annotations quoting it."""

    start: int
    end: int
    ids: tuple[str, ...]


def flatten_spans(ranges: Sequence[tuple[int, int, str]]) -> list[Span]:
    """Overlapping (start, end, id) ranges -> disjoint spans, each listing every id covering it."""
    cuts = sorted({p for start, end, _ in ranges for p in (start, end)})
    spans: list[Span] = []
    for left, right in pairwise(cuts):
        ids = tuple(id for start, end, id in ranges if start <= left and right <= end)
        if ids:
            if spans and spans[-1].end == left and spans[-1].ids == ids:
                spans[-1] = Span(spans[-1].start, right, ids)
            else:
                spans.append(Span(left, right, ids))
    return spans


NO_TEXT_HERE = frozenset({"table", "thead", "tbody", "tfoot", "tr", "colgroup", "ul", "ol", "dl",
                          "select", "optgroup"})
"""Elements whose text (the white space between their cells or items) HTML allows no element in:
a mark there would be moved out of them by the browser. A quote across cells marks each cell's
words."""


READ_BY_SCRIPT = frozenset({"mermaid", "arithmatex"})
"""Classes of elements whose text a script reads as its source: a Mermaid diagram (Material's
`pre.mermaid`), math for MathJax or KaTeX (pymdownx.arithmatex). A mark or a reference number in
them would change the diagram ("Paint widgets5") or break the formula; so would one in `<math>`
or `<svg>`, where HTML has no place for them."""
_NOT_HTML_TEXT = frozenset({"math", "svg"})


def wrap_spans(element: etree._Element, spans: Sequence[Span],
               attributes_of: Callable[[Sequence[str]], Mapping[str, str]]) -> dict[str, etree._Element]:
    """Wrap each span's text in `<mark data-glossa-ref>`, with the attributes `attributes_of`
    gives for the ids it stands for (`render.mark_attributes`); returns what each id's reference
    follows: its last mark, or the diagram or formula its words are in (`READ_BY_SCRIPT`), which
    is left as it is."""
    last_mark: dict[str, etree._Element] = {}
    if not spans:
        return last_mark
    pieces: list[tuple[etree._Element, bool, int, int]] = []
    offset = 0
    for owner, is_tail, text in list(text_segments(element)):
        pieces.append((owner, is_tail, offset, offset + len(text)))
        offset += len(text)
    for owner, is_tail, start, end in pieces:
        inside = [s for s in spans if s.start < end and s.end > start]
        holder = owner.getparent() if is_tail else owner
        if not inside or holder is None or holder.tag in NO_TEXT_HERE:
            continue
        source = _read_by_script(holder, element)
        if source is not None:
            last_mark.update((id, source) for span in inside for id in span.ids)
            continue
        for mark in _wrap_node(owner, is_tail, start, inside, attributes_of):
            for id in mark.get("data-glossa-ref", "").split():
                last_mark[id] = mark
    return last_mark


def _read_by_script(node: etree._Element, block: etree._Element) -> etree._Element | None:
    """The outermost element from `node` up to `block` (a container, never one of the page's)
    whose text is a script's source (`READ_BY_SCRIPT`), if any."""
    found = None
    while node is not None:
        if node.tag in _NOT_HTML_TEXT or not READ_BY_SCRIPT.isdisjoint((node.get("class") or "").split()):
            found = node
        node = node.getparent()
        if node is block:
            return found
    return found


def _wrap_node(owner: etree._Element, is_tail: bool, start: int, spans: Sequence[Span],
               attributes_of: Callable[[Sequence[str]], Mapping[str, str]]) -> list[etree._Element]:
    text = owner.tail if is_tail else owner.text
    assert text is not None
    nodes: list[etree._Element | str] = []
    position = 0
    for span in spans:
        left, right = max(span.start - start, 0), min(span.end - start, len(text))
        if left > position:
            nodes.append(text[position:left])
        mark = owner.makeelement("mark", {"data-glossa-ref": " ".join(span.ids), **attributes_of(span.ids)})
        mark.text = text[left:right]
        nodes.append(mark)
        position = right
    rest = text[position:]
    marks = [n for n in nodes if not isinstance(n, str)]
    lead = nodes[0] if isinstance(nodes[0], str) else ""
    elements_and_tails: list[etree._Element] = []
    for node in nodes[1:] if lead else nodes:
        if isinstance(node, str):
            elements_and_tails[-1].tail = node
        else:
            elements_and_tails.append(node)
    elements_and_tails[-1].tail = (elements_and_tails[-1].tail or "") + rest
    if is_tail:
        owner.tail = lead
        parent = owner.getparent()
        assert parent is not None
        index = parent.index(owner) + 1
        for i, node in enumerate(elements_and_tails):
            parent.insert(index + i, node)
    else:
        owner.text = lead
        for i, node in enumerate(elements_and_tails):
            owner.insert(i, node)
    return marks


def insert_after(mark: etree._Element, block: etree._Element, element: etree._Element) -> None:
    """Put `element` right after `mark` and the quotation marks that close on it, but outside any
    link: links cannot nest. A reference follows a closing mark, as a note's number does in print
    (“the barber’s pole.”³, not “the barber’s pole.³”), unless a word goes on after it (OpenAI's,
    rock'n'roll)."""
    anchor = mark
    node = mark.getparent()
    while node is not None and node is not block:
        if node.tag == "a":
            anchor = node
        node = node.getparent()
    parent = anchor.getparent()
    assert parent is not None
    tail = anchor.tail or ""
    closing = len(tail) - len(tail.lstrip(CLOSING_QUOTES))
    if tail[closing:closing + 1].isalnum():  # an apostrophe within a word: the number stays before
        closing = 0
    anchor.tail, element.tail = tail[:closing] or None, tail[closing:] or None
    parent.insert(parent.index(anchor) + 1, element)


def serialise(element: etree._Element) -> str:
    return etree.tostring(element, method="html", encoding="unicode", with_tail=True)
