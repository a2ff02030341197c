"""The W3C export passes the W3C Web Annotation test suite's MUST assertions.

The suite (web-platform-tests `annotation-model/`, vendored in tests/conformance/ with its
provenance and licence) is JSON Schema draft-04 plus a few keywords of its own, driven by `.test` files. The
small runner below implements those files as the suite's README describes them: assertion lists
(paths, inline objects, nested lists), `expectedResult`, `assertionType`, `onUnexpectedResult`,
condition objects with `compareWith`. Schemas `$ref` shared definitions by bare file name, so every
`definitions/*.json` is registered under its `id`; `uri` and `date-time` formats are checked.
An assertion file missing from the copy is reported as "not available", never as a pass.
Run with `pytest -s` to see every assertion that ran.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from helpers import ROOT, annotation, build, write_project
from referencing import Registry, Resource
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT4

SUITE = Path(__file__).resolve().parent / "conformance" / "wpt-annotation-model"
MUST_TESTS = (
    "annotations/annotationMusts.test",
    "annotations/3.1-model-musts.test",
    "bodiesTargets/bodyMusts.test",
    "bodiesTargets/targetMusts.test",
    "bodiesTargets/3.2-model.test",
)


# The runner --------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One assertion's result: 'pass', 'warn' (a SHOULD not met), 'fail', 'not available' or
    'error' (the schema itself is broken upstream), with its severity and what it checks."""

    test: str
    name: str
    status: str
    severity: str = "must"
    title: str = ""
    detail: str = ""

    @property
    def counts_as_failure(self) -> bool:
        return self.status == "fail" and self.severity == "must"

    def line(self) -> str:
        title = f" - {self.title}" if self.title else ""
        detail = f"\n      {self.detail}" if self.detail else ""
        return f"  {self.status.upper():13} {self.severity:6} {self.name}{title}{detail}"


@dataclass
class Run:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.counts_as_failure]

    def report(self, label: str) -> str:
        counts = {s: sum(o.status == s for o in self.outcomes)
                  for s in ("pass", "warn", "fail", "not available", "error")}
        head = f"{label}: " + ", ".join(f"{n} {s}" for s, n in counts.items())
        return "\n".join([head, *(o.line() for o in self.outcomes)])


class Suite:
    """The `.test` runner over one copy of the suite (`root` stands for `annotation-model/`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        resources = []
        for path in sorted((root / "definitions").glob("*.json")):
            schema = json.loads(path.read_text(encoding="utf-8"))
            resources.append((schema.get("id", path.name),
                              Resource.from_contents(schema, default_specification=DRAFT4)))
        self.registry: Registry[Any] = Registry().with_resources(resources)
        self.format_checker = jsonschema.Draft4Validator.FORMAT_CHECKER

    def run(self, test: str, instance: Mapping[str, Any]) -> Run:
        path = self.root / test
        spec = json.loads(path.read_text(encoding="utf-8"))
        run = Run()
        self._list(spec["assertions"], instance, path.parent, test, run)
        return run

    def _list(self, assertions: list[Any], instance: Mapping[str, Any], folder: Path, test: str,
              run: Run) -> str:
        """Evaluate in order; returns 'continue', 'skip' (rest of this list) or 'abort'."""
        for entry in assertions:
            if isinstance(entry, list):
                action = self._list(entry, instance, folder, test, run)
                if action == "abort":
                    return action
                continue
            outcome, action = self._assertion(entry, instance, folder, test)
            run.outcomes.append(outcome)
            if action in ("skip", "abort"):
                return action
        return "continue"

    def _load(self, reference: str, folder: Path) -> tuple[str, dict[str, Any] | None]:
        """A `.json` reference: no slash -> beside the `.test`; else from the collection root."""
        path = (folder / reference) if "/" not in reference else (self.root / reference)
        name = path.relative_to(self.root).as_posix()
        if not path.is_file():
            return name, None
        return name, json.loads(path.read_text(encoding="utf-8"))

    def _assertion(self, entry: str | dict[str, Any], instance: Mapping[str, Any], folder: Path,
                   test: str) -> tuple[Outcome, str]:
        name = "(inline)"
        if isinstance(entry, str):
            name, schema = self._load(entry, folder)
            if schema is None:
                return Outcome(test, name, "not available", detail="assertion file is not in "
                               "the copied suite (see SOURCE.md)"), "continue"
        else:
            schema = dict(entry)
            if "assertionFile" in schema:
                name, loaded = self._load(schema.pop("assertionFile"), folder)
                if loaded is None:
                    return Outcome(test, name, "not available"), "continue"
                schema = {**loaded, **schema}
        severity = schema.get("assertionType", "must")
        title = str(schema.get("title", "")).replace("**", "").replace("_", "").split(" - [")[0]
        expected_valid = schema.get("expectedResult", "valid") == "valid"
        if "assertions" in schema:
            valid = self._condition(schema, instance, folder, test)
            if valid is None:
                return Outcome(test, name, "not available", severity, title,
                               "a condition's assertions are not available"), "continue"
            detail = ""
        else:
            try:
                validator = jsonschema.Draft4Validator(schema, registry=self.registry,
                                                       format_checker=self.format_checker)
                errors = list(validator.iter_errors(instance))
            except Unresolvable as error:
                return Outcome(test, name, "error", severity, title, "schema cannot be evaluated: "
                               f"unresolvable $ref {getattr(error, 'ref', error)}"), "continue"
            valid = not errors
            best = jsonschema.exceptions.best_match(errors) if errors else None
            detail = f"{best.message} at {'/'.join(map(str, best.absolute_path)) or '(root)'}" \
                if best else ""
        if valid == expected_valid:
            return Outcome(test, name, "pass", severity, title), "continue"
        action = str(schema.get("onUnexpectedResult", "failAndContinue"))
        passes = not action.startswith("fail")  # passAnd…, succeedAnd… (and upstream's 'suceed')
        message = schema.get("errorMessage", "")
        if passes:
            # MAY checks are informational (an 'unexpected' result marks a feature as used);
            # a SHOULD that is not met is a warning.
            status = "warn" if severity == "should" else "pass"
            detail = message
        else:
            status, detail = "fail", f"{message} ({detail})" if detail else message
        then = "skip" if action.endswith("Skip") else "abort" if action.endswith("Abort") else "continue"
        return Outcome(test, name, status, severity, title, detail), then

    def _condition(self, condition: Mapping[str, Any], instance: Mapping[str, Any], folder: Path,
                   test: str) -> bool | None:
        """A Condition Object: its assertions compared with `and` (default) or `or`."""
        results = []
        for entry in condition["assertions"]:
            outcome, _ = self._assertion(entry, instance, folder, test)
            results.append(None if outcome.status in ("not available", "error")
                           else outcome.status == "pass")
        if condition.get("compareWith", "and") == "or":
            return True if any(results) else (None if None in results else False)
        return False if False in results else (None if None in results else True)


def standalone(item: Mapping[str, Any], collection: Mapping[str, Any]) -> dict[str, Any]:
    """An annotation as a consumer of the collection reads it: with the collection's `@context`."""
    return {"@context": collection["@context"], **item}


def run_musts(suite: Suite, instance: Mapping[str, Any]) -> Run:
    run = Run()
    for test in MUST_TESTS:
        run.outcomes.extend(suite.run(test, instance).outcomes)
    return run


# Fixtures ----------------------------------------------------------------------------------

PAGE = """\
---
title: A reading
author: A. Writer
language: en
---

# A reading

The committee met on **Tuesday** and [voted](https://example.org/vote) to close the mill.

Workers said the mill had lost money "for a decade". Workers said the mill was old.
"""

ANNOTATIONS = {
    "a-reading/tuesday.md": annotation(
        "correction", "It met on Wednesday; see [the minutes](https://example.org/minutes).",
        quote="met on Tuesday and voted", verdict="inaccurate", date="2026-01-02",
        updated="2026-02-03", author="Editors",
        sources=[{"url": "https://example.org/minutes", "title": "Minutes", "publisher": "Town",
                  "original": "Gazette", "date": "2025-12", "archive": "https://archive.example/m"}]),
    "a-reading/workers.md": annotation("note", "Which workers?", quote="Workers said",
                                       prefix="money \"for a decade\".", author="Reader"),
    "a-reading/workers-first.md": annotation("note", "The first.", quote="Workers said",
                                             suffix="the mill had lost"),
    "a-reading/whole.md": annotation("source", "Background.",
                                     sources=[{"url": "https://example.org/bg"}]),
    "a-reading/gone.md": annotation("note", "Not there.", quote="words that are not in the text"),
    "a-reading/update.md": annotation("update", "Later, the mill reopened.", quote="close the mill",
                                      sources=[{"url": "https://example.org/reopen"}]),
}
CONFIG = {"plugins": ["search", {"glossa": {"publisher": "Test Desk", "kinds": {"update": {
    "label": "Update", "motivation": "describing", "sources": True}}}}]}


@pytest.fixture(scope="module")
def suite() -> Suite:
    assert SUITE.is_dir(), f"the W3C test suite copy is missing: {SUITE}"
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    missing = {"uri", "date-time"} - set(checker.checkers)
    assert not missing, f"format checks {missing} need jsonschema[format] (rfc3987, rfc3339-validator)"
    return Suite(SUITE)


@pytest.fixture(scope="module")
def fixture_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    project = write_project(tmp_path_factory.mktemp("conformance"), {"a-reading.md": PAGE},
                            ANNOTATIONS, CONFIG)
    result = build(project)
    return json.loads((result.site / "a-reading.annotations.jsonld").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def article_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    site = tmp_path_factory.mktemp("article-site")
    build_repo(site)
    return json.loads((site / "openai-is-crashing.annotations.jsonld").read_text(encoding="utf-8"))


def build_repo(site: Path) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()


def items(collection: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    yield from collection["first"]["items"]


# Tests -------------------------------------------------------------------------------------


def test_every_fixture_annotation_passes_the_must_assertions(suite: Suite,
                                                             fixture_export: dict[str, Any]) -> None:
    kinds = {item["glossa:kind"] for item in items(fixture_export)}
    assert kinds == {"correction", "note", "source", "update"}
    shapes = {"page" if isinstance(i["target"], str) else len(i["target"]["selector"])
              if isinstance(i["target"]["selector"], list) else "quote only"
              for i in items(fixture_export)}
    assert shapes == {"page", 2, "quote only"}, "fixture covers page-level, placed and unplaced"
    _assert_all_pass(suite, fixture_export, "fixture")


def test_every_article_annotation_passes_the_must_assertions(suite: Suite,
                                                             article_export: dict[str, Any]) -> None:
    assert article_export["total"] == len(article_export["first"]["items"]) > 40
    _assert_all_pass(suite, article_export, "article")


def _assert_all_pass(suite: Suite, collection: dict[str, Any], label: str) -> None:
    reports, failures = [], []
    for item in items(collection):
        run = run_musts(suite, standalone(item, collection))
        reports.append(run.report(f"{label} {item['id']}"))
        failures.extend(run.failures)
        ran = [o for o in run.outcomes if o.status in ("pass", "warn", "fail")]
        assert len(ran) >= 25, "the MUST assertions that are available must actually run"
    text = "\n".join(reports)
    print(text)
    assert not failures, "W3C MUST assertions failed:\n" + text


def test_missing_assertion_files_are_reported_not_passed(suite: Suite,
                                                         fixture_export: dict[str, Any]) -> None:
    item = standalone(next(items(fixture_export)), fixture_export)
    run = suite.run("bodiesTargets/bodyMusts.test", item)
    print(run.report("bodyMusts.test"))
    unavailable = [o.name for o in run.outcomes if o.status == "not available"]
    assert len(unavailable) == 15, run.report("bodyMusts.test")
    assert "bodiesTargets/3.3.1-bodyCreatedValidated.json" in unavailable
    assert [o.name for o in run.outcomes if o.status == "pass"] == [
        "annotations/3.2-bodyObjectsRecognized.json"]


def test_runner_fails_an_annotation_with_a_relative_id(suite: Suite,
                                                       fixture_export: dict[str, Any]) -> None:
    item = standalone(next(items(fixture_export)), fixture_export)
    item["id"] = "#glossa-tuesday"
    run = run_musts(suite, item)
    print(run.report("relative id"))
    failed = {o.name for o in run.failures}
    assert "annotations/3.1-annotationIdValidated.json" in failed, run.report("relative id")
    assert any(o.test.endswith("3.1-model-musts.test") for o in run.failures)


def test_runner_fails_an_annotation_with_a_date_only_created(suite: Suite,
                                                             fixture_export: dict[str, Any]) -> None:
    item = standalone(next(items(fixture_export)), fixture_export)
    item["created"] = "2026-01-02"
    run = run_musts(suite, item)
    print(run.report("date-only created"))
    assert {o.name for o in run.failures} == {"annotations/3.3.1-annotationCreatedValidated.json"}


def test_runner_fails_a_body_with_a_bad_modified_and_a_missing_target(
        suite: Suite, fixture_export: dict[str, Any]) -> None:
    item = standalone(next(items(fixture_export)), fixture_export)
    broken = copy.deepcopy(item)
    broken["body"][0]["modified"] = "yesterday"
    del broken["target"]
    run = run_musts(suite, broken)
    failed = {o.name for o in run.failures}
    assert {"bodiesTargets/modifiedValidWithBody.json", "annotations/3.1-targetKeyFound.json"} <= failed


def test_runner_honours_condition_objects_and_skips(suite: Suite, tmp_path: Path) -> None:
    """`compareWith: or` passes when one branch does; `failAndSkip` skips the rest of its list."""
    (tmp_path / "definitions").mkdir()
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "has_x.json").write_text(json.dumps({"required": ["x"]}))
    (tmp_path / "t" / "has_y.json").write_text(json.dumps({"required": ["y"]}))
    (tmp_path / "t" / "c.test").write_text(json.dumps({"assertions": [
        {"title": "x or y", "compareWith": "or", "assertions": ["t/has_x.json", "t/has_y.json"]},
        [{"assertionFile": "has_x.json", "onUnexpectedResult": "failAndSkip"}, "has_y.json"],
        {"assertionFile": "t/has_y.json", "expectedResult": "invalid"},
    ]}))
    run = Suite(tmp_path).run("t/c.test", {"y": 1})
    assert [(o.name, o.status) for o in run.outcomes] == [
        ("(inline)", "pass"), ("t/has_x.json", "fail"), ("t/has_y.json", "fail")]


def test_collection_and_page_follow_the_model(suite: Suite, fixture_export: dict[str, Any]) -> None:
    """The upstream collection `.test` files were not copied; check the collection with the
    suite's own `definitions/collections.json` instead."""
    checks = {
        "collection": ["contextValueInArrayFound", "annotationCollectionTypeValueFound",
                       "labelFound", "totalFound", "firstValidIfPresent",
                       "firstRequiredIfTotalMoreThanZero", "lastValidIfPresent"],
        "page": ["annotationPageTypeValueFound", "partOfValidIfPresent", "startIndexDefinition",
                 "itemsFound"],
    }
    targets = {"collection": fixture_export, "page": fixture_export["first"]}
    for name, definitions in checks.items():
        for definition in definitions:
            instance = targets[name]
            if definition == "contextValueInArrayFound":
                instance = instance["@context"]
            schema = {"$ref": f"collections.json#/definitions/{definition}"}
            validator = jsonschema.Draft4Validator(schema, registry=suite.registry,
                                                   format_checker=suite.format_checker)
            errors = [e.message for e in validator.iter_errors(instance)]
            print(f"  {'PASS' if not errors else 'FAIL'} {name} {definition}")
            assert not errors, f"{name} {definition}: {errors}"
