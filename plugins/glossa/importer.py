"""`glossa import`: W3C Web Annotation exports (Glossa's own, Hypothesis') -> annotation files.

Glossa's own exports come back without loss: every field travels under `glossa:` (INTEROP.md).
Other exports are mapped: the TextQuoteSelector gives quote, prefix and suffix; an HTML body is
turned into Markdown; tags choose the kind where `--tag-kind` says so, else the kind readers
write (`note`, unless the site says otherwise: `kinds.readers_kind`); the creator or user is the
author; `created` is the date. Each file is checked as the build would read it
(files.parse_annotation) and anchored against the page's text before it is written, and an
existing file is never overwritten. `import_annotations` does the work without MkDocs; the command
(`glossa import`, in cli.py) reads the site and renders the page for it.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag
from markdownify import ATX, MarkdownConverter

from .anchor import Match, find_quote, normalise
from .export import NAMESPACE
from .files import parse_annotation, taken_ids
from .kinds import readers_kind
from .model import Annotation, Kind, Source
from .render import CARD_ID_PREFIX
from .rules import (
    OCCURRENCE,
    clip,
    free_id,
    id_from_words,
    id_problem,
    is_date,
    is_language_tag,
    missing_key,
    unavailable_id,
    with_article,
)
from .writer import file_text

DERIVED_ID_LENGTH = 64
"""The longest id made from a foreign annotation's IRI or text: a file name to read, not a sentence."""


@dataclass
class Draft:
    """An annotation on its way to a file (its page is not known yet), with where it came from
    (for the report) and what the import must know of it."""

    origin: str
    annotation: Annotation
    own_id: bool = False
    """The id is Glossa's own (a round trip): keep it or skip, never rename a permanent id."""
    foreign_context: bool = False
    """prefix/suffix came from another tool, which may take them across blocks."""
    notes: list[str] = field(default_factory=list)
    skip: str | None = None
    """Why this annotation is not imported at all (a reply to another one)."""

    def update(self, **fields: Any) -> None:
        self.annotation = replace(self.annotation, **fields)


def _draft(origin: str, *, own_id: bool = False, foreign_context: bool = False,
           **fields: Any) -> Draft:
    return Draft(origin, Annotation(page="", path=origin, **fields), own_id=own_id,
                 foreign_context=foreign_context)


@dataclass
class Entry:
    """What happened to one annotation of the export."""

    origin: str
    id: str | None
    status: str
    """'written', 'would write' (dry run) or 'skipped'."""
    path: str | None = None
    anchored: bool | None = None
    messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        where = self.path or self.origin
        head = f"{where}: {self.status}"
        return "\n".join([head, *(f"  {m}" for m in self.messages)])


@dataclass
class ImportReport:
    entries: list[Entry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Everything written and anchored (or page-level)."""
        return all(e.status != "skipped" and e.anchored is not False for e in self.entries)

    def summary(self) -> str:
        written = sum(e.status in ("written", "would write") for e in self.entries)
        skipped = sum(e.status == "skipped" for e in self.entries)
        unplaced = sum(e.anchored is False for e in self.entries)
        return f"{written} imported, {skipped} skipped, {unplaced} not anchored"

    def text(self) -> str:
        return "\n".join([*(e.line() for e in self.entries), self.summary()])


class UnreadableExport(Exception):
    """The export cannot be read at all: nothing is imported."""


def import_annotations(data: object, *, page: str, folder: Path, kinds: Mapping[str, Kind],
                       blocks: Sequence[str] | None, tag_kinds: Mapping[str, str] | None = None,
                       default_author: str | None = None, dry_run: bool = False,
                       display_root: str = "annotations", site_language: str | None = None
                       ) -> ImportReport:
    """Turn an export into `folder/<id>.md` files; `blocks` are the page's block texts (raw, as
    rendered), or None when the page's text is unknown and anchoring cannot be checked."""
    report = ImportReport()
    normalised = [normalise(text) for text in blocks] if blocks is not None else None
    taken = taken_ids(folder)
    tag_kinds = {tag.lower(): kind for tag, kind in (tag_kinds or {}).items()}
    for draft in drafts_from_export(data, kinds, tag_kinds, default_author, site_language):
        entry = Entry(draft.origin, None, "skipped", messages=list(draft.notes))
        report.entries.append(entry)
        if draft.skip:
            entry.messages.append(draft.skip)
            continue
        if draft.own_id and draft.annotation.id in taken:
            entry.id = draft.annotation.id
            entry.messages.append(f"{display_root}/{page}/{entry.id}.md exists; not overwritten")
            continue
        draft.update(id=_unique(draft.annotation.id, taken, entry))
        if draft.foreign_context and normalised is not None:
            _fit_context(draft, normalised)
        annotation = _validated(draft, page, display_root, kinds, entry)
        if annotation is None:
            continue
        taken[annotation.id] = f"{annotation.id}.md"
        entry.id = annotation.id
        entry.path = annotation.path
        entry.anchored = _check_anchor(annotation, normalised, entry)
        if dry_run:
            entry.status = "would write"
            continue
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with open(folder / f"{annotation.id}.md", "x", encoding="utf-8", newline="\n") as out:
                out.write(file_text(draft.annotation))
        except FileExistsError:
            entry.messages.append("a file of that name appeared meanwhile; not overwritten")
            entry.anchored = None
            continue
        entry.status = "written"
    return report


def _unique(wanted: str, taken: Container[str], entry: Entry) -> str:
    candidate = free_id(wanted, taken)
    if candidate != wanted:
        entry.messages.append(unavailable_id(wanted, candidate))
    return candidate


def _fit_context(draft: Draft, blocks: Sequence[str]) -> None:
    """Other tools take context across blocks and page furniture; Glossa's stays in one block.

    Context is only there to pick one occurrence: if the quote alone is unique it is dropped,
    else it is cut at the block boundary, and kept whole only when that is all that places it."""
    quote, prefix, suffix = draft.annotation.quote, draft.annotation.prefix, draft.annotation.suffix
    if not quote or not (prefix or suffix):
        return
    if isinstance(find_quote(blocks, quote), Match):
        draft.update(prefix=None, suffix=None)
        return
    prefix = (prefix or "").rsplit("\n", 1)[-1].strip() or None
    suffix = (suffix or "").split("\n", 1)[0].strip() or None
    for trimmed_prefix, trimmed_suffix in ((prefix, suffix), (prefix, None), (None, suffix)):
        if (trimmed_prefix or trimmed_suffix) and isinstance(
                find_quote(blocks, quote, trimmed_prefix, trimmed_suffix), Match):
            draft.update(prefix=trimmed_prefix, suffix=trimmed_suffix)
            return
    draft.update(prefix=prefix, suffix=suffix)


def _validated(draft: Draft, page: str, display_root: str, kinds: Mapping[str, Kind],
               entry: Entry) -> Annotation | None:
    """Read the file's text back as the build will; a kind that needs more than the export has
    (a correction's verdict, a source's links) falls back to the readers' kind (a note) rather than
    losing it."""
    id, kind, readers = draft.annotation.id, draft.annotation.kind, readers_kind(kinds)
    display = f"{display_root}/{page}/{id}.md"
    result = parse_annotation(file_text(draft.annotation).encode("utf-8"), id, page, display, kinds)
    if isinstance(result, Annotation):
        return result
    if kind != readers and not draft.own_id and readers in kinds:
        reasons = "; ".join(p.message for p in result)
        note = replace(draft.annotation, kind=readers, verdict=None)
        for fallback in (note, replace(note, sources=())) if note.sources else (note,):
            again = parse_annotation(file_text(fallback).encode("utf-8"), id, page, display, kinds)
            if isinstance(again, Annotation):
                entry.messages.append(f"imported as {with_article(readers)}, not as "
                                      f"{with_article(kind)}: {reasons}")
                if draft.annotation.verdict:
                    entry.messages.append(f"its verdict '{draft.annotation.verdict}' is left out")
                if len(fallback.sources) < len(note.sources):
                    entry.messages.append(f"its {len(note.sources)} source(s) are left out: "
                                          + ", ".join(s.url for s in note.sources))
                draft.annotation = fallback
                return again
            result = again
        entry.messages.append(f"not imported as {with_article(kind)}: {reasons}")
    no_author = {missing_key("author", kind) for kind in kinds.values()}
    entry.messages.extend(f"not imported: {p.message}" + (
        " (give one with --author NAME)" if p.message in no_author else "") for p in result)
    return None


def _check_anchor(annotation: Annotation, blocks: Sequence[str] | None, entry: Entry) -> bool | None:
    if not annotation.quote:
        entry.messages.append("about the whole page (no quote)")
        return None
    if blocks is None:
        entry.messages.append("anchoring not checked: the page's text is unknown")
        return None
    found = find_quote(blocks, annotation.quote, annotation.prefix, annotation.suffix, annotation.occurrence)
    if isinstance(found, Match):
        entry.messages.append(f"anchors in ¶{found.block + 1}")
        return True
    entry.messages.append(f"does not anchor: {found.message}")
    return False


# Reading exports ---------------------------------------------------------------------------


def drafts_from_export(data: object, kinds: Mapping[str, Kind], tag_kinds: Mapping[str, str],
                       default_author: str | None = None, site_language: str | None = None
                       ) -> list[Draft]:
    """Every annotation of a W3C collection, page, list or single annotation, or of a Hypothesis
    export (`{"annotations": [...]}`) or API search result (`{"rows": [...]}`). `site_language`:
    the language annotations are written in unless they say otherwise (the theme's)."""
    items, context = _items(data)
    prefixes = _namespace_prefixes(context)
    drafts = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise UnreadableExport(f"item {number} is not a JSON object")
        item_prefixes = prefixes | _namespace_prefixes(item.get("@context"))
        if _glossa(item, "kind", item_prefixes) is not None:
            draft = _from_glossa(item, number, item_prefixes)
        elif "user" in item or ("text" in item and "type" not in item):
            draft = _from_hypothesis(item, number, kinds, tag_kinds)
        else:
            draft = _from_w3c(item, number, kinds, tag_kinds, site_language)
        if not draft.annotation.author and default_author:
            draft.update(author=default_author)
        drafts.append(draft)
    return drafts


def _items(data: object) -> tuple[list[Any], object]:
    if isinstance(data, list):
        return data, None
    if not isinstance(data, dict):
        raise UnreadableExport("the export is neither a JSON object nor a list")
    context = data.get("@context")
    if isinstance(data.get("annotations"), list):
        return data["annotations"], context
    if isinstance(data.get("rows"), list):
        return data["rows"], context
    types = _as_list(data.get("type"))
    if "AnnotationCollection" in types:
        items: list[Any] = []
        page = data.get("first")
        while isinstance(page, dict):
            items.extend(_as_list(page.get("items")))
            page = page.get("next")
        if isinstance(page, str):
            raise UnreadableExport(f"the collection's pages are not embedded ({page}); download each "
                               "AnnotationPage and import it")
        return items, context
    if "AnnotationPage" in types:
        return _as_list(data.get("items")), context
    if "Annotation" in types:
        return [data], context
    raise UnreadableExport("not a W3C Web Annotation export (AnnotationCollection, AnnotationPage, "
                       "Annotation or a list of them) nor a Hypothesis export")


def _namespace_prefixes(context: object) -> set[str]:
    """The prefixes a JSON-LD context maps to Glossa's namespace (normally just `glossa`)."""
    found: set[str] = set()
    for entry in _as_list(context):
        if isinstance(entry, dict):
            found.update(k for k, v in entry.items() if v == NAMESPACE)
    return found


def _glossa(item: Mapping[str, Any], name: str, prefixes: Iterable[str]) -> Any:
    for prefix in (*prefixes, "glossa"):
        if f"{prefix}:{name}" in item:
            return item[f"{prefix}:{name}"]
    return item.get(NAMESPACE + name)


def _from_glossa(item: Mapping[str, Any], number: int, prefixes: set[str]) -> Draft:
    """Glossa's own export: every file field is there, under `glossa:` or in the W3C fields."""
    def get(name: str) -> Any:
        return _glossa(item, name, prefixes)

    sources = []
    for body in _as_list(item.get("body")):
        if isinstance(body, dict) and isinstance(body.get("id"), str) and "value" not in body:
            sources.append(Source(
                url=body["id"], title=_string(body.get("title") or body.get("dcterms:title")),
                **{key: _string(_glossa(body, key, prefixes))
                   for key in ("publisher", "original", "date", "archive")}))
    creator = _first(item.get("creator"))
    own_id = _string(get("id"))
    valid = bool(own_id and id_problem(own_id) is None)  # else it is no id Glossa could have exported
    fallback = _valid_id(own_id, number) if own_id else _id_from_iri(item.get("id"), number)
    draft = _draft(
        f"annotation {number} ({own_id or item.get('id')})",
        id=own_id if own_id and valid else fallback,
        kind=str(get("kind")), body=_string(get("body")) or "", quote=_string(get("quote")),
        prefix=_string(get("prefix")), suffix=_string(get("suffix")),
        occurrence=_occurrence(get("occurrence")),
        verdict=_string(get("verdict")), sources=tuple(sources), summary=_string(get("summary")),
        language=_string(get("language")), author=_agent_name(creator),
        date=_date(item.get("created")), updated=_date(item.get("modified")),
        own_id=valid)
    if get("occurrence") is not None and draft.annotation.occurrence is None:
        draft.notes.append(f"glossa:occurrence {clip(repr(get('occurrence')))} is not a whole number "
                           "from 1; left out")
    _note_dates(draft, item, "created", "modified")
    return draft


def _from_hypothesis(item: Mapping[str, Any], number: int, kinds: Mapping[str, Kind],
                     tag_kinds: Mapping[str, str]) -> Draft:
    """A Hypothesis annotation: `text` is Markdown, `tags` a list, `user` `acct:name@host`."""
    quote, prefix, suffix = _quote_selector(item.get("target"))
    tags = [t for t in _as_list(item.get("tags")) if isinstance(t, str)]
    user_info = item.get("user_info")
    display_name = _string(user_info.get("display_name")) if isinstance(user_info, dict) else None
    author = display_name or _account_name(item.get("user"))
    created = _date(item.get("created"))
    draft = _draft(f"annotation {number} (Hypothesis {item.get('id', '?')})",
                   id=_valid_id(str(item.get("id") or ""), number),
                   kind=readers_kind(kinds), body=_string(item.get("text")) or "", quote=quote,
                   prefix=prefix,
                   suffix=suffix, author=author, date=created,
                   updated=_later_date(_date(item.get("updated")), created), foreign_context=True)
    _note_dates(draft, item, "created", "updated")
    _note_page_level(draft, item.get("target"))
    if item.get("references"):
        draft.skip = ("a reply to another annotation: Glossa has no replies, so it is not imported "
                      "(copy what matters into the annotation it answers)")
    _choose_kind(draft, tags, None, kinds, tag_kinds)
    return draft


def _from_w3c(item: Mapping[str, Any], number: int, kinds: Mapping[str, Kind],
              tag_kinds: Mapping[str, str], site_language: str | None) -> Draft:
    """Any other W3C annotation: textual bodies become the body, tagging bodies tags, web
    resources sources; `bodyValue` is plain text."""
    texts: list[str] = []
    languages: list[object] = []  # each text's, as its body gives it
    tags: list[str] = []
    sources: list[Source] = []
    left_out: list[str] = []
    for body in _as_list(item.get("body")):
        if isinstance(body, str):
            sources.append(Source(url=body))
            continue
        if not isinstance(body, dict):
            left_out.append(clip(repr(body)))
            continue
        purposes = _as_list(body.get("purpose"))
        value = body.get("value")
        if isinstance(value, str):
            if "tagging" in purposes:
                tags.append(value)
                continue
            texts.append(html_to_markdown(value) if "html" in str(body.get("format", "")) else value)
            languages.append(body.get("language"))
        # A web address, valid or not: the annotation's checks (rules.is_http_url) name a bad one.
        elif isinstance(body.get("id"), str) and body["id"].lower().startswith(("http://", "https://")):
            sources.append(Source(url=body["id"], title=_string(
                body.get("title") or body.get("dcterms:title") or body.get("name"))))
        elif isinstance(body.get("source"), str):
            sources.append(Source(url=body["source"]))
        else:
            left_out.append(clip(repr(body.get("id") or body.get("type") or body)))
    if isinstance(item.get("bodyValue"), str):
        texts.append(item["bodyValue"])
    quote, prefix, suffix = _quote_selector(item.get("target"))
    creator = _first(item.get("creator"))
    created = _date(item.get("created"))
    language, language_notes = _language(languages)
    if language and site_language and language.lower() == site_language.lower():
        language = None  # the site's: `language:` is for an annotation that is not in it
    draft = _draft(f"annotation {number} ({item.get('id', '?')})",
                   id=_id_from_iri(item.get("id"), number), kind=readers_kind(kinds),
                   body="\n\n".join(t.strip() for t in texts if t.strip()), quote=quote,
                   prefix=prefix, suffix=suffix, sources=tuple(sources),
                   language=language, author=_agent_name(creator), date=created,
                   updated=_later_date(_date(item.get("modified")), created), foreign_context=True)
    draft.notes.extend(language_notes)
    _note_dates(draft, item, "created", "modified")
    _note_page_level(draft, item.get("target"))
    draft.notes.extend(f"body {body} is not text, a tag or a web address; left out"
                       for body in left_out)
    motivations = [m for m in _as_list(item.get("motivation")) if isinstance(m, str)]
    _choose_kind(draft, tags, motivations, kinds, tag_kinds)
    return draft


def _choose_kind(draft: Draft, tags: Sequence[str], motivations: Sequence[str] | None,
                 kinds: Mapping[str, Kind], tag_kinds: Mapping[str, str]) -> None:
    """The first tag `--tag-kind` maps; else a tag that names a kind; else the one kind whose
    motivation is the annotation's; else the kind readers write (a note)."""
    readers = readers_kind(kinds)
    for tag in tags:
        kind = tag_kinds.get(tag.lower())
        if kind:
            draft.update(kind=kind)
            return
    named = [tag.lower() for tag in tags if tag.lower() in kinds]
    for kind in named:
        if kind != readers:
            draft.update(kind=kind)
            return
    for motivation in motivations or ():
        matching = [k.name for k in kinds.values() if k.motivation == motivation]
        if len(matching) == 1:
            draft.update(kind=matching[0])
            return
    if tags and not named:  # a tag naming the readers' kind names the kind it gets
        draft.notes.append(f"tags {', '.join(tags)} name no kind; imported as {with_article(readers)} "
                           "(map them with --tag-kind TAG=KIND)")


def _quote_selector(target: object) -> tuple[str | None, str | None, str | None]:
    for one in _as_list(target):
        if not isinstance(one, dict):
            continue
        for selector in _as_list(one.get("selector")):
            if isinstance(selector, dict) and "TextQuoteSelector" in _as_list(selector.get("type")):
                exact = _string(selector.get("exact"))
                if exact and exact.strip():
                    return (exact.strip(), _string(selector.get("prefix")) or None,
                            _string(selector.get("suffix")) or None)
    return None, None, None


def _note_page_level(draft: Draft, target: object) -> None:
    """An annotation with selectors but no TextQuoteSelector becomes a note on the whole page."""
    if draft.annotation.quote is None and any(
            isinstance(one, dict) and one.get("selector") for one in _as_list(target)):
        draft.notes.append("no TextQuoteSelector with words among its selectors: imported as an "
                           "annotation on the whole page (add 'quote:' to place it)")


def _note_dates(draft: Draft, item: Mapping[str, Any], *keys: str) -> None:
    for key in keys:
        if item.get(key) is not None and _date(item[key]) is None:
            draft.notes.append(f"'{key}' {clip(repr(item[key]))} is not a date; left out")


def _id_from_iri(value: object, number: int) -> str:
    """The last part of an annotation's IRI (its fragment, else its last path segment), as an id."""
    text = str(value or "")
    tail = text.rsplit("#", 1)[-1] if "#" in text else text.rstrip("/").rsplit("/", 1)[-1]
    return _valid_id(tail.removeprefix(CARD_ID_PREFIX), number)


def _valid_id(text: str, number: int) -> str:
    """A file name Glossa accepts, of the words of `text` (`rules.id_from_words`, at most
    `DERIVED_ID_LENGTH` characters), else `imported-<number>`."""
    return id_from_words(text, DERIVED_ID_LENGTH) or f"imported-{number}"


def _account_name(user: object) -> str | None:
    """`acct:name@hypothes.is` -> `name`."""
    text = _string(user)
    if not text:
        return None
    match = re.fullmatch(r"acct:([^@]+)@.+", text)
    return match.group(1) if match else text


def _agent_name(agent: object) -> str | None:
    if isinstance(agent, str):
        return None if agent.startswith(("http://", "https://", "acct:")) else agent
    if isinstance(agent, dict):
        return _string(agent.get("name")) or _string(agent.get("nickname")) or _account_name(
            agent.get("id") if str(agent.get("id", "")).startswith("acct:") else None)
    return None


def _language(given: Sequence[object]) -> tuple[str | None, list[str]]:
    """The body's `language`: the first language tag its texts give, with a note for each one that
    is no tag or another language, which the one body cannot also have."""
    tags = [tag for tag in given if isinstance(tag, str) and is_language_tag(tag)]
    notes = [f"body language {clip(repr(tag))} is not a language tag (BCP 47), such as 'fr'; left out"
             for tag in given if tag is not None and tag not in tags]
    notes += [f"body language '{tag}' left out: the texts are one body, in '{tags[0]}'"
              for tag in dict.fromkeys(tags[1:]) if tag != tags[0]]
    return (tags[0] if tags else None), notes


def _date(value: object) -> str | None:
    """An xsd:dateTime (or date) -> the file's YYYY-MM-DD, in UTC when a zone is given."""
    text = _string(value)
    if not text:
        return None
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        match = re.match(r"\d{4}-\d{2}-\d{2}", text)
        return match.group(0) if match and is_date(match.group(0)) else None
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC)
    return moment.date().isoformat()


def _later_date(updated: str | None, created: str | None) -> str | None:
    return updated if updated and (created is None or updated > created) else None


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(value: object) -> object:
    values = _as_list(value)
    return values[0] if values else None


def _occurrence(value: object) -> int | None:
    """Glossa's `glossa:occurrence`: which of several identical matches, counting from 1."""
    if isinstance(value, int) and not isinstance(value, bool) and OCCURRENCE.match(str(value)):
        return value
    return None


def _string(value: object) -> str | None:
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    return value if isinstance(value, str) else None


# HTML bodies -> Markdown --------------------------------------------------------------------


class _BodyConverter(MarkdownConverter):
    """markdownify, with Markdown's own characters escaped in text as Python-Markdown reads them
    back (a backslash before `*`, `_`, `[`, `]`, a backtick and a backslash; before what would
    start a list, a heading, a quotation or an admonition at a line's start, wherever a text may
    land: `2024.`, `1)`, `#`, `-`, `+`, `>`, `!!!`; `&lt;` for `<`, which would open raw HTML,
    and `&amp;` for an `&` that would start an entity), and code that holds three backticks,
    which would close markdownify's fence, fenced with `~~~`."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        text = _INLINE_ESCAPES.sub(r"\\\1", text)
        text = _LIST_NUMBERS.sub(r"\1\\\2", _BLOCK_STARTS.sub(r"\1\\\2", text))
        text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
        return text.replace("<", "&lt;")

    def convert_pre(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        if not text:
            return ""
        fence = "~~~" if "```" in text else "```"
        return f"\n\n{fence}\n{text.strip(chr(10))}\n{fence}\n\n"


_INLINE_ESCAPES = re.compile(r"([\\`*_\[\]])")
_BLOCK_STARTS = re.compile(r"(^|\s)(#{1,6}(?=\s|$)|[-+]+(?=\s|$)|!!!(?=\s|$)|>)")
_LIST_NUMBERS = re.compile(r"((?:^|\s)\d{1,9})([.)](?=\s|$))")
_CONVERTER = _BodyConverter(bullets="-", heading_style=ATX)


def html_to_markdown(fragment: str) -> str:
    """An annotation body given as HTML, as Markdown: paragraphs, emphasis, code, links, lists,
    quotes, headings, tables and images keep their meaning; scripts and styles are dropped, other
    elements keep their text. lxml reads the HTML, as it reads Glossa's pages."""
    return _CONVERTER.convert_soup(BeautifulSoup(fragment, "lxml")).strip("\n")


# Reading the export's file --------------------------------------------------------------------

MAX_DEPTH = 64
"""Levels of nesting an export may have (its annotations' selectors are about eight deep), so
that reading it never recurses further than Python allows."""


def read_export(path: Path) -> object:
    """The JSON of an export file; UnreadableExport when it is no JSON, or nests deeper than any
    export does."""
    too_deep = (f"the JSON is nested more than {MAX_DEPTH} levels deep; W3C and Hypothesis "
                "exports are a few levels deep")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # a byte-order mark, as Windows writes
    except RecursionError:  # json's decoder gives up at Python's recursion limit
        raise UnreadableExport(too_deep) from None
    except OSError as error:
        raise UnreadableExport(f"cannot be read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise UnreadableExport(f"not UTF-8 text ({error.reason} at byte {error.start}): export it as "
                               "UTF-8 JSON") from None
    except ValueError as error:
        raise UnreadableExport(f"not JSON: {error}") from None
    if _nested_deeper(data, MAX_DEPTH):
        raise UnreadableExport(too_deep)
    return data


def _nested_deeper(value: object, limit: int) -> bool:
    """Whether JSON `value` nests lists and objects more than `limit` deep (a loop: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        if children and depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
