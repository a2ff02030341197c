"""Glossa's benchmark: what the plugin adds to a cold `mkdocs build`, and to the editing loop.

Prints ratios and medians, never asserts on time. See benchmarks/README.md for the figures
measured on the project's machine and how to reproduce them.
"""

from __future__ import annotations

import argparse
import compileall
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


def timed_build(config: Path, site: Path) -> tuple[float, int, float]:
    """One cold build in a fresh process: wall seconds, peak RSS in KiB (`ru_maxrss`) and CPU
    seconds (user + system, from `wait4`)."""
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen([MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)],
                               env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def measure(articles: int, paragraphs: int, annotations: int, runs: int) -> dict[str, dict[str, float]]:
    """Each configuration's median wall and CPU time and its largest peak memory (MiB), and the
    CPU time of each of Glossa's phases."""
    with tempfile.TemporaryDirectory(prefix="glossa-bench-") as tmp:
        root = Path(tmp)
        write_corpus(root, articles, paragraphs, annotations)
        configs = {"base": write_config(root, False), "glossa": write_config(root, True)}
        samples: dict[str, list[tuple[float, int, float]]] = {name: [] for name in configs}
        for _ in range(runs):  # alternate, so that drift in the machine's load hits all alike
            for name, config in configs.items():
                samples[name].append(timed_build(config, root / f"site-{name}"))
        own = own_time(configs["glossa"], root / "site-own")
        shipped = root / "site-glossa" / "glossa"  # glossa.css and glossa.js minified
        weight = sum(len(gzip.compress((shipped / name).read_bytes(), 9))
                     for name in ("glossa.css", "glossa.js", "kinds.css"))
        result: dict[str, dict[str, float]] = {"corpus": {"articles": articles, "weight_gzip": weight}}
        for name, runs_of in samples.items():
            result[name] = {
                "time": statistics.median(s[0] for s in runs_of),
                "memory": max(s[1] for s in runs_of) / 1024,
                "cpu": statistics.median(s[2] for s in runs_of),
            }
        result["phases"] = own
        return result


def own_time(config: Path, site: Path) -> dict[str, float]:
    """CPU seconds spent in each of Glossa's phases, in the build's process, in one cold build
    (`phases.py`)."""
    shutil.rmtree(site, ignore_errors=True)
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("phases.py")), str(config),
                           str(site)], env=ENV, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--paragraphs", type=int, default=60)
    parser.add_argument("--annotations", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scaling", type=int, nargs="*", default=[120, 1000],
                        help="other corpus sizes, for glossa's added time per article")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--hostile-only", action="store_true",
                        help="only the hostile inputs of issue 20, with and without Glossa")
    args = parser.parse_args()
    # pip compiles an installed package to bytecode, as it did MkDocs' and Material's. Glossa runs
    # from its source folder here, and where PYTHONDONTWRITEBYTECODE is set (as on the project's
    # machine) Python would compile it again in every build: 10 to 20 ms a build.
    compileall.compile_dir(ROOT / "plugins" / "glossa", quiet=1)
    if args.hostile_only:
        hostile_builds()
        return

    print(f"corpus: {args.articles} articles x {args.paragraphs} paragraphs, "
          f"{args.annotations} annotations each; {args.runs} cold builds per configuration")
    rows = [measure(args.articles, args.paragraphs, args.annotations, args.runs)]
    main_row = rows[0]
    base = main_row["base"]
    print(f"build, median: search only {base['time']:.2f} s (CPU {base['cpu']:.2f} s)")
    row = main_row["glossa"]
    print(f"  search + glossa: {row['time']:.2f} s, ratio {row['time'] / base['time']:.3f} "
          f"(target <= 1.15); CPU {row['cpu']:.2f} s, ratio {row['cpu'] / base['cpu']:.3f} "
          "(target <= 1.15)")
    glossa = main_row["glossa"]
    print(f"peak memory: search only {base['memory']:.0f} MiB, search + glossa "
          f"{glossa['memory']:.1f} MiB, ratio {glossa['memory'] / base['memory']:.3f} "
          f"(target <= 1.15, or + 10 MiB)")
    for size in args.scaling:
        rows.append(measure(size, args.paragraphs, args.annotations, args.runs))
    print("glossa's added time per article (should stay flat):")
    for sized in sorted(rows, key=lambda r: r["corpus"]["articles"]):
        articles, base, glossa = sized["corpus"]["articles"], sized["base"], sized["glossa"]
        added = (glossa["time"] - base["time"]) / articles * 1000
        phases = sized["phases"]
        print(f"  {articles:>5.0f} articles: {added:5.2f} ms/article (ratio "
              f"{glossa['time'] / base['time']:.3f}, CPU {glossa['cpu'] / base['cpu']:.3f}; memory "
              f"{base['memory']:.0f} -> {glossa['memory']:.0f} MiB); "
              f"in Glossa's own code {sum(phases.values()) / articles * 1000:4.2f} ms/article of CPU:")
        print("        " + ", ".join(f"{phase} {seconds / articles * 1000:.2f}" for phase, seconds
                                     in sorted(phases.items(), key=lambda item: -item[1])))
    if not args.skip_serve:
        loop = editing_loop()
        print(f"editing loop (save annotation -> page served), publication: "
              f"median {statistics.median(loop):.2f} s over {len(loop)} saves (target < 1 s)")
    hostile_builds()
    print(f"page weight: glossa.css + glossa.js + the generated kinds.css (the corpus's four kinds) "
          f"as shipped = {main_row['corpus']['weight_gzip'] / 1024:.1f} KiB gzip (target <= 10 KB)")


if __name__ == "__main__":
    main()
