"""Public page benchmark: server time and queries per page, at several sizes.

    .venv/bin/python bench/pages_bench.py [--sizes 20000 100000] [--repeat 30]
    .ci/with-postgres .venv/bin/python bench/pages_bench.py --sizes 20000 100000

A fresh database (a temporary SQLite file, or the empty PostgreSQL database that
DATABASE_URL names) gets the seeds and the RxHive sample, then synthetic monographs
(`manage.py generate_corpus`) up to each size in turn. At each size every page is
requested --repeat times through Django's test client, in this process, with debug off
and no cache: the time is the server's (URL routing, views, queries, templates), not the
network's. Prints a Markdown table for bench/README.md; raw figures in
bench/results/pages.json (SQLite) or pages-postgresql.json.
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT.parent / "shared" / "corpus" / "rxhive-sample"

# Ten drugs of the seeds and the sample, several stating interactions with each other.
CHECKED_DRUGS = (
    "warfarin", "ibuprofen", "naproxen", "amlodipine-benazepril", "fluoxetine", "sertraline",
    "ciprofloxacin", "simvastatin", "lisinopril", "gabapentin",
)  # fmt: skip

PAGES = {
    "home": "/",
    "drug list": "/drugs/",
    "filtered listing (2 side effects)": "/drugs/?side_effect=headache&side_effect=nausea",
    "filtered listing (all, common, without)": (
        "/drugs/?side_effect=headache&side_effect=dizziness&match=all&common_only=on"
        "&without=drowsiness"
    ),
    "drug page": "/drugs/interferon-beta-1b/",
    "side effects A–Z": "/side-effects/",
    "side-effect page": "/side-effects/headache/",
    "side-effect page, common only": "/side-effects/headache/?tier=very-common&tier=common",
    "side-effect search (lay words)": "/side-effects/?q=throwing+up",
    "suggestions (JSON)": "/side-effects/suggest/?q=dizzy",
    "full-text search": "/search/?q=blood+pressure",
    "conditions": "/conditions/",
    "condition comparison": "/conditions/high-blood-pressure/?sort=fewest-common",
    "interaction checker (10 drugs, 45 pairs)": "/interactions/?"
    + "&".join(f"drug={slug}" for slug in CHECKED_DRUGS),
    "drug suggestions (JSON)": "/interactions/suggest/?q=war&drug=ibuprofen",
    "two drugs compared": "/compare/?drug=interferon-beta-1b&drug=warfarin",
    # The content API (JSON) beside the pages it mirrors.
    "API: drug list": "/api/v1/drugs/",
    "API: filtered list (2 side effects)": "/api/v1/drugs/?side_effect=headache&side_effect=nausea",
    "API: drug": "/api/v1/drugs/interferon-beta-1b/",
    "API: side effect": "/api/v1/side-effects/headache/",
    "API: side-effect search": "/api/v1/side-effects/?q=throwing+up",
    "API: condition": "/api/v1/conditions/high-blood-pressure/?sort=fewest-common",
}


def setup_django(database_url):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="medsite.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SECURE_SSL="0",
        MEDSITE_PAGE_CACHE="0",  # the work of rendering, not the page cache
        DJANGO_ALLOWED_HOSTS="testserver",
        DATABASE_URL=database_url,
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }


def measure(repeat):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for name, url in PAGES.items():
        client.get(url)  # warm caches of the process (templates, regexes)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{url}: HTTP {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        times.sort()
        results[name] = {
            "url": url,
            "median_ms": round(statistics.median(times), 1),
            "p90_ms": round(times[int(len(times) * 0.9) - 1], 1),
            "queries": len(queries),
        }
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20000])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if not SAMPLE.is_dir():
        sys.exit(f"no sample corpus at {SAMPLE}")

    database_url, folder = os.environ.get("DATABASE_URL", ""), None
    if not database_url.startswith("postgres"):
        folder = Path(tempfile.mkdtemp(prefix="medsite-pages-"))
        database_url = f"sqlite:///{folder / 'bench.sqlite3'}"
    setup_django(database_url)
    from django.core.management import call_command
    from django.db import connection

    from monographs.models import Drug

    call_command("migrate", verbosity=0)
    call_command("import_monographs", str(ROOT / "seeds"), str(SAMPLE), verbosity=0)
    sizes = {Drug.objects.count(): measure(args.repeat)}
    for size in sorted(args.sizes):
        started = time.perf_counter()
        call_command("generate_corpus", drugs=size - Drug.objects.count(), verbosity=0)
        print(f"{size:,} drugs generated in {time.perf_counter() - started:.0f} s", flush=True)
        sizes[Drug.objects.count()] = measure(args.repeat)
    if folder:
        shutil.rmtree(folder)

    database = "PostgreSQL 15" if connection.vendor == "postgresql" else "SQLite"
    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, {database}"
    stamp = time.strftime("%Y-%m-%d")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    name = "pages-postgresql.json" if connection.vendor == "postgresql" else "pages.json"
    (out / name).write_text(
        json.dumps({"date": stamp, "machine": machine, "sizes": sizes}, indent=2) + "\n"
    )
    counts = list(sizes)
    print(f"Measured {stamp} on {machine}; median (p90) server time, queries.\n")
    header = " | ".join(f"{count:,} drugs" for count in counts)
    print(f"| page | {header} | queries |")
    print("|---|" + "---:|" * len(counts) + "---:|")
    for page in PAGES:
        cells = " | ".join(
            f"{sizes[c][page]['median_ms']} ms ({sizes[c][page]['p90_ms']})" for c in counts
        )
        queries = {sizes[c][page]["queries"] for c in counts}
        print(f"| {page} | {cells} | {'/'.join(map(str, sorted(queries)))} |")


if __name__ == "__main__":
    main()
