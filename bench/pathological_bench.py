"""Pathological-input benchmark: each text of corpus/pathological.py, at the size limit of
one field and one character over it, imported, shown and searched, and in the live preview.

    .venv/bin/python bench/pathological_bench.py [--before PATH] [--timeout 60]

Every input runs in fresh processes, each with a fresh copy of one migrated SQLite
database: one runs `import_monographs` of a folder holding only its monograph, then (if
it was imported) its drug page and a search that finds it; another posts the text to the
admin's live preview. Each step is timed; memory is how far the process's peak resident
set rose in its first step (the import, or the preview). A process still running after
--timeout seconds is stopped and reported as such. --before PATH measures another
checkout the same way (the code before a change, e.g. `git archive <commit> | tar -x -C
PATH`), with the same inputs. Prints Markdown tables for bench/README.md and writes
bench/results/pathological.json.
"""

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import pathological  # noqa: E402
from monographs.limits import MAX_FIELD_CHARACTERS  # noqa: E402

# Over-limit text written into the database directly, as a monograph saved before there
# were limits would be: what its page and search cost.
LEGACY_USAGE_CHARACTERS = 5_000_000
STEPS = ("import", "page", "search", "preview")

# Runs inside the measured checkout: one input, every step, one JSON line per step.
CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, os.getcwd())
os.environ["DJANGO_SETTINGS_MODULE"] = "medsite.settings"
import django
django.setup()
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from monographs.models import Drug

mode, folder, text_path = sys.argv[1:4]

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def step(name, action):
    before, started = peak(), time.perf_counter()
    outcome = action()
    seconds = time.perf_counter() - started
    print(json.dumps({"step": name, "seconds": round(seconds, 3),
                      "peak_mib": round(peak() - before, 1), "outcome": outcome}), flush=True)

def imported():
    try:
        call_command("import_monographs", folder, verbosity=0)
        return "imported"
    except CommandError:
        return "refused"

client = Client(HTTP_HOST="localhost")
text = open(text_path, encoding="utf-8").read()
if mode == "preview":
    User.objects.create_superuser("bench", "bench@example.com", "bench")
    client.force_login(User.objects.get(username="bench"))
    step("preview", lambda: client.post("/admin/markdown-preview/", {"content": text}).status_code)
    sys.exit()
if mode == "legacy":
    Drug.objects.create(name="Pathological", slug="pathological", usage=text, status="published")
else:
    step("import", imported)
drug = Drug.objects.filter(name="Pathological").first()
if drug is not None:
    step("page", lambda: client.get(f"/drugs/{drug.slug}/").status_code)
    step("search", lambda: client.get("/search/", {"q": "pathological"}).status_code)
"""


def migrated_database(root, folder):
    database = folder / "migrated.sqlite3"
    env = environment(root, database)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True)
    return database


def environment(root, database):
    return {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDSITE_PAGE_CACHE": "0",
    }


def measure(root, template, work, name, text, timeout, modes=("import", "preview")):
    """{step: {seconds, peak_mib, outcome}} for one input, each mode in a fresh process
    and database."""
    steps, started = {}, time.perf_counter()
    for mode in modes:
        folder = Path(tempfile.mkdtemp(dir=work))
        database = folder / "bench.sqlite3"
        shutil.copy(template, database)
        text_path = folder / "field.md"
        text_path.write_text(text, encoding="utf-8")
        (folder / "import").mkdir()
        (folder / "import" / "pathological.md").write_text(
            pathological.monograph("Pathological", text), encoding="utf-8"
        )
        command = [sys.executable, "-c", CHILD, mode, str(folder / "import"), str(text_path)]
        steps.update(run_child(command, root, environment(root, database), timeout, mode))
        shutil.rmtree(folder)
    print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return steps


def run_child(command, root, env, timeout, mode):
    process = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    steps = {}
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        steps[f"{mode} stopped"] = {"seconds": timeout, "outcome": "timeout"}
    for line in output.splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            steps[record.pop("step")] = record
    return steps


def inputs(size):
    """(name, text) of every input: each text at the limit and one character over it."""
    for name, text in pathological.texts(size).items():
        yield f"{name}, at the limit", text
    for name, text in pathological.texts(size + 1).items():
        yield f"{name}, 1 over", text


def measure_checkout(root, timeout, size):
    work = Path(tempfile.mkdtemp(prefix="medsite-pathological-"))
    try:
        template = migrated_database(root, work)
        results = {
            name: measure(root, template, work, name, text, timeout) for name, text in inputs(size)
        }
        legacy = pathological.run("word ", LEGACY_USAGE_CHARACTERS)
        name = f"usage of {LEGACY_USAGE_CHARACTERS:,} characters already in the database"
        results[name] = measure(root, template, work, name, legacy, timeout, modes=["legacy"])
        return results
    finally:
        shutil.rmtree(work)


def cell(steps, name):
    """A step's time, with its memory for the steps that run first in their process."""
    if name in steps:
        record = steps[name]
        if name in ("page", "search"):
            return f"{record['seconds']:.2f} s ({record['outcome']})"
        return f"{record['seconds']:.2f} s, +{record['peak_mib']:.0f} MiB ({record['outcome']})"
    stopped = steps.get(f"{name} stopped") or (name == "page" and steps.get("legacy stopped"))
    return f"stopped after {stopped['seconds']} s" if stopped else "—"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="Another checkout to measure the same way.")
    parser.add_argument("--timeout", type=int, default=60, help="Seconds per input (default 60).")
    parser.add_argument("--size", type=int, default=MAX_FIELD_CHARACTERS)
    args = parser.parse_args()

    checkouts = {"after": ROOT} if not args.before else {"before": args.before, "after": ROOT}
    measured = {}
    for label, root in checkouts.items():
        print(f"{label}: {root}", file=sys.stderr)
        measured[label] = measure_checkout(root, args.timeout, args.size)

    machine = f"{os.cpu_count()} cores, Python {platform.python_version()}, SQLite"
    load = os.getloadavg()[0]
    stamp = time.strftime("%Y-%m-%d")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "pathological.json").write_text(
        json.dumps(
            {
                "date": stamp,
                "machine": machine,
                "load_average_at_end": round(load, 2),
                "field_limit": args.size,
                "timeout_seconds": args.timeout,
                "results": measured,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"Measured {stamp} on {machine}; load average {load:.2f} at the end.\n")
    for label, results in measured.items():
        print(f"\n{label}:\n")
        print("| input | import | drug page | search | live preview |")
        print("|---|---|---|---|---|")
        for name, steps in results.items():
            cells = " | ".join(cell(steps, step) for step in STEPS)
            print(f"| {name} | {cells} |")


if __name__ == "__main__":
    main()
