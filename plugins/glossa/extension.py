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
import logging
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from html import escape
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import urljoin

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from . import claimreview, render
from .bodies import BodyRenderer
from .files import find_annotation_files, read_annotation_file, read_provenance
from .model import DEFAULT_KINDS, RESERVED_IDS, Annotation, Kind, Problem, reserved_id_message
from .overview import branch_of_edit_uri, suggest_note_url
from .page import annotate_page
from .summary import summary_problem
from .templates import Templates

log = logging.getLogger("glossa")

ASSETS_DIR = Path(__file__).parent / "assets"
GENERATED_ASSETS = "glossa"
"""The folder of the docs folder that the extension writes glossa.css, glossa.js and kinds.css in:
Zensical copies a site's own files, not a plugin's (README, "Engines")."""
OWN_NAMES = frozenset({"glossa.extension", "glossa"})
"""How a site names this extension under `markdown_extensions`: left out of bodies' Markdown."""
EARLY_SCRIPT = '<script>document.documentElement.classList.add("glossa-js", "glossa-page")</script>'
"""What the MkDocs plugin puts in an annotated page's `<head>`; here, where the page's content
starts, since an extension only writes the content (still before the text is painted)."""
_STRICT_FLAGS = re.compile(r"--strict|-[a-z]*s[a-z]*")


class GlossaError(RuntimeError):
    """What stops a Zensical build: a setting that cannot be used, or warnings under `--strict`."""


class GlossaExtension(Extension):
    """`markdown_extensions: - glossa.extension: {annotations_dir, kinds, publisher, ...}`."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "annotations_dir": ["annotations", "The annotations folder, beside mkdocs.yml"],
            "kinds": [{}, "More kinds beside source, correction and note, as the plugin's"],
            "publisher": ["", "Who reviews, in ClaimReview; the site's name when empty"],
            "suggest_branch": ["", "The branch of 'suggest a note' links; else edit_uri's, else main"],
        }
        super().__init__(**kwargs)
        self.page_rendered = False

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


@dataclass
class _Build:
    """What the pages of one Zensical build share."""

    config: dict[str, Any]
    settings: dict[str, Any]
    kinds: dict[str, Kind]
    templates: Templates
    bodies: BodyRenderer
    annotations: dict[str, list[Annotation]]
    """Page key (its path in the docs folder without `.md`) -> its annotations."""
    folders: set[str]
    """Every page key with an annotations folder, even one whose files all have problems."""
    docs: Path
    strict: bool

    def weave(self, html: str, page: Any) -> str:
        """The page woven, with what the plugin puts in its head written where its content
        starts (the script) and ends (ClaimReview); a page without annotations as it was."""
        path = PurePath(page.path).as_posix()
        key = path.removesuffix(".md")
        if key not in self.folders:
            return html
        page_path = f"{self.docs.name}/{path}"
        annotations = self.annotations.get(key, [])
        warnings: list[str] = []
        bodies = {a.id: self._body(a, warnings) for a in annotations}
        source = (self.docs / path).read_text(encoding="utf-8", errors="replace")
        provenance, problems = read_provenance(page.meta, page_path, source)
        warnings += map(str, problems)
        result = annotate_page(html, annotations, self.kinds, bodies, provenance, page_path,
                               suggest=self._suggest(key), templates=self.templates)
        warnings += map(str, result.problems)
        _report(warnings, self.strict, page_path)
        return EARLY_SCRIPT + result.html + self._claim_reviews(result, provenance, page)

    def _body(self, annotation: Annotation, warnings: list[str]) -> str:
        if annotation.summary and summary_problem(annotation.summary):
            warnings.append(f"{annotation.path}:{annotation.line_of('summary')}: "
                            f"{summary_problem(annotation.summary)}; until then the card shows the "
                            "body's first sentence")
        try:
            return self.bodies.render(annotation.body, user_generated=annotation.kind == "note")
        except Exception as error:
            warnings.append(f"{annotation.path}:{annotation.line_of('body')}: the body could not "
                            f"be rendered as Markdown ({type(error).__name__}: {error}); it is "
                            "shown as plain text")
            return f"<p>{escape(annotation.body)}</p>"

    def _suggest(self, key: str) -> Callable[[int, str], str | None] | None:
        repo_url = self.config.get("repo_url")
        if not repo_url:
            return None
        branch = self.settings["suggest_branch"] or branch_of_edit_uri(self.config.get("edit_uri")) \
            or "main"
        folder = self.settings["annotations_dir"]
        return lambda number, text: suggest_note_url(repo_url, branch, folder, key, number, text)

    def _claim_reviews(self, result: Any, provenance: Mapping[str, str], page: Any) -> str:
        """A ClaimReview per correction, as JSON-LD in the content: Zensical gives an extension no
        part of the page's head (schema.org reads JSON-LD anywhere in the page)."""
        site_url = self.config.get("site_url")
        if not site_url:
            return ""
        publisher = self.settings["publisher"] or self.config.get("site_name") or ""
        return claimreview.script_tags(claimreview.claim_review(
            annotation, page_url=urljoin(site_url, page.url), provenance=provenance,
            title=page.title, publisher=publisher, language=self.config["theme"].get("language"))
            for annotation in claimreview.corrections(result))


_current: _Build | None = None


def _build(config: dict[str, Any], settings: dict[str, Any]) -> _Build:
    """This build's shared state, made on its first page: Zensical parses its configuration anew
    for each build, so a new configuration is a new build."""
    global _current
    if _current is None or _current.config is not config or _current.settings != settings:
        _current = _start_build(config, settings)
    return _current


def _start_build(config: dict[str, Any], settings: dict[str, Any]) -> _Build:
    root = Path(config["root_dir"]).resolve()
    docs = root / config["docs_dir"]
    custom_dir = config["theme"].get("custom_dir")
    theme_dirs = [str(root / custom_dir)] if custom_dir else []
    try:
        kinds = _kinds(settings["kinds"] or {}, [*theme_dirs, str(ASSETS_DIR)])
        templates = Templates(theme_dirs)
    except Exception as error:  # a kind that cannot be used, a site's template that does not compile
        raise GlossaError(f"glossa: {error}") from error
    extensions = [e for e in config["markdown_extensions"] if not (isinstance(e, str) and e in OWN_NAMES)]
    configs = {name: value for name, value in config["mdx_configs"].items() if name not in OWN_NAMES}
    display_root = settings["annotations_dir"].strip("/")
    found, problems = find_annotation_files(root / settings["annotations_dir"], display_root)
    annotations: dict[str, list[Annotation]] = {}
    for file in found:
        result = read_annotation_file(file, kinds)
        if isinstance(result, list):
            problems.extend(result)
        elif result.id in RESERVED_IDS:
            problems.append(Problem(file.display, 1, f"{reserved_id_message(result.id)}; rename the file"))
        else:
            annotations.setdefault(file.page, []).append(result)
    folders = {file.page for file in found}
    for key in sorted(folders):
        if not (docs / f"{key}.md").is_file():
            problems.append(Problem(f"{display_root}/{key}", 1, "annotation folder for a page that "
                                    f"does not exist: expected {docs.name}/{key}.md"))
    written = _write_assets(docs / GENERATED_ASSETS, render.kinds_css(kinds))
    if written:
        problems.append(Problem(f"{docs.name}/{GENERATED_ASSETS}", 1, f"wrote {', '.join(written)}, "
                                "which Zensical copies into the site from the next build on: build "
                                "again, and commit the folder"))
    strict = bool(config.get("strict")) or _strict_on_command_line()
    _report([str(problem) for problem in problems], strict, display_root)
    return _Build(config, settings, kinds, templates, BodyRenderer(extensions, configs), annotations,
                  folders, docs, strict)


def _kinds(custom: Mapping[str, Mapping[str, Any]], icon_folders: list[str]) -> dict[str, Kind]:
    """The default kinds and the site's own, as the plugin's `kinds` option gives them, each with
    its icon's SVG from the first `<folder>/.icons/<icon>.svg` (Glossa ships its defaults')."""
    kinds = {kind.name: kind for kind in DEFAULT_KINDS}
    for name, options in custom.items():
        if not re.fullmatch(r"[a-z][a-z0-9-]*", name) or not options.get("label"):
            raise ValueError(f"kind '{name}' needs a name of lower-case letters, digits and "
                             "hyphens, and a 'label'")
        kinds[name] = Kind(name, options["label"], options.get("icon", "material/tag-outline"),
                           options.get("color", "#6a1b9a"), options.get("motivation", "commenting"),
                           needs_sources=options.get("sources", False),
                           needs_author=options.get("author", False),
                           needs_body=options.get("body", True))
    for name, kind in kinds.items():
        if ".." in kind.icon.split("/"):
            raise ValueError(f"kind '{name}' has the icon '{kind.icon}', outside the icon set")
        svgs = [Path(folder) / ".icons" / f"{kind.icon}.svg" for folder in icon_folders]
        svg = next((path.read_text(encoding="utf-8") for path in svgs if path.is_file()), "")
        kinds[name] = replace(kind, icon_svg=svg.strip() if svg.lstrip().startswith("<svg") else "")
    return kinds


def _write_assets(folder: Path, kinds_css: str) -> list[str]:
    """glossa.css, glossa.js and kinds.css in the docs folder, for Zensical to copy as the site's
    own files; the names of those written. Zensical lists the docs folder before any page is
    rendered, so a file written now reaches the next build's site. A file is written only when
    its content changes: `zensical serve` rebuilds on every write in the docs folder."""
    wanted = {name: (ASSETS_DIR / "glossa" / name).read_bytes() for name in ("glossa.css", "glossa.js")}
    wanted["kinds.css"] = kinds_css.encode("utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in wanted.items():
        path = folder / name
        if not path.is_file() or path.read_bytes() != content:
            path.write_bytes(content)
            written.append(name)
    return written


def _strict_on_command_line() -> bool:
    """`zensical build --strict` (or `-s`): Zensical keeps the flag to itself, and counts only its
    own warnings, not those an extension logs."""
    arguments = sys.argv[1:]
    return "build" in arguments and any(_STRICT_FLAGS.fullmatch(a) for a in arguments)


def _report(warnings: list[str], strict: bool, where: str) -> None:
    """Log each warning (`path:line: message`); under `--strict`, then stop the build."""
    for message in warnings:
        log.warning(message)
    if warnings and strict:
        count = f"{len(warnings)} warning{'s' * (len(warnings) != 1)}"
        raise GlossaError(f"glossa: {count} in {where} (strict mode): see above")


def makeExtension(**kwargs: Any) -> GlossaExtension:
    return GlossaExtension(**kwargs)
