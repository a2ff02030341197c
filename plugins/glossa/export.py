"""A page's annotations as a W3C Web Annotation `AnnotationCollection` in JSON-LD (SPEC §5).

Everything a reader of the export needs from the W3C model is there (ids, motivations, bodies,
targets with a TextQuoteSelector and a TextPositionSelector); what Glossa has and the model lacks
(kind, verdict, sources' metadata, the Markdown body, the file's id and its quote as written)
travels under the `glossa:` namespace, so `glossa import` can read an export back without loss.
INTEROP.md documents every field. No engine imports: the plugin hands in URLs and the page.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Mapping
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from .model import Annotation, Kind, Source
from .render import card_id

if TYPE_CHECKING:
    from .page import AnnotatedPage, Placement

NAMESPACE = "https://glossa.example.org/ns#"
"""The `glossa:` vocabulary (INTEROP.md). An identifier, not (yet) a page: keep it unchanged, since
importers recognise Glossa's own exports by it."""

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"glossa": NAMESPACE, "title": "dcterms:title"}]
EXPORT_NAME = "annotations.jsonld"
MEDIA_TYPE = "application/ld+json"


def export_path(page_key: str) -> str:
    """Where a page's export goes in the site: in its root folder, named after the page's key (its
    path under docs/ without `.md`) with `/` as `.`, whatever `use_directory_urls` is.

    `openai-is-crashing` -> `openai-is-crashing.annotations.jsonld`, `a/b` -> `a.b.annotations.jsonld`,
    `a/index` -> `a.index.annotations.jsonld`, `index` -> `index.annotations.jsonld`. The root,
    because Material's instant navigation takes every `<link rel=alternate>` for a language version
    and fetches `sitemap.xml` beside its href: from the root, that is the site's own sitemap
    (INTEROP.md). Two keys can give one name (`a.b` and `a/b`): the plugin exports only the first."""
    return f"{page_key.replace('/', '.')}.{EXPORT_NAME}"


def export_href(page_url: str, page_key: str) -> str:
    """The export's URL relative to its page, whose site-relative URL (as MkDocs gives it: `a/b/`,
    `a/b.html`, `./`, `index.html`) is `page_url`: up to the site's root, then the file."""
    folder = posixpath.dirname(page_url)
    depth = sum(1 for part in folder.split("/") if part not in ("", "."))
    return "../" * depth + quote(export_path(page_key))


def link_tag(href: str) -> str:
    """The `<head>` link to the export (contract: rel, type and an href)."""
    return f'<link rel="alternate" type="{MEDIA_TYPE}" href="{escape(href, quote=True)}">'


def xsd_datetime(date: str) -> str:
    """A file's `YYYY-MM-DD` as the xsd:dateTime the model requires: midnight UTC."""
    return f"{date}T00:00:00Z"


def permalink(page_url: str, annotation_id: str) -> str:
    """An annotation's card, absolute: the id the W3C export and ClaimReview give it."""
    return f"{page_url}#{card_id(annotation_id)}"


def annotation_collection(result: AnnotatedPage, *, page_url: str, export_url: str,
                          kinds: Mapping[str, Kind], page_key: str, title: str | None = None,
                          language: str | None = None) -> dict[str, Any]:
    """The page's annotations, page-level first, then in text order, then those not placed.

    `page_url` and `export_url` are absolute; `language` is the language annotations are written in
    (the site's), when known. Bodies are the page's rendered, sanitised HTML (`result.bodies`)."""
    bodies = result.bodies
    items: list[dict[str, Any]] = []
    for annotation in result.page_level:
        items.append(_annotation(annotation, page_url, page_url, kinds, bodies, language))
    for placement in result.placements:
        target = {"source": page_url,
                  "selector": [_quote_selector(placement.exact, placement.prefix, placement.suffix),
                               _position_selector(placement)]}
        item = _annotation(placement.annotation, page_url, target, kinds, bodies, language)
        item["glossa:block"] = placement.block
        items.append(item)
    for annotation, failure in result.unanchored:
        selector = _quote_selector(annotation.quote or "", annotation.prefix, annotation.suffix)
        item = _annotation(annotation, page_url, {"source": page_url, "selector": selector}, kinds,
                           bodies, language)
        item["glossa:unplaced"] = failure.reason
        items.append(item)
    first = f"{export_url}#page-1"
    return {
        "@context": CONTEXT,
        "id": export_url,
        "type": "AnnotationCollection",
        "label": f"Annotations on {title}" if title else "Annotations",
        "total": len(items),
        "first": {"id": first, "type": "AnnotationPage", "partOf": export_url, "startIndex": 0,
                  "items": items},
        "last": first,
        "glossa:page": page_key,
        "glossa:textLength": result.text_length,
    }


def _annotation(annotation: Annotation, page_url: str, target: str | dict[str, Any],
                kinds: Mapping[str, Kind], bodies: Mapping[str, str],
                language: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": permalink(page_url, annotation.id),
        "type": "Annotation",
        "motivation": kinds[annotation.kind].motivation,  # every annotation read is of a kind
    }
    if annotation.author:
        item["creator"] = {"name": annotation.author}
    if annotation.date:
        item["created"] = xsd_datetime(annotation.date)
    if annotation.updated:
        item["modified"] = xsd_datetime(annotation.updated)
    item["generator"] = {"type": "Software", "name": "Glossa"}
    body: list[dict[str, Any]] = []
    text = bodies.get(annotation.id, "")
    if text:
        textual: dict[str, Any] = {"type": "TextualBody", "value": absolute_links(text, page_url),
                                   "format": "text/html"}
        if written_in := annotation.language or language:
            textual["language"] = written_in
        body.append(textual)
    body.append({"type": "TextualBody", "purpose": "tagging", "value": annotation.kind})
    body.extend(_source(source) for source in annotation.sources)
    item["body"] = body
    item["target"] = target
    glossa: dict[str, Any] = {"glossa:id": annotation.id, "glossa:kind": annotation.kind}
    if annotation.verdict:
        glossa["glossa:verdict"] = annotation.verdict
    if annotation.occurrence is not None:
        glossa["glossa:occurrence"] = annotation.occurrence
    for key in ("quote", "prefix", "suffix", "summary", "language"):
        value = getattr(annotation, key)
        if value is not None:
            glossa[f"glossa:{key}"] = value
    glossa["glossa:body"] = annotation.body
    item.update(glossa)
    return item


def _source(source: Source) -> dict[str, Any]:
    """A cited page as an External Web Resource; Glossa's citation fields under `glossa:`."""
    resource: dict[str, Any] = {"id": source.url, "type": "Text"}
    if source.title:
        resource["title"] = source.title
    for key in ("publisher", "original", "date", "archive"):
        value = getattr(source, key)
        if value:
            resource[f"glossa:{key}"] = value
    return resource


def _quote_selector(exact: str, prefix: str | None, suffix: str | None) -> dict[str, Any]:
    """The words, and the context given (a placed quote's is the page's, when the file has none)."""
    selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": exact}
    if prefix:
        selector["prefix"] = prefix
    if suffix:
        selector["suffix"] = suffix
    return selector


def _position_selector(placement: Placement) -> dict[str, Any]:
    return {"type": "TextPositionSelector", "start": placement.page_start, "end": placement.page_end}


_LINK_VALUES = re.compile(r"""(?<![\w-])(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*))""",
                          re.IGNORECASE)


def absolute_links(fragment: str, base: str) -> str:
    """Resolve a body's relative links against its page: an export is read away from the site."""
    if all(_is_absolute(next(filter(None, link.groups()), ""))
           for link in _LINK_VALUES.finditer(fragment)):
        return fragment  # no link, or only absolute ones (most bodies): no need to parse
    from .blocks import UnreadablePage, parse_fragment, serialise

    try:
        container = parse_fragment(fragment)
    except UnreadablePage:
        return fragment  # nested past the parser's depth: its links are left as written
    changed = False
    for element in container.iter():
        if not isinstance(element.tag, str):
            continue
        for name in ("href", "src"):
            value = element.get(name)
            if value is not None and not _is_absolute(value):
                element.set(name, urljoin(base, value))
                changed = True
    if not changed:
        return fragment
    return (container.text or "") + "".join(serialise(child) for child in container)


def _is_absolute(url: str) -> bool:
    """With a scheme. The quick look above reads a body's text too, where `src=http://[::1` is
    no address: urlsplit refuses it, and it stopped the build."""
    try:
        return bool(urlsplit(url).scheme)
    except ValueError:
        return False


def dumps(collection: Mapping[str, Any]) -> str:
    """Stable, compact JSON: the same annotations always give the same bytes. Compact, because
    `indent` makes `json` use its pure-Python encoder, several times slower than the C one, on
    every annotated page of every build; JSON viewers indent it for readers."""
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
