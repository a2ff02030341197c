"""Everything Glossa makes of one page, from plain inputs: the one weaving function every engine calls.

`weave_page` takes the page's rendered HTML, its annotations, the site's settings and a body
renderer, and gives the woven HTML, its search view, the warnings, the W3C export and what the
page's `<head>` gets. It imports no engine: the MkDocs plugin and the Markdown extension (for
Zensical) each gather the inputs their own way, and do what only they can with the result (write
the export, register ids, log).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urljoin

from . import claimreview, export
from .blocks import tag_ids
from .bodies import (
    FOOTNOTE_DEFINITION,
    BodyRenderer,
    BodyTooComplex,
    SanitiserUnavailable,
    explain,
    shows_nothing,
)
from .docs_pages import PagesText
from .files import DEFAULT_ANNOTATIONS_DIR
from .kinds import readers_kind
from .model import Annotation, Kind, Problem
from .page import AnnotatedPage, annotate_page
from .provenance import read_provenance, unread_front_matter
from .render import CARD_ID_PREFIX, REF_ID_PREFIX, TITLE_ID_PREFIX, block_number
from .rules import body_shows_nothing, summary_problem
from .search import index_view
from .suggest import DEFAULT_BRANCH, suggest_note_url
from .summary import card_summary
from .templates import Templates

BodyScope = Callable[[Annotation], AbstractContextManager[list[Problem]]]
"""What an engine renders each body inside, and the problems of its links once rendered."""


def resolved_as(page_path: str) -> str:
    """How a message of a body's broken link ends, under either engine: a body's links are its
    page's, which the editor may not have in mind."""
    return f"Links in a body resolve as {page_path}'s own do."


@dataclass(frozen=True)
class Settings:
    """What weaving reads of the site's configuration, whatever the engine."""

    kinds: Mapping[str, Kind]
    templates: Templates
    bodies: BodyRenderer
    pages: PagesText
    """The docs folder's pages, to say which page holds a quote not found (`_holding`), or a
    folder whose page is gone (`Publication.report_misplaced`); one a build, read when first
    asked."""
    site_name: str = ""
    publisher: str = ""
    """The site's `publisher` option (`options.SHARED`), as given: weaving takes the site's name
    when it is empty."""
    language: str | None = None
    """The language annotations are written in (the theme's), for the W3C export; and the `lang`
    of Glossa's own words on a page, or in a block, of another (`page.Languages`)."""
    annotations_dir: str = DEFAULT_ANNOTATIONS_DIR
    repo_url: str | None = None
    suggest_branch: str = DEFAULT_BRANCH
    site_folder: str = ""
    """Where the site is in its repository (`suggest.site_folder`), for the suggested file's path."""
    search: bool = False
    """Whether to make the page's search view (`search.index_view`)."""


@dataclass(frozen=True)
class PageInfo:
    """What weaving reads of the page, besides its HTML."""

    key: str
    """The page's path in the docs folder without `.md`: its annotations' folder."""
    path: str
    """The page's file as editors name it (`docs/openai-is-crashing.md`), for messages."""
    source_file: str | Path | None
    """The page's Markdown file, read only when a message names one of its lines."""
    meta: Mapping[str, Any]
    title: str | None
    """As text, not HTML."""
    canonical_url: str | None
    """Absolute; without it there is no export and no ClaimReview."""
    export_href: str | None = None
    """The page's W3C export, relative to the page; None for none."""


@dataclass
class Woven:
    html: str
    index_view: str | None
    """The page as search should index it, when the site has search."""
    warnings: list[str]
    result: AnnotatedPage
    corrections: dict[str, PlacedCorrection]
    """Each correction's place and summary, for the corrections page."""
    export: str | None
    """The W3C export's JSON, to write where `PageInfo.export_href` points."""
    head: str
    """The link to the export and a ClaimReview per correction, for the page's `<head>`."""
    language: str | None
    """The page's `language`, checked (`provenance`), for `<html lang>`."""


def weave_page(content: str, page: PageInfo, annotations: Sequence[Annotation], site: Settings,
               around_body: BodyScope | None = None) -> Woven:
    """Weave `annotations` into `content`. Each body is rendered inside `around_body(annotation)`,
    which gives the problems of its links (the MkDocs plugin points MkDocs' link rewriting at the
    page there, and says of the annotation's file what the rewriter says of a link)."""
    warnings: list[str] = []
    bodies = {a.id: _body(a, site.kinds[a.kind], site.bodies, warnings, around_body)
              for a in annotations}
    markdown = functools.cache(lambda: read_markdown(page.source_file))  # read for messages only
    provenance, problems = read_provenance(page.meta, page.path, markdown)
    warnings += map(str, problems)
    if unread := unread_front_matter(page.meta, content, page.path, markdown):
        warnings.append(str(unread))
    result = annotate_page(content, annotations, site.kinds, bodies, provenance, page.path,
                           site.templates, suggest=_suggest(site, page.key),
                           holding=functools.partial(_holding, site.pages, page.key),
                           words_language=site.language)
    warnings += map(str, result.problems)
    warnings += map(str, _ids_taken(content, result, page.path, markdown))
    view = index_view(result, site.kinds, site.templates) if site.search else None
    given = page.meta.get("title")  # the article's own title: the page's may be a menu's label
    title = plain_title(given.strip()) if isinstance(given, str) and given.strip() else \
        result.title or page.title
    collection, head = None, ""
    if page.canonical_url:  # without it, neither (the engines say so once: `no_site_url`)
        if page.export_href is not None:
            collection = export.dumps(export.annotation_collection(
                result, page_url=page.canonical_url,
                export_url=urljoin(page.canonical_url, page.export_href), kinds=site.kinds,
                page_key=page.key, title=title, language=site.language))
            head = export.link_tag(page.export_href)
        reviews = [claimreview.claim_review(
            annotation, page_url=page.canonical_url, provenance=provenance, title=title,
            publisher=site.publisher or site.site_name,
            verdict_label=site.templates.verdict_label(annotation.verdict),
            language=site.language)
            for annotation in claimreview.corrections(result)]
        head += claimreview.script_tags(reviews)
    return Woven(result.html, view, warnings, result, corrections_placed(result),
                 collection, head, provenance.get("language"))


def _holding(pages: PagesText, page_key: str, quote: str) -> str | None:
    """The one other page whose Markdown holds `quote` (a file saved in the wrong page's
    folder), by its key; None for none or several."""
    holding = [key for key in pages.holding(quote) if key != page_key]
    return holding[0] if len(holding) == 1 else None


def no_site_url(config_file: str) -> str:
    """Said once a build, by the engine, rather than once a page."""
    return (f"set 'site_url' in {config_file}: the W3C export and ClaimReview need absolute URLs, "
            "so the annotated pages have neither")


def _body(annotation: Annotation, kind: Kind, renderer: BodyRenderer, warnings: list[str],
          around: BodyScope | None) -> str:
    """The annotation's body as sanitised HTML, with warnings for what readers would not see
    (as `Problem`s, so that control characters from a file reach no terminal as they are)."""
    def warn(line: int, message: str) -> None:
        warnings.append(str(Problem(annotation.path, line, message)))

    if annotation.summary and (problem := summary_problem(annotation.summary)):
        warn(annotation.line_of("summary"), f"{problem}; until then the card shows the body's "
             "first sentence")
    footnote = renderer.unrendered_footnote(annotation.body)
    defined: dict[int, str] = {}
    if footnote is not None:
        offset, written = footnote
        warn(annotation.body_line_at(offset),
             f"footnotes are not rendered in annotation bodies, so readers would see '{written}' "
             "as typed, or lose the note: give the source under 'sources:', or write it into the text")
        defined = _footnote_addresses(annotation)
    links: list[Problem] = []
    try:
        with around(annotation) if around is not None else nullcontext(links) as links:
            html, removed = renderer.render(annotation.body, user_generated=kind.from_readers)
        warnings.extend(str(link) for link in links  # not a footnote's again, said above
                        if link.line not in defined or f"'{defined[link.line]}'" not in link.message)
        for written, message in explain(removed):
            warn(annotation.body_line(written), message)
        if kind.needs_body and shows_nothing(html):
            warn(annotation.line_of("body"), body_shows_nothing(kind))
        return html
    except SanitiserUnavailable:
        raise  # the installation's fault: no body can be shown
    except BodyTooComplex as error:
        warn(annotation.line_of("body"), f"{error}, so it is shown as plain text: shorten it, or "
             "split it into annotations of their own")
    except Exception as error:
        warn(annotation.line_of("body"), f"the body could not be rendered as Markdown "
             f"({type(error).__name__}: {error}); it is shown as plain text")
    return f"<p>{escape(annotation.body)}</p>"


def _footnote_addresses(annotation: Annotation) -> dict[int, str]:
    """Each footnote's definition, by line, and the word after its colon: rendered without
    footnotes, `[^1]: note` defines a link to 'note', which MkDocs' link check then reports."""
    found = {}
    for definition in FOOTNOTE_DEFINITION.finditer(annotation.body):
        words = annotation.body[definition.end():].split("\n", 1)[0].split()
        if words:
            found[annotation.body_line_at(definition.start())] = words[0]
    return found


def _suggest(site: Settings, page_key: str) -> Callable[[int, str], str | None] | None:
    """Each block's "suggest a note" link, when the site has a (GitHub) repository: a note of the
    kind readers write (`kinds.readers_kind`)."""
    repo_url = site.repo_url
    if not repo_url:
        return None
    kind = site.kinds[readers_kind(site.kinds)]
    folder = posixpath.normpath(site.site_folder + site.annotations_dir)  # in the repository
    return lambda number, text: suggest_note_url(repo_url, site.suggest_branch, folder, page_key, number,
                                                 text, kind)


_IDS = re.compile(r"""id\s*=\s*["']?(?:""" + "|".join(
    map(re.escape, (CARD_ID_PREFIX, REF_ID_PREFIX, TITLE_ID_PREFIX))) + "|p[1-9])")
"""Where the page may have an id that could be Glossa's (`AnnotatedPage.glossa_ids`: `glossa-`,
`glossaref-`, `glossatitle-` and `p1` to `pN`), as Markdown writes it (`id="p1"`) and as raw
HTML in it may (`id='p1'`, `id = p1`). Led by the letters `id`, the pattern is looked for only
where they are: 8 µs on a page of the benchmark, where one led by a class of letters (`[Ii][Dd]`,
for `ID=`) took 100. Most pages have none (a heading "Glossary" is `id="glossary"`), and their
tags are not read: 170 µs on a page of 60 paragraphs. `blocks.tag_ids` reads `id` as written
here, in lower case."""


def _ids_in(content: str) -> set[str]:
    """The page's ids, where it may have one of Glossa's: inside tags only, as code shows
    `<a id="p1">` with its quotation marks as written."""
    return set(tag_ids(content)) if _IDS.search(content) else set()


def _ids_taken(content: str, result: AnnotatedPage, page_path: str,
               markdown: Callable[[], str]) -> list[Problem]:
    """Ids Glossa gives (a card's `glossa-<id>`, its reference's `glossaref-<id>`, a block's `p3`)
    that the page already has, as a heading "Glossa intro" has `glossa-intro`: links to the card
    or the ¶ would lead there. Each is said at the line of the page's Markdown that gives it, when
    it can be told (`markdown()` reads the page's file)."""
    taken = _ids_in(content)
    problems = []
    for id, annotation in result.glossa_ids().items():
        if id in taken and annotation is not None:
            line = _line_of_id(markdown(), id)
            problems.append(Problem(annotation.path, 1, f"{page_path}{f':{line}' if line else ''} "
                                    f"already has the id '{id}', which Glossa gives this annotation, "
                                    "so links to it lead there: rename this file, or give the "
                                    "page's element another id"))
        elif id in taken:
            problems.append(Problem(page_path, _line_of_id(markdown(), id) or 1, f"the page already "
                                    f"has the id '{id}', which is the section of annotations not "
                                    "placed: give the element another id"))
    for id in sorted(taken):
        number = block_number(id)
        if number is not None and number <= result.block_count:
            problems.append(Problem(page_path, _line_of_id(markdown(), id) or 1, f"the page already "
                                    f"has the id '{id}', which is ¶{number}'s, so links to "
                                    f"¶{number} lead there: give the element another id"))
    return problems


_ATX_HEADING = re.compile(r"#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"(?:=+|-+)[ \t]*$")


def _line_of_id(markdown: str, id: str) -> int | None:
    """The line of a page's Markdown that gives an element `id`: an attribute (`{#p2}`,
    `id="p2"`), or a heading whose words make it as the toc extension's default does (`## P2`)."""
    from markdown.extensions.toc import slugify  # only a page with a clash needs it

    written = re.compile(rf"\{{[^}}]*#{re.escape(id)}(?![\w-])"
                         rf"|\bid\s*=\s*[\"']?{re.escape(id)}(?![\w-])")
    lines = markdown.split("\n")  # Markdown's lines, not str.splitlines' (which splits at \x0c)
    for index, line in enumerate(lines):
        atx = _ATX_HEADING.match(line)
        if atx is not None:
            heading: str | None = atx[1]
        else:
            underlined = index + 1 < len(lines) and _SETEXT_UNDERLINE.match(lines[index + 1])
            heading = line.strip() if underlined else None
        if written.search(line) or (heading and slugify(heading, "-") == id):
            return index + 1
    return None


def read_markdown(path: str | Path | None) -> str:
    """A page's Markdown as written, for the lines messages name ("" where it cannot be read: the
    messages then name line 1)."""
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace") if path else ""
    except OSError:
        return ""


def plain_title(title: str | None) -> str | None:
    """A page's title as text. MkDocs gives a title from the page's heading as HTML (`Q&amp;A`),
    and themes write every title into the page as it is, so a title from the front matter or the
    file's name is HTML too: Glossa escapes it again, or puts it in JSON."""
    return unescape(title) if title else title


class PlacedCorrection(NamedTuple):
    """Where a correction sits on its woven page, for the corrections page."""

    block: int | None
    """Its ¶; None where it is not placed."""
    number: int | None
    """Its reference's number, which its card shows ("Correction 4"); None where it is not placed."""
    summary: str
    quote_lang: str | None
    """Its quote's `lang` among Glossa's words (`AnnotatedPage.quote_langs`)."""


def corrections_placed(result: AnnotatedPage) -> dict[str, PlacedCorrection]:
    """Each correction of a woven page, in reading order."""
    placed = {p.annotation.id: p for p in result.placements}
    return {a.id: PlacedCorrection(placed[a.id].block if a.id in placed else None,
                                   placed[a.id].number if a.id in placed else None,
                                   card_summary(a, result.bodies.get(a.id, ""))[0],
                                   result.quote_langs.get(a.id))
            for a in result.annotations() if a.is_correction}
