"""`mkdocs build --dirty` and `mkdocs serve --dirtyreload`: pages whose annotations changed are
built again.

A dirty build only rebuilds pages whose Markdown is newer than their HTML. Deleting a page's HTML
makes it count as changed: when its annotation folder (or a file in it), or the site's configuration
(its kinds, in `mkdocs.yml` or a file it inherits from), is not older than the HTML, or when the
HTML still shows annotations that are gone (the folder emptied or deleted) or the preview's box of
problems. The corrections page needs the ¶ of every correction: pages with corrections that this
process has not woven yet (a new `mkdocs build --dirty`, not a `serve --dirtyreload` rebuild) are
built again.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Container, Mapping
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.utils.yaml import get_yaml_loader

from . import export


def configured_time(config: MkDocsConfig) -> float:
    """When the site's configuration last changed: the newest of its file and of the files it
    inherits from (`INHERIT:`, read with MkDocs' own YAML loader, `!ENV` and all, and resolved
    from the inheriting file's folder, as MkDocs does); the kinds may be set in any of them. 0
    when there is none."""
    loader = get_yaml_loader(config=config)
    newest, seen = 0.0, set()
    path: str | None = config.config_file_path
    while path and path not in seen and os.path.isfile(path):
        seen.add(path)
        newest = max(newest, os.path.getmtime(path))
        with open(path, "rb") as configuration:  # PyYAML reads the encoding, as for MkDocs
            parent = (yaml.load(configuration, Loader=loader) or {}).get("INHERIT")
        path = os.path.normpath(os.path.join(os.path.dirname(path), parent)) if parent else None
    return newest


def force_rebuilds(files: Files, pages: Mapping[str, str], annotations_root: Path, config: MkDocsConfig,
                   exports: Container[str], corrected: Container[str],
                   woven: Container[str] | None) -> None:
    """`pages`: src_uri -> page key of the annotated pages; `exports`: the paths of this build's
    W3C exports; `woven`: the src_uris this process has woven, or None without a corrections
    page."""
    configured, site_dir = configured_time(config), config.site_dir
    for doc in files.documentation_pages():
        if not os.path.exists(doc.abs_dest_path):
            continue
        key = pages.get(doc.src_uri)
        if key is None:
            with open(doc.abs_dest_path, "rb") as built:
                shown = built.read()
            if b"data-glossa-block=" in shown or b"glossa-problems" in shown:
                os.remove(doc.abs_dest_path)
                stale = export.export_path(posixpath.splitext(doc.src_uri)[0])
                stale_export = os.path.join(site_dir, stale)
                if stale not in exports and os.path.exists(stale_export):
                    os.remove(stale_export)  # unless another page's export has that name
            continue
        if woven is not None and doc.src_uri not in woven and key in corrected:
            os.remove(doc.abs_dest_path)
            continue
        folder = annotations_root / key
        newest = max([folder.stat().st_mtime, configured] +
                     [p.stat().st_mtime for p in folder.iterdir() if p.is_file()])
        if newest >= os.path.getmtime(doc.abs_dest_path):
            os.remove(doc.abs_dest_path)
