"""The plugin's options in `mkdocs.yml`, validated by MkDocs as it loads the file."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .kinds import MOTIVATIONS


class KindConfig(base.Config):
    """A kind of the site's own (`kinds:`), or new settings for a default one."""

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
    """Who reviews, in ClaimReview; the site's name when empty."""
    corrections_page = c.Optional(c.Type(str))
    """Where the generated list of every correction goes; by default `corrections.md` when the
    site's `nav` names it, else none (a generated page would change every page's navigation)."""
    corrections_title = c.Type(str, default="Corrections")
    offline_repo_link = c.Type(bool, default=False)
    """Material's repository link without the request for the repository's stars it makes on
    every page load (`assets/overrides/partials/source.html`): off by default, since it changes
    every page of the site."""
    suggest_branch = c.Optional(c.Type(str))
    """The branch that "suggest a note" links open the repository's new-file page on; by default
    the one the site's `edit_uri` names, else `main`."""
