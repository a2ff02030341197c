"""Reading annotation files (SPEC §1, §2): every error is `path:line: message`, lines 1-based with
the opening `---` as line 1 and the line of the offending key; a bad file is not published, every
good one is."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from glossa.files import find_annotation_files, parse_annotation, read_annotation_file
from glossa.model import DEFAULT_KINDS, Annotation, Source
from helpers import Build, annotation, build, write_project

KINDS = {kind.name: kind for kind in DEFAULT_KINDS}
PATH = "annotations/essay/claim.md"
ALLOWED_KEYS = ("kind, quote, prefix, suffix, occurrence, verdict, sources, summary, language, author, date, "
                "updated")
VERDICT_LIST = "false, inaccurate, misleading, missing-context, unsupported, imprecise"


def read(text: str | bytes) -> Annotation | list[str]:
    """Parse a file's text; problems come back as the lines an editor sees."""
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    result = parse_annotation(raw, "claim", "essay", PATH, KINDS)
    return [str(problem) for problem in result] if isinstance(result, list) else result


def read_ok(text: str | bytes) -> Annotation:
    result = read(text)
    assert isinstance(result, Annotation), result
    return result


# --- bad front matter, each with its exact message ---------------------------------------------

BAD_FILES = {
    "a prefix without a quote": (
        "---\nkind: note\nauthor: Ann\nprefix: the words before\n---\nA note.\n",
        [f"{PATH}:4: 'prefix' picks among the places the quote appears, but there is no 'quote': "
         "add the words the annotation is about, or remove 'prefix'"]),
    "unknown key, with the key that was meant": (
        "---\nkind: note\nauthor: Ann\nqoute: the words\n---\nBody.\n",
        [f"{PATH}:4: unknown key 'qoute' (did you mean 'quote'?); allowed keys: {ALLOWED_KEYS}"]),
    "unknown key, nothing close": (
        "---\nkind: note\nauthor: Ann\nflavour: vanilla\n---\nBody.\n",
        [f"{PATH}:4: unknown key 'flavour'; allowed keys: {ALLOWED_KEYS}"]),
    "a key indented with a no-break space": (  # pasted: it looks like the spaces it is not
        "---\nkind: note\nauthor: Ann\n\u00a0 flavour: vanilla\n---\nBody.\n",
        [f"{PATH}:4: unknown key '\u00a0 flavour': it holds a no-break space (U+00A0), which YAML "
         "reads as text, not as a space: write plain spaces"]),
    "a source indented with no-break spaces": (  # said once, not as an empty 'sources' too
        "---\nkind: source\nsources:\n\u00a0\u00a0- url: https://example.org/a\n---\nBody.\n",
        [f"{PATH}:4: unknown key '\u00a0\u00a0- url': it holds a no-break space (U+00A0), which YAML "
         "reads as text, not as a space: write plain spaces"]),
    "a source indented with a space and a no-break space": (  # a mapping under sources, to YAML
        "---\nkind: source\nsources:\n \u00a0- url: https://example.org/a\n---\nBody.\n",
        [f"{PATH}:4: unknown key '\u00a0- url': it holds a no-break space (U+00A0), which YAML reads as "
         "text, not as a space: write plain spaces"]),
    "a source with a no-break space after its dash": (
        "---\nkind: source\nsources:\n-\u00a0url: https://example.org/a\n---\nBody.\n",
        [f"{PATH}:4: unknown key '-\u00a0url': it holds a no-break space (U+00A0), which YAML reads as "
         "text, not as a space: write plain spaces"]),
    "a source as text, then a key behind no-break spaces": (  # both said: the first is no list
        "---\nkind: source\nsources: https://example.org/a\n\u00a0author: Ann\n---\nBody.\n",
        [f"{PATH}:3: 'sources' must be a list with at least one entry: '- url: https://...'",
         f"{PATH}:4: unknown key '\u00a0author': it holds a no-break space (U+00A0), which YAML reads as "
         "text, not as a space: write plain spaces"]),
    "a key with a tab inside": (  # a character without a name: said, not a crash
        '---\nkind: note\nauthor: Ann\n"see\\talso": vanilla\n---\nBody.\n',
        [f"{PATH}:4: unknown key \"see\\talso\": it holds a tab (U+0009), which YAML reads as text, "
         "not as a space: write plain spaces"]),
    "missing kind": (
        "---\nquote: the words\n---\nBody.\n",
        [f"{PATH}:1: missing key 'kind': one of correction, source, note"]),
    "missing verdict for a correction": (
        "---\nkind: correction\nsources:\n  - url: https://example.org/a\n---\nBody.\n",
        [f"{PATH}:1: missing key 'verdict' for a correction: one of {VERDICT_LIST}"]),
    "missing sources for a source": (
        "---\nkind: source\nquote: the words\n---\nBody.\n",
        [f"{PATH}:1: missing key 'sources' for a source: a list with at least one '- url: https://...'"]),
    "missing sources for a correction": (
        "---\nkind: correction\nverdict: false\n---\nBody.\n",
        [f"{PATH}:1: missing key 'sources' for a correction: a list with at least one "
         "'- url: https://...'"]),
    "missing author for a note": (
        "---\nkind: note\nquote: the words\n---\nBody.\n",
        [f"{PATH}:1: missing key 'author' for a note: who wrote it, as shown to readers"]),
    "unknown kind, listing the allowed kinds": (
        "---\nkind: corection\nquote: the words\n---\nBody.\n",
        [f"{PATH}:2: unknown kind 'corection' (did you mean 'correction'?); "
         "allowed kinds: correction, source, note"]),
    "a source's key at the start of the line": (
        "---\nkind: source\nquote: the words\nsources:\n  - url: https://a.example\ntitle: Wool\n---\nB.\n",
        [f"{PATH}:6: unknown key 'title': it is a source's key, so indent it as far as its "
         "source's 'url:', under 'sources:'"]),
    "a source's url at the start of the line": (
        "---\nkind: source\nquote: the words\nurl: https://a.example\n---\nB.\n",
        [f"{PATH}:4: unknown key 'url': a source's address goes in the list under 'sources:', as "
         "'- url: …'", f"{PATH}:1: missing key 'sources' for a source: a list with at least one "
         "'- url: https://...'"]),
    "a source's key with a dash of its own": (
        "---\nkind: source\nquote: the words\nsources:\n  - url: https://a.example\n  - title: Wool\n"
        "---\nB.\n",
        [f"{PATH}:6: a source needs 'url:' (http or https); if its keys belong to the source above, "
         "take out the '- ' before them, which starts a new source"]),
    "a required key misspelt, said once at its line": (
        "---\nkind: note\nquote: the words\nauther: Ann\n---\nBody.\n",
        [f"{PATH}:4: unknown key 'auther' (did you mean 'author'?); allowed keys: {ALLOWED_KEYS}"]),
    "a kind the site has not declared": (
        "---\nkind: update\nquote: the words\n---\nBody.\n",
        [f"{PATH}:2: unknown kind 'update'; allowed kinds: correction, source, note (a new kind is "
         "declared under glossa's 'kinds:' in mkdocs.yml, or zensical.toml under Zensical)"]),
    "unknown verdict, listing the allowed verdicts": (
        "---\nkind: correction\nsources:\n  - url: https://example.org/a\nverdict: wrong\n---\nBody.\n",
        [f"{PATH}:5: unknown verdict 'wrong'; allowed verdicts: {VERDICT_LIST}"]),
    "verdict misspelt": (
        "---\nkind: correction\nverdict: misleding\nsources:\n  - url: https://example.org/a\n---\nBody.\n",
        [f"{PATH}:3: unknown verdict 'misleding' (did you mean 'misleading'?); "
         f"allowed verdicts: {VERDICT_LIST}"]),
    "a verdict on a note": (
        "---\nkind: note\nauthor: Ann\nverdict: false\n---\nBody.\n",
        [f"{PATH}:4: a note has no verdict; remove 'verdict' or make the annotation a correction"]),
    "bad date: no such month": (
        "---\nkind: note\nauthor: Ann\ndate: 2026-13-01\n---\nBody.\n",
        [f"{PATH}:4: 'date' must be a day of the calendar, and '2026-13-01' is not one: check its "
         "year, month and day"]),
    "bad date: day first": (
        "---\nkind: note\nauthor: Ann\nupdated: 25/11/2026\n---\nBody.\n",
        [f"{PATH}:4: 'updated' must be a date as YYYY-MM-DD, not '25/11/2026': write 2026-11-25 for "
         "25 November"]),
    "bad date: a year alone is not a full date": (
        "---\nkind: note\nauthor: Ann\ndate: 2026\n---\nBody.\n",
        [f"{PATH}:4: 'date' must be a date as YYYY-MM-DD, not '2026'"]),
    "bad source date": (
        "---\nkind: source\nsources:\n  - url: https://example.org/a\n    date: 2024-5\n---\nBody.\n",
        [f"{PATH}:5: source 'date' must be YYYY, YYYY-MM or YYYY-MM-DD, not '2024-5'"]),
    "javascript: URL": (
        "---\nkind: source\nsources:\n  - url: javascript:alert(1)\n---\nBody.\n",
        [f"{PATH}:4: source 'url' must be an http:// or https:// URL, not 'javascript:alert(1)'"]),
    "ftp: URL": (
        "---\nkind: source\nsources:\n  - title: Report\n    url: ftp://example.org/report.pdf\n---\nBody.\n",
        [f"{PATH}:5: source 'url' must be an http:// or https:// URL, not 'ftp://example.org/report.pdf'"]),
    "data: URL": (
        "---\nkind: source\nsources:\n  - url: data:text/html,<b>hi</b>\n---\nBody.\n",
        [f"{PATH}:4: source 'url' must be an http:// or https:// URL, not 'data:text/html,<b>hi</b>'"]),
    "javascript: archive URL": (
        "---\nkind: source\nsources:\n  - url: https://example.org/a\n    archive: javascript:x\n"
        "---\nBody.\n",
        [f"{PATH}:5: source 'archive' must be an http:// or https:// URL, not 'javascript:x'"]),
    "a source without url": (
        "---\nkind: source\nsources:\n  - title: Report\n---\nBody.\n",
        [f"{PATH}:4: a source needs 'url:' (http or https)"]),
    "unknown source key": (
        "---\nkind: source\nsources:\n  - url: https://example.org/a\n    titel: Report\n---\nBody.\n",
        [f"{PATH}:5: unknown source key 'titel' (did you mean 'title'?); "
         "allowed: url, title, publisher, original, date, archive"]),
    "sources not a list": (
        "---\nkind: source\nsources: https://example.org/a\n---\nBody.\n",
        [f"{PATH}:3: 'sources' must be a list with at least one entry: '- url: https://...'"]),
    "a quote that is a list": (
        "---\nkind: note\nauthor: Ann\nquote: [one, two]\n---\nBody.\n",
        [f"{PATH}:4: 'quote' must be text, not a list; if it is words that start with '[', put the "
         "whole value in quotes"]),
    "a source's key indented a space too few": (
        "---\nkind: note\nauthor: Ann\nsources:\n  - url: https://a.example\n    title: T\n   date: 2025\n"
        "---\nBody.\n",
        [f"{PATH}:7: YAML syntax error: did not find expected '-' indicator (line 7, column 4); line 7 is "
         "indented 3 spaces, unlike any key above it: line its key up with the keys it goes with (a "
         "source's under 'url:', the others at the start of the line)"]),
    "a source's key at the column of its '-'": (
        "---\nkind: source\nsources:\n  - url: https://a.example\n  title: T\n---\nBody.\n",
        [f"{PATH}:5: YAML syntax error: did not find expected '-' indicator (line 5, column 3); line 5 "
         "starts where the '-' of the list item above it does: to go with that item, indent it 4 "
         "spaces, under its first key; to start an item, begin it with '- '"]),
    "a source's third key at the column of its '-'": (
        "---\nkind: source\nsources:\n  - url: https://a.example\n    title: T\n  date: 2025\n---\nB.\n",
        [f"{PATH}:6: YAML syntax error: did not find expected '-' indicator (line 6, column 3); line 6 "
         "starts where the '-' of the list item above it does: to go with that item, indent it 4 "
         "spaces, under its first key; to start an item, begin it with '- '"]),
    "a source's key at the column of its '-', after a comment, its first key further in": (
        "---\nkind: source\nsources:\n  -   url: https://a.example\n  # the report\n  title: T\n"
        "---\nB.\n",
        [f"{PATH}:6: YAML syntax error: did not find expected '-' indicator (line 6, column 3); line 6 "
         "starts where the '-' of the list item above it does: to go with that item, indent it 6 "
         "spaces, under its first key; to start an item, begin it with '- '"]),
    "a key indented by a stray space": (
        "---\nkind: note\nauthor: Ann\n quote: the words\n---\nBody.\n",
        [f"{PATH}:4: YAML syntax error: mapping values are not allowed in this context (line 4, column 7); "
         "line 4 is indented 1 space, unlike any key above it: line its key up with the keys it goes "
         "with, at the start of the line"]),
    "a key with no value": (
        "---\nkind: note\nauthor:\nquote: the words\n---\nBody.\n",
        [f"{PATH}:3: 'author' has no value; give who wrote it, as shown to readers"]),
    "a kind that is blank": (
        "---\nkind: ' '\nauthor: Ann\n---\nBody.\n",
        [f"{PATH}:2: 'kind' is blank; give one of correction, source, note"]),
    "a kind with no value": (
        "---\nkind:\nauthor: Ann\n---\nBody.\n",
        [f"{PATH}:2: 'kind' has no value; give one of correction, source, note"]),
    "a key with no value that the kind does without": (
        "---\nkind: source\nsources:\n  - url: https://a.example\nauthor:\n---\nBody.\n",
        [f"{PATH}:5: 'author' has no value; give one or remove the key"]),
    "a source's address with no value": (
        "---\nkind: source\nsources:\n  - url:   # the evidence\n---\nBody.\n",
        [f"{PATH}:4: 'url' has no value; give the address of the page, http:// or https://"]),
    "a key that is null": (
        "---\nkind: note\nauthor: Ann\nquote: ~\n---\nBody.\n",
        [f"{PATH}:4: 'quote' has no value; give one or remove the key"]),
    "a blank quoted value": (
        '---\nkind: note\nauthor: ""\n---\nBody.\n',
        [f"{PATH}:3: 'author' is blank; give who wrote it, as shown to readers"]),
    "a blank quote": (
        "---\nkind: note\nauthor: Ann\nquote: '  '\n---\nBody.\n",
        [f"{PATH}:4: 'quote' is blank; give the exact words of the text, or remove the key"]),
    "YAML syntax error, with the parser's line and column": (
        "---\nkind: note\nauthor: Ann\nquote: a: b\n---\nBody.\n",
        [f"{PATH}:4: YAML syntax error: mapping values are not allowed in this context (line 4, column 9); "
         "a value holding ': ' must be in quotes: quote: 'a: b'"]),
    "YAML syntax error: unclosed quotation mark": (
        '---\nkind: note\nquote: "the words\nauthor: Ann\n---\nBody.\n',
        [f"{PATH}:3: YAML syntax error: the quoted value that starts on line 3, column 8 is not "
         "closed: found unexpected end of stream (line 4, column 12); close it: quote: 'the words'; "
         "or, if the quotation mark is part of the words, put the whole value in quotes: "
         "quote: '\"the words'"]),
    "YAML syntax error: an address's quotation mark left open": (
        '---\nkind: source\nquote: the words\nsources:\n  - url: "https://a.example\n    title: T\n---\nB.\n',
        [f"{PATH}:6: YAML syntax error: found unexpected end of stream (line 6, column 13), in the "
         "quoted value that starts on line 5, column 10; close it: - url: 'https://a.example'"]),
    "YAML syntax error: a source's title with its quotation mark left open, a comment after it": (
        '---\nkind: source\nquote: the words\nsources:\n  - title: "Wool  # why\n'
        '    url: https://a.example\n---\nB.\n',
        [f"{PATH}:6: YAML syntax error: found unexpected end of stream (line 6, column 27), in the "
         "quoted value that starts on line 5, column 12; close it: - title: 'Wool'; or, if the "
         "quotation mark is part of the words, put the whole value in quotes: - title: '\"Wool'"]),
    "YAML syntax error: unclosed list, reported where it starts": (
        "---\nkind: note\nquote: [the words\nauthor: Ann\n---\nBody.\n",
        [f"{PATH}:3: YAML syntax error: the '[' list that starts on line 3, column 8 is not closed, "
         "or a value in it needs quotes: did not find expected ',' or ']' (line 4, column 7)"]),
    "YAML syntax error inside a closed list: its own line, and the list's": (
        '---\nkind: source\nsources: [\n  "https://a.example/1"\n  "https://b.example/2",\n]\n---\nBody.\n',
        [f"{PATH}:5: YAML syntax error: did not find expected ',' or ']' (line 5, column 3), in the "
         "'[' list that starts on line 3, column 10"]),
    "duplicate key": (
        "---\nkind: note\nquote: one\nauthor: Ann\nquote: two\n---\nBody.\n",
        [f"{PATH}:5: duplicate key 'quote' (first given on line 3); keep one"]),
    "YAML anchor": (
        "---\nkind: note\nauthor: &who Ann\n---\nBody.\n",
        [f"{PATH}:3: YAML anchor '&who' is not allowed; write the value out"]),
    "YAML alias": (
        "---\nkind: note\nauthor: Ann\nquote: *who\n---\nBody.\n",
        [f"{PATH}:4: YAML alias '*who' is not allowed; write the value out"]),
    "YAML tag": (
        "---\nkind: note\nauthor: Ann\nquote: !!str yes\n---\nBody.\n",
        [f"{PATH}:4: YAML tag '!!str' is not allowed; remove it"]),
    "YAML tag that would run code in an unsafe loader": (
        "---\nkind: note\nauthor: !!python/object/apply:os.system [ls]\n---\nBody.\n",
        [f"{PATH}:3: YAML tag '!!python/object/apply:os.system' is not allowed; "
         "remove it"]),
    "empty body for a correction": (
        "---\nkind: correction\nverdict: false\nsources:\n  - url: https://example.org/a\n---\n\n  \n",
        [f"{PATH}:6: the body is empty: a correction needs text after the closing '---'"]),
    "empty body for a note": (
        "---\nkind: note\nauthor: Ann\n---\n",
        [f"{PATH}:4: the body is empty: a note needs text after the closing '---'"]),
    "empty file": (
        "",
        [f"{PATH}:1: the file is empty; start it with front matter between '---' lines (at least 'kind:')"]),
    "file of blank lines": (
        "\n  \n\n",
        [f"{PATH}:1: the file is empty; start it with front matter between '---' lines (at least 'kind:')"]),
    "no front matter": (
        "kind: note\n\nJust a body.\n",
        [f"{PATH}:1: the file must start with front matter: a line '---', then 'kind: ...' and the "
         "other keys, then a closing '---'"]),
    "unclosed front matter": (
        "---\nkind: note\nauthor: Ann\n\nThe body, but no closing line.\n",
        [f"{PATH}:1: the front matter is not closed: add a line '---' after its last key"]),
    "a closing line mistyped": (
        "---\nkind: note\nauthor: Ann\n--\nThe body.\n",
        [f"{PATH}:4: the front matter is not closed where this line, '--', stands: it should be "
         "exactly '---'"]),
    "a closing line mistyped, and a rule in the body": (
        "---\nkind: note\nauthor: Ann\n--\n\nThe body.\n\n---\n\nMore.\n",
        [f"{PATH}:4: the front matter is not closed where this line, '--', stands: it should be "
         "exactly '---'"]),
    "a value's line like a closing one, and a YAML error after it": (
        "---\nkind: note\nquote: |\n  --\nauthor: \"Ann\n---\nBody.\n",
        [f"{PATH}:5: YAML syntax error: the quoted value that starts on line 5, column 9 is not "
         "closed: found unexpected end of stream (line 5, column 13); close it: author: 'Ann'; or, "
         "if the quotation mark is part of the words, put the whole value in quotes: author: "
         "'\"Ann'"]),
    "a blank key the misspelt kind needs: not 'remove the key', which its kind then misses": (
        "---\nkind: Note\nauthor:\n---\nWords.\n",
        [f"{PATH}:2: unknown kind 'Note' (did you mean 'note'?); allowed kinds: correction, source, note",
         f"{PATH}:3: 'author' has no value; give who wrote it, as shown to readers"]),
    "a duplicate key, said with the file's other problems (not one round later)": (
        "---\nkind: source\nsources:\n  - url: https://e.org/a\n    title: A\n    title: B\n"
        "verdict: false\n---\nBody.\n",
        [f"{PATH}:6: duplicate key 'title' (first given on line 5); keep one",
         f"{PATH}:7: a source has no verdict; remove 'verdict' or make the annotation a correction"]),
    "a closing line a word processor made a dash": (
        "---\nkind: note\nauthor: Ann\n—\nThe body.\n",
        [f"{PATH}:4: the front matter is not closed where this line, '—', stands: it should be "
         "exactly '---'"]),
    "empty front matter": (
        "---\n---\nBody.\n",
        [f"{PATH}:1: the front matter is empty; it needs at least 'kind:' "
         "(one of correction, source, note)"]),
    "a control character, at its line and column in the file": (
        "---\nkind: note\nauthor: Ann\x01e\n---\nBody.\n",
        [f"{PATH}:3: YAML error: unacceptable character #x0001: control characters are not allowed "
         "(line 3, column 12); remove it"]),
    "a '#' that YAML takes for a comment, in a value of words": (
        "---\nkind: source\nquote: We're #1 in sales\nsources:\n  - url: https://e.org/x#top\n"
        "    title: Rated #1 # checked\n---\nBody.\n",
        [f"{PATH}:3: 'quote' is read as \"We're\": YAML takes ' #' and what follows it for a comment. If "
         "the '#' belongs to the value, put the whole value in double quotes; if it is a comment, "
         "give it a line of its own",
         f"{PATH}:6: 'title' is read as 'Rated': YAML takes ' #' and what follows it for a comment. If "
         "the '#' belongs to the value, put the whole value in double quotes; if it is a comment, "
         "give it a line of its own"]),
    "a value starting with a mark YAML reads as its own, with how to quote it": (
        "---\nkind: note\nquote: @handle says # checked\nauthor: Ed\n---\nBody.\n",
        [f"{PATH}:3: YAML syntax error: found character that cannot start any token (line 3, column "
         "8); a value that starts with '@' must be in quotes (YAML reads the mark as its own): "
         "quote: '@handle says'"]),
    "a value starting with '-', then a colon, told of the colon": (
        "---\nkind: note\nquote: -5% growth: a record\nauthor: Ed\n---\nBody.\n",
        [f"{PATH}:3: YAML syntax error: mapping values are not allowed in this context (line 3, "
         "column 18); a value holding ': ' must be in quotes: quote: '-5% growth: a record'"]),
    "a list item's value starting with '*', with how to quote it": (
        "---\nkind: source\nsources:\n  - url: https://e.org/x\n    title: *Bold* claims\n---\nBody.\n",
        [f"{PATH}:5: YAML syntax error: did not find expected alphabetic or numeric character (line 5, "
         "column 17); a value that starts with '*' must be in quotes (YAML reads the mark as its "
         "own): title: '*Bold* claims'"]),
    "a colon in a value, with how to quote it": (
        "---\nkind: note\nquote: Note: the figures\nauthor: Ed\n---\nBody.\n",
        [f"{PATH}:3: YAML syntax error: mapping values are not allowed in this context (line 3, "
         "column 12); a value holding ': ' must be in quotes: quote: 'Note: the figures'"]),
    "a colon in a value followed by a comment, left out of the fix": (
        "---\nkind: note\nquote: Note: the figures # checked\nauthor: Ed\n---\nBody.\n",
        [f"{PATH}:3: YAML syntax error: mapping values are not allowed in this context (line 3, "
         "column 12); a value holding ': ' must be in quotes: quote: 'Note: the figures'"]),
    "a mis-indented key, with no fix about quotation marks": (
        '---\nkind: note\nquote: "words"\n author: "A"\n---\nBody.\n',
        [f"{PATH}:4: YAML syntax error: did not find expected key (line 4, column 2); line 4 is "
         "indented 1 space, unlike any key above it: line its key up with the keys it goes with, at "
         "the start of the line"]),
    "a mis-indented key where there are sources": (
        '---\nkind: source\nsources:\n  - url: https://a.example\n   title: T\n---\nBody.\n',
        [f"{PATH}:5: YAML syntax error: did not find expected '-' indicator (line 5, column 4); line 5 "
         "is indented 3 spaces, unlike any key above it: line its key up with the keys it goes with "
         "(a source's under 'url:', the others at the start of the line)"]),
    "a value that starts with a quotation mark, with how to quote it": (
        '---\nkind: note\nquote: "Nobody saw it coming," he said.\nauthor: Ed\n---\nBody.\n',
        [f"{PATH}:3: YAML syntax error: did not find expected key (line 3, column 32); a value that "
         "starts with a quotation mark ends where it closes: put the whole value in quotes: "
         "quote: '\"Nobody saw it coming,\" he said.'"]),
    "a quoted value with quotation marks and a '#' inside, quoted whole": (
        '---\nkind: note\nquote: "We\'re #1 in sales: really, "truly" great."\nauthor: Ed\n---\nBody.\n',
        [f"{PATH}:3: YAML syntax error: did not find expected key (line 3, column 37); a value that "
         "starts with a quotation mark ends where it closes: put the whole value in quotes: "
         'quote: "We\'re #1 in sales: really, \\"truly\\" great."']),
    "a single-quoted value cut at its apostrophe, with its '#' kept": (
        "---\nkind: note\nquote: 'We're #1 in sales'\nauthor: Ed\n---\nBody.\n",
        [f"{PATH}:3: YAML syntax error: did not find expected key (line 3, column 12); a value that "
         "starts with a quotation mark ends where it closes: put the whole value in quotes: "
         "quote: \"We're #1 in sales\""]),
    "a body's rule closing front matter left open, at the first line that is no key": (
        "---\nkind: note\nquote: First paragraph\nauthor: Ed\nBody starts here.\n\n---\n\nMore.\n",
        [f"{PATH}:5: YAML syntax error: could not find expected ':' (line 6, column 1); line 5 is not "
         "'key: value': if the front matter ends above it, add a line '---' there"]),
    "a value ending with a colon, told so": (
        "---\nkind: note\nauthor: Ed\nquote: The key steps were:\n---\nBody.\n",
        [f"{PATH}:4: YAML syntax error: mapping values are not allowed in this context (line 4, "
         "column 26); a value ending with ':' must be in quotes: quote: 'The key steps were:'"]),
    "a key without its colon, at its own line, not the next line's indentation": (
        "---\nkind note\nquote: words\nauthor: Ed\n---\nBody.\n",
        [f"{PATH}:2: YAML syntax error: mapping values are not allowed in this context (line 3, "
         "column 6); line 2 is not 'key: value': write ':' after its key: kind: note"]),
    "the last key without its colon, not a front matter left open": (
        "---\nkind: note\nquote: words\nauthor Fact desk\n---\nBody.\n",
        [f"{PATH}:4: YAML syntax error: could not find expected ':' (line 5, column 1); line 4 is not "
         "'key: value': write ':' after its key: author: Fact desk"]),
    "a key without a space after its colon, at its own line": (
        "---\nkind:note\nquote: words\nauthor: Ed\n---\nBody.\n",
        [f"{PATH}:2: YAML syntax error: mapping values are not allowed in this context (line 3, "
         "column 6); line 2: 'kind:note' needs a space after the colon to be a key and its value: "
         "'kind: note'"]),
    "a merge conflict git left in the front matter, at its first marker": (
        "---\nkind: note\n<<<<<<< HEAD\nauthor: Ed\n=======\nauthor: Ann\n>>>>>>> other\n---\nB.\n",
        [f"{PATH}:3: an unresolved merge conflict: keep the lines that should stay, then delete the "
         "lines '<<<<<<<', '=======' and '>>>>>>>' that git added around both versions"]),
    "a merge conflict git left in the body": (
        "---\nkind: note\nauthor: Ed\n---\nBody.\n\n<<<<<<< HEAD\nMine.\n=======\nTheirs.\n>>>>>>> b\n",
        [f"{PATH}:7: an unresolved merge conflict: keep the lines that should stay, then delete the "
         "lines '<<<<<<<', '=======' and '>>>>>>>' that git added around both versions"]),
    "a no-break space after a key's colon, pasted from a web page, at its own line": (
        "---\nkind:\u00a0note\nquote: words\nauthor: Ed\n---\nBody.\n",
        [f"{PATH}:2: YAML syntax error: mapping values are not allowed in this context (line 3, "
         "column 6); line 2: the space after 'kind:' is a no-break space (U+00A0), which YAML reads "
         "as text, not as the space after a key: type a plain space: 'kind: note'"]),
    "a no-break space after a key's colon at the end of its line": (
        "---\nkind: source\nsources:\u00a0\n  - url: https://e.org/\n---\nBody.\n",
        [f"{PATH}:3: YAML syntax error: could not find expected ':' (line 4, column 8); line 3: the "
         "space after 'sources:' is a no-break space (U+00A0), which YAML reads as text, not as the "
         "space after a key: delete it: 'sources:'"]),
    "a source's url glued to its colon, with the fix": (
        "---\nkind: source\nsources:\n  - url:https://e.org/a\n---\nBody.\n",
        [f"{PATH}:4: each source must be a mapping with 'url:' (and optionally title, publisher, "
         "original, date, archive): '- url:https://e.org/a' needs a space after the colon to be a "
         "key and its value: '- url: https://e.org/a'"]),
    "words glued to a colon that are no key, with no glued-key fix": (
        "---\nkind: note\nauthor: Ed\nsummary: >\n  Warning:the figure\nquote: The CEO: a profile\n---\nB.\n",
        [f"{PATH}:6: YAML syntax error: mapping values are not allowed in this context (line 6, "
         "column 15); a value holding ': ' must be in quotes: quote: 'The CEO: a profile'"]),
    "front matter of one key without a space after its colon": (
        "---\nkind:note\n---\nBody.\n",
        [f"{PATH}:2: the front matter must be 'key: value' lines: 'kind:note' needs a space after "
         "the colon to be a key and its value: 'kind: note'"]),
    "a line indented with a tab, named as a tab": (
        "---\nkind: source\nsources:\n\t- url: https://e.org/\n---\nBody.\n",
        [f"{PATH}:4: YAML syntax error: found character that cannot start any token (line 4, column "
         "1); the line is indented with a tab: indent with spaces"]),
    "an update dated before the annotation": (
        "---\nkind: note\nauthor: Ed\ndate: 2026-11-25\nupdated: 2026-11-02\n---\nBody.\n",
        [f"{PATH}:5: 'updated' (2026-11-02) is earlier than 'date' (2026-11-25): the annotation "
         "cannot change before it was written; check both dates"]),
    "a source given twice": (
        "---\nkind: source\nsources:\n  - url: https://e.org/a\n  - url: https://e.org/b\n"
        "  - url: https://e.org/a\n    title: Again\n  - url: HTTPS://E.org/b/\n---\nBody.\n",
        [f"{PATH}:6: this source's url is source 1's too ('https://e.org/a'): give each source "
         "once, with what it supports in one entry",
         f"{PATH}:8: this source's url is source 2's too ('HTTPS://E.org/b/', written "
         "'https://e.org/b' there): give each source once, with what it supports in one entry"]),
    "every problem of a file at once": (
        "---\nkind: note\nqoute: the words\ndate: yesterday\n---\n",
        [f"{PATH}:3: unknown key 'qoute' (did you mean 'quote'?); allowed keys: {ALLOWED_KEYS}",
         f"{PATH}:4: 'date' must be a date as YYYY-MM-DD, not 'yesterday'",
         f"{PATH}:1: missing key 'author' for a note: who wrote it, as shown to readers",
         f"{PATH}:5: the body is empty: a note needs text after the closing '---'"]),
}


@pytest.mark.parametrize("text, expected", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_front_matter_is_reported_as_path_line_message(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("front", ["kind: note # a reader's\nauthor: Ann",
                                   "kind: note\nauthor: Ann\ndate: 2026-01-02  #the-day",
                                   "kind: note\nauthor: Ann # a comment, as comments are written",
                                   'kind: note\nauthor: "Team #2" # quoted', "kind: note\nauthor: Team#2"])
def test_a_comment_after_a_value_that_is_no_words_or_is_quoted_is_a_comment(front):
    """A comment after a kind or a date is the editor's; in quotes, or without a space before
    it, the '#' is part of the value."""
    assert isinstance(read(f"---\n{front}\n---\nBody.\n"), Annotation)


def test_file_over_one_megabyte_is_refused():
    text = "---\nkind: note\nauthor: Ann\n---\n" + "x" * 1_000_000
    assert read(text) == [f"{PATH}:1: file is 1,000,031 bytes; annotation files are limited to "
                          "1,000,000 bytes (1 MB)"]


def test_file_over_one_megabyte_on_disk_is_refused_before_it_is_read(tmp_path):
    folder = tmp_path / "annotations" / "essay"
    folder.mkdir(parents=True)
    (folder / "huge.md").write_bytes(b"---\nkind: note\nauthor: Ann\n---\n" + b"x" * 1_000_001)
    found, problems = find_annotation_files(tmp_path / "annotations", "annotations")
    assert problems == []
    assert [str(p) for p in read_annotation_file(found[0], KINDS)] == [
        "annotations/essay/huge.md:1: file is 1,000,032 bytes; annotation files are limited to "
        "1,000,000 bytes (1 MB)"]


def test_bytes_that_are_not_utf8_are_refused_with_their_line():
    raw = "---\nkind: note\nauthor: Zoë\n---\nBody.\n".encode("latin-1")
    assert read(raw) == [f"{PATH}:3: the file is not UTF-8 text (byte 0xeb at offset 25); save it as UTF-8"]


def test_a_utf16_file_is_named_as_utf16():
    """Saved as "Unicode" by Windows' Notepad: 'byte 0xff at offset 0' did not say what it was."""
    raw = "---\nkind: note\nauthor: Zoë\n---\nBody.\n".encode("utf-16")
    assert read(raw) == [f"{PATH}:1: the file is UTF-16 text; save it as UTF-8"]


# --- the reading rules -----------------------------------------------------------------------

CORRECTION = """\
---
kind: correction
quote: no
verdict: false
sources:
  - url: https://example.org/a
    date: 2024
date: 2026-11-25
updated: 2026-12-01
---
What happened.
"""


def test_verdict_false_is_the_verdict_false_not_a_boolean():
    assert read_ok(CORRECTION).verdict == "false"


def test_date_is_read_as_the_string_written():
    result = read_ok(CORRECTION)
    assert result.date == "2026-11-25"
    assert result.updated == "2026-12-01"
    assert result.sources == (Source(url="https://example.org/a", date="2024"),)


def test_quote_no_is_the_string_no_not_false():
    assert read_ok(CORRECTION).quote == "no"


@pytest.mark.parametrize("written, value", [
    ("yes", "yes"), ("on", "on"), ("1.0", "1.0"), ("0o17", "0o17"), ("2026-11-25", "2026-11-25"),
    ("'null'", "null"), ('"~"', "~"), ("12:30", "12:30"),
])
def test_every_scalar_is_read_as_the_text_written(written, value):
    assert read_ok(f"---\nkind: note\nauthor: Ann\nquote: {written}\n---\nBody.\n").quote == value


def test_a_good_file_is_read_whole():
    text = """\
---
kind: correction
quote: Chief Scientist Ilya Sutskever passed away.
prefix: Left.
suffix: President
verdict: false
sources:
  - url: https://example.org/some-report
    title: Title of the report
    publisher: Example Mirror
    original: Example News
    date: 2024-05
    archive: https://web.archive.org/web/2024/https://example.org/some-report
author: Glossa editors
date: 2026-11-25
---
What actually happened.

A second paragraph.
"""
    result = read_ok(text)
    assert result == Annotation(
        id="claim", page="essay", path=PATH, kind="correction",
        body="What actually happened.\n\nA second paragraph.",
        quote="Chief Scientist Ilya Sutskever passed away.", prefix="Left.", suffix="President",
        verdict="false", sources=(Source(
            url="https://example.org/some-report", title="Title of the report",
            publisher="Example Mirror", original="Example News", date="2024-05",
            archive="https://web.archive.org/web/2024/https://example.org/some-report"),),
        author="Glossa editors", date="2026-11-25")
    assert result.line_of("quote") == 3
    assert result.line_of("sources") == 7


def test_source_needs_no_author_and_a_note_no_sources():
    assert read_ok("---\nkind: source\nsources:\n  - url: http://example.org/a\n---\nWhy.\n").kind == "source"
    assert read_ok("---\nkind: note\nauthor: Ann\n---\nA thought.\n").sources == ()


def test_byte_order_mark_and_crlf_line_ends_are_accepted():
    raw = "\ufeff---\r\nkind: note\r\nauthor: Ann\r\nquote: the words\r\n---\r\nLine one.\r\nLine two.\r\n"
    result = read_ok(raw.encode("utf-8"))
    assert result.quote == "the words"
    assert result.body == "Line one.\nLine two."


def test_errors_in_a_crlf_file_name_the_right_line():
    raw = b"---\r\nkind: note\r\nauthor: Ann\r\nqoute: x\r\n---\r\nBody.\r\n"
    assert read(raw) == [
        f"{PATH}:4: unknown key 'qoute' (did you mean 'quote'?); allowed keys: {ALLOWED_KEYS}"]


# --- which files are annotations -------------------------------------------------------------


def test_hidden_files_and_editor_backups_are_ignored(tmp_path):
    folder = tmp_path / "annotations" / "essay"
    folder.mkdir(parents=True)
    for name in ("good.md", ".hidden.md", "good.md~", "#good.md#", ".good.md.swp"):
        (folder / name).write_text(annotation("note"), encoding="utf-8")
    (tmp_path / "annotations" / ".git").mkdir()
    (tmp_path / "annotations" / ".git" / "x.md").write_text("junk", encoding="utf-8")
    found, problems = find_annotation_files(tmp_path / "annotations", "annotations")
    assert [(f.page, f.id, f.display) for f in found] == [("essay", "good", "annotations/essay/good.md")]
    assert problems == []


@pytest.mark.parametrize("name, suggestion", [
    ("Bad Name.md", "bad-name.md"),
    ("claim_1.md", "claim-1.md"),
    ("-leading.md", "leading.md"),
    ("Ünïcode Café.md", "unicode-cafe.md"),
    ("Straßenfest.md", "strassenfest.md"),
    ("日本.md", "annotation.md"),
])
def test_invalid_file_names_are_reported_with_a_suggested_id(tmp_path, name, suggestion):
    folder = tmp_path / "annotations" / "essay"
    folder.mkdir(parents=True)
    (folder / name).write_text(annotation("note"), encoding="utf-8")
    found, problems = find_annotation_files(tmp_path / "annotations", "annotations")
    stem = name.removesuffix(".md")
    assert problems == []  # the file's own: it is still read, for its other problems (Reader)
    assert [str(f.name_problem) for f in found] == [
        f"annotations/essay/{name}:1: '{stem}' is not a valid id: use lower-case letters, digits and "
        f"hyphens, e.g. '{suggestion}'"]


def test_a_suggested_id_is_one_the_folder_has_not_taken(tmp_path):
    """'vote count.md' beside 'vote-count.md' was told to take the name its neighbour has."""
    folder = tmp_path / "annotations" / "essay"
    folder.mkdir(parents=True)
    for name in ("vote count.md", "vote-count.md", "vote-Count-2.md"):
        (folder / name).write_text(annotation("note"), encoding="utf-8")
    found, _ = find_annotation_files(tmp_path / "annotations", "annotations")
    assert [str(f.name_problem) for f in found if f.name_problem and "vote count" in f.display] == [
        "annotations/essay/vote count.md:1: 'vote count' is not a valid id: use lower-case letters, "
        "digits and hyphens, e.g. 'vote-count-3.md'"]


def test_files_not_ending_in_md_are_reported(tmp_path):
    folder = tmp_path / "annotations" / "essay"
    folder.mkdir(parents=True)
    (folder / "claim.txt").write_text(annotation("note"), encoding="utf-8")
    found, problems = find_annotation_files(tmp_path / "annotations", "annotations")
    assert found == []
    assert [str(p) for p in problems] == [
        "annotations/essay/claim.txt:1: not an annotation: annotation files end in '.md' "
        "(rename it to 'claim.md')"]


@pytest.mark.parametrize(("names", "said"), [
    (["gpt-40.markdown", "gpt-40.md"], "annotations/essay/gpt-40.markdown:1: not an annotation: "
     "annotation files end in '.md' and 'gpt-40.md' is beside it: merge the two, then remove this one"),
    (["gpt-40.md.orig", "gpt-40.md"], "annotations/essay/gpt-40.md.orig:1: not an annotation: "
     "annotation files end in '.md'; it looks like a copy of 'gpt-40.md': remove it once you have "
     "what you need from it"),
    (["park-note.md.txt"], "annotations/essay/park-note.md.txt:1: not an annotation: annotation "
     "files end in '.md' (rename it to 'park-note.md')"),
    (["Park.md.txt", "park.md"], "annotations/essay/Park.md.txt:1: not an annotation: annotation files "
     "end in '.md'; it looks like a copy of 'park.md': remove it once you have what you need from it"),
    (["Thumbs.db"], "annotations/essay/Thumbs.db:1: not an annotation: annotation files end in "
     "'.md': move it out of the annotations folder"),
    (["y.mkdn"], "annotations/essay/y.mkdn:1: not an annotation: annotation files end in '.md' "
     "(rename it to 'y.md')"),
    (["y.md "], "annotations/essay/y.md :1: not an annotation: annotation files end in '.md' "
     "(rename it to 'y.md')"),  # saved with a space after the name: not a file to move out
])
def test_a_file_not_ending_in_md_gets_a_fix_that_fits_it(tmp_path, names, said):
    """'Rename it to thumbs.md', or to the name of the file beside it, was no fix; nor 'remove
    it' for the only copy, as Windows' Notepad saves 'x.md' unless told otherwise."""
    folder = tmp_path / "annotations" / "essay"
    folder.mkdir(parents=True)
    for name in names:
        (folder / name).write_text(annotation("note"), encoding="utf-8")
    _, problems = find_annotation_files(tmp_path / "annotations", "annotations")
    assert [str(p) for p in problems] == [said]


def test_only_hidden_files_and_editor_backups_are_passed_over_in_silence(tmp_path):
    """'#1-claim.md' was passed over as an editor's autosave: an annotation lost without a word.
    SPEC §1 ignores `.*`, `*~` and `#*#`."""
    folder = tmp_path / "annotations" / "essay"
    folder.mkdir(parents=True)
    for name in (".x.md.swp", "x.md~", "#x.md#", "#1-claim.md"):
        (folder / name).write_text(annotation("note"), encoding="utf-8")
    found, problems = find_annotation_files(tmp_path / "annotations", "annotations")
    assert problems == []
    assert [(f.display, bool(f.name_problem)) for f in found] == [("annotations/essay/#1-claim.md", True)]


def test_files_outside_a_page_folder_are_reported(tmp_path):
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "claim.md").write_text(annotation("note"), encoding="utf-8")
    found, problems = find_annotation_files(tmp_path / "annotations", "annotations")
    assert found == []
    assert [str(p) for p in problems] == [
        "annotations/claim.md:1: annotation files belong in a folder named after their page: "
        "annotations/<page>/<id>.md"]


def test_a_file_outside_a_page_folder_is_told_the_sites_own_folder(tmp_path):
    """With `annotations_dir: notes`, the message said to move it to annotations/<page>/<id>.md."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "claim.md").write_text(annotation("note"), encoding="utf-8")
    _, problems = find_annotation_files(tmp_path / "notes", "notes")
    assert [str(p) for p in problems] == [
        "notes/claim.md:1: annotation files belong in a folder named after their page: "
        "notes/<page>/<id>.md"]


def test_nested_page_folders_give_the_page_path(tmp_path):
    folder = tmp_path / "annotations" / "a" / "b"
    folder.mkdir(parents=True)
    (folder / "x.md").write_text(annotation("note"), encoding="utf-8")
    found, _ = find_annotation_files(tmp_path / "annotations", "annotations")
    assert [(f.page, f.id, f.display) for f in found] == [("a/b", "x", "annotations/a/b/x.md")]


def test_a_page_s_files_are_listed_together_between_its_folder_s_subfolders(tmp_path):
    """A page's files come together, so that what is listed reads in the order of the pages."""
    root = tmp_path / "annotations"
    for path in ("a/z.md", "a/b/y.md", "a/x.md", "a.b/w.md", "a/b/c/v.md", "b/u.md", "a/b/t.md"):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(annotation("note"), encoding="utf-8")
    found, _ = find_annotation_files(root, "annotations")
    pages = [f.page for f in found]
    assert sorted(pages) == ["a", "a", "a.b", "a/b", "a/b", "a/b/c", "b"]
    assert [page for page, _ in itertools.groupby(pages)] == list(dict.fromkeys(pages))


# --- through a real build --------------------------------------------------------------------


def glossa_lines(result: Build) -> list[str]:
    """The plugin's warnings as `path:line: message`, without the logger's `glossa: ` prefix."""
    return [w.removeprefix("glossa: ") for w in result.glossa_warnings()]


def _project_with_one_bad_file(tmp_path: Path) -> Path:
    return write_project(tmp_path, {"index.md": "# Essay\n\nThe words of the essay.\n"}, {
        "index/good.md": annotation("note", quote="The words"),
        "index/bad.md": "---\nkind: note\nauthor: Ann\nquote: The words\nverdict: false\n---\nBody.\n",
        "index/.hidden.md": "not even front matter",
        "index/good.md~": "not even front matter",
        "index/#good.md#": "not even front matter",
    })


def test_a_file_with_an_error_is_not_published_but_every_other_file_is(tmp_path):
    result = build(_project_with_one_bad_file(tmp_path))
    assert not result.aborted
    assert glossa_lines(result) == [
        "annotations/index/bad.md:5: a note has no verdict; remove 'verdict' or make the annotation a "
        "correction"]
    page = result.page()
    assert [card.get("data-glossa-id") for card in page.xpath("//*[@data-glossa-id]")] == ["good"]
    assert page.xpath("//*[@id='glossa-bad']") == []
    assert page.xpath("//mark[@data-glossa-ref='good']")


def test_the_preview_shows_above_the_page_why_its_cards_are_missing(tmp_path):
    """A typo in a source's key took a published correction off the page, which `mkdocs serve`
    showed without a sign: only a line in the terminal said why."""
    project = _project_with_one_bad_file(tmp_path / "served")
    (project / "annotations" / "index" / "elsewhere.md").write_text(
        annotation("note", quote="Words not in the text"), encoding="utf-8")
    preview = build(project, command="serve").page()
    [box] = preview.xpath("//div[contains(@class, 'glossa-problems')]")
    assert box.xpath("string(p[@class='admonition-title'])") == (
        "2 problems with this page's annotations (shown only in the preview)")
    assert [item.text_content() for item in box.xpath(".//li")] == [
        "annotations/index/bad.md:5: a note has no verdict; remove 'verdict' or make the annotation "
        "a correction", next(line for line in glossa_lines(build(project)) if "elsewhere.md" in line)]
    assert box.getparent().xpath("*[1]") == [box]  # above the page, where the editor looks first
    published = build(_project_with_one_bad_file(tmp_path / "built")).page()
    assert not published.xpath("//*[contains(@class, 'glossa-problems')]")


def test_the_preview_of_a_renamed_page_says_where_its_cards_went(tmp_path):
    """Renamed under `mkdocs serve`, a page lost every card, and its preview showed no sign of
    it: only a line in the terminal said which folder to rename."""
    project = write_project(tmp_path, {"index.md": "# Home\n\nWelcome.\n",
                                       "old-harbour.md": "# Harbour\n\nBuilt in 1852.\n"},
                            {"harbour/built.md": annotation("note", quote="Built in 1852.")})
    preview = build(project, command="serve").page("old-harbour/index.html")
    [box] = preview.xpath("//div[contains(@class, 'glossa-problems')]")
    assert "if the page is now docs/old-harbour.md, rename the folder to annotations/old-harbour/" \
        in box.text_content()
    assert not build(project, command="serve").page().xpath("//*[contains(@class, 'glossa-problems')]")
    assert not build(project).page("old-harbour/index.html").xpath(
        "//*[contains(@class, 'glossa-problems')]")


def test_the_preview_of_an_annotation_saved_among_the_pages_says_where_it_belongs(tmp_path):
    project = write_project(tmp_path, {"index.md": "# Home\n\nThe sky is green.\n",
                                       "stray.md": annotation("correction", quote="sky is green")})
    [box] = build(project, command="serve").page("stray/index.html").xpath(
        "//div[contains(@class, 'glossa-problems')]")
    assert "docs/stray.md:1: this page's front matter is an annotation's (kind: correction)" \
        in box.text_content()


def test_a_file_with_an_error_fails_a_strict_build(tmp_path):
    result = build(_project_with_one_bad_file(tmp_path), strict=True)
    assert result.failed_strict
    assert any(line.startswith("annotations/index/bad.md:5: ") for line in glossa_lines(result))


def test_a_copy_of_an_annotation_is_reported_and_published_once(tmp_path):
    correction = annotation("correction", "He is alive.", quote="The words")
    project = write_project(tmp_path, {"index.md": "# Essay\n\nThe words.\n"}, {
        "index/alive.md": correction, "index/a-alive.md": correction,  # read first, a longer id
        "index/same-words.md": annotation("note", "Another thing about them.", quote="The words"),
        "index/other-source.md": annotation("correction", "He is alive.", quote="The words",
                                            sources=[{"url": "https://example.org/other"}]),
        "index/agreed.md": annotation("note", "Agreed.", quote="The words", author="Alice"),
        "index/also.md": annotation("note", "Agreed.", quote="The words", author="Bob")})
    result = build(project)
    assert glossa_lines(result) == [
        "annotations/index/a-alive.md:1: the same annotation as annotations/index/alive.md (its "
        "kind, quote, author, verdict, sources, summary and body); only that one is kept (the shortest id, "
        "then the first in alphabetical order): delete whichever of the two is the copy, or change "
        "what it says"]
    cards = result.page().xpath("//*[@data-glossa-id]/@data-glossa-id")
    assert sorted(cards) == ["agreed", "alive", "also", "other-source", "same-words"]


def test_an_invalid_file_name_is_a_build_warning_and_the_file_is_not_published(tmp_path):
    project = write_project(tmp_path, {"index.md": "# Essay\n\nThe words.\n"},
                            {"index/My Note.md": annotation("note", quote="The words.")})
    result = build(project)
    assert glossa_lines(result) == [
        "annotations/index/My Note.md:1: 'My Note' is not a valid id: use lower-case letters, digits "
        "and hyphens, e.g. 'my-note.md'"]
    assert result.page().xpath("//*[@data-glossa-id]") == []


@pytest.mark.parametrize(("kind", "said"), [("note", "a note"), ("update", "an update"),
                                            ("correction", "a correction"), ("user-note", "a user-note"),
                                            ("unit", "a unit"), ("erratum", "an erratum")])
def test_messages_name_a_kind_with_its_article(kind, said):
    from glossa.rules import with_article
    assert with_article(kind) == said


@pytest.mark.parametrize(("noun", "expected"), [
    ("note", "a note"), ("update", "an update"), ("user-note", "a user-note"),
    ("one-liner", "a one-liner"), ("hourly", "an hourly"), ("euro-note", "a euro-note"),
    ("en space", "an en space"), ("Erratum", "an Erratum"), ("onerous", "an onerous"),
    ("urgent-fix", "an urgent-fix"), ("user-note", "a user-note"), ("utterance", "an utterance"),
])
def test_messages_put_the_article_english_speakers_expect(noun, expected):
    from glossa.rules import with_article

    assert with_article(noun) == expected


@pytest.mark.parametrize(("value", "text", "said"), [
    ("date", "2026-02-30", "'value' must be a day of the calendar, and '2026-02-30' is not one: check "
     "its year, month and day"),
    ("partial date", "0000-01-01", "'value' must be a day of the calendar, and '0000-01-01' is not one: "
     "check its year, month and day"),
    ("date", "12/05/2026", "'value' must be a date as YYYY-MM-DD, not '12/05/2026': write 2026-05-12 "
     "for 12 May or 2026-12-05 for 5 December"),
    ("date", "25.12.2026", "'value' must be a date as YYYY-MM-DD, not '25.12.2026': write 2026-12-25 "
     "for 25 December"),
    ("partial date", "2026/1/5", "'value' must be YYYY, YYYY-MM or YYYY-MM-DD, not '2026/1/5': write "
     "2026-01-05 for 5 January"),
    ("date", "12 May 2026", "'value' must be a date as YYYY-MM-DD, not '12 May 2026': write 2026-05-12"),
    ("date", "Sept. 3rd, 2025", "'value' must be a date as YYYY-MM-DD, not 'Sept. 3rd, 2025': write "
     "2025-09-03"),
    ("partial date", "May 12, 2026", "'value' must be YYYY, YYYY-MM or YYYY-MM-DD, not 'May 12, 2026': "
     "write 2026-05-12"),
    ("date", "2026-05-12T10:00:00Z", "'value' must be a date as YYYY-MM-DD, not '2026-05-12T10:00:00Z': "
     "write 2026-05-12, the day without its time"),
    ("date", "31 June 2026", "'value' must be a date as YYYY-MM-DD, not '31 June 2026'"),
    ("url", "https://ledger archive.example.com/x", "'value' must be an http:// or https:// URL with no "
     "white space in it (write a space within an address as %20), not "
     "'https://ledger archive.example.com/x'"),
    ("url", "https://a.example/\tx", "'value' must be an http:// or https:// URL with no white space in "
     "it (write a space within an address as %20), not \"https://a.example/\\tx\""),
    ("url", "https://council.example.gov/bulletin ", "'value' must be an http:// or https:// URL (take "
     "out the white space at its start or end), not 'https://council.example.gov/bulletin '"),
    ("url", "https:/council.example.gov", "'value' must be an http:// or https:// URL (two '/' after "
     "'https:'), not 'https:/council.example.gov'"),
    ("url", "http:a.example", "'value' must be an http:// or https:// URL (two '/' after 'http:'), not "
     "'http:a.example'"),
    ("url", "https://ed:s3cret@archive.example/x", "'value' holds a user name and password "
     "('ed:s3cret'), which every reader would see: take it out, up to the '@'"),
    ("url", "https://:pw@archive.example/x", "'value' holds a user name and password (':pw'), which "
     "every reader would see: take it out, up to the '@'"),
    ("url", "https://ghp_abc123@github.com/o/r", "'value' holds a user name (or a token) ('ghp_abc123'), "
     "which every reader would see: take it out, up to the '@'"),
    ("url", "www.port.example.org/news", "'value' must be an http:// or https:// URL (add 'https://' "
     "before it), not 'www.port.example.org/news'"),
    ("url", "https://[www.a.example/x", "'value' must be an http:// or https:// URL (its host, after "
     "'//', cannot hold '[' or ']': look for a stray one), not 'https://[www.a.example/x'"),
    ("url", "https://a.example\uff0f@b", "'value' must be an http:// or https:// URL (its host, after "
     "'//', holds a character a host cannot have), not 'https://a.example\uff0f@b'"),
    ("url", "ftp://a.example/x", "'value' must be an http:// or https:// URL, not 'ftp://a.example/x'"),
    ("url", "mailto:ed@a.example", "'value' must be an http:// or https:// URL, not 'mailto:ed@a.example'"),
    ("url", "Council bulletin of 3 May", "'value' must be an http:// or https:// URL, not "
     "'Council bulletin of 3 May'"),  # no address: nothing to mend in it
    ("url", " www.a.example", "'value' must be an http:// or https:// URL (take out the white space at "
     "its start or end), not ' www.a.example'"),
    ("language", "en\ngb", "'value' must be a language tag such as 'en' or 'en-GB', not \"en\\ngb\""),
])
def test_a_value_nearly_right_is_told_what_is_amiss_on_one_line(value, text, said):
    """An editor who sees 'https://' in the message could not tell what was wrong with it."""
    from glossa.rules import value_problem

    assert value_problem(value, "'value'", text) == said


def test_a_guess_at_a_misspelling_ignores_letter_case_and_keeps_the_choices_spelling() -> None:
    """Page keys have capitals: 'FAQs' was likened to nothing, though the page 'FAQ' is there."""
    from glossa.rules import closest

    assert closest("FAQs", ["FAQ", "about"]) == ["FAQ"]
    assert closest("Qoute", ["kind", "quote"]) == ["quote"]
    assert closest("zzz", ["FAQ"]) == []
