"""Quality report of a first import: the RxHive sample, or the corpus ten times its size.

    .venv/bin/python bench/quality_bench.py [--sample PATH] [--copies 1] [--out FILE]

Imports the corpus (the sample itself, or with --copies N the sample plus N-1 copies of
every file under new titles, as bench/import_bench.py makes it) into a fresh SQLite
database, prints the import's own report, and writes `manage.py monograph_quality
--json` of that database to FILE (default: bench/results/quality.json).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from import_bench import DEFAULT_SAMPLE, ROOT, make_copies

PER_FILE = re.compile(r"^(?:/|\d+/\d+ files)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "quality.json")
    args = parser.parse_args()
    if not args.sample.is_dir():
        sys.exit(f"no sample corpus at {args.sample}")

    work = Path(tempfile.mkdtemp(prefix="medsite-quality-"))
    try:
        corpus = args.sample
        if args.copies > 1:
            corpus = work / "corpus"
            make_copies(args.sample, corpus, args.copies)
        env = {
            **os.environ,
            "DJANGO_DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{work / 'quality.sqlite3'}",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        imported = subprocess.run(
            [*manage, "import_monographs", str(corpus)], env=env, capture_output=True, text=True
        )
        if imported.returncode not in (0, 1):
            sys.exit(imported.stderr)
        # The report, without the per-file warnings and the progress lines.
        lines = imported.stdout.splitlines()
        print("\n".join(line for line in lines if not PER_FILE.match(line)))
        report = subprocess.run(
            [*manage, "monograph_quality", "--json"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report.stdout)
        print(f"\nThe database's report: {args.out}")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
