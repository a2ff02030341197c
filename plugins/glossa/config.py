"""The plugin's options in `mkdocs.yml`, validated by MkDocs as it loads the file, and what weaving
reads of them and of the site (`weaving_settings`).

The kinds are checked there, not by an option's own validation: their icons are looked up in the
theme's folders, which a plugin's options do not see, and the Markdown extension, for Zensical,
checks its own `kinds` with the same function (`kinds.site_kinds`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from . import assets, suggest
from .bodies import BodyRenderer
from .docs_pages import PagesText
from .files import display_root
from .kinds import KindError, resolve_kinds, site_kinds
from .links import BodyLinks
from .model import printable
from .options import SHARED, option_line, written_at
from .rules import did_you_mean
from .weave import Settings


class GlossaConfig(base.Config):
    # Shared with the Markdown extension: what each does, and its default, is in `options.SHARED`.
    annotations_dir = c.Type(str, default=SHARED["annotations_dir"].default)
    kinds = c.Type(dict, default=SHARED["kinds"].default)
    publisher = c.Type(str, default=SHARED["publisher"].default)
    suggest_branch = c.Type(str, default=SHARED["suggest_branch"].default)
    # The plugin's own.
    corrections_page = c.Optional(c.Type(str))
    """Where the generated list of every correction goes; by default `corrections.md` when the
    site's `nav` names it, else none (a generated page would change every page's navigation)."""
    corrections_title = c.Type(str, default="Corrections")
    offline_repo_link = c.Type(bool, default=False)
    """Material's repository link without the request for the repository's stars it makes on
    every page load (`assets/overrides/partials/source.html`): off by default, since it changes
    every page of the site."""

    @property
    def display_root(self) -> str:
        """The annotations folder as messages name it (`files.display_root`)."""
        return display_root(self.annotations_dir)


def weaving_settings(options: GlossaConfig, config: MkDocsConfig, links: BodyLinks,
                     warn: Callable[[str], None]) -> Settings:
    """What weaving reads of the site, bodies' links resolved by `links`; `warn` is told, as they
    are found, of an option the site's `glossa.extension` entry gives otherwise and of an icon not
    found. Raises KindError, which names the option as MkDocs names its own, at its line
    (`mkdocs.yml:9: plugin 'glossa' option 'kinds': ...`), once the options compared have been
    said."""
    for name in differences_from_the_extension(options, config):  # said at the plugin's option
        warn(f"{option_at(config, name)}: the glossa plugin and the glossa.extension Markdown extension give "
             f"different '{name}', so MkDocs and Zensical would build different sites: give both "
             "the same")
    kinds, icons_not_found = site_kinds(options.kinds, config.theme.dirs,
                                        f"{option_at(config, 'kinds')}: plugin 'glossa' option 'kinds'")
    for message in icons_not_found:
        warn(message)
    bodies = BodyRenderer(config.markdown_extensions, dict(config.mdx_configs),
                          treeprocessors=[(links.processor, "relpath", 0)])
    return Settings(kinds, assets.templates(config), bodies, PagesText(Path(config.docs_dir)),
                    publisher=options.publisher,
                    annotations_dir=options.annotations_dir,
                    suggest_branch=(branch := suggest_branch(options, config)),
                    site_folder=suggest.site_folder(config.edit_uri, branch, Path(config.docs_dir),
                                                    _root(config)),
                    search=any(name.rpartition("/")[2] == "search" for name in config.plugins))


def suggest_branch(options: GlossaConfig, config: MkDocsConfig) -> str:
    """The branch of "suggest a note" links, by the rule Zensical's extension follows too."""
    return suggest.suggest_branch(options.suggest_branch, config.edit_uri, Path(config.docs_dir),
                                  _root(config))


def _root(config: MkDocsConfig) -> Path:
    """The configuration file's folder, the site's."""
    return Path(config.config_file_path or ".").resolve().parent


def config_file_name(config: MkDocsConfig) -> str:
    """The configuration file as messages name it: `mkdocs.yml`, or the one `-f` gave."""
    return Path(config.config_file_path or "mkdocs.yml").name


_OPTION_WARNING = re.compile(r"Config value 'plugins': Plugin 'glossa' option '(?P<option>[^']+)': "
                             r"(?P<why>.+)", re.DOTALL)
"""MkDocs' warning of one of Glossa's options as it loads the configuration (an unknown name)."""


def option_warning(message: str, config_file: str) -> str | None:
    """MkDocs' warning of one of Glossa's options, which `--strict` stops on (a name misspelt),
    as `path:line: message` at the option's line (the plugin's where it is not written; the file
    alone for a plugin entry it inherits), with the name it may have meant; None for any other
    message. MkDocs' own says neither."""
    found = _OPTION_WARNING.match(message)
    if found is None:
        return None
    option = found["option"]
    options = list(GlossaConfig().keys())
    return printable(f"{_where(config_file, option)}: glossa's option '{option}': {found['why']}"
                     f"{did_you_mean(option, options)}; its options are {', '.join(options)}", keep="\n")


def option_at(config: MkDocsConfig, option: str) -> str:
    """Where Glossa's `option` is written, as a message names it: `mkdocs.yml:12`."""
    return _where(config.config_file_path, option)


def _where(config_file: str | None, option: str) -> str:
    return written_at(config_file, option_line(config_file, option))


def differences_from_the_extension(options: GlossaConfig, config: MkDocsConfig) -> list[str]:
    """The options that the site's `glossa.extension` entry gives otherwise than the plugin's:
    MkDocs and Zensical would build two different sites from one mkdocs.yml. An option the entry
    leaves out is its default (`options.SHARED`), as the extension takes it."""
    extension = config.mdx_configs.get("glossa.extension")
    if not isinstance(extension, dict):
        return []
    differences = []
    for name, option in SHARED.items():
        mine, theirs = options[name], extension.get(name, option.default)
        if name == "kinds":  # the extension's are written without the defaults MkDocs fills in
            mine, theirs = _comparable(mine), _comparable(theirs or {})
        elif name == "annotations_dir" and isinstance(theirs, str):
            mine, theirs = mine.strip("/"), theirs.strip("/")
        if (mine or None) != (theirs or None):  # `publisher: null` is the empty default
            differences.append(name)
    return differences


def _comparable(kinds: Any) -> Any:
    """The kinds resolved, so that each setting is compared with its default filled in (no icon
    folders, so no icon's SVG); as given when they cannot be resolved."""
    try:
        return resolve_kinds({n: dict(k) for n, k in kinds.items()}, [])
    except (KindError, AttributeError, TypeError):
        return kinds  # unusable: whichever reads them says why
