"""Small text helpers shared by every layer: inline clean-up, the lookup key of a term,
invisible characters, and strict numbers from URLs."""

import re
import unicodedata
from bisect import bisect_left
from functools import cache

MARKUP_CHARACTERS = re.compile(r"[*_`\[]")
SPACES = re.compile(r"\s+")

# Emphasis and code marks, in the order they are tried where a span opens: "**" before
# "*". A span opens with a mark before a non-space, closes with the same mark after a
# non-space, holds at least one character and stays on its line.
INLINE_MARKS = ("**", "__", "*", "_", "`")
MARK_START = re.compile(r"[*_`]")
# Real monographs nest marks two deep ("**a *b* c**"); each round unwraps one level.
MAX_UNWRAP_ROUNDS = 8


# Between two sentences: after ".", "!", "?" or ";" and a space, not in "St.", "e.g.",
# "i.e." or "vs.".
SENTENCE = re.compile(r"(?<=[.!?;])(?<!\bSt\.)(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bvs\.)\s+")


def sentences(text):
    """The plain-text sentences of Markdown text."""
    return [sentence for sentence in SENTENCE.split(clean_inline(text)) if sentence]


def clean_inline(text):
    """Markdown inline text -> plain text (emphasis, code marks and links removed), as
    clean_line leaves a single line.

    In time linear in the text (times its few levels of nesting): a run of "[" or of
    "*a " with nothing to close it is read once, not once from every mark.
    """
    if not text:
        return ""
    if not MARKUP_CHARACTERS.search(text):
        return clean_line(text)
    text = without_links(text)
    text = "\n".join(without_marks(line) for line in text.split("\n"))
    text = text.replace("**", "")
    return clean_line(text)


def without_links(text):
    """'[label](url)' and '![alt](src)' -> their label, as `!?\\[([^\\]]*)\\]\\([^)]*\\)`
    replaced by the label would, without reading ahead from every "[" again."""
    parts, copied, start = [], 0, 0
    next_paren = None  # the first ")" after the last place looked, -1 for none at all
    while (opening := text.find("[", start)) != -1:
        closing = text.find("]", opening + 1)
        if closing == -1:
            break
        if text.startswith("(", closing + 1):
            if next_paren is None or -1 < next_paren < closing + 2:
                next_paren = text.find(")", closing + 2)
            if next_paren == -1:
                break
            begin = opening - 1 if opening > copied and text[opening - 1] == "!" else opening
            parts += [text[copied:begin], text[opening + 1 : closing]]
            copied = start = next_paren + 1
        else:
            # Every "[" before this "]" closes at it too, and is no link either.
            start = closing + 1
    return "".join(parts) + text[copied:] if parts else text


def without_marks(line):
    """One line with its emphasis and code marks removed, innermost spans last."""
    for _ in range(MAX_UNWRAP_ROUNDS):
        unwrapped = unwrap_spans(line)
        if unwrapped == line:
            break
        line = unwrapped
    return line


# Where each mark can close a span: right after a non-space (overlapping for "**").
CLOSINGS = {mark: re.compile(rf"(?<=\S)(?={re.escape(mark)})") for mark in INLINE_MARKS}


def unwrap_spans(line):
    """One left-to-right pass that replaces each span by its text, as
    `(\\*\\*|__|\\*|_|`)(?=\\S)(.+?)(?<=\\S)\\1` replaced by the text would: the
    nearest closing mark wins, found in a list of them instead of by reading the line."""
    starts = [found.start() for found in MARK_START.finditer(line)]
    if len(starts) < 2:
        return line
    closings = {
        mark: [found.start() for found in CLOSINGS[mark].finditer(line)] if mark[0] in line else []
        for mark in INLINE_MARKS
    }
    last_closing = max((positions[-1] for positions in closings.values() if positions), default=0)
    parts, copied, position = [], 0, 0
    for opening in starts:
        if opening < position:
            continue
        if opening >= last_closing:
            break  # no span can close after here
        for mark in INLINE_MARKS:
            content = opening + len(mark)
            if not line.startswith(mark, opening) or content >= len(line):
                continue
            if line[content].isspace():
                continue
            candidates = closings[mark]
            index = bisect_left(candidates, content + 1)
            if index < len(candidates):
                closing = candidates[index]
                parts += [line[copied:opening], line[content:closing]]
                copied = position = closing + len(mark)
                break
    return "".join(parts) + line[copied:] if parts else line


def word_prefixes(phrases):
    """Every run of leading words of the phrases ("type 2 diabetes" -> "type", "type 2",
    "type 2 diabetes"): where a longer phrase may still follow."""
    prefixes = set()
    for phrase in phrases:
        words = phrase.split(" ")
        prefixes.update(" ".join(words[:size]) for size in range(1, len(words) + 1))
    return prefixes


def longest_phrase_at(words, position, phrases, prefixes):
    """How many of the words from `position` on make the longest of the phrases, 0 if none.

    The run grows a word at a time only while it starts some phrase, so a word that
    starts none costs one lookup, not one per possible length.
    """
    found, key = 0, ""
    for end in range(position, len(words)):
        key = f"{key} {words[end]}" if key else words[end]
        if key not in prefixes:
            break
        if key in phrases:
            found = end - position + 1
    return found


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
