"""Where Glossa's time goes in one build: run as `python phases.py mkdocs.yml SITE_DIR`.

Each phase is a function of Glossa's wrapped in a timer; a phase's time excludes the phases it
calls (the bodies' Markdown is not counted in weaving). "imports" is the import of Glossa's
modules and of what they load that MkDocs does not (lxml, rapidfuzz, Jinja's templates are
compiled under "templates"); nh3 is loaded with the first body, under "bodies". "adapter" is the
rest of Glossa's event handlers. Prints JSON:
phase -> seconds of CPU time (`time.process_time`), so that the other processes of the machine
do not count.
"""

from __future__ import annotations

import functools
import json
import sys
import time

import mkdocs.config.defaults  # what any build imports, left out of "imports"
import mkdocs.structure.pages
import mkdocs.utils.templates  # noqa: F401
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import CombinedEvent

clock = time.process_time
start = clock()
import glossa.plugin  # noqa: E402
from glossa import bodies, claimreview, export, page, publication, templates, weave  # noqa: E402

spent: dict[str, float] = {"imports": clock() - start}
running: list[list[object]] = []  # [phase, started] of the phases under way, innermost last


def timed(phase: str, owner: object, name: str) -> None:
    method = getattr(owner, name)

    @functools.wraps(method)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        now = clock()
        if running:  # pause the phase that called this one
            outer = running[-1]
            spent[outer[0]] = spent.get(outer[0], 0.0) + now - outer[1]  # type: ignore[operator]
        running.append([phase, now])
        try:
            return method(*args, **kwargs)
        finally:
            inner = running.pop()
            end = clock()
            spent[phase] = spent.get(phase, 0.0) + end - inner[1]  # type: ignore[operator]
            if running:
                running[-1][1] = end

    setattr(owner, name, wrapper)


PHASES = [
    ("reading", publication.Reader, "read"),
    ("bodies", bodies.BodyRenderer, "__init__"),
    ("bodies", bodies.BodyRenderer, "render"),
    ("bodies", bodies.BodyRenderer, "unrendered_footnote"),
    ("blocks", page, "split_blocks"),
    ("anchoring", page, "find_quote"),
    ("weaving", weave, "annotate_page"),
    ("templates", templates.Templates, "__init__"),
    ("templates", templates.Templates, "render"),
    ("search view", weave, "index_view"),
    ("export", export, "annotation_collection"),
    ("export", export, "dumps"),
    ("export", claimreview, "claim_review"),
    ("corrections page", glossa.plugin.corrections, "fill_page"),
    ("adapter", glossa.plugin.GlossaPlugin, "on_config"),
    ("adapter", glossa.plugin.GlossaPlugin, "on_files"),
    ("adapter", glossa.plugin.GlossaPlugin, "_weave_before_search"),
    ("adapter", glossa.plugin.GlossaPlugin, "_put_back_woven_page"),
    ("adapter", glossa.plugin.GlossaPlugin, "on_post_page"),
]
for phase, owner, name in PHASES:
    timed(phase, owner, name)
GlossaPlugin = glossa.plugin.GlossaPlugin  # its on_page_context holds the handlers as they were
GlossaPlugin.on_page_context = CombinedEvent(GlossaPlugin._weave_before_search,
                                             GlossaPlugin._put_back_woven_page)

config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
build(config)
config.plugins.on_shutdown()
print(json.dumps(spent))
