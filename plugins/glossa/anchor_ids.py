"""Glossa's ids on a page (`p1` to `pN`, the cards'), for MkDocs' validation of links to anchors.

MkDocs checks every `page.md#anchor` link against the page's `present_anchor_ids` once every page
is written, so each page's set lives until the build ends. Adding a page's 60-odd ids to it took
6 KB a page: 2.9 MiB of the peak memory at 500 articles of the benchmark (105.5 against 102.6
MiB), a fifth of what Glossa adds to it. This set answers for them without holding them.
"""

from __future__ import annotations

from collections.abc import Iterable


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
