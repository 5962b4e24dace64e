"""Small text helpers shared by the parser and the interaction finder."""

import re

INLINE_MARKUP = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def clean_inline(text):
    """Markdown inline text -> plain text (emphasis, code marks and links removed)."""
    text = LINK.sub(r"\1", text or "")
    previous = None
    while previous != text:
        previous, text = text, INLINE_MARKUP.sub(r"\2", text)
    text = text.replace("**", "")
    return re.sub(r"\s+", " ", text).strip()
