"""Build real sites with the real MkDocs and Material in temporary folders, and read them back."""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
import os
import socket
import textwrap
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from lxml import html as lxml_html

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "plugins" / "glossa" / "annotation.schema.json"
"""The schema the package ships for the default kinds (`glossa.schema`)."""
def kinds_option(root: Path) -> str:
    """How a build names where the kinds are set, before each message about one: the line of
    `kinds:` in the project's mkdocs.yml."""
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.strip() == "kinds:")
    return f"glossa: mkdocs.yml:{line}: plugin 'glossa' option 'kinds': "


def write_project(root: Path, pages: Mapping[str, str], annotations: Mapping[str, str] | None = None,
                  config: Mapping[str, object] | None = None) -> Path:
    """Write `mkdocs.yml`, `docs/<path>` and `annotations/<path>`; text is dedented."""
    root.mkdir(parents=True, exist_ok=True)
    settings: dict[str, object] = {
        "site_name": "Test",
        "site_url": "https://example.org/",
        "theme": {"name": "material", "font": False},
        "plugins": ["search", {"glossa": {"corrections_page": "corrections.md"}}],
        "markdown_extensions": ["attr_list", "footnotes", "admonition", "md_in_html",
                                {"toc": {"permalink": True}}],
        "validation": {"omitted_files": "warn", "absolute_links": "warn",
                       "unrecognized_links": "warn", "anchors": "warn"},
    }
    settings.update(config or {})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    for path, text in pages.items():
        target = root / "docs" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    for path, text in (annotations or {}).items():
        target = root / "annotations" / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text if isinstance(text, bytes) else textwrap.dedent(text).lstrip("\n").encode("utf-8")
        target.write_bytes(data)
    return root


@dataclass
class Build:
    site: Path
    warnings: list[str] = field(default_factory=list)
    aborted: bool = False
    abort: str = ""  # MkDocs' message: "Aborted with 2 warnings in strict mode!", or an error's

    @property
    def failed_strict(self) -> bool:
        """Stopped by its warnings in strict mode, not by an error (a plugin's crash also aborts)."""
        return "in strict mode" in self.abort

    def page(self, path: str = "index.html") -> lxml_html.HtmlElement:
        return lxml_html.fromstring((self.site / path).read_text(encoding="utf-8"))

    def glossa_warnings(self) -> list[str]:
        return [w for w in self.warnings if "glossa" in w or "annotations/" in w]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build(project: Path, *, strict: bool = False, dirty: bool = False, command: str = "build",
          **overrides: object) -> Build:
    """Run a real `mkdocs build` in-process; warnings are collected, strict aborts recorded.
    `command="serve"`: the build as `mkdocs serve` makes it, its preview."""
    site = project / "site"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=strict, **overrides)
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    result = Build(site)
    cwd = os.getcwd()
    try:
        os.chdir(project)
        config.plugins.on_startup(command=command, dirty=dirty)
        try:
            mkdocs_build(config, dirty=dirty)
        except (Abort, BuildError) as error:
            result.aborted, result.abort = True, str(error)
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
        logger.removeHandler(handler)
    result.warnings = handler.messages
    return result


def annotation(kind: str = "note", body: str = "A note.", **keys: object) -> str:
    """An annotation file's text from keyword arguments (author defaults for notes)."""
    front: dict[str, object] = {"kind": kind, **keys}
    if kind == "note":
        front.setdefault("author", "Tester")
    if kind in ("source", "correction"):
        front.setdefault("sources", [{"url": "https://example.org/evidence"}])
    if kind == "correction":
        front.setdefault("verdict", "false")
    return "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---\n" + body + "\n"


def text_of(element: lxml_html.HtmlElement) -> str:
    return element.text_content()


def original_block(text_element: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """A `data-glossa-text` element with Glossa's additions taken out (SPEC §4)."""
    copy = lxml_html.fromstring(lxml_html.tostring(text_element, encoding="unicode"))
    for ui in copy.xpath(".//*[@data-glossa-ui]"):
        ui.drop_tree()
    for mark in copy.xpath(".//mark[@data-glossa-ref]"):
        mark.drop_tag()
    return copy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve_directory(directory: Path, port: int | None = None) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port or free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def served_when(url: str, condition: Callable[[str], bool], seconds: float = 30) -> str:
    """The page at `url` once `condition(html)` holds, asked for again while a server rebuilds
    (refused or reset meanwhile); "" if it never holds within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                html = response.read().decode("utf-8")
        except OSError:
            html = ""
        if html and condition(html):
            return html
        time.sleep(0.2)
    return ""
