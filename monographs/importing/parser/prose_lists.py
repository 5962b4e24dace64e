"""How a sentence of a side-effect section lists side effects: "Common side effects
include X, Y and Z", "X and Y are the most common", "Rarely, X can occur", "Other side
effects: X, Y". Pure functions of the text; side_effects.py turns the items into mentions."""

import re

from monographs.importing.parser.frequency import says_nothing_else

PROSE_KEYWORD = re.compile(
    r"\b(?:(?:include|includes|including),? but (?:are |is )?not limited to|include|includes|"
    r"included|including|such as|(?:may|can|might|could) (?:cause|experience|lead to)|"
    r"consist of|(?:effects|reactions|symptoms|problems) like|"
    r"(?:carries|carry|carried|poses|pose|posed) an? (?:\w+ )?risk of)\b\s*:?|\bare:",
    re.IGNORECASE,
)
# "Nausea, rash and dizziness are the most common side effects." Items end in a non-space
# (here and below), so a run of spaces is not read again from each of its places.
PROSE_LIST_AFTER = re.compile(
    r"^(?P<items>\s|[^.]*?[^.\s])\s++(?:are|is|were)\s+"
    r"(?P<lead>(?:the\s+|among the\s+)?(?:most\s+)?"
    r"(?:common|frequent|frequently|rare|less common|serious|reported|possible)\b[^.]*)\.?$",
    re.IGNORECASE,
)
# "At usual doses, side effects are rare": a statement about side effects in general, the
# subject no list of them.
GENERAL_SUBJECT = re.compile(
    r"(?:^|,\s*)(?:(?:the|these|such|any|most|all|its|direct|other|more|serious|severe)\s+)*"
    r"(?:side[- ]effects|adverse (?:effects|reactions|events)|reactions|effects)$",
    re.IGNORECASE,
)
# "Rarely, high calcium levels (hypercalcemia) can occur."
PROSE_LIST_ADVERB = re.compile(
    r"^(?P<lead>rarely|very rarely|in rare cases|commonly|frequently|less commonly),?\s++"
    r"(?P<items>[^.]*?[^.\s])\s++(?:can|may|might|could)\s+(?:also\s+)?(?:occur|develop|happen)$",
    re.IGNORECASE,
)
# "Rare instances of gas or bloating might occur."
PROSE_LIST_CASES = re.compile(
    r"\b(?P<lead>(?:very\s+)?rare|occasional|isolated|infrequent)\s+(?:instances|cases|reports|"
    r"episodes)\s+of\s++(?P<items>[^.]*?[^.\s])\s++(?:(?:can|may|might|could)\s+(?:also\s+)?"
    r"(?:occur|develop|happen)|(?:have|has)\s+been\s+(?:reported|observed|seen))$",
    re.IGNORECASE,
)
# "Rarely causes side effects, but some may get X": a tier before a turn is not the list's.
CONTRAST = re.compile(
    r",?\s+(?:but(?!\s+(?:(?:are|is)\s+)?not\s+limited)|however|yet|though|although)\b,?\s*",
    re.IGNORECASE,
)
DEGREE = re.compile(r"\b(?:more|most|less|least)\b", re.IGNORECASE)
# "Rare side effects, including X, have been reported": the list ends where the verb starts.
TRAILING_PREDICATE = re.compile(
    r",\s+(?:(?:have|has) been (?:reported|observed|seen|noted)|"
    r"(?:may|can|could) (?:occur|develop|happen))\b.*$",
    re.IGNORECASE | re.DOTALL,
)


def prose_lists(sentence):
    """The ways a sentence may list side effects, as (lead, items), most likely first: after
    a keyword ("include"), before "are the most common", after an adverb ("Rarely, X
    can occur"), after a colon ("Other less frequent side effects: a, b").

    The keyword is the last one outside parentheses: one inside them is part of a
    mention's note ("Allergic reactions (including hives), rash").
    """
    keyword, depth, counted = None, 0, 0
    for match in PROSE_KEYWORD.finditer(sentence):
        depth += depth_change(sentence, counted, match.start())
        counted = match.start()
        if depth == 0:
            keyword = match
    if keyword:
        after = sentence[keyword.end() :]
        items = TRAILING_PREDICATE.sub("", after).strip()
        spaced = sentence[keyword.end() - 1].isspace() or after[:1].isspace()
        if items and spaced and "." not in items:
            yield after_contrast(sentence[: keyword.end()].strip()), items
    match = PROSE_LIST_AFTER.match(sentence)
    if match and GENERAL_SUBJECT.search(match["items"]):
        match = None
    match = match or PROSE_LIST_ADVERB.match(sentence) or PROSE_LIST_CASES.search(sentence)
    if match:
        yield match["lead"], match["items"]
    lead, colon, items = sentence.partition(":")
    if colon and items[:1].isspace() and ":" not in items and 0 < len(lead) <= 150:
        yield lead.strip(), items.strip()


def after_contrast(lead):
    """The lead from its last turn on ("Rarely causes problems, but some get" -> "some
    get"), unless all before the turn is tier and seriousness ("Rare, but serious ones
    include")."""
    *before, after = CONTRAST.split(lead)
    if before and not says_nothing_else(DEGREE.sub(" ", " ".join(before))):
        return after
    return lead


def depth_change(text, start, end):
    """How many more parentheses (or brackets) open than close in text[start:end]."""
    opened = text.count("(", start, end) + text.count("[", start, end)
    return opened - text.count(")", start, end) - text.count("]", start, end)


# "Systemic absorption (potentially leading to argyria)": what the text names no side
# effect about leads to some.
LEADS_TO = re.compile(
    r"\b(?:leading to|resulting in|(?:can|may|might|could) (?:lead to|result in|cause))\s+"
    r"(?:(?:side effects|effects|symptoms) (?:like|such as)\s+)?(?P<items>[^;]+?)\.?$",
    re.IGNORECASE,
)


def consequences(note):
    """The side effects a note says its subject leads to, as text to list; "" if none."""
    found = LEADS_TO.search(note)
    return found["items"] if found else ""
