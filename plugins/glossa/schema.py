"""The JSON Schema of an annotation's front matter: the rules of `rules.py`, for editors' tools.

The schema describes the front matter as Glossa reads it (SPEC §2): every YAML scalar is a string
(`verdict: false` is the verdict "false", `date: 2026-11-25` a date string), and only an empty,
`~` or `null` plain scalar stands for "no value" (JSON `null`). Editors' tools read YAML 1.2,
which makes `2025` a number and `false` a boolean: the schema accepts those too, where their text
is valid. What JSON Schema cannot see is left to the reader: YAML syntax, duplicate keys, anchors
and aliases, the file's size and encoding, whether the body is empty, a source given twice, an
address holding a user name or password, and an `updated` before its `date`.

Patterns are ECMA-262, as JSON Schema says: `rules.ecma()` writes each of `rules.py`'s. The package ships
the schema for the default kinds as `annotation.schema.json`; regenerate it with
`python -m glossa.schema > plugins/glossa/annotation.schema.json` (a test checks it is current),
and print a site's own, custom kinds included, with `glossa schema`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from . import rules
from .anchor import INVISIBLE
from .model import DEFAULT_KINDS, Kind
from .rules import KEY_RULES, SOURCE_KEY_RULES, VERDICTS, ecma

DIALECT = "https://json-schema.org/draft/2020-12/schema"
YAML_1_2_NOT_TEXT = ["number", "boolean"]
"""What a YAML 1.2 reader makes of plain text such as `1984`, `3.5` or `true`, which Glossa reads
as text."""


def annotation_schema(kinds: Iterable[Kind] | Mapping[str, Kind] = DEFAULT_KINDS) -> dict[str, Any]:
    """The schema for a site whose kinds are `kinds` (the defaults plus any from mkdocs.yml)."""
    kind_list = list(kinds.values()) if isinstance(kinds, Mapping) else list(kinds)
    values: dict[str, dict[str, Any]] = {
        rules.KIND: {"type": "string", "enum": [kind.name for kind in kind_list]},
        rules.TEXT: {"$ref": "#/$defs/text"},
        rules.WORDS: {"$ref": "#/$defs/words"},  # whether they are the page's: the reader says
        rules.ANY_TEXT: {"type": ["string", *YAML_1_2_NOT_TEXT]},
        # A YAML 1.2 reader, as editors' YAML tools are, reads `occurrence: 2` and a source's
        # `date: 2025` as numbers, `verdict: false` and `title: true` as booleans, where Glossa
        # reads text: each is accepted where its text would be (a number no longer shows how
        # it was written: `+2024` or `0x7E8` is a year to the schema, and refused by Glossa).
        rules.WHOLE_NUMBER: {"anyOf": [{"type": "string", "pattern": ecma(rules.OCCURRENCE)},
                                       {"type": "integer", "minimum": 1, "maximum": 999_999}]},
        rules.VERDICT: {"anyOf": [{"type": "string", "enum": list(VERDICTS)}, {"const": False}]},
        rules.SOURCES: {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/source"}},
        rules.DATE: {"$ref": "#/$defs/date"},
        rules.PARTIAL_DATE: {"$ref": "#/$defs/partial-date"},
        rules.URL: {"$ref": "#/$defs/url"},
        rules.LANGUAGE: {"type": "string", "pattern": ecma(rules.LANGUAGE_TAG)},
    }
    described = ", ".join(f"{kind.name}{_needs(kind)}" for kind in kind_list)

    def properties(key_rules: Mapping[str, rules.Rule]) -> dict[str, Any]:
        return {key: {**values[rule.value], "description": f"{rule.meaning}: {described}."
                      if rule.value == rules.KIND else rule.meaning}
                for key, rule in key_rules.items()}

    return {
        "$schema": DIALECT,
        "title": "Glossa annotation front matter",
        "description": "The YAML front matter of annotations/<page>/<id>.md, every value read as a "
                       "string, as Glossa reads it (what a YAML 1.2 reader makes a number or a "
                       "boolean is accepted too, where its text is). See plugins/glossa/EDITING.md.",
        "type": "object",
        "properties": properties(KEY_RULES),
        "required": ["kind"],
        "dependentRequired": {key: ["quote"] for key in rules.WITH_QUOTE},
        "additionalProperties": False,
        "allOf": [_rules_for(kind) for kind in kind_list],
        "$defs": {
            "text": {"anyOf": [{"type": "string", "pattern": r"\S"}, {"type": YAML_1_2_NOT_TEXT}]},
            "words": {"anyOf": [{"type": "string", "pattern": "[^\\s" + "".join(
                f"\\u{ord(c):04x}" for c in INVISIBLE) + "]"},  # not only what anchoring drops
                {"type": YAML_1_2_NOT_TEXT}]},
            "date": {"type": "string", "pattern": ecma(rules.FULL_DATE), "format": "date"},
            "partial-date": {"anyOf": [
                {"type": "string", "pattern": ecma(rules.YEAR_OR_MONTH)},
                {"type": "string", "pattern": ecma(rules.FULL_DATE), "format": "date"},
                {"type": "integer", "minimum": 1000, "maximum": 9999},  # a year, to YAML 1.2
            ]},
            "url": {"type": "string", "pattern": ecma(rules.HTTP_URL)},
            "source": {
                "type": "object",
                "properties": properties(SOURCE_KEY_RULES),
                "required": ["url"],
                "additionalProperties": False,
            },
        },
    }


def _needs(kind: Kind) -> str:
    needed = rules.required_keys(kind)
    return f" (needs {' and '.join(needed)})" if needed else ""


def _rules_for(kind: Kind) -> dict[str, Any]:
    """What a kind requires (and forbids): `if kind is X then ...`."""
    then: dict[str, Any] = {}
    required = rules.required_keys(kind)
    if required:
        then["required"] = required
    if not kind.needs_verdict:
        then["not"] = {"required": ["verdict"]}
    return {"if": {"properties": {"kind": {"const": kind.name}}, "required": ["kind"]}, "then": then}


def schema_json(kinds: Iterable[Kind] | Mapping[str, Kind] = DEFAULT_KINDS) -> str:
    """The schema as the text shipped and printed: stable key order, two-space indent."""
    return json.dumps(annotation_schema(kinds), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(schema_json(), end="")
