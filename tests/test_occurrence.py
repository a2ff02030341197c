"""The last resort for a quote that fills identical blocks (SPEC §2 `occurrence`): which match,
counting from 1 in page order. The message names it only when prefix and suffix cannot help."""

from __future__ import annotations

import json
from pathlib import Path

from glossa import cli
from glossa.anchor import Failure, Match, find_quote
from glossa.files import parse_annotation
from glossa.importer import file_text
from glossa.model import DEFAULT_KINDS
from helpers import annotation, build, write_project

TEXT = "# Places\n\n33 places\n\nA line between.\n\n33 places\n"
KINDS = {kind.name: kind for kind in DEFAULT_KINDS}


def test_identical_blocks_get_the_advice_to_give_an_occurrence_and_nothing_else() -> None:
    found = find_quote(["places", "33 places", "a line between.", "33 places"], "33 places")
    assert isinstance(found, Failure) and found.reason == "ambiguous"
    assert "add 'occurrence: 1'" in found.message and "add 'occurrence: 2'" in found.message
    assert "quote more of the sentence" not in found.message


def test_the_advice_names_a_prefix_where_a_prefix_tells_the_matches_apart() -> None:
    found = find_quote(["ann said no.", "bob said no."], "said no.")
    assert isinstance(found, Failure) and "prefix: 'ann'" in found.message
    assert "occurrence" not in found.message


def test_an_occurrence_picks_that_match_in_page_order() -> None:
    blocks = ["33 places", "a line between.", "33 places"]
    assert find_quote(blocks, "33 places", occurrence=2) == Match(2, 0, 9)
    too_far = find_quote(blocks, "33 places", occurrence=3)
    assert isinstance(too_far, Failure) and too_far.reason == "occurrence"
    assert too_far.message == "'occurrence: 3' but the quote matches 2 places; give a number from 1 to 2"
    once = find_quote(["33 places", "a line between."], "33 places", occurrence=3)
    assert isinstance(once, Failure)  # 'a number from 1 to 1' did not say what to do
    assert once.message == "'occurrence: 3' but the quote matches 1 place; remove 'occurrence'"


def test_readers_are_told_an_occurrence_too_far_is_not_in_the_text_that_often(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"places.md": TEXT}, {
        "places/third.md": annotation("note", "The third.", quote="33 places", occurrence=3)})
    card = build(project).page("places/index.html").xpath("//*[@data-glossa-id='third']")[0]
    reason = card.xpath("string(.//*[@class='glossa-card__reason'])")
    assert "fewer times in the text than the annotation counts" in reason
    assert "more than once" not in reason


def test_a_build_places_the_annotation_on_the_chosen_block(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"places.md": TEXT}, {
        "places/second.md": annotation("note", "The second.", quote="33 places", occurrence=2)})
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    page = result.page("places/index.html")
    [row] = page.xpath("//*[@data-glossa-id='second']/ancestor::*[@data-glossa-block]")
    assert row.get("data-glossa-block") == "4"
    export = json.loads((result.site / "places.annotations.jsonld").read_text(encoding="utf-8"))
    assert export["first"]["items"][0]["glossa:occurrence"] == 2


def test_an_occurrence_that_is_not_a_whole_number_is_named_at_its_line() -> None:
    text = "---\nkind: note\nquote: 33 places\noccurrence: second\nauthor: A\n---\nBody.\n"
    problems = parse_annotation(text.encode(), "x", "places", "annotations/places/x.md", KINDS)
    assert [str(p) for p in problems] == [  # type: ignore[union-attr]
        "annotations/places/x.md:4: 'occurrence' must be a whole number from 1 (which match, in page "
        "order), not 'second'"]


def test_the_import_writes_the_occurrence_back() -> None:
    read = parse_annotation(annotation("note", "B.", quote="33 places", occurrence="2").encode(), "x",
                            "places", "x.md", KINDS)
    assert not isinstance(read, list) and read.occurrence == 2
    again = parse_annotation(file_text(read).encode(), "x", "places", "x.md", KINDS)
    assert not isinstance(again, list) and again.occurrence == 2


def test_glossa_new_writes_the_occurrence_it_was_given(tmp_path: Path, capsys, monkeypatch) -> None:
    project = write_project(tmp_path, {"places.md": TEXT})
    monkeypatch.chdir(project)
    assert cli.main(["new", "places", "33 places", "--kind", "note", "--author", "Ed"]) == 1
    assert "add 'occurrence: 2'" in capsys.readouterr().err
    assert cli.main(["new", "places", "33 places", "--kind", "note", "--author", "Ed",
                     "--occurrence", "2"]) == 0
    written = (project / "annotations/places/33-places.md").read_text(encoding="utf-8")
    assert "\noccurrence: 2\n" in written
