"""Lay side-effect search benchmark: index build, query time, right answers, typo matching.

    .venv/bin/python bench/lay_search_bench.py [--database-url sqlite:///…] [--before REV]

A fresh SQLite database gets the vocabulary (with HPO), the seeds and the RxHive sample,
unless --database-url names one that has them. Then, in this process:

- the index of the reviewed vocabulary, built from the database (median of 5 builds);
- the 40 lay queries of tests/test_lay_search.py: right term first and in the top 3,
  and the time of search_side_effects() (warm index) per query, against the search of
  --before (a git revision; its monographs/public/search.py, run on the same database);
- the typo step alone: one-edit typos of the vocabulary's words, each looked up among
  the index's words by rapidfuzz (what the index uses) and by difflib;
- the side-effect search page and the suggestions through Django's test client.

Prints Markdown for bench/README.md; raw figures in bench/results/lay_search.json.
"""

import argparse
import difflib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT.parent / "shared" / "corpus" / "rxhive-sample"
sys.path.insert(0, str(ROOT / "bench"))

from pages_bench import setup_django  # noqa: E402


def timed(function, repeat):
    """Median and 90th percentile of the function's time in ms, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[max(int(len(times) * 0.9) - 1, 0)], result


def accuracy(search, queries, repeat):
    top = top_three = 0
    times = []
    for query, expected in queries:
        median, _, matches = timed(lambda q=query: search(q, limit=3), repeat)
        times.append(median)
        names = [match.side_effect.name for match in matches]
        top += names[:1] == [expected]
        top_three += expected in names
    times.sort()
    return {
        "top_1": top,
        "top_3": top_three,
        "queries": len(queries),
        "median_ms": round(statistics.median(times), 2),
        "p90_ms": round(times[int(len(times) * 0.9) - 1], 2),
    }


def search_of_revision(revision):
    """search_side_effects as monographs/public/search.py was at the revision."""
    source = subprocess.run(
        ["git", "show", f"{revision}:monographs/public/search.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType(f"search_at_{revision}")
    exec(compile(source, f"{revision}:search.py", "exec"), module.__dict__)  # noqa: S102
    return module.search_side_effects


def typos(words, count, seed=14):
    """(typo, word) pairs: one deletion, transposition, substitution or doubled letter,
    never in the first letter."""
    rng = random.Random(seed)
    pairs = []
    candidates = sorted(word for word in words if len(word) >= 6 and word.isalpha())
    for word in rng.sample(candidates, min(count, len(candidates))):
        at = rng.randrange(1, len(word) - 1)
        kind = rng.choice(["delete", "swap", "substitute", "double"])
        if kind == "delete":
            typo = word[:at] + word[at + 1 :]
        elif kind == "swap":
            typo = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        elif kind == "substitute":
            typo = word[:at] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[at + 1 :]
        else:
            typo = word[:at] + word[at] + word[at:]
        if typo != word:
            pairs.append((typo, word))
    return pairs


def typo_matching(index, count):
    from rapidfuzz import fuzz, process

    from monographs.public.side_effect_index import TYPO_CUTOFF

    surface = index.sorted_surface
    pairs = typos(surface, count)

    def with_rapidfuzz(typo):
        found = process.extract(typo, surface, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=5)
        return [word for word, _, _ in found if word[0] == typo[0]]

    def with_difflib(typo):
        found = difflib.get_close_matches(typo, surface, n=5, cutoff=TYPO_CUTOFF / 100)
        return [word for word in found if word[0] == typo[0]]

    results = {"typos": len(pairs), "words": len(surface)}
    for name, match in (("rapidfuzz", with_rapidfuzz), ("difflib", with_difflib)):
        started = time.perf_counter()
        found = [match(typo) for typo, _ in pairs]
        elapsed = (time.perf_counter() - started) * 1000
        right = sum(words[:1] == [word] for words, (_, word) in zip(found, pairs, strict=True))
        results[name] = {
            "ms_per_typo": round(elapsed / len(pairs), 3),
            "right_first": right,
            "right_in_5": sum(word in words for words, (_, word) in zip(found, pairs, strict=True)),
        }
    return results


def pages(repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    urls = {
        "side-effect search, a sentence": "/side-effects/?q=my+tummy+hurts+after+i+eat",
        "side-effect search, a typo": "/side-effects/?q=constipaton",
        "suggestions, a fragment": "/side-effects/suggest/?q=dizz",
        "suggestions, lay words": "/side-effects/suggest/?q=being+sick",
    }
    for name, url in urls.items():
        client.get(url)
        median, p90, _ = timed(lambda u=url: client.get(u), repeat)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results[name] = {
            "url": url,
            "median_ms": round(median, 1),
            "p90_ms": round(p90, 1),
            "queries": len(queries),
        }
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="a database with the sample imported")
    parser.add_argument("--before", default="4657636", help="the revision to compare with")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--typos", type=int, default=400)
    args = parser.parse_args()

    folder = None
    database_url = args.database_url
    if not database_url:
        if not SAMPLE.is_dir():
            sys.exit(f"no sample corpus at {SAMPLE}")
        folder = Path(tempfile.mkdtemp(prefix="medsite-lay-search-"))
        database_url = f"sqlite:///{folder / 'bench.sqlite3'}"
    setup_django(database_url)
    from django.core.management import call_command
    from django.db import connection

    from monographs.models import Drug, SideEffect
    from monographs.public.search import search_side_effects
    from monographs.public.side_effect_index import build_index, side_effect_index
    from tests.test_lay_search import LAY_QUERIES

    if folder:
        call_command("migrate", verbosity=0)
        call_command("load_vocabulary", verbosity=0)
        call_command("import_monographs", str(ROOT / "seeds"), str(SAMPLE), verbosity=0)

    build_median, _, index = timed(build_index, 5)
    side_effect_index()
    listed = SideEffect.objects.with_published_drug_counts().filter(is_reviewed=True).count()
    results = {
        "drugs": Drug.objects.count(),
        "reviewed_terms": SideEffect.objects.filter(is_reviewed=True).count(),
        "reviewed_terms_listed": listed,
        "index": {"build_ms": round(build_median, 1), "documents": len(index.documents)},
        "queries_now": accuracy(search_side_effects, LAY_QUERIES, args.repeat),
        "queries_before": accuracy(search_of_revision(args.before), LAY_QUERIES, args.repeat),
        "typo_matching": typo_matching(index, args.typos),
        "pages": pages(args.repeat),
    }
    if folder:
        shutil.rmtree(folder)

    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {database}"
    stamp = time.strftime("%Y-%m-%d")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    record = {"date": stamp, "machine": machine, "before": args.before, **results}
    (out / "lay_search.json").write_text(json.dumps(record, indent=2) + "\n")

    print(f"Measured {stamp} on {machine}: {results['drugs']:,} drugs, ", end="")
    print(f"{results['reviewed_terms']} reviewed terms ({listed} listed by published drugs).\n")
    print(f"Index build: {results['index']['build_ms']} ms ({len(index.documents)} terms).\n")
    print("| search | right term first | in the top 3 | median (p90) per query |")
    print("|---|---:|---:|---:|")
    for name, key in (("before", "queries_before"), ("now", "queries_now")):
        row = results[key]
        print(
            f"| {name} | {row['top_1']}/{row['queries']} | {row['top_3']}/{row['queries']} "
            f"| {row['median_ms']} ms ({row['p90_ms']}) |"
        )
    typo = results["typo_matching"]
    print(f"\n{typo['typos']} one-edit typos among {typo['words']:,} words:\n")
    print("| library | right word first | in the best 5 | per typo |")
    print("|---|---:|---:|---:|")
    for name in ("rapidfuzz", "difflib"):
        row = typo[name]
        print(f"| {name} | {row['right_first']} | {row['right_in_5']} | {row['ms_per_typo']} ms |")
    print("\n| page | median (p90) | queries |")
    print("|---|---:|---:|")
    for name, row in results["pages"].items():
        timing = f"{row['median_ms']} ms ({row['p90_ms']})"
        print(f"| {name} (`{row['url']}`) | {timing} | {row['queries']} |")


if __name__ == "__main__":
    main()
