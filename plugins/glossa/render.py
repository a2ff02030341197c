"""HTML for rows, cards, references, the summary and the unanchored section (no engine imports).

Every value from an annotation file is escaped where it is written; bodies arrive sanitised.
Layout is left to CSS (assets/glossa.css) so that everything reads without script.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from .model import VERDICTS, Annotation, Kind, Source


def attr(value: str) -> str:
    return escape(value, quote=True)


def card_id(annotation_id: str) -> str:
    return f"glossa-{annotation_id}"


def ref_id(annotation_id: str) -> str:
    """The in-text reference's id; `glossaref-` can never equal a card's `glossa-<id>`."""
    return f"glossaref-{annotation_id}"


@dataclass(frozen=True)
class CardContext:
    """Where a card sits, for its labels and links: its number and block, or why it did not anchor."""

    number: int | None = None
    block: int | None = None
    reason: str | None = None
    closest_block: int | None = None


def render_card(annotation: Annotation, kind: Kind, body_html: str, where: CardContext) -> str:
    label = kind.label + (f" {where.number}" if where.number else "")
    title_id = f"glossatitle-{annotation.id}"
    parts = [
        f'<article class="glossa-card glossa-card--{attr(kind.name)}" id="{card_id(annotation.id)}" '
        f'data-glossa-id="{attr(annotation.id)}" data-glossa-kind="{attr(kind.name)}" '
        f'style="--glossa-kind-color: {attr(kind.color)}" tabindex="-1" '
        f'aria-labelledby="{attr(title_id)}">',
        '<header class="glossa-card__head">',
        f'<span class="glossa-card__icon" aria-hidden="true">{kind.icon_svg}</span>',
        f'<span class="glossa-card__kind" id="{attr(title_id)}">{escape(label)}</span>',
    ]
    if annotation.verdict:
        parts.append(f'<span class="glossa-verdict" data-verdict="{attr(annotation.verdict)}">'
                     f'{escape(VERDICTS[annotation.verdict])}</span>')
    parts.append(f'<a class="glossa-card__permalink" href="#{card_id(annotation.id)}" '
                 f'title="Permalink to this {attr(kind.label.lower())}">#</a></header>')
    if annotation.quote:
        back = ""
        if where.block is not None and where.number is not None:
            back = (f'<a class="glossa-card__back" href="#{ref_id(annotation.id)}" '
                    f'title="Back to the text">↩ ¶{where.block}</a> ')
        parts.append(f'<p class="glossa-card__quote">{back}<q>{escape(annotation.quote)}</q></p>')
    if where.reason:
        closest = (f' <a href="#p{where.closest_block}">See ¶{where.closest_block}.</a>'
                   if where.closest_block else "")
        parts.append(f'<p class="glossa-card__reason"><strong>Not placed:</strong> '
                     f'{escape(where.reason)}{closest}</p>')
    if body_html:
        parts.append(f'<div class="glossa-card__body">{body_html}</div>')
    if annotation.sources:
        parts.append('<ul class="glossa-sources" aria-label="Sources">')
        rel = "nofollow ugc noopener" if annotation.kind == "note" else "noopener"  # as in bodies
        parts.extend(f"<li>{render_source(source, rel)}</li>" for source in annotation.sources)
        parts.append("</ul>")
    meta = []
    if annotation.author:
        meta.append(f"By {escape(annotation.author)}")
    if annotation.date:
        meta.append(f'<time datetime="{attr(annotation.date)}">{escape(annotation.date)}</time>')
    if annotation.updated:
        meta.append(f'updated <time datetime="{attr(annotation.updated)}">'
                    f'{escape(annotation.updated)}</time>')
    if meta:
        parts.append(f'<p class="glossa-card__meta">{" · ".join(meta)}</p>')
    parts.append("</article>")
    return "".join(parts)


def render_source(source: Source, rel: str = "noopener") -> str:
    """A citation: title (linked), publisher, the outlet it carries, date, archived copy."""
    title = source.title or source.publisher or urlsplit(source.url).netloc or source.url
    text = [f'<cite><a href="{attr(source.url)}" rel="{rel}">{escape(title)}</a></cite>']
    if source.publisher and source.publisher != title:
        text.append(f", {escape(source.publisher)}")
    if source.original:
        text.append(f" (reporting by {escape(source.original)})")
    if source.date:
        text.append(f', <time datetime="{attr(source.date)}">{escape(source.date)}</time>')
    text.append(f' <span class="glossa-source__url">{escape(source.url)}</span>')
    if source.archive:
        text.append(f' <a class="glossa-source__archive" href="{attr(source.archive)}" '
                    f'rel="{rel}">archived copy</a>')
    return "".join(text)


def render_reference(annotation: Annotation, kind: Kind, number: int) -> str:
    return (f'<sup class="glossa-ref" data-glossa-ui><a href="#{card_id(annotation.id)}" '
            f'id="{ref_id(annotation.id)}" data-glossa-for="{attr(annotation.id)}" '
            f'aria-label="{attr(kind.label)} {number}">{number}</a></sup>')


def render_row(number: int, block_html: str, cards: Sequence[str],
               suggest_href: str | None = None) -> str:
    """A block's row: ¶ link, optional "suggest a note" link, the block, then its cards."""
    classes = "glossa-row glossa-row--annotated" if cards else "glossa-row"
    notes = ""
    if cards:
        notes = (f'<aside class="glossa-notes" aria-label="Annotations on paragraph {number}">'
                 f'{"".join(cards)}</aside>')
    suggest = ""
    if suggest_href:
        suggest = (f'<a class="glossa-suggest" href="{attr(suggest_href)}" data-glossa-ui '
                   f'rel="nofollow noopener" title="Suggest a note on ¶{number}">'
                   f'<span class="glossa-suggest__text">Suggest a note on paragraph {number}</span></a>')
    return (f'<div class="{classes}" id="p{number}" data-glossa-block="{number}">'
            f'<a class="glossa-pilcrow" href="#p{number}" data-glossa-ui '
            f'title="Link to paragraph {number}">¶{number}</a>{suggest}'
            f'<div class="glossa-text" data-glossa-text>{block_html}</div>{notes}</div>\n')


def render_fold(folded: Sequence[tuple[str, Kind]]) -> str:
    """The narrow-screen disclosure for a block's cards other than corrections, after its cards.

    `hidden`: without script it never shows and nothing is folded; glossa.css shows it (and folds
    the cards it controls) once the page has script, before the first paint, and glossa.js wires it."""
    counts = Counter(kind.label for _, kind in folded)
    text = ", ".join(f"{count} {plural(label, count)}" for label, count in counts.items())
    ids = " ".join(card_id(annotation_id) for annotation_id, _ in folded)
    return (f'<button type="button" class="glossa-disclosure" aria-expanded="false" '
            f'aria-controls="{attr(ids)}" hidden>Show {escape(text)}</button>')


PROVENANCE_FIELDS = (
    ("author", "Credited to"), ("publisher", "Published by"), ("published", "Published"),
    ("source_url", "Source"), ("language", "Language"), ("translated_from", "Translated from"),
    ("original_author", "Original author"), ("original_published", "Original published"),
    ("original_url", "Original"),
)


def render_summary(provenance: Mapping[str, object], annotations: Sequence[Annotation],
                   kinds: Mapping[str, Kind], placed_blocks: Mapping[str, int],
                   page_cards: Sequence[str], unanchored: int) -> str:
    parts = ['<section class="glossa-summary" data-glossa-summary aria-label="About this reading">']
    rows = []
    for key, label in PROVENANCE_FIELDS:
        value = provenance.get(key)
        if value in (None, ""):
            continue
        text = str(value)
        shown = (f'<a href="{attr(text)}" rel="noopener">{escape(text)}</a>'
                 if key.endswith("_url") and text.startswith(("http://", "https://")) else escape(text))
        rows.append(f"<dt>{escape(label)}</dt><dd>{shown}</dd>")
    if rows:
        parts.append(f'<dl class="glossa-provenance">{"".join(rows)}</dl>')
    counts = Counter(a.kind for a in annotations)
    items = []
    for name, kind in kinds.items():
        if counts[name]:
            items.append(f'<li class="glossa-count" data-glossa-count="{attr(name)}" '
                         f'style="--glossa-kind-color: {attr(kind.color)}">'
                         f'<span class="glossa-card__icon" aria-hidden="true">{kind.icon_svg}</span>'
                         f'{counts[name]} {escape(plural(kind.label, counts[name]))}</li>')
    if unanchored:
        items.append(f'<li class="glossa-count"><a href="#glossa-unanchored">{unanchored} not '
                     f'placed</a></li>')
    parts.append(f'<ul class="glossa-counts" aria-label="Annotations by kind">{"".join(items)}</ul>')
    corrections = [a for a in annotations if a.verdict]
    if corrections:
        parts.append('<p class="glossa-summary__title">Corrections</p><ol class="glossa-corrections">')
        for a in sorted(corrections, key=lambda a: (placed_blocks.get(a.id, 10**9), a.id)):
            where = f"¶{placed_blocks[a.id]}" if a.id in placed_blocks else "page"
            quote = f" <q>{escape(a.quote)}</q>" if a.quote else ""
            parts.append(f'<li><a href="#{card_id(a.id)}">{where}</a> '
                         f'<span class="glossa-verdict" data-verdict="{attr(a.verdict or "")}">'
                         f'{escape(VERDICTS.get(a.verdict or "", ""))}</span>{quote}</li>')
        parts.append("</ol>")
    if page_cards:
        parts.append(f'<div class="glossa-page-notes">{"".join(page_cards)}</div>')
    parts.append("</section>\n")
    return "".join(parts)


def render_unanchored(cards: Sequence[str]) -> str:
    return (f'<section class="glossa-unanchored" id="glossa-unanchored" '
            f'aria-labelledby="glossatitle--unanchored"><h2 id="glossatitle--unanchored">'
            f'Annotations not placed in the text</h2><p>The words these annotations quote were not '
            f'found exactly once in the text above.</p>{"".join(cards)}</section>\n')


def plural(label: str, count: int) -> str:
    if count == 1:
        return label.lower()
    return label.lower() + ("es" if label.endswith(("s", "x", "ch", "sh")) else "s")
