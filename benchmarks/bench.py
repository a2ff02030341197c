"""Glossa's benchmark: what the plugin adds to a cold `mkdocs build`, and to the editing loop.

Prints ratios and medians, never asserts on time. See benchmarks/README.md for the figures
measured on the project's machine and how to reproduce them.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from corpus import write_config, write_corpus

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = str(Path(sys.executable).parent / "mkdocs")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def timed_build(config: Path, site: Path) -> tuple[float, int, float, int]:
    """One cold build in a fresh process: (wall seconds, peak RSS in KiB, CPU seconds, peak memory
    of its worker processes in KiB).

    `ru_maxrss` is the peak of the build's largest process. Glossa's worker, when it runs, is a
    second process forked from the build: the memory it adds is its private pages (what it
    shares with the build is already counted in the build's RSS), sampled every 50 ms."""
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen([MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)],
                               env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        workers = max(workers, sum(_private_kib(child) for child in _children(process.pid)))
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, workers


def _children(pid: int) -> list[int]:
    children: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as listed:
                children += map(int, listed.read().split())
    except OSError:  # the process has just ended
        pass
    return children


def _private_kib(pid: int) -> int:
    """A process's private memory (Private_Clean + Private_Dirty), in KiB."""
    private = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Private_"):
                    private += int(line.split()[1])
    except OSError:
        pass
    return private


def measure(articles: int, paragraphs: int, annotations: int, runs: int) -> dict[str, dict[str, float]]:
    """Each configuration's median wall and CPU time, and its largest peak memory (MiB): the
    build's RSS, and that plus its workers' private memory."""
    with tempfile.TemporaryDirectory(prefix="glossa-bench-") as tmp:
        root = Path(tmp)
        write_corpus(root, articles, paragraphs, annotations)
        configs = {"base": write_config(root, False), "glossa": write_config(root, True),
                   "serial": write_config(root, True, parallel=False)}
        samples: dict[str, list[tuple[float, int, float, int]]] = {name: [] for name in configs}
        for _ in range(runs):  # alternate, so that drift in the machine's load hits all alike
            for name, config in configs.items():
                samples[name].append(timed_build(config, root / f"site-{name}"))
        kinds_css = (root / "site-glossa" / "glossa" / "kinds.css").read_bytes()
        result: dict[str, dict[str, float]] = {"corpus": {
            "articles": articles, "kinds_css_gzip": len(gzip.compress(kinds_css, 9))}}
        for name, runs_of in samples.items():
            result[name] = {
                "time": statistics.median(s[0] for s in runs_of),
                "rss": max(s[1] for s in runs_of) / 1024,
                "cpu": statistics.median(s[2] for s in runs_of),
                "memory": max(s[1] + s[3] for s in runs_of) / 1024,
            }
        return result


def editing_loop(repeats: int = 3) -> list[float]:
    """Seconds from saving an annotation file to `mkdocs serve` serving the rebuilt page."""
    with tempfile.TemporaryDirectory(prefix="glossa-serve-") as tmp:
        project = Path(tmp) / "site"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(
            ".venv", "site", ".git", "node_modules", "*.egg-info", "__pycache__", "test-artifacts"))
        port = _free_port()
        server = subprocess.Popen([MKDOCS, "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, env=ENV, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{port}/openai-is-crashing/"
        try:
            _wait_for(url, lambda page: "data-glossa-block" in page, 120)
            note = project / "annotations" / "openai-is-crashing" / "chinese-disclaimer.md"
            original = note.read_text(encoding="utf-8")
            results = []
            for n in range(repeats):
                marker = f"bench-marker-{n}-{time.time_ns()}"
                start = time.perf_counter()
                note.write_text(original + f"\n{marker}\n", encoding="utf-8")
                _wait_for(url, lambda page, m=marker: m in page, 60)
                results.append(time.perf_counter() - start)
                time.sleep(0.5)
            return results
        finally:
            server.terminate()
            server.wait(10)


def _wait_for(url: str, ready, timeout: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if ready(response.read().decode("utf-8")):
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"timed out waiting for {url}")


def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def page_weight() -> int:
    assets = ROOT / "plugins" / "glossa" / "assets" / "glossa"
    data = b"".join((assets / name).read_bytes() for name in ("glossa.css", "glossa.js"))
    return len(gzip.compress(data, 9))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--paragraphs", type=int, default=60)
    parser.add_argument("--annotations", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scaling", type=int, nargs="*", default=[250, 1000],
                        help="other corpus sizes, for glossa's added time per article")
    parser.add_argument("--skip-serve", action="store_true")
    args = parser.parse_args()

    print(f"corpus: {args.articles} articles x {args.paragraphs} paragraphs, "
          f"{args.annotations} annotations each; {args.runs} cold builds per configuration")
    rows = [measure(args.articles, args.paragraphs, args.annotations, args.runs)]
    main_row = rows[0]
    base = main_row["base"]
    print(f"build, median: search only {base['time']:.2f} s (CPU {base['cpu']:.2f} s)")
    for name, label in (("glossa", "search + glossa"), ("serial", "search + glossa, parallel: false")):
        row = main_row[name]
        print(f"  {label}: {row['time']:.2f} s, ratio {row['time'] / base['time']:.3f} "
              f"(target <= 1.15); CPU {row['cpu']:.2f} s, ratio {row['cpu'] / base['cpu']:.3f}")
    print(f"peak memory (RSS, plus the worker's private memory): search only {base['memory']:.0f} MiB")
    for name, label in (("glossa", "search + glossa"), ("serial", "search + glossa, parallel: false")):
        row = main_row[name]
        print(f"  {label}: {row['memory']:.0f} MiB, ratio {row['memory'] / base['memory']:.3f} "
              f"(target <= 1.15); the build's own process {row['rss']:.0f} MiB, "
              f"ratio {row['rss'] / base['rss']:.3f}")
    for size in args.scaling:
        rows.append(measure(size, args.paragraphs, args.annotations, args.runs))
    print("glossa's added time per article (should stay flat), with its worker / parallel: false:")
    for row in sorted(rows, key=lambda r: r["corpus"]["articles"]):
        articles, base = row["corpus"]["articles"], row["base"]
        glossa, serial = row["glossa"], row["serial"]
        added = [(r["time"] - base["time"]) / articles * 1000 for r in (glossa, serial)]
        print(f"  {articles:>5.0f} articles: {added[0]:5.2f} / {added[1]:5.2f} ms/article (ratio "
              f"{glossa['time'] / base['time']:.3f} / {serial['time'] / base['time']:.3f}; memory "
              f"{base['memory']:.0f} -> {glossa['memory']:.0f} / {serial['memory']:.0f} MiB)")
    if not args.skip_serve:
        loop = editing_loop()
        print(f"editing loop (save annotation -> page served), publication: "
              f"median {statistics.median(loop):.2f} s over {len(loop)} saves (target < 1 s)")
    print(f"page weight: glossa.css + glossa.js + the generated kinds.css (the corpus's four kinds) "
          f"= {(page_weight() + main_row['corpus']['kinds_css_gzip']) / 1024:.1f} KiB gzip (target <= 8 KB)")


if __name__ == "__main__":
    main()
