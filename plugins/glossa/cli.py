"""The `glossa` command: what editors need between two builds, with the site's own configuration.

    glossa check [--fix]                      the problems `mkdocs build --strict` reports
    glossa report [--format json]             per page: blocks, annotations per kind, what needs work
    glossa new <page> "<quote>" --kind <kind> a new annotation file, its quote verified first
    glossa schema                             the JSON Schema of this site's front matter
    glossa import EXPORT.json --page <page>   annotation files from a W3C or Hypothesis export

Every subcommand but `schema --defaults` builds the site with its `mkdocs.yml` (`-f/--config-file`)
as `mkdocs build` does, into a temporary folder, and only the pages it needs (`site.py`): `check`
and `report` the annotated pages, `new` and `import` the editor's page (none for a page-level
`new`, which needs no quote checked). So it sees what a build
sees, and the site's own `site_dir` is left alone.

Subcommands are registered by small functions (`COMMANDS`), each through `add_command`: the `-f`
option and the function that runs it (`args.func(args)`, which returns the exit status). `import`
calls `importer.py`, which reads exports and needs no MkDocs. Exit status: 0 clean, 1 problems
found, 2 usage error.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

from . import writer
from .anchor import (
    DRIFT_CAUSES,
    INVISIBLE,
    Failure,
    Match,
    describe_difference,
    ends_as_quoted,
    find_quote,
    normalise,
    normalise_with_offsets,
    raw_span,
    word_edits,
)
from .blocks import UnreadablePage, split_blocks
from .docs_pages import only_md_pages, other_markdown
from .files import parse_annotation, taken_ids
from .model import Annotation, Kind, quoted
from .page import cannot_place
from .publication import folder_of, left_out_line
from .rules import (
    KEY_RULES,
    MAX_SUMMARY_CHARS,
    SOURCE_KEY_RULES,
    VERDICTS,
    closest,
    did_you_mean,
    free_id,
    id_from_words,
    id_problem,
    keys_problems,
    needed_values,
    suggested,
    summary_problem,
    unavailable_id,
    value_problem,
)
from .schema import schema_json
from .site import BuiltPage, Site, SiteError, open_site

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command cannot run as asked (a bad argument): exit 2, as for a site that cannot be read
    (`SiteError`). A line for each thing wrong, each said after 'glossa: '."""


# --- the command line's pieces -----------------------------------------------------------------


def add_command(subparsers: Any, name: str, *, help: str, description: str,
                run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    """A subcommand that takes `-f/--config-file` (before or after its name: SUPPRESS keeps the
    value given before) and runs `run(args)` for its exit status."""
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=help, description=description)
    parser.add_argument("-f", "--config-file", metavar="FILE", default=argparse.SUPPRESS,
                        help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    parser.set_defaults(func=run, command_usage=parser.format_usage)  # its options, once all added
    return parser


def page_key(argument: str, docs_name: str = "docs") -> str:
    """`<page>` as editors may type it: `a/b`, `a/b.md`, `docs/a/b.md` or `./docs/a/b.md` (as a
    shell completes it) all mean docs/a/b.md."""
    key = argument.strip().replace("\\", "/").strip("/")
    while key.startswith("./"):
        key = key[2:]
    key = key.removeprefix(f"{docs_name}/").removesuffix(".md")
    if not key or any(part in ("", ".", "..") for part in key.split("/")):
        raise UsageError(f"'{argument}' is not a page: give its path under {docs_name}/ without "
                         "'.md', e.g. 'index' or 'a/b'")
    return key


def _no_page(site: Site, key: str) -> str:
    """Why `key` names no page of the site, with the closest pages' keys."""
    if other := other_markdown(Path(site.config.docs_dir), key):
        return only_md_pages(site.docs_name, other, site.plugin.config.display_root)
    keys = [uri.removesuffix(".md") for uri in site.page_uris]
    # The folder's page as its address names it: docs/ref/index.md, or docs/ref/README.md, which
    # MkDocs publishes at ref/ too.
    index = next((page for page in (f"{key}/index", f"{key}/README", key.removesuffix("index") + "README")
                  if page in keys and page != key), None)
    hint = (suggested([index]) if index
            else did_you_mean(key, keys, count=3)
            or f": give its path under {site.docs_name}/ without '.md', e.g. 'index' or 'a/b'")
    return f"no page {site.docs_name}/{key}.md{hint}"


# --- glossa check -------------------------------------------------------------------------------


GUIDE = Path(__file__).with_name("EDITING.md")
"""The editors' guide, installed with the package: a site of one's own has no plugins/ folder."""

_PATH_AND_LINE = re.compile(r"(.*?):(\d+): ")


def _file_and_line(problem: str) -> tuple[str, int]:
    """Problems in the order an editor goes through them: file by file, line by line (the build
    finds a file's problems as it reads it, then as it weaves its page)."""
    found = _PATH_AND_LINE.match(problem)
    return (found[1], int(found[2])) if found else (problem, 0)


def register_check(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "check", help="report every annotation problem a strict build would report",
        description="Report every annotation problem `mkdocs build --strict` would report, as "
                    "path:line: message; the site's own site_dir is left alone. Exit 1 if there is any.",
        run=run_check)
    parser.add_argument("--fix", action="store_true",
                        help="rewrite drifted quotes to the passage found, when it is unique and close, "
                             "and print the change as a unified diff")


def run_check(args: argparse.Namespace) -> int:
    fixed = to_check = 0
    with open_site(args.config_file) as site:
        pages = site.build()
        problems = site.problems()
        for page in pages.values() if args.fix else ():
            unplaced = page.result.unanchored if page.result is not None else []
            drifted = [(annotation, failure) for annotation, failure in unplaced if failure.reason == "drift"]
            blocks = [block.text for block in split_blocks(page.plain_html)[0]] if drifted else []
            for annotation, failure in drifted:
                path = site.plugin.annotations_root / annotation.page / f"{annotation.id}.md"
                outcome = fix_drift(annotation, failure, blocks, site.plugin.settings.kinds, path)
                if isinstance(outcome, str):
                    print(f"{annotation.path}:{annotation.line_of('quote')}: not fixed: {outcome}",
                          file=sys.stderr)
                    continue
                diff, passage = outcome
                sys.stdout.writelines(diff)
                fixed += 1
                if why := _to_read_again(annotation, passage):
                    to_check += 1
                    print(f"{annotation.path}:{annotation.line_of('quote')}: check that this "
                          f"{annotation.kind} still applies: {why} "
                          f"({describe_difference(annotation.quote or '', passage)})", file=sys.stderr)
    if fixed:  # the problems left, read again from the files as fixed
        with open_site(args.config_file) as site:
            pages = site.build()
            problems = site.problems()
    count = sum(len(page.annotations) for page in pages.values())
    annotated = sum(src_uri in site.plugin.pages for src_uri in pages)
    for problem in sorted(problems, key=_file_and_line):
        print(problem, file=sys.stdout)
    if fixed:
        check = f"; read again the annotation{'s' * (to_check != 1)} named above" if to_check else ""
        print(f"glossa: fixed {fixed} drifted quote{'s' * (fixed != 1)}{check}", file=sys.stderr)
    if left_out := site.plugin.publication.left_out(site.plugin.config.display_root):
        print(f"glossa: {left_out_line(left_out)}", file=sys.stderr)
    if problems:
        print(f"glossa: {len(problems)} problem{'s' * (len(problems) != 1)} "
              f"(the annotation guide, {GUIDE}, explains each message)", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"glossa: no problems in {count} annotation{'s' * (count != 1)} on {annotated} "
          f"page{'s' * (annotated != 1)}", file=sys.stderr)
    return EXIT_CLEAN


_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))


_FIGURE = re.compile(r"[-+]?\d+(?:[.,]\d+)*|[$\u00a2-\u00a5\u20a0-\u20c0]")
"""A number with its sign, or a currency's sign: '-5' is not '5', nor '$5' '£5'."""


def _to_read_again(annotation: Annotation, passage: str) -> str | None:
    """Why a quote `--fix` moved asks its annotation to be read again: a correction's words
    changed, so the text may now say what it should; any other's figures changed ('257 steps'
    now '248 steps'), which its sources may not support, or any of its words did ('never' gone,
    'June' now 'May', 'can' now 'can't'), which may turn what it says around: a word one letter
    away may be another ('three' and 'there', 'woman' and 'women'), so a typo fixed asks too.
    Punctuation and letter case do not ask."""
    if annotation.is_correction:
        return "the words it corrects changed"
    if _figures(annotation.quote or "") != _figures(passage):
        return "a figure in its words changed"
    for gone, added in word_edits(annotation.quote or "", passage):
        if _as_compared(gone) != _as_compared(added):
            return "its words changed"
    return None


def _as_compared(words: str) -> list[str]:
    """Words as `_to_read_again` compares them: their letters and digits, in lower case, with an
    apostrophe within them straightened ('“Never,' is 'never', 'met—reluctantly' two words, '—'
    none), so that quotation marks or dashes the page writes otherwise are no changed word."""
    return [word.replace("\u2019", "'") for word in _WORD_OF_LETTERS.findall(words.lower())]


_WORD_OF_LETTERS = re.compile(r"\w+(?:['\u2019]\w+)*")


def _figures(words: str) -> list[str]:
    """Its figures (`_FIGURE`), a minus sign written as a hyphen, which an editor types for it."""
    return _FIGURE.findall(words.replace("\u2212", "-"))


def drifted_passage(failure: Failure, blocks: list[str]) -> str | None:
    """The passage a drifted quote now matches, as the page's blocks write it (typographic quotes
    kept)."""
    if failure.closest is None:
        return None
    raw = blocks[failure.closest.block]
    normalised, origin = normalise_with_offsets(raw)
    start = normalised.find(failure.closest.passage)
    if start < 0:
        return failure.closest.passage
    begin, end = raw_span(raw, origin, start, start + len(failure.closest.passage))
    passage = re.sub(r"\s+", " ", raw[begin:end].translate(_INVISIBLE)).strip()
    return passage if normalise(passage).strip() == failure.closest.passage else failure.closest.passage


def fix_drift(annotation: Annotation, failure: Failure, blocks: list[str], kinds: Mapping[str, Kind],
              path: Path) -> tuple[list[str], str] | str:
    """Rewrite the quote of a drifted annotation to the passage found in the page's `blocks` (their
    text as rendered); the diff and the new quote, or why not."""
    passage = drifted_passage(failure, blocks)
    if passage is None:
        return "no passage to move it to"
    passage = ends_as_quoted(passage, annotation.quote or "")
    found = find_quote([normalise(block) for block in blocks], passage, annotation.prefix,
                       annotation.suffix, annotation.occurrence)
    if not isinstance(found, Match):
        return f"the passage found, {quoted(passage)}, does not anchor either: {found.message}"
    try:
        old = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return f"cannot read the file ({error})"
    new = writer.with_quote(old, annotation, passage, kinds)
    if new is None:
        return "the quote's YAML could not be rewritten safely; change it by hand to " + quoted(passage)
    path.write_bytes(new.encode("utf-8"))
    return list(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     f"a/{annotation.path}", f"b/{annotation.path}")), passage


# --- glossa report ------------------------------------------------------------------------------


def register_report(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "report", help="per page: blocks, annotations per kind, what still needs work",
        description="For each annotated page: its blocks, the blocks annotated, the annotations of "
                    "each kind, corrections without an archived source, unanchored annotations, and "
                    "the files left off the site for their problems.",
        run=run_report)
    parser.add_argument("--format", choices=("table", "json"), default="table")


def run_report(args: argparse.Namespace) -> int:
    with open_site(args.config_file) as site:
        pages = site.build()
        problems = site.problems()
        left_out = site.plugin.publication.left_out(site.plugin.config.display_root)
        pageless = site.plugin.publication.pageless
        row_of = _row_of(site, pageless)
        counted = {"problems": Counter(row_of(_file_and_line(p)[0]) for p in problems),
                   "left_out": Counter(map(row_of, left_out))}
        rows = [_page_row(site, page, counted) for page in pages.values()
                if page.src_uri in site.plugin.pages]
        rows += [_row(site, key, None, counted) for key in sorted(pageless)]  # its source: None
        kinds = list(site.plugin.settings.kinds)
    total: dict[str, Any] = {"page": "total", "source": None}
    for name in ("blocks", "blocks_annotated"):
        total[name] = sum(row[name] for row in rows)
    total["annotations"] = {kind: sum(row["annotations"][kind] for row in rows) for kind in kinds}
    for name in ("corrections_without_archive", "unanchored"):
        total[name] = sum(row[name] for row in rows)
    total["left_out"] = len(left_out)
    total["problems"] = len(problems)
    if args.format == "json":
        json.dump({"pages": rows, "total": total, "files_left_out": left_out}, sys.stdout, indent=2,
                  ensure_ascii=False)
        print()
    else:
        sys.stdout.write(_table(rows, total, kinds))
        sys.stdout.write(_listed(rows, "files_without_archive", "no archive (corrections none of "
                                 "whose sources gives an 'archive' copy)"))
        sys.stdout.write(_listed(rows, "files_unanchored", "unanchored (`glossa check` says why)"))
        sys.stdout.write(_listed([{"files": left_out}], "files", "left off the site (`glossa check` "
                                 "says why)"))
    if problems:
        print(f"glossa: {len(problems)} problem{'s' * (len(problems) != 1)}; `glossa check` lists them",
              file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_CLEAN


def _row_of(site: Site, pageless: set[str]) -> Callable[[str], str | None]:
    """The row of the report a problem's file (or a file left out) is counted in, by its path: its
    page's (the page's Markdown, or a file of its folder), or its folder's, when the folder's page
    is gone (`pageless`, which get a row each); None for the rest (a file at the top of the
    annotations folder, a link of a page without annotations)."""
    root = site.plugin.config.display_root
    pages = {f"{site.docs_name}/{uri}": state.key for uri, state in site.plugin.pages.items()}
    keys = set(pages.values()) | pageless

    def row_of(path: str) -> str | None:
        if path in pages:
            return pages[path]
        if path.startswith(f"{root}/") and path[len(root) + 1:] in pageless:  # the folder itself
            return path[len(root) + 1:]
        folder = folder_of(path, root)
        return folder if folder in keys else None

    return row_of


def _page_row(site: Site, page: BuiltPage, counted: dict[str, Counter[str | None]]) -> dict[str, Any]:
    annotations, result = page.annotations, page.result
    return _row(site, site.plugin.pages[page.src_uri].key, f"{site.docs_name}/{page.src_uri}", counted,
                annotations, result.block_count if result is not None else 0,
                len({p.block for p in result.placements}) if result is not None else 0,
                [a.path for a, _ in result.unanchored] if result is not None else [])


def _row(site: Site, key: str, source: str | None, counted: dict[str, Counter[str | None]],
         annotations: Sequence[Annotation] = (), blocks: int = 0, annotated: int = 0,
         unanchored: Sequence[str] = ()) -> dict[str, Any]:
    """A row of the report: a page's, or, with its source None, a folder's whose page is gone."""
    without_archive = [a.path for a in annotations
                       if a.is_correction and not any(s.archive for s in a.sources)]
    return {
        "page": key,
        "source": source,
        "blocks": blocks,
        "blocks_annotated": annotated,
        "annotations": {kind: sum(a.kind == kind for a in annotations)
                        for kind in site.plugin.settings.kinds},
        "corrections_without_archive": len(without_archive),
        "unanchored": len(unanchored),
        "left_out": counted["left_out"][key],
        "problems": counted["problems"][key],
        "files_without_archive": without_archive,
        "files_unanchored": list(unanchored),
    }


def _listed(rows: Sequence[dict[str, Any]], key: str, title: str) -> str:
    """The files a column counts, for an editor to open: a count alone said which pages only."""
    files = [path for row in rows for path in row[key]]
    return f"\n{title}:\n" + "".join(f"  {path}\n" for path in files) if files else ""


def _table(rows: Sequence[dict[str, Any]], total: dict[str, Any], kinds: Sequence[str]) -> str:
    head = ["page", "blocks", "annotated", *kinds, "no archive", "unanchored", "left out", "problems"]
    body = [[row["page"] if row["source"] is not None or row is total else f"{row['page']} (no page)",
             row["blocks"], row["blocks_annotated"], *(row["annotations"][k] for k in kinds),
             row["corrections_without_archive"], row["unanchored"], row["left_out"], row["problems"]]
            for row in [*rows, total]]
    widths = [max(len(str(cell)) for cell in column) for column in zip(head, *body, strict=True)]
    lines = []
    for cells in [head, *body]:
        lines.append("  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip())
    return "\n".join(lines) + "\n"


# --- glossa new ---------------------------------------------------------------------------------


def register_new(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "new", help="write a new annotation file, its quote verified against the page",
        description="Write annotations/<page>/<id>.md with the front matter of its kind, after "
                    "checking that the quote anchors in the page. Never overwrites a file.",
        run=run_new)
    parser.add_argument("page", help="the page's path under docs/ without '.md', e.g. 'index' or 'a/b'")
    parser.add_argument("quote", nargs="?",
                        help="the exact words of the page, as readers see them (omit for a page-level "
                             "annotation, then give --id)")
    parser.add_argument("--kind", required=True, help="correction, source, note, or a kind of mkdocs.yml")
    parser.add_argument("--id", help="the file name without '.md' (default: from the quote's first words)")
    parser.add_argument("--prefix", help="the words right before the quote, when it occurs more than once")
    parser.add_argument("--suffix", help="the words right after the quote, when it occurs more than once")
    parser.add_argument("--occurrence", metavar="N",
                        help="which match of the quote, counting from 1 in page order, when prefix "
                             "and suffix cannot tell them apart (identical paragraphs)")
    parser.add_argument("--verdict", help=f"for a correction: {', '.join(VERDICTS)}")
    parser.add_argument("--source", action="append", default=[], metavar="URL",
                        help="a source's http(s) address (repeat for several)")
    parser.add_argument("--summary", help=f"one line of plain text (at most {MAX_SUMMARY_CHARS} "
                                          "characters) saying what the record shows")
    parser.add_argument("--language", metavar="TAG",
                        help="the language the body is written in, when it is not the site's (BCP 47, "
                             "e.g. 'fr')")
    parser.add_argument("--author", help="who writes it, as shown to readers")
    parser.add_argument("--date", help="when it was written, YYYY-MM-DD (default: today)")


QUOTE_ID_LENGTH = 40
"""The longest id `glossa new` makes of a quote's first words: a file name to read, not a sentence."""


NEW_OPTIONS = ("quote", "prefix", "suffix", "occurrence", "verdict", "summary", "language", "author",
               "date")
"""The keys of the front matter `glossa new` takes a value of, each from its option (the quote from
its argument); `kind` and `sources` apart."""


def _option(key: str) -> str:
    """A key of the front matter as `glossa new`'s messages name it: by what gives its value."""
    return "the quote" if key == "quote" else f"--{key}"


def given_problem(given: Mapping[str, str], sources: Sequence[str]) -> str | None:
    """What keeps the values given to `glossa new` (`NEW_OPTIONS`) from being read back from the
    file, by the build's rules (`rules.value_problem`...) and in its words, each value named by its
    option, every one at once, a line each; None if nothing. The kind is checked once the site's
    kinds are known (`kind_problem`)."""
    blank_quote = "the exact words, or leave it out for a page-level annotation"
    wrong = [problem for key, text in given.items()
             if (problem := value_problem(KEY_RULES[key].value, _option(key), text,
                                          blank_quote if key == "quote" else None))]
    wrong += [problem for url in sources
              if (problem := value_problem(SOURCE_KEY_RULES["url"].value, "--source", url))]
    if not wrong:  # what the values say of each other, once each value reads
        wrong += [message for _, message in keys_problems(given, None, _option)]
    if "summary" in given and (problem := summary_problem(given["summary"])):
        wrong.append(f"--summary: {problem}")  # a warning in a build, which shows the body's first sentence
    return "\n".join(wrong) or None


def kind_problem(name: str, given: Mapping[str, str], kinds: Mapping[str, Kind]) -> str | None:
    """What keeps `--kind NAME` from being the kind of an annotation with the values `given`."""
    if wrong := value_problem(KEY_RULES["kind"].value, "--kind", name, needed_values(None, kinds)["kind"],
                              kinds):
        return wrong
    found = keys_problems(given, kinds[name], _option)
    return found[0][1] if found else None


def run_new(args: argparse.Namespace) -> int:
    given = {key: text for key in NEW_OPTIONS if (text := getattr(args, key)) is not None}
    if wrong := given_problem(given, args.source):
        raise UsageError(wrong)
    if args.quote is None and not args.id:
        raise UsageError("a page-level annotation (no quote) needs --id")
    if args.id and (wrong := id_problem(args.id, "--id")):
        raise UsageError(wrong)
    occurrence = int(args.occurrence) if args.occurrence is not None else None  # checked: digits
    with open_site(args.config_file) as site:
        key = page_key(args.page, site.docs_name)
        src_uri = f"{key}.md"
        page_path = f"{site.docs_name}/{src_uri}"
        built = site.build([src_uri] if args.quote is not None else [])
        kinds = site.plugin.settings.kinds
        if wrong := kind_problem(args.kind, given, kinds):
            raise UsageError(wrong)
        kind = kinds[args.kind]
        if src_uri not in site.page_uris:
            raise UsageError(_no_page(site, key))
        if args.quote is not None and (wrong := _quote_problem(built[src_uri].plain_html, page_path,
                                                               args, occurrence)):
            print(f"glossa: {wrong}", file=sys.stderr)
            return EXIT_PROBLEMS
        id = args.id or id_from_words(args.quote or "", QUOTE_ID_LENGTH)
        if not id:
            raise UsageError("the quote has no letters a-z or digits to make an id of (an id is "
                             "a-z, 0-9 and hyphens): give one with --id")
        folder = site.plugin.annotations_root / key
        taken = taken_ids(folder)
        if not args.id:  # made of the quote's words: valid, and numbered if reserved or taken
            made, id = id, free_id(id, taken)
            if id != made:
                print(f"glossa: {unavailable_id(made, id)} (or give one with --id)", file=sys.stderr)
        display = f"{site.plugin.config.display_root}/{key}/{id}.md"
        clash = taken.get(id)
        if clash is not None:
            print(f"glossa: {display} already exists{'' if clash == id + '.md' else f' (as {clash})'}; "
                  "give another id with --id", file=sys.stderr)
            return EXIT_PROBLEMS
        text = writer.skeleton(kind, args.quote, prefix=args.prefix, suffix=args.suffix,
                               occurrence=occurrence, verdict=args.verdict,
                               sources=args.source, summary=args.summary, language=args.language,
                               author=args.author,
                               today=datetime.date.fromisoformat(args.date) if args.date
                               else datetime.date.today())  # checked: a day of the calendar
        if not _write_new_file(site, folder / f"{id}.md", display, text):
            return EXIT_PROBLEMS
        todo = parse_annotation(text.encode("utf-8"), id, key, display, kinds)
    print(display, file=sys.stdout)
    if isinstance(todo, list):
        print("glossa: written; still to fill in before it is published:", file=sys.stderr)
        for problem in todo:
            print(f"  {problem}", file=sys.stderr)
    return EXIT_CLEAN


def _quote_problem(page_html: str, page_path: str, args: argparse.Namespace,
                   occurrence: int | None) -> str | None:
    """Why `glossa new`'s quote cannot be anchored in the page, as the build would say it, with
    the options that would make it anchor; None when it anchors."""
    try:
        blocks = [normalise(block.text) for block in split_blocks(page_html)[0]]
    except UnreadablePage as error:
        return f"{page_path}: {cannot_place(error)}"
    found = find_quote(blocks, args.quote, args.prefix, args.suffix, occurrence)
    if isinstance(found, Match):
        return None
    message = found.message  # the page has not changed under a quote not written yet
    for cause in DRIFT_CAUSES:
        message = message.replace(cause, "it differs from the page's words (a typo?)")
    options = ("\n(here: --prefix TEXT, --suffix TEXT or --occurrence N)"
               if found.reason == "ambiguous" else
               "\n(here: --occurrence N, which may be left out)" if found.reason == "occurrence" else
               "; nothing is written: copy the words from the page as it reads, or leave "
               "out the quote and give --id for an annotation about the whole page"
               if found.advice else "")
    return f"quote {quoted(args.quote)} in {page_path}: {message}{options}"


def _write_new_file(site: Site, path: Path, display: str, text: str) -> bool:
    """Write a new annotation file, never over one (False, said, if it exists by now); the
    annotations folder is made if need be, and said, since a typo in the option makes one too."""
    made_root = not site.plugin.annotations_root.is_dir()  # a first annotation, or a typo
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if made_root:
            print(f"glossa: made the annotations folder {site.plugin.config.display_root}/ "
                  f"('annotations_dir' in {site.plugin.config_name})", file=sys.stderr)
        with open(path, "x", encoding="utf-8", newline="\n") as new_file:
            new_file.write(text)
    except FileExistsError:
        print(f"glossa: {display} already exists; give another id with --id", file=sys.stderr)
        return False
    except OSError as error:
        raise UsageError(f"cannot write {display}: {error.strerror}") from None
    return True


# --- glossa schema ------------------------------------------------------------------------------


def register_schema(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "schema", help="print the JSON Schema of this site's annotation front matter",
        description="Print the JSON Schema (draft 2020-12) of the front matter, with this site's kinds.",
        run=run_schema)
    parser.add_argument("--defaults", action="store_true",
                        help="the schema for the default kinds, without reading mkdocs.yml")


def run_schema(args: argparse.Namespace) -> int:
    if args.defaults:
        sys.stdout.write(schema_json())
        return EXIT_CLEAN
    with open_site(args.config_file) as site:
        site.build(())  # no page: the site's kinds, as the build reads them
        sys.stdout.write(schema_json(site.plugin.settings.kinds))
    return EXIT_CLEAN


# --- glossa import -----------------------------------------------------------------------------


def register_import(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "import",
        help="turn a W3C Web Annotation or Hypothesis export into annotation files",
        description="Write annotations/<page>/<id>.md for each annotation of EXPORT.json (a W3C "
                    "Web Annotation export, Glossa's own or another tool's, or a Hypothesis "
                    "export), check that each one anchors in the page, and never overwrite a file.",
        run=run_import)
    parser.add_argument("export", metavar="EXPORT.json", type=Path, help="the export to read")
    parser.add_argument("--page", required=True,
                        help="the page the annotations are about: its path under docs/ without "
                             "'.md' (e.g. 'openai-is-crashing')")
    parser.add_argument("--tag-kind", action="append", default=[], metavar="TAG=KIND",
                        help="give annotations tagged TAG the kind KIND (repeatable); others take the kind a "
                             "tag names, or their motivation's, else the kind readers write (INTEROP.md)")
    parser.add_argument("--author", help="author for annotations whose export names none")
    parser.add_argument("--dry-run", action="store_true", help="report, but write nothing")


def run_import(args: argparse.Namespace) -> int:
    """0 when every annotation was written and anchors, 1 otherwise, 2 when nothing could be done
    (the export or the site cannot be read)."""
    from . import importer  # markdownify and BeautifulSoup: loaded for this command only

    try:
        tag_kinds = _tag_kinds(args.tag_kind)
        data = importer.read_export(args.export)
        with open_site(args.config_file) as site:
            key = page_key(args.page, site.docs_name)
            page_path = f"{site.docs_name}/{key}.md"
            page = site.build([f"{key}.md"]).get(f"{key}.md")
            if page is None:
                raise UsageError(_no_page(site, key))
            kinds = site.plugin.settings.kinds
            unknown = sorted(set(tag_kinds.values()) - set(kinds))
            if unknown:
                raise UsageError(f"--tag-kind names unknown kinds: {', '.join(unknown)}; "
                                 f"kinds: {', '.join(kinds)}")
            try:
                blocks, _leading = split_blocks(page.plain_html)
            except UnreadablePage as error:
                raise UsageError(f"{page_path}: {cannot_place(error)}") from None
            report = importer.import_annotations(
                data, page=key, folder=site.plugin.annotations_root / key, kinds=kinds,
                blocks=[block.text for block in blocks], tag_kinds=tag_kinds,
                default_author=args.author, dry_run=args.dry_run,
                display_root=site.plugin.config.display_root, site_language=site.config.theme.get("language"))
    except importer.UnreadableExport as error:
        print(f"glossa import: {args.export}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (UsageError, SiteError) as error:
        print(f"glossa import: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(report.text())
    return EXIT_CLEAN if report.ok else EXIT_PROBLEMS


def _tag_kinds(pairs: Sequence[str]) -> dict[str, str]:
    """TAG=KIND pairs, tags in lower case: tags match whatever their letter case."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        tag, sep, kind = pair.partition("=")
        if not sep or not tag.strip() or not kind.strip():
            raise UsageError(f"--tag-kind wants TAG=KIND, not '{pair}'")
        tag = tag.strip().lower()
        if mapping.get(tag, kind.strip()) != kind.strip():
            raise UsageError(f"--tag-kind maps the tag '{tag}' twice, to '{mapping[tag]}' and to "
                             f"'{kind.strip()}': keep one")
        mapping[tag] = kind.strip()
    return mapping


# --- the command --------------------------------------------------------------------------------

COMMANDS: tuple[Callable[[Any], None], ...] = (register_check, register_report, register_new,
                                                register_schema, register_import)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="glossa", description="Check, report on and start the annotations of a Glossa site.",
        epilog=f"Exit status: 0 clean, 1 problems found, 2 usage error. Editors' guide: {GUIDE}")
    parser.add_argument("-f", "--config-file", metavar="FILE", default="mkdocs.yml",
                        help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for register in COMMANDS:
        register(subparsers)
    return parser


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line, read as editors type it: argparse reads a command's positionals in one
    run, so the quote of `glossa new page --kind note "the words"` was refused as an unrecognised
    argument (and `parse_intermixed_args` does not take subcommands). Exits 2 on a usage error."""
    args, left_over = parser.parse_known_args(argv)
    if getattr(args, "quote", "") is None and ((left_over[:1] == ["--"] and len(left_over) == 2) or
                                               (len(left_over) == 1 and not left_over[0].startswith("-"))):
        args.quote = left_over[-1]  # after '--', a quote may start with '-': "-5% growth"
        left_over = []
    if left_over:
        usage = args.command_usage() if "command_usage" in args else ""
        parser.error(f"unrecognized arguments: {' '.join(left_over)}{_options_meant(left_over, usage)}")
    return args


def _options_meant(given: Sequence[str], usage: str) -> str:
    """' (did you mean '--summary'?)' for each misspelt option of `given`, by the options its
    command's `usage` names; their shared '--' aside, and closer than other names are ('--prefix'
    is not '--fix'), since a wrong guess misleads more than none."""
    options = ["config-file", *re.findall(r"--([a-z][a-z-]*)", usage)]  # `-f FILE` in the usage
    return "".join(suggested([f"--{name}" for name in closest(option[2:].split("=")[0], options,
                                                                cutoff=0.75)])
                   for option in given if option.startswith("--"))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(build_parser(), argv)
    from mkdocs.exceptions import MkDocsException

    status = EXIT_PROBLEMS  # until the command has finished: its output may be cut before a problem
    try:
        status = args.func(args)
        sys.stdout.flush()  # a reader gone (`| head`) is met here, not at exit
    except (UsageError, SiteError) as error:
        print("\n".join(f"glossa: {line}" for line in str(error).splitlines()), file=sys.stderr)
        return EXIT_USAGE
    except MkDocsException as error:  # a plugin's error while a page is rendered, as in a build
        message = str(error)
        print(message if message.startswith("glossa: ") else f"glossa: {message}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `glossa report | head` stopped reading: quietly, as Python's docs say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # for the flush at exit
        return status  # what the command found, if it got that far
    return status


if __name__ == "__main__":
    sys.exit(main())
