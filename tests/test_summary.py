"""A card's one-line summary (SPEC §2): the `summary` key, else the body's first sentence, shown
first on the card, in the page summary's list of corrections and on the corrections page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from glossa import cli
from glossa.rules import MAX_SUMMARY_CHARS, summary_problem
from glossa.summary import first_sentence
from helpers import annotation, build, write_project

TEXT = """\
# The essay

Chief Scientist Ilya Sutskever passed away.

Greg Brockman stepped down.
"""

LONG_BODY = ("He left OpenAI in May 2024 and founded Safe Superintelligence, which he has led as its "
             "chief executive since July 2025, and he gave a deposition in October 2025 about the "
             "events of November 2023. He is alive.")


def card(page, id: str):
    [element] = page.xpath(f"//*[@data-glossa-id='{id}']")
    return element


def summary_of(page, id: str) -> str:
    return card(page, id).xpath("string(./*[contains(@class, 'glossa-card__summary')])")


@pytest.fixture(scope="module")
def essay(tmp_path_factory: pytest.TempPathFactory):
    project = write_project(tmp_path_factory.mktemp("summary"), {"essay.md": TEXT}, {
        "essay/passed-away.md": annotation("correction", LONG_BODY, verdict="false",
                                           quote="Ilya Sutskever passed away",
                                           summary="Sutskever is alive; he left OpenAI in May 2024"),
        "essay/stepped-down.md": annotation("correction", "He took leave. He came back in November.",
                                            verdict="inaccurate", quote="stepped down"),
    })
    result = build(project, strict=True)
    assert not result.aborted, result.warnings
    return result


def test_a_given_summary_is_shown_first_on_its_card(essay):
    page = essay.page("essay/index.html")
    assert summary_of(page, "passed-away") == "Sutskever is alive; he left OpenAI in May 2024"
    summary = card(page, "passed-away").xpath("./*[contains(@class, 'glossa-card__summary')]")[0]
    assert summary.get("data-glossa-derived") is None


def test_without_a_summary_the_card_takes_the_bodys_first_sentence(essay):
    page = essay.page("essay/index.html")
    assert summary_of(page, "stepped-down") == "He took leave."
    summary = card(page, "stepped-down").xpath("./*[contains(@class, 'glossa-card__summary')]")[0]
    assert summary.get("data-glossa-derived") == ""


def test_the_body_sources_and_byline_sit_in_the_cards_detail(essay):
    page = essay.page("essay/index.html")
    [detail] = card(page, "passed-away").xpath("./*[@data-glossa-detail]")
    assert detail.xpath(".//*[contains(@class, 'glossa-card__body')]")
    assert detail.xpath(".//ul[contains(@class, 'glossa-sources')]")
    assert not card(page, "passed-away").xpath("./header//*[@data-glossa-detail]")


def test_the_page_summary_lists_each_correction_with_what_the_record_shows(essay):
    page = essay.page("essay/index.html")
    shows = page.xpath("//*[@data-glossa-summary]//*[contains(@class, 'glossa-corrections__shows')]"
                       "/text()")
    assert shows == ["Sutskever is alive; he left OpenAI in May 2024", "He took leave."]


def test_the_corrections_page_shows_what_the_record_shows_and_links_to_read_the_correction(essay):
    page = essay.page("corrections/index.html")
    cells = [row.xpath("string(./td[4])").strip() for row in page.xpath("//tbody/tr")]
    assert cells == ["Sutskever is alive; he left OpenAI in May 2024 Read the correction",
                     "He took leave. Read the correction"]


def test_the_w3c_export_carries_the_summary_under_glossa(essay):
    export = json.loads((essay.site / "essay.annotations.jsonld").read_text(encoding="utf-8"))
    summaries = {item["glossa:id"]: item.get("glossa:summary") for item in export["first"]["items"]}
    assert summaries == {"passed-away": "Sutskever is alive; he left OpenAI in May 2024",
                         "stepped-down": None}


@pytest.mark.parametrize("summary, message", [
    ("x" * 161, "'summary' has 161 characters; keep it to 160"),
    ("He is **alive**", "'summary' holds markup; write plain text"),
    ("See [the record](https://example.org)", "'summary' holds markup"),
    ("Line one\nline two", "'summary' holds a line break"),
])
def test_a_summary_that_cannot_be_shown_is_a_warning_and_the_card_is_still_published(
        tmp_path: Path, summary: str, message: str) -> None:
    project = write_project(tmp_path, {"essay.md": TEXT}, {
        "essay/passed-away.md": annotation("correction", LONG_BODY, verdict="false",
                                           quote="Ilya Sutskever passed away", summary=summary)})
    result = build(project)
    [warning] = result.glossa_warnings()
    assert warning.startswith("glossa: annotations/essay/passed-away.md:")
    assert message in warning and "until then the card shows the body's first sentence" in warning
    line = int(warning.split(":")[2])
    text = (project / "annotations/essay/passed-away.md").read_text(encoding="utf-8")
    assert text.splitlines()[line - 1].startswith("summary:")
    page = result.page("essay/index.html")
    assert summary_of(page, "passed-away") == first_sentence(f"<p>{LONG_BODY}</p>")
    assert build(project, strict=True).failed_strict


def test_a_first_sentence_over_the_limit_is_cut_at_a_word_with_an_ellipsis() -> None:
    cut = first_sentence(f"<p>{LONG_BODY}</p>")
    assert len(cut) <= MAX_SUMMARY_CHARS and cut.endswith("…")
    assert LONG_BODY.startswith(cut[:-1]) and LONG_BODY[len(cut) - 1] == " "


def test_the_first_sentence_reads_through_inline_markup_and_stops_at_the_first_block() -> None:
    html = '<p>The <a href="x">memo</a> existed, and <em>Gemini 3</em> was its trigger. More.</p><p>No.</p>'
    assert first_sentence(html) == "The memo existed, and Gemini 3 was its trigger."
    assert first_sentence("<p>One paragraph without a full stop</p><p>Two.</p>") == (
        "One paragraph without a full stop")
    assert first_sentence("<p>H<sub>2</sub>O on the 510<sup>th</sup> day.</p>") == "H2O on the 510th day."
    assert first_sentence("<p>One line<br>and the next.</p>") == "One line and the next."


def test_a_plain_line_within_the_limit_is_a_good_summary() -> None:
    assert summary_problem("Sutskever is alive; he left OpenAI in May 2024") is None
    assert summary_problem("x" * MAX_SUMMARY_CHARS) is None


def test_glossa_new_writes_the_summary_key(tmp_path: Path, capsys, monkeypatch) -> None:
    project = write_project(tmp_path, {"essay.md": TEXT})
    monkeypatch.chdir(project)
    assert cli.main(["new", "essay", "Greg Brockman stepped down", "--kind", "correction",
                     "--verdict", "inaccurate", "--source", "https://example.org/a",
                     "--summary", "He took leave and came back"]) == 0
    written = (project / "annotations/essay/greg-brockman-stepped-down.md").read_text(encoding="utf-8")
    assert "\nsummary: He took leave and came back\n" in written
    assert cli.main(["new", "essay", "Chief Scientist", "--kind", "note", "--author", "Ed"]) == 0
    skeleton = (project / "annotations/essay/chief-scientist.md").read_text(encoding="utf-8")
    assert "\n# summary: one line of plain text, at most 160 characters" in skeleton


def test_glossa_new_refuses_a_summary_it_could_not_show(tmp_path: Path, capsys, monkeypatch) -> None:
    project = write_project(tmp_path, {"essay.md": TEXT})
    monkeypatch.chdir(project)
    assert cli.main(["new", "essay", "stepped down", "--kind", "note", "--author", "Ed",
                     "--summary", "x" * 200]) == 2
    assert "--summary: 'summary' has 200 characters" in capsys.readouterr().err
    assert not (project / "annotations").exists()


def test_the_import_writes_the_summary_back_as_it_was() -> None:
    from glossa.files import parse_annotation
    from glossa.importer import file_text
    from glossa.model import DEFAULT_KINDS

    kinds = {kind.name: kind for kind in DEFAULT_KINDS}
    original = parse_annotation(annotation("correction", "Body.", quote="stepped down", verdict="false",
                                           summary="He took leave: back in November").encode(),
                                "x", "essay", "x.md", kinds)
    assert not isinstance(original, list)
    again = parse_annotation(file_text(original).encode(), "x", "essay", "x.md", kinds)
    assert not isinstance(again, list) and again.summary == "He took leave: back in November"


def test_glossa_check_names_a_summary_it_cannot_show_and_says_what_to_do(tmp_path: Path, capsys) -> None:
    project = write_project(tmp_path, {"essay.md": TEXT}, {
        "essay/passed-away.md": annotation("correction", LONG_BODY, verdict="false",
                                           quote="Ilya Sutskever passed away", summary="x" * 170)})
    status = cli.main(["check", "-f", str(project / "mkdocs.yml")])
    out = capsys.readouterr().out
    assert status == 1
    assert "annotations/essay/passed-away.md:5: 'summary' has 170 characters; keep it to 160" in out


def test_a_first_sentence_runs_past_initials_and_common_abbreviations() -> None:
    html = "<p>The U.S. court in Musk v. Altman, No. 4:24-cv-04722, set a trial. It began later.</p>"
    assert first_sentence(html) == "The U.S. court in Musk v. Altman, No. 4:24-cv-04722, set a trial."


def test_a_less_than_sign_is_not_markup() -> None:
    assert summary_problem("Losses grew, revenue < costs") is None
    assert summary_problem("He is <b>alive</b>") is not None


def test_the_corrections_page_shows_the_summary_of_a_correction_that_is_not_placed(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"essay.md": TEXT}, {
        "essay/gone.md": annotation("correction", "He took leave. He came back.", verdict="inaccurate",
                                    quote="words that are not in the essay")})
    result = build(project)
    cells = [row.xpath("string(./td[4])").strip()
             for row in result.page("corrections/index.html").xpath("//tbody/tr")]
    assert cells == ["He took leave. Read the correction"]


@pytest.mark.parametrize("body, sentence", [
    ("<p>Il l\u2019a dit\u00a0: c\u2019est faux\u202f! \u00c9crit en 1848, le texte.</p>",
     "Il l\u2019a dit\u00a0: c\u2019est faux\u202f!"),  # French keeps its no-break spaces
    ("<p>\u042d\u0442\u043e \u043d\u0435\u043f\u0440\u0430\u0432\u0434\u0430. \u042d\u0442\u043e "
     "\u0432\u0442\u043e\u0440\u043e\u0435.</p>", "\u042d\u0442\u043e \u043d\u0435\u043f\u0440\u0430"
     "\u0432\u0434\u0430."),  # a Cyrillic capital
    ("<p>Er kommt. \u00dcbermorgen geht er.</p>", "Er kommt."),
    ("<p>\u0647\u0644 \u0647\u0630\u0627 \u0635\u062d\u064a\u062d\u061f \u0644\u0627.</p>",
     "\u0647\u0644 \u0647\u0630\u0627 \u0635\u062d\u064a\u062d\u061f"),  # Arabic has no case
    ("<p>\u4e3b\u4efb\u306f\u9000\u793e\u3057\u305f\u3002\u305d\u306e\u5f8c\u53bb\u3063\u305f\u3002</p>",
     "\u4e3b\u4efb\u306f\u9000\u793e\u3057\u305f\u3002"),  # no space after a Japanese full stop
    ("<p>\u041f\u043e\u044d\u0442 \u0410. \u0421. \u041f\u0443\u0448\u043a\u0438\u043d \u0440\u043e"
     "\u0434\u0438\u043b\u0441\u044f. \u041f\u043e\u0442\u043e\u043c.</p>", "\u041f\u043e\u044d\u0442 "
     "\u0410. \u0421. \u041f\u0443\u0448\u043a\u0438\u043d \u0440\u043e\u0434\u0438\u043b\u0441\u044f."),
    ("<p>\u300c\u660e\u65e5\u884c\u304f\u3002\u300d\u3068\u8a00\u3063\u305f\u3002\u6b21\u3002</p>",
     "\u300c\u660e\u65e5\u884c\u304f\u3002\u300d\u3068\u8a00\u3063\u305f\u3002"),  # a quotation goes on
    ("<p>Il a dit \u00abc\u2019est faux.\u00bb Puis il partit.</p>", "Il a dit \u00abc\u2019est faux.\u00bb"),
    ('<p>He said "stop." Then he left.</p>', 'He said "stop."'),  # the mark that closes on it
    ("<p>It rose \u00e0 la fois. \u00e9tonnant, non? Yes.</p>",
     "It rose \u00e0 la fois. \u00e9tonnant, non?"),  # a lower-case letter goes on
])
def test_a_first_sentence_ends_as_its_language_ends_one(body: str, sentence: str) -> None:
    """Only `.!?` before A-Z or a digit ended a sentence: a Russian, German, Arabic or Japanese
    body's card showed its whole first paragraph, and French lost the space before its '!'."""
    assert first_sentence(body) == sentence
