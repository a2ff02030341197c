"""Glossa as a Python-Markdown extension, for Zensical: it runs a site's Markdown extensions, but
no MkDocs plugin it does not re-implement, so without this a Glossa site lost every annotation.

The extension is thin: a postprocessor hands the page's final HTML (the raw-HTML stash restored)
to the core's `weave_page`, with the page that Zensical's context extension names and the settings
of this extension's own configuration (`mdx_configs`). Under MkDocs the plugin weaves, late and on
public ground; there is no Zensical context in MkDocs' Markdown, so the extension stands down and
no page is woven twice (DESIGN.md, "Engines").

Zensical makes a new Markdown, and so a new extension, for every page; what a build shares (kinds,
templates, the body renderer, the annotations read) is kept here for the build, whose
configuration Zensical parses anew each time.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import posixpath
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from . import render, rules
from .bodies import BodyRenderer, SanitiserUnavailable
from .docs_pages import PagesText, annotation_in_docs
from .files import display_root
from .kinds import KindError, site_kinds
from .minify import SHIPPED, shipped
from .model import Annotation, Problem
from .options import SHARED, option_line, option_problem, written_at
from .publication import Publication, Reader, left_out_line, unpublished
from .suggest import site_folder, suggest_branch
from .templates import ASSETS_DIR, TemplateProblem, Templates
from .weave import PageInfo, Settings, no_site_url, plain_title, resolved_as, weave_page

log = logging.getLogger("glossa")

GENERATED_ASSETS = "glossa"
"""The folder of the docs folder that the extension writes glossa.css, glossa.js and kinds.css in:
Zensical copies a site's own files, not a plugin's (README, "Engines")."""
_STRICT_FLAGS = re.compile(r"--strict|-[a-z]*s[a-z]*")
_SHORT_FILE_OPTION = re.compile(r"-[a-z]*f(.*)")


class GlossaError(RuntimeError):
    """What stops a Zensical build: a setting that cannot be used, or warnings under `--strict`."""


class GlossaExtension(Extension):
    """`markdown_extensions: - glossa.extension: {annotations_dir, kinds, publisher, ...}`: the
    options of `options.SHARED`, which the plugin takes too."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {name: [copy(option.default), option.help] for name, option in SHARED.items()}
        super().__init__(**kwargs)
        self.page_rendered = False

    def setConfig(self, key: str, value: Any) -> None:
        if value is None and key in SHARED:  # `publisher:` left empty, as the plugin takes it
            value = copy(SHARED[key].default)
        if problem := option_problem(key, value):
            raise GlossaError(f"glossa: markdown extension 'glossa.extension' {problem}")
        super().setConfig(key, value)

    def extendMarkdown(self, md: Markdown) -> None:
        # Lowest priorities: after toc, which runs the postprocessors on each heading's HTML.
        md.treeprocessors.register(_PageRendered(md, self), "glossa_page_rendered", -1000)
        md.postprocessors.register(_Weave(md, self), "glossa", 0)


class _PageRendered(Treeprocessor):
    """Marks the end of the tree's processing: the next postprocessor run is the page's own."""

    def __init__(self, md: Markdown, extension: GlossaExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Any) -> None:
        self.extension.page_rendered = True


class _Weave(Postprocessor):
    """Weaves the page's annotations into its final HTML, under Zensical only."""

    def __init__(self, md: Markdown, extension: GlossaExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        if not self.extension.page_rendered:
            return text  # a heading's HTML for the table of contents, not the page
        self.extension.page_rendered = False
        context = _zensical_context(self.md)
        if context is None:
            _plugin_missing_under_mkdocs()
            return text  # MkDocs, whose plugin weaves; or a Markdown of another program's
        build = _build(context.config, self.extension.getConfigs())
        return build.weave(text, context.page)


def _zensical_context(md: Markdown) -> Any:
    """Zensical's rendering context (the page, the configuration), or None outside Zensical."""
    context = _context_class()
    return None if context is None else context.from_markdown(md)


@functools.cache
def _context_class() -> Any:
    """Zensical's context preprocessor, looked for once: MkDocs runs this extension on every page
    and body, with or without Zensical installed."""
    try:
        from zensical.extensions.context import ContextPreprocessor
    except ImportError:
        return None
    return ContextPreprocessor


@functools.cache
def _plugin_missing_under_mkdocs() -> None:
    """Said once: under MkDocs the plugin weaves, and a site that names only this extension (as
    for Zensical) published no annotation and heard nothing of it. Said, not warned: a site may
    leave the plugin out on purpose (Material's `group` plugin, for a quick preview)."""
    if "mkdocs.commands.build" in sys.modules and "glossa.plugin" not in sys.modules:
        logging.getLogger("mkdocs.plugins.glossa").info(  # not a warning: a site may leave it out
            "glossa: the markdown extension 'glossa.extension' weaves pages under Zensical only; "
            "under MkDocs the 'glossa' plugin does, and it is not loaded, so this build publishes "
            "no annotation (add '- glossa' under 'plugins:' in mkdocs.yml)")


class _BodyLinks(Treeprocessor):
    """A body's links to pages of the site that are not in the docs folder, said of its
    annotation's file as the plugin says them (MkDocs' link rewriter finds them there). Zensical
    resolves a body's link to a page as the page's own, and publishes a broken one as written,
    without a word. Links to anchors are not checked: the pages' ids are not known yet."""

    def __init__(self, docs: Path) -> None:
        super().__init__()
        self.docs = docs
        self.links: list[str] = []

    def run(self, root: Any) -> None:
        self.links += [href for link in root.iter("a") if (href := link.get("href"))]

    @contextmanager
    def checking(self, page_path: str, annotation: Annotation) -> Iterator[list[Problem]]:
        """What a body of the page `page_path` (in the docs folder) is rendered inside."""
        self.links, problems = [], list[Problem]()
        yield problems
        for link in self.links:
            target = self._missing_page(page_path, link)
            if target is not None:
                shown = "" if target == link else f" '{target}'"
                problems.append(Problem(annotation.path, annotation.body_line(link), (
                    f"the body contains a link '{link}', but the target{shown} is not found among "
                    f"documentation files. {rules.body_link_hint(link)}{resolved_as(page_path)}")))

    def _missing_page(self, page_path: str, link: str) -> str | None:
        """The page `link` leads to, relative to the docs folder, if it is not there."""
        try:
            parts = urlsplit(link)
        except ValueError:
            return None  # not a link the sanitiser keeps
        if parts.scheme or parts.netloc or parts.path.startswith("/") or \
                not parts.path.lower().endswith(".md"):
            return None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))
        return None if not target.startswith("../") and (self.docs / target).is_file() else target


@dataclass
class _Build:
    """What the pages of one Zensical build share."""

    config: dict[str, Any]
    settings: dict[str, Any]
    site: Settings
    publication: Publication
    docs: Path
    strict: bool
    body_links: _BodyLinks

    def weave(self, html: str, page: Any) -> str:
        """The page woven, with what the plugin puts in its head written where its content
        starts (the script) and ends (ClaimReview); a page without annotations as it was."""
        path = PurePath(page.path).as_posix()
        key = path.removesuffix(".md")
        if key not in self.publication.folders:
            misplaced = annotation_in_docs(page.meta, self.site.kinds, path, self.docs.name,
                                           display_root(self.site.annotations_dir), self.site.pages)
            _report([str(misplaced)] if misplaced else [], self.strict, f"{self.docs.name}/{path}")
            return html
        source = self.docs / path
        site_url = self.config.get("site_url")  # as written: MkDocs adds the last slash, Zensical not
        info = PageInfo(key=key, path=f"{self.docs.name}/{path}",
                        source_file=source,
                        meta=page.meta, title=plain_title(page.title),
                        canonical_url=urljoin(site_url.rstrip("/") + "/", page.url) if site_url else None)
        try:
            woven = weave_page(html, info, self.publication.annotations.get(key, []), self.site,
                               around_body=functools.partial(self.body_links.checking, path))
        except (SanitiserUnavailable, TemplateProblem) as error:
            raise GlossaError(f"glossa: {error}") from error
        _report(woven.warnings, self.strict, info.path)
        # The plugin puts these in the head; an extension writes only the content, so the script
        # goes where it starts (still before the text is painted) and ClaimReview where it ends.
        return render.EARLY_SCRIPT + woven.html + woven.head


_current: _Build | None = None
_stopped: tuple[dict[str, Any], dict[str, Any], GlossaError] | None = None
_readers: dict[Path, Reader] = {}
"""One reader per annotations folder, kept across `zensical serve` rebuilds: a save reads again
only the file that changed."""


def _build(config: dict[str, Any], settings: dict[str, Any]) -> _Build:
    """This build's shared state, made on its first page: Zensical parses its configuration anew
    for each build, so a new configuration is a new build. A build that stopped (`--strict`, or
    kinds or templates it cannot use) stops every page again without reporting again: Zensical
    goes on to the next page, which printed the problems once a page."""
    global _current, _stopped
    if _stopped is not None and _stopped[0] is config and _stopped[1] == settings:
        raise _stopped[2]
    if _current is None or _current.config is not config or _current.settings != settings:
        try:
            _current = _start_build(config, settings)
        except GlossaError as error:
            _stopped = (config, settings, error)
            raise
    return _current


def _start_build(config: dict[str, Any], settings: dict[str, Any]) -> _Build:
    root = Path(config["root_dir"]).resolve()
    docs = root / config["docs_dir"]
    custom_dir = config["theme"].get("custom_dir")
    theme_dirs = [str(root / custom_dir)] if custom_dir else []
    config_file = _config_file(root)
    where = written_at(config_file, option_line(str(root / config_file), "kinds", "extension"))
    try:
        kinds, icons = site_kinds(settings["kinds"] or {},
                                  [*theme_dirs, *_zensical_theme(), str(ASSETS_DIR)],
                                  f"{where}: markdown extension 'glossa.extension' option 'kinds'")
    except KindError as error:
        raise GlossaError(error.lines("glossa: ")) from error
    try:
        templates = Templates(theme_dirs)
    except TemplateProblem as error:
        raise GlossaError(f"glossa: {error}") from error
    annotations_dir = settings["annotations_dir"]
    body_links = _BodyLinks(docs)
    bodies = BodyRenderer(config["markdown_extensions"], config["mdx_configs"],
                          treeprocessors=[(body_links, "glossa_body_links", 0)])
    site = Settings(kinds=kinds, templates=templates, bodies=bodies,
                site_name=config.get("site_name") or "", publisher=settings["publisher"],
                language=config["theme"].get("language"), annotations_dir=annotations_dir,
                repo_url=config.get("repo_url"),
                suggest_branch=(branch := suggest_branch(settings["suggest_branch"],
                                                         config.get("edit_uri"), docs, root)),
                site_folder=site_folder(config.get("edit_uri"), branch, docs, root),
                pages=PagesText(docs))
    folder, shown = root / annotations_dir, display_root(annotations_dir)
    reader = _readers.setdefault(folder, Reader(folder, shown, cache=True))
    publication = reader.read(kinds, config_file)
    pages = [key for key in publication.folders if (docs / f"{key}.md").is_file()]
    unbuilt = _unbuilt_pages(config, pages)
    annotated = set(pages) - set(unbuilt)
    for key, state in sorted(unbuilt.items()):
        log.info(unpublished(key, state, shown, docs.name))
    publication.report_misplaced(
        folder, shown, site.pages, lambda key: (docs / f"{key}.md").is_file(),
        (path.relative_to(docs).as_posix().removesuffix(".md") for path in docs.rglob("*.md")))
    problems = list(publication.problems)
    written = _write_assets(docs / GENERATED_ASSETS, render.kinds_css(kinds), theme_dirs)
    if written:
        problems.append(Problem(f"{docs.name}/{GENERATED_ASSETS}", 1, f"wrote {', '.join(written)}, "
                                "which Zensical copies into the site from the next build on: build "
                                "again, and commit the folder"))
    strict = _strict(config)
    site_url = [no_site_url(config_file)] if annotated and not config.get("site_url") else []
    left_out = publication.left_out(shown)
    _report([*icons, *map(str, problems), *site_url], strict, shown,
            left_out_line(left_out) if left_out else "")
    return _Build(config, settings, site, publication, docs, strict, body_links)


def _unbuilt_pages(config: dict[str, Any], keys: list[str]) -> dict[str, str]:
    """The pages among `keys` that Zensical does not build, and why ("excluded", "a draft"): it
    keeps `exclude_docs` and `draft_docs` as text, gitignore patterns as in MkDocs, which reads
    them with pathspec (and leaves drafts out of `zensical serve` too)."""
    from pathspec.gitignore import GitIgnoreSpec

    unbuilt: dict[str, str] = {}
    for setting, state in (("draft_docs", "a draft"), ("exclude_docs", "excluded")):
        patterns = config.get(setting)
        if isinstance(patterns, str) and patterns.strip():
            spec = GitIgnoreSpec.from_lines(patterns.splitlines())
            unbuilt.update((key, state) for key in keys if spec.match_file(f"{key}.md"))
    return unbuilt


def _write_assets(folder: Path, kinds_css: str, theme_dirs: list[str]) -> list[str]:
    """glossa.css, glossa.js (a site's `custom_dir` first, as under MkDocs) and kinds.css in the
    docs folder, for Zensical to copy as the site's own files; the names of those written.
    Zensical lists the docs folder before any page is rendered, so a file written now reaches the
    next build's site. A file is written only when its content changes: `zensical serve` rebuilds
    on every write in the docs folder."""
    wanted = {PurePath(path).name: shipped(path, [*theme_dirs, ASSETS_DIR]).encode("utf-8")
              for path in SHIPPED}
    wanted["kinds.css"] = kinds_css.encode("utf-8")  # one rule a line, made from the kinds
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in wanted.items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
            written.append(name)
    return written


def _config_file(root: Path) -> str:
    """The configuration file's name, which Zensical does not keep (only its folder): the one
    `-f`/`--config-file` names, else the first of Zensical's defaults that the folder holds."""
    arguments = sys.argv[1:]
    for argument, following in zip(arguments, [*arguments[1:], ""], strict=True):
        short = _SHORT_FILE_OPTION.fullmatch(argument)  # -f, -sf, -fsite.yml, -sfsite.yml
        if (argument == "--config-file" or (short and not short[1])) and following:
            return Path(following).name
        if argument.startswith("--config-file="):
            return Path(argument.partition("=")[2]).name
        if short and short[1]:
            return Path(short[1]).name
    return next((name for name in ("zensical.toml", "mkdocs.yml", "mkdocs.yaml")
                 if (root / name).is_file()), "mkdocs.yml")


def _strict(config: dict[str, Any]) -> bool:
    """`zensical build --strict` (or `-s`; Zensical keeps the flag to itself, and counts only its
    own warnings, not those an extension logs), or `strict: true` in the configuration, but not
    under `zensical serve`, which a stopped build ended: a typo in an annotation closed the
    preview, where `mkdocs serve` waits for the fix."""
    arguments = sys.argv[1:]
    if "build" in arguments and any(_STRICT_FLAGS.fullmatch(a) for a in arguments):
        return True
    return bool(config.get("strict")) and "serve" not in arguments


def _zensical_theme() -> list[str]:
    """Zensical's own theme folder, whose `.icons` hold Material's icon sets: a kind may use any
    of them, as under MkDocs."""
    spec = importlib.util.find_spec("zensical")
    return [str(Path(spec.origin).parent / "templates")] if spec and spec.origin else []


def _report(warnings: list[str], strict: bool, where: str, left_out: str = "") -> None:
    """Log each warning (`path:line: message`), then which files are left off the site (as a
    warning: Zensical does not print INFO); under `--strict`, then stop the build."""
    for message in warnings:
        log.warning(message)
    if left_out:
        log.warning(left_out)
    if warnings and strict:
        count = f"{len(warnings)} warning{'s' * (len(warnings) != 1)}"
        raise GlossaError(f"glossa: {count} in {where} (strict mode): see above")


def makeExtension(**kwargs: Any) -> GlossaExtension:
    return GlossaExtension(**kwargs)
