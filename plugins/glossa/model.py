"""Glossa's data model: what an annotation is, independent of files, pages and engines; and
the small helpers that messages and written files share: a line from an offset, and YAML's
quoting of a value."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import yaml


@dataclass(frozen=True)
class Kind:
    """A kind of annotation: how it is labelled, drawn and validated."""

    name: str
    label: str
    icon: str
    color: str
    motivation: str
    needs_sources: bool = False
    needs_verdict: bool = False
    needs_author: bool = False
    needs_body: bool = True
    plural: str = ""
    """The label for more than one, where English's usual ending does not make it ("Analyses");
    "" for that ending (`render.plural`)."""
    from_readers: bool = False
    """Written by readers rather than the site's editors: links in its cards get `rel="nofollow
    ugc"` (SPEC §6), so that search engines do not take them for the site's own word."""
    icon_svg: str = ""
    """The icon's SVG, from the theme's icon set; "" when it has none (its letter stands in)."""


DEFAULT_KINDS: tuple[Kind, ...] = (
    Kind("correction", "Correction", "material/alert-octagon", "#c62828", "assessing",
         needs_sources=True, needs_verdict=True),
    Kind("source", "Source", "material/link-variant", "#1565c0", "linking", needs_sources=True),
    Kind("note", "Note", "material/comment-text-outline", "#2e7d32", "commenting",
         needs_author=True, from_readers=True),
)


@dataclass(frozen=True, slots=True)
class Source:
    """A cited web page; `publisher` hosts it, `original` is whose reporting it carries."""

    url: str
    title: str | None = None
    publisher: str | None = None
    original: str | None = None
    date: str | None = None
    archive: str | None = None


@dataclass(frozen=True, slots=True)
class Annotation:
    """One annotation file, read and validated; `path` is how messages name the file."""

    id: str
    page: str
    path: str
    kind: str
    body: str = ""
    quote: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    occurrence: int | None = None
    verdict: str | None = None
    sources: tuple[Source, ...] = ()
    summary: str | None = None
    language: str | None = None
    author: str | None = None
    date: str | None = None
    updated: str | None = None
    key_lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    @property
    def is_correction(self) -> bool:
        """The one test of it: an annotation with a verdict (only a kind that needs one takes one,
        `files`), listed on the corrections page, given a ClaimReview, its marks in its colour."""
        return self.verdict is not None

    def line_of(self, key: str) -> int:
        """The line of `key` in the file, or the front matter's first (`---`)."""
        return dict(self.key_lines).get(key, 1)

    def body_line(self, written: str) -> int:
        """The file's line where the body holds `written` (the body's first line if it does not)."""
        return self.body_line_at(self.body.find(written) if written else -1)

    def body_line_at(self, offset: int) -> int:
        """The file's line of the body's character at `offset`."""
        return self.line_of("body") + line_at(self.body, offset) - 1


def line_at(text: str, offset: int) -> int:
    """The line, from 1, that `text[offset]` is on (the first for a negative offset)."""
    return text.count("\n", 0, max(offset, 0)) + 1


@dataclass(frozen=True)
class Problem:
    """Something an editor must fix, as `path:line: message`."""

    path: str
    line: int
    message: str
    about: str | None = None
    """The page (its key) the problem is also about: the one a folder's files belong to, whose
    preview shows it (`Publication.problems_of`)."""

    def __str__(self) -> str:
        message = printable(self.message, keep="\n")  # multi-line messages stay multi-line
        return f"{printable(self.path)}:{self.line}: {message}"


_ESCAPED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""What YAML's double quotes escape: line breaks, tabs and control characters."""


def quoted(text: str) -> str:
    """`text` as a message quotes it: in YAML's quotes, so that an editor may copy it into a file
    as it is (`prefix: 'the board'`; `"it's \\"over\\""` where it holds a `'`). Python's repr
    wrote `'it\\'s'`, which YAML does not read. A line break or a control character is escaped,
    so that a message stays on its line."""
    return f"'{text}'" if "'" not in text and not _ESCAPED.search(text) else double_quoted(text)


def double_quoted(text: str) -> str:
    """`text` in YAML's double quotes, on one line, as PyYAML writes it: it escapes what YAML
    cannot hold as it is (line and paragraph separators, control characters), which JSON's
    strings do not. The one way Glossa quotes a value it writes into a file or a message."""
    return yaml.dump(text, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True,
                     width=math.inf).removesuffix("\n")


_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters and bidirectional overrides: from a file's name or values they could erase,
hide or reorder a terminal's or a CI log's lines."""


def printable(text: str, keep: str = "") -> str:
    """`text` with its control characters written as escapes (`\\x1b`), except those in `keep`."""
    return _UNPRINTABLE.sub(lambda m: m.group() if m.group() in keep else repr(m.group())[1:-1], text)
