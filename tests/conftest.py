"""Shared fixtures. Browser tests use Debian's Chromium; a missing browser fails, never skips.

An audit hook fails any test that opens a file outside the clone, the virtualenv, Python's own
installation, the temporary folder and the system's prefixes: a fresh clone has nothing beside it
(SPEC §6), so a test that reads a folder beside the clone must fail even where one is there.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from hypothesis import settings


def _folder(path: str | Path) -> str:
    return os.path.join(os.path.realpath(path), "")


CLONE = Path(__file__).resolve().parent.parent
OWN = tuple(_folder(prefix) for prefix in (CLONE, sys.prefix, sys.exec_prefix))
"""The clone and its virtualenv."""
ALLOWED_PREFIXES = OWN + tuple(dict.fromkeys(_folder(prefix) for prefix in (
    sys.base_prefix, sys.base_exec_prefix, tempfile.gettempdir(), "/usr", "/etc", "/proc", "/dev",
    "/sys", "/lib", "/lib64", "/bin", "/run", "/var/lib", "/var/cache/fontconfig")))
"""Where a test may open files; anywhere else (a home folder's files, say) is outside the project."""
BESIDE = _folder(CLONE.parent)
"""What sits beside the clone is outside it even when the clone is in a temporary
folder, unless the clone's parent is the temporary folder itself."""


class OpenedOutsideTheClone(RuntimeError):
    """Not an OSError, so that code treating a missing file as "no file" cannot swallow it."""


_opened_outside: list[str] = []


def _is_inside(path: str) -> bool:
    real = _folder(path)
    if real.startswith(BESIDE) and not real.startswith(OWN):
        return BESIDE in (_folder(tempfile.gettempdir()), "/")
    return real.startswith(ALLOWED_PREFIXES)


WATCHED_EVENTS = frozenset({"open", "os.listdir", "os.scandir"})
"""Files opened and folders listed in the tests' own process. Not seen: `os.stat` (Path.exists),
which raises no audit event, and what a subprocess reads."""


def _audit_open(event: str, args: tuple[object, ...]) -> None:
    if event not in WATCHED_EVENTS or not args or not isinstance(args[0], str | bytes | os.PathLike):
        return  # a file descriptor, or another event
    path = os.fsdecode(args[0])
    if not _is_inside(path):
        _opened_outside.append(path)
        raise OpenedOutsideTheClone(f"a test opened {path}, outside the clone ({CLONE}): what the "
                                    "tests need, the repository holds")


sys.addaudithook(_audit_open)


@pytest.fixture(autouse=True)
def _nothing_opened_outside_the_clone() -> Iterator[None]:
    """Fails the test even where the code under test caught the hook's exception."""
    _opened_outside.clear()
    yield
    opened, _opened_outside[:] = list(_opened_outside), []
    assert not opened, f"opened outside the clone: {opened}"


class _CompiledOnce(jinja2.BytecodeCache):
    """Each template compiled once for the whole run, not once a build: MkDocs makes a new Jinja
    environment for each build, which compiled Material's 44 templates again, half of a small
    site's build (0.29 to 0.13 s). Jinja's own cache, kept in memory: a template's code is used
    again only for the same file, the same source (Jinja compares a checksum) and an environment
    that would compile it to the same code (`_key` lists what Jinja 3.1's lexer, parser and
    compiler read from the environment). Two approximations, true of every template the tests
    build: a filter is known by its code, so closures on other values share (none is run on
    constants), and an extension by its type and, for i18n, the settings it reads."""

    def __init__(self) -> None:
        self._code: dict[tuple[object, ...], tuple[str, object]] = {}

    @staticmethod
    def _key(bucket: jinja2.bccache.Bucket) -> tuple[object, ...]:
        env = bucket.environment
        lexer = (env.block_start_string, env.block_end_string, env.variable_start_string,
                 env.variable_end_string, env.comment_start_string, env.comment_end_string,
                 env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
                 env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline)
        # The compiler writes whether a filter or test takes the context, fails on one missing,
        # and where optimized runs it on constants: each one's code, not the function, since
        # Material's blog makes new closures each build (a closure on other values would share).
        callables = tuple(sorted((kind, name, getattr(function, "__code__", type(function)),
                                  str(getattr(function, "jinja_pass_arg", None)))
                                 for kind, functions in (("filter", env.filters), ("test", env.tests))
                                 for name, function in functions.items()))
        extensions = tuple(sorted((name, type(extension)) for name, extension in env.extensions.items()))
        i18n = (getattr(env, "newstyle_gettext", None), repr(sorted(env.policies.items())))
        return (bucket.key, type(env), lexer, env.autoescape, env.finalize, env.is_async, env.optimized,
                callables, extensions, i18n)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        checksum, code = self._code.get(self._key(bucket), ("", None))
        if checksum == bucket.checksum:
            bucket.code = code  # type: ignore[assignment]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[self._key(bucket)] = (bucket.checksum, bucket.code)


_COMPILED_ONCE = _CompiledOnce()
_new_environment = jinja2.Environment.__init__


def _environment_compiling_once(self: jinja2.Environment, *args: Any, **kwargs: Any) -> None:
    _new_environment(self, *args, **kwargs)
    if self.bytecode_cache is None:
        self.bytecode_cache = _COMPILED_ONCE


jinja2.Environment.__init__ = _environment_compiling_once  # type: ignore[method-assign]


settings.register_profile("glossa", deadline=None, database=None)
settings.load_profile("glossa")
"""Property tests: a build's time varies with the machine, so no deadline; and no example
database in the clone, so that a run tests what the code and the seed say, not what an earlier run
left behind."""


CHROMIUM = os.environ.get("GLOSSA_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--long-properties", action="store_true",
                     help="run the property-based tests with many more examples")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's package 'chromium' (make test does)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
