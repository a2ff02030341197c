"""The rules of an annotation's front matter (SPEC §2) and of a page's provenance keys (SPEC §1),
each written once, with the words editors see.

`files.py` checks files against them, `schema.py` states them as a JSON Schema for editors' tools,
and the CLI and the importer take them from here. Every value is text (`frontmatter` reads every
YAML scalar as a string); each key's rule says which text it takes.

Patterns use ASCII classes only (`\\d` would take other scripts' digits, and IGNORECASE would take
'ſ' for 's'), so that they mean the same to Python's `re` and, through `ecma()`, to ECMA-262, the
language of JSON Schema's patterns.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Collection, Container, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from .anchor import normalise
from .model import Kind, line_at, quoted


def _whole(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern + r"\Z")


def ecma(pattern: re.Pattern[str]) -> str:
    """A pattern of this module as ECMA-262 writes it: `$` there, as in Python, would also match
    before a final newline."""
    return "^" + pattern.pattern.removesuffix(r"\Z") + r"(?!\n)$"


ID_PATTERN = _whole(r"[a-z0-9][a-z0-9-]*")
"""An annotation's id: its file's name without `.md`."""
WINDOWS_DEVICE_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                                  *(f"lpt{n}" for n in range(10))})
"""Names Windows keeps for devices, whatever the extension: a repository holding `con.md` cannot
be checked out there."""
UNANCHORED = "unanchored"
"""The name of the section of cards not placed, whose id is a card's (`glossa-unanchored`)."""
RESERVED_IDS = frozenset({UNANCHORED}) | WINDOWS_DEVICE_NAMES
"""Annotation ids that would collide with Glossa's own ids (the unplaced section's), or that no
file can have on Windows."""
HTTP_URL = _whole(r"[Hh][Tt][Tt][Pp][Ss]?://[^\s/$.?#\[\]][^\s/?#\[\]]*([/?#]\S*)?")
"""A web page's address: http or https, a host, no white space. No `[` or `]` before the path:
an IPv6 host is no source's, and `https://[www.example.org` stopped the build (`is_http_url`)."""
FULL_DATE = _whole(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
YEAR_OR_MONTH = _whole(r"(?!0000)[0-9]{4}(-(0[1-9]|1[0-2]))?")
OCCURRENCE = _whole(r"[1-9][0-9]{0,5}")
LANGUAGE_TAG = _whole(r"([A-Za-z]{2,3}|[XxIi](?=-))(-[A-Za-z0-9]{1,8})*")
"""A BCP 47 tag's shape (`en`, `en-GB`, `zh-Hant-TW`, `x-private`): what `<html lang>` may be
given. Its language is two or three letters, as every registered one is: `English` or `french`,
which BCP 47's grammar allows, is a name, not a tag."""
NULL_SCALARS = frozenset({"", "~", "null", "Null", "NULL"})
"""Plain YAML scalars that mean "no value": an error for a key that is written."""
MAX_SUMMARY_CHARS = 160
MAX_ID_LENGTH = 252
"""File systems allow names of 255 bytes, `.md` included."""

VERDICT_RATINGS: dict[str, int] = {
    "false": 1,
    "inaccurate": 2,
    "misleading": 2,
    "missing-context": 4,
    "unsupported": 3,
    "imprecise": 4,
}
"""The verdicts as written in files, in the order messages list them, each with its ClaimReview
`ratingValue` on a 1 (false) to 5 (true) scale (see docs/method.md). Readers see them in the
words of `templates/partials/glossa/words.html`."""
VERDICTS = tuple(VERDICT_RATINGS)


def is_http_url(text: str) -> bool:
    """`HTTP_URL`, and an address Python can take apart: a host with a character that Unicode
    normalisation changes (`a.example／@b`) stopped the card's rendering, and no JSON Schema
    pattern can tell it (`glossa schema` accepts it)."""
    return bool(HTTP_URL.match(text)) and _splits(text)


def _splits(url: str) -> bool:
    try:
        urlsplit(url)
    except ValueError:
        return False
    return True


def is_date(text: str) -> bool:
    """YYYY-MM-DD, and a day that exists."""
    if not FULL_DATE.match(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_partial_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, as a source's date may be."""
    return bool(YEAR_OR_MONTH.match(text)) or is_date(text)


def is_language_tag(text: str) -> bool:
    return bool(LANGUAGE_TAG.match(text))


# What a value must be:
TEXT = "text"  # not blank
WORDS = "words"  # not blank once normalised: words of the page
ANY_TEXT = "any text"  # may be blank ('')
WHOLE_NUMBER = "whole number"  # OCCURRENCE
DATE = "date"  # is_date
PARTIAL_DATE = "partial date"  # is_partial_date
URL = "url"  # is_http_url
LANGUAGE = "language"  # is_language_tag
KIND = "kind"  # one of the site's kinds
VERDICT = "verdict"  # one of VERDICTS
SOURCES = "sources"  # a list of at least one source, each with a url
TEXT_VALUES = (TEXT, WORDS, ANY_TEXT)
"""Values of words, where a `#1` after a space is likely the editor's (`quote: We're #1`), not a
comment's."""


@dataclass(frozen=True)
class Rule:
    value: str
    """What the value must be (TEXT, DATE...)."""
    meaning: str
    """What the key says, for editors' tools (the schema's description)."""


KEY_RULES: dict[str, Rule] = {
    "kind": Rule(KIND, "What the annotation is"),
    "quote": Rule(WORDS, "The exact words of the page, as rendered (not its Markdown), that the "
                  "annotation is about. Absent: the whole page."),
    "prefix": Rule(WORDS, "The text right before the quote in its block, to pick one of several "
                   "occurrences."),
    "suffix": Rule(WORDS, "The text right after the quote in its block, to pick one of several "
                   "occurrences."),
    "occurrence": Rule(WHOLE_NUMBER, "When the quote, with its prefix and suffix, still matches more "
                       "than once: which match, in page order, counting from 1. A last resort."),
    "verdict": Rule(VERDICT, "For a correction: how the text is wrong."),
    "sources": Rule(SOURCES, "The evidence: at least one for the kinds that need sources."),
    "summary": Rule(TEXT, f"One line of plain text, at most {MAX_SUMMARY_CHARS} characters, saying "
                    "what the record shows: shown first on the compact card. Absent, or longer (a "
                    "warning): the body's first sentence."),
    "language": Rule(LANGUAGE, "The language its body and summary are written in (BCP 47, e.g. 'fr'), "
                     "when it is not the site's: screen readers read it in that language."),
    "author": Rule(TEXT, "Who wrote it, as shown to readers."),
    "date": Rule(DATE, "When it was written, YYYY-MM-DD."),
    "updated": Rule(DATE, "When it last changed, YYYY-MM-DD."),
}
"""The keys of an annotation's front matter, in the order editors write them."""

SOURCE_KEY_RULES: dict[str, Rule] = {
    "url": Rule(URL, "The page cited (http or https)."),
    "title": Rule(ANY_TEXT, "Its title."),
    "publisher": Rule(ANY_TEXT, "Who published this page."),
    "original": Rule(ANY_TEXT, "The outlet whose reporting the page carries, when it is a mirror or "
                     "a summary."),
    "date": Rule(PARTIAL_DATE, "Its date: YYYY, YYYY-MM or YYYY-MM-DD."),
    "archive": Rule(URL, "An archived copy's URL."),
}
"""The keys of a source; `url` is required."""

PROVENANCE_KEY_RULES: dict[str, str] = {
    "author": ANY_TEXT, "publisher": ANY_TEXT, "published": PARTIAL_DATE, "source_url": URL,
    "language": LANGUAGE, "translated_from": ANY_TEXT, "original_author": ANY_TEXT,
    "original_url": URL, "original_published": PARTIAL_DATE,
}
"""A page's provenance keys in its front matter (SPEC §1), each with what its value must be."""

WITH_QUOTE = ("prefix", "suffix", "occurrence")
"""Keys that pick among the places a quote appears: without `quote` they would be ignored."""

KEYS = tuple(KEY_RULES)
SOURCE_KEYS = tuple(SOURCE_KEY_RULES)


def value_problem(value: str, name: str, text: str, needed: str | None = None,
                  kinds: Collection[str] = ()) -> str | None:
    """What is wrong with `text` as a `value` (TEXT, DATE...), named `name` (`'date'`, `source
    'url'`, `--prefix`) in the message; None if nothing. `needed`: what a blank value must be
    instead, for a key the annotation cannot do without (`needed_values`). `kinds`: the site's
    kinds, one of which a KIND must be."""
    if value in (DATE, PARTIAL_DATE) and FULL_DATE.match(text) and not is_date(text):
        return (f"{name} must be a day of the calendar, and {quoted(text)} is not one: check its "
                "year, month and day")
    if value == DATE and not is_date(text):
        return f"{name} must be a date as YYYY-MM-DD, not {quoted(clip(text))}{_date_hint(text)}"
    if value == PARTIAL_DATE and not is_partial_date(text):
        return f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD, not {quoted(clip(text))}{_date_hint(text)}"
    if value == URL and not is_http_url(text):
        return f"{name} must be an http:// or https:// URL{_url_hint(text)}, not {quoted(clip(text))}"
    if value == URL and "@" in text and (user := urlsplit(text).netloc.rpartition("@")[0]):
        what = "a user name and password" if user.partition(":")[2] else "a user name (or a token)"
        return (f"{name} holds {what} ({quoted(clip(user))}), which every reader would see: take "
                "it out, up to the '@'")
    if value == LANGUAGE and not is_language_tag(text):
        return f"{name} must be a language tag such as 'en' or 'en-GB', not {quoted(clip(text))}"
    if value == WHOLE_NUMBER and not OCCURRENCE.match(text):
        return (f"{name} must be a whole number from 1 (which match, in page order), "
                f"not {quoted(clip(text))}")
    if value in (TEXT, WORDS, KIND, VERDICT) and (
            not text.strip() or (value == WORDS and not normalise(text).strip())):  # zero-width only
        if needed is not None:
            return f"{name} is blank; give {needed}"
        what = "the exact words of the text" if value == WORDS else "a value"
        leave_out = f"leave out {name}" if name.startswith("--") else "remove the key"  # glossa new's
        return f"{name} is blank; give {what}, or {leave_out}"
    if value == KIND and text not in kinds:
        return _named(name, unknown_kind(text, kinds))
    if value == VERDICT and text not in VERDICTS:
        return _named(name, unknown_verdict(text))
    return None


def _named(name: str, message: str) -> str:
    """A message that names no key (a file's line says which), naming `glossa new`'s option."""
    return f"{name}: {message}" if name.startswith("--") else message


_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_YEAR_MONTH_DAY = re.compile(r"([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_WITH_TIME = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?"
                        r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?")
_NAMED_DATE = re.compile(r"(?:([0-9]{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?|([A-Za-z]+)\.?\s+([0-9]{1,2})"
                         r"(?:st|nd|rd|th)?),?\s+([0-9]{4})")


def _named_date(text: str) -> str | None:
    """`12 May 2026` or `May 12, 2026` (a month's name or its first three letters) as YYYY-MM-DD,
    if it is a day of the calendar."""
    written = _NAMED_DATE.fullmatch(text.strip())
    if written is None:
        return None
    day, name = (written[1], written[2]) if written[1] else (written[4], written[3])
    month = next((number for number, month in enumerate(_MONTHS, start=1)
                  if len(name) >= 3 and month.lower().startswith(name.lower())), None)
    iso = f"{written[5]}-{month:02}-{int(day):02}" if month else ""
    return iso if month and is_date(iso) else None


def _date_hint(text: str) -> str:
    """A date written as 12/05/2026 or 5.12.2026, in the order YYYY-MM-DD wants: each reading of
    it that is a day of the calendar, since which is the day and which the month cannot be told.
    A date with its time, or its month by name (`12 May 2026`, `May 12, 2026`), has one."""
    if (timed := _WITH_TIME.fullmatch(text.strip())) and is_date(timed[1]):
        return f": write {timed[1]}, the day without its time"
    if named := _named_date(text):
        return f": write {named}"
    if written := _YEAR_MONTH_DAY.fullmatch(text.strip()):
        year, month, day = (int(part) for part in written.groups())
        orders = [(day, month)]
    elif written := _DAY_MONTH_YEAR.fullmatch(text.strip()):
        first, second, year = (int(part) for part in written.groups())
        orders = list(dict.fromkeys([(first, second), (second, first)]))
    else:
        return ""
    readings = [f"{year:04}-{month:02}-{day:02} for {day} {_MONTHS[month - 1]}"
                for day, month in orders if is_date(f"{year:04}-{month:02}-{day:02}")]
    return f": write {' or '.join(readings)}" if readings else ""


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_HOST_FIRST = re.compile(r"(www\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/|\Z)")


def _url_hint(text: str) -> str:
    """What keeps an address that looks like one from being read as one; "" for anything else."""
    core = text.strip()
    if core != text and (HTTP_URL.match(core) or _HOST_FIRST.match(core)):
        return " (take out the white space at its start or end)"
    if re.match(r"[Hh][Tt][Tt][Pp][Ss]?:", core) and any(c.isspace() for c in core):
        return " with no white space in it (write a space within an address as %20)"
    if (scheme := re.match(r"([Hh][Tt][Tt][Pp][Ss]?):/?(?!/)", text)) is not None:
        return f" (two '/' after '{scheme[1]}:')"
    if (authority := re.match(r"[Hh][Tt][Tt][Pp][Ss]?://([^/?#]*)", text)) is not None:
        if "[" in authority[1] or "]" in authority[1]:
            return " (its host, after '//', cannot hold '[' or ']': look for a stray one)"
        if not _splits(text):
            return " (its host, after '//', holds a character a host cannot have)"
    if not _SCHEME.match(text) and _HOST_FIRST.match(text) and not any(c.isspace() for c in text):
        return " (add 'https://' before it)"
    return ""


_HOST_THEN_PATH = re.compile(r"(?:www\.[^/]+|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|org|net|gov|edu|int|"
                             r"mil|info|io|co|ai|app|dev|news|eu|uk|us|ca|au|de|fr|nl|ch|it|es|se|jp|in))"
                             r"(?:/|\Z)", re.IGNORECASE)
"""A host, then a path: with the common top-level domains alone, since a body's link may be a
folder with a dot in its name (`node.js/setup.md`), where a source's url (`_HOST_FIRST`) is
always meant as a web address."""


def body_link_hint(link: str) -> str:
    """What a body's link MkDocs read as a page's path may have meant: 'nps.gov/caha', a web
    address without its 'https://'; "" for anything else."""
    return f"A web address needs 'https://' before it: 'https://{link}'. " \
        if _HOST_THEN_PATH.match(link) else ""


_MARKUP = re.compile(r"<[A-Za-z/!][^<>]*>|\*\*|__|`|\]\(|&[#A-Za-z0-9]+;|^\s*[#>-] ")
"""What a summary written as Markdown or HTML would show as typed: tags, bold, code, links,
entities, a heading or list marker."""


def summary_problem(summary: str) -> str | None:
    """What keeps a `summary` from being shown (the card shows the body's first sentence then,
    and the build warns), and what to do; None if it can be shown."""
    if "\n" in summary.strip():
        return "'summary' holds a line break; write one line of plain text"
    if len(summary.strip()) > MAX_SUMMARY_CHARS:
        return (f"'summary' has {len(summary.strip())} characters; keep it to {MAX_SUMMARY_CHARS} "
                "(say what the record shows, and leave the rest to the body)")
    if _MARKUP.search(summary):
        return "'summary' holds markup; write plain text (it is shown as typed)"
    return None


_WHOLE_LETTERS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d",
                                "ð": "d", "þ": "th", "ı": "i", "'": "", "’": ""})
"""Lower-case letters NFKD does not take apart into an ASCII letter and accents, as they are
commonly written in ASCII: without them 'Straßenfest' made 'straenfest'. An apostrophe joins
the word it is in: 'It's' made 'it-s'."""


def id_words(text: str) -> list[str]:
    """The words of `text` an id can hold: lower-case ASCII letters and digits (é -> e, ß -> ss)."""
    plain = unicodedata.normalize("NFKD", text.lower().translate(_WHOLE_LETTERS))
    return re.findall(r"[a-z0-9]+", plain.encode("ascii", "ignore").decode("ascii"))


def id_from_words(text: str, limit: int = MAX_ID_LENGTH) -> str:
    """An id of the words of `text`, joined by hyphens: as many whole words as fit in `limit`
    characters (a first word longer than that is cut), "" when it has none. 'Chief Scientist
    Ilya…' -> 'chief-scientist-ilya-…'. Reserved or taken, it is the caller's to number
    (`free_id`)."""
    id = ""
    for word in id_words(text):
        longer = f"{id}-{word}" if id else word[:limit]
        if len(longer) > limit:
            break
        id = longer
    return id


def suggest_id(stem: str) -> str:
    """The nearest valid id for a file stem or some words."""
    return id_from_words(stem) or "annotation"


def free_id(wanted: str, taken: Container[str]) -> str:
    """`wanted`, or else `wanted-2`, `wanted-3`...: the first id neither reserved nor `taken`
    (`taken_ids`), for an id Glossa made rather than one an editor chose."""
    candidate, number = wanted, 1
    while candidate.lower() in taken or candidate in RESERVED_IDS:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def invalid_id(id: str, file_name: bool = False, taken: Collection[str] = ()) -> str:
    """`file_name`: the id is a file's name, so the example is one too; `taken`, the names
    (lower-case, without '.md') beside it in its folder, its own among them, which the example is
    not: 'Upper-Case.md' alone may become 'upper-case.md'."""
    example = free_id(suggest_id(id), set(taken) - {id.lower()})
    return (f"'{id}' is not a valid id: use lower-case letters, digits and hyphens, e.g. "
            f"'{example}{'.md' if file_name else ''}'")


def reserved_id(id: str) -> str:
    """Why `id` (in RESERVED_IDS) cannot be used."""
    if id in WINDOWS_DEVICE_NAMES:
        return (f"'{id}' is a reserved id: Windows keeps the name for a device, so '{id}.md' "
                "cannot exist there")
    return f"'{id}' is a reserved id"


def id_problem(id: str, option: str | None = None, taken: Collection[str] = ()) -> str | None:
    """What keeps `id` from being an annotation's id, and what to do; None if nothing. `option`:
    the command line's option that gave it (`--id`); else the id is a file's name, among `taken`."""
    if not ID_PATTERN.match(id):
        return invalid_id(id, file_name=option is None, taken=taken)
    if len(id) > MAX_ID_LENGTH:
        return (f"the id has {len(id)} characters; file systems take names of up to 255, so an id "
                f"has at most {MAX_ID_LENGTH} (with '.md'): "
                f"{f'give a shorter {option}' if option else 'rename the file'}")
    if id in RESERVED_IDS:
        return f"{reserved_id(id)}; {f'give another with {option}' if option else 'rename the file'}"
    return None


def unavailable_id(id: str, instead: str) -> str:
    """An id Glossa made for an annotation (`glossa new`, `glossa import`) that it cannot use."""
    why = "reserved" if id in RESERVED_IDS else "taken on this page"
    return f"the id '{id}' is {why}; using '{instead}'"


def not_text(name: str, value: object) -> str:
    """A value that YAML read as a list or a mapping (or, in a page's front matter, a number)."""
    if isinstance(value, bool):  # `language: no`: YAML 1.1, as MkDocs reads it, says false
        return f"{name} must be text, not {value!r} as YAML reads it: write it in quotes"
    if isinstance(value, list | dict):
        shape, mark = ("a list", "[") if isinstance(value, list) else ("a mapping", "{")
        return (f"{name} must be text, not {shape}; if it is words that start with '{mark}', put "
                "the whole value in quotes")
    return f"{name} must be text, not {value!r}"


def no_value(name: str, needed: str | None = None) -> str:
    """`needed`: what the key asks for, when the annotation cannot do without it (removing the key
    would only bring another message)."""
    if needed is not None:
        return f"{name} has no value; give {needed}"
    return f"{name} has no value; give one or remove the key"


SOURCE_URL_NEEDED = "the address of the page, http:// or https://"


def cut_by_comment(name: str, value: str) -> str:
    return (f"{name} is read as {quoted(clip(value))}: YAML takes ' #' and what follows it for a comment. "
            "If the '#' belongs to the value, put the whole value in double quotes; if it is a "
            "comment, give it a line of its own")


EMPTY_FILE = "the file is empty; start it with front matter between '---' lines (at least 'kind:')"
NO_FRONT_MATTER = ("the file must start with front matter: a line '---', then 'kind: ...' and the "
                   "other keys, then a closing '---'")
UNCLOSED_FRONT_MATTER = "the front matter is not closed: add a line '---' after its last key"
_NEAR_CLOSER = re.compile(r"(?:-{2}|-{4,}|-(?: ?-){2}|—|–-?|\.{2}|\.{4,})\s*")
"""Not indented: an indented `--` is a line of a value (`quote: |`)."""


def near_closing_line(lines: list[str]) -> tuple[int, str] | None:
    """In front matter that no line closes, or that a rule of the body (`---`) seems to close: a
    line meant to close it and mistyped (`--`, `----`, `- - -`, the dash a word processor made of
    `---`), and the message saying so; its line counts from 1."""
    for number, line in enumerate(lines[1:], start=2):
        if _NEAR_CLOSER.fullmatch(line):
            return number, (f"the front matter is not closed where this line, "
                            f"{quoted(line.strip())}, stands: it should be exactly '---'")
    return None
MERGE_CONFLICT = ("an unresolved merge conflict: keep the lines that should stay, then delete the "
                  "lines '<<<<<<<', '=======' and '>>>>>>>' that git added around both versions")
_CONFLICT_MARKER = re.compile(r"^<{7}(?: |$)", re.MULTILINE)


def merge_conflict_line(text: str) -> int | None:
    """The line (1-based) where git marks the start of a conflict it left in `text`, if any."""
    found = _CONFLICT_MARKER.search(text) if "<<<<<<<" in text else None
    return line_at(text, found.start()) if found else None


def empty_front_matter(kinds: Iterable[str]) -> str:
    return f"the front matter is empty; it needs at least 'kind:' (one of {', '.join(kinds)})"


NOT_KEY_VALUE = "the front matter must be 'key: value' lines"
_GLUED_KEY = re.compile(r"(\s*(?:-\s+)?[A-Za-z_][\w-]*):(?=[^\s/]|[^\S \t\r\n])(.*)")
_NOT_YAML_SPACE = re.compile(r"[^\S \t\r\n]+")
"""White space that YAML takes for a character of the text: a no-break space pasted from a web
page or a word processor, say."""


def glued_key(line: str) -> str | None:
    """How to fix `kind:note` or `kind:\u00a0note` (a no-break space), which YAML reads as text,
    not as a key and its value: the line with a space after the colon. None for any other line,
    and for words that are no key of an annotation (`Warning:the figure`, `- mailto:x@e.org`)."""
    glued = _GLUED_KEY.fullmatch(line.rstrip(" \t"))  # not a no-break space: it may be the fault
    if glued is None or glued[1].strip(" -") not in (*KEYS, *SOURCE_KEYS) or _GLUED_KEY.search(glued[2]):
        return None
    odd = _NOT_YAML_SPACE.match(glued[2])
    if odd:
        rest = glued[2][odd.end():]
        fix = f"type a plain space: '{glued[1].strip()}: {rest}'" if rest else \
            f"delete it: '{glued[1].strip()}:'"
        return (f"the space after '{glued[1].strip(' -')}:' is "
                f"{with_article(unicodedata.name(odd[0][0]).lower())} "
                f"(U+{ord(odd[0][0]):04X}), which YAML reads as text, not as the space after a key: {fix}")
    return (f"'{line.strip()}' needs a space after the colon to be a key and its value: "
            f"'{glued[1].strip()}: {glued[2]}'")


def missing_kind(kinds: Iterable[str]) -> str:
    return f"missing key 'kind': one of {', '.join(kinds)}"


def unknown_key(key: str) -> str:
    if key == "url":
        return "unknown key 'url': a source's address goes in the list under 'sources:', as '- url: …'"
    if key in SOURCE_KEYS:  # `title:` at the start of the line, under `sources:`
        return (f"unknown key {quoted(key)}: it is a source's key, so indent it as far as its "
                "source's 'url:', under 'sources:'")
    odd = next((c for c in key if c.isspace() and c != " "), None)
    if odd is not None:  # pasted: a no-break space looks like indentation, and is a key's text
        name = unicodedata.name(odd, "") or ("tab" if odd == "\t" else "control character")
        return (f"unknown key {quoted(key)}: it holds {with_article(name.lower())} "
                f"(U+{ord(odd):04X}), which YAML reads as text, not as a space: write plain spaces")
    return f"unknown key {quoted(key)}{did_you_mean(key, KEYS)}; allowed keys: {', '.join(KEYS)}"


SOURCES_NOT_A_LIST = "'sources' must be a list with at least one entry: '- url: https://...'"
SOURCE_NOT_A_MAPPING = ("each source must be a mapping with 'url:' (and optionally "
                        f"{', '.join(SOURCE_KEYS[1:])})")
SOURCE_WITHOUT_URL = "a source needs 'url:' (http or https)"
SOURCE_SPLIT = ("; if its keys belong to the source above, take out the '- ' before them, which "
                "starts a new source")


def source_key(url: str) -> tuple[str, str, str, str, str]:
    """A source's address as two sources are compared by: not the case of the scheme and host,
    nor a slash at the path's end (`https://E.org/a/` is `https://e.org/a`)."""
    parts = urlsplit(url)
    return (parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"), parts.query,
            parts.fragment)


def repeated_source(earlier: int, url: str, written_there: str) -> str:
    there = "" if written_there == url else f", written {quoted(clip(written_there))} there"
    return (f"this source's url is source {earlier}'s too ({quoted(clip(url))}{there}): give each "
            "source once, with what it supports in one entry")


def updated_before_date(updated: str, date: str) -> str:
    return (f"'updated' ({updated}) is earlier than 'date' ({date}): the annotation cannot change "
            "before it was written; check both dates")


def unknown_source_key(key: str) -> str:
    return (f"unknown source key {quoted(key)}{did_you_mean(key, SOURCE_KEYS)}; "
            f"allowed: {', '.join(SOURCE_KEYS)}")


def unknown_kind(name: str, kinds: Iterable[str]) -> str:
    kinds = list(kinds)
    meant = did_you_mean(name, kinds)
    declare = "" if meant else (" (a new kind is declared under glossa's 'kinds:' in mkdocs.yml, "
                                "or zensical.toml under Zensical)")
    return f"unknown kind {quoted(name)}{meant}; allowed kinds: {', '.join(kinds)}{declare}"


def unknown_verdict(verdict: str) -> str:
    return (f"unknown verdict {quoted(verdict)}{did_you_mean(verdict, VERDICTS)}; "
            f"allowed verdicts: {', '.join(VERDICTS)}")


REQUIREMENTS = {
    "verdict": f"one of {', '.join(VERDICTS)}",
    "sources": "a list with at least one '- url: https://...'",
    "author": "who wrote it, as shown to readers",
}
"""The keys a kind may require (`Kind.needs_verdict`...), each with what the message asks for."""


def required_keys(kind: Kind) -> list[str]:
    """The keys `kind` requires, in REQUIREMENTS' order (its body is checked apart)."""
    needed = {"verdict": kind.needs_verdict, "sources": kind.needs_sources, "author": kind.needs_author}
    return [key for key in REQUIREMENTS if needed[key]]


def needed_values(kind: Kind | None, kinds: Iterable[str]) -> dict[str, str]:
    """What the keys an annotation cannot do without (its kind, and what `kind` requires) must be
    given, for `value_problem`'s message of a blank value."""
    needed = {key: REQUIREMENTS[key] for key in required_keys(kind)} if kind is not None else {}
    needed["kind"] = f"one of {', '.join(kinds)}"
    return needed


def missing_key(key: str, kind: Kind) -> str:
    return f"missing key '{key}' for {with_article(kind.name)}: {REQUIREMENTS[key]}"


def keys_problems(keys: Collection[str], kind: Kind | None,
                  option: Callable[[str], str | None] = lambda key: None) -> list[tuple[str, str]]:
    """The rules between an annotation's keys, each broken one as (its key, the message): the keys
    that pick among a quote's places need a quote, and only a kind that requires a verdict may
    have one (`kind`: None while it is not known). `option`: the command line's option that gave
    a key (`glossa new`), or None where a file wrote it."""
    found = []
    if "quote" not in keys:
        found += [(key, without_quote(key, option(key))) for key in WITH_QUOTE if key in keys]
    if kind is not None and not kind.needs_verdict and "verdict" in keys:
        found.append(("verdict", needless_verdict(kind, option("verdict"))))
    return found


def without_quote(key: str, option: str | None = None) -> str:
    """`option`: the command line's option that gave `key` (`--prefix`); else a file wrote it."""
    if option is not None:
        return (f"{option} picks among the places the quote appears, but there is no quote: give "
                f"the words the annotation is about, or leave out {option}")
    return (f"'{key}' picks among the places the quote appears, but there is no 'quote': add the "
            f"words the annotation is about, or remove '{key}'")


def needless_verdict(kind: Kind, option: str | None = None) -> str:
    """Only a kind that requires a verdict may have one. `option`: as `without_quote`'s."""
    if option is not None:
        return (f"{option}: {with_article(kind.name)} has no verdict; leave out {option}, or give "
                "--kind correction")
    return f"{with_article(kind.name)} has no verdict; remove 'verdict' or make the annotation a correction"


def empty_body(kind: Kind, only_comments: bool = False) -> str:
    what = "holds only a comment, which readers do not see" if only_comments else "is empty"
    return f"the body {what}: {with_article(kind.name)} needs text after the closing '---'"


def body_shows_nothing(kind: Kind) -> str:
    return (f"the body shows readers nothing once its HTML is sanitised (comments, scripts and "
            f"elements cards do not show are taken out): {with_article(kind.name)} needs text")


_SOUNDS_LIKE_A_CONSONANT = ("one-", "one ", "once", "eu", "uni", "use", "usu", "uti", "ura", "uri", "uro")
_SOUNDS_LIKE_A_VOWEL = ("hour", "honest", "honour", "honor", "heir")


def with_article(noun: str) -> str:
    """'a note', 'an update', 'a user-note', 'a one-liner', 'an hourly': English's rule, from the
    sound of the first letters."""
    lowered = noun.lower()
    vowel = ((lowered[:1] in "aeiou" and not lowered.startswith(_SOUNDS_LIKE_A_CONSONANT))
             or lowered.startswith(_SOUNDS_LIKE_A_VOWEL))
    return f"{'an' if vowel else 'a'} {noun}"


def did_you_mean(word: str, choices: Iterable[str], count: int = 1) -> str:
    """' (did you mean 'x'?)', or '' when no choice is close."""
    return suggested(closest(word, choices, count))


def suggested(names: Sequence[str]) -> str:
    """' (did you mean 'x', 'y'?)' for `names`, or '' for none: the one way a message says it."""
    return f" (did you mean {', '.join(map(quoted, names))}?)" if names else ""


def closest(word: str, choices: Iterable[str], count: int = 1, cutoff: float = 0.6) -> list[str]:
    """The choices `word` is likely a misspelling of, the closest first: at most `count`, letter
    case aside ('FAQs' is like the page 'FAQ'); `cutoff`, how alike (difflib's ratio) at least."""
    import difflib  # here: only a file with a mistake needs it
    spelt = {choice.lower(): choice for choice in reversed(list(choices))}
    return [spelt[close] for close in difflib.get_close_matches(word.lower(), spelt, n=count, cutoff=cutoff)]


def clip(text: str, limit: int = 60) -> str:
    """A value as a message quotes it: long ones cut, with `…`."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
