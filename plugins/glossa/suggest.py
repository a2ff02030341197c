""""Suggest a note" links: each block's link to the repository's new-file page, prefilled."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote, urlsplit

from .model import Kind, double_quoted
from .rules import VERDICTS

SUGGEST_HOSTS = frozenset({"github.com", "www.github.com"})
SUGGEST_WORDS = 8
"""How many of a block's first words the suggested note quotes (the contributor trims them)."""

_ROUTE = r"(?:^|/)(?:edit|blob|tree)/"
"""What comes before the branch in an `edit_uri`, a repository's path to a file on a branch."""
_EDIT_URI_BRANCH = re.compile(_ROUTE + r"([^/?#]+)/")


DEFAULT_BRANCH = "main"


def suggest_branch(option: str | None, edit_uri: str | None, docs: Path, root: Path) -> str:
    """The branch "suggest a note" links open: the option, else the one the site's `edit_uri`
    names, else `main`. Both engines call this with the `edit_uri` of their validated
    configuration, the docs folder and the configuration file's folder.

    For a GitHub repository without `edit_uri`, MkDocs fills in `edit/master/docs/` and Zensical
    `edit/master/<docs_dir>`: that is no word of the site's, whose branch is more likely `main`.
    Zensical's configuration cannot tell it from the same `edit_uri` written by the site, so
    neither engine does: it names no branch, and a site on `master` that writes it sets the
    option. Links are made only for GitHub (`SUGGEST_HOSTS`), so the host is not asked here."""
    if option:
        return option
    docs_dir = Path(os.path.relpath(docs.resolve(), root.resolve())).as_posix()
    if (edit_uri or "").strip("/") in {"edit/master/docs", f"edit/master/{docs_dir.strip('/')}"}:
        return DEFAULT_BRANCH
    return branch_of_edit_uri(edit_uri) or DEFAULT_BRANCH


def site_folder(edit_uri: str | None, branch: str, docs: Path, root: Path) -> str:
    """Where the site's folder (`root`, the configuration file's) is in its repository, as its
    `edit_uri` tells: `website/` for `edit/main/website/docs/` and `docs_dir: docs`; "" at the
    repository's top, or where `edit_uri` does not end with the docs folder. The `edit_uri` is
    read after `branch` (the links', which may hold a slash), else after the branch it names
    itself (`suggest_branch` other than its own). A site kept in a folder of its repository had
    its readers' notes suggested outside its annotations folder."""
    found = next(filter(None, (re.search(rf"{_ROUTE}{re.escape(named)}/([^?#]*)", edit_uri or "")
                               for named in (branch, branch_of_edit_uri(edit_uri)) if named)), None)
    path = found.group(1).strip("/") if found else ""
    folder = path.removesuffix(Path(os.path.relpath(docs.resolve(), root.resolve())).as_posix())
    return folder if folder != path and folder.endswith("/") else ""


def branch_of_edit_uri(edit_uri: str | None) -> str | None:
    """The branch an `edit_uri` names (`edit/master/docs/`, `blob/master/docs/`, or a whole URL
    holding one), or None: the branch the site's own edit links already use."""
    found = _EDIT_URI_BRANCH.search(edit_uri or "")
    return found.group(1) if found else None


def suggest_note_url(repo_url: str, branch: str, annotations_dir: str, page_key: str, number: int,
                     text: str, kind: Kind) -> str | None:
    """The repository's new-file page, prefilled with a note on block `number` (GitHub only), of
    `kind`: the site's kind written by readers. What the kind requires beyond an author (a site's
    readers may have to give sources) is asked for by an empty value, which the build names until
    it is given.

    The file is `annotations/<page>/p<n>-<kind>.md`; its front matter quotes the block's first
    words for the contributor to trim to the words the note is about (see CONTRIBUTING.md). It is
    written here, not by `writer.skeleton` as `glossa new` writes one: that one is dated the day it
    is written, and a build's pages would differ with the day they were built."""
    if urlsplit(repo_url).netloc.lower() not in SUGGEST_HOSTS:
        return None
    words = text.split()
    if not words:
        return None
    excerpt = " ".join(words[:SUGGEST_WORDS])
    front = (f"---\nkind: {kind.name}\n"
             f"quote: {double_quoted(excerpt)}\n"
             "author: Your name\n"
             + ("verdict:   # what the text's claim is: " + ", ".join(VERDICTS) + "\n"
                if kind.needs_verdict else "")
             + ("sources:\n  - url:   # the address of your source, https://...\n"
                if kind.needs_sources else "")
             + "---\nYour note, in Markdown. Trim the quote above to the exact words your note is "
             "about, and link your sources.\n")
    filename = f"{annotations_dir.strip('/')}/{page_key}/p{number}-{kind.name}.md"
    return (f"{repo_url.rstrip('/')}/new/{quote(branch, safe='/')}"
            f"?filename={quote(filename, safe='/')}&value={quote(front, safe='')}")
