"""A deterministic synthetic publication: articles of paragraphs with inline markup, and annotations
of mixed kinds whose quotes run across that markup."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

WORDS = (
    "model", "compute", "revenue", "quarter", "users", "traffic", "growth", "analysts",
    "report", "market", "company", "board", "investors", "valuation", "lawsuit", "trial",
    "memo", "launch", "release", "benchmark", "training", "energy", "chips", "losses", "profit",
    "startup", "funding", "chatbot", "search", "engine", "research", "safety", "team",
    "executive",
)
KINDS = ("correction", "source", "note", "update")
VERDICTS = ("false", "inaccurate", "misleading", "unsupported", "imprecise", "missing-context")


def _sentence(rng: random.Random) -> list[str]:
    return [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]


def _paragraph(rng: random.Random, index: int) -> tuple[str, str]:
    """One paragraph as Markdown and as the text a reader sees."""
    words = [f"p{index}", *(word for _ in range(rng.randint(2, 4)) for word in _sentence(rng))]
    markdown, text = [], []
    for i, word in enumerate(words):
        roll = rng.random()
        if roll < 0.04:
            markdown.append(f"**{word}**")
        elif roll < 0.07:
            markdown.append(f"[{word}](https://example.org/{i})")
        elif roll < 0.09:
            markdown.append(f"`{word}`")
        else:
            markdown.append(word)
        text.append(word)
    return " ".join(markdown) + ".", " ".join(text) + "."


def write_corpus(root: Path, articles: int, paragraphs: int = 60, annotations: int = 8,
                 seed: int = 1) -> None:
    """Write docs/ and annotations/ for `articles` articles under `root`."""
    rng = random.Random(seed)
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Corpus\n\nA synthetic publication.\n", encoding="utf-8")
    for a in range(articles):
        name = f"article-{a:04d}"
        lines = ["---", "author: Bench", "language: en", "---", "", f"# Article {a}", ""]
        texts = []
        for p in range(paragraphs):
            if p and p % 15 == 0:
                lines += [f"## Section {p // 15}", ""]
            markdown, text = _paragraph(rng, p)
            lines += [markdown, ""]
            texts.append(text)
        (docs / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")
        folder = root / "annotations" / name
        folder.mkdir(parents=True, exist_ok=True)
        for n in range(annotations):
            words = texts[rng.randrange(len(texts))].split()
            start = rng.randrange(1, max(2, len(words) - 6))
            quote = " ".join(words[start - 1:start + 5])  # starts with a unique p<n> or a word after it
            kind = KINDS[n % len(KINDS)]
            front: dict[str, object] = {"kind": kind, "quote": quote, "date": "2026-11-25"}
            if kind in ("correction", "source", "update"):
                front["sources"] = [{"url": f"https://example.org/source/{a}/{n}", "title": "A source",
                                     "publisher": "Example", "date": "2025-11"}]
            if kind == "correction":
                front["verdict"] = VERDICTS[n % len(VERDICTS)]
            if kind == "note":
                front["author"] = "Bench editors"
            body = (f"Annotation {n} on article {a}: *what* the text gets wrong, with a "
                    f"[link](https://example.org/{n}) and `code`.")
            (folder / f"a{n}.md").write_text(
                "---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n" + body + "\n",
                encoding="utf-8")


def write_config(root: Path, with_glossa: bool) -> Path:
    """The corpus's mkdocs.yml: search only, or search and glossa."""
    plugins: list[object] = ["search"]
    if with_glossa:
        plugins.append({"glossa": {"kinds": {
            "update": {"label": "Update", "icon": "material/update", "sources": True}}}})
    config = {
        "site_name": "Bench", "site_url": "https://example.org/",
        "theme": {"name": "material", "font": False, "features": ["navigation.instant"]},
        "plugins": plugins,
        "markdown_extensions": ["attr_list", "footnotes", "admonition", {"toc": {"permalink": True}}],
    }
    name = "glossa" if with_glossa else "base"
    path = root / f"mkdocs-{name}.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path
