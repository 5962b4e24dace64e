"""Parse side-effect mentions out of list items and lists in prose: one term each, with
its parenthetical or detail as the note."""

import re
from functools import lru_cache

from monographs.importing.data import SideEffectMention
from monographs.importing.parser.common import (
    split_label,
    split_outside_parentheses,
    without_parentheses,
)
from monographs.importing.parser.frequency import TIER_WORD, own_words, tier_of_words
from monographs.importing.parser.labels import is_known_side_effect, phrase_of
from monographs.text import clean_inline

# "..., interaction with other medications" in a list of side effects is not one of them.
NOT_A_SIDE_EFFECT = re.compile(r"^(?:drug\s+|possible\s+|potential\s+)?interactions?\b", re.I)
DETAIL_SEPARATOR = re.compile(r"\s+[-–—]\s+|:\s+|\s+[-–—]$")
LEADING_CONJUNCTION = re.compile(r"^(?:and|or|and/or)\s+", re.I)
# "included the risk of liver damage", "any unusual bleeding": the item is what follows.
LEADING_WORDS = re.compile(
    r"^(?:(?:the|a|an)\s+(?:\w+\s+)?(?:risk|possibility|chance)\s+of|any)\s+(?=\w)", re.I
)
# "Hepatitis (liver inflammation) and neutropenia (low white cells)": two, each with its own
# parenthetical, even alone in a list.
TWO_WITH_PARENTHESES = re.compile(r"^([^()]+\([^()]*\))\s+and\s+([^()]+\([^()]*\))$")
# "dental fluorosis or, in extreme cases, skeletal fluorosis": the "or" joins nothing.
ENDS_JOINED = re.compile(r"\s+(?:and|or|and/or)$", re.I)
# "Swelling of the face, lips, tongue, or throat" is one mention, not four.
BODY_PART_SERIES = re.compile(
    r"\b(?:of|in|on|around|to|involving|affecting)\s+(?:the\s+|your\s+)?"
    r"\w+(?:,\s*\w+)+,?\s+(?:or|and)\s+\w+",
    re.I,
)
NOT_A_MENTION = re.compile(
    r"^(?:while|although|though|in rare cases|rarely|these|this|the|some|generally|seek|but|"
    r"which|have been|particularly|including|others|many|and many|individual|if|when|it|they|"
    r"there|such|may|can|most|usually|often|especially|at high doses|more|less|consult|"
    r"contact (?:your|a|the)|call|stop|discontinue|report|tell|see|q:|a:)\b",
    re.IGNORECASE,
)


# What ends an open list without naming anything: "..., and others", "etc.", "…".
FILLER = re.compile(
    r"^(?:and |or )?(?:(?:many|several|various|some|a few|among) )?"
    r"(?:etc\.?|others|more|so on|the like|similar)$",
    re.IGNORECASE,
)
# "Dependence and other adverse reactions": the item is what comes before.
AND_OTHERS = re.compile(
    r"\s+(?:and|or)\s+(?:other|various|many|similar)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:effects|reactions|events|problems|symptoms|complications|issues)"
    r"(?:\s+(?:depending on|based on|according to)\b.*)?$",
    re.IGNORECASE,
)
# "Hives are possible", "Mania can occur": the item is what comes before.
PREDICATE = re.compile(
    r"\s+(?:(?:may|can|might|could)\s+(?:also\s+)?(?:occur|develop|happen)|"
    r"(?:has|have)\s+(?:also\s+)?been\s+(?:reported|observed|seen|noted)|"
    r"(?:is|are)\s+(?:also\s+)?(?:possible|common|rare|reported|seen))$",
    re.IGNORECASE,
)
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)")
# "Swelling of the hands and feet" is one mention, "Nausea and vomiting" two (the
# resolver splits what the vocabulary knows apart).
WHERE = re.compile(r"\b(?:of|in|on|around|at|to)\s", re.I)


def splits_at_and(last_item):
    """Whether a list's last item is two items: "rash and itching", not "swelling of the
    hands and feet" (one place for two parts) or a long phrase."""
    before, _, after = last_item.partition(" and ")
    return (
        bool(before and after)
        and len(last_item.split()) <= 6
        and not WHERE.search(before)
        and not phrase_of(after, "body_parts")
    )


def looks_like_mention(item):
    """A short phrase that may name a side effect; who or when it happens (CONTEXT) is its
    note's, and does not count."""
    plain = without_parentheses(item)
    words = plain[: context.start() if (context := CONTEXT.search(plain)) else None].split()
    return (
        0 < len(words) <= 10 and not NOT_A_MENTION.match(item) and not NOT_A_SIDE_EFFECT.match(item)
    )


def list_items(text, is_aside=None):
    """'Nausea, vomiting, and rash. These pass.' -> (["Nausea", "vomiting", "rash"], rest).

    The first sentence is the list (see split_items); when it is none, the whole text is
    the remainder. Its asides and the sentences after it are the remainder.
    """
    sentences = split_outside_parentheses(ELLIPSIS.sub("", clean_inline(text)), separators=".")
    listed = split_items(sentences[0], is_aside) if sentences else None
    if listed is None:
        mentions, rest = [], sentences
    else:
        mentions, asides = listed
        rest = [", ".join(asides), *sentences[1:]] if asides else sentences[1:]
    rest = ". ".join(rest)
    return mentions, (rest + "." if rest else "")


def split_items(sentence, is_aside=None):
    """One sentence read as a list -> (mentions, asides); None when it is no list: an
    item reads as prose, or no item is a mention.

    Asides look like an item but name no side effect ("interaction with other drugs", and
    what `is_aside` says): they leave the list, and the list stands.
    """
    plain = ELLIPSIS.sub("", sentence)
    protected = BODY_PART_SERIES.sub(lambda m: m[0].replace(",", "\x00"), plain)
    items = [
        AND_OTHERS.sub("", LEADING_WORDS.sub("", LEADING_CONJUNCTION.sub("", item)))
        for item in split_outside_parentheses(protected)
    ]
    items = [item for item in items if item and not FILLER.match(item)]
    if len(items) > 1 and splits_at_and(items[-1]):
        items[-1:] = [part.strip() for part in items[-1].split(" and ", 1)]
    elif items and (pair := TWO_WITH_PARENTHESES.match(items[-1])):
        items[-1:] = [pair[1].strip(), pair[2].strip()]
    items = [ENDS_JOINED.sub("", PREDICATE.sub("", item.replace("\x00", ","))) for item in items]
    if not items or not all(looks_like_mention(i) or NOT_A_SIDE_EFFECT.match(i) for i in items):
        return None
    items = shared_measure(items)
    asides = [i for i in items if NOT_A_SIDE_EFFECT.match(i) or (is_aside and is_aside(i))]
    mentions = [item for item in items if item not in asides]
    return (mentions, asides) if mentions else None


# "Elevated ALT, AST, and bilirubin levels": the first item's word is every item's.
MEASURED = re.compile(r"^(?:increased|elevated|raised|high|decreased|reduced|low)\s", re.I)
LAB_VALUE = re.compile(r"^[A-Z0-9-]{2,6}\b|\b(?:levels?|counts?|enzymes?|cholesterol)$")


def shared_measure(items):
    """The items, each after the first given its "Elevated"/"Low" when all of them are lab
    values ("AST", "bilirubin levels") with none of their own."""
    word = MEASURED.match(items[0]) if len(items) > 1 else None
    rest = items[1:]
    if not word or not all(LAB_VALUE.search(i) and not MEASURED.match(i) for i in rest):
        return items
    return [items[0], *(f"{word[0]}{item}" for item in rest)]


# Words right after a parenthetical that carry on the term: "Perforation (rupture) of ...",
# but not a verb that says something about it: "Hives (rare) are possible".
CONTINUES_TERM = re.compile(
    r"\s+(?!(?:are|is|was|were|may|might|can|could|should|will|would|have|has|had|"
    r"occurs?|occurred|remains?)\b)\w",
    re.IGNORECASE,
)
JOINED = re.compile(r"\s*(?:and|or|and/or)\s", re.IGNORECASE)
# Who, when or how much, at a term's end: the note's, not the term's. "Garlic breath at
# high doses", "Skin thinning with prolonged use", "Rash requiring treatment".
CONTEXT = re.compile(
    r"(?:,\s+(?:including|such as)\b|"
    r"(?:(?<=effects)|(?<=symptoms)|(?<=reactions)|(?<=problems))\s+(?:like|such as)\b|"
    r",?\s+(?:(?:especially|particularly|mainly|mostly|usually|typically|often)\s+)?"
    r"(?:in (?:some|rare|a few|certain|many|most|sensitive|susceptible|predisposed|severe|"
    r"extreme|serious) "
    r"(?:individuals|patients|people|persons|users|cases|children|women|men)|"
    r"in (?:children|infants|neonates|newborns|adolescents|(?:the )?elderly|older adults)|"
    r"at (?:high|higher|large|larger|very high|excessive|therapeutic) doses?|"
    r"with (?:prolonged|long[- ]term|chronic|excessive|extended|repeated|frequent|continued|"
    r"regular|high[- ]dose|overuse|overdose|heavy) ?(?:use|therapy|treatment|administration|"
    r"application|dosing|doses)?|"
    r"(?:up)?on (?:application|discontinuation|withdrawal|stopping|initiation|injection|"
    r"instillation|first use|starting)|"
    r"after (?:application|injection|instillation|administration|discontinuation)|"
    r"requiring\b|that requires?\b|which (?:may|can|could|might|is|are|requires?)\b|"
    r"characteri[sz]ed by\b|"
    r"(?:if|when|unless|whenever) (?:they|you|he|she|it|the|a|an|your|patients?|people|"
    r"individuals?|used|taken|applied|given|combined)\b))"
    r".*$",
    re.IGNORECASE,
)


def mention(text, frequency, serious):
    """'Flu-like symptoms (fever, chills)' -> a mention with its parenthetical as the note."""
    parts = term_and_note_cached(text) if len(text) <= 300 else term_and_note(text)
    if parts is None:
        return None
    term, note, own_frequency, says_serious = parts
    return SideEffectMention(
        term=term, note=note, frequency=own_frequency or frequency, serious=serious or says_serious
    )


SAYS_SERIOUS = re.compile(r"(?:severe|serious|life[- ]threatening)\b", re.IGNORECASE)


def term_and_note(text):
    """(term, note, the tier its own words state or None, whether its words say it is
    serious) of a mention, or None."""
    label, rest = split_label(text)
    if label:
        term, details = label, [rest]
    else:
        term, _, detail = split_detail(clean_inline(text))
        details = [detail]
    term, details = words_outside_parentheses(term, details)
    term = clean_inline(term).strip(" .;,:-")
    if context := CONTEXT.search(term):
        # "Dryness in some individuals": the context is the note's, the term "Dryness".
        term, details = term[: context.start()], [context[0].strip(" ,"), *details]
    note = "; ".join(part for part in (clean_inline(d).strip(" .;,") for d in details) if part)
    if not term or len(term.split()) > 12:
        return None
    # Its own words decide for the link, not for the term: "Severe constipation" is a
    # serious link to Constipation, "Hair loss (rare)" a rare one.
    own_frequency, own_serious, note = own_words(note)
    term, adjective_frequency = without_tier_word(term)
    says_serious = own_serious or bool(SAYS_SERIOUS.match(term))
    return term[:200], note[:500], own_frequency or adjective_frequency, says_serious


LEADING_TIER_WORD = re.compile(
    rf"^(?:{TIER_WORD.pattern})\s+(?:(?:instances|cases|reports)\s+of\s+)?", re.IGNORECASE
)


def without_tier_word(term):
    """'Rare allergic reactions' -> ("Allergic reactions", rare): the tier word is the
    link's when the vocabulary knows the words after it and not the whole ("Frequent
    urination" stays one term), or when it says "Rare cases of ...". (term, None)
    otherwise."""
    found = LEADING_TIER_WORD.match(term)
    if not found:
        return term, None
    rest = term[found.end() :]
    if is_known_side_effect(term) or not (
        is_known_side_effect(rest) or (found[0].lower().endswith("of ") and rest)
    ):
        return term, None
    return rest[:1].upper() + rest[1:], tier_of_words(found[0])


# A list item is read to judge it and again to keep it, and the same short items come
# back in file after file ("Nausea").
term_and_note_cached = lru_cache(maxsize=8192)(term_and_note)


def words_outside_parentheses(term, details):
    """'Hypothalamic-pituitary-adrenal (HPA) axis suppression (low cortisol)' -> the words
    outside the parentheses as the term, each parenthetical a detail before `details`.

    The words after a parenthetical carry on the term unless they say something about it
    (CONTINUES_TERM): from there on, the rest is a detail. One pass over the text.
    """
    outside, inside, position = [], [], 0
    while (start := term.find("(", position)) != -1:
        end = closing_parenthesis(term, start)
        outside.append(term[position:start])
        inside.append(term[start + 1 : end])
        position = end + 1
        if not CONTINUES_TERM.match(term, position) or joins_another_term(term, position):
            return " ".join(" ".join(outside).split()), [*inside, term[position:], *details]
    outside.append(term[position:])
    return " ".join(" ".join(outside).split()), [*inside, *details]


def joins_another_term(text, position):
    """'Tendinitis (x) and tendon rupture (y)': another term with its own parenthetical."""
    return bool(JOINED.match(text, position)) and "(" in text[position:]


def closing_parenthesis(text, start):
    """The index of the ")" that closes the "(" at start, nesting respected (the text's
    length when it is never closed)."""
    depth = 0
    for index in range(start, len(text)):
        depth += text[index] == "("
        depth -= text[index] == ")"
        if depth == 0:
            return index
    return len(text)


def split_detail(plain):
    """'Dizziness - when standing' / 'Dizziness: when standing' -> ("Dizziness", "when ...").

    The first separator outside parentheses; the parentheses before each are counted from
    the one before, so the text is read once.
    """
    depth, counted = 0, 0
    for match in DETAIL_SEPARATOR.finditer(plain, 2):
        index = match.start()
        depth += plain.count("(", counted, index) - plain.count(")", counted, index)
        counted = index
        if depth == 0:
            return plain[:index], "", plain[match.end() :]
    return plain, "", ""
