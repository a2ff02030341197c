"""Annotation files -> `Annotation` values, or `Problem`s that name the file and line.

A file is read whole or not at all: any problem in it is reported and the file is not
published, while every other file is. Lines are 1-based and the opening `---` is line 1.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import rules
from .bodies import COMMENT
from .frontmatter import FrontMatterError, Node, Scalar, Sequence, closing_line, parse_yaml
from .frontmatter import Mapping as YamlMapping
from .model import Annotation, Kind, Problem, Source
from .rules import ID_PATTERN, KEY_RULES, NULL_SCALARS, SOURCE_KEY_RULES

MAX_FILE_BYTES = 1_000_000
DEFAULT_ANNOTATIONS_DIR = "annotations"


def display_root(annotations_dir: str) -> str:
    """The annotations folder as messages name it: `annotations`, not `annotations/`."""
    return annotations_dir.strip("/")


def is_ignored_name(name: str) -> bool:
    """Hidden files and editor backups are never annotations (SPEC §1)."""
    return name.startswith(".") or name.endswith("~") or (len(name) > 1 and name[0] == name[-1] == "#")


def taken_ids(folder: Path) -> dict[str, str]:
    """The ids taken in `folder`, in lower case, each with its file's name as written: names that
    differ only in letter case (`Passed-away.md`, `x.MD`) are one file on macOS and Windows."""
    if not folder.is_dir():
        return {}
    return {entry.name[:-3].lower(): entry.name for entry in folder.iterdir()
            if entry.name.lower().endswith(".md") and not is_ignored_name(entry.name)}


@dataclass(frozen=True)
class AnnotationFile:
    """An annotation file found on disk: the page it belongs to and its id."""

    page: str
    id: str
    path: Path
    display: str
    name_problem: Problem | None = None
    """Why its name is no id: the file is left out, but still read, so that its other problems
    are said at once rather than after a rename."""


def find_annotation_files(root: Path, display_root: str,
                          config_name: str = "mkdocs.yml") -> tuple[list[AnnotationFile], list[Problem]]:
    """List `root/<page>/<id>.md` in a stable order, a page's files together, reporting files that
    are no annotation; a name that cannot be an id is the file's `name_problem`. `config_name`: the
    site's configuration file, beside which the folder is."""
    found: list[AnnotationFile] = []
    problems: list[Problem] = []
    if not root.is_dir():  # renamed or deleted, every card would go without a word
        problems.append(Problem(display_root, 1, f"there is no such folder beside {config_name}, so "
                                "no annotation is read: write the first annotation (glossa new "
                                "makes the folder), or fix 'annotations_dir'"))
        return found, problems
    for folder, dirs, names in os.walk(root):
        rel = Path(folder).relative_to(root).as_posix()
        for name in sorted(d for d in dirs if not is_ignored_name(d)):
            if os.path.islink(os.path.join(folder, name)):  # os.walk does not go in: say so
                display = f"{display_root}/{rel}/{name}" if rel != "." else f"{display_root}/{name}"
                problems.append(Problem(display, 1, "the folder is a symbolic link; annotation "
                                        "folders must be ordinary folders (Glossa does not follow "
                                        "links): move the files into it"))
        dirs[:] = sorted(d for d in dirs if not is_ignored_name(d))
        # Ids are compared ignoring case: 'Foo.md' and 'foo.md' are one file on macOS and Windows.
        taken = {name.lower(): name for name in names
                 if name.endswith(".md") and ID_PATTERN.match(name[:-3])}
        stems = {name.lower()[:-3] for name in names if name.lower().endswith(".md")}  # for suggestions
        for name in sorted(names):
            if is_ignored_name(name):
                continue
            display = f"{display_root}/{rel}/{name}" if rel != "." else f"{display_root}/{name}"
            if rel == ".":
                problems.append(Problem(display, 1, "annotation files belong in a folder named after "
                                        f"their page: {display_root}/<page>/<id>.md"))
                continue
            if name.lower().endswith(".md") and taken.setdefault(name.lower(), name) != name:
                problems.append(Problem(display, 1, f"duplicate id: '{name}' and "
                                        f"'{taken[name.lower()]}' differ only in letter case, and "
                                        "macOS and Windows keep only one of them; merge them or "
                                        "rename this one"))
                continue
            stem, ext = os.path.splitext(name)
            if ext != ".md" and os.path.islink(os.path.join(folder, name)):  # a name would not help
                problems.append(_not_ordinary(display, "a symbolic link"))
                continue
            if ext != ".md":
                problems.append(Problem(display, 1, "not an annotation: annotation files end in "
                                        f"'.md'{_not_markdown(stem, ext, names)}"))
                continue
            wrong = rules.id_problem(stem, taken=stems)
            found.append(AnnotationFile(rel, stem, Path(folder) / name, display,
                                        Problem(display, 1, wrong) if wrong is not None else None))
    return found, problems


OTHER_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd")
"""The other endings MkDocs reads as Markdown: a page's key is its path without `.md`, and an
annotation's file ends in `.md`."""
TEXT_EXTENSIONS = frozenset({"", ".md", *OTHER_MARKDOWN, ".txt", ".text", ".yml", ".yaml"})
"""Files that may be an annotation under another extension (`.MD` too); anything else is not one."""


def _not_markdown(stem: str, ext: str, names: list[str]) -> str:
    """What to do with a file of an annotation folder that does not end in `.md`."""
    if stem.lower().endswith(".md"):
        original = next((name for name in names if name.lower() == stem.lower()), None)
        if original is not None:  # 'x.md.orig', 'x.md.bak' beside 'x.md': a merge's or an editor's copy
            return f"; it looks like a copy of '{original}': remove it once you have what you need from it"
        stem = stem[:-3]  # 'x.md.txt' alone: how Windows' Notepad saves 'x.md'
        return f" (rename it to '{rules.suggest_id(stem)}.md')"
    suggested = f"{rules.suggest_id(stem)}.md"
    if ext.strip().lower() not in TEXT_EXTENSIONS:  # 'x.md ', saved with a space after its name
        return ": move it out of the annotations folder"
    if suggested in names:
        return f" and '{suggested}' is beside it: merge the two, then remove this one"
    return f" (rename it to '{suggested}')"


def read_annotation_file(file: AnnotationFile, kinds: Mapping[str, Kind]) -> Annotation | list[Problem]:
    """Read one annotation file from disk (size and encoding checked first)."""
    try:
        status = file.path.lstat()
        if not stat.S_ISREG(status.st_mode):
            # A link (git stores them) could point at /dev/zero or at a file outside the project.
            what = "a symbolic link" if stat.S_ISLNK(status.st_mode) else "not an ordinary file"
            return [_not_ordinary(file.display, what)]
        if status.st_size > MAX_FILE_BYTES:  # not read at all
            return [_too_large(file.display, status.st_size)]
        raw = file.path.read_bytes()
    except OSError as error:
        return [Problem(file.display, 1, f"cannot read the file: {error.strerror}")]
    return parse_annotation(raw, file.id, file.page, file.display, kinds)


def parse_annotation(raw: bytes, id: str, page: str, path: str,
                     kinds: Mapping[str, Kind]) -> Annotation | list[Problem]:
    """Parse and validate the bytes of one annotation file."""
    if len(raw) > MAX_FILE_BYTES:
        return [_too_large(path, len(raw))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows' Notepad calls it "Unicode"
            return [Problem(path, 1, "the file is UTF-16 text; save it as UTF-8")]
        line = raw[: error.start].count(b"\n") + 1
        return [Problem(path, line, f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x} at "
                        f"offset {error.start}); save it as UTF-8")]
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        return [Problem(path, line, "the file holds a NUL byte: it looks binary, not Markdown")]
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if (conflict := rules.merge_conflict_line(text)) is not None:
        return [Problem(path, conflict, rules.MERGE_CONFLICT)]
    lines = text.split("\n")
    if not text.strip():
        return [Problem(path, 1, rules.EMPTY_FILE)]
    if lines[0].rstrip() != "---":
        return [Problem(path, 1, rules.NO_FRONT_MATTER)]
    end = closing_line(lines)
    if end is None:
        line, message = rules.near_closing_line(lines) or (1, rules.UNCLOSED_FRONT_MATTER)
        return [Problem(path, line, message)]
    after = "\n".join(lines[end + 1:])
    body = after.strip("\n")
    body_line = end + 2 + len(after) - len(after.lstrip("\n"))  # 1-based, past blank lines
    duplicates: list[tuple[int, str]] = []  # said with the file's other problems
    try:
        node = parse_yaml("\n".join(lines[1:end]), first_line=2, duplicates=duplicates)
    except FrontMatterError as error:  # at a mistyped closing line, before a '---' of the body?
        near = rules.near_closing_line(lines[:end])
        line, message = near if near and near[0] <= error.line else (error.line, error.message)
        return [Problem(path, line, message)]
    read = _validate(node, body, end + 1, body_line, id, page, path, kinds)
    if not duplicates:
        return read
    return [Problem(path, line, message) for line, message in duplicates] + \
        (read if isinstance(read, list) else [])  # the YAML's problems first, as alone they were


def _not_ordinary(path: str, what: str) -> Problem:
    return Problem(path, 1, f"the file is {what}; annotation files must be ordinary files (Glossa "
                   "does not follow links)")


def _too_large(path: str, size: int) -> Problem:
    return Problem(path, 1, f"file is {size:,} bytes; annotation files are limited to "
                   f"{MAX_FILE_BYTES:,} bytes (1 MB)")


Report = Callable[[int, str], None]
"""Told each problem found, with its line."""


def _validate(node: Node | None, body: str, closing_line: int, body_line: int, id: str, page: str,
              path: str, kinds: Mapping[str, Kind]) -> Annotation | list[Problem]:
    """The annotation a file's front matter and body make, or every problem that keeps it out."""
    if node is None:
        return [Problem(path, 1, rules.empty_front_matter(kinds))]
    if not isinstance(node, YamlMapping):
        fix = rules.glued_key(node.value) if isinstance(node, Scalar) else None
        return [Problem(path, node.line, rules.NOT_KEY_VALUE + (f": {fix}" if fix else ""))]
    problems: list[Problem] = []

    def report(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    values, key_lines = _read_values(node, kinds, report)
    _check_together(node, values, body, closing_line, kinds, report)
    if problems:
        return problems
    if body:
        key_lines["body"] = body_line  # for messages about the body (`Annotation.line_of`)
    lines = tuple(sorted(key_lines.items()))
    sources = values.get("sources", ())
    assert isinstance(sources, tuple)
    return Annotation(
        id=id, page=page, path=path, kind=str(values["kind"]),
        body=body, quote=_opt(values, "quote"), prefix=_opt(values, "prefix"),
        suffix=_opt(values, "suffix"),
        occurrence=int(occurrence) if (occurrence := _opt(values, "occurrence")) else None,
        verdict=_opt(values, "verdict"),
        sources=sources, summary=_opt(values, "summary"), language=_opt(values, "language"),
        author=_opt(values, "author"),
        date=_opt(values, "date"), updated=_opt(values, "updated"),
        key_lines=_KEY_LINES.setdefault(lines, lines),
    )


def _read_values(node: YamlMapping, kinds: Mapping[str, Kind], report: Report
                 ) -> tuple[dict[str, object], dict[str, int]]:
    """Each key's value that its own rule accepts, and each key's line; `report` is told the rest."""
    values: dict[str, object] = {}
    key_lines: dict[str, int] = {}
    written_kind = node.items.get("kind", (0, None))[1]
    written = written_kind.value if isinstance(written_kind, Scalar) else ""
    meant = kinds.get(written) or next((kinds[k] for k in rules.closest(written, kinds)), None)  # 'Note'
    needed = rules.needed_values(meant if written else None, kinds)
    for key, (key_line, value) in node.items.items():
        key_lines[key] = key_line
        rule = KEY_RULES.get(key)
        if rule is None:
            report(key_line, rules.unknown_key(key))
            continue
        if rule.value == rules.SOURCES:
            said_below = isinstance(value, Scalar) and not value.value and _pasted_below(node, key)
            values[key] = _read_sources(value, (lambda line, message: None) if said_below else report)
            continue
        text = _string(key, value, report, rule.value, needed.get(key))
        if text is None:
            continue
        problem = rules.value_problem(rule.value, f"'{key}'", text, needed.get(key), kinds)
        if problem:
            report(value.line, problem)
            continue
        values[key] = text
    return values, key_lines


def _pasted_below(node: YamlMapping, key: str) -> bool:
    """Whether the key after `key` is a list item with white space YAML reads as text (no-break
    spaces pasted as indentation, or after its `-`): what looks like `key`'s value is that key,
    said at its own line; an empty `sources:` above it is not said too."""
    keys = iter(node.items)
    next(key_ for key_ in keys if key_ == key)
    return _pasted_item(next(keys, ""))


def _pasted_item(key: str) -> bool:
    """Whether `key` is `- url` with white space other than spaces and tabs about its `-`."""
    before, dash, after = key.partition("-")
    around = before + after[:len(after) - len(after.lstrip())]
    return bool(dash) and not before.strip() and bool(around.strip(" \t"))


def _check_together(node: YamlMapping, values: Mapping[str, object], body: str, closing_line: int,
                    kinds: Mapping[str, Kind], report: Report) -> None:
    """The rules between keys, and between the kind and the body: told to `report`."""
    first = 1  # the opening '---': a missing key has no line of its own
    kind_name = values.get("kind")  # one of `kinds`, if given and valid
    kind = kinds.get(kind_name) if isinstance(kind_name, str) else None
    if "kind" not in node.items:
        report(first, rules.missing_kind(kinds))
    for key, message in rules.keys_problems(node.items, kind):
        report(node.items[key][0], message)
    if kind is not None:
        misspelt = {meant for key in node.items if key not in KEY_RULES
                    for meant in rules.closest(key, rules.KEYS)}
        for key in rules.required_keys(kind):
            if key not in node.items and key not in misspelt:  # 'auther:' is said once, at its line
                report(first, rules.missing_key(key, kind))
        if kind.needs_body and not body.strip():
            report(closing_line, rules.empty_body(kind))
        elif kind.needs_body and body.lstrip().startswith("<!--") and not COMMENT.sub("", body).strip():
            report(closing_line, rules.empty_body(kind, only_comments=True))  # a "TODO", published empty
    date, updated = values.get("date"), values.get("updated")
    if isinstance(date, str) and isinstance(updated, str) and updated < date:
        report(node.items["updated"][1].line, rules.updated_before_date(updated, date))


_KEY_LINES: dict[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]] = {}
"""One tuple for each layout of keys, which most annotations share: the 4,000 annotations of the
benchmark's 500 articles take 3.4 MiB instead of 5.7 MiB. Their short values are shared too, as
they are read (`frontmatter.SHARED_VALUE_CHARS`)."""


def _opt(values: dict[str, object], key: str) -> str | None:
    value = values.get(key)
    return value if isinstance(value, str) else None


def _string(key: str, value: Node, report: Report, rule: str,
            needed: str | None = None) -> str | None:
    if not isinstance(value, Scalar):
        report(value.line, rules.not_text(f"'{key}'", value.items))  # a list or a dict
        return None
    if value.plain and value.value in NULL_SCALARS:
        report(value.line, rules.no_value(f"'{key}'", needed))
        return None
    if value.comment_after and rule in rules.TEXT_VALUES:
        report(value.line, rules.cut_by_comment(f"'{key}'", value.value))
        return None
    return value.value


def _read_sources(value: Node, report: Report) -> tuple[Source, ...]:
    if not isinstance(value, Sequence) or not value.items:
        # ` \u00a0- url:` under `sources:` is a mapping: what to fix is its no-break space
        pasted = [(line, key) for key, (line, _) in value.items.items() if _pasted_item(key)] \
            if isinstance(value, YamlMapping) else []
        for line, key in pasted:
            report(line, rules.unknown_key(key))
        if not pasted:
            report(value.line, rules.SOURCES_NOT_A_LIST)
        return ()
    sources: list[Source] = []
    for number, item in enumerate(value.items):
        if not isinstance(item, YamlMapping):  # `- url:https://…`, glued, is text to YAML
            fix = rules.glued_key(f"- {item.value}") if isinstance(item, Scalar) else None
            report(item.line, rules.SOURCE_NOT_A_MAPPING + (f": {fix}" if fix else ""))
            continue
        fields: dict[str, str] = {}
        for key, (key_line, field_value) in item.items.items():
            rule = SOURCE_KEY_RULES.get(key)
            if rule is None:
                report(key_line, rules.unknown_source_key(key))
                continue
            text = _string(key, field_value, report, rule.value,
                           rules.SOURCE_URL_NEEDED if key == "url" else None)
            if text is None:
                continue
            problem = rules.value_problem(rule.value, f"source '{key}'", text)
            if problem:
                report(field_value.line, problem)
                continue
            fields[key] = text
        if "url" not in item.items:
            report(item.line, rules.SOURCE_WITHOUT_URL + (rules.SOURCE_SPLIT if number else ""))
        elif "url" in fields:
            address = rules.source_key(fields["url"])
            earlier = next((n for n, s in enumerate(sources, 1) if rules.source_key(s.url) == address), None)
            if earlier is not None:
                report(item.items["url"][1].line, rules.repeated_source(
                    earlier, fields["url"], sources[earlier - 1].url))
            sources.append(Source(**fields))
    return tuple(sources)
