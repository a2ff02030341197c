"""A publication's annotations: every file of the annotations folder, read and checked.

Engine-neutral: the MkDocs plugin reads the folder once a build (`on_files`), the Markdown
extension once a build too, and both keep one `Reader` across `mkdocs serve` rebuilds, so that a
save reads again only the file that changed.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import frontmatter, rules
from .anchor import is_telling
from .docs_pages import PagesText, only_md_pages, other_markdown
from .files import AnnotationFile, find_annotation_files, read_annotation_file
from .model import Annotation, Kind, Problem


@dataclass
class Publication:
    """What the annotations folder holds: each page's annotations, and what is wrong with it."""

    annotations: dict[str, list[Annotation]] = field(default_factory=dict)
    """Page key (`openai-is-crashing`, the page's path in `docs/` without `.md`) -> its
    annotations, in the order of their file names."""
    folders: set[str] = field(default_factory=set)
    """Every page key whose folder holds a file named as an annotation (`<id>.md`), even one whose
    files all have problems. A folder of misnamed files only is not a page's: its files' names
    are reported, and its page is woven as one without annotations."""
    problems: list[Problem] = field(default_factory=list)
    pageless: set[str] = field(default_factory=set)
    """The folders whose page does not exist, as `_folders_without_page` finds them."""

    def report_misplaced(self, root: Path, display_root: str, texts: PagesText,
                         is_page: Callable[[str], bool], page_keys: Iterable[str]) -> None:
        """Add to `problems` where misplaced annotations belong: a file saved in the folder itself
        (`root`) is told its page, a folder named after no page the closest one. Each engine's
        one call for both, before it reports the problems."""
        self._place_loose_files(root, display_root, texts, is_page)
        self.problems += self._folders_without_page(is_page, display_root, texts, page_keys)

    def _folders_without_page(self, is_page: Callable[[str], bool], display_root: str,
                             texts: PagesText, page_keys: Iterable[str]) -> list[Problem]:
        """A problem for each folder whose page (`is_page(key)`: `docs/<key>.md` is a page of the
        site) does not exist, saying where the files belong: by the folder's path
        (`_belongs_by_path`), else by the page's name or its quotes (`_belongs_by_name`), with
        `page_keys` read only then. `texts`: the build's docs folder (`PagesText`), read only if a
        page is looked for by its quotes."""
        docs_name = texts.docs.name
        problems: list[Problem] = []
        pages: list[str] | None = None
        folded: dict[str, str] = {}
        for key in sorted(self.folders):
            if is_page(key):
                continue
            self.pageless.add(key)
            found = _belongs_by_path(key, is_page, texts.docs, display_root)
            if found is None:
                if pages is None:
                    pages = list(page_keys)
                    folded = {_folded(k): k for k in pages}
                found = self._belongs_by_name(key, pages, folded, texts, display_root)
            about, advice = found
            problems.append(Problem(f"{display_root}/{key}", 1, "annotation folder for a page that does "
                                    f"not exist: expected {docs_name}/{key}.md; {advice}", about))
        return problems

    def _belongs_by_name(self, key: str, pages: list[str], folded: Mapping[str, str], texts: PagesText,
                         display_root: str) -> tuple[str | None, str]:
        """The page a folder's files may belong to, and what to do: a page that differs only in
        letter case or in how an accent is encoded (`é` or `e` and a combining accent, as macOS
        may write it; `folded`, the pages by `_folded` name), a page whose Markdown holds its
        quotes (`_holding_quotes`: renamed to, if it has no annotations, else the files' own
        page), or else a page named like it, one without annotations first."""
        docs_name = texts.docs.name
        if (page := folded.get(_folded(key))) is not None:
            return page, (f"the page {docs_name}/{page}.md differs from it only in letter case or in "
                          "how an accent is encoded: rename the folder after the page")
        page = _holding_quotes(key, pages, self.annotations.get(key, ()), texts) \
            or _named_like(key, [k for k in pages if k not in self.folders]) \
            or _named_like(key, [k for k in pages if k in self.folders])
        if page is None:
            return None, (f"if the page was renamed, rename the folder to match; if it was deleted, "
                          f"delete {display_root}/{key}/ too")
        if page not in self.folders:
            return page, (f"if the page is now {docs_name}/{page}.md, rename the folder to "
                          f"{display_root}/{page}/")
        return page, f"if they are about {docs_name}/{page}.md, move the files into {display_root}/{page}/"

    def _place_loose_files(self, root: Path, display_root: str, texts: PagesText,
                           is_page: Callable[[str], bool]) -> None:
        """A file in the annotations folder itself (`root`), in no page's folder, is told the page
        that holds its quote, or, where the quote is too short to tell, the page whose name it
        has (`is_page`: a page of the site), and shown in that page's preview: a first annotation
        saved beside the folders was told their layout, not its page."""
        for index, problem in enumerate(self.problems):
            name = problem.path.removeprefix(f"{display_root}/")
            if name == problem.path or "/" in name or not name.endswith(".md"):
                continue
            holding = texts.holding(quote) if (quote := _quote_of(root / name)) else []
            if len(holding) == 1:
                self.problems[index] = Problem(problem.path, problem.line, (
                    f"{problem.message}; its quote is in {texts.docs.name}/{holding[0]}.md: move it "
                    f"to {display_root}/{holding[0]}/{name}"), holding[0])
            elif page := next((key for key in (name.removesuffix(".md"), name.removesuffix(".md") + "/index")
                               if is_page(key)), None):
                self.problems[index] = Problem(problem.path, problem.line, (
                    f"{problem.message}; if it is about {texts.docs.name}/{page}.md, whose name it "
                    f"has, move it into {display_root}/{page}/ (as {display_root}/{page}/{name}, or "
                    "under a name of its own)"), page)

    def problems_of(self, key: str, display_root: str) -> list[Problem]:
        """The problems of the files of the page `key`'s own folder (not of a folder inside it),
        each of a file left out of the page, of a folder whose files may be the page's (a page
        renamed, its folder not), and of the annotations folder itself (missing: every page's)."""
        return [problem for problem in self.problems
                if in_folder_of(key, problem.path, display_root) or problem.about == key
                or problem.path == display_root]

    def left_out(self, display_root: str) -> list[str]:
        """The files that the problems keep off the site (SPEC §2: a file with a problem is left
        out whole), each once, in alphabetical order: their messages say why, and not that. A
        folder whose page does not exist gives its files, so that they can be counted against the
        cards; the annotations folder itself, when it is missing, has none."""
        paths = [a.path for key in self.pageless for a in self.annotations.get(key, ())]
        paths += [problem.path for problem in self.problems if problem.path != display_root
                  and problem.path.removeprefix(f"{display_root}/") not in self.pageless]
        return sorted(set(paths))

    def corrected(self) -> set[str]:
        """The keys of the pages with at least one correction."""
        return {key for key, annotations in self.annotations.items()
                if any(annotation.is_correction for annotation in annotations)}


def left_out_line(paths: Sequence[str]) -> str:
    """Said after the problems, by the build and by `glossa check`: each message says what is
    wrong, and an editor missed that the card is then not shown at all."""
    return f"left off the site until their problems are fixed: {', '.join(paths)}"


def in_folder_of(key: str, path: str, display_root: str) -> bool:
    """Whether `path` is a file of the page `key`'s annotations folder (`folder_of`)."""
    return folder_of(path, display_root) == key


def folder_of(path: str, display_root: str) -> str | None:
    """The page key whose annotations folder holds the file `path` directly, since a folder inside
    it holds another page's (`guide/intro/` is `guide/intro.md`'s); None outside the folder."""
    if not path.startswith(f"{display_root}/"):
        return None
    return path[len(display_root) + 1:].rpartition("/")[0]


def unpublished(key: str, state: str, display_root: str, docs_name: str) -> str:
    """Said, not warned of, for an annotated page the engine does not build (`state`: "a draft",
    "excluded"): a draft is work in progress, and `--strict` should not fail on it."""
    return (f"{display_root}/{key}: {docs_name}/{key}.md is {state}, so its annotations are "
            "not published either")


def _copies(annotations: Iterable[Annotation]) -> dict[str, Problem]:
    """A problem for each annotation that says what another of its page says: a copied file,
    which would be shown twice. Two readers' notes of the same words are not copies, so the author
    counts, as the summary does; the dates do not (a copy's are often edited). The one kept is
    the one with the shortest id (`quarter`, not `quarter-copy`; then the first in alphabetical
    order), so that links to it still lead to it.
    Which is the copy cannot be known (a checkout gives files one time; git's history is not
    read): a copy with a shorter name (`q`) is kept in the original's place until it is deleted,
    which the message allows for."""
    alike: dict[tuple[object, ...], list[Annotation]] = {}
    for a in annotations:
        alike.setdefault((a.page, a.kind, a.quote, a.prefix, a.suffix, a.occurrence, a.author,
                          a.verdict, a.sources, a.summary, a.body.strip()), []).append(a)
    problems = {}
    for group in alike.values():
        kept = min(group, key=lambda a: (len(a.id), a.id))
        for copy in group:
            if copy is not kept:
                problems[copy.path] = Problem(copy.path, 1, (
                    f"the same annotation as {kept.path} (its kind, quote, author, verdict, "
                    "sources, summary and body); only that one is kept (the shortest id, then the "
                    "first in alphabetical order): delete whichever of the two is the copy, or "
                    "change what it says"))
    return problems


def _quote_of(path: Path) -> str | None:
    """A file's `quote:`, read only to say where a file in no page's folder belongs: by the
    build's one YAML reader (`frontmatter`)."""
    if path.is_symlink() or not path.is_file():  # as the reader, which refuses links
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        end = frontmatter.closing_line(lines)
        front = frontmatter.parse_yaml("\n".join(lines[1:end])) if end else None
    except (OSError, UnicodeDecodeError, frontmatter.FrontMatterError):
        return None
    entry = front.items.get("quote") if isinstance(front, frontmatter.Mapping) else None  # (line, node)
    return entry[1].value if entry and isinstance(entry[1], frontmatter.Scalar) else None


def _belongs_by_path(key: str, is_page: Callable[[str], bool], docs: Path, display_root: str
                     ) -> tuple[str | None, str] | None:
    """The page a folder's files belong to by its path, and what to do: a folder named after the
    page's file or its path from the repository, a page under another Markdown ending, `guide` for
    `guide/index`, a folder in a page's folder; None if none is."""
    docs_name = docs.name
    meant = next((k for k in (key.removesuffix(".md"), key.removeprefix(f"{docs_name}/"))
                  if k != key and is_page(k)), None)
    if meant is not None:
        return meant, (f"the folder of {docs_name}/{meant}.md is {display_root}/{meant}/ (its path "
                       "in the docs folder, without '.md'): move the files there")
    if other := other_markdown(docs, key):
        return None, only_md_pages(docs_name, other, display_root)
    if is_page(f"{key}/index"):
        return f"{key}/index", (f"the page {docs_name}/{key}/index.md takes its annotations from "
                                f"{display_root}/{key}/index/: move the files there")
    if "/" in key and is_page(parent := key.rsplit("/", 1)[0]):
        return parent, (f"the annotations of {docs_name}/{parent}.md go directly in "
                        f"{display_root}/{parent}/: move the files there")
    return None


def _holding_quotes(key: str, pages: list[str], annotations: Iterable[Annotation],
                    texts: PagesText) -> str | None:
    """The page the folder `key`'s files are about, by their words: the one whose Markdown holds
    most of its telling quotes (`PagesText.holding`), at least half of them (`crash.md` for
    `openai-is-crashing/`, which no name is like); of several that hold as many, the one named
    most like it. A page the words are in wins over one only named like the folder."""
    quotes = {a.quote for a in annotations if a.quote and is_telling(a.quote)}
    held = Counter(page for quote in quotes for page in texts.holding(quote, pages))
    most = max(held.values(), default=0)
    holding = [page for page, count in held.items() if count == most] if 2 * most >= len(quotes) else []
    return holding[0] if len(holding) == 1 else _named_like(key, holding)


def _named_like(key: str, pages: list[str]) -> str | None:
    """The page of `pages` named most like `key`, if any is close."""
    return next(iter(rules.closest(key, pages)), None)


def _folded(key: str) -> str:
    return unicodedata.normalize("NFC", key).casefold()


class Reader:
    """Reads `root` into a `Publication`. With `cache`, a file is read again only when its
    modification time or size changed: only `mkdocs serve` builds more than once."""

    def __init__(self, root: Path, display_root: str, *, cache: bool = False) -> None:
        self.root, self.display_root, self.cache = root, display_root, cache
        self._read: dict[Path, tuple[tuple[int, int], Annotation | list[Problem]]] = {}
        self._kinds: Mapping[str, Kind] = {}

    def read(self, kinds: Mapping[str, Kind], config_name: str) -> Publication:
        """`config_name`: the site's configuration file, which a missing folder is said beside."""
        if kinds != self._kinds:
            self._read.clear()  # files are checked against the kinds: mkdocs.yml changed
            self._kinds = kinds
        found, problems = find_annotation_files(self.root, self.display_root, config_name)
        publication = Publication(problems=problems,
                                  folders={file.page for file in found if file.name_problem is None})
        read: list[Annotation] = []
        for file in found:
            result = self._file(file, kinds)
            if file.name_problem is not None:
                problems.append(file.name_problem)
            if isinstance(result, list):
                problems.extend(result)
            elif file.name_problem is None:
                read.append(result)
        copies = _copies(read)
        for annotation in read:
            if annotation.path in copies:
                problems.append(copies[annotation.path])
            else:
                publication.annotations.setdefault(annotation.page, []).append(annotation)
        seen = {file.path for file in found}
        for path in [path for path in self._read if path not in seen]:
            del self._read[path]
        return publication

    def _file(self, file: AnnotationFile, kinds: Mapping[str, Kind]) -> Annotation | list[Problem]:
        if not self.cache:
            return read_annotation_file(file, kinds)
        try:
            stat = file.path.stat()
        except OSError:
            return read_annotation_file(file, kinds)
        key = (stat.st_mtime_ns, stat.st_size)
        cached = self._read.get(file.path)
        if cached is None or cached[0] != key:
            cached = self._read[file.path] = (key, read_annotation_file(file, kinds))
        return cached[1]
