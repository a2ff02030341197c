"""Publication-wide views and links: the corrections page and "suggest a note" (no engine imports).

The corrections page is generated before any page is rendered, but the ¶ numbers it shows are only
known once every page has been anchored; so its Markdown carries a placeholder that the engine
replaces with `corrections_table(...)` after all pages are rendered (MkDocs: `on_env`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlsplit

from .model import VERDICTS, Annotation
from .render import attr, card_id, quotation

PLACEHOLDER = "<!-- glossa:corrections -->"

SUGGEST_HOSTS = frozenset({"github.com", "www.github.com"})
SUGGEST_WORDS = 8
"""How many of a block's first words the suggested note quotes (the contributor trims them)."""


def corrections_markdown(title: str) -> str:
    """The generated page's source: a title, a line on what it lists, and the table's placeholder."""
    return (f"# {title}\n\nEvery correction in this publication, in reading order: the verdict, the "
            "words of the original it corrects, what the record shows, and links to the paragraph "
            f"and to the correction itself.\n\n{PLACEHOLDER}\n")


@dataclass(frozen=True)
class CorrectionEntry:
    """One correction as listed: where its page is (relative URL), its ¶ and what the record shows."""

    annotation: Annotation
    page_title: str
    page_href: str
    block: int | None
    summary: str


def corrections_table(entries: Sequence[CorrectionEntry]) -> str:
    """One table per page, in the order given: ¶ (linked), verdict, the words, the card (linked)."""
    if not entries:
        return "<p>No corrections yet.</p>"
    by_page: dict[str, list[CorrectionEntry]] = {}
    for entry in entries:
        by_page.setdefault(entry.page_href, []).append(entry)
    count = f"{len(entries)} correction{'s' if len(entries) != 1 else ''}"
    parts = [f'<p>{count} in {len(by_page)} page{"s" if len(by_page) != 1 else ""}.</p>']
    for href, listed in by_page.items():
        page = attr(href)
        parts.append(f'<h2><a href="{page}">{escape(listed[0].page_title)}</a></h2>'
                     '<table class="glossa-corrections-table"><thead><tr><th scope="col">¶</th>'
                     '<th scope="col">Verdict</th><th scope="col">The text says</th>'
                     '<th scope="col">What the record shows</th></tr></thead><tbody>')
        for entry in listed:
            a = entry.annotation
            where = (f'<a href="{page}#p{entry.block}">¶{entry.block}</a>' if entry.block is not None
                     else "whole page" if not a.quote else "not placed")
            parts.append(
                f'<tr><td>{where}</td><td><span class="glossa-verdict" '
                f'data-verdict="{attr(a.verdict or "")}">'
                f'{escape(VERDICTS.get(a.verdict or "", a.verdict or ""))}</span></td>'
                f'<td>{quotation(a.quote) if a.quote else ""}</td>'
                f'<td>{escape(entry.summary)} <a href="{page}#{card_id(a.id)}">Read the correction</a>'
                '</td></tr>')
        parts.append("</tbody></table>")
    return "".join(parts)


def suggest_note_url(repo_url: str, branch: str, annotations_dir: str, page_key: str, number: int,
                     text: str) -> str | None:
    """The repository's new-file page, prefilled with a note on block `number` (GitHub only).

    The file is `annotations/<page>/p<n>-note.md`; its front matter quotes the block's first words
    for the contributor to trim to the words the note is about (see CONTRIBUTING.md)."""
    if urlsplit(repo_url).netloc.lower() not in SUGGEST_HOSTS:
        return None
    words = text.split()
    if not words:
        return None
    excerpt = " ".join(words[:SUGGEST_WORDS])
    front = ("---\nkind: note\n"
             f"quote: {json.dumps(excerpt, ensure_ascii=False)}\n"
             "author: Your name\n---\n"
             "Your note, in Markdown. Trim the quote above to the exact words your note is about, "
             "and link your sources.\n")
    filename = f"{annotations_dir.strip('/')}/{page_key}/p{number}-note.md"
    return (f"{repo_url.rstrip('/')}/new/{quote(branch, safe='/')}"
            f"?filename={quote(filename, safe='/')}&value={quote(front, safe='')}")
