"""The JSON Schema of an annotation's front matter: the rules of `files.py`, for editors' tools.

The schema describes the front matter as Glossa reads it (SPEC §2): every YAML scalar is a string
(`verdict: false` is the verdict "false", `date: 2026-11-25` a date string), and only an empty,
`~` or `null` plain scalar stands for "no value" (JSON `null`). `front_matter_data()` turns the
YAML into that JSON value. What JSON Schema cannot see is left to the reader: YAML syntax,
duplicate keys, anchors and aliases, the file's size and encoding, and whether the body is empty.

Patterns are ECMA-262 (as JSON Schema says) and mean the same under Python's `re`: ASCII classes
only, and `(?!\\n)$` where Python's `$` would also match before a final newline. The package ships
the schema for the default kinds as `annotation.schema.json`; regenerate it with
`python -m glossa.schema > plugins/glossa/annotation.schema.json` (a test checks it is current),
and print a site's own, custom kinds included, with `glossa schema`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .files import KEYS, SOURCE_KEYS
from .frontmatter import Mapping as YamlMapping
from .frontmatter import Node, Scalar, Sequence
from .model import DEFAULT_KINDS, VERDICTS, Kind
from .summary import MAX_SUMMARY_CHARS

SCHEMA_FILE = Path(__file__).with_name("annotation.schema.json")
DIALECT = "https://json-schema.org/draft/2020-12/schema"

_END = r"(?!\n)$"
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*" + _END
NOT_BLANK = r"\S"
FULL_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}" + _END
YEAR_OR_MONTH = r"^(?!0000)[0-9]{4}(-(0[1-9]|1[0-2]))?" + _END
HTTP_URL = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/$.?#]\S*" + _END
NULL_SCALARS = frozenset({"", "~", "null", "Null", "NULL"})


def annotation_schema(kinds: Iterable[Kind] | Mapping[str, Kind] = DEFAULT_KINDS) -> dict[str, Any]:
    """The schema for a site whose kinds are `kinds` (the defaults plus any from mkdocs.yml)."""
    kind_list = list(kinds.values()) if isinstance(kinds, Mapping) else list(kinds)
    names = [kind.name for kind in kind_list]
    described = ", ".join(f"{kind.name}{_needs(kind)}" for kind in kind_list)
    properties: dict[str, Any] = {
        "kind": {"type": "string", "enum": names, "description": f"What the annotation is: {described}."},
        "quote": {"$ref": "#/$defs/text", "description": "The exact words of the page, as rendered "
                  "(not its Markdown), that the annotation is about. Absent: the whole page."},
        "prefix": {"$ref": "#/$defs/text", "description": "The text right before the quote in its "
                   "block, to pick one of several occurrences."},
        "suffix": {"$ref": "#/$defs/text", "description": "The text right after the quote in its "
                   "block, to pick one of several occurrences."},
        "occurrence": {"type": "string", "pattern": r"^[1-9][0-9]{0,5}" + _END,
                       "description": "When the quote, with its prefix and suffix, still matches more "
                       "than once: which match, in page order, counting from 1. A last resort."},
        "verdict": {"type": "string", "enum": list(VERDICTS),
                    "description": "For a correction: how the text is wrong."},
        "sources": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/source"},
                    "description": "The evidence: at least one for the kinds that need sources."},
        "summary": {"$ref": "#/$defs/text", "description": "One line of plain text, at most "
                    f"{MAX_SUMMARY_CHARS} characters, saying what the record shows: shown first on "
                    "the compact card. Absent, or longer (a warning): the body's first sentence."},
        "author": {"$ref": "#/$defs/text", "description": "Who wrote it, as shown to readers."},
        "date": {"$ref": "#/$defs/date", "description": "When it was written, YYYY-MM-DD."},
        "updated": {"$ref": "#/$defs/date", "description": "When it last changed, YYYY-MM-DD."},
    }
    assert list(properties) == list(KEYS), "schema and reader disagree on the keys"
    source_properties: dict[str, Any] = {
        "url": {"$ref": "#/$defs/url", "description": "The page cited (http or https)."},
        "title": {"type": "string", "description": "Its title."},
        "publisher": {"type": "string", "description": "Who published this page."},
        "original": {"type": "string", "description": "The outlet whose reporting the page carries, "
                     "when it is a mirror or a summary."},
        "date": {"$ref": "#/$defs/partial-date", "description": "Its date: YYYY, YYYY-MM or YYYY-MM-DD."},
        "archive": {"$ref": "#/$defs/url", "description": "An archived copy's URL."},
    }
    assert list(source_properties) == list(SOURCE_KEYS), "schema and reader disagree on source keys"
    return {
        "$schema": DIALECT,
        "title": "Glossa annotation front matter",
        "description": "The YAML front matter of annotations/<page>/<id>.md, every value read as a "
                       "string. See plugins/glossa/EDITING.md.",
        "type": "object",
        "properties": properties,
        "required": ["kind"],
        "additionalProperties": False,
        "allOf": [_rules_for(kind) for kind in kind_list],
        "$defs": {
            "id": {"type": "string", "pattern": ID_PATTERN, "description": "An annotation's id: its "
                   "file name without '.md' (lower-case letters, digits, hyphens)."},
            "text": {"type": "string", "pattern": NOT_BLANK},
            "date": {"type": "string", "pattern": FULL_DATE, "format": "date"},
            "partial-date": {"type": "string", "anyOf": [
                {"pattern": YEAR_OR_MONTH},
                {"pattern": FULL_DATE, "format": "date"},
            ]},
            "url": {"type": "string", "pattern": HTTP_URL},
            "source": {
                "type": "object",
                "properties": source_properties,
                "required": ["url"],
                "additionalProperties": False,
            },
        },
    }


def _needs(kind: Kind) -> str:
    needed = [key for key, flag in (("verdict", kind.needs_verdict), ("sources", kind.needs_sources),
                                    ("author", kind.needs_author)) if flag]
    return f" (needs {' and '.join(needed)})" if needed else ""


def _rules_for(kind: Kind) -> dict[str, Any]:
    """What a kind requires (and forbids): `if kind is X then ...`."""
    then: dict[str, Any] = {}
    required = [key for key, needed in (("verdict", kind.needs_verdict),
                                        ("sources", kind.needs_sources),
                                        ("author", kind.needs_author)) if needed]
    if required:
        then["required"] = required
    if not kind.needs_verdict:
        then["not"] = {"required": ["verdict"]}
    return {"if": {"properties": {"kind": {"const": kind.name}}, "required": ["kind"]}, "then": then}


def schema_json(kinds: Iterable[Kind] | Mapping[str, Kind] = DEFAULT_KINDS) -> str:
    """The schema as the text shipped and printed: stable key order, two-space indent."""
    return json.dumps(annotation_schema(kinds), indent=2, ensure_ascii=False) + "\n"


def front_matter_data(node: Node | None) -> Any:
    """Front matter nodes -> the JSON value the schema validates: strings, lists, objects, null."""
    if node is None:
        return None
    if isinstance(node, Scalar):
        return None if node.plain and node.value in NULL_SCALARS else node.value
    if isinstance(node, Sequence):
        return [front_matter_data(item) for item in node.items]
    assert isinstance(node, YamlMapping)
    return {key: front_matter_data(value) for key, (_, value) in node.items.items()}


if __name__ == "__main__":
    print(schema_json(), end="")
