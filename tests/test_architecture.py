"""The layers of ARCHITECTURE.md: no module imports from a layer above its own; and no
module is over MAX_MODULE_LINES lines."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first, as ARCHITECTURE.md lists them. A module belongs to the first prefix that
# matches its dotted name.
LAYERS = [
    [
        "monographs.models",
        "monographs.ontology",
        "monographs.listings",
        "monographs.tallies",
        "monographs.limits",
        "monographs.text",
        "monographs.db",
        "monographs.rendering",
    ],
    ["monographs.vocabulary", "monographs.serving"],
    ["monographs.editorial"],
    ["monographs.importing", "monographs.public", "monographs.exporting", "monographs.api"],
    [
        "monographs.admin",
        "monographs.management",
        "monographs.templatetags",
        "monographs.apps",
        "corpus",
        "medsite",
    ],
]

# The project's standard (ARCHITECTURE.md, "Layout"): a longer module is split by what it
# holds, as monographs/models/ is. Migrations are generated, and not counted.
MAX_MODULE_LINES = 500


def layer_of(module):
    for level, prefixes in enumerate(LAYERS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return level
    return None


def project_modules():
    for folder in ("monographs", "corpus", "medsite"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts == ("monographs", "__init__"):
                continue  # the app's package itself: empty
            yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def imported_modules(path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


@pytest.mark.parametrize("module,path", list(project_modules()), ids=lambda value: str(value))
def test_no_module_imports_from_a_higher_layer(module, path):
    own = layer_of(module)
    assert own is not None, f"{module} is in no layer of ARCHITECTURE.md"
    upward = {
        name
        for name in imported_modules(path)
        if layer_of(name) is not None and layer_of(name) > own
    }
    assert not upward, f"{module} (layer {own}) imports from higher layers: {sorted(upward)}"


def test_every_layer_is_a_real_package_or_module():
    for prefixes in LAYERS:
        for prefix in prefixes:
            path = ROOT / Path(*prefix.split("."))
            assert path.is_dir() or path.with_suffix(".py").is_file(), prefix


def test_no_module_is_over_the_line_limit():
    too_long = [
        f"{path.relative_to(ROOT)} ({module}): {lines} lines"
        for module, path in project_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert not too_long, (
        f"Modules over {MAX_MODULE_LINES} lines; split each by what it holds:\n"
        + "\n".join(too_long)
    )
