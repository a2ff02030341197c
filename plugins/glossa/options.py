"""The options both engines take, once: the plugin's in mkdocs.yml (`config.GlossaConfig`) and
the Markdown extension's (`glossa.extension`, for Zensical), each with its default and what it
does. A site gives both the same values (README, "Engines"); `mkdocs build` warns when it does not
(`config.differences_from_the_extension`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .files import DEFAULT_ANNOTATIONS_DIR


@dataclass(frozen=True)
class Option:
    default: Any
    """What an engine takes when the site leaves the option out (MkDocs copies it; so does the
    extension)."""
    help: str


SHARED: dict[str, Option] = {
    "annotations_dir": Option(DEFAULT_ANNOTATIONS_DIR, "The annotations folder, beside mkdocs.yml"),
    "publisher": Option("", "Who reviews, in ClaimReview; the site's name when empty"),
    "suggest_branch": Option("", "The branch that 'suggest a note' links open the repository's "
                                 "new-file page on; by default the one edit_uri names, else main"),
    "kinds": Option({}, "More kinds beside source, correction and note, or new settings for one "
                        "of those, each with its label and settings (README, Configuration)"),
    # checked by kinds.resolve_kinds, for both engines
}
"""Each option's name, default and help text (Python-Markdown's `getConfigInfo` gives it), in
the order `mkdocs build` names those the plugin and the extension give differently."""
