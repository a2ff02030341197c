"""`glossa import`: W3C and Hypothesis exports become annotation files, checked, never overwriting."""

from __future__ import annotations

import argparse
import json
from html import escape
from pathlib import Path

import pytest
from glossa import cli, importer
from glossa.files import find_annotation_files, read_annotation_file
from glossa.importer import html_to_markdown
from glossa.model import DEFAULT_KINDS, Annotation, Kind
from helpers import annotation, build, write_project

PAGE = """\
---
title: A reading
---

# A reading

The mill lost money for a decade. The mill closed in May.

Workers said it was old. Workers said it was **cold** and [damp](https://example.org/damp).
"""

ANNOTATIONS = {
    "reading/decade.md": annotation(
        "correction", "It lost money for *three* years:\n\n- 2021\n- 2022\n\nSee [¶3](#p3).",
        quote="The mill lost money for a decade.", verdict="missing-context", summary="Three years",
        date="2026-01-02",
        updated="2026-02-03", author="Editors",
        sources=[{"url": "https://example.org/minutes", "title": "Minutes: 'final'",
                  "publisher": "Town", "original": "Gazette", "date": "2025-12",
                  "archive": "https://archive.example/m"},
                 {"url": "https://example.org/second", "date": "2024"}]),
    "reading/second-workers.md": annotation("note", "The second — with “quotes”.",
                                            quote="Workers said", prefix="it was old.",
                                            suffix="it was cold", author="Reader", date="2026-03-01"),
    "reading/whole.md": annotation("source", "Le contexte.", sources=[{"url": "https://example.org/bg"}],
                                   language="fr"),
    "reading/gone.md": annotation("note", "Not there.", quote="words that are not in the text"),
    "reading/update-1.md": annotation("update", "Later: it reopened.", quote="closed in May",
                                      sources=[{"url": "https://example.org/reopen"}]),
}
CONFIG = {"plugins": ["search", {"glossa": {"kinds": {"update": {
    "label": "Update", "motivation": "describing", "sources": True}}}}]}
FIELDS = ("id", "kind", "quote", "prefix", "suffix", "verdict", "sources", "summary", "language",
          "author", "date", "updated", "body")
KINDS: dict[str, Kind] = {k.name: k for k in DEFAULT_KINDS}


def read_all(project: Path, *more: Kind) -> dict[str, Annotation]:
    kinds = {**KINDS, "update": Kind("update", "Update", "", "#000", "describing", needs_sources=True),
             **{kind.name: kind for kind in more}}
    found, problems = find_annotation_files(project / "annotations", "annotations")
    assert not problems
    result = {}
    for file in found:
        read = read_annotation_file(file, kinds)
        assert isinstance(read, Annotation), read
        result[read.id] = read
    return result


def run_import(project: Path, export: Path, *args: str) -> int:
    return cli.main(["import", str(export), "--page", "reading", "-f", str(project / "mkdocs.yml"), *args])


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = write_project(tmp_path_factory.mktemp("original"), {"reading.md": PAGE}, ANNOTATIONS,
                            CONFIG)
    build(project)
    return project


def test_glossa_export_round_trips_without_loss(original: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    export = original / "site" / "reading.annotations.jsonld"
    project = write_project(tmp_path, {"reading.md": PAGE}, {}, CONFIG)
    assert run_import(project, export) == 1, "one annotation does not anchor, as in the original"
    report = capsys.readouterr().out
    assert "5 imported, 0 skipped, 1 not anchored" in report
    assert "annotations/reading/gone.md: written\n  does not anchor: quote not found" in report
    assert "annotations/reading/decade.md: written\n  anchors in ¶2" in report
    before, after = read_all(original), read_all(project)
    assert set(before) == set(after) == {a.split("/")[1][:-3] for a in ANNOTATIONS}
    for id, annotation_before in before.items():
        for name in FIELDS:
            assert getattr(after[id], name) == getattr(annotation_before, name), (id, name)
    rebuilt = build(project)
    assert (rebuilt.site / "reading.annotations.jsonld").read_bytes() == export.read_bytes()


def test_imported_files_read_like_hand_written_ones(original: Path, tmp_path: Path) -> None:
    project = write_project(tmp_path, {"reading.md": PAGE}, {}, CONFIG)
    run_import(project, original / "site" / "reading.annotations.jsonld")
    text = (project / "annotations" / "reading" / "decade.md").read_text(encoding="utf-8")
    assert text.startswith("---\nkind: correction\nquote: The mill lost money for a decade.\n"
                           "verdict: missing-context\nsources:\n  - url: https://example.org/minutes\n"
                           "    title: \"Minutes: 'final'\"\n")
    assert "\ndate: 2026-01-02\nupdated: 2026-02-03\n---\nIt lost money for *three* years:" in text


def test_an_existing_file_is_never_overwritten(original: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    mine = annotation("note", "Mine.", quote="closed in May")
    project = write_project(tmp_path, {"reading.md": PAGE}, {"reading/decade.md": mine}, CONFIG)
    assert run_import(project, original / "site" / "reading.annotations.jsonld") == 1
    assert (project / "annotations" / "reading" / "decade.md").read_text(encoding="utf-8") == mine
    assert "annotations/reading/decade.md exists; not overwritten" in capsys.readouterr().out
    assert len(read_all(project)) == 5


def test_dry_run_writes_nothing(original: Path, tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    project = write_project(tmp_path, {"reading.md": PAGE}, {}, CONFIG)
    run_import(project, original / "site" / "reading.annotations.jsonld", "--dry-run")
    assert not (project / "annotations" / "reading").exists()
    assert "annotations/reading/decade.md: would write" in capsys.readouterr().out


HYPOTHESIS = {
    "export_date": "2026-04-01T10:00:00.000Z",
    "export_userid": "acct:alice@hypothes.is",
    "client_version": "1.1500.0",
    "annotations": [
        {"id": "AbC_12-xY", "created": "2026-03-04T23:30:00.000000-05:00",
         "updated": "2026-03-06T10:00:00.000000+00:00", "user": "acct:alice@hypothes.is",
         "user_info": {"display_name": "Alice A."}, "uri": "https://example.org/reading/",
         "text": "Check **this**: <https://example.org/x>", "tags": ["fact-check"],
         "target": [{"source": "https://example.org/reading/", "selector": [
             {"type": "RangeSelector", "startContainer": "/main[1]/div[2]/p[1]", "startOffset": 0,
              "endContainer": "/main[1]/div[2]/p[1]", "endOffset": 10},
             {"type": "TextPositionSelector", "start": 60, "end": 73},
             {"type": "TextQuoteSelector", "exact": "closed in May",
              "prefix": "¶2\nThe mill lost money for a decade. The mill ", "suffix": "1\n¶3 Workers"}]}]},
        {"id": "abc_12-xy", "created": "2026-03-05T08:00:00Z", "updated": "2026-03-05T08:00:00Z",
         "user": "acct:bob@hypothes.is", "text": "Where is this?", "tags": [],
         "target": [{"source": "https://example.org/reading/", "selector": [
             {"type": "TextQuoteSelector", "exact": "a sentence that is not there"}]}]},
        {"id": "HighLight1", "created": "2026-03-05T08:00:00Z", "user": "acct:bob@hypothes.is",
         "text": "", "tags": [], "target": [{"source": "https://example.org/reading/", "selector": [
             {"type": "TextQuoteSelector", "exact": "The mill"}]}]},
        {"id": "PageNote", "created": "2026-03-07T08:00:00Z", "user": "acct:bob@hypothes.is",
         "text": "A general remark.", "tags": ["Misc"],
         "target": [{"source": "https://example.org/reading/"}]},
        {"id": "Tagged", "created": "2026-03-08T08:00:00Z", "user": "acct:carol@hypothes.is",
         "text": "This is wrong.", "tags": ["correction"], "target": [{"source": "x", "selector": [
             {"type": "TextQuoteSelector", "exact": "Workers said", "prefix": "was old. ",
              "suffix": " it was cold"}]}]},
    ],
}


@pytest.fixture()
def hypothesis_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str, int]:
    project = write_project(tmp_path / "p", {"reading.md": PAGE},
                            {"reading/pagenote.md": annotation("note", "Already here.")}, CONFIG)
    export = tmp_path / "hypothesis.json"
    export.write_text(json.dumps(HYPOTHESIS), encoding="utf-8")
    status = run_import(project, export, "--tag-kind", "fact-check=update")
    return project, capsys.readouterr().out, status


def test_hypothesis_export_maps_quote_body_tags_user_and_dates(
        hypothesis_import: tuple[Path, str, int]) -> None:
    project, report, status = hypothesis_import
    assert status == 1
    imported = read_all(project)
    first = imported["abc-12-xy"]
    assert first.kind == "note", "fact-check maps to update, which needs sources the export lacks"
    assert first.quote == "closed in May"
    assert first.prefix is None and first.suffix is None, "the quote alone is unique: context dropped"
    assert first.body == "Check **this**: <https://example.org/x>"
    assert first.author == "Alice A."
    assert first.date == "2026-03-05", "23:30 at UTC-5 is the 5th in UTC"
    assert first.updated == "2026-03-06"
    assert "imported as a note, not as an update" in report and "sources" in report
    assert "anchors in ¶2" in report


def test_hypothesis_ids_are_made_valid_and_unique(hypothesis_import: tuple[Path, str, int]) -> None:
    project, report, _ = hypothesis_import
    imported = read_all(project)
    assert set(imported) == {"abc-12-xy", "abc-12-xy-2", "pagenote", "pagenote-2", "tagged"}
    assert imported["pagenote"].body == "Already here.", "the existing file is untouched"
    assert imported["pagenote-2"].body == "A general remark."
    assert imported["pagenote-2"].quote is None, "no selector: about the whole page"
    assert imported["pagenote-2"].author == "bob"
    assert "the id 'abc-12-xy' is taken on this page; using 'abc-12-xy-2'" in report


def test_a_reserved_id_is_renamed_and_said_to_be_reserved(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    project = write_project(tmp_path / "p", {"reading.md": PAGE}, {}, CONFIG)
    export = tmp_path / "hypothesis.json"
    export.write_text(json.dumps({**HYPOTHESIS, "annotations": [
        {**HYPOTHESIS["annotations"][-1], "id": "CON"}]}), encoding="utf-8")
    run_import(project, export)
    assert "the id 'con' is reserved; using 'con-2'" in capsys.readouterr().out
    assert [p.name for p in (project / "annotations/reading").iterdir()] == ["con-2.md"]


def test_an_id_taken_in_another_letter_case_is_taken(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """`Tagged.md` and `tagged.md` are one file on macOS and Windows: the import must not write
    the second beside the first."""
    project = write_project(tmp_path / "p", {"reading.md": PAGE}, {}, CONFIG)
    (project / "annotations/reading").mkdir(parents=True)
    (project / "annotations/reading/Tagged.md").write_text("by hand", encoding="utf-8")
    export = tmp_path / "hypothesis.json"
    export.write_text(json.dumps({**HYPOTHESIS, "annotations": HYPOTHESIS["annotations"][-1:]}),
                      encoding="utf-8")
    run_import(project, export)
    assert "the id 'tagged' is taken on this page; using 'tagged-2'" in capsys.readouterr().out
    assert sorted(p.name for p in (project / "annotations/reading").iterdir()) == ["Tagged.md",
                                                                                   "tagged-2.md"]


def test_hypothesis_annotations_that_cannot_be_placed_or_read_are_reported(
        hypothesis_import: tuple[Path, str, int]) -> None:
    _, report, _ = hypothesis_import
    assert "annotations/reading/abc-12-xy-2.md: written\n  the id 'abc-12-xy' is taken on this page" in report
    assert "does not anchor: quote not found" in report
    assert "annotation 3 (Hypothesis HighLight1): skipped" in report
    assert "not imported:" in report and "body is empty" in report
    assert "4 imported, 1 skipped, 1 not anchored" in report


def test_tags_that_name_a_kind_choose_it_and_context_is_kept_when_it_is_needed(
        hypothesis_import: tuple[Path, str, int]) -> None:
    project, report, _ = hypothesis_import
    tagged = read_all(project)["tagged"]
    assert tagged.kind == "note", "a correction needs a verdict: imported as a note"
    assert "imported as a note, not as a correction" in report
    assert (tagged.quote, tagged.prefix, tagged.suffix) == ("Workers said", "was old.", "it was cold")
    assert "annotations/reading/tagged.md: written" in report


def _one(tmp_path: Path, **item: object) -> importer.ImportReport:
    """One W3C annotation on 'lost money', with `item`'s keys."""
    annotation = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://anno.example/a/1",
                  "type": "Annotation", "target": {"source": "https://example.org/reading/", "selector": {
                      "type": "TextQuoteSelector", "exact": "lost money"}}, **item}
    return importer.import_annotations(annotation, page="reading", folder=tmp_path / "reading",
                                       kinds=KINDS, blocks=["The mill lost money for a decade."])


def test_a_tag_naming_the_readers_kind_is_no_unknown_tag(tmp_path: Path) -> None:
    report = _one(tmp_path, creator={"name": "Ann"}, body=[
        {"type": "TextualBody", "value": "A remark."},
        {"type": "TextualBody", "purpose": "tagging", "value": "Note"}])
    (entry,) = report.entries
    assert report.ok and not [m for m in entry.messages if "name no kind" in m], entry.messages


def test_a_motivation_chooses_the_kind_before_a_tag_naming_the_readers_kind(tmp_path: Path) -> None:
    report = _one(tmp_path, creator={"name": "Ann"}, motivation="linking", body=[
        {"type": "TextualBody", "value": "The filing."},
        {"id": "https://example.org/filing", "type": "Text"},
        {"type": "TextualBody", "purpose": "tagging", "value": "note"}])
    assert report.ok, report.text()
    assert "kind: source" in (tmp_path / "reading" / "1.md").read_text(encoding="utf-8")


def test_an_annotation_no_kind_takes_says_why_each_refused_it(tmp_path: Path) -> None:
    """A link alone, by nobody: refused as a source (no text) and as a note (no author and no
    text); the report said only the note's reasons, and not how to give an author."""
    report = _one(tmp_path, motivation="linking",
                  body={"id": "https://example.org/evidence", "type": "Text"})
    (entry,) = report.entries
    assert entry.status == "skipped"
    assert any(m.startswith("not imported as a source: ") for m in entry.messages), entry.messages
    assert "not imported: missing key 'author' for a note: who wrote it, as shown to readers (give " \
           "one with --author NAME)" in entry.messages


def test_an_export_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text('\ufeff{"type": "AnnotationCollection", "items": []}', encoding="utf-8")
    assert importer.read_export(export) == {"type": "AnnotationCollection", "items": []}


def test_generic_w3c_annotation_with_an_html_body(tmp_path: Path) -> None:
    item = {
        "@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://anno.example/a/7",
        "type": "Annotation", "motivation": "linking", "creator": {"type": "Person", "name": "Carol"},
        "created": "2026-01-01T10:00:00Z", "modified": "2026-01-09T10:00:00Z",
        "body": [{"type": "TextualBody", "format": "text/html",
                  "value": "<p>See <a href='https://x.example/'>this <em>report</em></a> &amp; "
                           "more_stuff.</p><ul><li>one</li><li>two</li></ul>"},
                 {"type": "TextualBody", "purpose": "tagging", "value": "economy"},
                 {"id": "https://x.example/", "type": "Text", "title": "X report"}],
        "target": {"source": "https://example.org/reading/",
                   "selector": {"type": "TextQuoteSelector", "exact": "lost money"}},
    }
    folder = tmp_path / "reading"
    report = importer.import_annotations(
        item, page="reading", folder=folder, kinds=KINDS,
        blocks=["A reading", "The mill lost money for a decade."])
    assert report.ok, report.text()
    (entry,) = report.entries
    assert entry.id == "7" and entry.messages[-1] == "anchors in ¶2"
    text = (folder / "7.md").read_text(encoding="utf-8")
    assert "kind: source\nquote: lost money\nsources:\n  - url: https://x.example/\n    title: X report\n" \
        in text
    assert "author: Carol\ndate: 2026-01-01\nupdated: 2026-01-09\n---\n" in text
    assert text.endswith("See [this *report*](https://x.example/) & more\\_stuff.\n\n- one\n- two\n")


@pytest.mark.parametrize("languages, written, notes", [
    (["fr"], "fr", []),
    (["fr", "fr"], "fr", []),
    (["fr", "de"], "fr", ["body language 'de' left out: the texts are one body, in 'fr'"]),
    (["français", "de"], "de", ["body language 'français' is not a language tag (BCP 47), such as "
                                "'fr'; left out"]),
    ([None], None, []),
    (["EN"], None, []),  # the site's: no `language:` in every file
])
def test_a_w3c_bodys_language_becomes_the_files(tmp_path: Path, languages: list[str | None],
                                                written: str | None, notes: list[str]) -> None:
    """A French reader's note imported as an English one was read with English sounds."""
    item = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": "http://anno.example/a/8",
            "type": "Annotation", "creator": {"name": "Carol"},
            "body": [{"type": "TextualBody", "value": f"Texte {n}.", **({"language": tag} if tag else {})}
                     for n, tag in enumerate(languages)],
            "target": {"source": "https://example.org/reading/",
                       "selector": {"type": "TextQuoteSelector", "exact": "lost money"}}}
    report = importer.import_annotations(item, page="reading", folder=tmp_path, kinds=KINDS,
                                         blocks=["The mill lost money for a decade."], site_language="en")
    (entry,) = report.entries
    assert entry.status == "written" and entry.messages[:-1] == notes
    text = (tmp_path / "8.md").read_text(encoding="utf-8")
    assert (f"\nlanguage: {written}\n" in text) is (written is not None)


def test_a_body_in_the_sites_own_language_writes_no_language(tmp_path: Path) -> None:
    """W3C tools give every body a language: each file of a German site's import said
    `language: de`, which is for an annotation that is not in the site's language."""
    project = write_project(tmp_path, {"reading.md": PAGE}, {}, {
        **CONFIG, "theme": {"name": "material", "font": False, "language": "de"}})
    items = [{"@context": "http://www.w3.org/ns/anno.jsonld", "id": f"http://anno.example/a/{tag}",
              "type": "Annotation", "creator": {"name": "Carol"},
              "body": {"type": "TextualBody", "value": "Text.", "language": tag},
              "target": {"source": "https://example.org/reading/",
                         "selector": {"type": "TextQuoteSelector", "exact": "lost money"}}}
             for tag in ("de", "fr")]
    export = tmp_path / "export.json"
    export.write_text(json.dumps(items), encoding="utf-8")
    assert run_import(project, export) == 0
    written = read_all(project)
    assert (written["de"].language, written["fr"].language) == (None, "fr")


def test_html_to_markdown_keeps_meaning() -> None:
    assert html_to_markdown("<p>a <strong>b</strong> <code>c*d</code></p><p>2 &lt; 3</p>") == \
        "a **b** `c*d`\n\n2 &lt; 3"
    assert html_to_markdown("<blockquote><p>q</p></blockquote><ol start='3'><li>x</li></ol>") == \
        "> q\n\n3. x"
    assert html_to_markdown("<pre><code>x = 1\n</code></pre>") == "```\nx = 1\n```"
    assert html_to_markdown("plain [text]") == "plain \\[text\\]"


@pytest.mark.parametrize("text", ["2024. A bad year.", "# of units fell.", "- not a bullet",
                                  "+ not one either", "> not a quote", "1) nor a list",
                                  "well - known, 3 > 2, #1 and 20.", "!!! note that"])
def test_html_to_markdown_keeps_paragraphs_that_start_like_markdown_blocks(text: str) -> None:
    """Text that would start a list, a heading, a quotation or an admonition (bodies are rendered
    with the site's extensions) at a line's start stays text."""
    import markdown

    written = html_to_markdown(f"<p>Before.</p><p>{escape(text)}</p>")
    rendered = markdown.markdown(written, extensions=["admonition", "attr_list", "md_in_html"])
    assert rendered == f"<p>Before.</p>\n<p>{escape(text, quote=False)}</p>", written


def test_register_adds_the_import_command_to_another_parser(original: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="glossa")
    subparsers = parser.add_subparsers(dest="command")
    cli.register_import(subparsers)
    project = write_project(tmp_path, {"reading.md": PAGE}, {}, CONFIG)
    args = parser.parse_args(["import", str(original / "site" / "reading.annotations.jsonld"),
                              "--page", "docs/reading.md", "-f", str(project / "mkdocs.yml")])
    assert args.func(args) == 1
    assert "5 imported" in capsys.readouterr().out


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not JSON: Expecting property name enclosed in double quotes: line 1 column 2"),
    (json.dumps({"type": "Something"}), "not a W3C Web Annotation export"),
    (json.dumps({"type": "AnnotationCollection", "first": "https://x.example/p1"}),
     "pages are not embedded"),
])
def test_unreadable_exports_are_refused(tmp_path: Path, content: str, message: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    project = write_project(tmp_path, {"reading.md": PAGE}, {}, CONFIG)
    export = tmp_path / "export.json"
    export.write_text(content, encoding="utf-8")
    assert run_import(project, export) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith(f"glossa import: {export}: ")
    assert not (project / "annotations" / "reading").exists()


def test_an_export_that_is_not_utf8_is_refused_saying_so(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    project = write_project(tmp_path, {"reading.md": PAGE}, {}, CONFIG)
    export = tmp_path / "export.json"
    export.write_bytes('{"type": "Annotation", "body": "Caf\u00e9"}'.encode("latin-1"))
    assert run_import(project, export) == 2
    assert capsys.readouterr().err.startswith(f"glossa import: {export}: not UTF-8 text (")


@pytest.mark.parametrize("depth", [65, 100_000])
def test_deeply_nested_json_is_refused_in_one_line(tmp_path: Path, depth: int,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 20: 100,000 levels ended in a RecursionError traceback."""
    project = write_project(tmp_path, {"reading.md": PAGE}, {}, CONFIG)
    export = tmp_path / "export.json"
    export.write_text('{"type": "AnnotationCollection", "x": ' + "[" * depth + "]" * depth + "}",
                      encoding="utf-8")
    assert run_import(project, export) == 2
    assert capsys.readouterr().err == (f"glossa import: {export}: the JSON is nested more than 64 "
                                       "levels deep; W3C and Hypothesis exports are a few levels deep\n")


def test_unknown_page_and_unknown_kind_are_refused(original: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    project = write_project(tmp_path, {"reading.md": PAGE}, {}, CONFIG)
    export = str(original / "site" / "reading.annotations.jsonld")
    assert cli.main(["import", export, "--page", "nope", "-f", str(project / "mkdocs.yml")]) == 2
    assert "no page docs/nope.md" in capsys.readouterr().err
    assert cli.main(["import", export, "--page", "readng", "-f", str(project / "mkdocs.yml")]) == 2
    assert "no page docs/readng.md (did you mean 'reading'?)" in capsys.readouterr().err
    assert run_import(project, Path(export), "--tag-kind", "x=bogus") == 2
    assert "unknown kinds: bogus" in capsys.readouterr().err


HOOK_ADDING_WORDS = '''
def on_page_content(html, page, config, files):  # as a glossary or abbreviations plugin might
    return html.replace("The mill lost", "The old mill lost")
'''


def test_quotes_are_anchored_in_the_page_as_other_plugins_leave_it_as_the_build_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = write_project(tmp_path / "p", {"reading.md": PAGE}, {},
                            {**CONFIG, "hooks": ["hook.py"]})
    (project / "hook.py").write_text(HOOK_ADDING_WORDS, encoding="utf-8")
    export = tmp_path / "w3c.json"
    export.write_text(json.dumps({
        "type": "Annotation", "id": "https://anno.example/old", "motivation": "commenting",
        "creator": {"name": "Ann"}, "body": {"type": "TextualBody", "value": "How old?"},
        "target": {"source": "https://example.org/reading/",
                   "selector": {"type": "TextQuoteSelector", "exact": "The old mill lost money"}}}),
        encoding="utf-8")
    assert run_import(project, export) == 0, capsys.readouterr()
    assert "annotations/reading/old.md: written\n  anchors in ¶2\n" in capsys.readouterr().out
    result = build(project, strict=True)
    assert not result.aborted, result.warnings


def test_a_site_without_the_glossa_plugin_is_refused_with_what_to_add(
        original: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = write_project(tmp_path, {"reading.md": PAGE}, {}, {"plugins": ["search"]})
    assert run_import(project, original / "site" / "reading.annotations.jsonld") == 2
    assert "does not use the glossa plugin: add '- glossa' under 'plugins:'" in capsys.readouterr().err
    assert not (project / "annotations" / "reading").exists()


def test_the_glossa_command_runs_import_with_the_config_option_either_side(
        original: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = str(original / "site" / "reading.annotations.jsonld")
    first = write_project(tmp_path / "a", {"reading.md": PAGE}, {}, CONFIG)
    assert cli.main(["-f", str(first / "mkdocs.yml"), "import", export, "--page", "reading"]) == 1
    second = write_project(tmp_path / "b", {"reading.md": PAGE}, {}, CONFIG)
    assert cli.main(["import", export, "--page", "reading", "-f", str(second / "mkdocs.yml")]) == 1
    assert capsys.readouterr().out.count("5 imported, 0 skipped, 1 not anchored") == 2
    assert len(read_all(first)) == len(read_all(second)) == 5


def test_ids_from_other_tools_are_safe_file_names(tmp_path: Path) -> None:
    items = [{"type": "Annotation", "id": f"https://x.example/{name}", "creator": {"name": "A"},
              "bodyValue": "Text.", "target": "https://example.org/reading/"}
             for name in ("../../etc/passwd", "UPPER_case", "a" * 200, "#")]
    items.append({"type": "Annotation", "glossa:kind": "note", "glossa:id": "../Evil", "glossa:body": "x",
                  "creator": {"name": "A"}, "target": "https://example.org/reading/"})
    report = importer.import_annotations(items, page="reading", folder=tmp_path / "reading",
                                         kinds=KINDS, blocks=["Text"])
    ids = [entry.id for entry in report.entries]
    assert ids == ["passwd", "upper-case", "a" * 64, "imported-4", "evil"], report.text()
    assert sorted(p.name for p in tmp_path.rglob("*.md")) == sorted(f"{id}.md" for id in ids)


def test_an_own_id_that_is_reserved_is_no_permanent_id(tmp_path: Path) -> None:
    """No export of Glossa's holds a reserved id (the build refuses `con.md`), so `glossa:id: con`
    is renamed and said so, not kept as a permanent id: a stray `con.md` (which Linux allows) did
    not make it skipped as one that exists."""
    own = {"type": "Annotation", "glossa:kind": "note", "glossa:id": "con", "glossa:body": "x",
           "creator": {"name": "A"}, "target": "https://example.org/reading/"}
    (draft,) = importer.drafts_from_export([own], KINDS, {})
    assert not draft.own_id and draft.annotation.id == "con"
    (tmp_path / "reading").mkdir()
    (tmp_path / "reading/con.md").write_text("stray", encoding="utf-8")
    report = importer.import_annotations([own], page="reading", folder=tmp_path / "reading",
                                         kinds=KINDS, blocks=["Text"])
    (entry,) = report.entries
    assert (entry.status, entry.id) == ("written", "con-2"), report.text()
    assert "the id 'con' is reserved; using 'con-2'" in entry.messages
    assert (tmp_path / "reading/con.md").read_text(encoding="utf-8") == "stray"


def test_an_id_made_from_an_iri_spells_out_letters_nfkd_keeps_whole(tmp_path: Path) -> None:
    item = {"type": "Annotation", "id": "https://x.example/notes/Straßenfest", "bodyValue": "Text.",
            "creator": {"name": "A"}, "target": "https://example.org/reading/"}
    report = importer.import_annotations([item], page="reading", folder=tmp_path / "reading",
                                         kinds=KINDS, blocks=["Text"])
    assert [entry.id for entry in report.entries] == ["strassenfest"], report.text()


def test_a_page_outside_docs_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = write_project(tmp_path, {"reading.md": PAGE}, {}, CONFIG)
    (project / "outside.md").write_text("# Out\n", encoding="utf-8")
    export = tmp_path / "e.json"
    export.write_text("[]", encoding="utf-8")
    assert cli.main(["import", str(export), "--page", "../outside",
                     "-f", str(project / "mkdocs.yml")]) == 2
    assert "is not a page" in capsys.readouterr().err


def test_hypothesis_replies_are_reported_not_imported(tmp_path: Path) -> None:
    reply = {"id": "Reply1", "user": "acct:dan@hypothes.is", "text": "Agreed.", "references": ["AbC"],
             "created": "2026-03-05T08:00:00Z", "target": [{"source": "https://example.org/reading/"}]}
    report = importer.import_annotations({"annotations": [reply]}, page="reading",
                                         folder=tmp_path / "reading", kinds=KINDS, blocks=["Text"])
    (entry,) = report.entries
    assert entry.status == "skipped" and "a reply to another annotation" in entry.messages[0]
    assert not (tmp_path / "reading").exists()


def test_values_left_out_and_annotations_placed_on_the_page_are_said(tmp_path: Path) -> None:
    """An import never drops a value or a selector without a word in its report."""
    positions_only = {"type": "Annotation", "id": "https://x.example/positions", "bodyValue": "Text.",
                      "creator": {"name": "A"}, "created": "last week", "modified": "2024-02-30T10:00Z",
                      "target": {"source": "https://example.org/reading/",
                                 "selector": {"type": "TextPositionSelector", "start": 4, "end": 8}}}
    own = {"type": "Annotation", "glossa:kind": "note", "glossa:id": "own", "glossa:body": "x",
           "glossa:quote": "Text", "glossa:occurrence": 10_000_000, "modified": "soon",
           "creator": {"name": "A"}, "target": "https://example.org/reading/"}
    report = importer.import_annotations([positions_only, own], page="reading",
                                         folder=tmp_path / "reading", kinds=KINDS, blocks=["Text"])
    first, second = (entry.messages for entry in report.entries)
    assert "'created' 'last week' is not a date; left out" in first
    assert "'modified' '2024-02-30T10:00Z' is not a date; left out" in first
    assert any(m.startswith("no TextQuoteSelector with words among its selectors: imported as an "
                            "annotation on the whole page") for m in first), first
    assert "glossa:occurrence 10000000 is not a whole number from 1; left out" in second
    assert "'modified' 'soon' is not a date; left out" in second
    assert all(entry.status == "written" for entry in report.entries), report.text()


def test_what_a_fallback_to_a_note_or_a_body_leaves_out_is_said(tmp_path: Path) -> None:
    """A correction without a verdict becomes a note and keeps its source; a body that is neither
    text, a tag nor a web address is named."""
    item = {"type": "Annotation", "id": "https://x.example/c", "motivation": "assessing",
            "creator": {"name": "A"}, "bodyValue": "Wrong.",
            "body": [{"id": "https://ev.example/1", "type": "Text"}, {"id": "urn:isbn:123"}, 7],
            "target": {"source": "https://example.org/reading/",
                       "selector": {"type": "TextQuoteSelector", "exact": "Text"}}}
    report = importer.import_annotations([item], page="reading", folder=tmp_path / "reading",
                                         kinds=KINDS, blocks=["Text"])
    (entry,) = report.entries
    assert entry.status == "written", report.text()
    assert any(m.startswith("imported as a note, not as a correction") for m in entry.messages)
    assert "body 'urn:isbn:123' is not text, a tag or a web address; left out" in entry.messages
    assert "body 7 is not text, a tag or a web address; left out" in entry.messages
    assert "https://ev.example/1" in (tmp_path / "reading" / "c.md").read_text(encoding="utf-8")


def test_tag_kinds_match_whatever_the_letter_case_and_a_tag_is_mapped_once(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = write_project(tmp_path / "p", {"reading.md": PAGE}, {}, CONFIG)
    export = tmp_path / "hypothesis.json"
    export.write_text(json.dumps({**HYPOTHESIS, "annotations": HYPOTHESIS["annotations"][:1]}),
                      encoding="utf-8")
    run_import(project, export, "--tag-kind", "Fact-Check=update", "--dry-run")
    assert "not as an update" in capsys.readouterr().out  # mapped; an update needs sources
    assert run_import(project, export, "--tag-kind", "fact-check=update",
                      "--tag-kind", "FACT-CHECK=note") == 2
    assert "--tag-kind maps the tag 'fact-check' twice, to 'update' and to 'note': keep one" in \
        capsys.readouterr().err


def test_imports_take_the_kind_readers_write_where_the_site_names_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A site whose notes are its editors' and whose readers write comments imports Hypothesis'
    annotations as comments: their links are then not followed, as the site asks."""
    config = {"plugins": ["search", {"glossa": {"kinds": {
        "note": {"from_readers": False},
        "comment": {"label": "Comment", "from_readers": True, "author": True}}}}]}
    project = write_project(tmp_path / "p", {"reading.md": PAGE}, {}, config)
    export = tmp_path / "hypothesis.json"
    export.write_text(json.dumps(HYPOTHESIS), encoding="utf-8")
    run_import(project, export)
    report = capsys.readouterr().out
    imported = read_all(project, Kind("comment", "Comment", "", "#000", "commenting"))
    assert imported["abc-12-xy"].kind == "comment", "fact-check names no kind of this site"
    assert imported["tagged"].kind == "comment", "a correction without a verdict"
    assert "imported as a comment, not as a correction" in report
    assert "tags Misc name no kind; imported as a comment" in report
    assert imported["pagenote"].kind == "comment"
    result = build(project, strict=False)
    links = result.page("reading/index.html").xpath('//a[@href="https://example.org/x"]')
    assert links and all("ugc" in link.get("rel", "").split() for link in links)
