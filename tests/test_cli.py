"""The `glossa` command: check, check --fix, report, new and schema, on real projects."""

from __future__ import annotations

import datetime
import json
import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from glossa import bodies, cli, writer
from glossa.anchor import ends_as_quoted
from glossa.files import parse_annotation
from glossa.model import DEFAULT_KINDS, Annotation
from helpers import SCHEMA_FILE, annotation, build, write_project

PAGE = """\
# Home

Chief Scientist Ilya Sutskever passed away in May.

The board met twice. The board met twice.

Revenue grew **fast** in 2024.
"""


def run(capsys: pytest.CaptureFixture[str], project: Path, *args: str) -> tuple[int, str, str]:
    """`glossa <args> -f <project>/mkdocs.yml` in this process: exit status, stdout, stderr."""
    status = cli.main([*args, "-f", str(project / "mkdocs.yml")])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def problems_of(output: str) -> list[str]:
    """`glossa check` output -> one string per problem (continuation lines are indented)."""
    problems: list[str] = []
    for line in output.splitlines():
        if line.startswith(" ") and problems:
            problems[-1] += "\n" + line
        elif line:
            problems.append(line)
    return problems


# --- check: the same problems as a strict build, each once --------------------------------------

BROKEN = {
    "index/unknown-key.md": "---\nkind: note\nauthor: A\nqoute: passed away\n---\nBody.\n",
    "index/missing-verdict.md": "---\nkind: correction\nsources:\n  - url: https://a.example\n---\nBody.\n",
    "index/unknown-kind.md": "---\nkind: nots\nauthor: A\n---\nBody.\n",
    "index/unknown-verdict.md": "---\nkind: correction\nverdict: wrong\nsources:\n"
                                "  - url: https://a.example\n---\nBody.\n",
    "index/bad-date.md": "---\nkind: note\nauthor: A\ndate: 2026-13-01\n---\nBody.\n",
    "index/ftp-url.md": "---\nkind: source\nsources:\n  - url: ftp://a.example/x\n---\nBody.\n",
    "index/yaml-error.md": "---\nkind: note\nauthor: A\nquote: [unclosed\n---\nBody.\n",
    "index/duplicate-key.md": "---\nkind: note\nauthor: A\nauthor: B\n---\nBody.\n",
    "index/alias.md": "---\nkind: note\nauthor: &who A\nquote: *who\n---\nBody.\n",
    "index/empty-body.md": "---\nkind: note\nauthor: A\n---\n",
    "index/foo.md": "---\nkind: note\nauthor: A\n---\nBody.\n",
    "index/Foo.md": "---\nkind: note\nauthor: A\n---\nBody.\n",
    "index/markdown-quote.md": "---\nkind: note\nauthor: A\nquote: Revenue grew **fast**\n---\nBody.\n",
    "index/not-found.md": "---\nkind: note\nauthor: A\nquote: Completely unrelated words\n---\nBody.\n",
    "index/ambiguous.md": "---\nkind: note\nauthor: A\nquote: The board met twice.\n---\nBody.\n",
    "index/drift.md": "---\nkind: note\nauthor: A\nquote: Ilya Sutskever passed away in June.\n---\nB.\n",
    "missing-page/orphan.md": "---\nkind: note\nauthor: A\n---\nBody.\n",
    "index/copied.md": "---\nkind: note\nauthor: A\n---\nCopied.\n",
    "index/copied-2.md": "---\nkind: note\nauthor: A\n---\nCopied.\n",
}
EXPECTED = [
    "annotations/index/Foo.md:1: duplicate id: 'Foo.md' and 'foo.md' differ only in letter case",
    "annotations/index/copied-2.md:1: the same annotation as annotations/index/copied.md",
    "annotations/index/alias.md:3: YAML anchor '&who' is not allowed",
    "annotations/index/bad-date.md:4: 'date' must be a day of the calendar, and '2026-13-01' is not "
    "one: check its year, month and day",
    "annotations/index/duplicate-key.md:4: duplicate key 'author' (first given on line 3)",
    "annotations/index/empty-body.md:4: the body is empty: a note needs text",
    "annotations/index/ftp-url.md:4: source 'url' must be an http:// or https:// URL, not 'ftp://a.example/x'",
    "annotations/index/missing-verdict.md:1: missing key 'verdict' for a correction: one of false, "
    "inaccurate, misleading, missing-context, unsupported, imprecise",
    "annotations/index/unknown-key.md:4: unknown key 'qoute' (did you mean 'quote'?); allowed keys: kind,",
    "annotations/index/unknown-kind.md:2: unknown kind 'nots' (did you mean 'note'?); allowed kinds: "
    "correction, source, note",
    "annotations/index/unknown-verdict.md:3: unknown verdict 'wrong'; allowed verdicts: false, inaccurate,",
    "annotations/index/yaml-error.md:4: YAML syntax error",
    "annotations/missing-page:1: annotation folder for a page that does not exist: "
    "expected docs/missing-page.md",
    "docs/stray.md:1: this page's front matter is an annotation's (kind: note), but it is in the docs",
    "annotations/index/ambiguous.md:4: quote 'The board met twice.' in docs/index.md: quote matches 2 "
    "places; make it unique with 'prefix:' or 'suffix:'\n  ¶3: ",
    "annotations/index/drift.md:4: quote 'Ilya Sutskever passed away in June.' in docs/index.md: quote not "
    "found exactly: the text changed under it (drift), or the quote has a typo. Closest passage, ¶2 (",
    "'June.' -> 'May.'",
    "annotations/index/markdown-quote.md:4: quote 'Revenue grew **fast**' in docs/index.md: quote is written "
    "in Markdown; write the text as readers see it: 'Revenue grew fast'",
    "annotations/index/not-found.md:4: quote 'Completely unrelated words' in docs/index.md: quote not found; "
    "closest passage, ¶",
]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return write_project(tmp_path / "broken", {"index.md": PAGE, "other.md": "# Other\n\nText.\n",
                                               "stray.md": "---\nkind: note\nquote: Text\n---\nB.\n"},
                         {path: text.encode() for path, text in BROKEN.items()})


def test_check_prints_the_problems_a_strict_build_prints(broken: Path, capsys):
    status, out, _ = run(capsys, broken, "check")
    strict = build(broken, strict=True)
    assert strict.failed_strict
    from_build = [w.removeprefix("glossa: ") for w in strict.warnings if w.startswith("glossa: ")]
    assert status == 1
    assert sorted(problems_of(out)) == sorted(from_build)


def test_check_lists_a_files_problems_in_the_order_of_its_lines(tmp_path: Path, capsys):
    """They came in the build's order: a file's front matter as it was read, then its quote as its
    page was woven ('b1.md:5', ':11', ':7')."""
    project = write_project(tmp_path, {"index.md": PAGE}, {
        "index/b.md": "---\nkind: note\nauthor: A\nquote: Not in the text\n---\nWords. <iframe></iframe>\n",
        "index/a.md": annotation("note", quote="Nor is this"),
    })
    _, out, _ = run(capsys, project, "check")
    lines = [(path, int(line)) for path, line in re.findall(r"^(annotations/[^:]+):(\d+): ", out, re.M)]
    assert lines == [("annotations/index/a.md", 3), ("annotations/index/b.md", 4),
                     ("annotations/index/b.md", 6)], out


def test_a_file_named_as_no_id_is_told_its_other_problems_at_once(tmp_path: Path, capsys):
    """'Heading.md' was told its name alone; renamed, its kind and its empty author came next."""
    project = write_project(tmp_path, {"index.md": PAGE}, {
        "index/Heading.md": "---\nkind: Note\nauthor:\n---\nWords.\n"})
    status, out, err = run(capsys, project, "check")
    assert status == 1
    assert [line.split(": ", 1)[1].split(";")[0].split(" (")[0] for line in out.splitlines()] == [
        "'Heading' is not a valid id: use lower-case letters, digits and hyphens, e.g. 'heading.md'",
        "unknown kind 'Note'", "'author' has no value"], out
    assert "left off the site until their problems are fixed: annotations/index/Heading.md" in err


def test_check_reports_each_problem_once_with_its_line_and_its_fix(broken: Path, capsys):
    _, out, _ = run(capsys, broken, "check")
    for expected in EXPECTED:
        assert out.count(expected) == 1, expected
    for problem in problems_of(out):
        assert re.match(r"(annotations|docs)/[^:]+:\d+: ", problem), problem
    assert len(problems_of(out)) == len(set(problems_of(out)))


@pytest.mark.parametrize("link, message", [
    ("othr.md", "the body contains a link 'othr.md', but the target is not found among "
                "documentation files."),
    ("other.md#p99", "the body links to 'other.md#p99', but the doc 'other.md' does not contain an "
                     "anchor '#p99'"),
])
def test_check_reports_a_bodys_broken_link_at_its_file_and_line(tmp_path: Path, capsys, link: str,
                                                                 message: str):
    """As a strict build does: the annotation is named, not the page, which does not hold it."""
    project = write_project(tmp_path, {"index.md": PAGE, "other.md": "# Other\n\nText.\n"}, {
        "index/link.md": annotation("note", quote="Sam said", body=f"See [there]({link})."),
        "other/fine.md": annotation("note", quote="Text"),
    })
    status, out, _ = run(capsys, project, "check")
    assert status == 1
    assert [p for p in problems_of(out) if link in p] == [f"annotations/index/link.md:6: {message}"
                                                          + (" Links in a body resolve as index.md's "
                                                             "own do." if "#" not in link else "")]
    strict = build(project, strict=True)
    assert strict.failed_strict and [w for w in strict.warnings if link in w] == \
        [f"glossa: {p}" for p in problems_of(out) if link in p]


def test_check_reports_a_bodys_link_to_a_missing_anchor_on_a_page_without_annotations(
        tmp_path: Path, capsys):
    """check leaves out pages without annotations, but not one a body links into."""
    project = write_project(tmp_path, {"index.md": PAGE, "other.md": "# Other\n\nText.\n"}, {
        "index/link.md": annotation("note", quote="passed away", body="See [there](other.md#nope)."),
    })
    status, out, _ = run(capsys, project, "check")
    assert (status, problems_of(out)) == (1, [
        "annotations/index/link.md:6: the body links to 'other.md#nope', but the doc 'other.md' "
        "does not contain an anchor '#nope'"])


@pytest.mark.parametrize(("pages", "said"), [
    ({"links.md": "# Links\n\nSee [the note](index.md#glossa-old-name).\n"},
     "docs/links.md:3: the link 'index.md#glossa-old-name' leads nowhere: docs/index.md has no "
     "'#glossa-old-name' (an annotation renamed or removed?)"),
    ({"links.md": "# Links\n\nSee [the note](bare.md#glossa-gone).\n", "bare.md": "# Bare\n\nText.\n"},
     "docs/links.md:3: the link 'bare.md#glossa-gone' leads nowhere: docs/bare.md has no "
     "'#glossa-gone' (an annotation renamed or removed?)"),  # its last one removed
    ({"links.md": "# Links\n\nSee [the paragraph](bare.md#p3).\n", "bare.md": "# Bare\n\nText.\n"},
     "docs/links.md:3: the link 'bare.md#p3' leads nowhere: docs/bare.md has no '#p3' (only the "
     "paragraphs of a page with annotations have ¶ ids: is it annotated, with that many "
     "paragraphs?)"),  # a page without annotations has no ¶ ids
    ({"links.md": "# Links\n\nText.\n\nSee [the note](#glossa-gone).\n"},
     "docs/links.md:5: the link '#glossa-gone' leads nowhere: docs/links.md has no '#glossa-gone' "
     "(an annotation renamed or removed?)"),  # on the page itself
])
def test_check_reports_a_pages_link_to_a_card_that_is_gone(tmp_path: Path, capsys, pages, said):
    """A renamed annotation breaks the links to its card: a strict build fails, so check says so,
    at the line of the page that holds the link."""
    project = write_project(tmp_path, {"index.md": PAGE, **pages},
                            {"index/new-name.md": annotation("note", quote="passed away")})
    assert build(project, strict=True).failed_strict
    status, out, _ = run(capsys, project, "check")
    assert (status, problems_of(out)) == (1, [said])


def test_check_reads_a_page_that_is_not_utf_8_without_failing(tmp_path: Path, capsys):
    project = write_project(tmp_path, {"index.md": PAGE},
                            {"index/fine.md": annotation("note", quote="passed away in May")})
    (project / "docs" / "latin.md").write_bytes("# Café\n\nCrème brûlée.\n".encode("latin-1"))
    status, _, err = run(capsys, project, "check")
    assert status == 0, err


def test_check_names_an_annotation_saved_in_docs_with_a_byte_order_mark(tmp_path: Path, capsys):
    """The build named it, and check, which looks for a `kind:` to build the page, did not."""
    project = write_project(tmp_path, {"index.md": PAGE},
                            {"index/fine.md": annotation("note", quote="passed away in May")})
    (project / "docs" / "bom.md").write_bytes(
        b"\xef\xbb\xbf" + annotation("note", quote="passed away in May").encode("utf-8"))
    status, out, _ = run(capsys, project, "check")
    assert status == 1 and out.startswith("docs/bom.md:1: this page's front matter is an annotation's")


def test_yaml_syntax_errors_give_line_and_column(broken: Path, capsys):
    _, out, _ = run(capsys, broken, "check")
    assert re.search(r"yaml-error\.md:4: YAML syntax error: .*\(line 5, column \d+\)", out)


def test_a_clean_project_exits_0_and_says_so(tmp_path: Path, capsys):
    project = write_project(tmp_path, {"index.md": PAGE},
                            {"index/fine.md": annotation("note", quote="passed away in May")})
    status, out, err = run(capsys, project, "check")
    assert (status, out) == (0, "")
    assert "no problems in 1 annotation on 1 page" in err


def test_check_builds_nothing_and_renders_only_annotated_pages(tmp_path: Path, capsys, monkeypatch):
    pages = {f"page-{n}.md": f"# Page {n}\n\nText {n}.\n" for n in range(12)} | {"index.md": PAGE}
    project = write_project(tmp_path, pages, {"index/a.md": annotation("note", quote="passed away")})
    from mkdocs.structure.pages import Page
    rendered: list[str] = []
    original = Page.render

    def counting(self, config, files):
        rendered.append(self.file.src_uri)
        return original(self, config, files)

    monkeypatch.setattr(Page, "render", counting)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    assert run(capsys, project, "check")[0] == 0
    assert rendered == ["index.md"]
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_exit_status_2_for_usage_errors(tmp_path: Path, capsys):
    assert cli.main(["check", "-f", str(tmp_path / "missing.yml")]) == 2
    assert "missing.yml not found" in capsys.readouterr().err
    project = write_project(tmp_path / "plain", {"index.md": PAGE}, config={"plugins": ["search"]})
    assert run(capsys, project, "check")[0] == 2
    with pytest.raises(SystemExit) as exit_info:
        cli.main([])
    assert exit_info.value.code == 2


def test_new_with_an_id_too_long_for_a_file_name_exits_2_in_one_line(tmp_path: Path, capsys):
    """Issue 20: an id of 300 characters ended in `OSError: File name too long`."""
    project = write_project(tmp_path, {"index.md": "# Home\n\nWelcome.\n"})
    status = cli.main(["new", "-f", str(project / "mkdocs.yml"), "index", "--kind", "note",
                       "--author", "A", "--id", "a" * 300])
    assert status == 2
    assert capsys.readouterr().err == (
        "glossa: the id has 300 characters; file systems take names of up to 255, so an id has at "
        "most 252 (with '.md'): give a shorter --id\n")
    assert not (project / "annotations").exists()
    assert cli.main(["new", "-f", str(project / "mkdocs.yml"), "index", "--kind", "note",
                     "--author", "A", "--id", "a" * 252]) == 0


def test_config_file_option_goes_before_or_after_the_subcommand(tmp_path: Path, capsys):
    project = write_project(tmp_path, {"index.md": PAGE})
    (project / "annotations").mkdir()
    assert cli.main(["-f", str(project / "mkdocs.yml"), "check"]) == 0
    assert cli.main(["check", "--config-file", str(project / "mkdocs.yml")]) == 0


@pytest.mark.parametrize(("option", "said"), [
    ("annotations_dirr", "annotations_dirr (did you mean 'annotations_dir'?); its options are "),
    ("sidebar", "sidebar; its options are annotations_dir, kinds, "),
])
def test_check_reports_an_option_of_glossa_a_strict_build_stops_on(tmp_path: Path, capsys, option, said):
    """A misspelt option failed `mkdocs build --strict`, and `glossa check` said "no problems"."""
    from mkdocs.exceptions import Abort

    project = write_project(tmp_path, {"index.md": PAGE}, config={  # the theme's own, above: not it
        "theme": {"name": "material", "font": False, option: "x"},
        "plugins": ["search", {"glossa": {option: "annotations"}}]})
    (project / "annotations").mkdir()
    status, out, _ = run(capsys, project, "check")
    assert status == 1
    [problem] = problems_of(out)
    lines = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    assert problem.startswith(f"mkdocs.yml:{lines.index(f'    {option}: annotations') + 1}: glossa's "
                              f"option '{option}': Unrecognised configuration name: {said}")
    with pytest.raises(Abort, match="1 configuration warnings in 'strict' mode"):
        build(project, strict=True)


def test_an_option_of_an_inherited_plugin_entry_names_the_file_alone(tmp_path: Path, capsys):
    """Line 1 of mkdocs.yml, where the plugin's entry is not, is its `INHERIT:`."""
    project = write_project(tmp_path, {"index.md": PAGE})
    (project / "annotations").mkdir()
    config = project / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    (project / "base.yml").write_text(yaml.safe_dump({"plugins": [
        "search", {"glossa": {"sidebar": "x"}}]}), encoding="utf-8")
    del settings["plugins"]
    config.write_text("INHERIT: base.yml\n" + yaml.safe_dump(settings), encoding="utf-8")
    status, out, _ = run(capsys, project, "check")
    assert status == 1
    assert "mkdocs.yml: glossa's option 'sidebar': Unrecognised configuration name" in out, out


def test_importing_the_module_behind_python_m_glossa_runs_nothing():
    """pydoc and a walk of the package import it: it ran the command, and exited."""
    done = subprocess.run([sys.executable, "-c", "import glossa.__main__"], capture_output=True,
                          text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize("as_module", [False, True], ids=["glossa", "python -m glossa"])
def test_the_installed_command_runs_and_exits_with_the_documented_status(broken: Path, as_module: bool):
    """The script, and `python -m glossa` for an environment whose scripts are not on PATH."""
    script = Path(sys.executable).parent / "glossa"
    assert script.exists(), "install the package: .venv/bin/pip install -e ."
    command = [sys.executable, "-m", "glossa"] if as_module else [str(script)]
    result = subprocess.run([*command, "check"], cwd=broken, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "annotations/index/unknown-key.md:4: unknown key 'qoute'" in result.stdout
    assert "MkDocs 2" not in result.stderr and "WARNING" not in result.stderr


def test_a_report_piped_into_a_reader_that_stops_ends_quietly(tmp_path: Path):
    """`glossa report --format json | head` ended in a BrokenPipeError's traceback."""
    root = Path(__file__).resolve().parent.parent
    script = Path(sys.executable).parent / "glossa"
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the report is written, as `head` may be
    try:
        done = subprocess.run([str(script), "report", "--format", "json"], cwd=root, stdout=write_end,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    # 0 where the report was written whole before the pipe failed, 1 where it was cut short
    assert done.returncode in (0, 1)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


# --- check --fix ----------------------------------------------------------------------------------

FIX_PAGE = """\
# Home

Chief Scientist Ilya Sutskever passed away in May.

Sam said it was “a bit embarrassing” — really.

The board met in June. The board met in June.
"""


def test_fix_rewrites_a_drifted_quote_and_keeps_every_other_byte(tmp_path: Path, capsys):
    drifted = ("---\r\n# kept comment\r\nkind: note\r\nquote: Ilya Sutskever passed away in June.  # why\r\n"
               "author: 'A. Reader'\r\n---\r\nBody with  two  spaces.\r\n")
    project = write_project(tmp_path, {"index.md": FIX_PAGE}, {"index/drift.md": drifted.encode()})
    status, out, err = run(capsys, project, "check", "--fix")
    fixed = (project / "annotations/index/drift.md").read_bytes()
    assert fixed == drifted.replace("in June.", "in May.").encode()
    assert out.startswith("--- a/annotations/index/drift.md\n+++ b/annotations/index/drift.md\n")
    assert "-quote: Ilya Sutskever passed away in June.  # why\r\n" in out
    assert "+quote: Ilya Sutskever passed away in May.  # why\r\n" in out
    assert status == 0 and "fixed 1 drifted quote" in err
    assert "check that this correction" not in err  # a note
    assert run(capsys, project, "check")[0] == 0


def test_fix_asks_to_check_a_correction_whose_words_changed(tmp_path: Path, capsys):
    """An editor's page changed '1852' to '1853'; --fix moved the correction of '1852' onto the
    new words and said nothing: the text may now be right, and the correction wrong."""
    project = write_project(tmp_path, {"index.md": FIX_PAGE}, {"index/may.md": annotation(
        "correction", "He is alive.", quote="Ilya Sutskever passed away in June.")})
    status, _, err = run(capsys, project, "check", "--fix")
    assert status == 0
    assert ("annotations/index/may.md:3: check that this correction still applies: the words it "
            "corrects changed ('June.' -> 'May.')") in err.splitlines()
    assert "glossa: fixed 1 drifted quote; read again the annotation named above" in err.splitlines()


def test_fix_asks_to_check_any_annotation_whose_figures_changed(tmp_path: Path, capsys):
    """A page's '257 steps' became '248 steps': --fix moved a source onto the new figure without
    a word, and the source now seemed to vouch for it."""
    project = write_project(tmp_path, {"index.md": "# Home\n\nIt is worth all 248 steps to the top.\n"},
                            {"index/steps.md": annotation("source", "The park's count.",
                                                          quote="It is worth all 257 steps to the top.")})
    status, _, err = run(capsys, project, "check", "--fix")
    assert status == 0
    assert ("annotations/index/steps.md:3: check that this source still applies: a figure in its "
            "words changed ('257' -> '248')") in err.splitlines()
    assert "glossa: fixed 1 drifted quote; read again the annotation named above" in err.splitlines()


@pytest.mark.parametrize("page, quote, why", [
    ("We have spent much, and we will again.", "We have spent much, and we never will again.",
     "its words changed ('never' is gone)"),
    ("The board did not meet in June.", "The board did meet in June.", "its words changed ('not' added)"),
    ("The board met in May.", "The board met in June.", "its words changed ('June.' -> 'May.')"),
    ("It was “a bit embarrassing” really.", "It was \"a bit embarrassing\", really.", None),
    ("The board met—reluctantly—in June.", "The board met - reluctantly - in June.", None),
    ("Er sagte: „ja“, im Juni.", "Er sagte „ja“ im Juni.", None),
    ("Sales fell to 5 degrees in June.", "Sales fell to -5 degrees in June.",
     "a figure in its words changed ('-5' -> '5')"),
    ("It cost £5 million in June.", "It cost $5 million in June.",
     "a figure in its words changed ('$5' -> '£5')"),
    ("The board met there in June.", "The board met three in June.",
     "its words changed ('three' -> 'there')"),
    ("They receive it from the board.", "They recieve it from the board.",  # a typo fixed, or another word
     "its words changed ('recieve' -> 'receive')"),
    ("The board is unlikely to meet.", "The board is likely to meet.",
     "its words changed ('likely' -> 'unlikely')"),
    ("The board can’t meet in June.", "The board can meet in June.", "its words changed ('can' -> 'can’t')"),
    ("The board met, as ever, in June.", "The board met, as never, in June.",
     "its words changed ('never,' -> 'ever,')"),
])
def test_fix_asks_to_read_again_a_note_whose_words_changed_not_one_spelt_again(
        tmp_path: Path, capsys, page: str, quote: str, why: str | None):
    """A page's "and we never will again" lost its "never": --fix moved a note onto words that
    now say the opposite, and asked nothing, as it did for figures."""
    project = write_project(tmp_path, {"index.md": f"# Home\n\n{page}\n"},
                            {"index/n.md": annotation("note", "Said in May.", quote=quote)})
    status, _, err = run(capsys, project, "check", "--fix")
    assert status == 0 and "fixed 1 drifted quote" in err
    asked = [line for line in err.splitlines() if "still applies" in line]
    assert asked == ([f"annotations/index/n.md:3: check that this note still applies: {why}"] if why else [])


@pytest.mark.parametrize("quote, fixed", [
    ("Ilya Sutskever passed away in June", "Ilya Sutskever passed away in May"),
    ("Chief Scientist Ilya Sutskever passed away in June.", "Chief Scientist Ilya Sutskever passed "
                                                             "away in May."),
])
def test_fix_takes_the_punctuation_at_the_ends_the_quote_has(tmp_path: Path, capsys, quote: str,
                                                              fixed: str):
    """The passage is widened to whole words; the fix does not add a full stop the editor left out."""
    drifted = f"---\nkind: note\nquote: {quote}\nauthor: A\n---\nBody.\n"
    project = write_project(tmp_path, {"index.md": FIX_PAGE}, {"index/drift.md": drifted.encode()})
    status, _, _ = run(capsys, project, "check", "--fix")
    assert status == 0
    assert (project / "annotations/index/drift.md").read_text() == drifted.replace(quote, fixed)


@pytest.mark.parametrize("passage, quote, fixed", [
    ("prices rose by 6%.", "prices rose by 5", "prices rose by 6%"),  # the '%' is the text's
    ("(see the report)", "see the report", "(see the report)"),
    ("Scientist Ilya passed away in May.", "Ilya passed away in June", "Ilya passed away in May"),
    ("it was over.", "it was done.", "it was over."),
    ('"a bit embarrassed."', "a bit embarassed", "a bit embarrassed"),  # not the text's marks
    ('feel "a bit embarrassed."', "feel a bit embarassed", 'feel "a bit embarrassed'),
    ('it was "over."', "it was done.", 'it was "over.'),
    ("“a bit embarrassing”", "“a bit embarassing”", "“a bit embarrassing”"),
    ("down. We built 400 schools\u2014more", "“We built 400 schools”", "We built 400 schools"),  # pasted
    ("more\u2013We built", "We built", "We built"),  # a word joined by a dash is two words
    ("a long-term plan was", "long-term plan", "long-term plan"),
    # French spaces its marks apart: they are not words, and were dropped, or cut the wrong word
    ("« C’est la fin du monde », puis", "«C'est la fin du monde»",
     "« C’est la fin du monde »"),
    ("Pourquoi ? Parce qu’il avait peur ; il", "Pourquoi? Parce qu'il avait peur;",
     "Pourquoi ? Parce qu’il avait peur ;"),
    ("disait : « C’est la fin", "C'est la fin", "C’est la fin"),
    ("„Das ist das Ende“,", "Das ist das End", "Das ist das Ende"),  # German closes with “: not kept
])
def test_a_fixed_quote_ends_as_the_editor_ended_it(passage: str, quote: str, fixed: str):
    assert ends_as_quoted(passage, quote) == fixed


def test_fix_keeps_a_french_pages_spaced_marks_and_says_no_word_changed(tmp_path: Path, capsys):
    """A quote typed without the no-break spaces French puts before ';' and inside '« »' lost its
    marks to `--fix`, and its difference read "'disait' added; 'disait:' -> ':'"."""
    page = ("# Accueil\n\n"
            "Il disait\u00a0: \u00ab\u202fC\u2019est la fin du monde\u202f\u00bb, puis il partit.\n")
    drifted = "---\nkind: note\nquote: 'Il disait: «C’est la fin du monde»'\nauthor: A\n---\nCorps.\n"
    project = write_project(tmp_path, {"index.md": page}, {"index/fin.md": drifted.encode()})
    status, out, _ = run(capsys, project, "check")
    assert status == 1 and out.count("difference: white space or punctuation only") == 1
    status, _, _ = run(capsys, project, "check", "--fix")
    assert status == 0
    text = (project / "annotations/index/fin.md").read_text(encoding="utf-8")
    assert "\nquote: 'Il disait : \u00ab C\u2019est la fin du monde \u00bb'\n" in text


def test_fix_writes_the_capitals_the_page_has(tmp_path: Path, capsys):
    drifted = "---\nkind: note\nquote: chief scientist ilya sutskever\nauthor: A\n---\nBody.\n"
    project = write_project(tmp_path, {"index.md": FIX_PAGE}, {"index/case.md": drifted.encode()})
    assert run(capsys, project, "check", "--fix")[0] == 0
    assert (project / "annotations/index/case.md").read_text() == drifted.replace(
        "chief scientist ilya sutskever", "Chief Scientist Ilya Sutskever")


def test_fix_keeps_the_page_typography_and_rewrites_a_block_scalar(tmp_path: Path, capsys):
    drifted = ("---\nkind: note\nquote: >-\n  Sam said it was\n  \"a bit embarassing\"\nauthor: A\n"
               "---\nBody.\n")
    project = write_project(tmp_path, {"index.md": FIX_PAGE}, {"index/typo.md": drifted.encode()})
    status, _, _ = run(capsys, project, "check", "--fix")
    assert status == 0
    text = (project / "annotations/index/typo.md").read_text(encoding="utf-8")
    assert text == "---\nkind: note\nquote: \"Sam said it was “a bit embarrassing”\"\nauthor: A\n---\nBody.\n"


def test_fix_leaves_a_drift_alone_when_the_passage_is_not_unique(tmp_path: Path, capsys):
    drifted = "---\nkind: note\nquote: The board met in July.\nauthor: A\n---\nBody.\n"
    project = write_project(tmp_path, {"index.md": FIX_PAGE}, {"index/twice.md": drifted.encode()})
    status, out, err = run(capsys, project, "check", "--fix")
    assert (project / "annotations/index/twice.md").read_text() == drifted
    assert status == 1
    assert "annotations/index/twice.md:3: not fixed: the passage found, 'The board met in June.'" in err
    assert "(drift)" in out


def test_fix_does_not_touch_quotes_that_are_not_found_at_all(tmp_path: Path, capsys):
    lost = "---\nkind: note\nquote: Nothing like the text\nauthor: A\n---\nBody.\n"
    project = write_project(tmp_path, {"index.md": FIX_PAGE}, {"index/lost.md": lost.encode()})
    status, out, _ = run(capsys, project, "check", "--fix")
    assert status == 1 and "quote not found" in out and not out.startswith("---")
    assert (project / "annotations/index/lost.md").read_text() == lost


# --- report ---------------------------------------------------------------------------------------


def report_project(tmp_path: Path) -> Path:
    return write_project(tmp_path, {"index.md": FIX_PAGE, "plain.md": "# Plain\n\nText.\n"}, {
        "index/a.md": annotation("correction", quote="passed away in May"),
        "index/b.md": annotation("correction", quote="Sam said", sources=[
            {"url": "https://a.example", "archive": "https://web.archive.org/a"}]),
        "index/c.md": annotation("source", quote="Chief Scientist"),
        "index/d.md": annotation("note", quote="Not in the text at all"),
        "index/e.md": annotation("note"),
    })


def test_report_counts_blocks_kinds_archives_and_unanchored(tmp_path: Path, capsys):
    status, out, _ = run(capsys, report_project(tmp_path), "report", "--format", "json")
    report = json.loads(out)
    assert status == 1  # the unanchored note is a problem
    assert report["pages"] == [{
        "page": "index", "source": "docs/index.md", "blocks": 4, "blocks_annotated": 2,
        "annotations": {"correction": 2, "source": 1, "note": 2},
        "corrections_without_archive": 1, "unanchored": 1, "left_out": 0, "problems": 1,
        "files_without_archive": ["annotations/index/a.md"],
        "files_unanchored": ["annotations/index/d.md"],
    }]
    assert report["total"]["annotations"] == {"correction": 2, "source": 1, "note": 2}
    assert report["files_left_out"] == []


def test_report_prints_a_table(tmp_path: Path, capsys):
    _, out, _ = run(capsys, report_project(tmp_path), "report")
    head, row, total, *files = out.splitlines()
    assert head.split() == ["page", "blocks", "annotated", "correction", "source", "note", "no", "archive",
                            "unanchored", "left", "out", "problems"]
    assert row.split() == ["index", "4", "2", "2", "1", "2", "1", "1", "0", "1"]
    assert total.split()[0] == "total"
    assert files == [  # which files the counts are of, for an editor to open
        "", "no archive (corrections none of whose sources gives an 'archive' copy):",
        "  annotations/index/a.md",
        "", "unanchored (`glossa check` says why):", "  annotations/index/d.md"]


def test_report_and_check_list_the_files_left_off_the_site(tmp_path: Path, capsys, caplog):
    """An editor counted the cards against the files and could not tell which were missing: each
    message says what is wrong with a file, not that its card is then not shown."""
    project = write_project(tmp_path, {"index.md": FIX_PAGE}, {
        "index/fine.md": annotation("note", quote="Sam said"),
        "index/typo.md": annotation("note", quote="Chief Scientist").replace("author:", "auther:"),
        "gone/orphan.md": annotation("note", quote="Anything"),
    })
    status, out, _ = run(capsys, project, "report", "--format", "json")
    report = json.loads(out)
    assert status == 1
    assert report["files_left_out"] == ["annotations/gone/orphan.md", "annotations/index/typo.md"]
    # the folder whose page is gone has a row of its own, so that the rows add up to the total
    assert [(row["page"], row["source"], row["left_out"]) for row in report["pages"]] == [
        ("index", "docs/index.md", 1), ("gone", None, 1)]
    assert report["total"]["left_out"] == 2
    assert sum(row["problems"] for row in report["pages"]) == report["total"]["problems"]
    _, out, _ = run(capsys, project, "report")
    assert [line[:line.index("  ")] for line in out.splitlines()[1:4]] == ["index", "gone (no page)", "total"]
    assert out.splitlines()[-3:] == ["left off the site (`glossa check` says why):",
                                     "  annotations/gone/orphan.md", "  annotations/index/typo.md"]
    _, _, err = run(capsys, project, "check")
    assert ("glossa: left off the site until their problems are fixed: annotations/gone/orphan.md, "
            "annotations/index/typo.md") in err.splitlines()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.glossa"):
        build(project)
    assert ("glossa: left off the site until their problems are fixed: annotations/gone/orphan.md, "
            "annotations/index/typo.md") in caplog.messages


def test_report_counts_each_problem_and_each_file_left_out_in_one_row(tmp_path: Path, capsys):
    """A folder whose page is gone, inside a page's folder, was counted in both rows; a folder all
    of whose files have problems was listed as a file left out; an excluded page's folder got a
    row as if its page were gone."""
    project = write_project(tmp_path, {"guide.md": "# Guide\n\nGuide words.\n",
                                       "hidden.md": "# Hidden\n\nHidden words.\n"}, {
        "guide/fine.md": annotation("note", quote="Guide words"),
        "guide/extra/b.md": annotation("note", quote="Anything"),
        "gone/bad.md": annotation("note", quote="Anything").replace("author:", "auther:"),
        "hidden/h.md": annotation("note", quote="Hidden words"),
    }, {"exclude_docs": "hidden.md"})
    _, out, _ = run(capsys, project, "report", "--format", "json")
    report = json.loads(out)
    assert {row["page"]: (row["source"], row["left_out"], row["problems"]) for row in report["pages"]} == {
        "guide": ("docs/guide.md", 0, 0), "gone": (None, 1, 2), "guide/extra": (None, 1, 1)}
    assert report["files_left_out"] == ["annotations/gone/bad.md", "annotations/guide/extra/b.md"]
    for column in ("left_out", "problems"):
        assert sum(row[column] for row in report["pages"]) == report["total"][column], column


def test_a_missing_annotations_folder_is_not_said_to_be_left_off_the_site(tmp_path: Path, capsys):
    project = write_project(tmp_path, {"index.md": FIX_PAGE})
    shutil.rmtree(project / "annotations", ignore_errors=True)
    status, out, err = run(capsys, project, "check")
    assert status == 1 and "annotations:1: there is no such folder" in out
    assert "left off the site" not in err


def test_report_counts_problems_under_their_own_page_whatever_its_name(tmp_path: Path, capsys):
    """A colon in a page's name, and a page in a folder named after another page."""
    project = write_project(tmp_path, {"q:a.md": "# Q\n\nAsked and answered.\n",
                                       "q.md": "# Q\n\nA question.\n",
                                       "q/deep.md": "# Deep\n\nDeep words.\n"}, {
        "q:a/gone.md": annotation("note", quote="Not in the text"),
        "q:a/fine.md": annotation("note", quote="Asked"),
        "q/deep/gone.md": annotation("note", quote="Not here either"),
        "q/fine.md": annotation("note", quote="question"),
    })
    status, out, _ = run(capsys, project, "report", "--format", "json")
    assert status == 1, out
    problems = {row["page"]: row["problems"] for row in json.loads(out)["pages"]}
    assert problems == {"q": 0, "q/deep": 1, "q:a": 1}


# --- new ------------------------------------------------------------------------------------------


def new_project(tmp_path: Path) -> Path:
    kinds = {"update": {"label": "Update", "sources": True}, "memo": {"label": "Memo", "author": True}}
    return write_project(tmp_path, {"index.md": FIX_PAGE, "a/b.md": "# B\n\nDeep text here.\n"},
                         config={"plugins": ["search", {"glossa": {"kinds": kinds}}]})


@pytest.mark.parametrize("folder", ["site", "my site"])
def test_a_watched_annotations_folder_not_made_yet_is_told_how_to_make(tmp_path: Path, capsys, folder: str):
    """A new site that watches its annotations folder, as the README shows, cannot load before
    the folder is there; `glossa new`, which the build says makes it, answered MkDocs' error alone."""
    project = write_project(tmp_path / folder, {"index.md": FIX_PAGE}, config={"watch": ["annotations"]})
    shutil.rmtree(project / "annotations", ignore_errors=True)
    status, _, err = run(capsys, project, "new", "index", "The board met", "--kind", "note", "--author", "A")
    assert status == 2
    assert err.rstrip().endswith(f"isn't an existing file or directory: make it (a folder: mkdir -p "
                                 f"{shlex.quote(str(project / 'annotations'))}), or take it out of 'watch'")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    assert f"glossa: mkdocs.yml:{config.index('watch:') + 1}: Config value 'watch':" in err


def test_a_watched_folder_from_an_inherited_file_names_no_line(tmp_path: Path, capsys):
    """The line of `watch:` in mkdocs.yml is where to look; inherited, line 1 was `INHERIT:`."""
    project = write_project(tmp_path, {"index.md": FIX_PAGE})
    shutil.rmtree(project / "annotations", ignore_errors=True)
    (project / "base.yml").write_text("watch:\n  - annotations\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text("INHERIT: base.yml\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    status, _, err = run(capsys, project, "new", "index", "The board met", "--kind", "note", "--author", "A")
    assert status == 2
    assert "glossa: mkdocs.yml: Config value 'watch': The path" in err


def test_the_commands_see_the_posts_of_materials_blog(tmp_path: Path, capsys):
    """Material's blog leaves its posts out of the files until its navigation is made: `new`
    answered "no page", and check and report left the posts' annotations out of their counts.
    A draft post, which the blog does not publish, is still no page, nor a page the blog makes."""
    project = write_project(tmp_path, {
        "index.md": "# Home\n", "blog/index.md": "# Blog\n",
        "blog/posts/first.md": "---\ndate: 2024-01-31\n---\n\n# First\n\nTwice as fast as before.\n",
        "blog/posts/draft.md": "---\ndate: 2024-02-01\ndraft: true\n---\n\n# Draft\n\nNot yet.\n",
    }, {"blog/posts/first/slow.md": annotation("note", "A note.", quote="twice as slow")},
        {"plugins": ["search", "blog", "glossa"]})
    status, out, _ = run(capsys, project, "new", "blog/posts/first", "as fast", "--kind", "note",
                         "--author", "Ed")
    assert (status, out) == (0, "annotations/blog/posts/first/as-fast.md\n")
    status, out, _ = run(capsys, project, "check")
    assert status == 1 and "slow.md:3: quote 'twice as slow' in docs/blog/posts/first.md" in out
    status, out, _ = run(capsys, project, "report")
    assert re.search(r"^blog/posts/first +2 ", out, re.MULTILINE), out
    status, _, err = run(capsys, project, "new", "blog/posts/draft", "Not yet", "--kind", "note",
                         "--author", "Ed")
    assert status == 2 and "no page docs/blog/posts/draft.md" in err
    # nor a page the blog makes (its archive), which no Markdown of the docs folder holds
    status, _, err = run(capsys, project, "new", "blog/archive/2024", "--id", "x", "--kind", "note",
                         "--author", "Ed")
    assert status == 2 and "no page docs/blog/archive/2024.md" in err


def test_new_says_when_it_makes_the_annotations_folder(tmp_path: Path, capsys):
    """A misspelt annotations_dir got a new folder of that name without a word."""
    project = new_project(tmp_path)
    status, _, err = run(capsys, project, "new", "index", "passed away", "--kind", "note", "--id", "a")
    assert status == 0 and "glossa: made the annotations folder annotations/ ('annotations_dir' " \
        "in mkdocs.yml)" in err
    status, _, err = run(capsys, project, "new", "index", "passed away", "--kind", "note", "--id", "b")
    assert status == 0 and "made the annotations folder" not in err


@pytest.mark.parametrize("kind, keys", [
    ("correction", ["kind", "quote", "verdict", "sources", "date"]),
    ("source", ["kind", "quote", "sources", "date"]),
    ("note", ["kind", "quote", "author", "date"]),
    ("update", ["kind", "quote", "sources", "date"]),
    ("memo", ["kind", "quote", "author", "date"]),
])
def test_new_writes_the_front_matter_its_kind_needs(tmp_path: Path, capsys, kind: str, keys: list[str]):
    project = new_project(tmp_path)
    today = datetime.date.today().isoformat()  # read before: a run across midnight writes either
    status, out, err = run(capsys, project, "new", "index", "Chief Scientist Ilya Sutskever passed away",
                           "--kind", kind)
    path = project / "annotations/index/chief-scientist-ilya-sutskever-passed.md"
    assert status == 0 and out == "annotations/index/chief-scientist-ilya-sutskever-passed.md\n"
    text = path.read_text(encoding="utf-8")
    found = [line.split(":")[0] for line in text.splitlines() if re.match(r"[a-z]+:", line)]
    assert found == keys
    assert f"date: {today}" in text or f"date: {datetime.date.today().isoformat()}" in text
    assert "still to fill in" in err


def test_new_takes_the_quote_after_the_options_too(tmp_path: Path, capsys):
    """`glossa new index --kind note "the words"` was refused: "unrecognized arguments"."""
    project = new_project(tmp_path)
    status, out, _ = run(capsys, project, "new", "index", "--kind", "note", "Ilya Sutskever passed away")
    assert (status, out) == (0, "annotations/index/ilya-sutskever-passed-away.md\n")
    assert "\nquote: Ilya Sutskever passed away\n" in (
        project / "annotations/index/ilya-sutskever-passed-away.md").read_text(encoding="utf-8")
    status = cli.main(["-f", str(project / "mkdocs.yml"), "new", "index", "--kind", "note", "--id", "dash",
                       "--", "passed away"])  # after '--', as a quote starting with '-' is given
    assert (status, capsys.readouterr().out) == (0, "annotations/index/dash.md\n")
    with pytest.raises(SystemExit) as usage_error:  # two words: one quote, or a quote and a typo
        run(capsys, project, "new", "index", "--kind", "note", "Ilya", "Sutskever")
    assert usage_error.value.code == 2
    assert "unrecognized arguments: Ilya Sutskever" in capsys.readouterr().err


def test_new_with_everything_given_writes_a_file_that_only_needs_its_body(tmp_path: Path, capsys):
    project = new_project(tmp_path)
    today = datetime.date.today().isoformat()
    status, _, err = run(capsys, project, "new", "a/b", "Deep text", "--kind", "correction", "--id", "deep",
                         "--verdict", "misleading", "--source", "https://a.example/x", "--author", "Ed")
    assert status == 0
    text = (project / "annotations/a/b/deep.md").read_text(encoding="utf-8")
    result = parse_annotation((text + "What is wrong.\n").encode(), "deep", "a/b", "deep.md",
                              {k.name: k for k in DEFAULT_KINDS})
    assert isinstance(result, Annotation)
    assert (result.quote, result.verdict, result.author) == ("Deep text", "misleading", "Ed")
    assert result.date in (today, datetime.date.today().isoformat())
    assert [s.url for s in result.sources] == ["https://a.example/x"]
    assert "the body is empty" in err
    assert run(capsys, project, "check")[0] == 1
    (project / "annotations/a/b/deep.md").write_text(text + "What is wrong.\n", encoding="utf-8")
    assert run(capsys, project, "check")[0] == 0


def test_new_writes_the_date_given_for_a_note_written_before_it_is_filed(tmp_path: Path, capsys):
    project = new_project(tmp_path)
    status, _, _ = run(capsys, project, "new", "a/b", "Deep text", "--kind", "note", "--id",
                       "earlier", "--author", "Ed", "--date", "2025-03-01")
    assert status == 0
    assert "\ndate: 2025-03-01\n" in (project / "annotations/a/b/earlier.md").read_text(encoding="utf-8")


def test_new_writes_the_language_of_a_note_in_another_one_and_refuses_a_name(tmp_path: Path, capsys):
    project = new_project(tmp_path)
    status, _, _ = run(capsys, project, "new", "a/b", "Deep text", "--kind", "note", "--id", "fr",
                       "--author", "Ed", "--language", "fr")
    assert status == 0
    assert "\nlanguage: fr\n" in (project / "annotations/a/b/fr.md").read_text(encoding="utf-8")
    status, _, err = run(capsys, project, "new", "a/b", "Deep text", "--kind", "note", "--id", "named",
                         "--author", "Ed", "--language", "French")
    assert status == 2 and "--language must be a language tag such as 'en' or 'en-GB', not 'French'" in err
    assert not (project / "annotations/a/b/named.md").exists()


def test_new_writes_each_sources_hints_under_it(tmp_path: Path, capsys):
    """With two --source, the title, date... to fill in were written under the last one only."""
    project = new_project(tmp_path)
    run(capsys, project, "new", "a/b", "Deep text", "--kind", "correction", "--id", "two",
        "--verdict", "misleading", "--source", "https://a.example/x", "--source", "https://b.example/y")
    text = (project / "annotations/a/b/two.md").read_text(encoding="utf-8")
    first, second = text.split("  - url: ")[1:]
    assert "    # title:" in first and "    # title:" in second


def test_new_never_overwrites_a_file(tmp_path: Path, capsys):
    project = new_project(tmp_path)
    assert run(capsys, project, "new", "index", "passed away", "--kind", "note", "--id", "x")[0] == 0
    path = project / "annotations/index/x.md"
    path.write_text("edited by hand", encoding="utf-8")
    status, _, err = run(capsys, project, "new", "index", "passed away", "--kind", "source", "--id", "x")
    assert status == 1 and "annotations/index/x.md already exists" in err
    assert path.read_text(encoding="utf-8") == "edited by hand"


@pytest.mark.parametrize("page", ["./docs/a/b.md", "docs/a/b.md", "a/b.md", "a\\b", "./a/b"])
def test_new_takes_a_page_as_a_shell_completes_it(tmp_path: Path, capsys, page: str):
    project = new_project(tmp_path)
    status, _, err = run(capsys, project, "new", page, "Deep text", "--kind", "note", "--id", "x")
    assert status == 0, err
    assert (project / "annotations/a/b/x.md").is_file()


@pytest.mark.parametrize("page", ["../outside", "a/../index", "a/./b", "a//b", "./../x"])
def test_new_refuses_a_page_path_that_is_not_a_page(tmp_path: Path, capsys, page: str):
    project = new_project(tmp_path)
    status, _, err = run(capsys, project, "new", page, "passed away", "--kind", "note", "--id", "x")
    assert status == 2 and "is not a page" in err, err
    assert not (project / "annotations").exists() or not any((project / "annotations").rglob("*.md"))
    assert not (project / "outside").exists()


def test_check_says_what_to_install_when_nh3_cannot_be_loaded(tmp_path: Path, capsys,
                                                              monkeypatch: pytest.MonkeyPatch):
    project = write_project(tmp_path, {"index.md": "# Home\n\nSome words here.\n"},
                            {"index/words.md": annotation("note", quote="Some words")})
    monkeypatch.setitem(sys.modules, "nh3", None)
    bodies._cleaner.cache_clear()  # built by earlier tests in this process
    try:
        status, _, err = run(capsys, project, "check")
    finally:
        bodies._cleaner.cache_clear()
    assert status == 2
    assert err.startswith("glossa: could not load nh3, which sanitises annotation bodies")
    assert "pip install 'nh3>=0.3'" in err and "Traceback" not in err


def test_new_refuses_an_id_that_differs_only_in_case(tmp_path: Path, capsys):
    project = new_project(tmp_path)
    (project / "annotations/index").mkdir(parents=True)
    (project / "annotations/index/Passed-away.md").write_text("x", encoding="utf-8")
    status, _, err = run(capsys, project, "new", "index", "passed away", "--kind", "note",
                         "--id", "passed-away")
    assert status == 1 and "already exists (as Passed-away.md)" in err


def test_new_numbers_an_id_made_from_the_quote_when_it_is_taken(tmp_path: Path, capsys):
    """Two notes on the same words are common; the editor did not choose the id, so it is not
    theirs to fix. Letter case counts as taken, as for an id given with --id."""
    project = new_project(tmp_path)
    (project / "annotations/index").mkdir(parents=True)
    (project / "annotations/index/Passed-away.md").write_text("x", encoding="utf-8")
    (project / "annotations/index/passed-away-2.md").write_text("y", encoding="utf-8")
    status, out, err = run(capsys, project, "new", "index", "passed away", "--kind", "note")
    assert status == 0 and out.strip() == "annotations/index/passed-away-3.md"
    assert "the id 'passed-away' is taken on this page; using 'passed-away-3'" in err
    assert (project / "annotations/index/Passed-away.md").read_text(encoding="utf-8") == "x"
    assert (project / "annotations/index/passed-away-2.md").read_text(encoding="utf-8") == "y"


def test_new_numbers_an_id_made_from_the_quote_when_it_is_reserved(tmp_path: Path, capsys):
    project = write_project(tmp_path, {"index.md": "# Home\n\nThe word con, and Con again.\n"})
    status, out, err = run(capsys, project, "new", "index", "con,", "--kind", "note")
    assert status == 0 and out.strip() == "annotations/index/con-2.md"
    assert "the id 'con' is reserved; using 'con-2'" in err
    assert not (project / "annotations/index/con.md").exists()


def test_new_refuses_an_id_that_is_not_one_and_says_what_would_be(tmp_path: Path, capsys):
    project = new_project(tmp_path)
    status, _, err = run(capsys, project, "new", "index", "--kind", "note", "--id", "My Note")
    assert status == 2
    assert "'My Note' is not a valid id: use lower-case letters, digits and hyphens, e.g. 'my-note'" in err
    status, _, err = run(capsys, project, "new", "index", "--kind", "note", "--id", "CON")
    assert status == 2 and "e.g. 'con-2'" in err, "never an example that is itself reserved"
    assert not (project / "annotations").exists()


def test_new_refuses_a_verdict_for_a_kind_that_has_none(tmp_path: Path, capsys):
    project = new_project(tmp_path)
    status, _, err = run(capsys, project, "new", "index", "--kind", "note", "--id", "n",
                         "--verdict", "false")
    assert status == 2
    assert "--verdict: a note has no verdict; leave out --verdict, or give --kind correction" in err
    assert not (project / "annotations").exists()


@pytest.mark.parametrize("args, meant", [
    (["new", "index", "--kind", "note", "--sumary", "x", "The board"], "--summary"),
    (["check", "--fx"], "--fix"),
    (["report", "--formt=json"], "--format"),
    (["check", "--confg-file", "mkdocs.yml"], "--config-file"),
    (["check", "--prefix", "x"], None),  # 'fix' is in it: no guess, which would mislead
    (["new", "index", "--kind", "note", "--fix"], None),
])
def test_a_misspelt_option_is_told_the_one_meant(tmp_path: Path, capsys, args: list[str],
                                                 meant: str | None):
    """argparse said "unrecognized arguments: --sumary x" alone, where every other mistake is told
    the name it is like."""
    project = new_project(tmp_path)
    with pytest.raises(SystemExit) as exited:
        run(capsys, project, *args)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.rstrip().endswith(f"(did you mean '{meant}'?)") if meant else "did you mean" not in err


def test_new_verifies_the_quote_first(tmp_path: Path, capsys):
    project = new_project(tmp_path)
    status, _, err = run(capsys, project, "new", "index", "Ilya Sutskever died in May", "--kind", "note")
    assert status == 1 and "closest passage" in err.lower()
    status, _, err = run(capsys, project, "new", "index", "Ilya Sutskever pased away in May",
                         "--kind", "note")
    assert status == 1  # nothing changed under a quote not written yet: not "drift"
    assert "quote not found exactly: it differs from the page's words (a typo?). Closest passage" in err
    status, _, err = run(capsys, project, "new", "index", "Words nowhere in this text", "--kind", "note")
    assert status == 1 and "delete the file" not in err  # there is none: glossa new wrote nothing
    assert err.rstrip().endswith("; nothing is written: copy the words from the page as it reads, or "
                                 "leave out the quote and give --id for an annotation about the whole page")
    status, _, err = run(capsys, project, "new", "index", "The board met in June.", "--kind", "note")
    assert status == 1 and "matches 2 places" in err
    assert err.rstrip().endswith("(here: --prefix TEXT, --suffix TEXT or --occurrence N)")
    assert not (project / "annotations").exists()
    status, _, err = run(capsys, project, "new", "index", "The board met in June.", "--kind", "note",
                         "--occurrence", "3")
    assert status == 1 and "'occurrence: 3' but the quote matches 2 places; give a number from 1 to 2" in err
    assert err.rstrip().endswith("(here: --occurrence N, which may be left out)")  # not only the file's words
    status, _, _ = run(capsys, project, "new", "index", "The board met in June.", "--kind", "note",
                       "--suffix", "The board")
    assert status == 0
    # nor drift beside the prefix given
    page = ("# Home\n\nThen, said one engineer at the time, it broke.\n\n"
            "Fine \u2014 said an engineer at the time.\n")
    (project / "docs" / "index.md").write_text(page, encoding="utf-8")
    status, _, err = run(capsys, project, "new", "index", "said one engineer at the time", "--kind", "note",
                         "--prefix", "\u2014")
    assert status == 1
    assert ("right against it: it differs from the page's words (a typo?). Closest passage at the "
            "prefix") in err


def test_new_says_an_id_is_made_of_ascii_letters_when_the_quote_has_none(tmp_path: Path, capsys):
    project = write_project(tmp_path, {"index.md": "# Home\n\n免责声明: 本文.\n"}, {})
    status, _, err = run(capsys, project, "new", "index", "免责声明", "--kind", "note", "--author", "X")
    assert status == 2 and "no letters a-z or digits" in err and "--id" in err


def test_new_reports_unknown_pages_and_kinds(tmp_path: Path, capsys):
    project = new_project(tmp_path)
    status, _, err = run(capsys, project, "new", "indx", "passed away", "--kind", "note")
    assert status == 2 and "no page docs/indx.md (did you mean 'index'?)" in err  # as import says it
    (project / "docs" / "guide").mkdir()
    (project / "docs" / "guide" / "index.md").write_text("# Guide\n\nText.\n", encoding="utf-8")
    status, _, err = run(capsys, project, "new", "guide", "Text", "--kind", "note")
    assert status == 2 and "no page docs/guide.md (did you mean 'guide/index'?)" in err
    # A README.md is its folder's page too: MkDocs publishes docs/ref/README.md at ref/
    (project / "docs" / "ref").mkdir()
    (project / "docs" / "ref" / "README.md").write_text("# Ref\n\nText.\n", encoding="utf-8")
    for typed in ("ref/index", "ref"):
        status, _, err = run(capsys, project, "new", typed, "Text", "--kind", "note")
        assert status == 2 and f"no page docs/{typed}.md (did you mean 'ref/README'?)" in err
    status, _, err = run(capsys, project, "new", "index", "passed away", "--kind", "nope")
    assert status == 2 and ("--kind: unknown kind 'nope' (did you mean 'note'?); allowed kinds: "
                            "correction, source, note, update, memo") in err


A_NOTE = ["--kind", "note", "--author", "A"]
"""`glossa new`'s options for a note, before the one a case gets wrong."""
BAD_VALUES_FOR_NEW = {
    "a verdict misspelt": (["--kind", "correction", "--verdict", "flase", "--source", "https://a.example"],
                           "--verdict: unknown verdict 'flase' (did you mean 'false'?); allowed verdicts:"),
    "a source without its scheme": (["--kind", "correction", "--verdict", "false", "--source",
                                     "example.org/story"],
                                    "--source must be an http:// or https:// URL (add 'https://' "
                                    "before it), not 'example.org/story'"),
    "a blank prefix": ([*A_NOTE, "--prefix", "   "],
                       "--prefix is blank; give the exact words of the text, or leave out --prefix"),
    "an occurrence too large": ([*A_NOTE, "--occurrence", "10000000"],
                                "--occurrence must be a whole number from 1"),
    "an occurrence that is no number": ([*A_NOTE, "--occurrence", "two"],
                                        "--occurrence must be a whole number from 1 (which match, in "
                                        "page order), not 'two'"),
    "an occurrence of 0": ([*A_NOTE, "--occurrence", "0"],
                           "--occurrence must be a whole number from 1"),
    "a blank summary": ([*A_NOTE, "--summary", " "],
                        "--summary is blank; give a value, or leave out --summary"),
    "a summary of two lines": ([*A_NOTE, "--summary", "One.\nTwo."],
                               "--summary: 'summary' holds a line break; write one line of plain text"),
    "a blank verdict": (["--kind", "correction", "--verdict", "", "--source", "https://a.example"],
                        "--verdict is blank"),
    "a date that is no day": ([*A_NOTE, "--date", "2025-02-30"],
                              "--date must be a day of the calendar, and '2025-02-30' is not one"),
    "a date written otherwise": ([*A_NOTE, "--date", "7 Dec 2026"],
                                 "--date must be a date as YYYY-MM-DD, not '7 Dec 2026'"),
    "a blank kind": (["--kind", " ", "--author", "A"],
                     "--kind is blank; give one of correction, source, note, update, memo"),
}


@pytest.mark.parametrize("case", BAD_VALUES_FOR_NEW)
def test_new_refuses_bad_values_with_the_messages_of_annotation_files(tmp_path: Path, capsys, case: str):
    project = new_project(tmp_path)
    options, message = BAD_VALUES_FOR_NEW[case]
    status, _, err = run(capsys, project, "new", "index", "passed away", *options)
    assert status == 2 and message in err
    assert not (project / "annotations").exists()


def test_new_says_every_bad_value_at_once(tmp_path: Path, capsys):
    """Three mistakes took three tries: only the first was said."""
    project = new_project(tmp_path)
    status, _, err = run(capsys, project, "new", "index", "passed away", "--kind", "correction",
                         "--verdict", "wrong", "--source", "www.x.org", "--date", "2025-13-01")
    assert status == 2
    assert [line.split(":")[1].strip().split()[0] for line in err.splitlines()] == [
        "--verdict", "--date", "--source"]
    assert not (project / "annotations").exists()


@pytest.mark.parametrize("quote", ["", "  ", "\u200b", "\u00ad\u2060"])
def test_new_refuses_a_quote_the_build_would_read_as_blank(tmp_path: Path, capsys, quote: str):
    """A quote of zero-width characters alone was written, and the build refused the file."""
    project = new_project(tmp_path)
    status, _, err = run(capsys, project, "new", "index", quote, "--kind", "note", "--author", "A")
    assert status == 2, err
    assert err == ("glossa: the quote is blank; give the exact words, or leave it out for a "
                   "page-level annotation\n")
    assert not (project / "annotations").exists()


@pytest.mark.parametrize("option, value", [("--prefix", "the words"), ("--suffix", "the words"),
                                           ("--occurrence", "2")])
def test_new_refuses_what_picks_among_a_quotes_places_without_a_quote(tmp_path: Path, capsys,
                                                                      option: str, value: str):
    """A page-level note with --prefix was written, and the build refused the file."""
    project = new_project(tmp_path)
    status, _, err = run(capsys, project, "new", "index", "--kind", "note", "--id", "n",
                         "--author", "A", option, value)
    assert status == 2
    assert err == (f"glossa: {option} picks among the places the quote appears, but there is no "
                   f"quote: give the words the annotation is about, or leave out {option}\n")
    assert not (project / "annotations").exists()


def test_new_says_all_that_picks_among_a_quotes_places_without_a_quote(tmp_path: Path, capsys):
    """Only the first of --prefix, --suffix and --occurrence was said: three tries."""
    project = new_project(tmp_path)
    status, _, err = run(capsys, project, "new", "index", "--kind", "note", "--id", "n", "--author", "A",
                         "--prefix", "a", "--suffix", "b", "--occurrence", "2")
    assert status == 2
    assert [line.split(" ")[1] for line in err.splitlines()] == ["--prefix", "--suffix", "--occurrence"]


def test_new_accepts_the_page_as_a_path(tmp_path: Path, capsys):
    project = new_project(tmp_path)
    assert run(capsys, project, "new", "docs/a/b.md", "Deep text", "--kind", "note", "--id", "d")[0] == 0
    assert (project / "annotations/a/b/d.md").exists()


def test_id_from_words():
    assert cli.id_from_words("Chief Scientist Ilya Sutskever passed away.", cli.QUOTE_ID_LENGTH) == \
        "chief-scientist-ilya-sutskever-passed"
    assert cli.id_from_words("“Café” — naïve, 2024!", cli.QUOTE_ID_LENGTH) == "cafe-naive-2024"
    assert cli.id_from_words("a" * 300) == "a" * 252, "a first word too long is cut"
    assert cli.id_from_words("“ — ”") == ""
    assert cli.id_from_words("It's the harbour’s") == "its-the-harbours", "not 'it-s'"
    assert cli.id_from_words("Straßenfest, GROẞ, Æsir, Œuvre, Søren, Łódź, Đakovo, Sauðárkrókur, "
                             "Þingvellir, Kırıkkale") == ("strassenfest-gross-aesir-oeuvre-soren-lodz-"
                                                          "dakovo-saudarkrokur-thingvellir-kirikkale")


def test_new_makes_an_id_of_letters_nfkd_does_not_take_apart(tmp_path: Path, capsys):
    """`ß` has no accent to take off: the id was 'das-straenfest'."""
    project = write_project(tmp_path, {"index.md": "# Home\n\nDas Straßenfest fällt aus.\n"})
    status, out, _ = run(capsys, project, "new", "index", "Das Straßenfest", "--kind", "note",
                         "--author", "A")
    assert status == 0 and out == "annotations/index/das-strassenfest.md\n"


@pytest.mark.parametrize("value", ["plain words", "false", "a: b", "#hash", "it's", '"quoted"', "null",
                                   "- dash", "ends with colon:", "  spaced", "line\nbreak"])
def test_a_value_is_written_so_that_it_reads_back_as_the_same_string(value: str):
    text = f"---\nkind: note\nauthor: {writer.scalar(value)}\n---\nBody.\n"
    result = parse_annotation(text.encode(), "x", "p", "x.md", {k.name: k for k in DEFAULT_KINDS})
    assert isinstance(result, Annotation) and result.author == value


# --- schema ---------------------------------------------------------------------------------------


def test_schema_prints_the_site_schema_with_its_custom_kinds(tmp_path: Path, capsys):
    status, out, _ = run(capsys, new_project(tmp_path), "schema")
    schema = json.loads(out)
    assert status == 0
    assert schema["properties"]["kind"]["enum"] == ["correction", "source", "note", "update", "memo"]


def test_schema_defaults_is_the_shipped_file(capsys):
    assert cli.main(["schema", "--defaults"]) == 0
    assert capsys.readouterr().out == SCHEMA_FILE.read_text(encoding="utf-8")


def test_the_editors_guide_quotes_the_messages_as_they_are_printed(broken: Path, capsys):
    guide = (Path(cli.__file__).parent / "EDITING.md").read_text(encoding="utf-8")
    _, out, _ = run(capsys, broken, "check")
    for problem in problems_of(out):
        assert problem in guide, f"EDITING.md should quote, verbatim:\n{problem}"


@pytest.mark.parametrize("arguments", [["check"], ["check", "-f", "zensical.toml"]])
def test_a_site_with_only_a_zensical_toml_is_told_what_the_command_reads(
        tmp_path: Path, capsys, monkeypatch, arguments: list[str]):
    """It was told 'mkdocs.yml not found', or given a YAML parser's error about the TOML."""
    (tmp_path / "zensical.toml").write_text('[project]\nsite_name = "S"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(arguments) == 2
    assert "reads mkdocs.yml, and this site has only a zensical.toml" in capsys.readouterr().err


def test_check_reports_a_draft_pages_annotations_as_mkdocs_serve_would(tmp_path: Path, capsys):
    """A strict build leaves a draft out, and said its annotations' problems only once the page
    was published: check reads the draft as `mkdocs serve` does."""
    project = write_project(tmp_path, {"index.md": PAGE, "draft.md": "# Draft\n\nNot yet out.\n"},
                            {"draft/gone.md": annotation("note", quote="Not there.")},
                            {"draft_docs": "draft.md"})
    assert not build(project, strict=True).aborted
    status, out, _ = run(capsys, project, "check")
    assert status == 1
    assert [p.split(": ")[0] for p in problems_of(out)] == ["annotations/draft/gone.md:3"]


def test_new_says_a_page_ending_in_markdown_needs_md(tmp_path: Path, capsys):
    project = new_project(tmp_path)
    (project / "docs" / "third.markdown").write_text("# Third\n\nWords.\n", encoding="utf-8")
    for page in ("third", "third.markdown"):
        status, _, err = run(capsys, project, "new", page, "Words", "--kind", "note", "--author", "A")
        assert status == 2 and ("glossa: Glossa annotates pages whose name ends in '.md': rename "
                                "docs/third.markdown to docs/third.md; its annotations go in "
                                "annotations/third/") in err, err
