"""The inline clean-up reads a text once: the same plain text as the regular expressions it
replaced, without their time on runs of marks that never close."""

import itertools
import re

import pytest

from corpus import pathological
from monographs.text import clean_inline, longest_phrase_at, without_links, word_prefixes

# What clean_inline did before (monographs/text.py until the bounds work): the reference.
INLINE_MARKUP = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def clean_inline_by_regex(text):
    if not text:
        return ""
    if not re.search(r"[*_`\[]", text):
        return re.sub(r"\s+", " ", text).strip()
    text = LINK.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, INLINE_MARKUP.sub(r"\2", text)
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def every_text(alphabet, longest):
    for length in range(longest + 1):
        for letters in itertools.product(alphabet, repeat=length):
            yield "".join(letters)


@pytest.mark.parametrize(
    "text",
    [
        "**Bold** and *italic* and `code` and __strong__ and _em_",
        "**Serious: *very* rare**",
        "a ** b ** c",
        "[label](https://example.com) and ![alt](x.png) and [not a link] (x)",
        "[a [b](c) d](e)",
        "snake_case_name and 2 * 3 * 4",
        "*a\nb*",
        "",
    ],
)
def test_examples_clean_as_before(text):
    assert clean_inline(text) == clean_inline_by_regex(text)


def test_every_short_text_of_marks_cleans_as_before():
    for text in every_text("*_` a", 6):
        assert clean_inline(text) == clean_inline_by_regex(text), repr(text)


def test_every_short_text_of_link_marks_unlinks_as_before():
    for text in every_text("[]()!a", 6):
        assert without_links(text) == LINK.sub(r"\1", text), repr(text)


@pytest.mark.parametrize("name, text", pathological.texts(3_000).items())
def test_pathological_texts_clean_as_before(name, text):
    """Small enough for the regular expressions to finish; bench/pathological_bench.py
    has the times at the size limit."""
    assert clean_inline(text) == clean_inline_by_regex(text)


def test_longest_phrase_first():
    phrases = {"type 2 diabetes", "diabetes", "type"}
    prefixes = word_prefixes(phrases)
    words = ["type", "2", "diabetes", "and", "diabetes"]
    assert [longest_phrase_at(words, at, phrases, prefixes) for at in range(5)] == [3, 0, 1, 0, 1]
    assert longest_phrase_at(["type", "3"], 0, phrases, prefixes) == 1
