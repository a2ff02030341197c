"""How a quote finds its place in a page (SPEC §3): normalised, exact, unique; fuzzy only to explain."""

from __future__ import annotations

import itertools
import re

import markdown
import pytest
from glossa.anchor import (
    DRIFT_SIMILARITY,
    Failure,
    Match,
    describe_difference,
    find_quote,
    normalise,
    normalise_with_offsets,
    raw_span,
    strip_markdown,
)
from glossa.blocks import split_blocks
from hypothesis import given, settings
from hypothesis import strategies as st


def blocks_of(markdown_text: str) -> list[str]:
    """A page's normalised blocks, as Python-Markdown (tables, admonitions) renders it."""
    html = markdown.markdown(markdown_text, extensions=["tables", "admonition"])
    return [normalise(block.text) for block in split_blocks(html)[0]]


def blocks(*texts: str) -> list[str]:
    """Blocks as `find_quote` receives them: already normalised."""
    return [normalise(text) for text in texts]


# --- normalise -------------------------------------------------------------------------------


def test_normalise_composes_to_nfc():
    assert normalise("Caf\u0065\u0301") == "Caf\u00e9"
    assert normalise("\u212b") == "\u00c5"  # ANGSTROM SIGN is a canonical singleton


def test_normalise_collapses_every_white_space_run_to_one_space():
    assert normalise("one  two\t\tthree\n\nfour \u2003 five") == "one two three four five"


def test_normalise_turns_no_break_spaces_into_spaces():
    assert normalise("10\u00a0000\u00a0\u00a0people") == "10 000 people"


@pytest.mark.parametrize("typographic, plain", [
    ("\u201cquoted\u201d", '"quoted"'),
    ("\u201elow\u201f", '"low"'),
    ("\u2018single\u2019", "'single'"),
    ("OpenAI\u2019s", "OpenAI's"),
    ("\u201amixed\u201b", "'mixed'"),
    ("\u00ab\u00a0C\u2019est la fin\u00a0\u00bb", '" C\'est la fin "'),  # French
    ("\u00bbDie Blechtrommel\u00ab", '"Die Blechtrommel"'),  # German, in reverse
    ("\u2039single\u203a", "'single'"),
])
def test_normalise_turns_typographic_quotes_and_apostrophes_into_plain_ones(typographic, plain):
    assert normalise(typographic) == plain


def test_normalise_reads_a_pdfs_ligatures_as_their_letters():
    """'une fiction efficace' was not found on a page pasted from a PDF, 'une \ufb01ction
    ef\ufb01cace', and the closest passage shown looked the same as the quote."""
    assert normalise("\ufb00 \ufb01 \ufb02 \ufb03 \ufb04 \ufb05 \ufb06") == "ff fi fl ffi ffl st st"


def test_normalise_drops_the_arabic_tatweel():
    """A word stretched to justify a line (\u0627\u0644\u0634\u0631\u0643\u0640\u0640\u0629) is
    the same word."""
    assert normalise("\u0627\u0644\u0634\u0631\u0643\u0640\u0640\u0640\u0629") == \
        "\u0627\u0644\u0634\u0631\u0643\u0629"


def test_a_quote_typed_with_plain_letters_anchors_on_ligatures_and_marks_them_whole():
    text = "C'est une \ufb01ction ef\ufb01cace, dit-il."
    found = find_quote(blocks(text), "une fiction efficace")
    assert isinstance(found, Match)
    start, end = raw_span(text, normalise_with_offsets(text)[1], found.start, found.end)
    assert text[start:end] == "une \ufb01ction ef\ufb01cace"


@pytest.mark.parametrize("dashed", [
    "month\u2014over", "month\u2013over", "month--over", "month---over", "month\u2014\u2014over",
    "month-\u2013over", "month\u2212over", "month\u2010over", "month\u2011over", "month\u2015over",
])
def test_normalise_turns_any_run_of_dashes_or_hyphens_into_one_hyphen(dashed):
    assert normalise(dashed) == "month-over"


def test_normalise_spells_out_the_ellipsis():
    assert normalise("about money\u2026") == "about money..."


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
                                       "\u200e", "\u200f", "\u061c", "\u202b", "\u2067", "\ufe0f"])
def test_normalise_removes_soft_hyphens_and_zero_width_characters(invisible):
    """Direction marks come with text copied from a right-to-left page, variation selectors from
    emoji pickers: invisible, they made a quote differ where the message showed no difference."""
    assert normalise(f"extra{invisible}ordinary") == "extraordinary"


@pytest.mark.parametrize("apostrophe", ["\u2019", "\u02bc", "\uff07", "\u201a"])
def test_normalise_reads_every_apostrophe_as_one(apostrophe):
    assert normalise(f"can{apostrophe}t") == "can't"


def test_normalise_is_case_sensitive():
    assert normalise("OpenAI") != normalise("openai")


def test_normalise_leaves_plain_ascii_alone():
    text = "Salesforce CEO Marc Benioff publicly announced it."
    assert normalise(text) == text


def test_normalise_collapses_runs_exactly_as_the_regular_expressions_say(pytestconfig):
    """`normalise` collapses runs with str methods for speed: the same result as `\\s+` -> " " and
    a run of dashes -> "-", at the edges of the text too."""
    def by_regex(text: str) -> str:
        import unicodedata

        from glossa.anchor import _TRANSLATION
        if not text.isascii():
            text = unicodedata.normalize("NFC", text).translate(_TRANSLATION)
        return re.sub("[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]+", "-", re.sub(r"\s+", " ", text))

    alphabet = st.sampled_from(list(" \t\n\r\f\v\x1c\x1f\x85\xa0\u2003\u3000"
                                    "-\u2013\u2014\u2212ab\u00e9\u2019"))

    @given(st.text(alphabet) | st.text())
    @settings(max_examples=2000 if pytestconfig.getoption("--long-properties") else 300)
    def agrees(text: str) -> None:
        assert normalise(text) == by_regex(text)

    agrees()


# --- normalise_with_offsets ------------------------------------------------------------------

INTERESTING_CHARACTERS = [
    " ", "\t", "\n", "\u00a0", "\u2003", "-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014",
    "\u2015", "\u2212", "\u2018", "\u2019", "\u201a", "\u201b", "\u2032", "\u201c", "\u201d",
    "\u201e", "\u201f", "\u2033", "\u2026", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060",
    "\ufeff", "\u200f", "\u2067", "\ufe0f", "\u02bc", "\uff07", "\uff02", "\u00ab", "\u203a",
    "\ufb01", "\ufb03", "\u0640",
    "a", "e", "A", "\u00e9", "\u0301", "\u0308", "\u030a", "\u0327", "\u212b", "\u0344",
    "\u1100", "\u1161", "\u11a8", "\u0b47", "\u0b3e", "\u0f73", "\u0958", "\u093c", "\u0915",
    "\u00c5", "\u65e5",
]
COMPOSING_SEQUENCES = ["\u1100\u1161", "\u1100\u1161\u11a8", "\u0b47\u0b3e", "e\u0327\u0301",
                       "\u0958\u0301", "A\u030a\u0301"]
texts = st.lists(st.sampled_from(INTERESTING_CHARACTERS + COMPOSING_SEQUENCES) | st.characters(),
                 max_size=30).map("".join)


def test_normalise_with_offsets_agrees_with_normalise(pytestconfig):
    """Quotes are found in `normalise(block)` and marked through `normalise_with_offsets(block)`:
    the two must be the same text, or marks land in the wrong place."""
    examples = 20_000 if pytestconfig.getoption("--long-properties") else 400

    @settings(max_examples=examples)
    @given(texts)
    def check(text: str) -> None:
        normalised, offsets = normalise_with_offsets(text)
        assert normalised == normalise(text)
        assert len(offsets) == len(normalised) + 1
        assert offsets[-1] == len(text)
        assert all(0 <= a <= b <= len(text) for a, b in itertools.pairwise(offsets))

    check()


@pytest.mark.parametrize(("text", "quote", "marked"), [
    ("It rose -- then fell", "It rose -", "It rose --"),
    ("It rose \u2014\u2014 then fell", "rose -", "rose \u2014\u2014"),
    ("A long-term plan", "A long-", "A long-"),  # one hyphen: nothing more to take
    ("It rose  then fell", "It rose ", "It rose "),  # a run of spaces is one too: not a mark's end
])
def test_a_mark_ending_in_a_run_of_dashes_takes_the_whole_run_and_no_space(text, quote, marked):
    """A run of dashes reads as one hyphen: a quote ending in it must mark every dash of it."""
    normalised, offsets = normalise_with_offsets(text)
    start = normalised.index(quote)
    raw_start, raw_end = raw_span(text, offsets, start, start + len(quote))
    assert text[raw_start:raw_end] == marked


@pytest.mark.parametrize("text", [
    "Hangul jamo \u1100\u1161\u11a8 compose",
    "Oriya \u0b47\u0b3e composes across a starter",
    "caf\u0065\u0301 \u2014 \u201cquoted\u201d\u2026",
    "a\u0f73\u0301: U+0F73 decomposes to marks, and NFC moves the acute before them onto the a",
])
def test_normalise_with_offsets_agrees_with_normalise_on_compositions_of_two_starters(text):
    assert normalise_with_offsets(text)[0] == normalise(text)


def test_normalise_with_offsets_maps_each_character_back_to_the_original():
    text = "a \u2014\u2014 b\u00a0\u00a0c\u2026 d\u00ad e"
    normalised, offsets = normalise_with_offsets(text)
    assert normalised == "a - b c... d e"
    assert text[offsets[normalised.index("b")]] == "b"
    assert text[offsets[normalised.index("c")]] == "c"
    assert text[offsets[normalised.index("d")]] == "d"
    assert text[offsets[normalised.index("-")]] == "\u2014"
    assert text[offsets[normalised.index(".")]] == "\u2026"


# --- find_quote: exact and unique ------------------------------------------------------------


def test_quote_found_exactly_once_gives_its_block_and_place():
    page = blocks("First paragraph.", "OpenAI issued a \u201cred alert\u201d in December.")
    found = find_quote(page, 'issued a "red alert"')
    assert found == Match(block=1, start=7, end=27)
    assert page[1][found.start:found.end] == 'issued a "red alert"'


def test_quote_is_normalised_before_matching():
    page = blocks("It fell \u2014 a month\u2011over\u2011month decline\u2026 since 2025.")
    found = find_quote(page, "fell -- a  month-over-month\ndecline...")
    assert isinstance(found, Match)
    assert found.block == 0


def test_quote_surrounding_white_space_is_ignored():
    assert isinstance(find_quote(blocks("Half of the team left."), "  the team left.\n"), Match)


def test_matching_is_case_sensitive():
    found = find_quote(blocks("OpenAI is Crashing"), "OpenAI is crashing")
    assert isinstance(found, Failure)


def test_quote_never_spans_two_blocks():
    found = find_quote(blocks("Mira Murati.", "Left."), "Mira Murati. Left.")
    assert isinstance(found, Failure)
    assert found.reason in ("not-found", "drift")


# --- prefix and suffix -----------------------------------------------------------------------


def test_prefix_picks_one_of_two_occurrences():
    page = blocks("Chief Technology Officer Mira Murati. Left.", "Chief Research Officer Bob McGrew. Left.")
    found = find_quote(page, "Left.", prefix="Bob McGrew.")
    assert found == Match(block=1, start=35, end=40)


def test_suffix_picks_one_of_two_occurrences_in_the_same_block():
    page = blocks("too safe, too mechanical, too boring")
    found = find_quote(page, "too", suffix="mechanical")
    assert found == Match(block=0, start=10, end=13)


def test_prefix_and_suffix_must_sit_right_against_the_quote():
    page = blocks("The cat sat on the mat. The cat ran.")
    found = find_quote(page, "cat", prefix="sat on the mat.")
    assert isinstance(found, Failure)
    assert found.reason == "context"
    assert "prefix 'sat on the mat.'" in found.message


def test_a_prefix_that_fits_no_place_is_told_what_picks_each_out():
    """An editor with a wrong prefix was told only to fix it."""
    page = blocks("The cat sat on the mat. The cat ran.", "A dog barked.")
    found = find_quote(page, "cat", prefix="the dog")
    assert isinstance(found, Failure) and found.reason == "context"
    lines = found.message.splitlines()
    assert lines[0].startswith("quote found (¶1, ¶1) but not with prefix 'the dog' right against it")
    assert [line.split(" -> ")[1] for line in lines[1:]] == ["suffix: 'sat'", "suffix: 'ran.'"]
    once = find_quote(blocks("A dog barked at the cat."), "cat", suffix="ran")
    assert isinstance(once, Failure)
    assert once.message.splitlines()[1:] == [
        "  ¶1: …A dog barked at the cat.… -> it is the only place: no prefix or suffix is needed"]


def test_words_changed_after_their_prefix_are_drift_not_a_prefix_to_remove():
    """The prefix picked the second of two places; the words there changed, and the message
    said the quote, still found at the first, needed no prefix: removing it moved the note onto
    another sentence. The prefix was also shown normalised ('-' for '—')."""
    page = blocks("Then, said one engineer at the time, it broke.", "Nothing here.",
                  "The plan was fine \u2014 said an engineer at the time.")
    found = find_quote(page, "said one engineer at the time", prefix="\u2014")
    assert isinstance(found, Failure) and found.reason == "drift"
    assert found.message == (
        "quote not found with prefix '\u2014' right against it: the words there changed (drift), or "
        "the quote has a typo. Closest passage at the prefix, ¶3 (93% similar): 'said an engineer "
        "at the time'; difference: 'one' -> 'an'. The quote as written is in ¶1, without the "
        "prefix: if the annotation is about that place, remove it instead")
    assert found.closest is not None and found.closest.block == 2
    # The words beside the prefix are the quote, in quotation marks of their own: no drift
    page = blocks("Then, said one engineer at the time, it broke.",
                  "He wrote \u201cone engineer at the time\u201d and left.")
    found = find_quote(page, "one engineer at the time", prefix="wrote")
    assert isinstance(found, Failure) and found.reason == "context"


def test_an_emoji_the_page_shows_as_an_image_is_said_to_be_left_out():
    """Material draws `:smile:` as an image, so a quote copied with its 😄 was answered with a
    closest passage 92% alike and no word of why."""
    page = blocks("It renders in under a millisecond. And more.")
    for quote in ("under a millisecond. \U0001f604", "under a millisecond. \U0001f44d\U0001f3fd"):
        found = find_quote(page, quote)
        assert isinstance(found, Failure) and found.reason == "drift"  # --fix leaves it out
        assert found.message.startswith("quote not found: the page's text has no ")
        assert found.message.endswith("(an emoji the page shows as an image is not text); leave it "
                                      "out: 'under a millisecond.'")
        assert found.closest is not None and found.closest.passage == "under a millisecond."
    # Not for a symbol the page writes as text, nor for one it has: the closest passage, as before
    for text, quote in (("Water boils at 100 C at sea level.", "boils at 100 \u00b0C at sea level"),
                        ("I \u2665 New York, they said.", "I \u2665 New York, he said")):
        found = find_quote(blocks(text), quote)
        assert isinstance(found, Failure) and "emoji" not in found.message, found.message


def test_prefix_must_be_in_the_same_block():
    page = blocks("It ended with the cat.", "cat food", "dog food")
    found = find_quote(page, "food", prefix="the cat.")
    assert isinstance(found, Failure)
    assert found.reason == "context"


# --- ambiguous -------------------------------------------------------------------------------


def test_ambiguous_quote_lists_each_occurrence_and_suggests_a_prefix_or_suffix():
    page = blocks("Left the company. Then they left again.", "Everyone left.", "Nobody stayed.")
    found = find_quote(page, "left")
    assert isinstance(found, Failure)
    assert found.reason == "ambiguous"
    lines = found.message.splitlines()
    assert "2 places" in lines[0]
    assert "'prefix:'" in lines[0] and "'suffix:'" in lines[0]
    assert [line.split(":")[0].strip() for line in lines[1:]] == ["¶1", "¶2"]


def test_each_suggestion_in_an_ambiguous_message_picks_its_own_occurrence():
    page = blocks("The cat sat on the mat. The cat ran.", "A dog barked at the cat.")
    found = find_quote(page, "cat")
    assert isinstance(found, Failure)
    assert found.reason == "ambiguous"
    suggestions = found.message.splitlines()[1:]
    assert len(suggestions) == 3
    placed = []
    for line in suggestions:
        hint = re.search(r"-> (prefix|suffix): '([^']*)'$", line)
        assert hint, line
        match = find_quote(page, "cat", **{hint.group(1): hint.group(2)})
        assert isinstance(match, Match) and f"¶{match.block + 1}:" in line
        placed.append(match)
    assert len(set(placed)) == 3, "each picks its own"


# --- not found and drift ---------------------------------------------------------------------


def test_a_drifted_quotes_difference_leaves_out_what_check_fix_would_leave_out():
    """'1990' -> '1990,' was listed beside the typo, though `--fix` writes the quote without it."""
    found = find_quote(blocks("Fish stocks recovered after 1990, the report says."),
                       "Fish stocks recoverd after 1990")
    assert isinstance(found, Failure) and found.reason == "drift"
    assert found.message.endswith("difference: 'recoverd' -> 'recovered'")


def test_a_drifts_closest_passage_is_what_check_fix_would_write():
    """The message showed the passage widened to white space, 'for 2 hours,' with the comma the
    editor had left out, which an editor copying it by hand then wrote in."""
    found = find_quote(blocks("He said he was abandoning ChatGPT after using it for 2 hours, then left."),
                       "he was abandoning ChatGPT after using it for two hours")
    assert isinstance(found, Failure) and found.reason == "drift"
    assert "similar): 'he was abandoning ChatGPT after using it for 2 hours'; difference: " \
           "'two' -> '2'" in found.message


@pytest.mark.parametrize(("passage", "reason"), [("aaaabbbbcccczzzz", "drift"),
                                                 ("aaaabbbbccczzzzz", "not-found")])
def test_drift_starts_at_three_quarters_alike(passage: str, reason: str):
    """12 of 16 characters in common is 75 %, DRIFT_SIMILARITY itself: drift; 11 is not."""
    found = find_quote(blocks(passage), "aaaabbbbccccdddd")
    assert isinstance(found, Failure) and found.closest is not None
    assert found.closest.passage == passage
    assert (found.closest.similarity == DRIFT_SIMILARITY) == (reason == "drift")
    assert found.reason == reason


def test_quote_not_found_gives_the_closest_passage_and_its_similarity():
    page = blocks("Chief Scientist Ilya Sutskever passed away.", "President Greg Brockman. Stepped down.")
    found = find_quote(page, "Ilya Sutskever left OpenAI.")
    assert isinstance(found, Failure)
    assert found.reason == "not-found"
    assert found.closest is not None
    assert found.closest.block == 0
    assert "Ilya Sutskever" in found.closest.passage
    assert 0 < found.closest.similarity < 0.75
    assert f"{found.closest.similarity:.0%} similar" in found.message
    assert "¶1" in found.message


def test_a_passage_one_character_away_is_not_called_100_percent_similar():
    sentence = ("Now, Elon Musk has filed a lawsuit against OpenAI and Microsoft seeking up to one "
                "hundred and thirty-four billion dollars in damages, according to the filing. ") * 2
    found = find_quote(blocks(sentence), sentence.replace("thirty-four", "thirty-fourr", 1).strip())
    assert isinstance(found, Failure) and found.closest is not None
    assert found.closest.similarity > 0.995
    assert "(99% similar)" in found.message


@pytest.mark.parametrize("quote", ["Home", "the CEO", "embarassed"])
def test_a_short_quote_is_not_taken_for_drift_into_other_words(quote: str):
    """'Home' was 75 % like 'come', drift, and `check --fix` wrote the other word in."""
    found = find_quote(blocks("Errors come from the COO, who was embarrassed."), quote)
    assert isinstance(found, Failure) and found.reason == "not-found"
    assert found.closest is not None and "closest passage" in found.message


def test_a_prefix_written_in_markdown_is_said_as_a_quote_in_markdown_is():
    """It was 'not with prefix ... right against it', with no word of the asterisks."""
    found = find_quote(blocks("Revenue grew fast this year; revenue grew slow this year."),
                       "this year", prefix="Revenue grew **fast**", suffix="; revenue")
    assert isinstance(found, Failure) and found.reason == "markdown"
    assert found.message == ("prefix is written in Markdown; write the text as readers see it: "
                             "prefix: 'Revenue grew fast'")
    # a '|' of the words, not a table's: said to be Markdown only where the words without it fit
    found = find_quote(blocks("Run ls | grep y then this year.", "And this year too."), "this year",
                       prefix="ls | grep x then")
    assert isinstance(found, Failure) and found.reason == "context"


def test_quote_unlike_anything_still_names_the_closest_passage():
    found = find_quote(blocks("Some text here."), "zebra quagga")
    assert isinstance(found, Failure)
    assert found.reason == "not-found"
    assert "closest passage" in found.message


def test_quote_on_a_page_without_text_is_not_found():
    found = find_quote(blocks("", "   "), "anything")
    assert isinstance(found, Failure)
    assert found.reason == "not-found"
    assert found.closest is None


def test_text_changed_under_the_quote_is_drift_with_the_difference():
    page = blocks("Now, Elon Musk has filed a lawsuit seeking $134 billion in damages.")
    found = find_quote(page, "Elon Musk has filed a lawsuit seeking $143 billion in damages.")
    assert isinstance(found, Failure)
    assert found.reason == "drift"
    assert found.closest is not None
    assert found.closest.similarity >= 0.75
    assert "drift" in found.message
    assert "difference: '$143' -> '$134'" in found.message


JAPANESE = ("二〇二四年、同社は五十億ドルの損失を出した。"
            "主任科学者は五月に退社し、その後多くの研究者が去った。"
            "新聞各紙はこのニュースを大きく報じた。損失は本当に大きい。")


def test_a_japanese_quote_one_character_off_is_drift_with_that_character():
    """Widened to the next space, its closest passage was the whole paragraph, 69 % alike: not
    called drift, and `check --fix` fixed nothing."""
    found = find_quote(blocks(JAPANESE), "主任科学者は六月に退社し、その後多くの研究者が去った")
    assert isinstance(found, Failure) and found.reason == "drift" and found.closest is not None
    assert found.closest.passage == "主任科学者は五月に退社し、その後多くの研究者が去った"
    assert found.message.endswith("difference: '六' -> '五'")


def test_a_japanese_quote_found_twice_is_told_the_fewest_characters_that_tell_them_apart():
    found = find_quote(blocks(JAPANESE), "損失")
    assert isinstance(found, Failure) and found.reason == "ambiguous"
    assert found.message.count("-> prefix: 'の'") == 1 and found.message.count("-> prefix: '。'") == 1


# --- quotes written in Markdown --------------------------------------------------------------


@pytest.mark.parametrize("markdown_quote, text", [
    ("Some **bold** text", "Some bold text"),
    ("a [link](other.md#p2) here", "a link here"),
    ("the `code` word", "the code word"),
    ("an *emphasised* word", "an emphasised word"),
])
def test_quote_written_in_markdown_is_recognised_and_the_plain_text_suggested(markdown_quote, text):
    page = blocks("Before. Some bold text and a link here, the code word, an emphasised word.")
    found = find_quote(page, markdown_quote)
    assert isinstance(found, Failure)
    assert found.reason == "markdown"
    assert f"write the text as readers see it: {text!r}" in found.message


@pytest.mark.parametrize("markdown_quote", [f"{mark}We have never spent so much"
                                            for mark in ("> ", ">> ", "## ", "- ")])
def test_a_quote_copied_with_its_lines_mark_is_told_how_readers_see_it(markdown_quote: str) -> None:
    """A quotation's `>` copied from the Markdown was called drift: "the text changed under it"."""
    found = find_quote(blocks("We have never spent so much, and never will again."), markdown_quote)
    assert isinstance(found, Failure) and found.reason == "markdown", found
    assert "write the text as readers see it: 'We have never spent so much'" in found.message


@pytest.mark.parametrize("quote", ["- 5 % this year, the worst since 2001", "+ 3 points this year"])
def test_a_sign_before_a_figure_is_no_list_mark(quote: str) -> None:
    """Taken for a list's mark, the minus was dropped from the words the message suggested."""
    found = find_quote(blocks("Sales fell −5 % this year, the worst since 2001; polls gained +3 points "
                              "this year."), quote)
    assert isinstance(found, Failure) and found.reason != "markdown", found
    assert strip_markdown(quote.replace(" ", "  ", 1)) == quote.replace(" ", "  ", 1)  # two spaces too


@pytest.mark.parametrize("markdown_quote", ["1950 | 130", "| 1950 | 130 |"])
def test_a_table_row_quoted_with_its_pipes_is_told_how_readers_see_it(markdown_quote: str) -> None:
    """The closest passage offered was another row's, at 53%."""
    page = blocks_of("| Year | Ships |\n|---|---|\n| 1910 | 412 |\n| 1950 | 130 |\n")
    found = find_quote(page, markdown_quote)
    assert isinstance(found, Failure) and found.reason == "markdown", found
    assert "write the text as readers see it: '1950 130'" in found.message


@pytest.mark.parametrize("quote, where", [
    ("ends here. Second paragraph", "¶1 into ¶2"),
    ("ends here. Second paragraph starts here. Third", "¶1 into ¶3"),
])
def test_a_quote_copied_across_blocks_is_said_to_run_across_them(quote: str, where: str) -> None:
    """The words are on the page, with a block's end between them: "not found" misled."""
    blocks = [normalise(text) for text in ("First paragraph ends here.", "Second paragraph starts "
                                           "here.", "Third.")]
    found = find_quote(blocks, quote)
    assert isinstance(found, Failure) and found.closest is not None and found.closest.block == 0
    assert found.message == (f"quote runs from {where}, and a quote lies within one block: quote "
                             "the words of one of them (and annotate the other apart, if it needs it)")


def test_a_quote_copied_from_a_list_into_a_table_is_said_to_run_across_them() -> None:
    """A list's and a table's text begin and end with the white space between their items: the
    quote was reported as drift, and `check --fix` cut it to the list's words."""
    page = blocks_of("- First item\n- Second item with `code` here\n\n| h | i |\n|---|---|\n"
                     "| cell one | cell two |\n\n!!! note \"Title\"\n    Text inside.\n")
    for quote, where, part in [("code here h i cell", "¶1 into ¶2", "code here"),
                               ("cell two Title Text", "¶2 into ¶3", "cell two")]:
        found = find_quote(page, quote)
        assert isinstance(found, Failure) and found.reason == "not-found", found
        assert found.message.startswith(f"quote runs from {where},")
        assert found.closest is not None and found.closest.passage == part


def test_a_quote_copied_across_a_footnotes_number_is_said_to_run_across_blocks() -> None:
    """A paragraph ending in a footnote reads 'the old south dock.1' on the page: the quote, copied
    from the Markdown, was drift, and `check --fix` cut it to the first paragraph."""
    html = markdown.markdown("They met at the old south dock.[^1]\n\nThe cranes came later.\n\n"
                             "[^1]: A note.\n", extensions=["footnotes"])
    page = [normalise(block.text) for block in split_blocks(html)[0]]
    assert page[0] == "They met at the old south dock.1"
    found = find_quote(page, "the old south dock. The cranes came")
    assert isinstance(found, Failure) and found.reason == "not-found", found
    assert found.message.startswith("quote runs from ¶1 into ¶2,")
    assert found.closest is not None and found.closest.passage == "the old south dock."


@pytest.mark.parametrize(("quote", "runs"), [
    ("the old south dock.1 The cranes came", True),  # copied from the page, number and all
    ("shipped version 2.0 The cranes came", True),
    ("shipped version 2. The cranes came", False),  # the page says 2.0: no footnote's number
])
def test_a_paragraphs_last_number_is_left_out_only_after_a_words_punctuation(quote, runs):
    page = blocks("They met at the old south dock.1", "We shipped version 2.0", "The cranes came later.")
    page = [page[0], page[2]] if "dock" in quote else page[1:]
    found = find_quote(page, quote)
    assert isinstance(found, Failure)
    assert found.message.startswith("quote runs from ¶1 into ¶2,") == runs, found.message


def test_a_footnotes_number_after_a_closing_quotation_mark_is_looked_past():
    page = blocks('He said it was "done."1', "The cranes came later.")
    found = find_quote(page, 'it was "done." The cranes came')
    assert isinstance(found, Failure) and found.message.startswith("quote runs from ¶1 into ¶2,")


def test_occurrence_counts_among_the_matches_that_fit_the_prefix():
    assert find_quote(["a x", "b x", "a x"], "x", prefix="a", occurrence=2) == Match(2, 2, 3)


def test_a_two_word_prefix_is_offered_before_occurrence():
    found = find_quote(["the black cat sat.", "the white cat sat."], "sat.")
    assert isinstance(found, Failure)
    assert "prefix: 'black cat'" in found.message and "occurrence" not in found.message


def test_overlapping_matches_are_ambiguous():
    found = find_quote(["ha ha ha"], "ha ha")
    assert isinstance(found, Failure) and found.reason == "ambiguous"


def test_a_quote_of_the_telling_length_is_telling_and_one_shorter_is_not():
    from glossa.anchor import TELLING_LENGTH, is_telling

    assert is_telling("a" * TELLING_LENGTH) and not is_telling("a" * (TELLING_LENGTH - 1))


@pytest.mark.parametrize("quote, passage, difference", [
    ("left in June", "left in early May", "'June' -> 'early May'"),  # one edit, not an addition and a change
    ("Pourquoi? Parce qu'il avait peur;", "Pourquoi ? Parce qu'il avait peur ;",
     "white space or punctuation only"),  # French spaces its marks apart
])
def test_a_difference_says_side_by_side_edits_as_one_and_leaves_out_moved_spaces(
        quote: str, passage: str, difference: str) -> None:
    assert describe_difference(quote, passage) == difference


@pytest.mark.parametrize("quote, passage, reason", [
    ("the board of directors met", "The Board of Directors met", "drift"),  # --fix writes it
    ("die Kapitänsmütze", "Die Kapitänsmütze", "drift"),  # German capitalises its nouns
    ("seine mütze", "seine Mütze", "not-found"),  # too short to be called drift
    ("the istanbul office", "THE İSTANBUL OFFICE", "drift"),  # 'İ' is 'i̇' in small letters
    ("the Kırmızı Elma stand", "THE KIRMIZI ELMA STAND", "drift"),  # 'ı' is 'I' in capitals
    ("the long-s Congreſs hall", "The long-s Congress hall", "drift"),  # 'ſ' is 's'
])
def test_a_quote_the_page_has_with_other_capitals_is_told_so(quote: str, passage: str, reason: str) -> None:
    """The closest passage was all an editor was told, with no word of letter case."""
    page = blocks("Before.", f"We went to {passage} in June.")  # each alone: an 'İ' elsewhere on
    found = find_quote(page, quote)                              # the page turned the quick test off
    assert isinstance(found, Failure) and found.reason == reason and found.closest is not None
    assert found.closest.passage == passage
    assert found.message.endswith(f"with other capitals, ¶{found.closest.block + 1}: '{passage}'; "
                                  "letter case counts")


@pytest.mark.parametrize("quote, passage, difference", [
    ("主任は六七に", "主任は五月に", "'六七' -> '五月'"),  # as written, no space put between
    ("IBM 2024", "ＩＢＭ 2024", "'IBM' -> 'ＩＢＭ'"),  # fullwidth Latin letters are one word
    ("東京 タワー", "東京\u3000タワー", "white space or punctuation only"),  # the ideographic space
])
def test_a_difference_in_chinese_or_japanese_is_shown_as_written(quote: str, passage: str,
                                                                   difference: str) -> None:
    """'六 七' -> '五 月': characters of Japanese, each a word, were joined by spaces in neither text."""
    assert describe_difference(quote, passage) == difference


def test_a_quote_is_not_told_of_its_words_in_other_capitals_inside_another_word() -> None:
    found = find_quote(blocks("The start of it all."), "Art")
    assert isinstance(found, Failure) and "capitals" not in found.message
