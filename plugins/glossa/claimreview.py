"""schema.org `ClaimReview` for each correction on a page, as JSON-LD script elements (SPEC §5).

Google retired the fact-check rich result in 2025, but fact-check data sets and other consumers
still read ClaimReview. The verdict becomes a `Rating` on a 1 (false) to 5 (true) scale
(`rules.VERDICT_RATINGS`, documented in INTEROP.md and docs/method.md) with the verdict's label as
its `alternateName`, which is what consumers display. No engine imports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .export import permalink
from .model import Annotation
from .rules import VERDICT_RATINGS

if TYPE_CHECKING:
    from .page import AnnotatedPage

BEST_RATING = 5
WORST_RATING = 1


def corrections(result: AnnotatedPage) -> list[Annotation]:
    """Every published annotation with a verdict, in page order: page-level, placed, not placed."""
    return [a for a in result.annotations() if a.is_correction]


def claim_review(annotation: Annotation, *, page_url: str, provenance: Mapping[str, str],
                 title: str | None, publisher: str, verdict_label: str,
                 language: str | None = None) -> dict[str, Any]:
    """One correction as a ClaimReview; `publisher` is who reviews (the plugin's `publisher`),
    `verdict_label` the verdict as readers see it (`words.html`)."""
    verdict = annotation.verdict or ""
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": permalink(page_url, annotation.id),
        "claimReviewed": annotation.quote or title or page_url,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": VERDICT_RATINGS[verdict],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": verdict_label,
        },
        "itemReviewed": _claim(provenance, title),
        "author": {"@type": "Organization", "name": publisher},
    }
    if annotation.date:
        review["datePublished"] = annotation.date
    if annotation.updated:
        review["dateModified"] = annotation.updated
    if language:
        review["inLanguage"] = language
    return review


def _claim(provenance: Mapping[str, str], title: str | None) -> dict[str, Any]:
    """The claim: made by the text's credited author, appearing in the text at `source_url`."""
    value = {key: text for key, text in provenance.items() if text}  # read_provenance's: text
    claim: dict[str, Any] = {"@type": "Claim"}
    author = value.get("author") or value.get("original_author")
    if author:
        claim["author"] = _agent(author, value.get("publisher"))
    if value.get("published"):
        claim["datePublished"] = value["published"]
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if value.get("source_url"):
        appearance["url"] = value["source_url"]
    if title:
        appearance["headline"] = title
    if value.get("author"):
        appearance["author"] = _agent(value["author"], value.get("publisher"))
    if value.get("publisher"):
        appearance["publisher"] = {"@type": "Organization", "name": value["publisher"]}
    if value.get("published"):
        appearance["datePublished"] = value["published"]
    if len(appearance) > 1:
        claim["appearance"] = appearance
    if value.get("original_author") or value.get("original_url"):
        first: dict[str, Any] = {"@type": "CreativeWork"}
        if value.get("original_url"):
            first["url"] = value["original_url"]
        if value.get("original_author"):
            first["author"] = _agent(value["original_author"], None)
        if value.get("original_published"):
            first["datePublished"] = value["original_published"]
        claim["firstAppearance"] = first
    return claim


def _agent(name: str, publisher: str | None) -> dict[str, str]:
    """A Person, unless the name is the publisher's own (a text credited to its outlet)."""
    return {"@type": "Organization" if name == publisher else "Person", "name": name}


def json_for_script(value: object) -> str:
    """JSON that cannot end or confuse a `<script>` element: `<`, `>`, `&` become `\\u003c` etc.

    JSON parsers read the escapes back as the same characters, so no value is changed. Compact,
    for json's C encoder (`indent` needs the pure-Python one)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def script_tags(reviews: Iterable[Mapping[str, Any]]) -> str:
    """One `<script type="application/ld+json">` per review, marked as Glossa's by its class."""
    return "".join(f'<script type="application/ld+json" class="glossa-claimreview">\n'
                   f"{json_for_script(review)}\n</script>\n" for review in reviews)
