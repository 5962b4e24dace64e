"""Parse side-effect mentions out of list items and lists in prose: one term each, with
its parenthetical or detail as the note."""

import re

from monographs.importing.data import SideEffectMention
from monographs.importing.parser.common import (
    split_label,
    split_outside_parentheses,
    without_parentheses,
)
from monographs.importing.parser.frequency import own_words
from monographs.text import clean_inline

# "..., interaction with other medications" in a list of side effects is not one of them.
NOT_A_SIDE_EFFECT = re.compile(r"^(?:drug\s+|possible\s+|potential\s+)?interactions?\b", re.I)
DETAIL_SEPARATOR = re.compile(r"\s+[-–—]\s+|:\s+|\s+[-–—]$")
LEADING_CONJUNCTION = re.compile(r"^(?:and|or|and/or)\s+", re.I)
# "Swelling of the face, lips, tongue, or throat" is one mention, not four.
BODY_PART_SERIES = re.compile(
    r"\b(?:of|in|on|around|to)\s+(?:the\s+|your\s+)?\w+(?:,\s*\w+)+,?\s+(?:or|and)\s+\w+", re.I
)
NOT_A_MENTION = re.compile(
    r"^(?:while|although|though|in rare cases|rarely|these|this|the|some|generally|seek|but|"
    r"which|have been|particularly|including|others|many|and many|individual|if|when|it|they|"
    r"there|such|may|can|most|usually|often|especially|at high doses|more|less|consult|"
    r"contact (?:your|a|the)|call|stop|discontinue|report|tell|see|q:|a:)\b",
    re.IGNORECASE,
)


def looks_like_mention(item):
    words = without_parentheses(item).split()
    return (
        0 < len(words) <= 8 and not NOT_A_MENTION.match(item) and not NOT_A_SIDE_EFFECT.match(item)
    )


def list_items(text):
    """'Nausea, vomiting, and rash. These pass.' -> (["Nausea", "vomiting", "rash"], rest).

    Items that read as prose rather than a side effect stay in the remainder.
    """
    protected = BODY_PART_SERIES.sub(lambda m: m[0].replace(",", "\x00"), clean_inline(text))
    sentences = split_outside_parentheses(protected, separators=".")
    if not sentences:
        return [], ""
    items = [LEADING_CONJUNCTION.sub("", item) for item in split_outside_parentheses(sentences[0])]
    if len(items) > 1 and " and " in items[-1] and len(items[-1].split()) <= 6:
        items[-1:] = [part.strip() for part in items[-1].split(" and ", 1)]
    items = [item.replace("\x00", ",") for item in items if item]
    asides = [item for item in items if NOT_A_SIDE_EFFECT.match(item)]
    items = [item for item in items if item not in asides]
    mentions = [item for item in items if looks_like_mention(item)]
    if not mentions or len(mentions) < len(items):
        mentions, rest = [], sentences
    else:
        rest = [", ".join(asides), *sentences[1:]] if asides else sentences[1:]
    rest = ". ".join(rest).replace("\x00", ",")
    return mentions, (rest + "." if rest else "")


# Words right after a parenthetical that carry on the term: "Perforation (rupture) of ...",
# but not a verb that says something about it: "Hives (rare) are possible".
CONTINUES_TERM = re.compile(
    r"^\s+(?!(?:are|is|was|were|may|might|can|could|should|will|would|have|has|had|"
    r"occurs?|occurred|remains?)\b)\w[^()]*$",
    re.IGNORECASE,
)


def mention(text, frequency, serious):
    """'Flu-like symptoms (fever, chills)' -> a mention with its parenthetical as the note."""
    label, rest = split_label(text)
    if label:
        term, details = label, [rest]
    else:
        term, _, detail = split_detail(clean_inline(text))
        details = [detail]
    if "(" in term:
        before, inside, after = split_parenthetical(term)
        if CONTINUES_TERM.match(after):
            term, details = f"{before.rstrip()} {after.strip()}", [inside, *details]
        else:
            term, details = before, [inside, after, *details]
    term = clean_inline(term).strip(" .;,:-")
    note = "; ".join(part for part in (clean_inline(d).strip(" .;,") for d in details) if part)
    if not term or len(term.split()) > 12:
        return None
    # Its own words decide for the link, not for the term: "Severe constipation" is a
    # serious link to Constipation, "Hair loss (rare)" a rare one.
    own_frequency, own_serious, note = own_words(note)
    if own_serious or re.match(r"(?:severe|serious|life[- ]threatening)\b", term, re.IGNORECASE):
        serious = True
    frequency = own_frequency or frequency
    return SideEffectMention(term=term[:200], note=note[:500], frequency=frequency, serious=serious)


def split_parenthetical(text):
    """'A (b (c)) d' -> ("A ", "b (c)", " d"): the first parenthetical, nesting respected."""
    start = text.index("(")
    depth = 0
    for index in range(start, len(text)):
        depth += text[index] == "("
        depth -= text[index] == ")"
        if depth == 0:
            return text[:start], text[start + 1 : index], text[index + 1 :]
    return text[:start], text[start + 1 :], ""


def split_detail(plain):
    """'Dizziness - when standing' / 'Dizziness: when standing' -> ("Dizziness", "when ...")."""
    depth = 0
    for index, char in enumerate(plain):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and index >= 2 and (match := DETAIL_SEPARATOR.match(plain, index)):
            return plain[:index], "", plain[match.end() :]
    return plain, "", ""
