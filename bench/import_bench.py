"""Import benchmark: the RxHive sample, and a corpus ten times its size made from it.

    .venv/bin/python bench/import_bench.py [--sample PATH] [--copies 10] [--keep DIR]
        [--code DIR] [--large-only]

For each corpus: a fresh SQLite database with the vocabulary loaded (`load_vocabulary`,
timed on its own: HPO is loaded once per database), `manage.py import_monographs` timed
from the outside (wall clock, process start included), then the same import again (every file
unchanged). Peak memory is the largest resident set of the import's processes. Prints a
Markdown table for bench/README.md and writes bench/results/import.json. --keep DIR makes
the large corpus in DIR, or uses the one already there, and leaves it (to time other code,
or another run, on the same files). --code DIR times the manage.py of another checkout
(older code, for a comparison on the same machine); --large-only skips the sample.

The import runs with the settings of production (DEBUG off): with DEBUG on, Django also
formats and logs every query, some 50,000 of them for the large corpus.
"""

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = ROOT.parent / "shared" / "corpus" / "rxhive-sample"
TITLE_LINE = re.compile(r"^(title:\s*)(.+)$", re.MULTILINE)
HEADING_LINE = re.compile(r"^(#\s+)(.+)$", re.MULTILINE)


def make_copies(sample, target, copies):
    """The sample, plus copies-1 more of every file under new titles ("X (copy 2)")."""
    count = 0
    for file in sorted(sample.rglob("*.md")):
        text = file.read_bytes().decode("utf-8", errors="surrogateescape")
        for number in range(1, copies + 1):
            out = target / f"copy-{number}" / file.relative_to(sample)
            out.parent.mkdir(parents=True, exist_ok=True)
            if number > 1:
                suffix = f" (copy {number})"
                text_n = TITLE_LINE.sub(lambda m, s=suffix: m[1] + m[2].strip() + s, text, count=1)
                text_n = HEADING_LINE.sub(lambda m, s=suffix: m[1] + m[2].strip() + s, text_n, 1)
            else:
                text_n = text
            out.write_bytes(text_n.encode("utf-8", errors="surrogateescape"))
            count += 1
    return count


def run(command, env):
    """Wall seconds, CPU seconds (user and system) and peak RSS (MiB) of a command and the
    processes it started, and its output."""
    measure = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "t = time.perf_counter() - t; u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(t, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024); "
        "sys.stderr.write(r.stdout + r.stderr); sys.exit(r.returncode)"
    )
    result = subprocess.run(
        [sys.executable, "-c", measure, *command], env=env, capture_output=True, text=True
    )
    if result.returncode not in (0, 1):
        sys.exit(f"command failed: {' '.join(command)}\n{result.stderr}")
    seconds, cpu, peak = map(float, result.stdout.split())
    return seconds, cpu, peak, result.stderr


def bench_corpus(name, corpus, files, code=ROOT):
    database = Path(tempfile.mkdtemp(prefix="medsite-bench-")) / "bench.sqlite3"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{database}",
    }
    manage = [sys.executable, str(code / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    # The vocabulary (the curated terms and HPO, once per database) is loaded before the
    # import is timed, as `make run` and a deploy have it before their first import.
    vocabulary, _, vocabulary_peak, _ = run([*manage, "load_vocabulary", "-v0"], env)
    load = os.getloadavg()[0]
    first, cpu, peak, output = run([*manage, "import_monographs", str(corpus)], env)
    again, _, peak_again, again_output = run([*manage, "import_monographs", str(corpus)], env)
    shutil.rmtree(database.parent)
    report = re.search(r"Read \d+ files in ([\d.]+) s.*", output)
    checked = re.search(r"checked in ([\d.]+) s", again_output)
    mentions = re.search(r"Side-effect mentions.*", output)
    return {
        "corpus": name,
        "files": files,
        "import_seconds": round(first, 2),
        "monographs_per_second": round(files / first),
        # CPU of the command and its parser workers together: less noisy than the wall
        # clock when the machine is shared.
        "import_cpu_seconds": round(cpu, 2),
        "load_average_before": round(load, 2),
        "reimport_seconds": round(again, 2),
        "reimport_share": round(again / first, 3),
        # The command's own time, without starting Python and Django (about 0.3 s here).
        "import_seconds_in_command": float(report[1]) if report else None,
        "reimport_seconds_in_command": float(checked[1]) if checked else None,
        "peak_rss_mib": round(max(peak, peak_again)),
        "vocabulary_load_seconds": round(vocabulary, 2),
        "vocabulary_load_peak_rss_mib": round(vocabulary_peak),
        "report": report[0] if report else "",
        "mentions": mentions[0] if mentions else "",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="make the large corpus here and keep it")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout to time")
    parser.add_argument("--large-only", action="store_true", help="skip the sample")
    args = parser.parse_args()
    if not args.sample.is_dir():
        sys.exit(f"no sample corpus at {args.sample}")

    work = Path(tempfile.mkdtemp(prefix="medsite-corpus-"))
    try:
        sample_files = len(list(args.sample.rglob("*.md")))
        big = args.keep or work / "big"
        if args.keep and args.keep.is_dir():
            big_files = len(list(big.rglob("*.md")))
        else:
            big_files = make_copies(args.sample, big, args.copies)
        results = (
            []
            if args.large_only
            else [bench_corpus("sample", args.sample, sample_files, args.code)]
        )
        results.append(bench_corpus(f"sample × {args.copies}", big, big_files, args.code))
    finally:
        shutil.rmtree(work)

    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite"
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y-%m-%d")
    if args.code == ROOT and not args.large_only:
        (out / "import.json").write_text(
            json.dumps({"date": stamp, "machine": machine, "results": results}, indent=2) + "\n"
        )
    print(f"Measured {stamp} on {machine}.\n")
    print(
        "| corpus | files | import (wall) | monographs/s | in the command | CPU | "
        "re-import, unchanged (wall) | in the command | peak RSS |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['corpus']} | {r['files']} | {r['import_seconds']} s | "
            f"{r['monographs_per_second']} | {r['import_seconds_in_command']} s | "
            f"{r['import_cpu_seconds']} s | "
            f"{r['reimport_seconds']} s ({r['reimport_share']:.1%}) | "
            f"{r['reimport_seconds_in_command']} s | {r['peak_rss_mib']} MiB |"
        )
    for r in results:
        print(f"\n{r['corpus']}: {r['report']}\n{r['mentions']}")


if __name__ == "__main__":
    main()
