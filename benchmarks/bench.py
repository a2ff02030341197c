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


def timed_build(config: Path, site: Path) -> tuple[float, int, float]:
    """One cold build in a fresh process: (wall seconds, peak RSS in KiB, CPU seconds)."""
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    process = subprocess.Popen([MKDOCS, "build", "-q", "-f", str(config), "-d", str(site)],
                               env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def measure(articles: int, paragraphs: int, annotations: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="glossa-bench-") as tmp:
        root = Path(tmp)
        write_corpus(root, articles, paragraphs, annotations)
        configs = {"base": write_config(root, False), "glossa": write_config(root, True)}
        times: dict[str, list[float]] = {"base": [], "glossa": []}
        memory: dict[str, list[int]] = {"base": [], "glossa": []}
        cpu: dict[str, list[float]] = {"base": [], "glossa": []}
        for _ in range(runs):  # alternate, so that drift in the machine's load hits both alike
            for name, config in configs.items():
                seconds, rss, cpu_seconds = timed_build(config, root / f"site-{name}")
                times[name].append(seconds)
                memory[name].append(rss)
                cpu[name].append(cpu_seconds)
        base, glossa = statistics.median(times["base"]), statistics.median(times["glossa"])
        kinds_css = (root / "site-glossa" / "glossa" / "kinds.css").read_bytes()
        return {
            "articles": articles, "base": base, "glossa": glossa, "ratio": glossa / base,
            "per_article_ms": (glossa - base) / articles * 1000,
            "rss_base": max(memory["base"]) / 1024, "rss_glossa": max(memory["glossa"]) / 1024,
            "kinds_css_gzip": len(gzip.compress(kinds_css, 9)),
            "cpu_ratio": statistics.median(cpu["glossa"]) / statistics.median(cpu["base"]),
        }


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
    print(f"build, median: search only {main_row['base']:.2f} s, search + glossa "
          f"{main_row['glossa']:.2f} s, ratio {main_row['ratio']:.3f} (target <= 1.15); "
          f"CPU time ratio {main_row['cpu_ratio']:.3f}")
    print(f"peak RSS: search only {main_row['rss_base']:.0f} MiB, search + glossa "
          f"{main_row['rss_glossa']:.0f} MiB, ratio {main_row['rss_glossa'] / main_row['rss_base']:.3f} "
          "(target <= 1.15)")
    for size in args.scaling:
        rows.append(measure(size, args.paragraphs, args.annotations, args.runs))
    print("glossa's added time per article (should stay flat):")
    for row in sorted(rows, key=lambda r: r["articles"]):
        print(f"  {row['articles']:>5} articles: {row['per_article_ms']:6.2f} ms/article "
              f"(ratio {row['ratio']:.3f}, CPU {row['cpu_ratio']:.3f}; "
              f"RSS {row['rss_base']:.0f} -> {row['rss_glossa']:.0f} MiB)")
    if not args.skip_serve:
        loop = editing_loop()
        print(f"editing loop (save annotation -> page served), publication: "
              f"median {statistics.median(loop):.2f} s over {len(loop)} saves (target < 1 s)")
    print(f"page weight: glossa.css + glossa.js + the generated kinds.css (the corpus's four kinds) "
          f"= {(page_weight() + main_row['kinds_css_gzip']) / 1024:.1f} KiB gzip (target <= 8 KB)")


if __name__ == "__main__":
    main()
