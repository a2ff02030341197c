"""Links to and from a woven page, as MkDocs resolves and validates them.

Links in bodies resolve as the page's own do (`other.md#p3` -> `../other/#p3`): MkDocs' own link
rewriter, pointed at the page before each body. It is private to MkDocs, which offers no public
way to resolve a link as a page's own links are; this module is the one place that uses it.

Glossa's ids on a page (`p1` to `pN`, the cards') are registered for MkDocs' validation of links
to anchors. MkDocs checks every `page.md#anchor` link against the page's `present_anchor_ids` once every page
is written, so each page's set lives until the build ends. Adding a page's 60-odd ids to it took
6 KB a page: 2.9 MiB of the peak memory at 500 articles of the benchmark (105.5 against 102.6
MiB), a fifth of what Glossa adds to it. This set answers for them without holding them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor


class BodyLinks:
    """MkDocs' link rewriter for bodies (`processor`, a tree processor of the body renderer), and
    the links to anchors it finds in a page's bodies, which MkDocs validates with the page's own."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.processor = _RelativePathTreeprocessor(None, None, config)  # type: ignore[arg-type]
        self._links: dict[File, dict[str, str]] = {}

    def for_page(self, page: Page, files: Files) -> Callable[[], None]:
        """What to call before each of the page's bodies (bodies of other pages may come between)."""
        links = self._links = {}

        def point_at_page() -> None:
            self.processor.file, self.processor.files = page.file, files
            self.processor.links_to_anchors = links
        return point_at_page

    def register(self, page: Page, anchor_ids: Iterable[str], blocks: int) -> None:
        """Once the page is woven: its bodies' links to anchors, and Glossa's ids on it."""
        if page.present_anchor_ids is not None:
            page.present_anchor_ids = WithGlossaIds(page.present_anchor_ids, anchor_ids, blocks)
        if page.links_to_anchors is not None:
            for target, anchors in self._links.items():
                for anchor, url in anchors.items():
                    page.links_to_anchors.setdefault(target, {}).setdefault(anchor, url)


class WithGlossaIds(set[str]):
    """A page's own ids, and Glossa's: its blocks' `p1` to `p<blocks>` and `more` (its cards').
    Iterating it gives only the page's own, which nothing in MkDocs does."""

    __slots__ = ("blocks", "more")

    def __init__(self, ids: Iterable[str], more: Iterable[str], blocks: int) -> None:
        super().__init__(ids)
        self.more = tuple(more)
        self.blocks = blocks

    def __contains__(self, anchor: object) -> bool:
        return super().__contains__(anchor) or (isinstance(anchor, str) and (
            _is_block_id(anchor, self.blocks) or anchor in self.more))


def _is_block_id(anchor: str, blocks: int) -> bool:
    """Whether `anchor` is `p1` to `p<blocks>` (as `row.html` writes them)."""
    number = anchor[1:]
    return (anchor[:1] == "p" and number.isascii() and number.isdigit() and number[:1] != "0"
            and int(number) <= blocks)
