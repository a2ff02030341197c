"""The options both engines take, once: the plugin's in mkdocs.yml (`config.GlossaConfig`) and
the Markdown extension's (`glossa.extension`, for Zensical), each with its default and what it
does. A site gives both the same values (README, "Engines"); `mkdocs build` warns when it does not
(`config.differences_from_the_extension`). Messages about a setting name where it is written
(`option_line`, `key_line`, `written_at`), for either engine."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .files import DEFAULT_ANNOTATIONS_DIR
from .model import line_at
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


def option_line(config_file: str | None, option: str, engine: str = "plugin") -> int | None:
    """The line of Glossa's `option` in the configuration file, looked for among the options of
    the plugin's entry in `plugins:` (or, for the "extension", its entry in
    `markdown_extensions:`); the entry's own line where it is not written there (a default);
    None where the entry is not there either (a file the configuration inherits from, or
    Zensical's TOML)."""
    text = _text(config_file)
    section = _SECTIONS[engine].search(text)
    entry = _ENTRIES[engine].search(text, section.end(), _block_end(text, section.end(), "", items=True)) \
        if section else None
    if entry is None:
        return None
    end = _block_end(text, entry.end(), entry[1])
    options = _LINE_INDENT.search(text, entry.end(), end)  # its first option gives their indentation
    written = options and re.compile(rf"^{options[1]}['\"]?{re.escape(option)}['\"]?[ \t]*:",
                                     re.MULTILINE).search(text, entry.end(), end)
    return line_at(text, (written or entry).start())


def key_line(config_file: str | None, key: str) -> int | None:
    """The line of the configuration file's own `key:` (`watch:`); None where it is not written
    there (a file the configuration inherits from)."""
    text = _text(config_file)
    written = _top_level(key).search(text)
    return line_at(text, written.start()) if written else None


def written_at(config_file: str | None, line: int | None) -> str:
    """Where a setting is, as messages name it: `mkdocs.yml:12`; the file alone where the setting
    is not written in it (inherited, or in Zensical's TOML), rather than its line 1, `INHERIT:`."""
    name = Path(config_file or "mkdocs.yml").name
    return f"{name}:{line}" if line else name


def _text(config_file: str | None) -> str:
    path = Path(config_file or "mkdocs.yml")
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


def _top_level(key: str) -> re.Pattern[str]:
    return re.compile(rf"^['\"]?{re.escape(key)}['\"]?[ \t]*:", re.MULTILINE)


def _block_end(text: str, start: int, indent: str, items: bool = False) -> int:
    """Where what is under the line `start` is on ends: at the first line indented no deeper
    than `indent`, but for a list's `-` items at that depth (`plugins:` then `- glossa`) with
    `items`."""
    for line in _LINE_INDENT.finditer(text, start):
        if len(line[1]) <= len(indent) and not (items and text.startswith("-", line.end())):
            return line.start()
    return len(text)


_SECTIONS = {"plugin": _top_level("plugins"), "extension": _top_level("markdown_extensions")}
_ENTRIES = {
    engine: re.compile(rf"^([ \t]*)(?:-[ \t]*)?['\"]?{re.escape(name)}['\"]?[ \t]*(?::|#|$)", re.MULTILINE)
    for engine, name in (("plugin", "glossa"), ("extension", "glossa.extension"))}
"""In its section, `- glossa:` (or `- glossa`, or `glossa:` where `plugins:` is a mapping), not
`- glossa.extension:` nor `- glossa/glossa.css`; and `- glossa.extension:`."""
_LINE_INDENT = re.compile(r"^([ \t]*)(?=[^\s#])", re.MULTILINE)
"""A line's indentation, for lines that are neither blank nor comments."""
