"""A site built for the `glossa` command: `mkdocs build` into a temporary folder, of the pages asked for.

Through MkDocs' public API: `load_config`, `mkdocs.commands.build.build`, and a plugin added to
the site's plugin collection. Added last, that plugin leaves out of the build every file but the
pages the command needs, once the other plugins have added theirs (`InclusionLevel.EXCLUDED`):
the editor's page, or every page Glossa annotates and every page whose links a strict build
checks against Glossa's ids (`_BuildOnly.needed`). The pages built go through every event of a
real build, `on_env` and the theme's template included, so `glossa check` reports what
`mkdocs build --strict` reports; and the added plugin keeps what Glossa made of each page, just
after Glossa weaves it (`PageState.woven`). The site's own `site_dir` is never touched.
"""

from __future__ import annotations

import contextlib
import logging
import re
import shlex
import tempfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from .config import option_warning
from .links import link_to_a_missing_glossa_id, page_text, pages_glossa_links_need
from .model import Annotation
from .options import key_line, written_at
from .search import WEAVING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    from .page import AnnotatedPage
    from .plugin import GlossaPlugin

PLUGIN_LOGGER = "mkdocs.plugins.glossa"
_KIND_IN_FRONT_MATTER = re.compile(r"\ufeff?---[ \t]*\r?\n(?:(?!---|\.\.\.)[^\n]*\n)*?kind\s*:")
BUILD_ONLY = "glossa/build-only"
"""The name of the plugin `Site.build` adds to the site's plugins."""


class SiteError(Exception):
    """The site cannot be read or built: no mkdocs.yml, no glossa plugin, a plugin's error."""


@dataclass(frozen=True)
class BuiltPage:
    """A page as the build made it."""

    src_uri: str
    plain_html: str
    """Its content before Glossa wove it: as MkDocs rendered it and the other plugins left it, the
    blocks a quote is looked for in."""
    result: AnnotatedPage | None = None
    """What Glossa made of it; None for a page without annotations."""

    @property
    def annotations(self) -> list[Annotation]:
        """The page's annotations that read correctly: placed, about the whole page, or not placed."""
        return self.result.annotations() if self.result is not None else []


class _BuildOnly(BasePlugin):  # type: ignore[type-arg]
    """Leaves out of the build every file but the pages wanted (None: the pages `needed`), and
    keeps each page built as Glossa saw it, with what Glossa made of it."""

    def __init__(self, glossa: GlossaPlugin, wanted: Collection[str] | None) -> None:
        self.glossa, self.wanted = glossa, wanted
        self.page_uris: list[str] = []
        self.left_out: set[str] = set()
        self.built: dict[str, BuiltPage] = {}

    @event_priority(100)  # before Glossa reads which pages it publishes
    def _pages_and_drafts(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The docs folder's pages, before another plugin hides any (Material's blog, its posts,
        until `on_nav`); and a draft page is built, as `mkdocs serve` builds it: its annotations'
        problems are the editor's before the page is published, and `mkdocs build` would not say
        them."""
        from mkdocs.structure.files import InclusionLevel

        for file in files:
            if file.inclusion == InclusionLevel.DRAFT:
                file.inclusion = InclusionLevel.INCLUDED
        self.page_uris = [file.src_uri for file in files.documentation_pages()]
        return files

    @event_priority(-100)  # after the other plugins, which may add files until then
    def _only_wanted(self, files: Files, *, config: MkDocsConfig) -> Files:
        from mkdocs.structure.files import InclusionLevel

        known = set(self.page_uris)
        self.page_uris += [file.src_uri for file in files.documentation_pages()  # other plugins' pages
                           if file.src_uri not in known]
        wanted = self.needed(files) if self.wanted is None else self.wanted
        for file in files:
            if file.src_uri not in wanted and file.inclusion.is_included():
                file.inclusion = InclusionLevel.EXCLUDED
                self.left_out.add(file.src_uri)
        return files

    on_files = CombinedEvent(_pages_and_drafts, _only_wanted)

    @event_priority(-100)
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> None:
        """The site's pages: those of its docs folder and other plugins' files, as Glossa reads
        them in `on_files`, that the build still builds once the navigation is made, or that the
        command left out. Material's blog excludes its posts from `on_files` to `on_nav` (check,
        report and new did not see them), and its drafts for good; the pages it makes (archive,
        categories) are no pages of the docs folder, and never Glossa's."""
        kept = {file.src_uri for file in files if file.is_documentation_page()
                and (file.inclusion.is_included() or file.src_uri in self.left_out)}
        self.page_uris = [src_uri for src_uri in self.page_uris if src_uri in kept]

    def needed(self, files: Files) -> set[str]:
        """The pages a strict build's checks of Glossa's links need: every page Glossa annotates,
        every page whose Markdown links to an id Glossa gives (`#glossa-x`, `#p3`: a card renamed
        or removed), and every page a body links into (its ids); and every page whose front matter
        has a `kind:`, which may be an annotation saved in the docs folder
        (`docs_pages.annotation_in_docs`). A site's other pages, often most of them, are left out:
        check takes a fraction of a build."""
        texts = {file.src_uri: page_text(file) for file in files.documentation_pages()}
        return (set(self.glossa.pages) | pages_glossa_links_need(texts, self.glossa.publication.annotations)
                | {src_uri for src_uri, text in texts.items() if _KIND_IN_FRONT_MATTER.match(text)})

    @event_priority(WEAVING)  # where Glossa weaves, and just after it (this plugin is added last)
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        src_uri, state = page.file.src_uri, self.glossa.pages.get(page.file.src_uri)
        woven = state.woven if state is not None else None
        self.built[src_uri] = BuiltPage(src_uri, woven.plain_html, woven.result) if woven is not None \
            else BuiltPage(src_uri, page.content or "")
        return context


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class Site:
    """A site's configuration and its Glossa plugin, built once (`build`)."""

    config: MkDocsConfig
    plugin: GlossaPlugin
    collected: _Collect = field(default_factory=_Collect)
    page_uris: list[str] = field(default_factory=list)
    """Every page of the site, as the build would build them (src_uri), once built."""

    @property
    def docs_name(self) -> str:
        return Path(self.config.docs_dir).name

    def problems(self) -> list[str]:
        """Glossa's warnings, as `path:line: message` (no 'glossa: ' prefix), and MkDocs' of a
        page's link to an id Glossa gives that its target lacks (a card renamed or removed) and of
        Glossa's options (a name misspelt), each once."""
        messages = [r.getMessage().removeprefix("glossa: ") for r in self.collected.records
                    if r.name.startswith(PLUGIN_LOGGER)]
        docs = Path(self.config.docs_dir)
        messages += [said for r in self.collected.records if r.name.startswith("mkdocs.")
                     and (said := link_to_a_missing_glossa_id(r.getMessage(), docs)
                          or option_warning(r.getMessage(), self.config.config_file_path)) is not None]
        return list(dict.fromkeys(messages))

    def build(self, src_uris: Collection[str] | None = None) -> dict[str, BuiltPage]:
        """Build the pages `src_uris` (None: the pages `_BuildOnly.needed`), as `mkdocs build` does,
        into the temporary site folder; each page built, in the build's order. Once per site: a
        configuration is built once, as `mkdocs build` builds it."""
        from mkdocs.commands.build import build
        from mkdocs.exceptions import Abort

        if BUILD_ONLY in self.config.plugins:
            raise RuntimeError("a site is built once: open it again to build it again")
        only = _BuildOnly(self.plugin, src_uris)
        self.config.plugins[BUILD_ONLY] = only
        try:
            build(self.config)
        except Abort:  # the build logged why, as an error
            errors = [r.getMessage() for r in self.collected.records if r.levelno >= logging.ERROR]
            raise SiteError((errors[-1] if errors else "the build failed").removeprefix("glossa: ")) \
                from None
        self.page_uris = only.page_uris
        return {src_uri: only.built[src_uri] for src_uri in self.page_uris if src_uri in only.built}


def _config_error(message: str, config_file: str) -> str:
    """MkDocs' error as the command says it. A Markdown extension that failed to load holds the
    traceback: its first line and its last, the exception's, say what is wrong. A watched path
    not made yet gets where `watch:` is (the file alone, when it inherits `watch:`) and how to
    make it: a new site's annotations folder, which `glossa new` would make, cannot be made by
    it while MkDocs refuses to load the configuration."""
    lines = message.splitlines()
    if len(lines) > 2 and lines[1].startswith("  File "):
        return f"{lines[0]} {lines[-1]}"
    if missing := _MISSING_WATCHED.search(message):  # a folder, as watched paths mostly are
        return (f"{written_at(config_file, key_line(config_file, 'watch'))}: {message.rstrip('.')}: make "
                f"it (a folder: mkdir -p {shlex.quote(missing['path'])}), or take it out of 'watch'")
    return message


_MISSING_WATCHED = re.compile(r"Config value 'watch': The path '(?P<path>[^']+)' isn't an existing "
                              r"file or directory")


@contextlib.contextmanager
def open_site(config_file: str) -> Iterator[Site]:
    """Load `config_file` as `mkdocs build` does, with a temporary `site_dir`, and collect what
    the build logs: Glossa's warnings are `site.problems()`; MkDocs' own go nowhere, since they
    are the build's business (broken links, nav), not the annotations'."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    from .plugin import GlossaPlugin

    toml = Path(config_file) if Path(config_file).suffix == ".toml" \
        else Path(config_file).with_name("zensical.toml")
    if toml.is_file() and (toml == Path(config_file) or not Path(config_file).is_file()):
        raise SiteError("the glossa command reads mkdocs.yml, and this site has only a "
                        "zensical.toml: write its settings as an mkdocs.yml instead (Zensical "
                        "reads it too, but reads a zensical.toml first)")
    if not Path(config_file).is_file():
        raise SiteError(f"{config_file} not found: run glossa in the folder of mkdocs.yml, or give "
                        "its path with -f")
    mkdocs_logger = logging.getLogger("mkdocs")
    collected = _Collect()
    propagate = mkdocs_logger.propagate
    mkdocs_logger.addHandler(collected)
    mkdocs_logger.propagate = False
    try:
        with tempfile.TemporaryDirectory(prefix="glossa-") as site_dir:
            try:  # not strict: the command reports the warnings, the build does not stop on them
                config = load_config(config_file, site_dir=site_dir, strict=False)
            except (ConfigurationError, SystemExit) as error:
                errors = [_config_error(r.getMessage(), config_file) for r in collected.records
                          if r.levelno >= logging.ERROR]
                raise SiteError("; ".join(errors) or str(error) or f"{config_file} is not valid") \
                    from None
            plugin = next((p for p in config.plugins.values() if isinstance(p, GlossaPlugin)), None)
            if plugin is None:
                raise SiteError(f"{config_file} does not use the glossa plugin: add '- glossa' "
                                "under 'plugins:'")
            config.plugins.on_startup(command="build", dirty=False)
            try:
                yield Site(config, plugin, collected)
            finally:
                config.plugins.on_shutdown()
    finally:
        mkdocs_logger.removeHandler(collected)
        mkdocs_logger.propagate = propagate
