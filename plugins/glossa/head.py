"""What an annotated page's `<head>` gets, where in the site its W3C export goes, and a warning
when the page's template shows none of its content.

Each annotated page's export sits in the site's root folder (`export.export_path`), and the page's
head links to it, with a ClaimReview per correction (SPEC §5), the page's `lang` from its front
matter (SPEC §4), and a one-line script that lets glossa.css fold narrow-screen cards before the
first paint. The head is edited in the written HTML: Material's `extrahead` block belongs to the
site's own `main.html`, which a plugin cannot take over without taking it from the site.
"""

from __future__ import annotations

import re

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import export
from .render import EARLY_SCRIPT

log = get_plugin_logger(__name__)


def place_exports(files: Files, pages: dict[str, str], docs_name: str) -> dict[str, str]:
    """Where each annotated page's export goes (src_uri -> path in the site), from `pages`
    (src_uri -> page key): `_export_paths`, apart from the site's own files (`_keep_exports_apart`)."""
    exports = _export_paths(pages)
    _keep_exports_apart(files, exports, docs_name)
    return exports


def _export_paths(pages: dict[str, str]) -> dict[str, str]:
    """Each annotated page's export (src_uri -> path in the site) from `pages` (src_uri -> page
    key); when two keys give one name (`a.b` and `a/b`), the first in key order keeps it and the
    other has none."""
    exports: dict[str, str] = {}
    owners: dict[str, str] = {}
    for src_uri, key in sorted(pages.items(), key=lambda item: item[1]):
        path = export.export_path(key)
        if path in owners:
            log.warning(f"pages '{owners[path]}' and '{key}' would share the W3C export "
                        f"{path}: only '{owners[path]}' gets it; rename one of the two pages")
            continue
        owners[path] = key
        exports[src_uri] = path
    return exports


def _keep_exports_apart(files: Files, exports: dict[str, str], docs_name: str) -> None:
    """A file of the site at an export's path is left out of the build, with a warning: either
    file winning by the order of writes is no way to build a site. A file built inside a folder at
    an export's path stays, and that page has no export (removed from `exports`)."""
    paths = set(exports.values())
    for file in [f for f in files if f.dest_uri in paths and f.inclusion.is_included()]:
        log.warning(f"{docs_name}/{file.src_uri} has the path of a page's W3C export, which replaces "
                    "it: rename or remove it")
        files.remove(file)
    folders = {path + "/": src_uri for src_uri, path in exports.items()}
    for file in files:
        if not file.inclusion.is_included():
            continue
        parts = file.dest_uri.split("/")
        # The file's folders, each looked up: comparing every file with every export took 40 ms
        # of a build of 1,000 annotated pages, and grew with the square of their number.
        folder = next((f for f in ("/".join(parts[:n]) + "/" for n in range(1, len(parts)))
                       if f in folders), None)
        if folder is not None and folders[folder] in exports:
            page = folders[folder]
            log.warning(f"{docs_name}/{file.src_uri} is built in the folder {folder}, the path of "
                        f"the W3C export of {docs_name}/{page}: that page gets no export; rename "
                        f"the folder or the page")
            del exports[page]


def warn_content_not_shown(page: Page, folder: str, docs_name: str) -> None:
    """For an annotated page whose template writes no `page.content` (Material's home pages, with
    `template: home.html`): its annotations anchor, and no reader sees them."""
    template = page.meta.get("template") or "main.html"
    log.warning(f"{folder}: the template of {docs_name}/{page.file.src_uri} ({template}) shows none "
                "of its content, so no reader sees these annotations: move them to a page that "
                "shows its text, or give the page a template that writes page.content")


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang=\"([^\"]*)\"")


def edit_head(output: str, head: str, language: str | None) -> str:
    """`head` before the first `</head>`, and `<html lang>` set when it differs: one copy of the
    page each, since every page carries the whole navigation (hundreds of kilobytes on a large
    site, so that this was the one cost of Glossa that grew with the number of pages)."""
    if language is not None:
        found = _HTML_LANG.search(output)
        if found is not None and found.group(1) != language:
            opening = found.group(0)
            output = output.replace(opening, f'{opening[:found.start(1) - found.start()]}{language}"', 1)
    return output.replace("</head>", head + EARLY_SCRIPT + "</head>", 1)
