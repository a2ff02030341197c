"""The MkDocs adapter: MkDocs' events mapped to Glossa's core, a few lines each.

- on_config: kinds, templates, the body renderer, our assets (`kinds`, `templates`, `bodies`,
  `assets`).
- on_files: the publication's annotations (`publication`), each annotated page's export path
  (`head`), the corrections page (`corrections`), pages a dirty build must redo (`dirty`), the
  kinds' stylesheet (`assets`).
- on_page_context, at 1 (just before the search plugin): the page is woven (`weave`), its ids
  registered with MkDocs' anchor validation, and search shown its index view (`search`); at -1 the
  woven page is put back. Weaving this late keeps only the plain page in memory until the page is
  written. The corrections page gets its table here, after the pages it lists.
- on_post_page: the head (`head`); `page.content` goes back to the plain page.
- on_serve: the annotations folder is watched (`serve`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page, _RelativePathTreeprocessor
from mkdocs.utils import write_file

from . import assets, corrections, dirty, export, head, search
from .anchors import WithGlossaIds
from .bodies import BodyRenderer, SanitiserUnavailable
from .config import GlossaConfig, suggest_branch
from .files import is_language_tag
from .kinds import KindError, resolve_kinds
from .page import AnnotatedPage
from .publication import Publication, Reader
from .serve import FolderWatch
from .templates import Templates
from .weave import PageInfo, Settings, Woven, plain_title, weave_page

log = get_plugin_logger(__name__)

@dataclass
class WovenPage:
    """A page between its weaving and its writing."""

    plain: str
    """Its content before weaving, which MkDocs keeps once the page is written."""
    woven: str
    index_view: str | None
    head: str


@dataclass(frozen=True)
class KeptPage:
    """What `glossa check` and `report` read of a woven page (`GlossaPlugin.kept`)."""

    content: str
    """The page's HTML as Glossa found it, before weaving."""
    result: AnnotatedPage


class GlossaPlugin(BasePlugin[GlossaConfig]):
    """Merge `annotations/<page>/<id>.md` into the pages of `docs/`."""

    def __init__(self) -> None:
        self.reader: Reader | None = None  # kept across `mkdocs serve` rebuilds, with its cache
        self.is_serve = self.is_dirty = False
        self.publication = Publication()
        self.page_keys: dict[str, str] = {}  # src_uri -> page key, for the annotated pages
        self.exports: dict[str, str] = {}  # src_uri -> its W3C export's path in the site
        self.pages: dict[str, WovenPage] = {}  # src_uri -> the page until it is written
        self.placed: dict[str, dict[str, tuple[int | None, str]]] = {}
        """src_uri -> where its corrections sit, for the corrections page (kept across
        `mkdocs serve --dirtyreload` rebuilds, which weave only some pages)."""
        self.corrections_file: File | None = None
        self.kept: dict[str, KeptPage] | None = None
        """Set to `{}` before a build to keep every woven page's result (`glossa check`)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve, self.is_dirty = command == "serve", dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.annotations_root = root / self.config.annotations_dir
        self.docs_name = Path(config.docs_dir).name
        if self.reader is None or self.reader.root != self.annotations_root:
            self.reader = Reader(self.annotations_root, self.config.annotations_dir.strip("/"),
                                 cache=self.is_serve)
        self.site_dir, self.pages = config.site_dir, {}
        if not self.is_dirty:
            self.placed = {}
        assets.add_to_theme(config, self.config.offline_repo_link)
        try:
            self.kinds = resolve_kinds({name: dict(kind) for name, kind in self.config.kinds.items()},
                                       config.theme.dirs)
            templates = Templates(config.theme.dirs)
        except KindError as error:
            raise PluginError(f"glossa: {error}") from error
        except jinja2.TemplateError as error:  # a site's own partial that does not compile
            where = f"{error.filename}:{error.lineno}: " if isinstance(
                error, jinja2.TemplateSyntaxError) and error.filename else ""
            raise PluginError(f"glossa: {where}the template could not be read: {error}") from error
        # Links in bodies resolve as the page's own do (`other.md#p3` -> `../other/#p3`): MkDocs'
        # own link rewriter, pointed at the page before each body (`weave`). It is private to
        # MkDocs, which offers no public way to resolve a link as a page's own links are.
        self.body_links = _RelativePathTreeprocessor(None, None, config)  # type: ignore[arg-type]
        self.settings = Settings(
            self.kinds, templates,
            BodyRenderer(config.markdown_extensions, dict(config.mdx_configs),
                         treeprocessors=[(self.body_links, "relpath", 0)]),
            publisher=self.config.publisher, annotations_dir=self.config.annotations_dir,
            suggest_branch=suggest_branch(self.config, config),
            search=any(name.rpartition("/")[2] == "search" for name in config.plugins))
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.reader is not None
        self.publication = publication = self.reader.read(self.kinds)
        self.page_keys = {}
        for key in sorted(publication.folders):
            doc = files.get_file_from_path(f"{key}.md")
            if doc is not None and doc.is_documentation_page():
                self.page_keys[doc.src_uri] = key
        publication.problems += publication.folders_without_page(
            lambda key: f"{key}.md" in self.page_keys, self.reader.display_root, self.docs_name)
        for problem in publication.problems:
            log.warning(str(problem))
        self.exports = head.export_paths(self.page_keys) if config.site_url else {}
        head.keep_exports_apart(files, self.exports, self.docs_name)
        self.corrections_file = self._add_corrections_page(files, config)
        if self.is_dirty:
            dirty.force_rebuilds(files, self.page_keys, self.annotations_root, config.site_dir,
                                 set(self.exports.values()), publication.corrected(),
                                 self.placed if self.corrections_file else None)
        assets.add_kinds_css(files, config, self.kinds)
        self.files = files
        return files

    def _add_corrections_page(self, files: Files, config: MkDocsConfig) -> File | None:
        path = corrections.page_path(self.config.corrections_page, config.nav)
        if not path or not self.publication.corrected():
            return None
        file = corrections.add_page(files, config, path, self.config.corrections_title)
        if file is None:
            log.warning(f"glossa: corrections_page '{path}' would replace a page of the site: set "
                        "the option to another path, or to '' for no generated corrections page")
        return file

    @event_priority(1)
    def _weave_before_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> None:
        if self.corrections_file is not None and page.file is self.corrections_file:
            corrections.fill_page(page, self.files, self.page_keys, self.publication.annotations,
                                  self.placed, self.kinds, self.settings.templates)
            return
        src_uri = page.file.src_uri
        key = self.page_keys.get(src_uri)
        if key is None or page.content is None:
            return
        woven = self.weave(page, key, config)
        self.pages[src_uri] = WovenPage(page.content, woven.html, woven.index_view, woven.head)
        page.content = woven.index_view or woven.html
        if self.kept is not None:
            self.kept[src_uri] = KeptPage(self.pages[src_uri].plain, woven.result)

    @event_priority(-1)
    def _put_back_woven_page(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> None:
        woven = self.pages.get(page.file.src_uri)
        if woven is not None and woven.index_view is not None:
            search.put_back(page, woven.woven, woven.index_view)

    on_page_context = CombinedEvent(_weave_before_search, _put_back_woven_page)

    def weave(self, page: Page, key: str, config: MkDocsConfig) -> Woven:
        """Weave the page (`weave.weave_page`); log its warnings, write its export, and register
        its ids and its bodies' links with MkDocs' validation (once every page is written). The
        site's name, URL and language are read now: another plugin may have changed them."""
        links: dict[File, dict[str, str]] = {}

        def point_links_at_page() -> None:
            self.body_links.file, self.body_links.files = page.file, self.files
            self.body_links.links_to_anchors = links

        export_path = self.exports.get(page.file.src_uri)
        info = PageInfo(key, f"{self.docs_name}/{page.file.src_uri}", _source(page.file), page.meta,
                        plain_title(page.title), page.canonical_url,
                        export.export_href(page.file.url, key) if export_path else None)
        settings = replace(self.settings, site_name=config.site_name, repo_url=config.repo_url,
                           language=config.theme.get("language"))
        try:
            woven = weave_page(page.content or "", info, self.publication.annotations.get(key, []),
                               settings, before_body=point_links_at_page)
        except SanitiserUnavailable as error:
            raise PluginError(f"glossa: {error}; install Glossa's dependencies again: "
                              "pip install 'nh3>=0.3'") from error
        for message in woven.warnings:
            log.warning(message)
        if woven.export is not None and export_path is not None:
            write_file(woven.export.encode("utf-8"), str(Path(self.site_dir) / export_path))
        if page.present_anchor_ids is not None:
            page.present_anchor_ids = WithGlossaIds(page.present_anchor_ids, woven.result.anchor_ids,
                                                    woven.result.block_count)
        if page.links_to_anchors is not None:
            for target, anchors in links.items():
                for anchor, url in anchors.items():
                    page.links_to_anchors.setdefault(target, {}).setdefault(anchor, url)
        if self.corrections_file is not None:
            self.placed[page.file.src_uri] = woven.corrections
        return woven

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        woven = self.pages.pop(page.file.src_uri, None)
        if woven is None:
            return output  # SPEC §1: a page without annotations is as MkDocs renders it
        page.content = woven.plain  # MkDocs keeps every page's content until the build ends
        if "data-glossa-summary" not in output:
            self._warn_content_not_shown(page)
        language = page.meta.get("language")
        return head.edit_head(output, woven.head, language if is_language_tag(language) else None)

    def _warn_content_not_shown(self, page: Page) -> None:
        """An annotated page whose template writes no `page.content` (Material's home pages, with
        `template: home.html`): its annotations anchor, and no reader sees them."""
        template = page.meta.get("template") or "main.html"
        folder = f"{self.config.annotations_dir.strip('/')}/{self.page_keys[page.file.src_uri]}"
        log.warning(f"{folder}: the template of {self.docs_name}/{page.file.src_uri} ({template}) "
                    "shows none of its content, so no reader sees these annotations: move them to "
                    "a page that shows its text, or give the page a template that writes "
                    "page.content")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        FolderWatch(server, str(self.annotations_root))
        return server


def _source(file: File) -> str:
    """The page's Markdown as written, for the lines of its front matter ("" if unreadable)."""
    try:
        return file.content_string
    except (OSError, UnicodeDecodeError):
        return ""
