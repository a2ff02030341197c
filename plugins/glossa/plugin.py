"""The MkDocs adapter: configuration, events, logging and assets. The work is done by the core.

Event plan (priorities: higher runs earlier):
- on_startup: keeps this instance across `mkdocs serve` rebuilds, so its file cache survives.
- on_config: kinds, the body renderer and our assets.
- on_files: reads every annotation file (site-wide, so nothing computed from them goes stale
  in a dirty build) and makes dirty builds rebuild pages whose annotations changed.
- on_page_content (-50, late): weaves the page's annotations into the final HTML of its Markdown,
  after other plugins have changed it, and registers our ids with MkDocs' anchor validation.
- on_env: fills the generated corrections page (every page is rendered by then, ¶ numbers known).
- on_post_page: the page's `lang` from its front matter; the page's W3C annotation export,
  written in the site's root folder and linked from its head, and a ClaimReview per correction
  (SPEC §5); on annotated pages, a one-line script in <head> so that glossa.css folds
  narrow-screen cards before the first paint.
- on_serve: watches the annotations folder for live reload.
"""

from __future__ import annotations

import os
import posixpath
import re
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
from mkdocs.utils import get_relative_url, write_file

from . import claimreview, export, overview
from .bodies import BodyRenderer
from .files import AnnotationFile, find_annotation_files, read_annotation_file
from .model import DEFAULT_KINDS, Annotation, Kind, Problem
from .page import AnnotatedPage, annotate_page

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).parent / "assets"
OVERRIDES_DIR = ASSETS_DIR / "overrides"
EARLY_SCRIPT = '<script>document.documentElement.classList.add("glossa-js", "glossa-page")</script>'
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
    corrections_page = c.Type(str, default="corrections.md")
    """Where the generated list of every correction goes ("" for none)."""
    corrections_title = c.Type(str, default="Corrections")
    suggest_branch = c.Type(str, default="main")
    """The branch that "suggest a note" links open the repository's new-file page on."""


class GlossaPlugin(BasePlugin[GlossaConfig]):
    """Merge `annotations/<page>/<id>.md` into the pages of `docs/`."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int], Annotation | list[Problem]]] = {}
        self.is_serve = False
        self.is_dirty = False
        self.annotations: dict[str, list[Annotation]] = {}
        self.results: dict[str, AnnotatedPage] = {}
        self.corrections_file: File | None = None
        self.exports: dict[str, str] = {}  # src_uri -> its W3C export's path in the site

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.is_dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Resolve kinds and paths; ship our CSS and JS through the theme's static files."""
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self.annotations_root = root / self.config.annotations_dir
        kinds = self._resolve_kinds(config)
        if kinds != getattr(self, "kinds", kinds):
            self._cache.clear()  # files are read against the kinds: mkdocs.yml changed in serve
        self.kinds = kinds
        if not self.is_dirty:
            self.results = {}  # the instance outlives a build (serve, several builds in a process)
        # Links in bodies resolve as the page's own do (`other.md#p3` -> `../other/#p3`): MkDocs' own
        # link rewriter, pointed at the current page before each body (see `_render_body`).
        self.body_links = _RelativePathTreeprocessor(None, None, config)  # type: ignore[arg-type]
        self.bodies = BodyRenderer(config.markdown_extensions, dict(config.mdx_configs),
                                   treeprocessors=[(self.body_links, "relpath", 0)])
        config.theme.dirs.append(str(ASSETS_DIR))
        if config.theme.name == "material" and str(OVERRIDES_DIR) not in config.theme.dirs:
            # Ahead of Material's own templates (after the site's custom_dir): its repository link
            # without the request for the repository's stars that Material makes on page load.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES_DIR))
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
        self.exports = self._export_paths(pages)
        if self.is_dirty:
            self._force_rebuild_if_dirty(files, pages, config.site_dir)
        self.corrections_file = self._add_corrections_page(files, config)
        self.files = files
        return files

    @staticmethod
    def _export_paths(pages: dict[str, str]) -> dict[str, str]:
        """Each annotated page's export in the site's root (`export.export_path`); when two keys
        give one name (`a.b` and `a/b`), the first in key order keeps it and the other has none."""
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

    def _add_corrections_page(self, files: Files, config: MkDocsConfig) -> File | None:
        """The generated page listing every correction, when there is one (filled in `on_env`)."""
        path = self.config.corrections_page.strip("/")
        if not path or not any(a.verdict for page in self.annotations.values() for a in page):
            return None
        file = File.generated(config, path,
                              content=overview.corrections_markdown(self.config.corrections_title))
        if any(other.dest_uri == file.dest_uri for other in files):
            log.warning(f"glossa: corrections_page '{path}' would replace a page of the site: set "
                        "the option to another path, or to '' for no generated corrections page")
            return None
        files.append(file)
        return file

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Every page's content is rendered before `on_env` (and written after it): now the ¶ of
        every correction is known, fill the corrections page's table."""
        page = self.corrections_file.page if self.corrections_file else None
        if page is None or not page.content:
            return env
        entries: list[overview.CorrectionEntry] = []
        for doc in files.documentation_pages():
            key, result = self.page_keys.get(doc.src_uri), self.results.get(doc.src_uri)
            if key is None or doc.page is None:
                continue
            placed = {p.annotation.id: p for p in result.placements} if result else {}
            href = get_relative_url(doc.url, page.file.url)
            corrections = sorted((a for a in self.annotations.get(key, []) if a.verdict),
                                 key=lambda a: (placed[a.id].block if a.id in placed else 10**9, a.id))
            entries.extend(overview.CorrectionEntry(
                a, doc.page.title or key, href, placed[a.id].block if a.id in placed else None,
                placed[a.id].number if a.id in placed else None) for a in corrections)
        page.content = page.content.replace(overview.PLACEHOLDER, overview.corrections_table(entries))
        return env

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

    def _force_rebuild_if_dirty(self, files: Files, pages: dict[str, str], site_dir: str) -> None:
        """A dirty build only rebuilds pages whose Markdown is newer than their HTML; make a page
        count as changed when its annotation folder (or a file in it) is not older, or when its
        HTML still shows annotations that are gone (the folder emptied or deleted). The corrections
        page needs the ¶ of every correction: pages with corrections that this process has not
        anchored yet (a new `mkdocs build --dirty`, not a `serve --dirtyreload` rebuild) are redone."""
        corrections_page = bool(self.config.corrections_page.strip("/"))
        for doc in files.documentation_pages():
            if not os.path.exists(doc.abs_dest_path):
                continue
            page = pages.get(doc.src_uri)
            if page is None:
                with open(doc.abs_dest_path, "rb") as built:
                    shows_annotations = b"data-glossa-block=" in built.read()
                if shows_annotations:
                    os.remove(doc.abs_dest_path)
                    stale = export.export_path(posixpath.splitext(doc.src_uri)[0])
                    stale_export = os.path.join(site_dir, stale)
                    if stale not in self.exports.values() and os.path.exists(stale_export):
                        os.remove(stale_export)  # unless another page's export has that name
                continue
            if corrections_page and doc.src_uri not in self.results and any(
                    a.verdict for a in self.annotations.get(page, [])):
                os.remove(doc.abs_dest_path)
                continue
            folder = self.annotations_root / page
            newest = max([folder.stat().st_mtime] +
                         [p.stat().st_mtime for p in folder.iterdir() if p.is_file()])
            if newest >= os.path.getmtime(doc.abs_dest_path):
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
                               f"{Path(config.docs_dir).name}/{page.file.src_uri}",
                               suggest=self._suggest_link(config, page_key))
        for problem in result.problems:
            log.warning(str(problem))
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(result.anchor_ids)
        self.results[page.file.src_uri] = result
        html, result.html = result.html, ""  # pages can be many: keep only what later events need
        return html

    def _suggest_link(self, config: MkDocsConfig, page_key: str) -> Any:
        """Each block's "suggest a note" link, when the site has a (GitHub) repository."""
        if not config.repo_url:
            return None
        repo_url, branch, folder = config.repo_url, self.config.suggest_branch, self.config.annotations_dir
        return lambda number, text: overview.suggest_note_url(repo_url, branch, folder, page_key,
                                                              number, text)

    def _render_body(self, annotation: Annotation, page: Page, config: MkDocsConfig,
                     files: Files) -> str:
        def point_links_at_page() -> None:
            self.body_links.file, self.body_links.files = page.file, files
            self.body_links.links_to_anchors = {}

        try:
            body = self.bodies.render(annotation.body, user_generated=annotation.kind == "note",
                                      before=point_links_at_page)
        except Exception as error:  # noqa: BLE001 - a failing extension must not lose the note
            log.warning(f"{annotation.path}:1: the body could not be rendered as Markdown "
                        f"({type(error).__name__}: {error}); it is shown as plain text")
            return f"<p>{escape(annotation.body)}</p>"
        if page.links_to_anchors is not None:  # MkDocs checks these anchors once every page is built
            for target, anchors in self.body_links.links_to_anchors.items():
                for anchor, url in anchors.items():
                    page.links_to_anchors.setdefault(target, {}).setdefault(anchor, url)
        return body

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Set `<html lang>` from the page's `language` front matter (SPEC §4); W3C export and
        ClaimReview (SPEC §5)."""
        output = self._machine_readable(output, page, config)
        result = self.results.get(page.file.src_uri)
        if result is not None:  # exported: only the placements are needed now (`on_env` of a rebuild)
            result.text, result.bodies = "", {}
        if page.file.src_uri in self.page_keys and "</head>" in output:
            # Before the first paint: glossa.css widens the page and folds narrow-screen cards
            # only once script runs, so nothing shifts when glossa.js (end of body) starts.
            output = output.replace("</head>", f"{EARLY_SCRIPT}</head>", 1)
        language = page.meta.get("language")
        if not isinstance(language, str) or not re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*",
                                                             language):
            return output
        return re.sub(r"<html\b[^>]*?\blang=\"[^\"]*\"", lambda m: re.sub(
            r'lang="[^"]*"', f'lang="{language}"', m.group(0)), output, count=1)

    def _machine_readable(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Write the page's W3C export in the site's root, link it from `<head>`, add ClaimReview
        (SPEC §5)."""
        result = self.results.get(page.file.src_uri)
        page_key = self.page_keys.get(page.file.src_uri)
        if result is None or page_key is None:
            return output
        page_url = page.canonical_url
        if not page_url:
            log.warning(f"{page.file.src_uri}: set 'site_url' in mkdocs.yml: the W3C export and "
                        "ClaimReview need absolute URLs, so this page has neither")
            return output
        language = config.theme.get("language")
        path = self.exports.get(page.file.src_uri)
        if path is not None:  # None: another page's export has its name (warned in `on_files`)
            href = export.export_href(page.file.url, page_key)
            collection = export.annotation_collection(
                result, page_url=page_url, export_url=urljoin(page_url, href), kinds=self.kinds,
                page_key=page_key, title=page.title, language=language)
            write_file(export.dumps(collection).encode("utf-8"),
                       os.path.join(config.site_dir, path))
            output = export.insert_before(output, "</head>", export.link_tag(href))
        reviews = [claimreview.claim_review(
            annotation, page_url=page_url, provenance=page.meta, title=page.title,
            publisher=self.config.publisher or config.site_name, language=language)
            for annotation in claimreview.corrections(result)]
        return export.insert_before(output, "</body>", claimreview.script_tags(reviews), last=True)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Live reload when an annotation file is added, changed or removed."""
        if self.annotations_root.is_dir():
            server.watch(str(self.annotations_root), recursive=True)
        else:
            log.info(f"no folder {self.config.annotations_dir}/ yet: once you create it, restart "
                     "`mkdocs serve` so that annotation changes reload the preview")
        return server


def _with_icon(kind: Kind, config: MkDocsConfig) -> Kind:
    """Inline the kind's icon SVG from the theme's icon set (Material's `.icons`)."""
    from dataclasses import replace
    for folder in config.theme.dirs:
        path = Path(folder) / ".icons" / f"{kind.icon}.svg"
        if path.is_file():
            return replace(kind, icon_svg=path.read_text(encoding="utf-8").strip())
    return replace(kind, icon_svg=f"<span>{kind.label[:1]}</span>")
