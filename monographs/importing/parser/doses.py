"""The structured dose a dosage text states (amount or range, unit, frequency) and the
route its product takes.

"Take 10–20 mg once daily" is 10 to 20 mg, once daily; "Instil 2 drops in each eye" is 2
drops, ophthalmic. A strength ("400 mg/5 mL"), a lab value ("1.8 mg/dL"), a cap ("up to
4 g a day") or a step ("increase by 50 mg") is no dose; amounts to choose from ("80 mg
once daily or 40 mg twice daily") state none; and "Not for intravenous use" is no route.
"""

import heapq
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from monographs.text import clean_inline, sentences

# A dose or a route is looked for in this much of a text: it is stated first, and a long
# text costs no more than a short one.
DOSE_TEXT_CHARACTERS = 1_000

NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12,
}  # fmt: skip
QUANTITY = rf"{NUMBER}|{'|'.join(WORD_NUMBERS)}"
# Longest first. A unit per body weight or area is still a dose ("5 mg/kg", "mg/m²").
UNITS = (
    r"(?:mg|mcg|µg|g|units?|IU|mL)/(?:kg|m²|m2)(?:/(?:day|dose|min|minute|hour|hr|h))?|"
    r"(?:mg|mcg|g|units?|mL) per (?:kg|kilogram)(?: (?:of )?body ?weight)?(?= |$)|"
    r"mg/day|mcg/day|mg|mcg|µg|micrograms?|milligrams?|grams?|g|mL|ml|millilit(?:er|re)s?|"
    r"units?|IU|international units|mmol|mEq|drops?|tablets?|capsules?|caplets?|puffs?|"
    r"sprays?|inhalations?|actuations?|sachets?|packets?|teaspoon(?:ful)?s?|tsp|"
    r"tablespoon(?:ful)?s?|tbsp|lozenges?|pastilles?|patch(?:es)?|suppositor(?:y|ies)|"
    r"pessar(?:y|ies)|ampoules?|ampules?|vials?|pellets?|applications?|applicatorfuls?|"
    r"scoops?|pumps?"
)
# Possessive white space: a run of spaces is read once.
DOSE = re.compile(
    rf"(?<![\w.,/])(?P<amount>{QUANTITY})"
    rf"(?:\s*+(?:-|–|—|to|or)\s*+(?P<most>{QUANTITY}))?\s*+"
    rf"(?P<unit>{UNITS})(?![\w/²])",
    re.IGNORECASE,
)
# "10 mg to 20 mg": the range's upper end written with its unit again.
UPPER_END = re.compile(rf"\s*+(?:-|–|—|to|or)\s*+(?P<most>{NUMBER})\s*+(?P<unit>{UNITS})\b", re.I)
# Before an amount: a cap, a step or a threshold, not the dose.
NOT_A_DOSE_BEFORE = re.compile(
    r"(?:\bmaximum|\bmax\.?|\bup to|\bexceed|\bexceeding|\bno more than|\bnot more than|"
    r"\bincrease[sd]?(?: by)?|\bincrements? of|\bby|\btitrat\w*(?: by)?|\babove|\bbelow|"
    r"\bover|\bunder|\bless than|\bmore than|\bgreater than|\bat least|"
    r"\bstrengths?(?: of)?|\bcontains?|\bcontaining|\bequivalent to|[<>≤≥])"
    r"(?:\s*+(?:a|the|of|total|dose|daily|dosage)\b)*\s*+$",
    re.IGNORECASE,
)
UNIT_NAMES = {
    "µg": "mcg", "microgram": "mcg", "micrograms": "mcg", "milligram": "mg",
    "milligrams": "mg", "gram": "g", "grams": "g", "ml": "mL", "milliliter": "mL",
    "milliliters": "mL", "millilitre": "mL", "millilitres": "mL", "iu": "IU",
    "international units": "IU", "unit": "units", "meq": "mEq", "tsp": "teaspoon",
    "tbsp": "tablespoon",
}  # fmt: skip

# "once", "once or twice", "3 times", "three or four times".
ONCE = r"(?:once|twice|thrice)"
TIMES = r"(?:\d+|one|two|three|four|five|six)"
COUNT = (
    rf"(?:{ONCE}(?:\s*+(?:-|to|or)\s*+(?:{ONCE}|{TIMES}\s++times))?|"
    rf"{TIMES}(?:\s*+(?:-|–|to|or)\s*+{TIMES})?\s++times)"
)
FREQUENCY = re.compile(
    r"every other (?:day|week)|on alternate days|"
    rf"{COUNT}"
    r"(?:\s*+(?:a|per|each|every|in a))?\s*+"
    r"(?:day|daily|week|weekly|month|monthly|night|nightly)\b|"
    r"every\s*+(?:\d+(?:\s*+(?:-|–|to)\s*+\d+)?|one|two|three|four|six|eight|twelve)\s*+"
    r"(?:hours?|hrs?|h|days?|weeks?|months?)\b|"
    r"every (?:hour|day|morning|evening|night|week|month)|"
    r"(?:as )?a single dose|once only|"
    r"\b(?:per|a) (?:day|week|month)\b|\bdaily\b|\bnightly\b|\bweekly\b|\bmonthly\b|"
    r"\bat bedtime\b|\bas needed\b|\bwhen needed\b|\bin the (?:morning|evening)\b|"
    r"(?-i:\b(?:BID|TID|QID|QD|OD|PRN|QHS|HS|b\.i\.d|t\.i\.d|q\.i\.d)\b|"
    r"\bq\s*\d+(?:-\d+)?\s*h\b)",
    re.IGNORECASE,
)
ABBREVIATIONS = {
    "bid": "twice daily", "b.i.d": "twice daily", "tid": "three times daily",
    "t.i.d": "three times daily", "qid": "four times daily", "q.i.d": "four times daily",
    "qd": "once daily", "od": "once daily", "prn": "as needed", "qhs": "at bedtime",
    "hs": "at bedtime",
}  # fmt: skip
EVERY_HOURS = re.compile(r"^q\s*(\d+(?:-\d+)?)\s*h$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.;](?:\s|$)")
CLAUSE_END = re.compile(r"[.;](?:\s|$)|[,:(]")


@dataclass
class Dose:
    amount: Decimal
    amount_max: Decimal | None
    unit: str
    frequency: str


def dose_in(text):
    """The first dose the Markdown text states, or None."""
    return dose_in_plain(plain_start(text))


def first_sentence(text):
    return next(iter(sentences(text)), "")


def plain_start(text):
    """The start of a Markdown text that a dose and a route are looked for in, as plain text."""
    return clean_inline(text[:DOSE_TEXT_CHARACTERS])


def dose_in_plain(plain):
    for found in amounts(plain):
        amount, most = quantity(found["amount"]), quantity(found["most"])
        end = found.end()
        if most is None:
            upper = UPPER_END.match(plain, end)
            if upper and unit_name(upper["unit"]) == unit_name(found["unit"]):
                most, end = quantity(upper["most"]), upper.end()
        if amount is None or (most is not None and most <= amount):
            most = None
        return Dose(
            amount, most, unit_name(found["unit"]), frequency_near(plain, found.start(), end)
        )
    return None


def amounts(plain):
    """The amounts the plain text states as doses: not a cap, a step or a threshold."""
    for found in DOSE.finditer(plain):
        if not NOT_A_DOSE_BEFORE.search(plain[max(found.start() - 30, 0) : found.start()]):
            yield found


# Between two amounts offered as choices: "10 mg, 30 mg, or 60 mg once daily", "Males
# 1.2 g, Females 1.0 g", "840 mg every 2 weeks or 1200 mg every 3 weeks".
CHOICE_BETWEEN = re.compile(r"^[^.;()]{0,40}?(?:,|\bor\b|/)[^.;()]{0,30}$")
# Between a dose and an amount that is no choice: the next step of a schedule ("10 mg
# daily, increased to 20 mg"), a part of the dose ("30 g daily, divided into six doses of
# 5 g each") or of another drug ("300 mg once daily with 100 mg ritonavir").
NOT_A_CHOICE_BETWEEN = re.compile(
    r"\b(?:to|then|after|increas\w*|reduc\w*|decreas\w*|adjust\w*|followed|titrat\w*|"
    r"with|plus|and|each|divided|split)\b",
    re.IGNORECASE,
)


def offers_choices(plain):
    """Whether the sentence of the first dose states other amounts of its unit to choose
    from. One of them alone would be a wrong fact: "840 mg every 2 weeks, 1200 mg every 3
    weeks, or 1680 mg every 4 weeks" is no "840 mg every 2 weeks"."""
    found = iter(amounts(plain))
    first = next(found, None)
    if first is None:
        return False
    stop = SENTENCE_END.search(plain, first.end())
    end = stop.start() if stop else len(plain)
    for other in found:
        if other.start() >= end:
            break
        between = plain[first.end() : other.start()]
        if (
            unit_name(other["unit"]) == unit_name(first["unit"])
            and quantity(other["amount"]) != quantity(first["amount"])
            and CHOICE_BETWEEN.match(between)
            and not NOT_A_CHOICE_BETWEEN.search(between)
        ):
            return True
    return False


def quantity(text):
    if not text:
        return None
    number = WORD_NUMBERS.get(text.lower())
    if number is not None:
        return Decimal(number)
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only admits numbers
        return None


PER_KILOGRAM = re.compile(r" per (?:kg|kilogram)\b.*$", re.IGNORECASE)


def unit_name(unit):
    """The unit's short name: "mg per kilogram of body weight" is mg/kg."""
    per_kilogram = PER_KILOGRAM.search(unit)
    if per_kilogram:
        return f"{unit_name(unit[: per_kilogram.start()])}/kg"
    return UNIT_NAMES.get(unit.lower(), unit if unit in ("mL", "IU", "mEq") else unit.lower())


def frequency_near(text, start, end):
    """The frequency after the dose in its sentence, else the last one before it in its
    clause ("Once daily, 10 mg" but not "Up to 30 mg a day (5 mg a dose)")."""
    stop = SENTENCE_END.search(text, end)
    found = FREQUENCY.search(text, end, stop.start() if stop else len(text))
    if found is None:
        clause = max(
            (m.end() for m in CLAUSE_END.finditer(text, max(start - 200, 0), start)),
            default=max(start - 200, 0),
        )
        found = next(reversed(list(FREQUENCY.finditer(text, clause, start))), None)
    return frequency_name(found[0]) if found else ""


def frequency_name(written):
    lowered = " ".join(written.lower().rstrip(".").split())
    every = EVERY_HOURS.match(lowered)
    if every:
        return f"every {every[1]} hours"
    return ABBREVIATIONS.get(lowered, lowered)


def states_dose(text):
    return dose_in(text) is not None


# --- route ---------------------------------------------------------------------------------

# What the product is or where it goes, in lower case, in the order tried at one place in
# the text: the route named first in the text wins.
ROUTE_WORDS = [
    ("ophthalmic", r"eye ?drops?|ophthalmic|eye (?:ointment|gel)|conjunctival|"
     r"in(?:to)? (?:the |each |both |affected |one |your )*eyes?\b"),
    ("otic", r"ear ?drops?|otic|in(?:to)? (?:the |each |both |affected |one |your )*ears?\b|"
     r"ear canal"),
    ("nasal", r"(?:intra)?nasal(?:ly)?|nostrils?"),
    ("inhaled", r"(?:oral )?inhal\w*|nebuli[sz]\w*|puffs?"),
    ("oromucosal", r"mouthwash|mouth ?rinse|oral rinse|gargle|lozenges?|pastilles?|"
     r"throat spray|oral gel|mouth paint"),
    ("sublingual", r"sublingual(?:ly)?|under the tongue"),
    ("buccal", r"buccal(?:ly)?"),
    ("vaginal", r"(?:intra)?vaginal(?:ly)?|pessar(?:y|ies)"),
    ("rectal", r"rectal(?:ly)?|suppositor(?:y|ies)|enemas?"),
    ("transdermal", r"transdermal(?:ly)?|patch(?:es)?"),
    ("intravesical", r"intravesical(?:ly)?|into the bladder"),
    ("intrathecal", r"intrathecal(?:ly)?"),
    ("intra-articular", r"intra-?articular(?:ly)?"),
    ("intradermal", r"intradermal(?:ly)?"),
    ("intraurethral", r"intraurethral(?:ly)?"),
    ("intravenous", r"intravenous(?:ly)?|infusion|i\.v\."),
    ("intramuscular", r"intramuscular(?:ly)?|i\.m\."),
    ("subcutaneous", r"subcutaneous(?:ly)?|under the skin|s\.c\."),
    ("oral", r"oral(?:ly)?|by mouth|tablets?|capsules?|caplets?|syrup|elixir|swallow\w*|"
     r"chew\w*|sachets?"),
    ("topical", r"topical(?:ly)?|cream|ointment|lotion|gel|apply|applied|application|"
     r"to the (?:skin|affected (?:area|skin))|shampoo|foam"),
]  # fmt: skip
# What a text says its product is, it says first: a route is looked for in this much of it.
ROUTE_TEXT_CHARACTERS = 500
# Matched in lower-case text: twice as fast as a case-insensitive expression. A route
# that describes what a person takes in or does, or names a condition or a place, is not
# the product's: "if oral or enteral intake is insufficient", "not exceed those used for
# intravenous fluids", "to prevent oral mucositis".
OTHER_THAN_THE_PRODUCT = (
    r"intake|feeding|diet|hygiene|health|fluids?|mucositis|thrush|candidiasis|ulcers?|"
    r"sores?|lesions?|cavity|mucosa"
)
ROUTE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(f"(?P<r{index}>{pattern})" for index, (_, pattern) in enumerate(ROUTE_WORDS))
    + rf")(?![\w-])(?!\s+(?:or\s+[a-z]+\s+)?(?:{OTHER_THAN_THE_PRODUCT})\b)"
)
# Abbreviations, in capitals only: "IV", not the "iv" of a word.
ROUTE_ABBREVIATIONS = {
    "IV": "intravenous", "IM": "intramuscular", "SC": "subcutaneous", "SQ": "subcutaneous",
    "SubQ": "subcutaneous", "subQ": "subcutaneous",
}  # fmt: skip
ROUTE_ABBREVIATION = re.compile(r"(?<![\w-])(?:IV|IM|SC|SQ|SubQ|subQ)(?![\w-])")
# A route that the text denies: "Not for intravenous use", "is not given intravenously";
# not a limit ("not exceeding 3 tablets"). "Stage IV" is no route either.
DENIED = re.compile(
    r"(?:\b(?:not|never|no|avoid|without|cannot|can't|isn't|aren't|don't)\b"
    r"(?![^.;:!?]*\b(?:exceed\w*|more than)\b)[^.;:!?]*|"
    r"\b(?:stage|class|type|grade|phase|factor|category|level)\s*)$",
    re.IGNORECASE,
)


def route_in(text):
    """The route the Markdown text names first, and does not deny; "" if none."""
    return route_in_plain(plain_start(text))


def route_in_plain(text):
    return next((route for route, denied in routes_named(text) if not denied), "")


def routes_denied(text):
    """The routes the plain text names only to deny them ("not given intravenously"), or
    denies in its first sentence, which says what the text is about: "While insulin can
    be given intravenously, this mix is not suitable for IV administration."."""
    named = list(routes_named(text))
    denied_first = {route for route, denied in routes_named(first_sentence(text)) if denied}
    return denied_first | (
        {route for route, denied in named if denied}
        - {route for route, denied in named if not denied}
    )


def routes_named(text):
    """(route, denied) for each route the plain text's start names, in order."""
    text = text[:ROUTE_TEXT_CHARACTERS]
    words = (
        (found.start(), ROUTE_WORDS[int(found.lastgroup[1:])][0])
        for found in ROUTE.finditer(text.lower())
    )
    abbreviations = (
        (found.start(), ROUTE_ABBREVIATIONS[found[0]])
        for found in ROUTE_ABBREVIATION.finditer(text)
    )
    for start, route in heapq.merge(words, abbreviations):
        yield route, DENIED.search(text[max(start - 40, 0) : start]) is not None
