"""The MkDocs adapter: configuration, events, logging and assets. The work is done by the core.

Event plan (priorities: higher runs earlier):
- on_startup: keeps this instance across `mkdocs serve` rebuilds, so its file cache survives.
- on_config: kinds, the body renderer and our assets.
- on_files: reads every annotation file (site-wide, so nothing computed from them goes stale
  in a dirty build) and makes dirty builds rebuild pages whose annotations changed.
- on_page_content (-50, late): weaves the page's annotations into the final HTML of its Markdown,
  after other plugins have changed it, and registers our ids with MkDocs' anchor validation.
- on_post_page: the page's `lang` from its front matter.
- on_serve: watches the annotations folder for live reload.
"""

from __future__ import annotations

import os
import re
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .bodies import BodyRenderer
from .files import AnnotationFile, find_annotation_files, read_annotation_file
from .model import DEFAULT_KINDS, Annotation, Kind, Problem
from .page import AnnotatedPage, annotate_page

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).parent / "assets"
MOTIVATIONS = ("assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
               "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
               "tagging")
RESERVED_IDS = frozenset({"unanchored"})


class KindConfig(base.Config):
    label = c.Type(str)
    icon = c.Type(str, default="material/tag-outline")
    color = c.Type(str, default="#6a1b9a")
    motivation = c.Choice(MOTIVATIONS, default="commenting")
    sources = c.Type(bool, default=False)
    author = c.Type(bool, default=False)
    body = c.Type(bool, default=True)


class GlossaConfig(base.Config):
    annotations_dir = c.Type(str, default="annotations")
    kinds = c.DictOfItems(c.SubConfig(KindConfig), default={})
    publisher = c.Type(str, default="")


class GlossaPlugin(BasePlugin[GlossaConfig]):
    """Merge `annotations/<page>/<id>.md` into the pages of `docs/`."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int], Annotation | list[Problem]]] = {}
        self.is_serve = False
        self.is_dirty = False
        self.annotations: dict[str, list[Annotation]] = {}
        self.results: dict[str, AnnotatedPage] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.is_dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Resolve kinds and paths; ship our CSS and JS through the theme's static files."""
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.annotations_root = root / self.config.annotations_dir
        self.kinds = self._resolve_kinds(config)
        self.bodies = BodyRenderer(config.markdown_extensions, dict(config.mdx_configs))
        config.theme.dirs.append(str(ASSETS_DIR))
        if "glossa/glossa.css" not in config.extra_css:
            config.extra_css.append("glossa/glossa.css")
        if "glossa/glossa.js" not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append("glossa/glossa.js")  # type: ignore[arg-type]
        return config

    def _resolve_kinds(self, config: MkDocsConfig) -> dict[str, Kind]:
        kinds = {kind.name: kind for kind in DEFAULT_KINDS}
        for name, options in self.config.kinds.items():
            if not re.fullmatch(r"[a-z][a-z0-9-]*", name):
                raise PluginError(f"glossa: kind name '{name}' must be lower-case letters, digits "
                                  "and hyphens")
            if not options.label:
                raise PluginError(f"glossa: kind '{name}' needs a 'label'")
            if not re.fullmatch(r"#[0-9a-fA-F]{3,8}", options.color):
                raise PluginError(f"glossa: kind '{name}' colour must be a hex colour like '#6a1b9a'")
            kinds[name] = Kind(name, options.label, options.icon, options.color, options.motivation,
                               needs_sources=options.sources, needs_author=options.author,
                               needs_body=options.body)
        return {name: _with_icon(kind, config) for name, kind in kinds.items()}

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Read every annotation file; warn about folders whose page does not exist."""
        display_root = self.config.annotations_dir.strip("/")
        found, problems = find_annotation_files(self.annotations_root, display_root)
        self.annotations = {}
        seen_paths = set()
        for file in found:
            result = self._read(file)
            seen_paths.add(file.path)
            if isinstance(result, list):
                problems.extend(result)
                continue
            if result.id in RESERVED_IDS:
                problems.append(Problem(file.display, 1, f"'{result.id}' is a reserved id; rename "
                                        "the file"))
                continue
            self.annotations.setdefault(result.page, []).append(result)
        for path in set(self._cache) - seen_paths:
            del self._cache[path]
        pages = {}
        for page in sorted(self.annotations.keys() | {f.page for f in found}):
            doc = files.get_file_from_path(f"{page}.md")
            if doc is None or not doc.is_documentation_page():
                problems.append(Problem(f"{display_root}/{page}", 1, f"annotation folder for a page "
                                        f"that does not exist: expected {config.docs_dir and 'docs'}/"
                                        f"{page}.md"))
                continue
            pages[doc.src_uri] = page
        self.page_keys = pages
        for problem in problems:
            log.warning(str(problem))
        if self.is_dirty:
            self._force_rebuild_if_dirty(files, pages)
        self.files = files
        return files

    def _read(self, file: AnnotationFile) -> Annotation | list[Problem]:
        """Parse a file, or reuse last build's result: the cache is keyed on mtime and size."""
        try:
            stat = file.path.stat()
        except OSError:
            return read_annotation_file(file, self.kinds)
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._cache.get(file.path)
        if cached and cached[0] == key:
            return cached[1]
        result = read_annotation_file(file, self.kinds)
        self._cache[file.path] = (key, result)
        return result

    def _force_rebuild_if_dirty(self, files: Files, pages: dict[str, str]) -> None:
        """A dirty build only rebuilds pages whose Markdown is newer than their HTML; make a page
        count as changed when its annotation folder (or a file in it) is newer."""
        for src_uri, page in pages.items():
            doc = files.get_file_from_path(src_uri)
            if doc is None or not os.path.exists(doc.abs_dest_path):
                continue
            folder = self.annotations_root / page
            newest = max([folder.stat().st_mtime] +
                         [p.stat().st_mtime for p in folder.iterdir() if p.is_file()])
            if newest > os.path.getmtime(doc.abs_dest_path):
                os.remove(doc.abs_dest_path)

    @event_priority(-50)
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        """Late, so that we anchor in the HTML other plugins have finished changing."""
        page_key = self.page_keys.get(page.file.src_uri)
        if page_key is None:
            return None
        annotations = self.annotations.get(page_key, [])
        bodies = {a.id: self._render_body(a, page, config, files) for a in annotations}
        result = annotate_page(html, annotations, self.kinds, bodies, page.meta,
                               f"{Path(config.docs_dir).name}/{page.file.src_uri}")
        for problem in result.problems:
            log.warning(str(problem))
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(result.anchor_ids)
        self.results[page.file.src_uri] = result
        return result.html

    def _render_body(self, annotation: Annotation, page: Page, config: MkDocsConfig,
                     files: Files) -> str:
        try:
            return self.bodies.render(annotation.body, user_generated=annotation.kind == "note")
        except Exception as error:  # noqa: BLE001 - a failing extension must not lose the note
            log.warning(f"{annotation.path}:1: the body could not be rendered as Markdown "
                        f"({type(error).__name__}: {error}); it is shown as plain text")
            return f"<p>{escape(annotation.body)}</p>"

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Set `<html lang>` from the page's `language` front matter (SPEC §4)."""
        language = page.meta.get("language")
        if not isinstance(language, str) or not re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*",
                                                             language):
            return None
        return re.sub(r"<html\b[^>]*?\blang=\"[^\"]*\"", lambda m: re.sub(
            r'lang="[^"]*"', f'lang="{language}"', m.group(0)), output, count=1)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Live reload when an annotation file is added, changed or removed."""
        if self.annotations_root.is_dir():
            server.watch(str(self.annotations_root), recursive=True)
        return server


def _with_icon(kind: Kind, config: MkDocsConfig) -> Kind:
    """Inline the kind's icon SVG from the theme's icon set (Material's `.icons`)."""
    from dataclasses import replace
    for folder in config.theme.dirs:
        path = Path(folder) / ".icons" / f"{kind.icon}.svg"
        if path.is_file():
            return replace(kind, icon_svg=path.read_text(encoding="utf-8").strip())
    return replace(kind, icon_svg=f"<span>{kind.label[:1]}</span>")
