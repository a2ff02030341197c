"""Find a quote in a page's blocks, as SPEC §3 says: normalised, exact, unique; fuzzy only to explain.

Like Hypothesis' anchoring, the exact match comes first and the fuzzy search only runs when it
fails, and then only to tell the editor what the closest passage is. A fuzzy match never places
an annotation: the text may have changed under it, and a wrong highlight is worse than none.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .model import quoted
from .punctuation import CLOSING_QUOTES, OPENING_QUOTES, SENTENCE_MARKS

INVISIBLE = ("\u00ad\u200b\u200c\u200d\u2060\ufeff"
             "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
             "\ufe0e\ufe0f\u0640")
"""Soft hyphen, zero-width spaces and joiners, word joiner, BOM; the marks and controls of text
direction, which text copied from a right-to-left page carries; the variation selectors of text
and emoji presentation, which emoji pickers add; the Arabic tatweel, which stretches a word to
justify a line: dropped before comparing."""
LIGATURES = "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
"""ff, fi, fl, ffi, ffl, ſt and st as one character, as text copied from a PDF has them: read as
their letters (NFKC's reading, which NFC leaves alone)."""
_CHAR_MAP: dict[int, str | None] = {
    **{ord(c): None for c in INVISIBLE},
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\uff07\u2039\u203a"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\uff02\u00ab\u00bb"},
    **{ord(c): unicodedata.normalize("NFKC", c) for c in LIGATURES},
    ord("\u2026"): "...",
}
_TRANSLATION = str.maketrans(_CHAR_MAP)
_DASH_CHARACTERS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASHES = re.compile(f"[{_DASH_CHARACTERS}]+")
_LONG_RUNS = re.compile(f"\\s{{2,}}|[{_DASH_CHARACTERS}]{{2,}}")


def normalise(text: str) -> str:
    """Text as anchoring compares it: NFC, plain quotes and dashes, one space per white-space run."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text).translate(_TRANSLATION)
    return _collapse_runs(text)


def _collapse_runs(text: str) -> str:
    """Every run of white space becomes one space, every run of dashes one `-`.

    What `re.sub(r"\\s+", " ", ...)` and a dash-class `sub` do, several times faster on a page's
    text: str methods (`split` splits on exactly the characters `\\s` matches) rather than
    a regular expression that stops at every space."""
    if text.isascii():
        if "--" in text:
            text = _DASHES.sub("-", text)
        if "  " not in text and text.isprintable():  # no run of spaces, no other white space
            return text
    elif any(dash in text for dash in _DASH_CHARACTERS):
        text = _DASHES.sub("-", text)
    words = text.split()
    if not words:
        return " " if text else ""
    collapsed = " ".join(words)
    if text[0].isspace():
        collapsed = " " + collapsed
    if text[-1].isspace():
        collapsed += " "
    return collapsed


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """`normalise(text)` and, for each of its characters plus its end, the offset in `text`.

    Slower than `normalise`: only run on blocks where a quote was found, to place its marks.
    """
    if text.isascii():
        translated, origin = text, list(range(len(text)))
    else:
        translated, origin = _translate_with_offsets(*_nfc_with_offsets(text))
    normalised = _collapse_runs(translated)
    if len(normalised) != len(translated):
        # A run of two or more spaces or dashes became one character, which stands at the
        # run's start; single characters keep their offsets, so only long runs need a look.
        kept: list[int] = []
        position = 0
        for match in _LONG_RUNS.finditer(translated):
            kept.extend(origin[position:match.start() + 1])
            position = match.end()
        kept.extend(origin[position:])
        origin = kept
    origin.append(len(text))
    return normalised, origin


def _translate_with_offsets(composed: str, offsets: list[int]) -> tuple[str, list[int]]:
    chars: list[str] = []
    origin: list[int] = []
    for char, offset in zip(composed, offsets, strict=True):
        replacement = _CHAR_MAP.get(ord(char), char)
        if replacement is None:
            continue
        for piece in replacement:
            chars.append(piece)
            origin.append(offset)
    return "".join(chars), origin


def _nfc_with_offsets(text: str) -> tuple[str, list[int]]:
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text)))
    pieces: list[str] = []
    offsets: list[int] = []
    start = 0
    for end in range(1, len(text) + 1):
        if end == len(text) or (_is_starter(text[end])
                                and not _composes(text[start:end], text[end])):
            composed = unicodedata.normalize("NFC", text[start:end])
            pieces.append(composed)
            offsets.extend([start] * len(composed))
            start = end
    return "".join(pieces), offsets


def _is_starter(char: str) -> bool:
    """A starter whose decomposition starts with a starter: U+0F73 is a starter that decomposes
    to two combining marks, so NFC can reorder a mark after it in front of them."""
    return unicodedata.combining(unicodedata.normalize("NFD", char)[0]) == 0


def _composes(segment: str, starter: str) -> bool:
    """Whether NFC joins `starter` to the text before it (Hangul jamo, some Indic vowel signs)."""
    nfc = unicodedata.normalize
    return nfc("NFC", segment + starter) != nfc("NFC", segment) + nfc("NFC", starter)


@dataclass(frozen=True)
class Match:
    """A quote's place: block index (0-based) and normalised offsets within the block."""

    block: int
    start: int
    end: int


@dataclass(frozen=True)
class Closest:
    """The passage most like a quote that was not found, and how alike they are (0..1)."""

    block: int
    passage: str
    similarity: float


@dataclass(frozen=True)
class Failure:
    """Why a quote did not anchor: 'not-found', 'drift', 'ambiguous', 'context', 'occurrence' (there
    are fewer matches than it names), 'markdown' (it quotes the Markdown source) or 'unreadable'
    (the page cannot be woven)."""

    reason: str
    message: str
    closest: Closest | None = None
    advice: str = ""
    """What an annotation's file can do about it, said after the message of a file's quote
    (`page.annotate_page`); `glossa new` has no file yet, and says its own."""


DRIFT_SIMILARITY = 0.75
"""At or above this similarity a missing quote is reported as drift: the text changed under it."""

TELLING_LENGTH = 16
"""A shorter quote is too short to be judged by likeness: it is never called drift, however alike
its closest passage (one letter in four is 75 %, and `check --fix` rewrote the quote 'Home' into
'come', another word; its message still gives the closest passage, for the editor to judge), and
it names no other page that holds it (`docs_pages.PagesText`: 'the sky' is on any page)."""


def is_telling(quote: str) -> bool:
    """Long enough to be judged by likeness (`TELLING_LENGTH`)."""
    return len(normalise(quote).strip()) >= TELLING_LENGTH


MAX_LISTED = 10
"""Occurrences a message lists: a one-letter quote can match thousands of times."""


MAX_COMPARED = 5_000_000_000
"""Pairs of characters the closest-passage search may compare for one quote (`comparisons`):
about 0.2 s with rapidfuzz, which compares 64 pairs at once (and up to 100 MB for a moment, to
line a long quote up with its passage). A count, not a timeout, so that a quote gets the same
answer on every machine: a quote of 10,000 characters against a block of 10,000 takes 3×10^8,
against a page of 200,000 characters 2.6×10^9; a quote of 1,000 characters against a page of
2 MB, 4×10^9."""

MAX_COMPARED_PER_PAGE = 10 * MAX_COMPARED
"""The same for all the quotes of a page that do not anchor, in the order they are searched."""


class Haystack(list[str]):
    """A page's normalised blocks, joined by NUL once for all the quotes searched in them (a list
    that must not change after it is made), and the comparisons the closest-passage searches
    have made in them so far (MAX_COMPARED_PER_PAGE)."""

    __slots__ = ("_lowered", "_spaced", "compared", "joined", "starts")
    _spaced: dict[bool, tuple[str, list[int]]]
    _lowered: str | None

    def __init__(self, blocks: Iterable[str]) -> None:
        super().__init__(blocks)
        self.joined = "\0".join(self)
        self.starts = list(itertools.accumulate((len(block) + 1 for block in self), initial=0))
        self.compared = 0
        self._spaced = {}
        self._lowered = None

    def may_hold_in_other_case(self, wanted: str) -> bool:
        """Whether `joined` may hold `wanted` in other capitals: for an ASCII quote on an ASCII
        page, a test in the page lowered once, which a case-blind regular expression, run for each
        quote not found, took 37 ms a quote to make on a page of 2 MB. Elsewhere the expression
        alone can tell, for it takes 'ı' and 'I', 'ſ' and 's', 'ς' and 'Σ' for one letter, which
        lowering does not."""
        if not (wanted.isascii() and self.joined.isascii()):
            return True
        if self._lowered is None:
            self._lowered = self.joined.lower()
        return wanted.lower() in self._lowered

    def spaced(self, *, without_footnote_marks: bool = False) -> tuple[str, list[int]]:
        """The blocks' words, one space between blocks, and where each block starts in them: made
        when a quote is not found (`_not_found`). A list's or a table's text begins and ends
        with the white space between its items, which a quote copied across blocks has not.
        `without_footnote_marks`: a paragraph's number after its last word's punctuation
        (`dock.1`) left out, as a quote copied from the Markdown has it."""
        if without_footnote_marks not in self._spaced:
            stripped = [block.strip() for block in self]
            if without_footnote_marks:
                stripped = [_FOOTNOTE_MARK_AT_END.sub(r"\1", block) for block in stripped]
            self._spaced[without_footnote_marks] = (" ".join(stripped), list(itertools.accumulate(
                (len(block) + 1 for block in stripped), initial=0)))
        return self._spaced[without_footnote_marks]


_FOOTNOTE_MARK_AT_END = re.compile(r"([^\W\d_][.,;:!?)\]\"'\u2019\u201d]{1,2})[0-9]{1,3}\Z")
"""A footnote's number after a word's punctuation (`dock.1`, `done."1`), not a number's
decimals (`2.0`)."""


def find_quote(blocks: Sequence[str], quote: str, prefix: str | None = None,
               suffix: str | None = None, occurrence: int | None = None) -> Match | Failure:
    """Place `quote` in exactly one block; `blocks` are already normalised (a `Haystack` when
    several quotes are searched in one page). `occurrence` picks one of several matches that fit
    the prefix and suffix, counting from 1 in page order: the last resort for identical blocks."""
    wanted = normalise(quote).strip()
    if not isinstance(blocks, Haystack):
        blocks = Haystack(blocks)
    occurrences = _occurrences(blocks, wanted)
    if not occurrences:
        return _not_found(blocks, wanted)
    before = normalise(prefix).strip() if prefix else ""
    after = normalise(suffix).strip() if suffix else ""
    fitting = [m for m in occurrences if _fits(blocks[m.block], m, before, after)]
    if occurrence is not None and fitting:
        if occurrence <= len(fitting):
            return fitting[occurrence - 1]
        fix = ("remove 'occurrence'" if len(fitting) == 1
               else f"give a number from 1 to {len(fitting)}")
        return Failure("occurrence", f"'occurrence: {occurrence}' but the quote matches "
                       f"{len(fitting)} place{'s' * (len(fitting) != 1)}; {fix}")
    if len(fitting) == 1:
        return fitting[0]
    if not fitting:
        plain = {"prefix": strip_markdown(before), "suffix": strip_markdown(after)}
        in_markdown = {name: plain[name] for name, value in (("prefix", before), ("suffix", after))
                       if value and plain[name] != value}
        if in_markdown and any(_fits(blocks[m.block], m, plain["prefix"], plain["suffix"])
                               for m in occurrences):  # as a quote in Markdown is (`_not_found`)
            return Failure("markdown", _in_markdown(" and ".join(in_markdown), "; ".join(
                f"{name}: {quoted(text)}" for name, text in in_markdown.items())))
        where = ", ".join(f"¶{m.block + 1}" for m in occurrences[:MAX_LISTED])
        where += f" and {len(occurrences) - MAX_LISTED} more" if len(occurrences) > MAX_LISTED else ""
        context = " and ".join(f"{name} {quoted(value.strip())}" for name, value in
                               (("prefix", prefix), ("suffix", suffix)) if value and value.strip())
        beside = _beside_context(blocks, wanted, before, after)
        fixed = ends_as_quoted(beside.passage, wanted) if beside is not None else wanted
        if beside is not None and beside.similarity >= DRIFT_SIMILARITY and is_telling(wanted) \
                and normalise(fixed).strip() != wanted:  # not the quote in marks of its own: “…”
            named = " and ".join(name for name, value in (("prefix", before), ("suffix", after)) if value)
            return Failure("drift", f"quote not found with {context} right against it: "
                           f"{DRIFT_CAUSES[1]}. Closest passage at the "
                           f"{named}, ¶{beside.block + 1} ({_percent(beside.similarity)} similar): "
                           f"{quoted(fixed)}; difference: {describe_difference(wanted, fixed)}. The "
                           f"quote as written is in {where}, without the {named}: if the annotation "
                           f"is about that place, remove {'them' if ' and ' in named else 'it'} instead",
                           beside)
        return Failure("context", "\n".join([
            f"quote found ({where}) but not with {context} right against it in the same block; "
            "fix the prefix/suffix or remove them", *_listed(blocks, occurrences)]))
    return Failure("ambiguous", _ambiguous_message(blocks, fitting))


def _beside_context(blocks: Sequence[str], wanted: str, before: str, after: str) -> Closest | None:
    """The passage most like the quote right after its prefix or right before its suffix, where
    the page has them: the words a prefix picked out among several places, changed since. (The
    quote still found elsewhere, without them, is not the place the annotation was about.)"""
    width = 2 * len(wanted)
    spots: list[tuple[int, str]] = []  # (block, the stretch beside the prefix or suffix)
    for index, block in enumerate(blocks):
        if before:
            spots += [(index, block[at + len(before):at + len(before) + width])
                      for at in _find_all(block, before)]
        if after:
            spots += [(index, block[max(0, at - width):at]) for at in _find_all(block, after)]
    closest = closest_passage([stretch for _, stretch in spots[:MAX_LISTED]], wanted) if spots else None
    return Closest(spots[closest.block][0], closest.passage, closest.similarity) if closest else None


def _occurrences(blocks: Haystack, wanted: str) -> list[Match]:
    """Every place of `wanted` within a block: searched in the blocks joined by NUL, one `find`
    loop over the page rather than one per block. A match cannot span two blocks, since it would
    hold the NUL; a quote that holds one is searched block by block."""
    if "\0" in wanted:
        return [Match(i, start, start + len(wanted))
                for i, block in enumerate(blocks) for start in _find_all(block, wanted)]
    found = _find_all(blocks.joined, wanted)
    if not found:
        return []
    starts = blocks.starts
    occurrences = []
    for position in found:
        index = bisect.bisect_right(starts, position) - 1
        occurrences.append(Match(index, position - starts[index], position - starts[index] + len(wanted)))
    return occurrences


def _find_all(text: str, needle: str) -> list[int]:
    found: list[int] = []
    start = text.find(needle)
    while start != -1 and needle:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def _fits(block: str, match: Match, before: str, after: str) -> bool:
    """White space between a prefix/suffix and the quote is not significant."""
    return (block[: match.start].rstrip().endswith(before)
            and block[match.end:].lstrip().startswith(after))


def _ambiguous_message(blocks: Sequence[str], occurrences: Sequence[Match]) -> str:
    hints = [_distinguishing_context(blocks, occurrences, match) for match in occurrences[:MAX_LISTED]]
    if any(hints):
        lines = [f"quote matches {len(occurrences)} places; make it unique with 'prefix:' or 'suffix:'"]
    else:
        lines = [f"quote matches {len(occurrences)} places that no nearby words tell apart; pick one "
                 "with 'occurrence:' (counting from 1 in page order)"]
    return "\n".join(lines + _listed(blocks, occurrences, hints))


def _listed(blocks: Sequence[str], occurrences: Sequence[Match],
            hints: Sequence[str | None] | None = None) -> list[str]:
    """A line for each place (the first MAX_LISTED): its words, and what picks it out."""
    if hints is None:
        hints = ["it is the only place: no prefix or suffix is needed"] if len(occurrences) == 1 else [
            _distinguishing_context(blocks, occurrences, match) for match in occurrences[:MAX_LISTED]]
    lines = []
    for number, (match, hint) in enumerate(zip(occurrences, hints, strict=False), start=1):
        block = blocks[match.block]
        hint = hint or f"no nearby words tell it apart: add 'occurrence: {number}'"
        lines.append(f"  ¶{match.block + 1}: …{block[max(0, match.start - 30):match.end + 30]}… "
                     f"-> {hint}")
    if len(occurrences) > MAX_LISTED:
        lines.append(f"  … and {len(occurrences) - MAX_LISTED} more")
    return lines


def _distinguishing_context(blocks: Sequence[str], occurrences: Sequence[Match],
                            match: Match) -> str | None:
    """The fewest words before (or after) this occurrence that no other occurrence shares, or
    None when none do (identical blocks, a quote that fills its block)."""
    text_before, text_after = blocks[match.block][: match.start], blocks[match.block][match.end:]
    words_before = [word.start() for word in _WORD.finditer(text_before)][::-1]  # nearest first
    words_after = [word.end() for word in itertools.islice(_WORD.finditer(text_after), 8)]
    others = [m for m in occurrences if m != match]
    for n in range(1, 9):
        before = text_before[words_before[n - 1]:].strip() if n <= len(words_before) else ""
        if before and all(not blocks[o.block][: o.start].rstrip().endswith(before) for o in others):
            return f"prefix: {quoted(before)}"
        after = text_after[: words_after[n - 1]].strip() if n <= len(words_after) else ""
        if after and all(not blocks[o.block][o.end:].lstrip().startswith(after) for o in others):
            return f"suffix: {quoted(after)}"
    return None


_NOTHING_IN_COMMON = "quote not found, and no passage of the page has a character in common with it"


def _not_found(blocks: Haystack, wanted: str) -> Failure:
    """Why the quote is not on the page: the first of the telling reasons that fits (too long, its
    Markdown, an empty page, an emoji, its capitals, two blocks), else its closest passage."""
    for reason in (_longer_than_any_block, _written_in_markdown, _on_a_page_without_text,
                   _with_an_emoji_drawn_as_an_image, _in_other_capitals, _across_blocks):
        if (failure := reason(blocks, wanted)) is not None:
            return failure
    return _closest_or_why_not(blocks, wanted)


def _longer_than_any_block(blocks: Haystack, wanted: str) -> Failure | None:
    longest = max((len(block) for block in blocks), default=0)
    if not longest or len(wanted) <= 2 * longest:
        return None
    # No passage could be DRIFT_SIMILARITY alike: not worth comparing.
    return Failure("not-found", f"quote not found: at {len(wanted):,} characters it is longer "
                   f"than any block of the page (the longest has {longest:,}), and a quote lies "
                   "within one block")


def _written_in_markdown(blocks: Haystack, wanted: str) -> Failure | None:
    markdown_free = strip_markdown(wanted)
    if markdown_free == wanted:
        return None
    block = next((i for i, text in enumerate(blocks) if markdown_free in text), None)
    if block is None:
        return None
    return Failure("markdown", _in_markdown("quote", quoted(markdown_free)),
                   Closest(block, markdown_free, _similarity(markdown_free, wanted)))


def _on_a_page_without_text(blocks: Haystack, wanted: str) -> Failure | None:
    if any(block.strip() for block in blocks):
        return None
    return Failure("not-found", "quote not found, and the page has no text to compare it with")


def _with_an_emoji_drawn_as_an_image(blocks: Haystack, wanted: str) -> Failure | None:
    """Material draws :smile: as an image: copied, it is no text of the page."""
    symbols = {c for c in wanted if ("\u2600" <= c <= "\u27bf" or "\U0001f000" <= c <= "\U0001faff")
               and c not in blocks.joined}  # emoji (not ° © ™, which a page writes as text)
    without = " ".join(re.sub(f"[{re.escape(''.join(symbols))}\ufe0f\u200d]", " ", wanted).split()) \
        if symbols else ""
    block = next((i for i, text in enumerate(blocks) if without in text), None) if without else None
    if block is None:
        return None
    return Failure("drift" if is_telling(without) else "not-found",  # --fix leaves it out
                   f"quote not found: the page's text has no {' '.join(sorted(symbols))} "
                   f"(an emoji the page shows as an image is not text); leave it out: "
                   f"{quoted(without)}",
                   Closest(block, without, _similarity(without, wanted)))


def _in_other_capitals(blocks: Haystack, wanted: str) -> Failure | None:
    if (other_case := _in_other_case(blocks, wanted)) is None:
        return None
    return Failure("drift" if is_telling(wanted) else "not-found",
                   f"quote not found exactly: the page writes it with other capitals, "
                   f"¶{other_case.block + 1}: {quoted(other_case.passage)}; letter case counts",
                   other_case)


def _across_blocks(blocks: Haystack, wanted: str) -> Failure | None:
    """Copied across two paragraphs: the quote is in the text, but across a block's end."""
    if " " not in wanted:
        return None
    spaced, starts = blocks.spaced()
    across = spaced.find(wanted)
    if across == -1:
        spaced, starts = blocks.spaced(without_footnote_marks=True)
        across = spaced.find(wanted)
    if across == -1:
        return None
    first = bisect.bisect_right(starts, across) - 1
    last = bisect.bisect_right(starts, across + len(wanted) - 1) - 1
    part = spaced[across:starts[first + 1] - 1]
    return Failure("not-found", f"quote runs from ¶{first + 1} into ¶{last + 1}, and a quote "
                   "lies within one block: quote the words of one of them (and annotate the "
                   "other apart, if it needs it)", Closest(first, part, _similarity(part, wanted)))


DRIFT_CAUSES = ("the text changed under it (drift), or the quote has a typo",
                "the words there changed (drift), or the quote has a typo")
"""Why a quote close to a passage is not found, as a build says it: anywhere on the page, and
beside its prefix or suffix (`glossa new`, whose quote no text has changed under, says its own)."""


def _closest_or_why_not(blocks: Haystack, wanted: str) -> Failure:
    """The closest passage, as drift where it is alike enough; or why none is shown."""
    if set(wanted).isdisjoint(blocks.joined):
        return Failure("not-found", _NOTHING_IN_COMMON)
    cost = comparisons(blocks, wanted)
    if cost > MAX_COMPARED:
        return Failure("not-found", f"quote not found, and too long to look for the closest "
                       f"passage: comparing its {len(wanted):,} characters with the page's text "
                       f"takes {cost:,} comparisons, more than the {MAX_COMPARED:,} Glossa makes for "
                       "a quote; quote fewer words, copied from the page as it reads")
    if blocks.compared + cost > MAX_COMPARED_PER_PAGE:
        return Failure("not-found", f"quote not found, and the closest passage was not looked for: "
                       f"the quotes of this page that did not anchor before it took the "
                       f"{MAX_COMPARED_PER_PAGE:,} comparisons Glossa makes for a page; fix those "
                       "first")
    blocks.compared += cost
    closest = closest_passage(blocks, wanted)
    if closest is None:
        return Failure("not-found", _NOTHING_IN_COMMON)
    location = f"¶{closest.block + 1}"
    if closest.similarity >= DRIFT_SIMILARITY and is_telling(wanted):
        fixed = ends_as_quoted(closest.passage, wanted)  # `check --fix`'s words (it keeps the page's “”—)
        return Failure("drift", f"quote not found exactly: {DRIFT_CAUSES[0]}. Closest passage, {location} "
                       f"({_percent(closest.similarity)} similar): {quoted(fixed)}; difference: "
                       f"{describe_difference(wanted, fixed)}", closest)
    return Failure("not-found", f"quote not found; closest passage, {location} "
                   f"({_percent(closest.similarity)} similar): {quoted(closest.passage)}", closest,
                   ". Copy the words from the page as it reads; if they are no longer in the text, "
                   "delete the file, or remove 'quote:' to make the annotation about the whole page")


def _in_other_case(blocks: Haystack, wanted: str) -> Closest | None:
    """The passage that is the quote but for its capitals, as whole words (a quote of 'Art' is not
    'start'): 'The board' written 'The Board'. Matched without lowering the page, whose offsets
    would move where a capital's small letter is longer (Turkish 'İ')."""
    if not blocks.may_hold_in_other_case(wanted):
        return None
    edges = (r"(?<!\w)" if wanted[:1].isalnum() else "", r"(?!\w)" if wanted[-1:].isalnum() else "")
    found = re.compile(edges[0] + re.escape(wanted) + edges[1], re.IGNORECASE).search(blocks.joined)
    if found is None:
        return None
    index = bisect.bisect_right(blocks.starts, found.start()) - 1
    return Closest(index, found[0], _similarity(found[0], wanted))


def _percent(similarity: float) -> str:
    """Rounded, but never up to 100 %: a passage one character in three hundred away is 99 %."""
    percent = round(similarity * 100)
    return f"{min(percent, 99) if similarity < 1 else percent}%"


_MARKDOWN = re.compile(r"\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])|`|!?\[([^\[\]]*)\]\([^()]*\)")
"""Bold, emphasis, code and links. A link's text stops at the next `[`, its target at the next `(`:
with `[^]]*`, every `[` of a quote holding 100,000 of them and no `]` was matched to the end of the
quote (minutes)."""


def _in_markdown(what: str, as_read: str) -> str:
    """Said of a quote, prefix or suffix written as the Markdown source has it."""
    verb = "are" if " and " in what else "is"
    return f"{what} {verb} written in Markdown; write the text as readers see it: {as_read}"


_LINE_MARKS = re.compile(r"^[ \t]*(?:(?:>[ \t]?)+|#{1,6}[ \t]+|\*[ \t]+|[-+][ \t]++(?![\d.,]))", re.MULTILINE)
"""What starts a line of a quotation, a heading or a list item in Markdown (`> `, `## `, `- `);
not a sign before a figure ('- 5 %'), which the text may write as '−5 %'."""


def strip_markdown(text: str) -> str:
    """Text as readers see Markdown's: without the marks that start a line of a quotation, a
    heading or a list item, nor those of emphasis and code, a link as its words, a table's row as
    its cells."""
    text = _MARKDOWN.sub(lambda m: m.group(1) or "", _LINE_MARKS.sub("", text))
    if "|" in text:  # a table's row, its cells as its Markdown separates them
        text = " ".join(cell.strip() for cell in text.strip().strip("|").split("|"))
    return text


SHORT_QUOTE = 64
"""A quote up to this long (one machine word for rapidfuzz) is compared with every stretch of each
block in one pass (`partial_ratio_alignment`), in time that grows with the block alone; that
function's time grows with the cube of a longer quote, which is compared with windows instead."""

CANDIDATES = 3
"""Windows of a long quote whose passage is worked out; the one most like the quote wins."""


def comparisons(blocks: Sequence[str], wanted: str) -> int:
    """The pairs of characters `closest_passage` compares for `wanted`, at most, known before it
    runs: the quote against every window, then twice (to line up, to measure) against each of the
    CANDIDATES, widened."""
    windows = list(_windows(blocks, len(wanted)))
    widened = sorted((min(len(blocks[index]), end - start + 2 * len(wanted))
                      for index, start, end in windows), reverse=True)
    return len(wanted) * (sum(end - start for _, start, end in windows) + 2 * sum(widened[:CANDIDATES]))


def _windows(blocks: Sequence[str], length: int) -> Iterator[tuple[int, int, int]]:
    """(block, start, end) of the stretches a quote of `length` is compared with: whole blocks
    for a short quote or a short block; else windows twice its length, overlapping by half, so
    that any passage as long as the quote lies whole in one of them."""
    width = 2 * length
    for index, block in enumerate(blocks):
        if not block.strip():
            continue
        if length <= SHORT_QUOTE or len(block) <= width:
            yield index, 0, len(block)
            continue
        for start in range(0, len(block) - width + length, length):
            yield index, start, min(start + width, len(block))


def closest_passage(blocks: Sequence[str], wanted: str) -> Closest | None:
    """The block stretch most like `wanted` (only run when the exact match failed), at the cost
    `comparisons(blocks, wanted)` counts: the closest windows first (`_windows`), then the
    passage in each of them."""
    from rapidfuzz import fuzz, process  # here: a build whose quotes all match never loads it
    from rapidfuzz.distance import LCSseq

    windows = list(_windows(blocks, len(wanted)))
    texts = [blocks[index][start:end] for index, start, end in windows]
    short = len(wanted) <= SHORT_QUOTE
    scorer = fuzz.partial_ratio if short else LCSseq.similarity
    best: Closest | None = None
    for _, score, number in process.extract(wanted, texts, scorer=scorer, limit=CANDIDATES):
        if not score:
            break
        index, start, end = windows[number]
        block = blocks[index]
        if short:
            span: tuple[int, int] | None = _short_span(block, wanted)
        else:  # widened: a drifted passage may be longer than the quote
            start, end = max(0, start - len(wanted)), min(len(block), end + len(wanted))
            span = _aligned_span(block[start:end], wanted)
        if span is None:
            continue
        left, right = _widen_to_words(block, start + span[0], start + span[1])
        passage = block[left:right].strip()
        similarity = _similarity(passage, wanted)
        if best is None or similarity > best.similarity:
            best = Closest(index, passage, similarity)
    return best


def _short_span(block: str, wanted: str) -> tuple[int, int] | None:
    from rapidfuzz import fuzz

    alignment = fuzz.partial_ratio_alignment(wanted, block)
    if alignment is None or not alignment.score:
        return None
    return alignment.dest_start, alignment.dest_end


def _aligned_span(window: str, wanted: str) -> tuple[int, int] | None:
    """The stretch of `window` that `wanted` lines up with: from its first to its last run of
    matching characters (longest common subsequence), the quote's unmatched ends included, less
    runs at either end that make the stretch less alike (the quote's first letters matched in a
    word before the passage)."""
    from rapidfuzz.distance import LCSseq

    runs = [op for op in LCSseq.opcodes(wanted, window) if op.tag == "equal"]
    if not runs:
        return None
    matched = list(itertools.accumulate((run.src_end - run.src_start for run in runs), initial=0))

    def span(first: int, last: int) -> tuple[int, int]:
        return (max(0, runs[first].dest_start - runs[first].src_start),
                min(len(window), runs[last].dest_end + len(wanted) - runs[last].src_end))

    def alike(first: int, last: int) -> float:
        start, end = span(first, last)
        return (matched[last + 1] - matched[first]) / (end - start + len(wanted))

    last = len(runs) - 1
    first = max(range(len(runs)), key=lambda i: alike(i, last))
    last = max(range(first, len(runs)), key=lambda j: alike(first, j))
    return span(first, last)


def _similarity(passage: str, wanted: str) -> float:
    """2 × the characters they share in order / the sum of their lengths: difflib's `ratio` when
    difflib finds every character they share."""
    from rapidfuzz.distance import Indel

    return float(Indel.normalized_similarity(passage, wanted))


SPACELESS = "\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
"""Chinese and Japanese, written without spaces between words, as character ranges (their
punctuation, kana and ideographs; not the ideographic space): each of their characters counts as
a word, since no space says where one ends: the closest passage to a Japanese quote one
character off had been its whole paragraph, widened to the next space, and too unlike the quote
to be called drift. Thai, Lao, Myanmar and Khmer have no spaces either, but their vowel and tone
marks are characters of their own, which would stand as words."""
_SPACELESS_CHARACTER = re.compile(f"[{SPACELESS}]")
_WORD = re.compile(f"[{SPACELESS}]|[^\\s{SPACELESS}]+")
"""A word: a run of characters between spaces, or one character of a script without them."""


WIDENED_AT_MOST = 40
"""Characters a closest passage is widened by, each way, to take in whole words."""


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Out to the white space around a stretch, or to a character of a script without spaces
    (SPACELESS), but no more than WIDENED_AT_MOST characters each way."""
    def spaceless(index: int) -> bool:
        return 0 <= index < len(text) and _SPACELESS_CHARACTER.match(text, index) is not None

    floor, ceiling = max(0, start - WIDENED_AT_MOST), min(len(text), end + WIDENED_AT_MOST)
    while start > floor and not text[start - 1].isspace() and not spaceless(start - 1) \
            and not spaceless(start):
        start -= 1
    while end < ceiling and not text[end].isspace() and not spaceless(end) and not spaceless(end - 1):
        end += 1
    if opening := _SPACED_OPENING.search(text, 0, start):  # French: « C'est … » ; an editor may
        start = opening.start()                           # quote them (`ends_as_quoted`)
    if closing := _SPACED_CLOSING.match(text, end):
        end = closing.end()
    return start, end


_OPENING_MARKS = OPENING_QUOTES
_CLOSING_MARKS = SENTENCE_MARKS + CLOSING_QUOTES
"""Marks the text may have around the words quoted, not the quote: a '%' or a ')' is the text's own."""

_SPACED_OPENING = re.compile(f"(?:(?<= )|^)(?:[{re.escape(_OPENING_MARKS)}]+ )+$")
_SPACED_CLOSING = re.compile(f"(?: [{re.escape(_CLOSING_MARKS)}]+)+(?= |$)")
"""The marks French spaces apart from the words they open or close (`_widen_to_words`)."""


def ends_as_quoted(passage: str, quote: str) -> str:
    """The passage with the quote's ends where the text there did not change: the closest passage
    is widened to whole words, so '… in June' drifted to 'Scientist … in May.', with a word before
    it and a full stop the editor had left out, and 'a bit embarassed' to '"a bit embarrassed."'
    with quotation marks. Marks at each end are kept as far as the quote has them, spaced as the
    text spaces them (French: '« C’est la fin du monde »', 'avait peur ;'). What `glossa check
    --fix` writes, and what the drift message compares the quote with."""
    def bare(word: str) -> str:
        return "".join(c for c in normalise(word) if not unicodedata.category(c).startswith("P"))

    parts, ends = _WORD_BREAK.split(passage), _WORD_BREAK.split(quote)[::2]  # words, and what parts them
    first, last = bare(ends[0]), bare(ends[-1])

    def words() -> list[int]:
        """Where the parts with letters or digits are: a mark spaced apart is not a word."""
        return [index for index in range(0, len(parts), 2) if bare(parts[index])]

    while len(found := words()) > 1 and bare(parts[found[0]]) != first \
            and bare(parts[found[1]]) == first:
        del parts[:found[0] + 2]
        while len(parts) > 2 and not bare(parts[0]) and parts[0].strip(_OPENING_MARKS):
            del parts[:2]  # the word's own ':' too, spaced apart, but not the quote's '«'
    while len(found := words()) > 1 and bare(parts[found[-1]]) != last \
            and bare(parts[found[-2]]) == last:
        del parts[found[-1] - 1:]
        while len(parts) > 2 and not bare(parts[-1]) and parts[-1].strip(_CLOSING_MARKS):
            del parts[-2:]
    trimmed = "".join(parts)
    marks = _run(trimmed, _OPENING_MARKS)  # the quote's own are the innermost
    trimmed = trimmed[_marks_end(marks, _marks_in(marks) - _marks_in(_run(quote, _OPENING_MARKS))):]
    marks = _run(trimmed, _CLOSING_MARKS, end=True)
    kept = _marks_end(marks, _marks_in(_run(quote, _CLOSING_MARKS, end=True)))
    trimmed = trimmed[:len(trimmed) - len(marks) + kept]
    return trimmed.strip() or passage


_WORD_BREAK = re.compile(f"( |[{_DASH_CHARACTERS}]+)")
"""What parts the words a passage is trimmed by: a space, or dashes ('schools\u2014more', widened to
white space, is two words: the quote may end with the first)."""


def _run(text: str, marks: str, *, end: bool = False) -> str:
    """The `marks` `text` starts (or ends) with, and the spaces between them."""
    marks += " "
    return text[len(text.rstrip(marks)):] if end else text[:len(text) - len(text.lstrip(marks))]


def _marks_in(run: str) -> int:
    return len(run.replace(" ", ""))


def _marks_end(run: str, wanted: int) -> int:
    """How much of `run` holds its first `wanted` marks (none, when `wanted` is 0 or less)."""
    count = 0
    for index, char in enumerate(run):
        if count >= wanted:
            return index
        count += char != " "
    return len(run)


def describe_difference(wanted: str, found: str) -> str:
    """Word-level edits from the quote to the passage (`word_edits`), e.g. `'two' -> '2'`."""
    edits = [f"{quoted(gone)} -> {quoted(added)}" if gone and added else
             f"{quoted(gone)} is gone" if gone else f"{quoted(added)} added"
             for gone, added in word_edits(wanted, found)]
    return "; ".join(edits) if edits else "white space or punctuation only"


def word_edits(wanted: str, found: str) -> list[tuple[str, str]]:
    """The words gone from the quote and added in the passage, each edit as written ("" for
    none; `_WORD`: a character of Japanese, '六' and '五'); edits side by side are one. One that
    only moves a space is left out: French spaces its ':', '?' and '« »', which an editor may not
    ('peur;' and 'peur ;')."""
    from rapidfuzz.distance import Levenshtein

    a, b = list(_WORD.finditer(wanted)), list(_WORD.finditer(found))

    def text(words: list[re.Match[str]], start: int, end: int) -> str:  # as written, spaces or none
        return words[start].string[words[start].start():words[end - 1].end()] if end > start else ""

    edits = []
    opcodes = Levenshtein.opcodes([m[0] for m in a], [m[0] for m in b])
    for same, run in itertools.groupby(opcodes, key=lambda op: op.tag == "equal"):
        if same:
            continue
        ops = list(run)
        gone, added = text(a, ops[0].src_start, ops[-1].src_end), text(b, ops[0].dest_start, ops[-1].dest_end)
        if gone.replace(" ", "") != added.replace(" ", ""):
            edits.append((gone, added))
    return edits


_JOINER = "\u200d"
_LINKING_VIRAMAS = "\u094d\u09cd\u0acd\u0b4d\u0c4d\u0d4d"
"""The viramas that join the consonant after them into one character (Devanagari, Bengali,
Gujarati, Oriya, Telugu, Malayalam: Unicode's conjunct linkers). Tamil's pulli and Myanmar's asat
end a syllable instead."""


def _joins_the_one_before(text: str, index: int) -> bool:
    """Whether `text[index]` belongs to the character a reader sees before it: an accent or a
    vowel sign (combining marks), a variation selector, a skin tone, a zero-width joiner or
    what it joins (the 👩 of 👨 + joiner + 👩), or the consonant a linking virama joins (स्त)."""
    char, before = text[index], text[index - 1]
    return (unicodedata.category(char) in ("Mn", "Mc", "Me") or char == _JOINER
            or (before == _JOINER and not char.isspace())
            or "\U0001f3fb" <= char <= "\U0001f3ff"
            or (before in _LINKING_VIRAMAS and char.isalpha()))


def whole_characters(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of `text` widened so as not to split a character as readers see it: a quote
    that ends before an accent that NFC cannot compose (Hebrew points, Indic vowel signs) or
    inside an emoji sequence (👍 of 👍🏽) had its mark, and the reference after it, cut the
    character in two: a loose skin tone or vowel sign after the reference."""
    while 0 < start < len(text) and _joins_the_one_before(text, start):
        start -= 1
    while 0 < end < len(text) and _joins_the_one_before(text, end):
        end += 1
    return start, end


def raw_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """The stretch of `text` behind normalised characters [start, end), given the offsets from
    `normalise_with_offsets(text)`: the last normalised character may stand for several raw ones
    (a run of dashes), and the span takes all of them, but never the white space after them."""
    raw_start, raw_end = origin[start], origin[end - 1] + 1
    while raw_end < len(text) and origin[end] > raw_end and not text[raw_end].isspace():
        raw_end += 1
    return raw_start, raw_end
