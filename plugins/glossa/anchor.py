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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

_DROPPED = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_CHAR_MAP: dict[int, str | None] = {
    **{ord(c): None for c in _DROPPED},
    **{ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032"},
    **{ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033"},
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
    """Why a quote did not anchor: 'not-found', 'drift', 'ambiguous' or 'context'."""

    reason: str
    message: str
    closest: Closest | None = None
    occurrences: tuple[Match, ...] = ()


DRIFT_SIMILARITY = 0.75
"""At or above this similarity a missing quote is reported as drift: the text changed under it."""

MAX_LISTED = 10
"""Occurrences a message lists: a one-letter quote can match thousands of times."""


class Haystack(list[str]):
    """A page's normalised blocks, joined by NUL once for all the quotes searched in them (a list
    that must not change after it is made)."""

    __slots__ = ("joined", "starts")

    def __init__(self, blocks: Iterable[str]) -> None:
        super().__init__(blocks)
        self.joined = "\0".join(self)
        self.starts = list(itertools.accumulate((len(block) + 1 for block in self), initial=0))


def find_quote(blocks: Sequence[str], quote: str, prefix: str | None = None,
               suffix: str | None = None) -> Match | Failure:
    """Place `quote` in exactly one block; `blocks` are already normalised (a `Haystack` when
    several quotes are searched in one page)."""
    wanted = normalise(quote).strip()
    if not isinstance(blocks, Haystack):
        blocks = Haystack(blocks)
    occurrences = _occurrences(blocks, wanted)
    if not occurrences:
        return _not_found(blocks, wanted)
    before = normalise(prefix).strip() if prefix else ""
    after = normalise(suffix).strip() if suffix else ""
    fitting = [m for m in occurrences if _fits(blocks[m.block], m, before, after)]
    if len(fitting) == 1:
        return fitting[0]
    if not fitting:
        where = ", ".join(f"¶{m.block + 1}" for m in occurrences[:MAX_LISTED])
        where += f" and {len(occurrences) - MAX_LISTED} more" if len(occurrences) > MAX_LISTED else ""
        context = " and ".join(f"{name} {value!r}" for name, value in
                               (("prefix", before), ("suffix", after)) if value)
        return Failure("context", f"quote found ({where}) but not with {context} right against "
                       "it in the same block; fix the prefix/suffix or remove them",
                       occurrences=tuple(occurrences))
    return Failure("ambiguous", _ambiguous_message(blocks, fitting), occurrences=tuple(fitting))


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
    lines = [f"quote matches {len(occurrences)} places; make it unique with 'prefix:' or 'suffix:'"]
    for match in occurrences[:MAX_LISTED]:
        block = blocks[match.block]
        hint = _distinguishing_context(blocks, occurrences, match)
        lines.append(f"  ¶{match.block + 1}: …{block[max(0, match.start - 30):match.end + 30]}… "
                     f"-> {hint}")
    if len(occurrences) > MAX_LISTED:
        lines.append(f"  … and {len(occurrences) - MAX_LISTED} more")
    return "\n".join(lines)


def _distinguishing_context(blocks: Sequence[str], occurrences: Sequence[Match], match: Match) -> str:
    """The fewest words before (or after) this occurrence that no other occurrence shares."""
    def words_before(m: Match, n: int) -> str:
        return " ".join(blocks[m.block][: m.start].split()[-n:]) if n else ""

    def words_after(m: Match, n: int) -> str:
        return " ".join(blocks[m.block][m.end:].split()[:n])

    others = [m for m in occurrences if m != match]
    for n in range(1, 9):
        before = words_before(match, n)
        if before and all(not blocks[o.block][: o.start].rstrip().endswith(before) for o in others):
            return f"prefix: {before!r}"
        after = words_after(match, n)
        if after and all(not blocks[o.block][o.end:].lstrip().startswith(after) for o in others):
            return f"suffix: {after!r}"
    return "no nearby words tell it apart; quote more of the sentence"


def _not_found(blocks: Sequence[str], wanted: str) -> Failure:
    longest = max((len(block) for block in blocks), default=0)
    if longest and len(wanted) > 2 * longest:
        # No passage could be DRIFT_SIMILARITY alike, and difflib's time grows with the product
        # of the lengths: a megabyte-long quote must not stall the build.
        return Failure("not-found", f"quote not found: at {len(wanted):,} characters it is longer "
                       f"than any block of the page (the longest has {longest:,}), and a quote lies "
                       "within one block")
    closest = closest_passage(blocks, wanted)
    markdown_free = _strip_markdown(wanted)
    if markdown_free != wanted and any(markdown_free in block for block in blocks):
        return Failure("markdown", f"quote is written in Markdown; write the text as readers see "
                       f"it: {markdown_free!r}", closest)
    if closest is None:
        if any(block.strip() for block in blocks):
            return Failure("not-found", "quote not found, and no passage of the page has a character "
                           "in common with it")
        return Failure("not-found", "quote not found, and the page has no text to compare it with")
    location = f"¶{closest.block + 1}"
    if closest.similarity >= DRIFT_SIMILARITY:
        return Failure("drift", f"quote not found exactly; the text seems to have changed under it "
                       f"(drift). Closest passage, {location} ({_percent(closest.similarity)} similar): "
                       f"{closest.passage!r}; difference: {describe_difference(wanted, closest.passage)}",
                       closest)
    return Failure("not-found", f"quote not found; closest passage, {location} "
                   f"({_percent(closest.similarity)} similar): {closest.passage!r}", closest)


def _percent(similarity: float) -> str:
    """Rounded, but never up to 100 %: a passage one character in three hundred away is 99 %."""
    percent = round(similarity * 100)
    return f"{min(percent, 99) if similarity < 1 else percent}%"


_MARKDOWN = re.compile(r"\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])|`|!?\[([^\[\]]*)\]\([^()]*\)")
"""Bold, emphasis, code and links. A link's text stops at the next `[`, its target at the next `(`:
with `[^]]*`, every `[` of a quote holding 100,000 of them and no `]` was matched to the end of the
quote (minutes)."""


def _strip_markdown(text: str) -> str:
    return _MARKDOWN.sub(lambda m: m.group(1) or "", text)


def closest_passage(blocks: Sequence[str], wanted: str) -> Closest | None:
    """The block stretch most like `wanted` (difflib; only runs when the exact match failed)."""
    import difflib  # here: a build whose quotes all match never loads it
    best: Closest | None = None
    for index, block in enumerate(blocks):
        if not block.strip():
            continue
        shortest = min(len(block), len(wanted))
        if best is not None and 2 * shortest / (shortest + len(wanted)) <= best.similarity:
            continue  # even the best passage this block could hold would not be closer
        matcher = difflib.SequenceMatcher(None, block, wanted, autojunk=False)
        pieces = [p for p in matcher.get_matching_blocks() if p.size]
        if not pieces:
            continue
        start = max(0, pieces[0].a - pieces[0].b)
        end = min(len(block), pieces[-1].a + pieces[-1].size + (len(wanted) - pieces[-1].b - pieces[-1].size))
        start, end = _widen_to_words(block, start, end)
        passage = block[start:end].strip()
        similarity = difflib.SequenceMatcher(None, passage, wanted, autojunk=False).ratio()
        if best is None or similarity > best.similarity:
            best = Closest(index, passage, similarity)
    return best


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def describe_difference(wanted: str, found: str) -> str:
    """Word-level edits from the quote to the passage, e.g. `'two' -> '2'`."""
    import difflib
    a, b = wanted.split(), found.split()
    edits = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace":
            edits.append(f"{' '.join(a[i1:i2])!r} -> {' '.join(b[j1:j2])!r}")
        elif op == "delete":
            edits.append(f"{' '.join(a[i1:i2])!r} is gone")
        elif op == "insert":
            edits.append(f"{' '.join(b[j1:j2])!r} added")
    return "; ".join(edits) if edits else "white space or punctuation only"


def raw_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """The stretch of `text` behind normalised characters [start, end), given the offsets from
    `normalise_with_offsets(text)`: the last normalised character may stand for several raw ones
    (a run of dashes), and the span takes all of them, but never the white space after them."""
    raw_start, raw_end = origin[start], origin[end - 1] + 1
    while raw_end < len(text) and origin[end] > raw_end and not text[raw_end].isspace():
        raw_end += 1
    return raw_start, raw_end
