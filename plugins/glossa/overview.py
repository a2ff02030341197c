"""Publication-wide views and links: the corrections page and "suggest a note" (no engine imports).

The corrections page is generated before any page is rendered, but the ¶ numbers it shows are only
known once every page has been anchored; so its Markdown carries a placeholder that the engine
replaces with `corrections_table(...)` after all pages are rendered (MkDocs: `on_env`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from .model import Annotation
from .render import card_id, unquoted
from .rules import VERDICTS
from .templates import Templates, own_templates

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


def corrections_table(entries: Sequence[CorrectionEntry], templates: Templates | None = None) -> str:
    """One table per page, in the order given (`partials/glossa/corrections.html`)."""
    pages: dict[str, dict[str, Any]] = {}
    for entry in entries:
        a = entry.annotation
        page = pages.setdefault(entry.page_href, {"title": entry.page_title, "href": entry.page_href,
                                                  "entries": []})
        page["entries"].append({
            "block": entry.block, "verdict": a.verdict, "summary": entry.summary,
            "where": "whole page" if not a.quote else "not placed",
            "verdict_label": VERDICTS.get(a.verdict or "", a.verdict or ""),
            "quote": unquoted(a.quote) if a.quote else None,
            "card": f"{entry.page_href}#{card_id(a.id)}"})
    return (templates or own_templates()).render("corrections", total=len(entries),
                                                 pages=list(pages.values()))


_EDIT_URI_BRANCH = re.compile(r"(?:^|/)(?:edit|blob|tree)/([^/?#]+)/")


def branch_of_edit_uri(edit_uri: str | None) -> str | None:
    """The branch an `edit_uri` names (`edit/master/docs/`, `blob/master/docs/`, or a whole URL
    holding one), or None: the branch the site's own edit links already use."""
    found = _EDIT_URI_BRANCH.search(edit_uri or "")
    return found.group(1) if found else None


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
