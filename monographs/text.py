"""Small text helpers shared by the parser and the interaction finder."""

import re

INLINE_MARKUP = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


MARKUP_CHARACTERS = re.compile(r"[*_`\[]")
SPACES = re.compile(r"\s+")


def clean_inline(text):
    """Markdown inline text -> plain text (emphasis, code marks and links removed)."""
    if not text:
        return ""
    if not MARKUP_CHARACTERS.search(text):
        return SPACES.sub(" ", text).strip()
    text = LINK.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, INLINE_MARKUP.sub(r"\2", text)
    text = text.replace("**", "")
    return SPACES.sub(" ", text).strip()


def normalise(term):
    """The lookup key of a side-effect term: lower case, no punctuation or extra spaces."""
    term = re.sub(r"[^\w\s-]", " ", term.lower()).replace("_", " ")
    return SPACES.sub(" ", term.replace("-", " ")).strip()
