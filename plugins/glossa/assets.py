"""Glossa's CSS, JavaScript, icons and templates, reaching a MkDocs site through its theme."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from . import render
from .minify import SHIPPED, shipped
from .model import Kind
from .templates import ASSETS_DIR, TemplateProblem, Templates

log = get_plugin_logger(__name__)

OVERRIDES_DIR = ASSETS_DIR / "overrides"
GLOSSA_CSS, GLOSSA_JS = SHIPPED
KINDS_CSS = "glossa/kinds.css"
"""Generated: each kind's icon (`render.kinds_css`), custom kinds included."""


def templates(config: MkDocsConfig) -> Templates:
    """Glossa's templates, the site's own `partials/glossa/*.html` (its custom_dir) first."""
    try:
        return Templates(config.theme.dirs)
    except TemplateProblem as error:
        raise PluginError(f"glossa: {error}") from error


def add_to_theme(config: MkDocsConfig, offline_repo_link: bool) -> None:
    """Our files as the theme's last folder, and our CSS and JS in `extra_*` (unless the site
    names them already, as one that Zensical builds too does)."""
    config.theme.dirs.append(str(ASSETS_DIR))
    if offline_repo_link and config.theme.name != "material":
        log.info(f"offline_repo_link is for Material's repository link; the theme "
                 f"'{config.theme.name}' has none of Material's, so it changes nothing")
    elif offline_repo_link \
            and str(OVERRIDES_DIR) not in config.theme.dirs:
        # Ahead of Material's own templates (after the site's custom_dir): its repository link
        # without the request for the repository's stars that Material makes on page load.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES_DIR))
    for stylesheet in (GLOSSA_CSS, KINDS_CSS):
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
    if GLOSSA_JS not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append(GLOSSA_JS)  # type: ignore[arg-type]


def add_assets(files: Files, config: MkDocsConfig, kinds: Mapping[str, Kind]) -> None:
    """Our CSS and JavaScript, minified (`minify`) from the theme's (the site's `custom_dir`
    first, then Glossa's), and the kinds' stylesheet made from the plugin's kinds: each in place
    of the copy in `docs/glossa/` that the Markdown extension wrote for Zensical (README,
    "Engines"), which may be stale (kinds.css may lack an icon of Material's that Glossa does
    not ship)."""
    for path in SHIPPED:
        if (copy := files.get_file_from_path(path)) is not None:
            files.remove(copy)
        files.append(File.generated(config, path, content=shipped(path, config.theme.dirs)))
    generated = File.generated(config, KINDS_CSS, content=render.kinds_css(kinds))
    written = files.get_file_from_path(KINDS_CSS)
    if written is not None:
        if written.content_bytes != generated.content_bytes:
            log.info(f"{Path(config.docs_dir).name}/{KINDS_CSS} is not what the plugin's kinds give; "
                     "MkDocs uses the plugin's, and the next Zensical build writes it again")
        files.remove(written)
    files.append(generated)
