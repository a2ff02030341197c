"""Glossa's HTML comes from Jinja templates a site can override, as Material's partials can be:
`partials/glossa/<name>.html` in the site's template folders (the theme's `custom_dir` first) wins
over Glossa's own, in `templates/`. The core hands them plain data and imports no engine."""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from .model import Kind, line_at, quoted

OWN = Path(__file__).with_name("templates")
ASSETS_DIR = Path(__file__).with_name("assets")
"""What an engine ships beside Glossa's HTML: `glossa/glossa.css` and `glossa.js`, the icons of the
kinds (`.icons/`, SOURCE.md says which) for a theme without Material's, and `overrides/` of
Material's partials."""
OPEN_TABLES = frozenset({"languages"})
"""Tables of `words.html` a site's copy may add to (a language Glossa does not name)."""
NAMES = ("card", "row", "summary", "unanchored", "corrections", "problems", "icon")
WORDS = "partials/glossa/words.html"


class TemplateProblem(ValueError):
    """A site's own template that cannot be read; the message names its file and line."""


class Templates:
    """One Jinja environment for a build, each of Glossa's templates compiled once."""

    def __init__(self, site_dirs: Iterable[str | Path] = ()) -> None:
        loader = jinja2.FileSystemLoader([*map(str, site_dirs), str(OWN)])
        environment = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True,
                                         lstrip_blocks=True, undefined=jinja2.StrictUndefined)
        try:
            self._templates = {name: environment.get_template(f"partials/glossa/{name}.html")
                               for name in NAMES}
            self.words = _words(environment)
            """The words Glossa writes outside its templates (`words.html`): the site's over
            Glossa's."""
        except jinja2.TemplateError as error:  # a site's own partial that does not compile
            where = f"{error.filename}:{error.lineno}: " if isinstance(
                error, jinja2.TemplateSyntaxError) and error.filename else ""
            raise TemplateProblem(f"{where}the template could not be read: {error}") from error
        self._own = {name for name, template in self._templates.items()
                     if template.filename and Path(template.filename).is_relative_to(OWN)}
        self._icons: dict[Kind, Markup] = {}

    def render(self, name: str, **data: Any) -> str:
        template = self._templates[name]
        try:
            return template.render(**data)
        except jinja2.TemplateError as error:  # a site's own partial using what it is not given
            raise TemplateProblem(f"{self.where(name)}the template could not be rendered: "
                                  f"{error}") from error

    def icon(self, kind: Kind) -> Markup:
        """`icon.html` for `kind`, rendered once: it depends on the kind alone, and every card and
        count of the kind shows it."""
        if kind not in self._icons:
            self._icons[kind] = Markup(self.render("icon", kind=kind))
        return self._icons[kind]

    def where(self, name: str) -> str:
        """`file:line: ` of the template `name` as the error being handled reached it, or
        `file: `; Jinja gives a template's frames its file and lines."""
        filename = self._templates[name].filename or f"partials/glossa/{name}.html"
        error = sys.exc_info()[1]
        lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__)
                 if frame.filename == filename] if error else []
        return f"{filename}:{lines[-1]}: " if lines else f"{filename}: "

    def verdict_label(self, verdict: str | None) -> str:
        """A verdict as readers see it ("" for none); the site's table holds every verdict, since
        it is merged into Glossa's."""
        return self.words["verdicts"][verdict] if verdict else ""

    def is_own(self, name: str) -> bool:
        """Whether the template `name` is Glossa's own, not the site's."""
        return name in self._own


def _words(environment: jinja2.Environment) -> dict[str, Any]:
    """`words.html`'s variables: Glossa's own, each replaced by the site's copy's where it gives
    it, and each table merged, so that a site may translate some verdicts and keep the rest. A
    word that cannot be used is named at the line of the copy that sets it."""
    site = environment.get_template(WORDS)
    if not site.filename or Path(site.filename).is_relative_to(OWN):
        return _variables(site)
    own = _variables(jinja2.Environment(loader=jinja2.FileSystemLoader(str(OWN))).get_template(WORDS))
    source = Path(site.filename).read_text(encoding="utf-8")

    def refuse(setting: str, message: str) -> TemplateProblem:
        found = re.search(rf"\{{%-?\s*set\s+{re.escape(setting)}\b", source)
        line = line_at(source, found.start() if found else 0)
        return TemplateProblem(f"{site.filename}:{line}: {message}")

    words = dict(own)
    for name, value in _variables(site).items():
        ours = own.get(name)
        if ours is None:
            raise refuse(name, f"'{name}' is not one of Glossa's words, which are: "
                               f"{', '.join(sorted(own))}")
        if not isinstance(ours, dict):
            _check_word(refuse, name, name, value, ours)
            words[name] = value
            continue
        if not isinstance(value, dict):
            raise refuse(name, f"'{name}' must be a table of words, as Glossa's is")
        for key, text in value.items():
            if key not in ours and name not in OPEN_TABLES:
                raise refuse(name, f"{name}['{key}'] is not one of Glossa's words; the table's are: "
                                   f"{', '.join(ours)}")
            _check_word(refuse, name, f"{name}['{key}']", text, ours.get(key, ""))
        words[name] = {**ours, **value}
    return words


def _check_word(refuse: Callable[[str, str], TemplateProblem], setting: str, name: str,
                value: object, ours: str) -> None:
    """A site's word: text, with the `{}` where Glossa's puts a value."""
    if not isinstance(value, str):
        raise refuse(setting, f"{name} must be text, as Glossa's is")
    if "{}" in ours and "{}" not in value:
        raise refuse(setting, f"{name} must hold '{{}}' where the value goes, as Glossa's "
                              f"{quoted(ours)} does")


def _variables(template: jinja2.Template) -> dict[str, Any]:
    try:
        module = template.make_module()
    except jinja2.TemplateError as error:
        raise TemplateProblem(f"{template.filename}: the words could not be read: {error}") from error
    return {key: value for key, value in vars(module).items() if not key.startswith("_")}


def html(fragment: str) -> Markup:
    """HTML made (and escaped) elsewhere, which a template writes as it is."""
    return Markup(fragment)
