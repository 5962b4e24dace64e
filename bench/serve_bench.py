"""Load-test `make serve` with wrk: static file, cached and uncached pages, and pages read
while an import writes, at the sample's size and at 20,000 drugs.

    .venv/bin/python bench/serve_bench.py [--seconds 60] [--connections 64]

Needs wrk (apt-get install wrk) and ../shared/corpus/rxhive-sample. Everything runs on
loopback against a fresh SQLite database in a temporary folder; results go to
bench/results/serve.json and a Markdown table is printed for bench/README.md.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT.parent / "shared" / "corpus" / "rxhive-sample"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
CHANGED_DRUG = "interferon-beta-1b"

# Realistic filters (the 20,000 synthetic drugs list them about as often as the sample
# does), then the worst case: the two terms the synthetic corpus lists most.
PAGES = {
    "drug page": f"/drugs/{CHANGED_DRUG}/",
    "listing, 2 side effects": "/drugs/?side_effect=dizziness&side_effect=rash",
    "side-effect page": "/side-effects/dizziness/",
    "search": "/search/?q=blood+pressure",
    "listing, 2 most listed side effects": "/drugs/?side_effect=headache&side_effect=nausea",
    "side-effect page, most listed term": "/side-effects/headache/",
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument(
        "--drugs", type=int, default=20000, help="synthetic drugs for the large run"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    results = {"seconds": args.seconds, "connections": args.connections, "runs": []}
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        env = server_env(database)
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "import_monographs", str(SAMPLE), str(ROOT / "seeds"), "--verbosity", "0")
        corpora = [("sample + seeds", None), (f"{args.drugs:,} drugs", args.drugs)]
        for corpus, synthetic in corpora:
            if synthetic:
                manage(env, "generate_corpus", "--drugs", str(synthetic - drug_count(env)))
            results["runs"] += measure(corpus, env, args, import_under_load=bool(synthetic))
    out = ROOT / "bench" / "results" / "serve.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print_table(results)


def measure(corpus, env, args, import_under_load):
    runs = []
    with serving(env, page_cache=True) as base:
        static = static_css(base)
        runs.append(wrk_run(corpus, "static CSS (whitenoise)", "—", base, static, args))
        for name, path in PAGES.items():
            runs.append(wrk_run(corpus, name, "cached", base, path, args))
        if import_under_load:
            runs.append(import_while_loaded(corpus, env, base, args))
    with serving(env, page_cache=False) as base:
        for name, path in PAGES.items():
            runs.append(wrk_run(corpus, name, "uncached", base, path, args))
    return runs


def wrk_run(corpus, page, cache, base, path, args, script=None):
    command = [
        "wrk", "-t1", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "10s",
        "--latency", "-H", "Accept-Encoding: gzip",
    ]  # fmt: skip
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, base + path], capture_output=True, text=True, check=True)
    run = {"corpus": corpus, "page": page, "cache": cache, "path": path, **parse(output.stdout)}
    print(json.dumps(run), flush=True)
    return run


def parse(text):
    def number(pattern, default=0.0):
        match = re.search(pattern, text)
        return float(match.group(1)) if match else default

    def latency_ms(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    return {
        "requests_per_second": number(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(number(r"(\d+) requests in")),
        "p50_ms": round(latency_ms(50), 2),
        "p99_ms": round(latency_ms(99), 2),
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
        "non_2xx": int(number(r"Non-2xx or 3xx responses: (\d+)")),
    }


def import_while_loaded(corpus, env, base, args):
    """wrk over every page while the sample and seeds are imported again and again, each
    import rewriting every monograph; then every request for the page whose dose the
    imports changed shows the change."""
    marker = f"Changed under load {secrets.token_hex(4)}"
    with tempfile.TemporaryDirectory() as folder:
        # Two versions of the whole corpus, differing in every file, imported in turn:
        # every import rewrites every monograph. Both carry the changed dose.
        versions = [Path(folder) / name for name in ("a", "b")]
        for number, version in enumerate(versions, start=1):
            shutil.copytree(SAMPLE, version / "sample")
            shutil.copytree(ROOT / "seeds", version / "seeds")
            for path in version.rglob("*.md"):
                text = path.read_text(errors="replace") + "\n" * number
                if path.name == f"{CHANGED_DRUG}.md":
                    text = text.replace("every other day", marker, 1)
                path.write_text(text)
        script = Path(folder) / "pages.lua"
        paths = ", ".join(json.dumps(path) for path in PAGES.values())
        script.write_text(
            f"paths = {{{paths}}}\ni = 0\n"
            "request = function()\n  i = i % #paths + 1\n"
            '  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip"})\nend\n'
        )
        imports = []

        def import_until_done():
            while not done.is_set():
                version = versions[len(imports) % 2]
                command = [PYTHON, "manage.py", "import_monographs", str(version / "sample"),
                           str(version / "seeds"), "--force", "--verbosity", "0"]  # fmt: skip
                started = time.monotonic()
                subprocess.run(command, cwd=ROOT, env=env, check=True)
                imports.append(time.monotonic() - started)

        done = threading.Event()
        importer = threading.Thread(target=import_until_done)
        importer.start()
        run = wrk_run(corpus, "every page, imports running", "cached", base, "/", args, script)
        done.set()
        importer.join()
        run["imports_during_run"] = len(imports)
        run["seconds_per_import"] = round(sum(imports) / len(imports), 1)
        answers = [fetch(base + PAGES["drug page"]) for _ in range(40)]
        run["new_text_after_import"] = f"{sum(marker in a for a in answers)} of {len(answers)}"
        return run


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def static_css(base):
    page = fetch(base + "/")
    return re.search(r'href="(/static/monographs/site\.[0-9a-f]+\.css)"', page).group(1)


class serving:
    """`make serve` on a free port, stopped on exit."""

    def __init__(self, env, page_cache):
        self.env = {**env, "MEDSITE_PAGE_CACHE": "1" if page_cache else "0", "PORT": free_port()}

    def __enter__(self):
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"], cwd=ROOT, env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{self.env['PORT']}"
        for _ in range(300):
            try:
                fetch(base + "/")
                time.sleep(2)  # let every worker finish booting
                return base
            except OSError:
                time.sleep(0.2)
        raise SystemExit("make serve did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return str(sock.getsockname()[1])


def server_env(database):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    env.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_DEBUG="0", DJANGO_SECURE_SSL="0")
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def drug_count(env):
    code = "from monographs.models import Drug; print(Drug.objects.count())"
    output = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return int(output.stdout.split()[-1])


def print_table(results):
    print("\n| corpus | page | cache | requests/s | p50 | p99 | errors | non-2xx |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for run in results["runs"]:
        errors = run["socket_errors"]
        print(
            f"| {run['corpus']} | {run['page']} | {run['cache']} | "
            f"{run['requests_per_second']:,.0f} | {run['p50_ms']:.1f} ms | "
            f"{run['p99_ms']:.1f} ms | {errors} | {run['non_2xx']} |"
        )
    for run in results["runs"]:
        if "new_text_after_import" in run:
            print(
                f"\n{run['corpus']}: {run['imports_during_run']} imports of "
                f"{run['seconds_per_import']} s ran during the load; right after, "
                f"{run['new_text_after_import']} requests for the changed page showed the change."
            )


if __name__ == "__main__":
    main()
