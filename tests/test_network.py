"""The build never touches the network (SPEC §6).

Two proofs on a copy of the publication: an in-process build with every way of resolving a name
or opening a connection through Python's `socket` module replaced by a tripwire, and a real
`mkdocs build --strict` in a subprocess whose `sitecustomize` installs an audit hook, which sees
every socket the interpreter (or a C extension going through it) creates, resolves or connects.
A positive control shows that each tripwire does catch a connection.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import ROOT, build

SITECUSTOMIZE = textwrap.dedent("""\
    import os
    import sys

    _LOG = os.environ["GLOSSA_NETWORK_LOG"]

    def _record(line):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(line + "\\n")

    def _no_network(event, args):
        if event.startswith("socket.") or event in ("urllib.Request", "http.client.connect"):
            _record(f"{event} {args!r}")
            if event != "socket.__new__":
                raise OSError(f"network access during the build: {event} {args!r}")

    _record("tripwire ready")
    sys.addaudithook(_no_network)
""")


def copy_publication(target: Path) -> Path:
    """The edition as `make site` builds it: mkdocs.yml, docs/ and annotations/."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copytree(ROOT / "annotations", target / "annotations")
    return target


def run_with_tripwire(args: list[str], cwd: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str],
                                                                         list[str]]:
    hooks = tmp_path / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "network.log"
    log.write_text("", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hooks), os.environ.get("PYTHONPATH", "")]),
           "GLOSSA_NETWORK_LOG": str(log), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    return done, log.read_text(encoding="utf-8").splitlines()


def test_mkdocs_build_strict_in_a_subprocess_opens_no_socket(tmp_path: Path):
    project = copy_publication(tmp_path / "publication")
    done, events = run_with_tripwire(["-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir",
                                      str(tmp_path / "site")], project, tmp_path)
    assert events[:1] == ["tripwire ready"], "the audit hook was not installed"
    assert events[1:] == [], "the build used the network"
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "openai-is-crashing" / "index.html").is_file()


def test_the_subprocess_tripwire_catches_a_connection(tmp_path: Path):
    """Positive control: the same hook reports (and stops) an attempt to connect."""
    code = "import socket; socket.create_connection(('192.0.2.1', 80), timeout=1)"
    done, events = run_with_tripwire(["-c", code], tmp_path, tmp_path)
    assert done.returncode != 0 and "network access during the build" in done.stderr
    assert any(event.startswith(("socket.getaddrinfo", "socket.connect")) for event in events[1:])


TRIPWIRES = [(socket, "create_connection"), (socket, "getaddrinfo"), (socket, "gethostbyname"),
             (socket, "gethostbyname_ex"), (socket, "gethostbyaddr"), (socket.socket, "connect"),
             (socket.socket, "connect_ex"), (socket.socket, "sendto")]


@pytest.fixture
def tripwires(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every socket entry point of this process raises, and is recorded, while the test runs."""
    attempts: list[str] = []
    for owner, name in TRIPWIRES:
        def trip(*args: object, _name: str = name, **kwargs: object) -> None:
            attempts.append(f"{_name}{args[1:] if _name in ('connect', 'connect_ex', 'sendto') else args}")
            raise OSError(f"network access during the build: {_name}")
        monkeypatch.setattr(owner, name, trip)
    return attempts


def test_an_in_process_build_of_the_publication_opens_no_connection(tmp_path: Path,
                                                                    tripwires: list[str]):
    project = copy_publication(tmp_path / "publication")
    result = build(project, strict=True)
    assert tripwires == []
    assert not result.aborted, result.warnings
    assert result.page("openai-is-crashing/index.html").xpath("//*[@data-glossa-id]")


def test_the_in_process_tripwires_catch_a_connection(tripwires: list[str]):
    with pytest.raises(OSError, match="network access"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(OSError, match="network access"):
        socket.getaddrinfo("example.org", 443)
    assert [attempt.split("(")[0] for attempt in tripwires] == ["create_connection", "getaddrinfo"]
