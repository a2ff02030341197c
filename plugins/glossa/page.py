"""One page, annotated: blocks found, quotes anchored, marks wrapped, rows and cards rendered.

`weave.weave_page`, which both engines call, renders the bodies and hands this the page's HTML,
its annotations and their bodies; the export, ClaimReview and the search view come after.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from lxml import etree

from . import render
from .anchor import (
    Failure,
    Haystack,
    Match,
    find_quote,
    normalise,
    normalise_with_offsets,
    raw_span,
    whole_characters,
)
from .blocks import (
    Block,
    UnreadablePage,
    flatten_spans,
    insert_after,
    split_blocks,
    wrap_spans,
)
from .model import Annotation, Kind, Problem, quoted
from .punctuation import CLOSING_QUOTES, SENTENCE_MARKS
from .rules import clip
from .templates import Templates

CONTEXT_CHARS = 32
"""Characters of context kept as TextQuoteSelector prefix/suffix when the file gives none."""


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an anchored annotation sits: 1-based block, raw offsets in the block and page text."""

    annotation: Annotation
    number: int
    block: int
    start: int
    end: int
    page_start: int
    page_end: int
    exact: str
    prefix: str
    suffix: str


@dataclass
class AnnotatedPage:
    html: str
    block_count: int = 0
    """The page's blocks, whose ids are `p1` to `p<block_count>`."""
    problems: list[Problem] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    unanchored: list[tuple[Annotation, Failure]] = field(default_factory=list)
    page_level: list[Annotation] = field(default_factory=list)
    text_length: int = 0
    """The length of the page's original text (its blocks joined by a newline), which the W3C
    export gives beside the TextPositionSelectors that count in it."""
    bodies: dict[str, str] = field(default_factory=dict)
    """Each annotation's rendered, sanitised body by id, for the machine-readable exports."""
    block_spans: array[int] = field(default_factory=lambda: array("I"))
    """Where each block's HTML sits in `html`: block n from `block_spans[2n-2]` to `[2n-1]`
    (for `search.index_view`; an array, since an engine keeps every page's result until it is written).
    On a page left as rendered (`left_as_rendered`), the one span of the whole page's HTML."""
    leading_end: int = 0
    """The end, in `html`, of the text before the first block that the page keeps."""
    quote_langs: dict[str, str | None] = field(default_factory=dict)
    """Each quote's `lang` among Glossa's words, by annotation id (`Languages.of_quote`): the
    cards and summary of its page, and the corrections page, give it."""
    summary_after_title: bool = False
    title: str = ""
    """The text of the page's `<h1>`, where it is its first block: the article's own title, where
    the page's (MkDocs') may be its navigation's label ("Home")."""

    def annotations(self) -> list[Annotation]:
        """Every annotation that read correctly, in page order: about the whole page, placed,
        not placed."""
        return [*self.page_level, *(p.annotation for p in self.placements),
                *(annotation for annotation, _ in self.unanchored)]

    def glossa_ids(self) -> dict[str, Annotation | None]:
        """The ids Glossa adds besides its blocks' (`p1` to `p<n>`), each with the annotation it is
        for: every card's and its title's, each placed card's reference, the unplaced section's and
        its title's (None)."""
        ids: dict[str, Annotation | None] = {render.card_id(a.id): a for a in self.annotations()}
        ids.update((render.ref_id(p.annotation.id), p.annotation) for p in self.placements)
        ids.update((render.title_id(a.id), a) for a in self.annotations())
        if self.unanchored:
            ids[render.UNANCHORED_ID] = ids[render.UNANCHORED_TITLE_ID] = None
        return ids


def annotate_page(content: str, annotations: Sequence[Annotation], kinds: Mapping[str, Kind],
                  bodies: Mapping[str, str], provenance: Mapping[str, object],
                  page_path: str, templates: Templates,
                  suggest: Callable[[int, str], str | None] | None = None,
                  holding: Callable[[str], str | None] | None = None,
                  words_language: str | None = None) -> AnnotatedPage:
    """Place `annotations` in `content` (the HTML rendered from the page's Markdown): the marks,
    rows and cards of the page's body. `weave.weave_page` calls it, and adds what an engine needs
    around it (bodies, provenance, search view, export).

    `templates` are the site's; `suggest(n, text)`, when given, returns the "suggest a note" URL
    for block n and its text; `holding(quote)`, the other page that holds
    a quote not found, by its key, for its message (a file saved in another page's folder);
    `words_language`, the language of Glossa's own words (the site's), which they are given on a
    page, or in a block, of another language (`Languages`)."""
    language = provenance.get("language")
    langs = Languages(words_language, language if isinstance(language, str) else None)
    try:
        blocks, leading = split_blocks(content)
    except UnreadablePage as error:
        return left_as_rendered(content, annotations, kinds, bodies, provenance, page_path, str(error),
                                templates, langs)
    result = AnnotatedPage(html="", bodies=dict(bodies))
    matches = _find_quotes(result, blocks, annotations, page_path, holding)
    block_starts = _block_starts(blocks)
    result.text_length = sum(len(block.text) + 1 for block in blocks) - 1 if blocks else 0
    result.block_count = len(blocks)
    result.placements = _place(blocks, matches, block_starts)
    _mark(blocks, result.placements, kinds, langs)

    result.quote_langs = {a.id: langs.of_quote(None) for a, _ in result.unanchored}
    result.quote_langs.update((p.annotation.id, langs.of_quote(blocks[p.block - 1].language))
                              for p in result.placements)
    by_block: dict[int, list[str]] = {}
    for placement in result.placements:
        kind = kinds[placement.annotation.kind]
        by_block.setdefault(placement.block, []).append(render.render_card(
            placement.annotation, kind, bodies.get(placement.annotation.id, ""),
            render.CardContext(number=placement.number, block=placement.block,
                               language=result.quote_langs[placement.annotation.id]), templates))
    summary = _summary(result, annotations, kinds, bodies, provenance, templates, langs)
    result.html = _page_html(result, blocks, leading, summary, by_block, suggest, templates, langs.ui) + \
        _unanchored(result, kinds, bodies, templates, langs)
    return result


@dataclass(frozen=True)
class Languages:
    """The languages of a page's parts: Glossa's own words' (the site's) and the page's (its
    `language:`). Where they differ, Glossa's words carry theirs ("Annotations on paragraph 4",
    not read with a Chinese voice), and the page's words among them, its quotes, the page's."""

    words: str | None
    page: str | None

    def among(self, read_in: str | None) -> str | None:
        """The `lang` Glossa's words need amid text in `read_in`: None where it is theirs."""
        return self.words if self.words and read_in and read_in != self.words else None

    @property
    def ui(self) -> str | None:
        """The `lang` of Glossa's words on this page: its rows' links, cards and summary."""
        return self.among(self.page)

    def of_quote(self, block_language: str | None) -> str | None:
        """The `lang` a quote of the page needs among Glossa's words: its block's own, else the
        page's where Glossa's words carry another."""
        return block_language or (self.page if self.ui else None)


def _find_quotes(result: AnnotatedPage, blocks: Sequence[Block], annotations: Sequence[Annotation],
                 page_path: str, holding: Callable[[str], str | None] | None
                 ) -> list[tuple[Annotation, Match]]:
    """Each quoted annotation's match, in reading order; the others go to `result`: its
    page-level annotations, and the ones not found with the problem that says why."""
    normalised = Haystack(normalise(block.text) for block in blocks)
    matches: list[tuple[Annotation, Match]] = []
    for annotation in annotations:
        if not annotation.quote:
            result.page_level.append(annotation)
            continue
        found = find_quote(normalised, annotation.quote, annotation.prefix, annotation.suffix,
                           annotation.occurrence)
        if isinstance(found, Match):
            matches.append((annotation, found))
        else:
            result.unanchored.append((annotation, found))
            other = holding(annotation.quote) if holding and found.reason == "not-found" else None
            result.problems.append(Problem(
                annotation.path, annotation.line_of("quote"),
                f"quote {quoted(clip(annotation.quote, 80))} in {page_path}: {found.message}"
                f"{_in_other_folder(annotation, page_path, other) if other else found.advice}"))
    # Numbered in reading order: a reference follows its quote's last word, so by where quotes end.
    matches.sort(key=lambda pair: (pair[1].block, pair[1].end, pair[1].start, pair[0].id))
    return matches


def _page_html(result: AnnotatedPage, blocks: Sequence[Block], leading: str, summary: str,
               by_block: Mapping[int, list[str]], suggest: Callable[[int, str], str | None] | None,
               templates: Templates, ui_lang: str | None) -> str:
    """The page's body: each block in its row, the summary before the first block or after a
    first `<h1>`; where each block is kept in `result.block_spans` (for the search view), with
    the title and where the HTML before the first block ends."""
    out: list[str] = [leading] if leading.strip() else []
    result.leading_end = length = len(out[0]) if out else 0
    result.summary_after_title = summary_after_title = bool(blocks) and blocks[0].tag == "h1"
    result.title = " ".join(blocks[0].text.split()) if summary_after_title else ""
    if not summary_after_title:
        out.append(summary)
        length += len(summary)
    marked = {placement.block for placement in result.placements}
    for number, block in enumerate(blocks, start=1):
        head, tail = render.row_around(number, by_block.get(number, []),
                                       suggest(number, block.text) if suggest else None, templates,
                                       ui_lang)
        block_html = block.html(number in marked)
        out += (head, block_html, tail, block.after)  # after: white space, comments, a <style>
        start = length + len(head)
        result.block_spans.extend((start, start + len(block_html)))
        length = start + len(block_html) + len(tail) + len(block.after)
        if number == 1 and summary_after_title:
            out.append(summary)
            length += len(summary)
    return "".join(out)


def _in_other_folder(annotation: Annotation, page_path: str, other: str) -> str:
    """Where a file belongs whose quote is on the page `other` (its key): the advice to make it
    about the whole page would attach it to the wrong one."""
    docs = page_path.removesuffix(f"{annotation.page}.md")
    root = annotation.path.removesuffix(f"{annotation.page}/{annotation.id}.md")
    return (f". The words are in {docs}{other}.md: if the annotation is about that page, move the "
            f"file into {root}{other}/")


def cannot_place(why: object) -> str:
    """Said of a page that cannot be read whole (`blocks.UnreadablePage`), by the build and by
    the commands that place quotes in it."""
    return f"annotations cannot be placed in the page: {why}"


def left_as_rendered(content: str, annotations: Sequence[Annotation], kinds: Mapping[str, Kind],
                     bodies: Mapping[str, str], provenance: Mapping[str, object], page_path: str,
                     why: str, templates: Templates, langs: Languages | None = None) -> AnnotatedPage:
    """A page that cannot be woven exactly, published as it was rendered: the summary before it,
    and after it every annotation with a quote, in #glossa-unanchored. Never a shorter page."""
    result = AnnotatedPage(html="", bodies=dict(bodies))
    failure = Failure("unreadable", cannot_place(why))
    for annotation in annotations:
        if annotation.quote:
            result.unanchored.append((annotation, failure))
        else:
            result.page_level.append(annotation)
    quoted = len(result.unanchored)
    result.problems.append(Problem(
        page_path, 1, f"{failure.message}. The page is published as rendered, with its {quoted} "
        f"quoted annotation{'s' * (quoted != 1)} listed at its end, not placed"))
    langs = langs or Languages(None, None)
    result.quote_langs = {a.id: langs.of_quote(None) for a, _ in result.unanchored}
    summary = _summary(result, annotations, kinds, bodies, provenance, templates, langs)
    result.html = summary + content + _unanchored(result, kinds, bodies, templates, langs)
    result.block_spans.extend((len(summary), len(summary) + len(content)))
    return result


def _summary(result: AnnotatedPage, annotations: Sequence[Annotation], kinds: Mapping[str, Kind],
             bodies: Mapping[str, str], provenance: Mapping[str, object],
             templates: Templates, langs: Languages) -> str:
    """The page summary, with the page-level cards."""
    page_cards = [render.render_card(a, kinds[a.kind], bodies.get(a.id, ""), render.CardContext(),
                                     templates) for a in result.page_level]
    return render.render_summary(
        provenance, annotations, kinds, {p.annotation.id: p.block for p in result.placements},
        page_cards, len(result.unanchored), bodies, templates, langs.ui, result.quote_langs)


def _unanchored(result: AnnotatedPage, kinds: Mapping[str, Kind], bodies: Mapping[str, str],
                templates: Templates, langs: Languages) -> str:
    """The section of the cards not placed ("" for none), each saying why."""
    if not result.unanchored:
        return ""
    reasons = templates.words["not_placed_because"]
    cards = []
    for annotation, failure in result.unanchored:
        closest = failure.closest.block + 1 if failure.closest else None
        cards.append(render.render_card(
            annotation, kinds[annotation.kind], bodies.get(annotation.id, ""),
            render.CardContext(reason=reasons.get(failure.reason, reasons["not-found"]),
                               closest_block=closest, language=langs.of_quote(None)), templates))
    return render.render_unanchored(cards, templates, langs.ui)


def _block_starts(blocks: Sequence[Block]) -> list[int]:
    starts, position = [], 0
    for block in blocks:
        starts.append(position)
        position += len(block.text) + 1
    return starts


def _place(blocks: Sequence[Block], matches: Sequence[tuple[Annotation, Match]],
           block_starts: Sequence[int]) -> list[Placement]:
    offsets: dict[int, list[int]] = {}
    placements = []
    for number, (annotation, match) in enumerate(matches, start=1):
        text = blocks[match.block].text
        if match.block not in offsets:
            offsets[match.block] = normalise_with_offsets(text)[1]
        origin = offsets[match.block]
        start, end = whole_characters(text, *raw_span(text, origin, match.start, match.end))
        page_start = block_starts[match.block] + start
        placements.append(Placement(
            annotation, number, match.block + 1, start, end, page_start,
            page_start + end - start, text[start:end],
            annotation.prefix or text[max(0, start - CONTEXT_CHARS):start],
            annotation.suffix or text[end:end + CONTEXT_CHARS]))
    return placements


def _mark(blocks: Sequence[Block], placements: Sequence[Placement], kinds: Mapping[str, Kind],
          langs: Languages) -> None:
    per_block: dict[int, list[Placement]] = {}
    for placement in placements:
        per_block.setdefault(placement.block, []).append(placement)
    annotation_of = {p.annotation.id: p.annotation for p in placements}

    def attributes_of(ids: Sequence[str]) -> dict[str, str]:
        return render.mark_attributes([annotation_of[id] for id in ids], kinds)

    for number, placed in per_block.items():
        element = blocks[number - 1].element
        spans = flatten_spans([(p.start, p.end, p.annotation.id) for p in placed])
        last_marks = wrap_spans(element, spans, attributes_of)
        for placement in reversed(placed):  # references after one mark then read 15, 16, not 16, 15
            mark = last_marks.get(placement.annotation.id)
            if mark is None:
                continue
            after = mark.getnext()
            if not mark.tail and after is not None and after.tag == "mark" and len(after) == 0 \
                    and after.text and not after.text.strip(_CLOSING_PUNCTUATION) \
                    and _ids(after) < _ids(mark):  # a longer quote's end, not another's
                mark = after  # "passed away³⁵.³⁶" left a lone mark of "." between the two: "away.³⁵ ³⁶"
            reference = _reference(placement, kinds[placement.annotation.kind], element)
            if lang := langs.among(blocks[number - 1].language or langs.page):
                reference.set("lang", lang)  # "Note 66", not read in the block's Chinese
            insert_after(mark, element, reference)
            if not reference.tail and _is_number(reference.getnext()):
                reference.set(render.FOLLOWED_BY_A_NUMBER, "")  # glossa.css: "year¹,²", not "year¹²"


_CLOSING_PUNCTUATION = SENTENCE_MARKS + ")]" + CLOSING_QUOTES
"""What may end a longer quote just after a shorter one, its reference moved past it."""


def _is_number(element: etree._Element | None) -> bool:
    """A reference's number or a footnote's (`<sup>1</sup>`), not an ordinal's `<sup>st</sup>`."""
    return element is not None and element.tag == "sup" \
        and "".join(element.itertext()).strip().isdigit()


def _ids(mark: etree._Element) -> set[str]:
    return set(mark.get("data-glossa-ref", "").split())


def _reference(placement: Placement, kind: Kind, block: etree._Element) -> etree._Element:
    around, link = render.reference_attributes(placement.annotation, kind, placement.number)
    reference = block.makeelement("sup", around)  # in the page's document: none made and moved
    etree.SubElement(reference, "a", link).text = str(placement.number)
    return reference



