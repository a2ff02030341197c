"""Quotation marks and the punctuation around quoted words, named once for the modules that find,
trim, place and show quotes (`anchor`, `page`, `blocks`, `render`)."""

QUOTATION_PAIRS = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201c", "\u00ab": "\u00bb",
                   "'": "'", "\u2018": "\u2019", "\u201a": "\u2018", "\u2039": "\u203a"}
"""Each opening quotation mark and the one that closes it: English “…” and ‘…’, German „…“ and
‚…‘ (which close with the marks English opens with), French «…» and ‹…›."""

OPENING_QUOTES = "".join(QUOTATION_PAIRS)
CLOSING_QUOTES = "".join(dict.fromkeys(QUOTATION_PAIRS.values()))

SENTENCE_MARKS = ".,;:!?\u2026"
"""What ends a clause or a sentence, before or after a closing quotation mark."""
