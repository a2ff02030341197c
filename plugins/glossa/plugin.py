"""The MkDocs adapter: MkDocs' events mapped to Glossa's core, each handler calling the modules below.

- on_config: what weaving reads of the site, the options checked (`config`); our assets (`assets`).
- on_files: the publication's annotations (`publication`), the annotated pages this build publishes
  (`annotated_pages`), each one's export path (`head`), the corrections page (`corrections`), pages
  a dirty build must redo (`dirty`), the kinds' stylesheet (`assets`).
- on_page_context, at 1 (just before the search plugin): the page is woven (`weave`), its ids
  registered with MkDocs' anchor validation, and search shown its index view (`search`); at -1 the
  woven page is put back. Weaving this late keeps only the plain page in memory until the page is
  written. The corrections page gets its table here, after the pages it lists.
- on_post_page: the head (`head`); `page.content` goes back to the plain page.
- on_post_build: the bodies' links to anchors checked, as MkDocs checks the pages' own (`links`).
- on_serve: the annotations folder is watched (`serve`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file

from . import assets, corrections, dirty, export, head, search
from .annotated_pages import PageState, WovenPage, annotated_pages, page_of
from .bodies import SanitiserUnavailable
from .config import GlossaConfig, config_file_name, weaving_settings
from .docs_pages import annotation_in_docs
from .kinds import KindError
from .links import BodyLinks, register_ids
from .publication import Publication, Reader, left_out_line
from .render import render_problems
from .serve import FolderWatch
from .templates import TemplateProblem
from .weave import PageInfo, Woven, no_site_url, plain_title, weave_page

log = get_plugin_logger(__name__)


class GlossaPlugin(BasePlugin[GlossaConfig]):
    """Merge `annotations/<page>/<id>.md` into the pages of `docs/`."""

    def __init__(self) -> None:
        self.reader: Reader | None = None  # kept across `mkdocs serve` rebuilds, with its cache
        self.is_serve = self.is_dirty = False
        self.publication = Publication()
        self.pages: dict[str, PageState] = {}  # src_uri -> the page, for the annotated pages
        self.corrections_file: File | None = None
        self.folder_watch: FolderWatch | None = None  # `mkdocs serve`'s, from its first build on

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve, self.is_dirty = command == "serve", dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.annotations_root = root / self.config.annotations_dir
        if self.folder_watch is not None:
            self.folder_watch.move_to(str(self.annotations_root))
        self.docs_name, self.site_dir = Path(config.docs_dir).name, config.site_dir
        self.config_name = config_file_name(config)
        if self.reader is None or self.reader.root != self.annotations_root:
            self.reader = Reader(self.annotations_root, self.config.display_root, cache=self.is_serve)
        assets.add_to_theme(config, self.config.offline_repo_link)
        self.body_links = BodyLinks(config)
        try:
            self.settings = weaving_settings(self.config, config, self.body_links, warn=log.warning)
        except KindError as error:
            raise PluginError(error.lines("glossa: ")) from error
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.reader is not None
        self.publication = publication = self.reader.read(self.settings.kinds, self.config_name)
        self.pages, unbuilt = annotated_pages(
            publication.folders, files, self.pages if self.is_dirty else {}, is_serve=self.is_serve,
            display_root=self.config.display_root, docs_name=self.docs_name)
        for message in unbuilt:
            log.info(message)
        publication.report_misplaced(
            self.annotations_root, self.config.display_root, self.settings.pages,
            lambda key: page_of(files, key) is not None,
            (doc.src_uri.removesuffix(".md") for doc in files.documentation_pages()))
        for problem in publication.problems:
            log.warning(str(problem))
        if left_out := publication.left_out(self.config.display_root):
            log.info(left_out_line(left_out))
        if self.pages and not config.site_url:
            log.warning(no_site_url(self.config_name))
        exports = head.place_exports(files, self.page_keys(), self.docs_name) if config.site_url else {}
        for src_uri, path in exports.items():
            self.pages[src_uri].export = path
        self.corrections_file, wrong = corrections.add_page(  # "No corrections yet", if none
            files, config, self.config.corrections_page, self.config.corrections_title)
        if wrong:
            log.warning(wrong)
        if self.is_dirty:
            woven = {uri for uri, state in self.pages.items() if state.corrections is not None}
            dirty.force_rebuilds(files, self.page_keys(), self.annotations_root, config,
                                 set(exports.values()), publication.corrected(),
                                 woven if self.corrections_file else None)
        assets.add_assets(files, config, self.settings.kinds)
        self.files = files
        return files

    def page_keys(self) -> dict[str, str]:
        """src_uri -> page key, for every annotated page."""
        return {src_uri: state.key for src_uri, state in self.pages.items()}

    @event_priority(search.WEAVING)
    def _weave_before_search(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> None:
        if self.corrections_file is not None and page.file is self.corrections_file:
            placed = {uri: state.corrections for uri, state in self.pages.items()
                      if state.corrections is not None}
            try:
                corrections.fill_page(page, self.files, nav, self.page_keys(), self.publication.annotations,
                                      placed, self.settings, config)
            except TemplateProblem as error:
                raise PluginError(f"glossa: {error}") from error
            return
        state = self.pages.get(page.file.src_uri)
        if state is None or page.content is None:
            misplaced = annotation_in_docs(page.meta, self.settings.kinds, page.file.src_uri,
                                           self.docs_name, self.config.display_root, self.settings.pages)
            if misplaced:
                log.warning(str(misplaced))
            if self.is_serve and page.content:  # a renamed page: its folder's files lost their cards
                page.content = self._preview_problems(page.file.src_uri.removesuffix(".md"),
                                                      [str(misplaced)] if misplaced else []) + page.content
            return
        woven = self.weave(page, state, config)
        state.woven = WovenPage(plain_html=page.content, html=woven.html, index_view=woven.index_view,
                                head=woven.head, language=woven.language, result=woven.result)
        if self.corrections_file is not None:
            state.corrections = woven.corrections
        page.content = woven.index_view or woven.html

    @event_priority(search.PUTTING_BACK)
    def _put_back_woven_page(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> None:
        state = self.pages.get(page.file.src_uri)
        if state is not None and state.woven is not None and state.woven.index_view is not None:
            page.content, changed = search.put_back(page.content or "", state.woven.index_view,
                                                   state.woven.html)
            if changed:
                log.info(f"{page.file.src_uri}: a plugin changed the page's content while the search "
                         "plugin indexed it; Glossa restored the annotated page without that change")

    on_page_context = CombinedEvent(_weave_before_search, _put_back_woven_page)

    def weave(self, page: Page, state: PageState, config: MkDocsConfig) -> Woven:
        """Weave the page (`weave.weave_page`), its bodies' links resolved as its own (`links`);
        log its warnings, write its export, and register its ids with MkDocs' validation of links
        to anchors. The site's name, URL and language are read now: another plugin may have
        changed them."""
        key, export_path = state.key, state.export
        info = PageInfo(key, f"{self.docs_name}/{page.file.src_uri}",
                        page.file.abs_src_path, page.meta, plain_title(page.title),
                        page.canonical_url,
                        export.export_href(page.file.url, key) if export_path else None)
        settings = replace(self.settings, site_name=config.site_name, repo_url=config.repo_url,
                           language=config.theme.get("language"))
        try:
            woven = weave_page(page.content or "", info, self.publication.annotations.get(key, []),
                               settings, around_body=self.body_links.for_page(page, self.files))
        except (SanitiserUnavailable, TemplateProblem) as error:
            raise PluginError(f"glossa: {error}") from error
        for message in woven.warnings:
            log.warning(message)
        if self.is_serve:  # the preview shows the editor why a card is missing
            woven.html = self._preview_problems(key, woven.warnings) + woven.html
        if woven.export is not None and export_path is not None:
            write_file(woven.export.encode("utf-8"), str(Path(self.site_dir) / export_path))
        register_ids(page, woven.result)
        return woven

    def _preview_problems(self, key: str, warnings: Sequence[str] = ()) -> str:
        """The box of the page's problems, in the preview; "" for none."""
        problems = [*map(str, self.publication.problems_of(key, self.config.display_root)), *warnings]
        return render_problems(problems, self.settings.templates) if problems else ""

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        state = self.pages.get(page.file.src_uri)
        woven = state.woven if state is not None else None
        if state is None or woven is None:
            return output  # SPEC §1: a page without annotations is as MkDocs renders it
        state.woven = None
        page.content = woven.plain_html  # MkDocs keeps every page's content until the build ends
        if "data-glossa-summary" not in output:
            head.warn_content_not_shown(page, f"{self.config.display_root}/{state.key}",
                                        self.docs_name)
        return head.edit_head(output, woven.head, woven.language)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        for message in self.body_links.unresolved_anchors():  # as MkDocs checks pages' own, now
            log.log(config.validation.links.anchors, message)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        self.folder_watch = FolderWatch(server, str(self.annotations_root), config.watch)
        return server
