"""Pathological monographs: the texts that once stalled the importer or the preview.

Runs of Markdown punctuation that make a regular expression backtrack, lists nested a
thousand deep, tens of thousands of list items, one endless line; each made at exactly
the size one field may have, or one character over it. The tests write them into a
temporary folder and check what happens to them; bench/pathological_bench.py times them.
"""

from monographs.limits import MAX_FIELD_CHARACTERS

# Units repeated to fill a field: each is a run that some pattern once read back and
# forth over ("[[[[" looked for a "]" from every "[").
RUNS = {
    "brackets": "[",
    "stars": "*",
    "double stars": "**a ",
    "underscores": "_",
    "backticks": "`",
    "angle brackets": "<",
    "star a": "*a ",
    "parentheses": "(",
    "long line": "word ",
}
NESTING = 1_000


def run(unit, size):
    """The unit repeated to exactly `size` characters, ending in a letter so that no
    stripping of white space makes it shorter."""
    return (unit * (size // len(unit) + 1))[: size - 1] + "x"


def nested_list(size):
    """A list indented one level deeper on every line (four spaces a level), as deep as
    the size allows, then items at the deepest level."""
    lines, depth, length = [], 0, 0
    while length + 4 * depth + 4 <= size:
        lines.append(" " * (4 * depth) + "* a\n")
        length += 4 * depth + 4
        depth += 1
    text = "".join(lines)
    return filled(text, " " * (4 * (depth - 1)) + "* a\n", size)


def repeated_block(block, size):
    """Paragraph-separated copies of one block, to exactly `size` characters."""
    return filled("", block + "\n\n", size)


def filled(text, unit, size):
    while len(text) + len(unit) <= size:
        text += unit * max((size - len(text)) // len(unit), 1)
    return text + "x" * (size - len(text))


def texts(size=MAX_FIELD_CHARACTERS):
    """{name: one field's Markdown of exactly `size` characters}."""
    made = {name: run(unit, size) for name, unit in RUNS.items()}
    made["nested list, indented"] = nested_list(size)
    made[f"nested list, {NESTING:,} deep"] = repeated_block("* " * NESTING + "a", size)
    made[f"nested quotes, {NESTING:,} deep"] = repeated_block(">" * NESTING + " a", size)
    made["many list items"] = filled("", "* a\n", size)
    return made


def monograph(title, text, section="Usage"):
    """A monograph file's text with `text` as the body of its last section (so that no
    other section is read into it)."""
    return (
        f"---\ntitle: {title}\n---\n\n# {title}\n\n### Dosage\n\n"
        f"* **Adults:** 10 mg once daily.\n\n### {section}\n\n{text}\n"
    )


def write_monographs(folder, size=MAX_FIELD_CHARACTERS, section="Usage"):
    """One file per pathological text in `folder`; {name: path}."""
    paths = {}
    for number, (name, text) in enumerate(texts(size).items(), start=1):
        path = folder / f"pathological-{number:02d}.md"
        path.write_text(monograph(f"Pathological {number}", text, section), encoding="utf-8")
        paths[name] = path
    return paths
