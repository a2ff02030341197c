"""Glossa's benchmark: what the plugin adds to a cold `mkdocs build`, and to the editing loop.

Prints ratios and medians, never asserts on time. See benchmarks/README.md for the figures
measured on the project's machine and how to reproduce them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
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


def timed_build(config: Path, site: Path) -> tuple[float, int, float, int, int]:
    """One cold build in a fresh process: (wall seconds, peak RSS in KiB, CPU seconds, peak
    private memory of its worker processes in KiB, peak memory of the build and its workers
    together in KiB).

    `ru_maxrss` is the largest peak of the build's processes (the worker, once the build has
    reaped it, included; the build's own is the larger). Glossa's worker, when it runs, is a
    second process forked from the build: the memory it adds is its private pages (what it
    shares with the build is already counted in the build's RSS). Both are sampled every 50 ms;
    the peak together is the largest sum of the two at one moment, or the build's own peak if
    that is larger (the build peaks after the worker has stopped, writing the search index)."""
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen([MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)],
                               env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers = together = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        private = sum(_private_kib(child) for child in _children(process.pid))
        workers = max(workers, private)
        together = max(together, _rss_kib(process.pid) + private)
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed: {process.stderr.read().decode() if process.stderr else ''}")
    return (elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, workers,
            max(together, usage.ru_maxrss))


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:  # the process has just ended
        pass
    return 0


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
    build's own process, its worker's, and both together."""
    with tempfile.TemporaryDirectory(prefix="glossa-bench-") as tmp:
        root = Path(tmp)
        write_corpus(root, articles, paragraphs, annotations)
        configs = {"base": write_config(root, False), "glossa": write_config(root, True)}
        samples: dict[str, list[tuple[float, int, float, int, int]]] = {name: [] for name in configs}
        for _ in range(runs):  # alternate, so that drift in the machine's load hits all alike
            for name, config in configs.items():
                samples[name].append(timed_build(config, root / f"site-{name}"))
        own = {name: own_time(configs[name], root / "site-own") for name in ("glossa",)}
        kinds_css = (root / "site-glossa" / "glossa" / "kinds.css").read_bytes()
        result: dict[str, dict[str, float]] = {"corpus": {
            "articles": articles, "kinds_css_gzip": len(gzip.compress(kinds_css, 9))}}
        for name, runs_of in samples.items():
            result[name] = {
                "time": statistics.median(s[0] for s in runs_of),
                "rss": max(s[1] for s in runs_of) / 1024,
                "cpu": statistics.median(s[2] for s in runs_of),
                "worker": max(s[3] for s in runs_of) / 1024,
                "memory": max(s[4] for s in runs_of) / 1024,
            }
            if name in own:
                result[name]["own"] = own[name]
        return result


OWN_TIME = """
import functools, json, sys, time
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import CombinedEvent
import mkdocs.config.defaults, mkdocs.structure.pages, mkdocs.utils.templates  # any build's
start = time.perf_counter()
import glossa.plugin
from glossa.plugin import GlossaPlugin
spent = [time.perf_counter() - start]

def timed(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - begin
    return wrapper

for name in ("on_config", "on_files", "on_post_page"):
    setattr(GlossaPlugin, name, timed(getattr(GlossaPlugin, name)))
GlossaPlugin.on_page_context = CombinedEvent(*map(timed, GlossaPlugin.on_page_context.methods))
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="build", dirty=False)
build(config)
config.plugins.on_shutdown()
print(json.dumps(spent[0]))
"""
"""One build, in a fresh process, with a timer around each of Glossa's event handlers and the
import of its modules: the time Glossa itself spends in the build's own process."""


def own_time(config: Path, site: Path) -> float:
    """Seconds spent in Glossa's own code, in the build's process, in one cold build."""
    shutil.rmtree(site, ignore_errors=True)
    done = subprocess.run([sys.executable, "-c", OWN_TIME, str(config), str(site)], env=ENV,
                          capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


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


def _words(count: int, seed: int) -> str:
    vocabulary = ["money", "fell", "rose", "market", "the", "of", "bank", "rates", "a", "investors"]
    rng = random.Random(seed)
    return " ".join(rng.choice(vocabulary) for _ in range(count))


def _near_miss(text: str, shift: int = 0) -> str:
    return "".join("#" if i % 50 == 25 + shift else c for i, c in enumerate(text))


def _note(quote: str) -> str:
    return f"---\nkind: note\nauthor: Bench\nquote: {json.dumps(quote)}\n---\nA note.\n"


def hostile_inputs() -> dict[str, tuple[str, list[str]]]:
    """The inputs of issue 20 that took minutes: (page's Markdown, quotes annotating it)."""
    block, long_block = _words(2_000, 1)[:10_000], _words(4_000, 2)[:20_000]
    page = [_words(80, seed) for seed in range(5_000)]  # 2 MB in paragraphs
    return {
        "a near-miss quote of 10,000 characters": (block, [_near_miss(block)]),
        "a near-miss quote of 20,000 characters": (long_block, [_near_miss(long_block)]),
        "20 near-miss quotes of 10,000 characters": (block, [_near_miss(block, i) for i in range(20)]),
        "50 quotes not found on a page of 2 MB": (
            "\n\n".join(page), [_words(12, 10_000 + i) for i in range(50)]),
        "a quote of 100,000 '['": (_words(12_000, 3), ["[" * 100_000]),
        "a list 140 levels deep": (
            "\n".join("    " * level + f"- level {level}" for level in range(140)) + "\n\nAfter.",
            ["After."]),
    }


def hostile_builds() -> None:
    """Each input of `hostile_inputs` built with and without Glossa (target: at most 5 times the
    build without it, and under 10 s)."""
    print("hostile input, build with glossa / search only (targets: ratio <= 5, under 10 s):")
    with tempfile.TemporaryDirectory(prefix="glossa-hostile-") as temporary:
        for number, (name, (markdown, quotes)) in enumerate(hostile_inputs().items()):
            project = Path(temporary) / str(number)
            (project / "docs").mkdir(parents=True)
            (project / "docs" / "index.md").write_text(f"# Hostile\n\n{markdown}\n", encoding="utf-8")
            (project / "annotations" / "index").mkdir(parents=True)
            for i, quote in enumerate(quotes):
                (project / "annotations" / "index" / f"q{i}.md").write_text(_note(quote), encoding="utf-8")
            times = {}
            for plugins in ("search", "glossa"):
                config = project / f"{plugins}.yml"
                config.write_text(json.dumps({
                    "site_name": "Hostile", "site_url": "https://example.org/",
                    "theme": {"name": "material"}, "docs_dir": "docs",
                    "plugins": ["search", "glossa"] if plugins == "glossa" else ["search"]}))
                times[plugins] = timed_build(config, project / f"site-{plugins}")[0]
            print(f"  {name}: {times['glossa']:.2f} / {times['search']:.2f} s, "
                  f"ratio {times['glossa'] / times['search']:.2f}")


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
    parser.add_argument("--hostile-only", action="store_true",
                        help="only the hostile inputs of issue 20, with and without Glossa")
    args = parser.parse_args()
    if args.hostile_only:
        hostile_builds()
        return

    print(f"corpus: {args.articles} articles x {args.paragraphs} paragraphs, "
          f"{args.annotations} annotations each; {args.runs} cold builds per configuration")
    rows = [measure(args.articles, args.paragraphs, args.annotations, args.runs)]
    main_row = rows[0]
    base = main_row["base"]
    print(f"build, median: search only {base['time']:.2f} s (CPU {base['cpu']:.2f} s)")
    for name, label in (("glossa", "search + glossa"),):
        row = main_row[name]
        print(f"  {label}: {row['time']:.2f} s, ratio {row['time'] / base['time']:.3f} "
              f"(target <= 1.15); CPU {row['cpu']:.2f} s, ratio {row['cpu'] / base['cpu']:.3f}")
    print(f"peak memory (the build's RSS and its worker's private memory at one moment): "
          f"search only {base['memory']:.0f} MiB")
    for name, label in (("glossa", "search + glossa"),):
        row = main_row[name]
        print(f"  {label}: {row['memory']:.1f} MiB, ratio {row['memory'] / base['memory']:.3f} "
              f"(target <= 1.15); the build's own process {row['rss']:.1f} MiB, "
              f"ratio {row['rss'] / base['rss']:.3f}"
              + (f"; the worker's own {row['worker']:.1f} MiB at most" if row["worker"] else ""))
    for size in args.scaling:
        rows.append(measure(size, args.paragraphs, args.annotations, args.runs))
    print("glossa's added time per article (should stay flat):")
    for sized in sorted(rows, key=lambda r: r["corpus"]["articles"]):
        articles, base, glossa = sized["corpus"]["articles"], sized["base"], sized["glossa"]
        added = (glossa["time"] - base["time"]) / articles * 1000
        print(f"  {articles:>5.0f} articles: {added:5.2f} ms/article (ratio "
              f"{glossa['time'] / base['time']:.3f}, CPU {glossa['cpu'] / base['cpu']:.3f}; memory "
              f"{base['memory']:.0f} -> {glossa['memory']:.0f} MiB); "
              f"in Glossa's own code {glossa['own'] / articles * 1000:4.2f} ms/article")
    if not args.skip_serve:
        loop = editing_loop()
        print(f"editing loop (save annotation -> page served), publication: "
              f"median {statistics.median(loop):.2f} s over {len(loop)} saves (target < 1 s)")
    hostile_builds()
    print(f"page weight: glossa.css + glossa.js + the generated kinds.css (the corpus's four kinds) "
          f"= {(page_weight() + main_row['corpus']['kinds_css_gzip']) / 1024:.1f} KiB gzip (target <= 10 KB)")


if __name__ == "__main__":
    main()
