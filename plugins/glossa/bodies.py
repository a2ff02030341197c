"""Annotation bodies: Markdown rendered with the site's extensions, then sanitised with nh3.

Bodies come from strangers by pull request, so the sanitiser is an allowlist (SPEC §6): no
scripts or handlers, links only to http(s), mailto or the site itself, images only from the site,
no ids and no `data-` attributes (a body must never pose as part of Glossa's own markup).
One Markdown instance serves a whole build; `reset()` between bodies is far cheaper than a new one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from html import unescape
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

import markdown

from .model import quoted

if TYPE_CHECKING:
    import nh3

FOOTNOTES = frozenset({"footnotes", "markdown.extensions.footnotes"})
EXCLUDED_EXTENSIONS = frozenset({
    "pymdownx.snippets",  # reads files from disk
    "toc", "markdown.extensions.toc",  # sets ids and permalinks; cards stay out of the page's toc
    *FOOTNOTES,  # links to ids, which the sanitiser removes
    "glossa.extension",  # weaves pages (under Zensical), not bodies
})

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins",
    "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "code": {"class"}, "span": {"class"}, "div": {"class"}, "pre": {"class"},
    "p": {"class"},  # an admonition's title
}
SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes a link in a body may use. Not `rules.HTTP_URL`, which says what a source's address must
be: a body's link may also be mailto:, or relative to the site, and is read as browsers read it."""


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    try:
        return _kept(attribute, value)
    except ValueError:  # an address urlsplit cannot read (`http://[x`): no link, as nh3 drops it
        return None


def _kept(attribute: str, value: str) -> str | None:
    if attribute == "class":
        kept = [c for c in value.split() if not c.startswith(("glossa", "md-"))]
        return " ".join(kept) or None
    if attribute == "src":
        return value if _is_site_url(value) else None
    if attribute == "href":
        scheme = urlsplit(value).scheme.lower()
        return value if scheme in SAFE_URL_SCHEMES or _is_site_url(value) else None
    return value


_URL_DROPPED = dict.fromkeys(map(ord, "\t\n\r"))
_URL_EDGES = "".join(map(chr, range(0x21)))


def _is_site_url(url: str) -> bool:
    """Relative to the site: no scheme and no host (`//host/x` is another site).

    Read as browsers read it: tabs and newlines dropped, control characters and spaces stripped
    from both ends, and `\\` taken for `/` (so `/\\host/x` is `//host/x`, another site)."""
    cleaned = url.translate(_URL_DROPPED).strip(_URL_EDGES).replace("\\", "/")
    parts = urlsplit(cleaned)
    return not parts.scheme and not parts.netloc and not cleaned.startswith("//")


class SanitiserUnavailable(RuntimeError):
    """nh3 could not be loaded, or is too old to build a Cleaner: the installation's fault, not a
    body's, so no body can be shown."""


def link_rel(user_generated: bool) -> str:
    """The `rel` of a card's links, in its body and its sources: readers' links are not the
    site's word (SPEC §6), and none gives the page it opens a hold on this one."""
    return "nofollow ugc noopener" if user_generated else "noopener"


@functools.cache
def _cleaner(user_generated: bool) -> nh3.Cleaner:
    """Built once for each: `nh3.clean` builds its allowlist again on every call, four times the
    cost of the cleaning itself on a one-line body. nh3 is loaded here, so that an installation
    without it stops the build with a message saying how to install it."""
    try:
        import nh3

        return nh3.Cleaner(
            tags=set(ALLOWED_TAGS),
            clean_content_tags={"script", "style"},
            attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
            attribute_filter=_filter_attribute,
            url_schemes=set(SAFE_URL_SCHEMES),
            link_rel=link_rel(user_generated),
            strip_comments=True,
        )
    except Exception as error:  # not installed, broken, or older than 0.3 (no Cleaner)
        raise SanitiserUnavailable(f"could not load nh3, which sanitises annotation bodies "
                                   f"({type(error).__name__}: {error}); install Glossa's "
                                   "dependencies again: pip install 'nh3>=0.3'") from error


def sanitise(fragment: str, *, user_generated: bool) -> str:
    """Reduce HTML to the allowlist; reader notes' links also get `nofollow ugc`."""
    return _cleaner(user_generated).clean(fragment)


MAX_BODY_CHARS = 50_000
MARKUP_WEIGHTS = {"[": 30, "`": 10, "|": 10, "<": 10, "\\": 10, "\n": 10, "*": 1}
MARKUP_BUDGET = 300_000_000
"""Python-Markdown takes time that grows, in a paragraph, with its markup characters times its
length, each character at its own rate (weighed here in tenths): 2,000 `[` take 0.4 s, 8,000 six
seconds and a megabyte of them hours; 16,000 unclosed `<a ` 13 s; 12,500 unequal runs of
backticks (`` ``a` ``) 18 s; a table row of 20,000 `|` pads every row to 20,000 cells (23 s);
25,000 `a*` 4 s. The budget is about a second. Counted over the whole body, and with emphasis
weighed as links, a list of 90 links (rendered in 8 ms) went out as plain text: each paragraph
counts apart. A body over either limit is shown as plain text."""
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")


_H1 = re.compile(r"<(/?)h1\b")
FOOTNOTE_DEFINITION = re.compile(r"^[ \t>]*(\[\^[^\]\n]+\]):", re.MULTILINE)


def _bundled(extension: object) -> list[str] | None:
    """The extensions a bundle registers (Python-Markdown's `extra`, PyMdown's `pymdownx.extra`),
    which include footnotes; None for any other extension."""
    if extension in ("extra", "markdown.extensions.extra"):
        from markdown.extensions.extra import extensions

        return list(extensions)
    if extension == "pymdownx.extra":
        from pymdownx.extra import extra_extensions  # a site that names it has PyMdown

        return list(extra_extensions)
    return None


def _without_extra(extensions: list[Any], configs: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """A bundle that includes footnotes (`_bundled`): its parts instead, with their settings, so
    that footnotes can be left out of bodies like the extension itself."""
    unbundled: list[Any] = []
    configs = dict(configs)
    for extension in extensions:
        parts = _bundled(extension) if isinstance(extension, str) else None
        if parts is None:
            unbundled.append(extension)
            continue
        settings = configs.pop(extension, None) or {}
        for part in parts:
            if part not in extensions and part not in unbundled:
                unbundled.append(part)
                if part in settings:
                    configs[part] = settings[part]
    return unbundled, configs


def _too_long(body: str) -> str | None:
    """Why Glossa does not give `body` to Markdown (MAX_BODY_CHARS, MARKUP_BUDGET), or None."""
    if len(body) > MAX_BODY_CHARS:
        return (f"the body has {len(body):,} characters; Glossa renders bodies of up to "
                f"{MAX_BODY_CHARS:,} as Markdown")
    costs = [(sum(part.count(character) * weight for character, weight in MARKUP_WEIGHTS.items()),
              len(part)) for part in _PARAGRAPHS.split(body)]
    if sum(markup * length for markup, length in costs) > MARKUP_BUDGET:
        length = max(costs, key=lambda cost: cost[0] * cost[1])[1]
        return (f"a paragraph of the body, of {length:,} characters, has more lines, links, tags, "
                "code, table cells and emphasis than Glossa renders as Markdown")
    return None


_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
_TAG = re.compile(rf"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*{_VALUE})?)*)\s*/?>")
_ADDRESS = re.compile(rf"\s(src|href)\s*=\s*({_VALUE})", re.IGNORECASE)
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
"""An HTML comment in a body: the editor's, never shown (one left open runs to the end)."""
_VISIBLE = re.compile(r"<img\b|>[^<]*[^\s<]")


class Removed(NamedTuple):
    """What the sanitiser takes out of a body that its editor meant readers to see: an element
    (`<iframe>`), or an image's or a link's address (`what` is 'element', 'image' or 'link')."""

    what: str
    written: str


def removed(html: str, written: str) -> list[Removed]:
    """What sanitising `html` (the body `written`, as Markdown renders it) takes away, for a
    warning: nh3 says nothing, and an image from another site or an embedded video would vanish
    from the card. Comments are not listed: an editor writes them to be hidden; nor elements the
    editor did not write, which an extension makes (a task list's `<input>`), as nh3 drops them."""
    found: list[Removed] = []
    lowered = written.lower()
    for tag, attributes in _TAG.findall(COMMENT.sub("", html) if "<!--" in html else html):
        tag = tag.lower()
        if tag not in ALLOWED_TAGS:
            if f"<{tag}" in lowered:
                found.append(Removed("element", f"<{tag}>"))
        elif tag in ("a", "img"):
            for name, address in _ADDRESS.findall(attributes):
                value = unescape(address[1:-1] if address[:1] in "\"'" else address)
                if _filter_attribute(tag, name.lower(), value) is None:
                    found.append(Removed("image" if tag == "img" else "link", value))
    return list(dict.fromkeys(found))


def explain(removed: Iterable[Removed]) -> list[tuple[str, str]]:
    """Why readers will not see what was removed, and what to do instead: one message for the
    elements (an `<svg>` and what it holds), one for each address; each with the text to find
    its line by."""
    said: list[tuple[str, str]] = []
    elements = [item.written for item in removed if item.what == "element"]
    if elements:
        said.append((elements[0].strip("<>"), f"the body's {', '.join(elements)} "
                     f"{'is' if len(elements) == 1 else 'are'} taken out: a card shows text, links, "
                     "lists, tables, quotes, code and the site's own images; link to what "
                     f"{'it shows' if len(elements) == 1 else 'they show'} instead"))
    for item in removed:
        if item.what == "image":
            said.append((item.written, f"the body's image {quoted(item.written)} is not shown: a "
                         "card shows only the site's own images; copy it into the docs folder and "
                         "link it from there, or link to it"))
        elif item.what == "link":
            said.append((item.written, f"the body's link {quoted(item.written)} is not shown as a "
                         "link: links go to http(s), mailto or the site's own pages"))
    return said


def shows_nothing(html: str) -> bool:
    """Whether sanitised HTML has no text and no image for readers."""
    return _VISIBLE.search(html) is None


class RenderedBody(NamedTuple):
    html: str
    """Sanitised."""
    removed: list[Removed]


class BodyTooComplex(ValueError):
    """A body whose markup would take too long to render (see MARKUP_BUDGET)."""


class BodyRenderer:
    """Render bodies with the site's Markdown configuration, minus what reads files or sets ids."""

    def __init__(self, extensions: Iterable[Any], extension_configs: dict[str, Any],
                 treeprocessors: Iterable[tuple[Any, str, int]] = ()) -> None:
        extensions, extension_configs = _without_extra(list(extensions), extension_configs)
        kept = [e for e in extensions if not (isinstance(e, str) and e in EXCLUDED_EXTENSIONS)]
        self._site_has_footnotes = any(isinstance(e, str) and e in FOOTNOTES for e in extensions)
        configs = {k: v for k, v in extension_configs.items() if k not in EXCLUDED_EXTENSIONS}
        self._markdown = markdown.Markdown(extensions=kept, extension_configs=configs)
        for processor, name, priority in treeprocessors:
            self._markdown.treeprocessors.register(processor, name, priority)
        self._kept, self._configs = kept, configs
        self._with_footnotes: markdown.Markdown | None = None

    def unrendered_footnote(self, body: str) -> tuple[int, str] | None:
        """Where the body holds a footnote that the site's pages would render and bodies do not
        (footnotes link to ids, which a card may not have), and how it is written: (its offset
        in the body, '[^1]'). Readers would see it as typed, or not at all. Markdown with the
        footnotes extension decides, as it does on pages: not in a code block, for instance."""
        if not self._site_has_footnotes or "[^" not in body or _too_long(body):
            return None
        if self._with_footnotes is None:
            self._with_footnotes = markdown.Markdown(extensions=[*self._kept, "footnotes"],
                                                     extension_configs=self._configs)
        if 'class="footnote"' not in self._with_footnotes.reset().convert(body):
            return None
        definition = FOOTNOTE_DEFINITION.search(body)
        if definition is None:
            return body.index("[^"), "[^"
        return definition.start(1), definition.group(1)

    def render(self, body: str, *, user_generated: bool) -> RenderedBody:
        """Markdown -> sanitised HTML, and what sanitising took out."""
        refused = _too_long(body)
        if refused:
            raise BodyTooComplex(refused)
        html = self._markdown.reset().convert(body)
        if "<h1" in html:  # the page's title is its only h1: a body's `# Heading` is one level down
            html = _H1.sub(r"<\1h2", html)
        return RenderedBody(sanitise(html, user_generated=user_generated), removed(html, body))
