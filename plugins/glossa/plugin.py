"""The MkDocs adapter: configuration, events, logging and assets. The work is done by the core.

Event plan (priorities: higher runs earlier):
- on_startup: keeps this instance across `mkdocs serve` rebuilds, so its file cache survives.
- on_config: kinds, the body renderer and our assets.
- on_files: reads every annotation file (site-wide, so nothing computed from them goes stale
  in a dirty build) and makes dirty builds rebuild pages whose annotations changed; adds the
  generated glossa/kinds.css that draws each kind's icon.
- on_page_context (1 and -1, around the search plugin's 0): at 1, weaves the page's annotations
  into its content as the other plugins have left it (`annotate`), registers our ids with MkDocs'
  anchor validation, and gives the search plugin a light view of the page (its blocks and the
  words of its annotations); at -1 the annotated page is put back for the theme. Weaving this late
  keeps only the plain page in memory until the page is written. Weaving also writes the page's
  W3C annotation export in the site's root folder. The generated corrections page, built after
  the pages it lists, gets its table at 1.
- on_post_page: the page's `lang` from its front matter; in the head, the link to the W3C export,
  a ClaimReview per correction (SPEC §5) and a one-line script so that glossa.css folds
  narrow-screen cards before the first paint. `page.content` goes back to the plain page.
- on_serve: watches the annotations folder for live reload, and its parent for the folder's
  being deleted or made again.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from html import escape, unescape
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
from mkdocs.utils import get_relative_url, write_file

from . import claimreview, export, overview, render
from .bodies import BodyRenderer, SanitiserUnavailable
from .files import (
    AnnotationFile,
    find_annotation_files,
    is_language_tag,
    read_annotation_file,
    read_provenance,
)
from .model import DEFAULT_KINDS, RESERVED_IDS, Annotation, Kind, Problem, reserved_id_message
from .packed import PackedAnnotations
from .page import AnnotatedPage, annotate_page, index_view
from .summary import card_summary, summary_problem
from .templates import Templates

log = get_plugin_logger(__name__)

ASSETS_DIR = Path(__file__).parent / "assets"
OVERRIDES_DIR = ASSETS_DIR / "overrides"
EARLY_SCRIPT = '<script>document.documentElement.classList.add("glossa-js", "glossa-page")</script>'
MOTIVATIONS = ("assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
               "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
               "tagging")
KINDS_CSS = "glossa/kinds.css"
"""Generated in `on_files`: each kind's icon (`render.kinds_css`), custom kinds included."""


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
    corrections_page = c.Optional(c.Type(str))
    """Where the generated list of every correction goes; by default `corrections.md` when the
    site's `nav` names it, else none (a generated page would change every page's navigation)."""
    offline_repo_link = c.Type(bool, default=False)
    """Material's repository link without the request for the repository's stars it makes on
    every page load (`assets/overrides/partials/source.html`): off by default, since it changes
    every page of the site."""
    corrections_title = c.Type(str, default="Corrections")
    suggest_branch = c.Optional(c.Type(str))
    """The branch that "suggest a note" links open the repository's new-file page on; by default
    the one the site's `edit_uri` names, else `main`."""


class GlossaPlugin(BasePlugin[GlossaConfig]):
    """Merge `annotations/<page>/<id>.md` into the pages of `docs/`."""

    def __init__(self) -> None:
        self._cache: dict[Path, tuple[tuple[int, int], Annotation | list[Problem]]] = {}
        self.is_serve = False
        self.is_dirty = False
        self.annotations = PackedAnnotations()
        """Page key -> its annotations, unpacked where a page's are needed (weaving it, listing its
        corrections)."""
        self.placed_corrections: dict[str, dict[str, tuple[int | None, str]]] = {}
        """src_uri -> id -> (block, summary) of each correction placed, for the corrections page
        (the instance outlives a build: `mkdocs serve` rebuilds only some pages)."""
        self.corrections_file: File | None = None
        self.exports: dict[str, str] = {}  # src_uri -> its W3C export's path in the site
        self.search = False
        self._plain: dict[str, str] = {}  # src_uri -> its content before weaving, until written
        self._index_views: dict[str, tuple[str, str]] = {}  # src_uri -> (woven content, index view)
        self._heads: dict[str, str] = {}  # src_uri -> what its <head> gets, until written

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        self.is_dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Resolve kinds and paths; ship our CSS and JS through the theme's static files."""
        root = Path(config.config_file_path or ".").resolve().parent
        self.root = root
        self._docs_dir = config.docs_dir
        self.annotations_root = root / self.config.annotations_dir
        kinds = self._resolve_kinds(config)
        if kinds != getattr(self, "kinds", kinds):
            self._cache.clear()  # files are read against the kinds: mkdocs.yml changed in serve
        self.kinds = kinds
        if not self.is_dirty:
            self.placed_corrections = {}
        self.search = any(name.rpartition("/")[2] == "search" for name in config.plugins)
        self._plain, self._index_views, self._heads = {}, {}, {}
        # Links in bodies resolve as the page's own do (`other.md#p3` -> `../other/#p3`): MkDocs' own
        # link rewriter, pointed at the current page before each body (see `_render_body`).
        self.body_links = _RelativePathTreeprocessor(None, None, config)  # type: ignore[arg-type]
        self.bodies = BodyRenderer(config.markdown_extensions, dict(config.mdx_configs),
                                   treeprocessors=[(self.body_links, "relpath", 0)])
        config.theme.dirs.append(str(ASSETS_DIR))
        if self.config.offline_repo_link and config.theme.name == "material" \
                and str(OVERRIDES_DIR) not in config.theme.dirs:
            # Ahead of Material's own templates (after the site's custom_dir): its repository link
            # without the request for the repository's stars that Material makes on page load.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES_DIR))
        # The site's `partials/glossa/*.html` (its custom_dir) before Glossa's own templates.
        try:
            self.templates = Templates(config.theme.dirs)
        except jinja2.TemplateError as error:  # a site's own partial that does not compile
            where = f"{error.filename}:{error.lineno}: " if isinstance(
                error, jinja2.TemplateSyntaxError) and error.filename else ""
            raise PluginError(f"glossa: {where}the template could not be read: {error}") from error
        self.suggest_branch = self._suggest_branch(config)
        for stylesheet in ("glossa/glossa.css", KINDS_CSS):
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)
        if "glossa/glossa.js" not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append("glossa/glossa.js")  # type: ignore[arg-type]
        return config

    def _suggest_branch(self, config: MkDocsConfig) -> str:
        """The option, else the branch of the site's own `edit_uri` (not the `edit/master/docs/`
        MkDocs assumes for a GitHub repository without one), else `main`."""
        if self.config.suggest_branch:
            return self.config.suggest_branch
        return overview.branch_of_edit_uri(_written_edit_uri(config)) or "main"

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
        self.annotations, corrected = self._read_all(found, problems)
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
        self._keep_exports_apart(files, config)
        self.corrections_file = self._add_corrections_page(files, config) if corrected else None
        if self.is_dirty:
            self._force_rebuild_if_dirty(files, pages, corrected, config.site_dir)
        if files.get_file_from_path(KINDS_CSS) is None:
            files.append(File.generated(config, KINDS_CSS, content=render.kinds_css(self.kinds)))
        self.files = files
        return files

    def _read_all(self, found: list[AnnotationFile],
                  problems: list[Problem]) -> tuple[PackedAnnotations, set[str]]:
        """Every page's annotations, and the keys of the pages with a correction. Each page's are
        packed as soon as its folder is read (a folder's files come together): holding every
        annotation as objects at once was the most that reading took (`packed.py`)."""
        annotations = PackedAnnotations()
        corrected: set[str] = set()
        seen_paths = set()
        for page, files in itertools.groupby(found, key=lambda file: file.page):
            read = []
            for file in files:
                result = self._read(file)
                seen_paths.add(file.path)
                if isinstance(result, list):
                    problems.extend(result)
                elif result.id in RESERVED_IDS:
                    problems.append(Problem(file.display, 1, f"{reserved_id_message(result.id)}; "
                                            "rename the file"))
                else:
                    read.append(result)
            if read:
                annotations[page] = read
                if any(annotation.verdict for annotation in read):
                    corrected.add(page)
        for path in set(self._cache) - seen_paths:
            del self._cache[path]
        return annotations, corrected

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

    def _keep_exports_apart(self, files: Files, config: MkDocsConfig) -> None:
        """A file of the site at a W3C export's path is left out of the build, with a warning: the
        export is written when its page is, and either file winning
        by the order of writes is no way to build a site. A file in a folder at an export's path
        stays, and the page has no export (the build failed writing one file over the other)."""
        if not config.site_url:  # no exports (warned when each page is woven)
            return
        docs = Path(config.docs_dir).name
        exports = set(self.exports.values())
        for file in [f for f in files if f.dest_uri in exports and f.inclusion.is_included()]:
            log.warning(f"{docs}/{file.src_uri} has the path of a page's W3C export, which replaces "
                        "it: rename or remove it")
            files.remove(file)
        # A file built inside a folder named like an export: the export cannot be a file there,
        # and the page must not be lost, so the export gives way.
        folders = {path + "/": src_uri for src_uri, path in self.exports.items()}
        for file in files:
            if not file.inclusion.is_included():
                continue
            folder = next((f for f in folders if file.dest_uri.startswith(f)), None)
            if folder is not None and folders[folder] in self.exports:
                page = folders[folder]
                log.warning(f"{docs}/{file.src_uri} is built in the folder {folder}, the path of "
                            f"the W3C export of {docs}/{page}: that page gets no export; rename "
                            f"the folder or the page")
                del self.exports[page]

    def _corrections_path(self, config: MkDocsConfig) -> str:
        """The corrections page's path: the option's, or `corrections.md` if `nav` names it."""
        if self.config.corrections_page is not None:
            return self.config.corrections_page.strip("/")
        return "corrections.md" if "corrections.md" in _nav_paths(config.nav) else ""

    def _add_corrections_page(self, files: Files, config: MkDocsConfig) -> File | None:
        """The generated page listing every correction (filled in `on_page_context`)."""
        path = self._corrections_path(config)
        if not path:
            return None
        file = File.generated(config, path,
                              content=overview.corrections_markdown(self.config.corrections_title))
        if any(other.dest_uri == file.dest_uri for other in files):
            log.warning(f"glossa: corrections_page '{path}' would replace a page of the site: set "
                        "the option to another path, or to '' for no generated corrections page")
            return None
        files.append(file)
        return file

    def _read(self, file: AnnotationFile) -> Annotation | list[Problem]:
        """Parse a file, or reuse last build's result: the cache is keyed on mtime and size. Only
        `mkdocs serve` builds more than once, so only it keeps a cache."""
        if not self.is_serve:
            return read_annotation_file(file, self.kinds)
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

    def _force_rebuild_if_dirty(self, files: Files, pages: dict[str, str], corrected: set[str],
                                site_dir: str) -> None:
        """A dirty build only rebuilds pages whose Markdown is newer than their HTML; make a page
        count as changed when its annotation folder (or a file in it) is not older, or when its
        HTML still shows annotations that are gone (the folder emptied or deleted). The corrections
        page needs the ¶ of every correction: pages with corrections that this process has not
        anchored yet (a new `mkdocs build --dirty`, not a `serve --dirtyreload` rebuild) are redone."""
        corrections_page = self.corrections_file is not None
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
            if corrections_page and doc.src_uri not in self.placed_corrections and page in corrected:
                os.remove(doc.abs_dest_path)
                continue
            folder = self.annotations_root / page
            newest = max([folder.stat().st_mtime] +
                         [p.stat().st_mtime for p in folder.iterdir() if p.is_file()])
            if newest >= os.path.getmtime(doc.abs_dest_path):
                os.remove(doc.abs_dest_path)

    def annotate(self, page: Page, config: MkDocsConfig, files: Files) -> Woven | None:
        """Weave the page's annotations into `page.content` as the other plugins have left it, and
        register our ids with MkDocs' anchor validation (which runs once every page is written).
        None for a page without annotations."""
        src_uri = page.file.src_uri
        if src_uri not in self.page_keys or page.content is None:
            return None
        woven = self._weave(PageJob.of(page, config), files)
        for message in woven.warnings:
            log.warning(message)
        if page.present_anchor_ids is not None:
            page.present_anchor_ids = _WithGlossaIds(page.present_anchor_ids, woven.anchor_ids,
                                                    woven.block_count)
        if page.links_to_anchors is not None:  # MkDocs checks these anchors once every page is built
            for target_uri, anchors in woven.links_to_anchors.items():
                target = files.src_uris[target_uri]
                for anchor, url in anchors.items():
                    page.links_to_anchors.setdefault(target, {}).setdefault(anchor, url)
        self.placed_corrections[src_uri] = woven.corrections
        self._heads[src_uri] = woven.head
        self._plain[src_uri], page.content = page.content, woven.html
        return woven

    def _weave(self, job: PageJob, files: Files) -> Woven:
        """Everything Glossa makes of one page: the woven HTML and its search view, the warnings
        to log, the W3C export (written) and what the page's head gets."""
        file = files.src_uris[job.src_uri]
        page_key = self.page_keys[job.src_uri]
        annotations = self.annotations.get(page_key, [])
        warnings: list[str] = []
        links: dict[File, dict[str, str]] = {}
        bodies = {a.id: self._render_body(a, file, files, warnings, links) for a in annotations}
        page_path = f"{job.docs_name}/{job.src_uri}"
        provenance, problems = read_provenance(job.meta, page_path, _source(file))
        warnings += map(str, problems)
        result = annotate_page(job.content, annotations, self.kinds, bodies, provenance, page_path,
                               suggest=self._suggest_link(job.repo_url, page_key),
                               templates=self.templates)
        warnings += map(str, result.problems)
        woven = Woven(
            result.html, index_view(result, result.html, self.kinds) if self.search else None,
            warnings, result.anchor_ids, result.block_count,
            _where_corrections_sit(result, bodies),
            {target.src_uri: anchors for target, anchors in links.items()},
            head=self._machine_readable(job, file, result, provenance, warnings), result=result)
        # The woven page is `woven.html`; the export needed the text, and has been written.
        result.html, result.text, result.anchor_ids = "", "", []
        return woven

    def _suggest_link(self, repo_url: str | None, page_key: str) -> Any:
        """Each block's "suggest a note" link, when the site has a (GitHub) repository."""
        if not repo_url:
            return None
        branch, folder = self.suggest_branch, self.config.annotations_dir
        return lambda number, text: overview.suggest_note_url(repo_url, branch, folder, page_key,
                                                              number, text)

    def _render_body(self, annotation: Annotation, file: File, files: Files, warnings: list[str],
                     links_to_anchors: dict[File, dict[str, str]]) -> str:
        def point_links_at_page() -> None:
            self.body_links.file, self.body_links.files = file, files
            self.body_links.links_to_anchors = links_to_anchors

        if annotation.summary and summary_problem(annotation.summary):
            warnings.append(f"{annotation.path}:{annotation.line_of('summary')}: "
                            f"{summary_problem(annotation.summary)}; until then the card shows the "
                            "body's first sentence")
        footnote = self.bodies.unrendered_footnote(annotation.body)
        if footnote is not None:
            offset, written = footnote
            line = annotation.line_of("body") + annotation.body.count("\n", 0, offset)
            warnings.append(f"{annotation.path}:{line}: footnotes are not rendered in annotation "
                            f"bodies, so readers would see '{written}' as typed, or lose the note: "
                            "give the source under 'sources:', or write it into the text")
        try:
            return self.bodies.render(annotation.body, user_generated=annotation.kind == "note",
                                      before=point_links_at_page)
        except SanitiserUnavailable as error:  # nh3, loaded with the first body
            raise PluginError(f"glossa: {error}; install Glossa's dependencies again: "
                              "pip install 'nh3>=0.3'") from error
        except Exception as error:
            warnings.append(f"{annotation.path}:{annotation.line_of('body')}: the body could not "
                            f"be rendered as Markdown ({type(error).__name__}: {error}); it is "
                            "shown as plain text")
            return f"<p>{escape(annotation.body)}</p>"

    @event_priority(1)
    def _weave_and_show_search_the_index_view(self, context: Any, *, page: Page,
                                              config: MkDocsConfig, nav: Any) -> None:
        """Weave the page's annotations in (`annotate`) just before the search plugin (priority 0)
        indexes `page.content`, and swap in the page's index view (`page.index_view`): the blocks
        and the words of their annotations, without rows and cards, which would triple the search
        plugin's parsing time. The corrections page gets its table here."""
        if self.corrections_file is not None and page.file is self.corrections_file:
            self._fill_corrections_page(page)
            return
        woven = self.annotate(page, config, self.files)
        if woven is not None and woven.index_view is not None:
            self._index_views[page.file.src_uri] = (woven.html, woven.index_view)
            page.content = woven.index_view

    def _fill_corrections_page(self, page: Page) -> None:
        """One table per annotated page: ¶, verdict, the words corrected, a link to the card. The
        corrections page is added last, so it is built after the pages it lists; a page that
        another plugin put after it is anchored here (without logging: its own build will)."""
        if not page.content:
            return
        entries: list[overview.CorrectionEntry] = []
        for doc in self.files.documentation_pages():
            key = self.page_keys.get(doc.src_uri)
            if key is None or doc.page is None:
                continue
            annotations = self.annotations.get(key, [])
            corrections = [a for a in annotations if a.verdict]
            if not corrections:
                continue
            placed = self.placed_corrections.get(doc.src_uri)
            if placed is None and doc.page.content:
                placed = _where_corrections_sit(annotate_page(
                    doc.page.content, annotations, self.kinds, {}, doc.page.meta,
                    doc.src_uri), {})
            placed = placed or {}
            href = get_relative_url(doc.url, page.file.url)
            corrections.sort(key=lambda a: (placed.get(a.id, (None,))[0] or 10**9, a.id))
            entries.extend(overview.CorrectionEntry(
                a, _plain_title(doc.page) or key, href, *placed.get(a.id, (None, card_summary(a, "")[0])))
                for a in corrections)
        page.content = page.content.replace(overview.PLACEHOLDER,
                                            overview.corrections_table(entries, self.templates))

    @event_priority(-1)
    def _restore_the_annotated_page(self, context: Any, *, page: Page, config: MkDocsConfig,
                                    nav: Any) -> None:
        """Right after the search plugin, put the annotated page back for the template. Material's
        search removes `data-search-*` attributes from the content it indexed: do the same."""
        swapped = self._index_views.pop(page.file.src_uri, None)
        if swapped is None:
            return
        content, view = swapped
        if page.content != view:
            if page.content != _without_search_attributes(view):
                log.info(f"{page.file.src_uri}: a plugin changed the page's content while the "
                         "search plugin indexed it; Glossa restored the annotated page without "
                         "that change")
            content = _without_search_attributes(content)
        page.content = content

    on_page_context = CombinedEvent(_weave_and_show_search_the_index_view,
                                    _restore_the_annotated_page)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Set `<html lang>` from the page's `language` front matter (SPEC §4); in the head, the
        link to the W3C export and the ClaimReview (SPEC §5)."""
        head = self._heads.pop(page.file.src_uri, "")
        if page.file.src_uri in self._plain:
            # A publication's pages can be many: a written page's content goes back to the plain
            # page, which MkDocs keeps until the build ends.
            page.content = self._plain.pop(page.file.src_uri)
            if "data-glossa-summary" not in output:
                self._warn_content_not_shown(page)
        if page.file.src_uri in self.page_keys:
            # Before the first paint: glossa.css widens the page and folds narrow-screen cards
            # only once script runs, so nothing shifts when glossa.js (end of body) starts.
            head += EARLY_SCRIPT
        if page.file.src_uri not in self.page_keys:
            return output  # SPEC §1: a page without annotations is as MkDocs renders it
        language = page.meta.get("language")
        return _edit_page(output, head, language if is_language_tag(language) else None)

    def _warn_content_not_shown(self, page: Page) -> None:
        """An annotated page whose template writes no `page.content` (Material's home pages, with
        `template: home.html`): its annotations anchor, and no reader sees them."""
        template = page.meta.get("template") or "main.html"
        folder = f"{self.config.annotations_dir.strip('/')}/{self.page_keys[page.file.src_uri]}"
        docs = Path(self._docs_dir).name
        log.warning(f"{folder}: the template of {docs}/{page.file.src_uri} ({template}) shows none "
                    "of its content, so no reader sees these annotations: move them to a page that "
                    "shows its text, or give the page a template that writes page.content")

    def _machine_readable(self, job: PageJob, file: File, result: AnnotatedPage,
                          provenance: Mapping[str, str], warnings: list[str]) -> str:
        """Write the page's W3C export in the site's root; what goes in `<head>`: the link to it
        and a ClaimReview per correction (SPEC §5)."""
        page_key = self.page_keys[job.src_uri]
        page_url = job.canonical_url
        if not page_url:
            warnings.append(f"{job.src_uri}: set 'site_url' in mkdocs.yml: the W3C export and "
                            "ClaimReview need absolute URLs, so this page has neither")
            return ""
        language = job.language
        path = self.exports.get(job.src_uri)
        head = ""
        if path is not None:  # None: another page's export has its name (warned in `on_files`)
            href = export.export_href(file.url, page_key)
            collection = export.annotation_collection(
                result, page_url=page_url, export_url=urljoin(page_url, href), kinds=self.kinds,
                page_key=page_key, title=job.title, language=language)
            write_file(export.dumps(collection).encode("utf-8"),
                       os.path.join(job.site_dir, path))
            head = export.link_tag(href)
        reviews = [claimreview.claim_review(
            annotation, page_url=page_url, provenance=provenance, title=job.title,
            publisher=self.config.publisher or job.site_name, language=language)
            for annotation in claimreview.corrections(result)]
        return head + claimreview.script_tags(reviews)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Live reload when an annotation file is added, changed or removed, and when the
        annotations folder is deleted, created or moved (`_FolderWatch`)."""
        _FolderWatch(server, str(self.annotations_root))
        return server


class _FolderWatch:
    """Keeps `mkdocs serve` watching a folder that may be deleted and made again (`git checkout`,
    `rm -r`): MkDocs' watch of a folder ends, without a rebuild, when the folder goes. This watches
    the folder's parent too, for the folder itself: when it goes or comes, the folder's watch is
    set up again and the site rebuilt, so that the preview shows what is on disk."""

    def __init__(self, server: Any, folder: str) -> None:
        import watchdog.events  # MkDocs' own watcher; `mkdocs serve` has loaded it

        self.server, self.folder = server, folder
        self.watching = os.path.isdir(folder)
        if self.watching:
            server.watch(folder, recursive=True)
        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = self._on_parent_event  # type: ignore[method-assign]
        server.observer.schedule(handler, os.path.dirname(folder), recursive=False)

    def _on_parent_event(self, event: Any) -> None:
        if self.folder not in (event.src_path, getattr(event, "dest_path", None)):
            return
        if self.watching:
            self.server.unwatch(self.folder)
        self.watching = os.path.isdir(self.folder)
        if self.watching:
            self.server.watch(self.folder, recursive=True)
        # What MkDocs' own watch does on a change (`LiveReloadServer.watch`): a folder's coming or
        # going is no event its watch rebuilds on.
        with self.server._rebuild_cond:
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()


@dataclass(frozen=True)
class PageJob:
    """What weaving needs of a page and of the site's configuration (`GlossaPlugin._weave`)."""

    src_uri: str
    content: str
    meta: Mapping[str, Any]
    title: str | None
    canonical_url: str | None
    site_name: str
    repo_url: str | None
    language: str | None
    site_dir: str
    docs_name: str

    @classmethod
    def of(cls, page: Page, config: MkDocsConfig) -> PageJob:
        return cls(page.file.src_uri, page.content or "", page.meta, _plain_title(page), page.canonical_url,
                   config.site_name, config.repo_url, config.theme.get("language"),
                   config.site_dir, Path(config.docs_dir).name)


@dataclass
class Woven:
    """What the build needs of a page once woven (`GlossaPlugin._weave`)."""

    html: str
    index_view: str | None
    """The page as search should index it (`page.index_view`), when the site has search."""
    warnings: list[str]
    anchor_ids: list[str]
    block_count: int
    corrections: dict[str, tuple[int | None, str]]
    links_to_anchors: dict[str, dict[str, str]]
    """Links from bodies to anchors of other pages, by the target's src_uri, for MkDocs to check."""
    head: str
    """The link to the W3C export and the ClaimReview scripts."""
    result: AnnotatedPage | None = None
    """The core's whole result (`glossa check` reports on it)."""


def _source(file: File) -> str:
    """The page's Markdown as written, for the lines of its front matter ("" if unreadable)."""
    try:
        return file.content_string
    except (OSError, UnicodeDecodeError):
        return ""


def _plain_title(page: Page) -> str | None:
    """The page's title as text. MkDocs gives a title from the page's heading as HTML
    (`Q&amp;A`), and the theme writes every title into the page as it is, so a title from the
    front matter or the file's name is HTML too: Glossa escapes it again, or puts it in JSON."""
    return unescape(page.title) if page.title else page.title


def _nav_paths(nav: Any) -> set[str]:
    """Every page path a `nav` setting names (its nested lists and mappings walked)."""
    if isinstance(nav, str):
        return {nav}
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return set().union(*(_nav_paths(item) for item in items))


def _where_corrections_sit(result: AnnotatedPage,
                           bodies: Mapping[str, str]) -> dict[str, tuple[int | None, str]]:
    """Each correction of a woven page: its block (None where it is not placed) and its summary,
    for the corrections page."""
    blocks = {p.annotation.id: p.block for p in result.placements}
    corrections = [p.annotation for p in result.placements] + result.page_level + \
        [a for a, _ in result.unanchored]
    return {a.id: (blocks.get(a.id), card_summary(a, bodies.get(a.id, ""))[0])
            for a in corrections if a.verdict}


class _WithGlossaIds(set[str]):
    """An annotated page's `present_anchor_ids`, which also holds the ids Glossa gave the page
    (its blocks' `p1` to `pN`, its cards', the unplaced section's) without adding them to the set.
    MkDocs asks it `anchor in ids` as it validates links, once every page is written; 70 more
    strings in every page's set cost 8 KB a page (a set of 77 strings)."""

    __slots__ = ("blocks", "more")

    def __init__(self, ids: Iterable[str], more: Iterable[str], blocks: int) -> None:
        super().__init__(ids)
        self.more = tuple(more)
        self.blocks = blocks

    def __contains__(self, anchor: object) -> bool:
        return super().__contains__(anchor) or (isinstance(anchor, str) and (
            render.is_block_id(anchor, self.blocks) or anchor in self.more))


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang=\"([^\"]*)\"")


def _edit_page(output: str, head: str, language: str | None) -> str:
    """`head` before the first `</head>`, and `<html lang>` set when it differs: one copy of the
    page each, since every page carries the whole navigation (hundreds of kilobytes on a large
    site, so that this was the one cost of Glossa that grew with the number of pages)."""
    if language is not None:
        found = _HTML_LANG.search(output)
        if found is not None and found.group(1) != language:
            opening = found.group(0)
            output = output.replace(opening, f'{opening[:found.start(1) - found.start()]}{language}"', 1)
    if head:
        output = output.replace("</head>", head + "</head>", 1)
    return output


def _written_edit_uri(config: MkDocsConfig) -> str | None:
    """The `edit_uri` of the site's mkdocs.yml (or None): once validated, `config.edit_uri` also
    holds the `edit/master/docs/` that MkDocs assumes for any GitHub repository."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # MkDocs 1.6 keeps it, unused
        written = getattr(config, "user_configs", None)
    if written is None:
        return config.edit_uri
    values = [settings["edit_uri"] for settings in written if isinstance(settings.get("edit_uri"), str)]
    return values[-1] if values else None


def _without_search_attributes(content: str) -> str:
    """What Material's search plugin does to the content it indexed (`data-search-exclude` ...)."""
    if "data-search-" not in content:
        return content
    return re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", content)


_ICON_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")
_SVG = re.compile(r"(?:<\?xml[^>]*>\s*)?<svg\b")


def _with_icon(kind: Kind, config: MkDocsConfig) -> Kind:
    """The kind's icon SVG from the theme's icon set (Material's `.icons`), read from nowhere else:
    a name that would leave the set (`../`, an absolute path, a link out of it) is refused. A file
    that is not an SVG is no icon: the kind keeps its letter (`render.icon`)."""
    if not _ICON_NAME.fullmatch(kind.icon) or ".." in kind.icon.split("/"):
        raise PluginError(f"glossa: kind '{kind.name}' has the icon '{kind.icon}', which is not the "
                          "name of an icon of the theme's icon set, such as 'material/tag-outline'")
    for folder in config.theme.dirs:
        icons = (Path(folder) / ".icons").resolve()
        path = (icons / f"{kind.icon}.svg").resolve()
        if path.is_relative_to(icons) and path.is_file():
            svg = path.read_text(encoding="utf-8", errors="replace").strip()
            return replace(kind, icon_svg=svg if _SVG.match(svg) else "")
    return replace(kind, icon_svg="")
