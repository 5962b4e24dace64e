"""Brand names a monograph gives: a front-matter key, a "Brand names" heading or label,
or a sentence ("sold under the brand names Tylenol and Panadol", "Tylenol and Panadol
are brand names").

Only a list that reads as names is taken: "Brand names vary by manufacturer" or "The
specific brand name and formulation may vary" names none. The text stays where it is;
the names are a copy, for search.
"""

import re

from monographs.limits import MAX_NAME_CHARACTERS
from monographs.text import clean_inline

FRONT_MATTER_KEYS = ("brand_names", "brand_name", "brands", "brand")

# "### Brand Names", "**Popular Brand Names (India):** X, Y", "Brand name: X".
LABEL = r"(?:(?:popular|common|other|trade|us|uk)\s+)?(?:brand|trade)\s+names?(?:\s*\([^()\n]*\))?"
HEADING = re.compile(rf"^#{{1,6}}\s*{LABEL}\s*:?\s*$", re.IGNORECASE)
LABELLED = re.compile(
    rf"^(?:[*\-+]\s+)?(?:\*\*|__)?{LABEL}\s*(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)\s*(?P<names>.+)$",
    re.IGNORECASE,
)
# "sold under the brand names X and Y", "marketed under the brand name X", "brand names
# include X, Y": the names run to the end of the sentence or a bracket.
SENTENCE = re.compile(
    r"(?:(?:sold|marketed|available|known)\s+(?:under|as)\s+(?:the\s+)?(?:brand|trade)\s+names?"
    r"|(?:brand|trade)\s+names?\s+(?:include|includes|are|such\s+as|like))"
    r"\s*(?:(?:such\s+as|like|including|e\.g\.,?|of)\s+)?(?P<names>[^.;:()\n]+)",
    re.IGNORECASE,
)
# "Brufen and Nurofen are brand names (of it)".
NAMES_FIRST = re.compile(
    r"(?P<names>[A-Z][^.;:()\n]*?)\s+(?:are|is)\s+(?:(?:its|the|common|popular)\s+)?"
    r"(?:brand|trade)\s+names?\b"
)
SEPARATORS = re.compile(r"\s*(?:,|;|/|\band\b|\bor\b|\betc\b\.?)\s*", re.IGNORECASE)
AND_OTHERS = re.compile(r",?\s*(?:(?:among|and|amongst)\s+others|and\s+more|etc)\W*$", re.I)
# A name: up to three words, each starting with a capital letter or a digit ("Advil",
# "Tylenol PM", "Glucophage XR", "Co-Amoxiclav 625").
NAME = re.compile(r"^[A-Z0-9][\w’'+\-.]*(?:\s+[A-Z0-9][\w’'+\-.]*){0,2}$")
NOT_NAMES = frozenset(
    {
        *("this", "these", "that", "the", "it", "its", "a", "an", "brand", "brands", "generic"),
        *("many", "several", "various", "some", "specific", "look", "since", "none", "not"),
        *("no", "available", "n/a", "unknown", "other", "please", "consult"),
    }
)
MAX_NAMES = 20


def find_brand_names(front_matter, body, own_names=()):
    """The brand names the monograph gives, comma-separated ("" for none)."""
    names = from_front_matter(front_matter) or from_body(body)
    own = {name.lower() for name in own_names}
    unique = {}
    for name in names:
        if name.lower() not in own:
            unique.setdefault(name.lower(), name)
    text = ""
    for name in list(unique.values())[:MAX_NAMES]:
        longer = f"{text}, {name}" if text else name
        if len(longer) > MAX_NAME_CHARACTERS:
            break
        text = longer
    return text


def from_front_matter(front_matter):
    """A key's names as written: data, not prose, so not checked for reading as names."""
    for key in FRONT_MATTER_KEYS:
        value = front_matter.get(key)
        items = value if isinstance(value, list) else [value]
        names = [
            name
            for item in items
            if isinstance(item, str | int | float)
            for name in (clean_inline(part) for part in str(item).split(","))
            if name
        ]
        if names:
            return names
    return []


def from_body(body):
    lines = body.splitlines()
    for number, line in enumerate(lines):
        line = line.strip()
        if HEADING.match(line):
            names = names_under_heading(lines[number + 1 :])
            if names:
                return names
            continue
        labelled = LABELLED.match(line)
        if labelled:
            names = names_in(labelled["names"])
            if names:
                return names
    for pattern in (SENTENCE, NAMES_FIRST):
        for sentence in pattern.finditer(body):
            names = names_in(sentence["names"])
            if names:
                return names
    return []


def names_under_heading(lines):
    """The names of a list, or of the first paragraph, under a brand-names heading."""
    found = []
    for line in lines:
        line = line.strip()
        if line.startswith("#"):
            break
        item = re.match(r"^[*\-+]\s+(.+)$", line)
        if item:
            names = names_in(item[1])
            if names is None:
                return []
            found.extend(names)
        elif line:
            if found:
                break
            return names_in(line) or []
        elif found:
            break
    return found


def names_in(text):
    """The names a list of them holds, or None when any part of it reads as no name."""
    text = re.sub(r"\([^()]*\)|[®™*_`]", "", clean_inline(text)).strip(" .")
    text = AND_OTHERS.sub("", text)
    parts = [part.strip(" .\"'“”") for part in SEPARATORS.split(text)]
    parts = [part for part in parts if part]
    if not parts or not all(reads_as_name(part) for part in parts):
        return None
    return parts


def reads_as_name(text):
    return bool(NAME.match(text)) and text.split()[0].lower() not in NOT_NAMES
