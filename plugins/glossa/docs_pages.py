"""The docs folder's pages as Glossa looks at them besides weaving them, whatever the engine:
which page holds a quote (a page renamed, a file saved in the wrong page's folder), a page written
under another Markdown ending, and an annotation file saved among the pages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from .anchor import is_telling, normalise, strip_markdown
from .files import OTHER_MARKDOWN
from .model import Kind, Problem
from .rules import suggest_id


def annotation_in_docs(meta: Mapping[str, object], kinds: Mapping[str, Kind], src_uri: str,
                       docs_name: str, display_root: str, pages: PagesText) -> Problem | None:
    """A page of the docs folder whose front matter is an annotation's (one of the site's kinds,
    and a quote, sources or a verdict): saved in the wrong folder, it would be published as a page
    of its own, and its card never shown. Told where it goes: under the annotations folder's own
    path, else in the folder of the one page that holds its quote (`pages`)."""
    kind = meta.get("kind")
    if not isinstance(kind, str) or kind not in kinds or not {"quote", "sources", "verdict"} & set(meta):
        return None
    inside = src_uri.removeprefix(f"{display_root}/")
    quote = meta.get("quote")
    holding = [key for key in pages.holding(quote) if key != src_uri.removesuffix(".md")] \
        if isinstance(quote, str) and inside == src_uri else []
    folder, _, file_name = inside.rpartition("/")
    name = f"{suggest_id(file_name.removesuffix('.md'))}.md"  # 'My Note.md' is no id
    where = (f"move it to {display_root}/{folder + '/' if folder else ''}{name}" if inside != src_uri else
             f"move it to {display_root}/{holding[0]}/{name}, the folder of {docs_name}/{holding[0]}.md, "
             "which holds its quote" if len(holding) == 1 else
             f"move it into {display_root}/<page>/, the folder of the page it annotates")
    return Problem(f"{docs_name}/{src_uri}", 1, (
        f"this page's front matter is an annotation's (kind: {kind}), but it is in the docs "
        f"folder, so it is published as a page of its own and its card is not shown: {where} "
        f"(the annotations folder is beside {docs_name}/, not in it)"))


def other_markdown(docs: Path, key: str) -> str | None:
    """The page `key` names, written with another Markdown ending (`essays/third.markdown`, for
    `essays/third` or for `essays/third.markdown`), as its path in the docs folder; or None."""
    for path in (key, *(key + ending for ending in OTHER_MARKDOWN)):
        if path.endswith(OTHER_MARKDOWN) and (docs / path).is_file():
            return path
    return None


def only_md_pages(docs_name: str, path: str, display_root: str) -> str:
    """What to do about a page (`other_markdown`) that Glossa does not annotate."""
    stem = path.rsplit(".", 1)[0]
    return (f"Glossa annotates pages whose name ends in '.md': rename {docs_name}/{path} to "
            f"{docs_name}/{stem}.md; its annotations go in {display_root}/{stem}/")


class PagesText:
    """The docs folder's pages' Markdown, read when first asked, to tell which page holds a quote
    (a page renamed, its folder not; a file saved in another page's folder). Compared as anchoring
    compares, Markdown's marks aside (`anchor.strip_markdown`): the Markdown's words are the
    text's, near enough to name a page, never to place a quote. One a build: pages change between
    builds."""

    def __init__(self, docs: Path) -> None:
        self.docs = docs
        self._raw: dict[str, str] | None = None
        self._compared: dict[str, str] = {}

    def holding(self, quote: str, keys: Iterable[str] | None = None) -> list[str]:
        """The pages (`keys`, else all), by key, whose Markdown holds `quote`, if it is telling. The
        quote's longest word is looked for in the Markdown as written first, and only a page that
        has it is normalised: reading the benchmark's 500 pages takes 0.1 s, normalising them all
        0.17 s more."""
        if not is_telling(quote):
            return []
        wanted = _compared(quote).strip()
        if self._raw is None:
            self._raw = {key: path.read_text(encoding="utf-8", errors="replace")
                         for path in sorted(self.docs.rglob("*.md"))
                         if path.is_file() and not (key := path.relative_to(self.docs).as_posix()
                                                    .removesuffix(".md")).startswith(".")
                         and "/." not in key}
        probe = max(_WORD.findall(quote), key=len, default="")  # as written: `snake_case` is two
        found = []
        for key in self._raw if keys is None else keys:
            if key not in self._raw or probe not in self._raw[key]:
                continue
            if key not in self._compared:
                self._compared[key] = _compared(self._raw[key])
            if wanted in self._compared[key]:
                found.append(key)
        return found


_WORD = re.compile(r"[A-Za-z0-9]+")


def _compared(text: str) -> str:
    """Markdown as readers would read it (`anchor.strip_markdown`), compared as anchoring compares."""
    return normalise(strip_markdown(text))
