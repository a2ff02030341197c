"""Glossa's CSS, JavaScript, icons and templates, reaching a MkDocs site through its theme."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from . import render
from .model import Kind

ASSETS_DIR = Path(__file__).parent / "assets"
OVERRIDES_DIR = ASSETS_DIR / "overrides"
KINDS_CSS = "glossa/kinds.css"
"""Generated: each kind's icon (`render.kinds_css`), custom kinds included."""


def add_to_theme(config: MkDocsConfig, offline_repo_link: bool) -> None:
    """Our files as the theme's last folder, and our CSS and JS in `extra_*` (unless the site
    names them already, as one that Zensical builds too does)."""
    config.theme.dirs.append(str(ASSETS_DIR))
    if offline_repo_link and config.theme.name == "material" \
            and str(OVERRIDES_DIR) not in config.theme.dirs:
        # Ahead of Material's own templates (after the site's custom_dir): its repository link
        # without the request for the repository's stars that Material makes on page load.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(OVERRIDES_DIR))
    for stylesheet in ("glossa/glossa.css", KINDS_CSS):
        if stylesheet not in config.extra_css:
            config.extra_css.append(stylesheet)
    if "glossa/glossa.js" not in [str(s) for s in config.extra_javascript]:
        config.extra_javascript.append("glossa/glossa.js")  # type: ignore[arg-type]


def add_kinds_css(files: Files, config: MkDocsConfig, kinds: Mapping[str, Kind]) -> None:
    if files.get_file_from_path(KINDS_CSS) is None:
        files.append(File.generated(config, KINDS_CSS, content=render.kinds_css(kinds)))
