"""Links to and from a woven page, as MkDocs resolves and validates them.

Links in bodies resolve as the page's own do (`other.md#p3` -> `../other/#p3`): MkDocs' own link
rewriter, pointed at the page before each body. It is private to MkDocs, which offers no public
way to resolve a link as a page's own links are; this module is the one place that uses it. What
it says of a body's link (a page that does not exist, an anchor no page has) is said of the
annotation's file at the link's line: MkDocs would blame the page, which does not hold the link.

Glossa's ids on a page (`p1` to `pN`, the cards', the references') are registered for MkDocs'
validation of links to anchors. MkDocs checks every `page.md#anchor` link against the page's
`present_anchor_ids` once every page is written, so each page's set lives until the build ends.
Adding the blocks' 60-odd ids to it took 6 KB a page: 2.9 MiB of the peak memory at 500
articles of the benchmark (105.5 against 102.6 MiB), a fifth of what Glossa adds to it; the
cards' and references' ids as new strings, 0.7 MiB more. This set answers for them without
holding them.

For `glossa check`, which builds only the pages it needs: the pages those checks need
(`pages_glossa_links_need`), and MkDocs' warning of a page's link to a missing card or ¶, said at
the link's line (`link_to_a_missing_glossa_id`).
"""

from __future__ import annotations

import functools
import logging
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor

from . import rules
from .model import Annotation, Problem, line_at
from .render import (
    CARD_ID_PREFIX,
    REF_ID_PREFIX,
    TITLE_ID_PREFIX,
    UNANCHORED_TITLE_ID,
    block_number,
    is_glossa_id,
)
from .rules import UNANCHORED
from .weave import BodyScope, resolved_as

if TYPE_CHECKING:
    from .page import AnnotatedPage

_REWRITER_LOG = logging.getLogger("mkdocs.structure.pages")
"""The logger MkDocs' link rewriter says a link leads nowhere on."""
_DOC_FILE = re.compile(r"^Doc file '[^']*' contains ")
_LINK = re.compile(r"link '([^']*)'")


class BodyLinks:
    """MkDocs' link rewriter for bodies (`processor`, a tree processor of the body renderer), and
    what it finds wrong with their links, each said of its annotation's file."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.processor = _RelativePathTreeprocessor(None, None, config)  # type: ignore[arg-type]
        self._to_anchors: list[tuple[Annotation, File, str, str]] = []

    def for_page(self, page: Page, files: Files) -> BodyScope:
        """What each of the page's bodies is rendered inside (`weave.weave_page`'s `around_body`):
        the rewriter pointed at the page; the problems of the body's links once it is rendered."""
        return functools.partial(self._rendering, page, files)

    @contextmanager
    def _rendering(self, page: Page, files: Files, annotation: Annotation) -> Iterator[list[Problem]]:
        self.processor.file, self.processor.files = page.file, files
        to_anchors: dict[File, dict[str, str]] = {}
        self.processor.links_to_anchors = to_anchors
        caught, problems = _Caught(), list[Problem]()
        _REWRITER_LOG.addFilter(caught)
        try:
            yield problems
        finally:
            _REWRITER_LOG.removeFilter(caught)
        for message in caught.messages:
            link = _LINK.search(message)
            hint = rules.body_link_hint(link[1]) if link else ""
            problems.append(Problem(annotation.path, annotation.body_line(link[1] if link else ""),
                                    f"{_DOC_FILE.sub('the body contains ', message)} {hint}"
                                    f"{resolved_as(page.file.src_uri)}"))
        self._to_anchors += [(annotation, target, anchor, url)
                             for target, anchors in to_anchors.items() for anchor, url in anchors.items()]

    def unresolved_anchors(self) -> list[str]:
        """Once every page is built, as MkDocs checks each page's own: a message for each body's
        link to an anchor that its page does not have."""
        messages = [str(Problem(annotation.path, annotation.body_line(url),
                                f"the body links to '{url}', but the doc '{target.src_uri}' does not "
                                f"contain an anchor '#{anchor}'"))
                    for annotation, target, anchor, url in self._to_anchors
                    if target.page is not None and target.page.present_anchor_ids is not None
                    and anchor not in target.page.present_anchor_ids]
        self._to_anchors = []
        return messages


def register_ids(page: Page, result: AnnotatedPage) -> None:
    """Once the page is woven: Glossa's ids on it, for MkDocs' validation of links to anchors."""
    if page.present_anchor_ids is not None:
        page.present_anchor_ids = WithGlossaIds(page.present_anchor_ids, result)


_ID_LINK = re.compile(r"([^\s()<>\[\]\"'#]*\.md)?#([\w-]+)")
"""A link to an anchor, and the page it is on (none: the same page)."""
_PAGE_LINK = re.compile(r"([^\s()<>\[\]\"']+\.md)#")
_MISSING_ANCHOR = re.compile(
    r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']*#(?P<anchor>[^']+))', but "
    r"(?:the doc '(?P<target>[^']+)' does not contain an anchor|there is no such anchor on this page)")
"""MkDocs' warning of a link to a missing anchor (on the rewriter's logger)."""


def pages_glossa_links_need(texts: Mapping[str, str],
                            annotations: Mapping[str, Sequence[Annotation]]) -> set[str]:
    """The pages that MkDocs' checks of links to Glossa's ids need built, beside the annotated
    ones: a page whose Markdown links to a card or a ¶ (`page.md#glossa-x`, `#p3`), the page it
    links to, and every page a body links into. Found by reading their Markdown (`texts`, by
    src_uri: `page_text`), not rendering it."""
    needed: set[str] = set()
    for src_uri, text in texts.items():
        targets = [page for page, anchor in _ID_LINK.findall(text) if is_glossa_id(anchor)] \
            if "#" in text else []
        if targets:
            needed.add(src_uri)
            needed.update(_resolved(src_uri, page) for page in targets if page)
    for key, of_page in annotations.items():
        needed.update(_resolved(f"{key}.md", page) for annotation in of_page
                      for page in _PAGE_LINK.findall(annotation.body))
    return needed


def page_text(file: File) -> str:
    """A page's Markdown as the build would read it, for a look at it before the build: a byte
    that is not UTF-8 is replaced, where MkDocs would say so when it builds the page."""
    if file.abs_src_path:
        return Path(file.abs_src_path).read_text(encoding="utf-8", errors="replace")
    return file.content_string


def _resolved(src_uri: str, link: str) -> str:
    """The page a relative link of page `src_uri` leads to, as MkDocs reads it."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), link))


def link_to_a_missing_glossa_id(message: str, docs_dir: Path) -> str | None:
    """MkDocs' warning of a page's link to a card or a ¶ its target lacks (a card renamed or
    removed), as `path:line: message` at the link's line; None for any other message."""
    found = _MISSING_ANCHOR.match(message)
    if found is None or not is_glossa_id(found["anchor"]):
        return None
    page = docs_dir / found["page"]
    source = page.read_text(encoding="utf-8", errors="replace") if page.is_file() else ""
    why = ("only the paragraphs of a page with annotations have ¶ ids: is it annotated, with that "
           "many paragraphs?" if block_number(found["anchor"]) is not None
           else "an annotation renamed or removed?")
    return str(Problem(f"{docs_dir.name}/{found['page']}", line_at(source, source.find(found["link"])),
                       f"the link '{found['link']}' leads nowhere: {docs_dir.name}/"
                       f"{found['target'] or found['page']} has no '#{found['anchor']}' ({why})"))


class _Caught(logging.Filter):
    """What the rewriter warns of while a body is rendered, kept from MkDocs' log."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        self.messages.append(record.getMessage())
        return False


class WithGlossaIds(set[str]):
    """A page's own ids, and those Glossa gives it (`AnnotatedPage.glossa_ids`), answered from the
    annotations' ids and the number of blocks rather than stored (the module's docstring says what
    storing them cost). Iterating it gives only the page's own, which nothing in MkDocs does."""

    __slots__ = ("blocks", "cards", "references")

    def __init__(self, ids: Iterable[str], result: AnnotatedPage) -> None:
        super().__init__(ids)
        self.cards = tuple(a.id for a in result.annotations()) + ((UNANCHORED,) if result.unanchored else ())
        self.references = tuple(p.annotation.id for p in result.placements)
        self.blocks = result.block_count

    def __contains__(self, anchor: object) -> bool:
        if super().__contains__(anchor):
            return True
        if not isinstance(anchor, str):
            return False
        if anchor.startswith(REF_ID_PREFIX):
            return anchor[len(REF_ID_PREFIX):] in self.references
        if anchor.startswith(CARD_ID_PREFIX):
            return anchor[len(CARD_ID_PREFIX):] in self.cards
        if anchor == UNANCHORED_TITLE_ID:
            return UNANCHORED in self.cards
        if anchor.startswith(TITLE_ID_PREFIX):  # a card's title's
            card = anchor[len(TITLE_ID_PREFIX):]
            return card != UNANCHORED and card in self.cards
        block = block_number(anchor)
        return block is not None and block <= self.blocks
