"""Small text helpers shared by every layer: inline clean-up, the lookup key of a term,
invisible characters, and strict numbers from URLs."""

import re
import unicodedata
from functools import cache

INLINE_MARKUP = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


MARKUP_CHARACTERS = re.compile(r"[*_`\[]")
SPACES = re.compile(r"\s+")


def clean_inline(text):
    """Markdown inline text -> plain text (emphasis, code marks and links removed), as
    clean_line leaves a single line."""
    if not text:
        return ""
    if not MARKUP_CHARACTERS.search(text):
        return clean_line(text)
    text = LINK.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, INLINE_MARKUP.sub(r"\2", text)
    text = text.replace("**", "")
    return clean_line(text)


def normalise(term):
    """The lookup key of a side-effect term: lower case, no punctuation or extra spaces."""
    term = re.sub(r"[^\w\s-]", " ", clean_line(term).lower()).replace("_", " ")
    return SPACES.sub(" ", term.replace("-", " ")).strip()


# --- invisible characters and look-alike letters -----------------------------------------

# The planes that hold format characters and compatibility letters (basic, supplementary
# and ideographic, and the tags of plane 14): scanning only these builds the patterns
# below in a fifth of a second, once per process, when the first non-ASCII text comes.
PLANES = [(0x80, 0x30000), (0xE0000, 0xF0000)]
# Letters and marks that render as nothing: Hangul fillers, the combining grapheme
# joiner, Khmer inherent vowels.
BLANK_LETTERS = "\u115f\u1160\u3164\uffa0\u034f\u17b4\u17b5"
# Variation selectors: invisible, but they pick how an emoji shows in running text.
VARIATION_SELECTORS = "\u180b-\u180d\u180f\ufe00-\ufe0f\U000e0100-\U000e01ef"
# Controls that are not whitespace (whitespace is collapsed in a line, kept in text).
ASCII_CONTROLS = "\x00-\x08\x0e-\x1b\x7f"
ASCII_CONTROL_RUNS = re.compile(f"[{ASCII_CONTROLS}]+")


def character_class(code_points):
    """A regex character class of the code points, as ranges."""
    ranges = []
    for point in code_points:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return "".join(
        re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges
    )


@cache
def invisible_characters(in_a_line):
    """Format characters (zero-width space and joiners, word joiner, byte order mark, soft
    hyphen, bidi controls…), surrogates, controls that are not whitespace, blank letters;
    in a line also variation selectors."""
    format_characters = character_class(
        point
        for start, end in PLANES
        for point in range(start, end)
        if unicodedata.category(chr(point)) in ("Cf", "Cs", "Cc") and not chr(point).isspace()
    )
    extra = VARIATION_SELECTORS if in_a_line else ""
    return re.compile(f"[{ASCII_CONTROLS}{format_characters}{BLANK_LETTERS}{extra}]+")


@cache
def look_alike_letters():
    """Letters, digits and spaces that Unicode NFKC folds to plainer ones: fullwidth Ｉ,
    mathematical 𝐈, the ligature ﬁ, the no-break space. Number forms (m², KNO₃, ½) and
    punctuation (…) are left as written: they mean what they show."""
    return re.compile(
        "["
        + character_class(
            point
            for start, end in PLANES
            for point in range(start, end)
            if unicodedata.category(chr(point))[0] in "LZ"
            or unicodedata.category(chr(point)) == "Nd"
            if unicodedata.normalize("NFKC", chr(point)) != chr(point)
        )
        + "]+"
    )


def without_invisible(text):
    """Text (Markdown, several lines) without invisible characters; lines and tabs kept."""
    if text.isascii():
        return ASCII_CONTROL_RUNS.sub("", text)
    return invisible_characters(in_a_line=False).sub("", text)


def clean_line(text):
    """A single line (a title, a name, a label) as it is stored and compared: no invisible
    characters, look-alike letters folded by NFKC, whitespace runs as one space, so that
    Ibuprofen with zero-width joiners in it, or in fullwidth letters, is "Ibuprofen"."""
    if text.isascii():
        return SPACES.sub(" ", ASCII_CONTROL_RUNS.sub("", text)).strip()
    text = invisible_characters(in_a_line=True).sub("", text)
    text = look_alike_letters().sub(lambda match: unicodedata.normalize("NFKC", match[0]), text)
    return SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


# --- numbers from URLs --------------------------------------------------------------------

ASCII_DIGITS = re.compile(r"[0-9]+")


def parse_positive_int(text, maximum):
    """The number 1..maximum that text spells in ASCII digits, else None.

    int() also reads "٣", " 1" and "1_000", and str.isdigit() accepts "²", which int()
    then refuses: a page number or an id from a URL goes through here instead.
    """
    if not isinstance(text, str) or len(text) > len(str(maximum)):
        return None
    if not ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= maximum else None
