"""The site's kinds of annotation: the three defaults and its own, each with its icon's SVG.

Engine-neutral: the engine hands over the `kinds` setting as plain mappings and the folders its
theme looks for icons in (Material's `.icons`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .model import DEFAULT_KINDS, Kind, quoted
from .rules import closest, did_you_mean, suggest_id, suggested

MOTIVATIONS = ("assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
               "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
               "tagging")
"""The W3C Web Annotation motivations a kind may export as."""

DEFAULTS: dict[str, Any] = {"icon": "material/tag-outline", "color": "#6a1b9a",
                            "motivation": "commenting", "sources": False, "author": False, "body": True,
                            "from_readers": False}
"""What a kind of the site's own is, unless it says otherwise (mkdocs.yml's `kinds:`)."""
_FIELDS = {"label": "label", "plural": "plural", **{key: key for key in DEFAULTS},
           "sources": "needs_sources", "author": "needs_author", "body": "needs_body"}
"""Each setting's field of `Kind`."""

_NAME = re.compile(r"[a-z][a-z0-9-]*")
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
"""CSS's hex colours: 3, 4, 6 or 8 digits; a browser drops a colour of 5 or 7, and the kind its ink."""
_ICON_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*")
_SVG = re.compile(r"(?:<\?xml[^>]*>\s*)?<svg\b")


class KindError(ValueError):
    """The kinds in the site's configuration that cannot be used, one a line; each line says how
    to fix it."""

    def lines(self, prefix: str) -> str:
        """The message with `prefix` before each kind's line."""
        return "\n".join(prefix + line for line in str(self).splitlines())


def resolve_kinds(custom: Mapping[str, Mapping[str, Any]], icon_folders: Iterable[str]) -> dict[str, Kind]:
    """The default kinds and the site's own (`custom`: name -> label and any of `DEFAULTS`'
    keys, each checked here, `_checked_settings`), every one with its icon's SVG. Settings for a default kind
    change only what they give: a correction still needs its verdict and sources. Raises one
    KindError for every kind that cannot be used, a line each: fixed one a build, they came one
    a build."""
    kinds = {kind.name: kind for kind in DEFAULT_KINDS}
    folders = list(icon_folders)
    problems = []
    for name, given in custom.items():
        try:
            kinds[name] = with_icon(_kind(name, given, kinds.get(name)), folders)
        except KindError as error:
            problems.append(str(error))
    if problems:
        raise KindError("\n".join(problems))
    return {name: kind if name in custom else with_icon(kind, folders) for name, kind in kinds.items()}


def _kind(name: object, given: object, default: Kind | None) -> Kind:
    """One kind of the site's `kinds:` (`default`: the default kind of that name, if any)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise KindError(_invalid_name(name))
    base = DEFAULTS if default is None else {
        setting: getattr(default, field) for setting, field in _FIELDS.items()}
    options = {**base, **_checked_settings(name, given)}
    if not options.get("label"):
        raise KindError(f"kind '{name}' needs a 'label'")
    if not _COLOR.fullmatch(options["color"]):
        raise KindError(f"kind '{name}' colour must be a hex colour like '#6a1b9a', not "
                        f"{quoted(options['color'])}")
    if options["motivation"] not in MOTIVATIONS:
        raise KindError(f"kind '{name}' has the motivation '{options['motivation']}'; "
                        f"allowed: {', '.join(MOTIVATIONS)}")
    return Kind(name, needs_verdict=default is not None and default.needs_verdict,
                **{_FIELDS[setting]: value for setting, value in options.items()})


def _invalid_name(name: object) -> str:
    """Why `name` cannot name a kind, with one that can. YAML reads `1:`, `yes:` and `null:` as
    a number, a truth value and nothing, which Python would show as 1, True and None: the message
    says what YAML read, since which word the file has is lost."""
    if name is None:
        return "a kind's name is read by YAML as nothing ('null:', '~:'): write the name in quotes"
    if isinstance(name, bool):  # YAML 1.1, as MkDocs reads it: `yes`, `on`, `true`, `no`...
        words, example = ("true, yes or on", "yes") if name else ("false, no or off", "no")
        return (f"a kind's name is read by YAML as {json.dumps(name)} (it reads {words} so), not "
                f"as a name: write the name in quotes, such as '{example}':")
    written = str(name)
    example = suggest_id(written)
    example = example if example[0].isalpha() else f"kind-{example}"
    return (f"kind name '{written}' must be a lower-case letter followed by lower-case letters, "
            f"digits and hyphens, e.g. '{example}'")


def _checked_settings(name: str, given: object) -> Mapping[str, Any]:
    """A kind's settings, each of its type: the one check of them under both engines (MkDocs'
    configuration only checks that `kinds` is a mapping)."""
    if not isinstance(given, Mapping):
        raise KindError(f"kind '{name}' must be settings such as 'label: {name.title()}'")
    for key, value in given.items():
        if key not in _FIELDS:
            raise KindError(f"kind '{name}' has the unknown setting '{key}'"
                            f"{did_you_mean(str(key), list(_FIELDS))}; allowed: {', '.join(_FIELDS)}")
        wanted = bool if isinstance(DEFAULTS.get(key), bool) else str
        if value is not None and not isinstance(value, wanted):
            what = "true or false" if wanted is bool else "text"
            raise KindError(f"kind '{name}' setting '{key}' must be {what}, not {value!r}")
    return {key: value for key, value in given.items() if value is not None}


def readers_kind(kinds: Mapping[str, Kind]) -> str:
    """The kind readers write (suggest links, imports from Hypothesis and other tools): the first
    with `from_readers`, which is `note` unless the site says otherwise; `note` if none is."""
    return next((kind.name for kind in kinds.values() if kind.from_readers), "note")


def site_kinds(custom: Mapping[str, Mapping[str, Any]], icon_folders: Iterable[str],
               option: str) -> tuple[dict[str, Kind], list[str]]:
    """`resolve_kinds` for an engine's `kinds` option, and a warning for each icon not found. Both
    name the option, as MkDocs names its own, and where the plugin can, its line (`mkdocs.yml:9:
    plugin 'glossa' option 'kinds': kind 'update' colour must be ...`), so an editor knows where
    to look. Raises KindError."""
    folders = list(icon_folders)
    try:
        kinds = resolve_kinds(custom, folders)
    except KindError as error:
        raise KindError(error.lines(f"{option}: ")) from error
    return kinds, [f"{option}: {message}" for message in icons_not_found(kinds, folders)]


def with_icon(kind: Kind, icon_folders: Iterable[str]) -> Kind:
    """The kind with its icon's SVG, from the first `<folder>/.icons/<icon>.svg`, read from
    nowhere else: a name that would leave the icon set (`../`, an absolute path, a link out of it)
    is refused. A file that is not an SVG is no icon: the kind keeps its letter (`icon.html`)."""
    if not _ICON_NAME.fullmatch(kind.icon) or ".." in kind.icon.split("/"):
        raise KindError(f"kind '{kind.name}' has the icon '{kind.icon}', which is not the name of an "
                        "icon of the theme's icon set, such as 'material/tag-outline'")
    path = _icon_file(kind.icon, icon_folders)
    if path is None:
        return replace(kind, icon_svg="")
    svg = path.read_text(encoding="utf-8", errors="replace").strip()
    return replace(kind, icon_svg=svg if _SVG.match(svg) else "")


def icons_not_found(kinds: Mapping[str, Kind], icon_folders: Iterable[str]) -> list[str]:
    """A message for each kind whose icon is in none of the folders (a misspelt name, or one of
    Material's icons that Glossa does not ship, under Zensical), or is a file that is no SVG: its
    cards show its letter."""
    folders = list(icon_folders)
    names: list[str] = []
    messages = []
    for kind in kinds.values():
        if kind.icon_svg:
            continue
        if _icon_file(kind.icon, folders) is None:
            names = names or _icon_names(folders)
            why = (f"there is no icon '{kind.icon}' in the theme's icon set"
                   f"{_closest_icon(kind.icon, names, folders)}")
        else:
            why = f"the icon file '{kind.icon}.svg' holds no SVG"
        messages.append(f"kind '{kind.name}': {why}, so its cards show its first letter; check the "
                        "icon's name")
    return messages


def _icon_names(icon_folders: Iterable[str]) -> list[str]:
    """Every icon's name in the folders' icon sets: Material's hold 14,000 (40 ms), read only
    when an icon is not found."""
    names: list[str] = []
    for icons in (os.path.join(folder, ".icons") for folder in icon_folders):
        for folder, _, files in os.walk(icons):
            icon_set = Path(os.path.relpath(folder, icons)).as_posix()
            if icon_set != ".":  # an icon is named with its set: `material/rocket`
                names += (f"{icon_set}/{file[:-4]}" for file in files if file.endswith(".svg"))
    return names


def _closest_icon(icon: str, names: list[str], icon_folders: list[str]) -> str:
    """' (did you mean 'material/rocket'?)' for a misspelt icon: the closest name in its set (or
    in the set its set's name is closest to, or in every set for a name without one), compared
    without the set's name, which alone made 'material/info' look like 'material/piano'."""
    icon_set, _, name = icon.rpartition("/")
    sets = {known.rpartition("/")[0] for known in names}
    if not icon_set:
        near = sets
    elif icon_set in sets:
        near = {icon_set}
    else:
        near = set(closest(icon_set, sets, cutoff=0.8))
    in_near: dict[str, list[str]] = {}
    for known in names:
        known_set, _, known_name = known.rpartition("/")
        if known_set in near:
            in_near.setdefault(known_name, []).append(known)
    found = sorted({known for match in closest(name, in_near, cutoff=0.8) for known in in_near[match]})
    return suggested([known for known in found if _icon_file(known, icon_folders)][:3])  # not a link out


def _icon_file(icon: str, icon_folders: Iterable[str]) -> Path | None:
    for folder in icon_folders:
        icons = (Path(folder) / ".icons").resolve()
        path = (icons / f"{icon}.svg").resolve()
        if path.is_relative_to(icons) and path.is_file():
            return path
    return None
