"""The blocks of a rendered page, their text, and marks wrapped around quoted words (lxml).

A block is a direct child of the HTML rendered from the page's Markdown (SPEC §4). Its text is
what a reader sees: the text of its descendants, minus heading permalinks (`a.headerlink`), scripts
and styles. Marks are only ever wrapped around stretches of one text node, so they never cross an
element boundary and the HTML stays well formed however the quote runs across inline markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from lxml import etree

_SKIPPED_TAGS = frozenset({"script", "style", "template"})


@dataclass
class Block:
    """One block: the element (its tail is kept with it) and its reader-visible text."""

    element: etree._Element
    text: str
    trailing: list[etree._Element] = field(default_factory=list)
    """Comments after the element: kept beside it, never moved inside it."""


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
    """Parse a page's HTML into blocks, returning any text that stands before the first one."""
    container = parse_fragment(content)
    leading = container.text or ""
    blocks: list[Block] = []
    walk = _blocks_holding_unseen_text(container, "data-glossa-ui" in content)
    for child in container:
        if not isinstance(child.tag, str):
            # Comments and processing instructions travel with the block before them, beside it.
            if blocks:
                blocks[-1].trailing.append(child)
            else:
                leading += serialise(child)
            continue
        blocks.append(Block(child, _walked_text(child) if child in walk else _all_text(child)))
    return blocks, leading


def _blocks_holding_unseen_text(container: etree._Element, has_ui: bool) -> set[etree._Element]:
    """The blocks that hold text readers don't see (`_is_skipped`), found in one pass over the
    page rather than a query per block."""
    unseen = list(container.iter("script", "style", "template"))
    unseen += [link for link in container.iter("a") if "headerlink" in (link.get("class") or "").split()]
    if has_ui:
        unseen += container.iter()  # rare: only HTML that Glossa itself has annotated
        unseen = [element for element in unseen if isinstance(element.tag, str) and _is_skipped(element)]
    blocks = set()
    for element in unseen:
        parent = element.getparent()
        while parent is not None and parent is not container:
            element, parent = parent, parent.getparent()
        if parent is container:
            blocks.add(element)
    return blocks


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


def block_text(element: etree._Element) -> str:
    """The text a reader sees of one element, as `split_blocks` gives each block's."""
    return _walked_text(element)


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


def wrap_spans(element: etree._Element, spans: Sequence[Span], kind_of: Mapping[str, str],
               colour_of: Mapping[str, str]) -> dict[str, etree._Element]:
    """Wrap each span's text in `<mark data-glossa-ref>`; returns each id's last mark.

    Marks get a class per kind they stand for (`glossa-mark--correction`) for styling."""
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
        if inside and holder is not None and holder.tag not in NO_TEXT_HERE:
            for mark in _wrap_node(owner, is_tail, start, inside, kind_of, colour_of):
                for id in mark.get("data-glossa-ref", "").split():
                    last_mark[id] = mark
    return last_mark


def _wrap_node(owner: etree._Element, is_tail: bool, start: int, spans: Sequence[Span],
               kind_of: Mapping[str, str], colour_of: Mapping[str, str]) -> list[etree._Element]:
    text = owner.tail if is_tail else owner.text
    assert text is not None
    nodes: list[etree._Element | str] = []
    position = 0
    for span in spans:
        left, right = max(span.start - start, 0), min(span.end - start, len(text))
        if left > position:
            nodes.append(text[position:left])
        mark = etree.Element("mark")
        mark.set("data-glossa-ref", " ".join(span.ids))
        kinds = sorted({kind_of[id] for id in span.ids})
        mark.set("class", " ".join(["glossa-mark", *(f"glossa-mark--{kind}" for kind in kinds)]))
        mark.set("style", f"--glossa-mark-color: {colour_of[kind_of[span.ids[0]]]}")
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
    """Put `element` right after `mark`, but outside any link: links cannot nest."""
    anchor = mark
    node = mark.getparent()
    while node is not None and node is not block:
        if node.tag == "a":
            anchor = node
        node = node.getparent()
    parent = anchor.getparent()
    assert parent is not None
    element.tail, anchor.tail = anchor.tail, None
    parent.insert(parent.index(anchor) + 1, element)


def serialise(element: etree._Element) -> str:
    return etree.tostring(element, method="html", encoding="unicode", with_tail=True)


def serialise_block(block: Block) -> str:
    """The block as rendered, followed by the comments that followed it."""
    return serialise(block.element) + "".join(serialise(node) for node in block.trailing)

