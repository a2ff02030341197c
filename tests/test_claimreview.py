"""A schema.org ClaimReview for each correction (SPEC §5), safe inside its script element."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from glossa.claimreview import json_for_script
from glossa.rules import VERDICT_RATINGS, VERDICTS
from glossa.templates import Templates
from helpers import ROOT, annotation, build, write_project
from lxml import html

PAGE = """\
---
title: A reading
author: A. Writer
publisher: The Daily
published: 2025-03
source_url: https://daily.example/reading
original_author: O. Riginal
original_url: https://first.example/post
original_published: 2025-02-28
language: en
---

# A reading

The mill lost money for a decade. The mill closed in May.

Nothing to see </script><!-- here & there.
"""

ANNOTATIONS = {
    "reading/decade.md": annotation("correction", "It lost money for three years.",
                                    quote="The mill lost money for a decade.", verdict="inaccurate",
                                    date="2026-01-02", updated="2026-01-05"),
    "reading/closed.md": annotation("correction", "It closed in June.", quote="closed in May",
                                    verdict="imprecise"),
    "reading/script.md": annotation("correction", "Escaped.", quote="Nothing to see </script><!-- here &",
                                    verdict="false"),
    "reading/whole.md": annotation("correction", "The page as a whole.", verdict="misleading"),
    "reading/missing.md": annotation("correction", "Not placed.", quote="never written",
                                     verdict="unsupported"),
    "reading/note.md": annotation("note", "A note.", quote="The mill closed"),
    "reading/source.md": annotation("source", "A source.", quote="lost money"),
}


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    project = write_project(tmp_path_factory.mktemp("claimreview"), {"reading.md": PAGE},
                            ANNOTATIONS, {"plugins": ["search", {"glossa": {"publisher": "Test Desk"}}]})
    return (build(project).site / "reading" / "index.html").read_text(encoding="utf-8")


def reviews(document: str) -> list[dict[str, Any]]:
    tree = html.fromstring(document)
    scripts = tree.xpath('//script[@type="application/ld+json"]')
    return [json.loads(script.text) for script in scripts]


def by_url(document: str) -> dict[str, dict[str, Any]]:
    return {review["url"].rsplit("#glossa-", 1)[1]: review for review in reviews(document)}


def test_each_correction_has_one_claimreview_and_nothing_else_does(page: str) -> None:
    found = by_url(page)
    assert set(found) == {"decade", "closed", "script", "whole", "missing"}
    assert all(r["@context"] == "https://schema.org" and r["@type"] == "ClaimReview"
               for r in found.values())


def test_claimreview_fields(page: str) -> None:
    review = by_url(page)["decade"]
    assert review["url"] == "https://example.org/reading/#glossa-decade"
    assert review["claimReviewed"] == "The mill lost money for a decade."
    assert review["reviewRating"] == {"@type": "Rating", "ratingValue": 2, "bestRating": 5,
                                      "worstRating": 1, "alternateName": "Inaccurate"}
    assert review["author"] == {"@type": "Organization", "name": "Test Desk"}
    assert review["datePublished"] == "2026-01-02"
    assert review["dateModified"] == "2026-01-05"
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["author"] == {"@type": "Person", "name": "A. Writer"}
    assert claim["datePublished"] == "2025-03"
    assert claim["appearance"]["@type"] == "CreativeWork"
    assert claim["appearance"]["url"] == "https://daily.example/reading"
    assert claim["appearance"]["publisher"] == {"@type": "Organization", "name": "The Daily"}
    assert claim["firstAppearance"] == {"@type": "CreativeWork", "url": "https://first.example/post",
                                        "author": {"@type": "Person", "name": "O. Riginal"},
                                        "datePublished": "2025-02-28"}


def test_page_level_and_unplaced_corrections_are_reviewed_too(page: str) -> None:
    found = by_url(page)
    assert found["whole"]["claimReviewed"] == "A reading", "no quote: the page's title"
    assert found["missing"]["claimReviewed"] == "never written"
    assert "datePublished" not in found["whole"], "no date in the file, none invented"


def test_rating_scale_follows_the_documented_table(page: str) -> None:
    found = by_url(page)
    for id, verdict in (("decade", "inaccurate"), ("closed", "imprecise"), ("script", "false"),
                        ("whole", "misleading"), ("missing", "unsupported")):
        rating = found[id]["reviewRating"]
        assert rating["ratingValue"] == VERDICT_RATINGS[verdict]
        assert rating["alternateName"] == Templates().words["verdicts"][verdict]
    assert set(VERDICT_RATINGS) == set(VERDICTS)
    assert all(1 <= value <= 5 for value in VERDICT_RATINGS.values())


@pytest.mark.parametrize("document", ["plugins/glossa/INTEROP.md", "docs/method.md"])
def test_rating_scale_is_documented(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    for verdict, value in VERDICT_RATINGS.items():
        label = Templates().words["verdicts"][verdict]
        assert re.search(rf"{re.escape(label)}\W+(\w+\W+)?{value}\b", text, re.IGNORECASE), \
            f"{document} does not give {label} = {value}"


def test_script_ending_text_is_escaped_and_read_back_unchanged(page: str) -> None:
    review = by_url(page)["script"]
    assert review["claimReviewed"] == "Nothing to see </script><!-- here &"
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    assert len(blocks) == 5
    for block in blocks:
        assert "<" not in block and ">" not in block and "&" not in block
    assert "\\u003c/script\\u003e\\u003c!-- here \\u0026" in page


def test_json_for_script_escapes_what_could_end_the_element() -> None:
    value = {"a": "</script><!--&\u2028x"}
    text = json_for_script(value)
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == value


def test_claimreview_carries_no_card_markup(page: str) -> None:
    tree = html.fromstring(page)
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        assert script.get("data-glossa-id") is None
        assert script.getparent().tag == "head"  # beside the link to the W3C export
    assert len(tree.xpath("//*[@data-glossa-id]")) == len(ANNOTATIONS), "one card per annotation"


def test_reviewer_defaults_to_the_site_name_and_outlet_authors_are_organizations(tmp_path: Path) -> None:
    page = "---\nauthor: The Daily\npublisher: The Daily\n---\n\n# T\n\nA claim here.\n"
    project = write_project(tmp_path, {"t.md": page},
                            {"t/c.md": annotation("correction", "No.", quote="A claim here.")})
    review = reviews((build(project).site / "t" / "index.html").read_text(encoding="utf-8"))[0]
    assert review["author"] == {"@type": "Organization", "name": "Test"}
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "The Daily"}
    assert "datePublished" not in review["itemReviewed"]


def test_page_without_corrections_has_no_claimreview(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"t.md": "# T\n\nA claim here.\n"},
                            {"t/n.md": annotation("note", "Hm.", quote="A claim")})
    assert reviews((build(project).site / "t" / "index.html").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("front", "headline"), [("", "The Example Story"),
                                                ("---\ntitle: A Story, as Its Author Titles It\n---\n",
                                                 "A Story, as Its Author Titles It"),
                                                ("---\ntitle: Fish &amp; Chips\n---\n", "Fish & Chips")])
def test_the_headline_is_the_articles_title_not_its_menus_label(tmp_path: Path, front: str, headline: str):
    """With `nav: - Home: index.md`, search engines were told the claim appeared in "Home"."""
    project = write_project(tmp_path, {"index.md": f"{front}# The Example Story\n\nThe sky is green.\n"},
                            {"index/sky.md": annotation("correction", quote="The sky is green.")},
                            {"nav": [{"Home": "index.md"}]})
    result = build(project)
    [review] = [json.loads(script.text) for script in
                result.page().xpath('//script[@type="application/ld+json"]')]
    assert review["itemReviewed"]["appearance"]["headline"] == headline
    export = json.loads((result.site / "index.annotations.jsonld").read_text(encoding="utf-8"))
    assert export["label"] == f"Annotations on {headline}"


@pytest.mark.parametrize("front", ["", "---\ntitle: 'Q&A with AT&T: 5 < 6'\n---\n"])
def test_a_title_with_markup_characters_is_escaped_once_everywhere(tmp_path: Path, front: str):
    """Issue 20: `Q&A with AT&T: 5 < 6` read `Q&amp;A with AT&amp;T: 5 &lt; 6` on the corrections
    page, in ClaimReview's headline and in the export's label."""
    title = "Q&A with AT&T: 5 < 6"
    project = write_project(tmp_path, {"index.md": f"{front}# {title}\n\nThe sky is green.\n"},
                            {"index/sky.md": annotation("correction", quote="The sky is green.")})
    result = build(project)
    assert not result.glossa_warnings()
    [review] = [json.loads(script.text) for script in
                result.page().xpath('//script[@type="application/ld+json"]')]
    assert review["itemReviewed"]["appearance"]["headline"] == title
    export = json.loads((result.site / "index.annotations.jsonld").read_text(encoding="utf-8"))
    assert export["label"] == f"Annotations on {title}"
    [heading] = result.page("corrections/index.html").xpath("//article//h2/a")
    assert heading.text_content() == title


UNSAFE_FRONT_MATTER = """\
---
title: Unsafe
source_url: javascript:alert(1)
published: not a date <b>
language: en"><script>
author: [a, b]
original_url: https://example.org/original
original_published: 2024-05-01
publisher:
translated_from: no
---
# Unsafe

The sky is green.
"""


def test_a_provenance_key_given_twice_is_named_at_the_value_that_counts(tmp_path: Path):
    """MkDocs' YAML keeps the last value; the message named the first, which was right."""
    page = ("---\nsource_url: https://example.org/original\nauthor: Ann\nsource_url: www.example.org\n"
            "---\n# Page\n\nThe sky is green.\n")
    project = write_project(tmp_path, {"index.md": page},
                            {"index/sky.md": annotation("correction", quote="The sky is green.")})
    assert build(project).glossa_warnings() == [
        "glossa: docs/index.md:4: 'source_url' must be an http:// or https:// URL (add 'https://' "
        "before it), not 'www.example.org'"]


@pytest.mark.parametrize("front_matter", [
    "published: 2025-03-14\n  author: Ann\n",  # an indented key
    "author: Ann: the editor\n",  # a colon in a value
])
def test_a_pages_front_matter_that_is_not_yaml_is_named_at_its_line(tmp_path: Path, front_matter: str):
    """MkDocs says nothing of it, and shows the YAML as the text's first paragraph: every ¶
    after it was numbered too far, and `glossa check` and `--strict` passed."""
    page = f"---\n{front_matter}---\n# Page\n\nThe sky is green.\n"
    project = write_project(tmp_path, {"index.md": page},
                            {"index/sky.md": annotation("correction", quote="The sky is green.")})
    [warning] = build(project).glossa_warnings()
    assert warning.startswith(f"glossa: docs/index.md:{1 + front_matter.count(chr(10))}: the page's "
                              "front matter is not read: YAML syntax error: ")
    assert warning.endswith("every paragraph after it is numbered too far (if the page opens "
                            "with a rule, not front matter, write the rule as '***')")
    assert build(project, strict=True).failed_strict


@pytest.mark.parametrize(("front_matter", "line", "date", "why"), [
    ("title: Page\npublished: 2026-13-01\nauthor: Ann\n", 3, "2026-13-01", "month must be in 1..12"),
    ("title: Page\npublished: 2026-02-30 # in haste\n", 3, "2026-02-30", "day is out of range for month"),
    ("summary: >\n  See: [the draft\nupdated:\n  - 2026-13-01\n", 5, "2026-13-01", "month must be in 1..12"),
])
def test_a_pages_impossible_date_is_named_at_its_line(tmp_path: Path, front_matter: str, line: int,
                                                      date: str, why: str):
    """Valid YAML, but MkDocs' reader makes a date of it, fails, and says nothing: readers saw the
    front matter as the text's first paragraph, and `--strict` passed."""
    page = f"---\n{front_matter}---\n# Page\n\nThe sky is green.\n"
    project = write_project(tmp_path, {"index.md": page},
                            {"index/sky.md": annotation("correction", quote="The sky is green.")})
    [warning] = build(project).glossa_warnings()
    assert warning.startswith(f"glossa: docs/index.md:{line}: the page's front matter is not read: the "
                              f"value '{date}' cannot be read ({why}): correct it. Until it is correct")
    assert build(project, strict=True).failed_strict


@pytest.mark.parametrize("opening", [
    "An opening rule, not front matter.", "Note: this page opens with a rule: read on.",
    "*Editor's note*: below.", "[Back](index.md) - see below", "> A quote: of sorts"])
def test_a_page_that_opens_with_a_rule_is_not_told_its_front_matter_is_wrong(tmp_path: Path,
                                                                             opening: str):
    page = f"---\n\n{opening}\n\n---\n\nThe sky is green.\n"
    project = write_project(tmp_path, {"index.md": page},
                            {"index/sky.md": annotation("correction", quote="The sky is green.")})
    assert build(project).glossa_warnings() == []


@pytest.mark.parametrize(("value", "is_tag"), [
    ("en", True), ("en-GB", True), ("zh-Hant-TW", True), ("fil", True), ("x-klingon", True),
    ("English", False), ("french", False), ("Français", False), ("e", False), ("en_GB", False),
    ("x", False)])
def test_a_pages_language_is_a_tag_not_a_name(value: str, is_tag: bool) -> None:
    """`language: English` passed and gave `<html lang="English">`, which no reader understands."""
    from glossa.rules import is_language_tag

    assert is_language_tag(value) is is_tag


def test_page_provenance_is_checked_with_the_rules_of_annotations(tmp_path: Path, capsys):
    """Issue 20: `source_url: javascript:alert(1)` became ClaimReview's `appearance.url`, and
    `published: not a date <b>` its `datePublished`."""
    from glossa import cli

    project = write_project(tmp_path, {"index.md": UNSAFE_FRONT_MATTER},
                            {"index/sky.md": annotation("correction", quote="The sky is green.")})
    expected = [
        "docs/index.md:3: 'source_url' must be an http:// or https:// URL, not 'javascript:alert(1)'",
        "docs/index.md:4: 'published' must be YYYY, YYYY-MM or YYYY-MM-DD, not 'not a date <b>'",
        "docs/index.md:5: 'language' must be a language tag such as 'en' or 'en-GB', not "
        "'en\"><script>'",
        "docs/index.md:6: 'author' must be text, not a list; if it is words that start with '[', "
        "put the whole value in quotes",
        "docs/index.md:9: 'publisher' has no value; give one or remove the key",
        "docs/index.md:10: 'translated_from' must be text, not False as YAML reads it: write it in "
        "quotes",
    ]
    result = build(project)
    assert sorted(result.glossa_warnings()) == sorted(f"glossa: {line}" for line in expected)
    [review] = [json.loads(script.text) for script in
                result.page().xpath('//script[@type="application/ld+json"]')]
    claim = review["itemReviewed"]
    assert "url" not in claim["appearance"] and "datePublished" not in claim
    assert claim["firstAppearance"] == {"@type": "CreativeWork", "url": "https://example.org/original",
                                        "datePublished": "2024-05-01"}
    page_html = (result.site / "index.html").read_text(encoding="utf-8")
    assert "javascript:" not in page_html and "not a date" not in page_html
    assert build(project, strict=True).failed_strict
    assert cli.main(["check", "-f", str(project / "mkdocs.yml")]) == 1
    assert sorted(capsys.readouterr().out.splitlines()) == sorted(expected)
