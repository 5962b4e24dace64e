"""How common a side effect is, on the CIOMS / EU SmPC scale, and whether the source calls
it serious: from a group's label, a lead-in sentence or a mention's own words.

A number decides the tier when it pins one: "(1-10 %)" is common, "(> 10 %)" very common,
"up to 1 in 1,000" rare. The source's word decides when there is no number, or when the
number leaves several tiers open: "Less common (< 10 %)" is uncommon. An upper bound caps
the word's tier: "Common (< 1 %)" is at most uncommon, so uncommon (the highest tier the
bound allows that is not above the word's). With neither there is no tier (None), and
the caller keeps the enclosing group's, or "not known": never a tier the source did not
give.
"""

import html
import re

from monographs.models import DrugSideEffect

Frequency = DrugSideEffect.Frequency

# The lowest frequency of each tier, in percent of people, most common first.
LOWEST_PERCENT = (
    (10, Frequency.VERY_COMMON),
    (1, Frequency.COMMON),
    (0.1, Frequency.UNCOMMON),
    (0.01, Frequency.RARE),
    (0, Frequency.VERY_RARE),
)

# Longer phrases first: at one place, "less common" wins over "common", "very rare" over
# "rare". A word boundary on both sides keeps "common" out of "uncommon"; "common cold",
# "common to both" and "in common" are no tier.
TIER_PHRASES = {
    Frequency.VERY_COMMON: r"(?:very|most)\s+(?:common(?:ly)?|frequent(?:ly)?|often)",
    Frequency.UNCOMMON: r"less\s+(?:common(?:ly)?|frequent(?:ly)?|often)|uncommon(?:ly)?|"
    r"infrequent(?:ly)?|occasional(?:ly)?",
    Frequency.VERY_RARE: r"(?:very|extremely|exceptionally)\s+rare(?:ly)?|"
    r"isolated\s+(?:case\s+)?(?:reports?|cases)",
    Frequency.RARE: r"rare(?:ly)?",
    Frequency.COMMON: r"(?<!in\s)(?:more\s+)?common(?:ly)?(?!\s+(?:to|colds?)\b)|"
    r"frequent(?:ly)?|often",
}
TIER_WORD = re.compile(
    r"(?<![\w-])(?<!not\s)(?:"
    + "|".join(f"(?P<tier{tier.value}>{phrase})" for tier, phrase in TIER_PHRASES.items())
    + r")(?![\w-])",
    re.IGNORECASE,
)
# "less common than with X" compares; it states no tier.
COMPARISON = re.compile(r"[^.,;:()]*?\bthan\b", re.IGNORECASE)
NOT_KNOWN = re.compile(
    r"^\W*not known\b|\bunknown frequency\b|\bcannot be estimated\b|"
    r"\b(?:frequency|incidence)\b[^.;:]{0,30}?\b(?:unknown|undetermined|not\s+"
    r"(?:\w+\s+)?(?:known|stated|defined|specified|established|available))\b",
    re.IGNORECASE,
)

# --- numbers ------------------------------------------------------------------------------

# "0.1" or "0,1": a decimal comma has one or two digits after it ("1,000" is a thousand).
NUMBER = r"\d+(?:\.\d+|,\d{1,2}(?!\d))?"
AT_LEAST = r"≥|>=|=>|>|\bmore than|\bgreater than|\bover|\babove|\bat least|\bin excess of"
UP_TO = r"≤|<=|=<|<|\bless than|\bfewer than|\bunder|\bbelow|\bup to|\bat most|\bno more than"
PERCENT = r"\s*(?:%|\bper\s*cent\b|\bpercent\b)"
# "1 in 1,000", "1/100", "1 out of 10": rewritten as percentages before reading.
RATIO = re.compile(
    r"(?<![\d.,])1\s*(?:in|out of|/)\s*(\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?!\d)|\d+)(?![\d.,]\d)",
    re.IGNORECASE,
)
# The package-leaflet wording of a tier: "up to 1 in 100 (people)" is uncommon.
LEAFLET = re.compile(r"\bup\s+to\s+1\s+in\s+(10|100|1[,.\s]?000|10[,.\s]?000)\b(?![.,]?\d)", re.I)
RANGE = re.compile(
    rf"(?:{AT_LEAST})?\s*(?P<low>{NUMBER})(?:{PERCENT})?\s*(?:-|–|—|\bto\b|\band\b)\s*"
    rf"(?:{UP_TO})?\s*(?P<high>{NUMBER}){PERCENT}",
    re.IGNORECASE,
)
SINGLE = re.compile(
    rf"(?:(?P<at_least>{AT_LEAST})|(?P<up_to>{UP_TO}))?\s*(?<![\d.,])(?P<value>{NUMBER}){PERCENT}",
    re.IGNORECASE,
)


def as_percent(match):
    denominator = int(re.sub(r"\D", "", match[1]))
    return f"{100 / denominator:g}%" if denominator else match[0]


def number(text):
    return float(text.replace(",", "."))


def stated_numbers(text):
    """The first frequency the text states in numbers, as (lowest, highest) in percent:
    None for an open end ("< 1 %" is (None, 1)); None when it states none."""
    text = RATIO.sub(as_percent, text)
    found = RANGE.search(text)
    single = SINGLE.search(text)
    if found and (not single or found.start() <= single.start()):
        lowest = number(found["low"])
        return lowest or None, number(found["high"])  # "0-1 %" is below 1 %
    if not single:
        return None
    value = number(single["value"])
    if single["at_least"]:
        return value, None
    if single["up_to"]:
        return None, value
    return value, value


def tier_at(percent):
    """The tier a frequency falls in."""
    return next(tier for lowest, tier in LOWEST_PERCENT if percent >= lowest)


def tier_below(percent):
    """The tier just below a frequency: below 10 % is common, below 0.1 % rare."""
    return next(tier for lowest, tier in LOWEST_PERCENT if percent > lowest)


def tier_of_numbers(text):
    """The one tier that the numbers of the text pin, or None.

    A range or a value decides by its lower end ("1-10 %" is common). A bound alone decides
    only when one tier lies beyond it ("> 10 %", "< 0.01 %"), and the leaflet's "up to
    1 in 100" names the tier it is the top of.
    """
    if leaflet := LEAFLET.search(text):
        return tier_below(100 / int(re.sub(r"\D", "", leaflet[1])))
    stated = stated_numbers(text)
    if stated is None:
        return None
    lowest, highest = stated
    if lowest is None:
        return Frequency.VERY_RARE if highest <= 0.01 else None
    if highest is None and tier_at(lowest) != Frequency.VERY_COMMON:
        return None
    return tier_at(lowest)


# --- words --------------------------------------------------------------------------------


def tier_of_words(text):
    """The tier the first tier word of the text names (not one in a comparison), or None."""
    for match in TIER_WORD.finditer(text):
        if not COMPARISON.match(text, match.end()):
            return Frequency(int(match.lastgroup.removeprefix("tier")))
    return None


def tier_of(text):
    """The tier a label or sentence states: its numbers, else its words (those before any
    parenthesis first: "Serious (less common)") within the upper bound its numbers state,
    else NOT_KNOWN when it says the frequency is not known; None when it says nothing
    about how common."""
    text = html.unescape(text)
    if pinned := tier_of_numbers(text):
        return pinned
    if word := tier_of_words(text.split("(")[0]) or tier_of_words(text):
        return within_bound(word, text)
    return Frequency.NOT_KNOWN if NOT_KNOWN.search(text) else None


def within_bound(tier, text):
    """A tier word's tier, or the highest tier the text's upper bound allows when the word
    says more: "Common (occurring in less than 1 % of patients)" is uncommon."""
    stated = stated_numbers(text)
    if stated is None or stated[0] is not None:
        return tier
    return Frequency(max(tier, tier_below(stated[1])))


def states_frequency(text):
    """Whether the text states how common something is, in words or in numbers."""
    text = html.unescape(text)
    return tier_of(text) is not None or stated_numbers(text) is not None


# --- serious ------------------------------------------------------------------------------

NOT_SERIOUS = re.compile(
    r"\b(?:not|non|less|rarely|usually not|seldom)[- ](?:serious|severe|dangerous)", re.I
)
SERIOUS = re.compile(
    r"serious|severe|life[- ]threatening|fatal|emergency|seek medical|immediate|urgent", re.I
)


def is_serious(text):
    """Whether a label or sentence says its side effects are serious."""
    return bool(SERIOUS.search(text)) and not NOT_SERIOUS.search(text)


def group_words(label):
    """(tier or None, serious) that a group's label or lead-in states."""
    label = html.unescape(label)
    return tier_of(label), is_serious(label)


def group_of(label):
    """A group label ("Less common, but serious side effects") -> (tier, serious); the tier
    is NOT_KNOWN when the label states none."""
    tier, serious = group_words(label)
    return tier or Frequency.NOT_KNOWN, serious


# --- a mention's own words ----------------------------------------------------------------

# What may follow a tier or seriousness word in a statement about the mention ("rare, but
# serious", "rare in children", "serious"), unlike a noun it describes ("rare hepatitis").
STATEMENT_GOES_ON = (
    r"(?=\s*$|\s*[,;:.!?–—-]|\s+(?:but|and|or|though|although|especially|particularly|mostly|"
    r"mainly|usually|when|if|with|in|at|among|after|during|more|requires?|requiring|needs?|"
    r"reported|seen|observed|cases?|side effects?|reactions?|effects?|events?)\b)"
)
# "in rare cases", "reported rarely", "occurs very rarely", "a common side effect",
# "though rare", "while rare", "this is a fairly common side effect".
STATEMENT_START = (
    r"^(?:(?:in|reported|occurs?|occurring|seen|observed|happens?|has been|have been|is|are|"
    r"was|were|a|an|the|another|also|generally|usually|though|although|while|but|this|it|"
    r"relatively|fairly|quite)\s+)*"
)
# "(more common with X)" compares the mention with another drug: no tier of its own.
TIER_STATEMENT = re.compile(
    rf"{STATEMENT_START}(?!more\s)(?:{TIER_WORD.pattern}|{NOT_KNOWN.pattern.removeprefix('^')})"
    rf"{STATEMENT_GOES_ON}",
    re.IGNORECASE,
)
SERIOUS_STATEMENT = re.compile(
    rf"{STATEMENT_START}(?:(?:potentially|possibly|can be|may be|sometimes|occasionally|very|"
    r"rarely)\s+)?(?:serious|severe|life[- ]threatening|fatal|dangerous|a medical emergency|"
    r"seek (?:\w+ )?medical|get (?:\w+ )?medical|requires? (?:immediate|urgent|emergency))"
    rf"{STATEMENT_GOES_ON}",
    re.IGNORECASE,
)
# Words that may stand around a number that gives a mention's frequency: "in 2% of patients".
NUMBER_WORDS = {
    "of", "in", "by", "for", "about", "approximately", "around", "roughly", "nearly", "up",
    "to", "affects", "affecting", "may", "affect", "seen", "reported", "occurring", "occurs",
    "patients", "people", "persons", "users", "adults", "children", "recipients",
    "subjects", "cases", "incidence", "treated", "the",
}  # fmt: skip
# Words that say nothing more than a tier or seriousness does: "rare, but potentially
# serious" is all said by the link's tier and flag, "rare in children" is not.
STATEMENT_WORDS = NUMBER_WORDS - {"adults", "children"} | {
    "but", "and", "or", "though", "although", "potentially", "possibly", "can", "be", "is",
    "are", "a", "an", "very", "usually", "generally", "also", "still", "sometimes", "side",
    "effect", "effects", "reaction", "reactions", "case", "observed", "medical", "attention",
    "help", "care", "requires", "require", "requiring", "get", "frequency",
}  # fmt: skip
# Between the parts of a note, kept to join the parts that stay: a sentence is a part too
# ("Some people feel it. This is uncommon.").
NOTE_PARTS = re.compile(r"(\s*(?:;|(?<!\d),|,(?!\d))\s*|\s+[-–—]\s+|(?<=[.!?])\s+(?=[A-Z]))")
# A sentence of a note that states its subject's tier: "Rare hives on the arms are
# possible", "Bruising at the injection site was common". The subject is the mention's
# (a labelled item's detail speaks of its label); the sentence stays in the note.
TIER_ADJECTIVE_SENTENCE = re.compile(
    rf"^(?:{TIER_WORD.pattern})\s.*?\b(?:(?:is|are|was|were)\s+(?:also\s+)?"
    r"(?:possible|reported|seen|observed|known)|(?:may|can|could|might)\s+(?:also\s+)?"
    r"(?:occur|happen|develop)|(?:has|have)\s+(?:also\s+)?been\s+(?:reported|observed|seen))\b",
    re.IGNORECASE,
)
TIER_PREDICATE_SENTENCE = re.compile(
    rf"^[^.]*?\s(?:is|are|was|were)\s+(?:(?:generally|usually|relatively|fairly|quite)\s+)?"
    rf"(?:{TIER_WORD.pattern})\W*$",
    re.IGNORECASE,
)
SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def states_a_number_only(part):
    """Whether the part is a frequency in numbers and nothing else ("in 2% of patients")."""
    if not any(char.isdigit() for char in part):
        return False
    if stated_numbers(part) is None and not LEAFLET.search(part):
        return False
    return words_besides_numbers(part) <= NUMBER_WORDS


def words_besides_numbers(part):
    rest = SINGLE.sub(" ", RANGE.sub(" ", RATIO.sub(as_percent, part)))
    return set(re.findall(r"[^\W\d]+", rest.lower()))


def says_nothing_else(part):
    """Whether a statement part is all tier and seriousness ("rare, but serious")."""
    rest = SERIOUS.sub(" ", NOT_KNOWN.sub(" ", TIER_WORD.sub(" ", part)))
    return words_besides_numbers(rest) <= STATEMENT_WORDS


def own_words(note):
    """(tier or None, serious, the rest of the note) that a mention's own parenthetical or
    detail states: "Hair loss (rare)", "Rhabdomyolysis (serious, rare, with muscle pain)",
    "Rash — 2 %". The parts that say only that leave the note: the link's tier and flag
    say it.

    Only parts that are a statement about the mention count: "(common cold)" and "(less
    common than with X)" state no tier, "(severe dizziness, rash)" no seriousness.
    """
    if not note:
        return None, False, ""
    stated = [
        sentence
        for sentence in SENTENCES.split(html.unescape(note))
        if TIER_ADJECTIVE_SENTENCE.match(sentence) or TIER_PREDICATE_SENTENCE.match(sentence)
    ]
    pieces = NOTE_PARTS.split(note)
    statements, serious, kept = [], False, []
    for index in range(0, len(pieces), 2):
        part = html.unescape(pieces[index])
        states_tier = bool(TIER_STATEMENT.match(part)) or states_a_number_only(part)
        if states_tier:
            statements.append(part)
        if states_tier or SERIOUS_STATEMENT.match(part):
            serious = serious or is_serious(part)
            if says_nothing_else(part):
                continue
        kept.extend([pieces[index - 1]] if kept else [])
        kept.append(pieces[index])
    return tier_of("; ".join(statements or stated)), serious, "".join(kept)
