"""The publication itself: 'OpenAI is Crashing', annotated, built strict from this repository.

The original text is checked against the seed it was copied from, and every claim of the shared
fact sheet against the card that answers it, so an edit to either one that breaks the other fails.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from glossa.anchor import normalise
from helpers import ROOT, Build, build, original_block
from lxml import html as lxml_html

SHARED = Path(__file__).parents[2] / "shared"
SEED = SHARED / "seeds" / "000_c3e6dc62f0ce284c.txt"
FACTS = SHARED / "facts.md"
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


def test_the_seed_is_where_the_repository_expects_it():
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


# --- every claim of the fact sheet -----------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    section: str
    text: str
    verdict: str

    def __str__(self) -> str:
        return f"§{self.section} {self.text[:50]!r} ({self.verdict})"


def parse_fact_sheet(sheet: str) -> list[Claim]:
    """Each claim of the sheet with its verdict: the **Article:** wording of a section, else the
    quoted claim of its heading (`### 14c. "…" — **FALSE**`), plus the bold quoted statements of
    'Other statements'."""
    claims: list[Claim] = []
    for section in re.split(r"^(?=#{2,3} )", sheet, flags=re.MULTILINE):
        heading = re.match(r"#{2,3} (\d+[a-z]?)\. (.*)", section)
        if not heading:
            continue
        number, title = heading.groups()
        title_verdict = re.search(r" — \*\*(.+?)\*\*\s*$", title)
        title = title[: title_verdict.start()] if title_verdict else title
        verdict_line = re.search(r"^\*\*Verdict: (.+?)\*\*", section, flags=re.MULTILINE)
        verdict = (title_verdict or verdict_line).group(1) if (title_verdict or verdict_line) else ""
        article = re.search(r"^\*\*Article:\*\* (.+)$", section, flags=re.MULTILINE)
        if article:
            claims.append(Claim(number, article.group(1).strip().strip('"'), verdict))
        elif re.fullmatch(r'"[^"]+"', title.strip()):
            claims.append(Claim(number, title.strip().strip('"'), verdict))
        else:
            claims.extend(Claim(number, fragment, verdict) for fragment in re.findall(r'"([^"]+)"', title))
        for statement in re.finditer(r'^\*\*"(.+?)"[^*\n]*\*\*\n- \*\*Verdict: (.+?)\*\*', section,
                                     flags=re.MULTILINE):
            claims.append(Claim(number, statement.group(1), statement.group(2)))
    return claims


OPINION = "opinion"


def expected_annotations(verdict: str) -> set[tuple[str, str | None]] | str:
    """The issue's mapping from the sheet's verdict to the (kind, verdict) a card must have."""
    allowed: set[tuple[str, str | None]] = set()
    for part in re.split(r"\s*/\s*", verdict.lower().strip(" .")):
        if part.startswith("mostly accurate"):
            allowed |= {("correction", "imprecise"), ("source", None)}
        elif part.startswith("accurate"):
            allowed.add(("source", None))
        elif part.startswith(("false", "inaccurate", "misleading")):
            allowed.add(("correction", part.split()[0]))
        elif part.startswith("unverified"):
            allowed.add(("correction", "unsupported"))
        elif part.startswith("opinion"):
            return OPINION
        else:
            raise AssertionError(f"no expectation for the verdict {verdict!r}")
    return allowed


def loose(text: str) -> str:
    """Text compared across the sheet and the page: normalised, one kind of quote, no case."""
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


CLAIMS = parse_fact_sheet(FACTS.read_text(encoding="utf-8")) if FACTS.exists() else []


def test_the_fact_sheet_yields_every_claim():
    sections = {claim.section for claim in CLAIMS}
    expected = {str(n) for n in range(1, 12)} | {"12a", "13", "14a", "14b", "14c", "14d", "15a", "15b",
                                                  "16", "17", "18", "19", "20"}
    assert sections == expected
    assert len(CLAIMS) >= 27
    assert all(claim.verdict for claim in CLAIMS)


@pytest.mark.parametrize("claim", CLAIMS, ids=[f"{c.section}-{core(c.text)[:30]}" for c in CLAIMS])
def test_each_checked_claim_has_the_card_its_verdict_calls_for(article, claim):
    wanted = core(first_sentence(claim.text))
    found = [row for row in rows(article) if wanted in loose(original_text(row))]
    assert found, f"{claim}: its first sentence is not in the article"
    row = found[0]
    placed = [(card_annotation(card), card_quote(card)) for card in cards(row)]
    expected = expected_annotations(claim.verdict)
    if expected == OPINION:
        corrections = [quote for (kind, _), quote in placed if kind == "correction" and related(quote, claim)]
        assert corrections == [], f"{claim}: an opinion is corrected in ¶{row.get('data-glossa-block')}"
        return
    fitting = [quote for annotation, quote in placed if annotation in expected and related(quote, claim)]
    assert fitting, (f"{claim}: ¶{row.get('data-glossa-block')} needs a card among "
                     f"{sorted(expected, key=str)} quoting the claim; it has {placed}")


# --- the front page ------------------------------------------------------------------------------


def test_the_front_page_verdict_summary_lists_every_correction_with_its_verdict(edition, article):
    """The front page's summary is written by hand: it must agree with the corrections published."""
    published = {card.get("data-glossa-id"): card.xpath("string(.//*[@data-verdict]/@data-verdict)")
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
