"""The publication itself: 'OpenAI is Crashing', annotated, built strict from this repository.

The original text is checked against the capture it was copied from (a fixture), and every claim
the edition checked against the card that answers it, so an edit that breaks either one fails.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from glossa.anchor import normalise
from helpers import ROOT, Build, build, original_block
from lxml import html as lxml_html

SEED = Path(__file__).parent / "fixtures" / "openai-is-crashing.seed.txt"
SEED_SHA256 = "7d0a2715f66499bc5cdd83455137ac4b48490d3a7ae00aa3e8ad5f72f0225c42"
"""The article as first captured (tests/fixtures/README.md says where from)."""
ARTICLE = "openai-is-crashing/index.html"


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The publication as it stands in the repository, built strict in a copy."""
    project = tmp_path_factory.mktemp("edition")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "annotations", project / "annotations")
    return build(project, strict=True)


@pytest.fixture(scope="module")
def article(edition: Build) -> lxml_html.HtmlElement:
    return edition.page(ARTICLE)


def rows(page: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return page.xpath("//*[@data-glossa-block]")


def original_text(row: lxml_html.HtmlElement) -> str:
    """A row's text as published: Glossa's additions and MkDocs' heading permalinks taken out."""
    [text] = row.xpath("./*[@data-glossa-text]")
    block = original_block(text)
    for permalink in block.xpath(".//a[contains(concat(' ', @class, ' '), ' headerlink ')]"):
        permalink.drop_tree()
    return block.text_content().strip()


def cards(element: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    return element.xpath(".//*[@data-glossa-id]")


# --- the build -------------------------------------------------------------------------------


def test_the_publication_builds_strict(edition):
    assert not edition.aborted, edition.warnings
    assert edition.warnings == []


def test_every_annotation_of_the_article_is_anchored(edition, article):
    assert article.xpath("//*[@id='glossa-unanchored']") == []
    files = sorted(path.stem for path in (ROOT / "annotations" / "openai-is-crashing").glob("*.md"))
    assert sorted(article.xpath("//*[@data-glossa-id]/@data-glossa-id")) == files


# --- the original text -----------------------------------------------------------------------


def seed_paragraphs() -> list[str]:
    """The article as the seed holds it: from its title to the end of the Chinese disclaimer."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index("OpenAI is Crashing")
    end = next(i for i, line in enumerate(lines) if line.startswith("免责声明"))
    text = "\n".join(lines[start:end + 1])
    return [paragraph.strip() for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]


def test_the_seed_is_the_capture_the_edition_was_copied_from():
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == SEED_SHA256
    paragraphs = seed_paragraphs()
    assert paragraphs[0] == "OpenAI is Crashing"
    assert paragraphs[-1].startswith("免责声明")
    assert len(paragraphs) > 40


def test_the_article_is_the_seed_text_unchanged_block_for_block(article):
    assert [original_text(row) for row in rows(article)] == seed_paragraphs()


def test_the_chinese_disclaimer_is_marked_as_chinese(article):
    [disclaimer] = [row for row in rows(article) if original_text(row).startswith("免责声明")]
    [text] = disclaimer.xpath("./*[@data-glossa-text]")
    assert original_block(text)[0].get("lang") == "zh-Hans"


def test_the_article_page_is_in_english(article):
    assert article.get("lang") == "en"


def test_the_summary_gives_the_provenance(article):
    [summary] = article.xpath("//*[@data-glossa-summary]")
    text = " ".join(summary.text_content().split())
    for name in ("BTCdayu", "AICoin", "George Noble"):
        assert name in text


@pytest.mark.parametrize("kind", ["source", "correction", "note", "update"])
def test_the_article_has_cards_of_every_kind(article, kind):
    assert article.xpath(f"//*[@data-glossa-kind='{kind}']")


# --- every checked claim ----------------------------------------------------------------------


SOURCE = ("source", None)
IMPRECISE = ("correction", "imprecise")


def correction(verdict: str) -> tuple[str, str]:
    return ("correction", verdict)


@dataclass(frozen=True)
class Claim:
    """A claim the edition checked (numbered as in the editors' fact sheet), and the cards that
    may answer it: `expected` empty for an opinion, which must not be corrected."""

    section: str
    text: str
    expected: frozenset[tuple[str, str | None]]

    def __str__(self) -> str:
        return f"§{self.section} {self.text[:50]!r}"


def claim(section: str, text: str, *expected: tuple[str, str | None]) -> Claim:
    return Claim(section, text, frozenset(expected))


CLAIMS = [
    claim("1", "OpenAI issued a 'red alert' in December. Altman sent an internal memo to employees "
          "asking them to drop everything they were working on because Google's Gemini 3 is capturing "
          "the market.", SOURCE, IMPRECISE),
    claim("2", "Salesforce CEO Marc Benioff publicly announced he was abandoning ChatGPT after using it "
          "for two hours, opting instead for Gemini.", correction("misleading")),
    claim("3", "ChatGPT's traffic declined in November, marking the second month of month-over-month "
          "decline since 2025.", SOURCE, IMPRECISE),
    claim("4", "Meanwhile, Gemini's monthly active users surged to 650 million.", SOURCE),
    claim("5", "According to financial data released by Microsoft, OpenAI lost $12 billion in a single "
          "quarter.", SOURCE, IMPRECISE),
    claim("6", "Deutsche Bank estimates that the company's cumulative negative cash flow will reach $143 "
          "billion before it becomes profitable … 'No startup in history has ever experienced such "
          "massive losses.'", SOURCE, IMPRECISE),
    claim("7", "They burn $15 million a day just on Sora. They spend $5 billion a year creating "
          "copyright-infringing memes.", correction("misleading")),
    claim("8", "Even Sora's chief engineer admitted, 'The current economic situation is completely "
          "unsustainable.'", SOURCE, IMPRECISE),
    claim("9", "To double the performance of these models requires five times the energy and money.",
          correction("unsupported")),
    claim("10", "Reports indicate that OpenAI's large-scale training in 2025 failed to produce models "
          "better than previous versions.", correction("misleading"), correction("unsupported")),
    claim("11", "The release of GPT-5 disappointed users … Because users preferred the old model, OpenAI "
          "had to revert to the release of GPT-40 within 24 hours.", SOURCE, IMPRECISE),
    claim("12a", "Altman had promised that GPT-5 would make GPT-4 feel 'a bit embarrassed'",
          correction("misleading")),
    claim("13", "Subsequently, they released GPT-5.1 and GPT-5.2", SOURCE),
    claim("13", "Each time, the same complaints arose", correction("unsupported")),
    claim("14a", "Chief Technology Officer Mira Murati. Left.", SOURCE),
    claim("14b", "Chief Research Officer Bob McGrew. Left.", SOURCE),
    claim("14c", "Chief Scientist Ilya Sutskever passed away.", correction("false")),
    claim("14d", "President Greg Brockman. Stepped down.", correction("inaccurate")),
    claim("15a", "Half of the AI safety team members left", SOURCE, IMPRECISE),
    claim("15b", "Several executives accused of 'psychological abuse' under Altman's leadership",
          correction("misleading")),
    claim("16", "Elon Musk has filed a lawsuit seeking $134 billion in damages. A federal judge has just "
          "ruled that the case will go to a jury trial in April … Musk provided $38 million in early "
          "funding. Now, he wants a share of the $500 billion valuation. OpenAI calls it 'harassment,' "
          "but the judge disagrees.", SOURCE),
    claim("16", "There is substantial evidence that OpenAI's leadership had promised to maintain the "
          "nonprofit structure funded by Musk.", correction("missing-context")),
    claim("16", "OpenAI calls it 'harassment,' but the judge disagrees.", correction("unsupported")),
    claim("17", "OpenAI needs to generate $200 billion in annual revenue by 2030 … A 15-fold increase in "
          "five years", SOURCE),
    claim("18", "too excited", SOURCE, IMPRECISE),
    claim("18", "Someone is going to lose a lot of money", SOURCE, IMPRECISE),
    claim("19", "nearing a decade low compared to large tech companies", SOURCE, IMPRECISE),
    claim("20", "The low-hanging fruit has already been picked … any minor improvement requires "
          "exponentially more computing power"),
    claim("20", "This company, which was supposed to build general artificial intelligence, is unable "
          "to maintain the competitiveness of its chatbot"),
    claim("20", "OpenAI is crashing"),
]
"""Every checkable claim of the article, with the kind and verdict its card must have."""


def loose(text: str) -> str:
    """Text compared across the table and the page: normalised, one kind of quote, no case."""
    return normalise(text).replace('"', "'").casefold().strip()


def core(text: str) -> str:
    return loose(text).strip(" .,;:!?'")


def first_sentence(claim: str) -> str:
    before_elision = normalise(claim).split("...")[0]
    return re.split(r"(?<=[.!?])\s+", before_elision.strip())[0]


def related(quote: str, claim: Claim) -> bool:
    """Whether a card's quote is about this claim: one holds the other."""
    return core(quote) in loose(claim.text) or core(first_sentence(claim.text)) in loose(quote)


def card_annotation(card: lxml_html.HtmlElement) -> tuple[str, str | None]:
    verdicts = card.xpath("./header//*[@data-verdict]/@data-verdict")
    return card.get("data-glossa-kind"), (verdicts[0] if verdicts else None)


def card_quote(card: lxml_html.HtmlElement) -> str:
    quotes = card.xpath(".//*[contains(@class, 'glossa-card__quote')]//q")
    return quotes[0].text_content() if quotes else ""


@pytest.mark.parametrize("claim", CLAIMS, ids=[f"{c.section}-{core(c.text)[:30]}" for c in CLAIMS])
def test_each_checked_claim_has_the_card_its_verdict_calls_for(article, claim):
    wanted = core(first_sentence(claim.text))
    found = [row for row in rows(article) if wanted in loose(original_text(row))]
    assert found, f"{claim}: its first sentence is not in the article"
    row = found[0]
    placed = [(card_annotation(card), card_quote(card)) for card in cards(row)]
    if not claim.expected:  # an opinion
        corrections = [quote for (kind, _), quote in placed if kind == "correction" and related(quote, claim)]
        assert corrections == [], f"{claim}: an opinion is corrected in ¶{row.get('data-glossa-block')}"
        return
    fitting = [quote for annotation, quote in placed
               if annotation in claim.expected and related(quote, claim)]
    assert fitting, (f"{claim}: ¶{row.get('data-glossa-block')} needs a card among "
                     f"{sorted(claim.expected, key=str)} quoting the claim; it has {placed}")


EDITORS_NOTES = {
    "disappointing-terrible": 'Many expressed that it was "disappointing" or even "terrible."',
    "talent-loss": "Talent loss has exacerbated the situation",
    "diminishing-returns": "The trend of diminishing returns can no longer be concealed.",
    "no-one-wants-to-discuss": "a significant mathematical problem that no one wants to discuss",
    "exponentially-more": "any minor improvement requires exponentially more computing power",
    "smart-money": "Smart money is shifting towards industries where valuations truly reflect fundamentals.",
    "big-seven": 'the "Big Seven"',
    "earnings-growth": "while earnings growth is only slightly lower",
    "hype-cycle-peak": "The AI hype cycle is nearing its peak.",
    "competitors-catching-up": "Competitors are catching up.",
    "lawsuits-increasing": "The number of lawsuits is increasing.",
    "openai-stocks": "I would not touch stocks related to OpenAI",
}
"""Claims with no verdict that an editors' note answers: a likely rendering, a claim no source was
found for, predictions and advice the record since publication bears on."""


@pytest.mark.parametrize("id, words", EDITORS_NOTES.items())
def test_an_editors_note_answers_each_claim_that_gets_no_verdict(article, id, words):
    [card] = article.xpath(f"//*[@data-glossa-id='{id}']")
    assert card.get("data-glossa-kind") == "note"
    [row] = card.xpath("ancestor::*[@data-glossa-block]")
    assert loose(words) in loose(original_text(row))


def test_every_correction_says_in_its_summary_what_the_record_shows(article):
    for card in article.xpath("//*[@data-glossa-kind='correction']"):
        [summary] = card.xpath("./*[contains(@class, 'glossa-card__summary')]")
        assert summary.get("data-glossa-derived") is None, card.get("data-glossa-id")


HTTP_ONLY = {"http://obnews.co/Index/flowNewsDetail/id/13366269.html",
             "http://123.123.enodoworks.com/?p=1268762"}
"""Sources the editors' fact sheet gives without https (mirrors of AP and Bloomberg reporting)."""


def test_every_source_is_linked_over_https_but_the_mirrors_known_to_have_no_https(article):
    urls = set(article.xpath("//*[@data-glossa-id]//ul[contains(@class, 'glossa-sources')]//a/@href"))
    assert urls, "the cards cite their sources"
    assert {url for url in urls if not url.startswith("https://")} == HTTP_ONLY


# --- the front page ------------------------------------------------------------------------------


def test_the_front_page_verdict_summary_lists_every_correction_with_its_verdict(edition, article):
    """The front page's summary is written by hand: it must agree with the corrections published."""
    published = {card.get("data-glossa-id"):
                 card.xpath("string(.//*[@data-verdict]/@data-verdict)").replace("-", " ")
                 for card in article.xpath("//*[@data-glossa-kind='correction']")}
    front = edition.page("index.html")
    listed = {}
    for link in front.xpath("//a[contains(@href, 'openai-is-crashing/#glossa-')]"):
        item = link.getparent()
        listed[link.get("href").split("#glossa-", 1)[1]] = item.xpath("string(.//strong)").strip()
    assert listed == published
    counts = {kind: len(article.xpath(f"//*[@data-glossa-kind='{kind}']"))
              for kind in ("source", "correction", "note", "update")}
    summary = front.text_content()
    assert f"{sum(counts.values())} annotations" in summary
    for kind, count in counts.items():
        assert re.search(rf"\b{count} {kind}s?\b", summary), (kind, count)
    assert "George Noble" in summary and "machine-translated" in summary
