"""A card's one-line summary (SPEC §2): the `summary` key when it is usable, else the body's first
sentence, cut at a word. The compact card, the page summary's corrections and the corrections page
show it first (no engine imports)."""

from __future__ import annotations

import re
from html import unescape

from .model import Annotation
from .rules import MAX_SUMMARY_CHARS, summary_problem

TAG = re.compile(r"<[^>]*>")
"""An HTML tag, to take a fragment's text: taken out, once BLOCK_TAG's are spaces."""
BLOCK_TAG = re.compile(r"</?(?:address|blockquote|br|caption|dd|details|div|dl|dt|figcaption|figure|"
                       r"h[1-6]|hr|li|ol|p|pre|summary|table|td|tfoot|th|thead|tr|ul)\b[^>]*>")
"""A tag between words; others may fall inside a word (`H<sub>2</sub>O`, `510<sup>th</sup>`)."""
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|div|pre|td|th|dd|dt)>")
_SENTENCE_END = re.compile(r"(?<=[.!?\u061f\u0964\u3002\uff01\uff1f])"
                           r"(?:(?<=[\u3002\uff01\uff1f])(?![」』”’)\uff09])"
                           r"|(?<![\s.][A-ZÀ-ÖØ-ÞΑ-ΩА-Я]\.)(?<!\bv\.)(?<!\bvs\.)(?<!\bNo\.)(?<!\bMr\.)"
                           r"(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bInc\.)(?<!\bCo\.)(?<!\bCorp\.)"
                           r"([\"'”’)»]?)\s+(?=[\"“‘(«„¿¡]?([^\W_])))")
"""A sentence ends at `.`, `!` or `?` (or Arabic's `؟`, Devanagari's `।`), with the quotation
mark that closes on it, before a letter that is not lower case (a capital, a letter of a script
without case) or a digit, but not after an initial (`U.S.`, `J. Smith`, `А. С. Пушкин`) or a
common abbreviation (`Musk v. Altman`, `No. 4`); and at Chinese and Japanese `。！？`, which no
space follows, unless a quotation closes on it (`「明日行く。」と言った。`: the sentence goes on).
The marks are looked for first, so that the rest is looked for only after one."""
_SPACES = re.compile(r"[ \t\n\r\f]+")


def card_summary(annotation: Annotation, body_html: str) -> tuple[str, bool]:
    """The summary readers see, and whether the file gave it (False: taken from the body)."""
    given = given_summary(annotation)
    return (given, True) if given else (first_sentence(body_html), False)


def given_summary(annotation: Annotation) -> str:
    """The file's `summary` as cards show it; "" when it has none a card can show."""
    if annotation.summary and summary_problem(annotation.summary) is None:
        return " ".join(annotation.summary.split())
    return ""


def first_sentence(body_html: str) -> str:
    """The first sentence of a rendered body's first block, as plain text of at most
    MAX_SUMMARY_CHARS characters: cut at a word, with `…`."""
    first_block = _BLOCK_END.split(body_html, maxsplit=1)[0]
    text = unescape(TAG.sub("", BLOCK_TAG.sub(" ", first_block)))
    # White space as HTML reads it: a no-break space is the text's own (French: "faux !"). The
    # regular expression takes four times `split`'s time, so only where there is one to keep.
    text = _SPACES.sub(" ", text).strip() if "\xa0" in text or "\u202f" in text else " ".join(text.split())
    text = re.sub(r" (?=[.,;:!?)])", "", text)  # "<a>words</a>." leaves "words ."
    sentence = next((text[:end.start() + len(end[1] or "")] for end in _SENTENCE_END.finditer(text)
                     if not (end[2] or "").islower()), text)
    if len(sentence) <= MAX_SUMMARY_CHARS:
        return sentence
    cut = sentence[: MAX_SUMMARY_CHARS - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—") + "…"
