"""The options both engines take, once: the plugin's in mkdocs.yml (`config.GlossaConfig`) and
the Markdown extension's (`glossa.extension`, for Zensical), each with its default and what it
does. A site gives both the same values (README, "Engines"); `mkdocs build` warns when it does not
(`config.differences_from_the_extension`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .files import DEFAULT_ANNOTATIONS_DIR
from .rules import did_you_mean


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


def option_problem(name: str, value: Any) -> str | None:
    """What is wrong with the Markdown extension given `name: value` (MkDocs checks the plugin's):
    an option it does not have, or a value of another type than the option's default; None for
    none. Python-Markdown raised a bare KeyError for the first, and the second failed later."""
    if name not in SHARED:
        return f"has no option '{name}'{did_you_mean(name, SHARED)}; its options are {', '.join(SHARED)}"
    if not isinstance(value, type(SHARED[name].default)):
        wanted = "text" if isinstance(SHARED[name].default, str) else "a mapping"
        return f"option '{name}' must be {wanted}, not {value!r}"
    return None
