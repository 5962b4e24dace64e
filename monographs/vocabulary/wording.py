"""One key for the variant wordings of a side effect, so that they find the same term.

"Irritation of the eye" and "Eye irritation", "Swelling in the ankles" and "Ankle
swelling", "Oedema" and "Edema", "Increased blood triglyceride levels" and "High
triglycerides" have the same `wording_key`. The resolver keys its terms and aliases and
each mention with it (after an exact match failed), so the rules are general, applied to
both sides alike, and never need an alias per variant.
"""

import re
from functools import lru_cache

from monographs.text import normalise

# British spellings, within a word, and their American forms.
SPELLINGS = [
    (re.compile(r"^oe"), "e"),  # oedema, oesophagitis, oestrogen
    (re.compile(r"oea$"), "ea"),  # dyspnoea, diarrhoea, apnoea
    (re.compile(r"aem"), "em"),  # anaemia, haemorrhage, leukaemia, hypoglycaemia
    (re.compile(r"aed"), "ed"),  # paediatric
    (re.compile(r"aes(?=th)"), "es"),  # anaesthesia
    (re.compile(r"aec"), "ec"),  # faeces, faecal
    (re.compile(r"foet"), "fet"),  # foetal
    (re.compile(r"coel"), "cel"),  # coeliac
    (re.compile(r"(?<=\w\w)our$"), "or"),  # tumour, colour, behaviour
    (re.compile(r"(?<=\w{4})is(e|ed|ing|ation)$"), r"iz\1"),  # localised, sensitisation
    (re.compile(r"(?<=\w)ys(e|ed)$"), r"yz\1"),  # paralysed
    (re.compile(r"sulph"), "sulf"),
    (re.compile(r"(?<=olog)ical$"), "ic"),  # neurological, haematological
]
# Body-part adjectives and the nouns they stand for: "Facial swelling" is "Swelling of
# the face", "Renal failure" "Kidney failure".
BODY_NOUNS = {
    "facial": "face",
    "ocular": "eye",
    "nasal": "nose",
    "oral": "mouth",
    "gastric": "stomach",
    "abdominal": "abdomen",
    "hepatic": "liver",
    "renal": "kidney",
    "cardiac": "heart",
    "pulmonary": "lung",
    "cutaneous": "skin",
    "dermal": "skin",
    "muscular": "muscle",
    "articular": "joint",
    "venous": "vein",
    "dental": "tooth",
    "gingival": "gum",
    "lingual": "tongue",
    "labial": "lip",
    "cerebral": "brain",
    "mammary": "breast",
    "thoracic": "chest",
    "palpebral": "eyelid",
    "conjunctival": "conjunctiva",
    "corneal": "cornea",
    "retinal": "retina",
    "visual": "vision",
    "esophageal": "esophagus",
    "intestinal": "intestine",
    "colonic": "colon",
    "rectal": "rectum",
    "anal": "anus",
    "bronchial": "bronchus",
    "pharyngeal": "pharynx",
    "laryngeal": "larynx",
    "vaginal": "vagina",
    "vulvar": "vulva",
    "uterine": "uterus",
    "ovarian": "ovary",
    "testicular": "testis",
    "penile": "penis",
    "urethral": "urethra",
    "gi": "gastrointestinal",
}
# What a body part is, said as an adjective, and the noun for it: "Swollen hands" is
# "Swelling of the hands", "Dry mouth" "Dryness of the mouth", "Enlarged liver" "Liver
# enlargement".
STATE_NOUNS = {
    "swollen": "swelling",
    "painful": "pain",
    "itchy": "itching",
    "dry": "dryness",
    "red": "redness",
    "numb": "numbness",
    "stiff": "stiffness",
    "weak": "weakness",
    "irritated": "irritation",
    "inflamed": "inflammation",
    "blurred": "blurring",
    "discolored": "discoloration",
    "ulcerated": "ulcer",
    # HPO names most of them "Enlarged X": "Ovarian enlargement" is "Enlarged ovaries"
    "enlarged": "enlargement",
    "thickened": "thickening",
    "ulceration": "ulcer",
}
# Plurals that do not end in "s".
IRREGULAR = {"feet": "foot", "teeth": "tooth", "children": "child", "women": "woman", "men": "man"}
# Kinds of trouble that name nothing more than "problem": "Neurological complications"
# is "Neurological problems".
TROUBLE = frozenset(
    {
        "effect",
        "symptom",
        "problem",
        "issue",
        "complication",
        "disorder",
        "disease",
        "disturbance",
    }
)
# Words that only point: "A bad taste in the mouth" is "Bad taste in mouth", "Increased
# levels of certain liver enzymes" "Increased liver enzymes".
ARTICLES = frozenset({"a", "an", "the", "your", "one's", "any", "certain", "various", "some"})
# "Increased/elevated/high blood X levels" is "high X"; "Decreased/low serum X" "low X".
RAISED = frozenset({"increased", "elevated", "high", "higher", "raised", "heightened"})
LOWERED = frozenset({"decreased", "reduced", "low", "lower", "lowered", "diminished"})
MEDIUM = frozenset({"blood", "serum", "plasma"})
MEASURE = frozenset({"level", "concentration", "count", "value"})
# "X of/in/on the Y" names Y first: "Irritation of the eye" is "Eye irritation".
PLACE = frozenset({"of", "in", "on", "around", "to", "at", "from"})


@lru_cache(maxsize=16384)
def wording_key(term):
    """The key that variant wordings of one side effect share (see the module's doc);
    kept for the mentions that come back in file after file ("Nausea")."""
    return wording_of(normalise(term))


def wording_of(key):
    """wording_key() of a name already normalised."""
    words = [word_form(word) for word in key.split() if word not in ARTICLES]
    words = as_measure(words)
    return " ".join(place_first(words))


PARENTHETICAL = re.compile(r"\(([^()]*)\)")


def wording_keys(name):
    """The wording keys a term's name or alias stands for: as written, without its
    parenthetical, and the parenthetical ("Tinnitus (ringing in the ears)")."""
    keys = [wording_key(name), wording_key(PARENTHETICAL.sub(" ", name))]
    keys += [wording_key(inside) for inside in PARENTHETICAL.findall(name)]
    return [key for key in dict.fromkeys(keys) if key]


@lru_cache(maxsize=65536)
def word_form(word):
    """A word in American spelling, singular, and a body-part adjective as its noun."""
    for pattern, american in SPELLINGS:
        word = pattern.sub(american, word)
    word = IRREGULAR.get(word) or singular(word)
    word = "problem" if word in TROUBLE else word
    return BODY_NOUNS.get(word) or STATE_NOUNS.get(word, word)


def singular(word):
    """'rashes' -> 'rash', 'allergies' -> 'allergy', 'headaches' -> 'headache'. Both sides
    of a lookup are made singular alike, so an odd form ("diabete") does no harm."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")) and not word.endswith("aches"):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def as_measure(words):
    """'high blood calcium level in blood' -> 'high calcium' (see RAISED and LOWERED)."""
    if len(words) < 2 or (words[0] not in RAISED and words[0] not in LOWERED):
        return words
    direction = "high" if words[0] in RAISED else "low"
    rest = words[1:]
    if len(rest) > 2 and rest[0] in MEASURE and rest[1] == "of":  # "levels of X"
        rest = rest[2:]
    if rest and rest[0] in MEDIUM and len(rest) > 1:
        rest = rest[1:]
    if len(rest) > 2 and rest[-2] == "in" and rest[-1] in MEDIUM:  # "... in the blood"
        rest = rest[:-2]
    if len(rest) > 1 and rest[-1] in MEASURE:
        rest = rest[:-1]
    return [direction, *rest]


def place_first(words):
    """'irritation of eye' -> 'eye irritation', when each side is one or two words."""
    for index, word in enumerate(words):
        if word in PLACE:
            thing, place = words[:index], words[index + 1 :]
            if 0 < len(thing) <= 2 and 0 < len(place) <= 2 and not PLACE.intersection(place):
                return [*place, *thing]
            break
    return words


def swelling_key(key):
    """'face edema' -> 'face swelling': edema of a named place is its swelling, a last
    resort when no term of the edema itself exists ("Pulmonary edema" is one)."""
    words = key.split()
    if len(words) > 1 and words[-1] == "edema":
        return " ".join([*words[:-1], "swelling"])
    return None


# Several things sharing words: "Swelling of the hands, feet, or ankles", "Fast or slow
# heart rate", "Hair thinning or loss", "Increased cholesterol and triglycerides".
AND_OR = r"\s*,?\s+(?:or|and|and/or)\s+"
PLACE_SERIES = re.compile(
    rf"^(?P<head>.+?\s(?:of|in|on|around|to)\s+(?:the\s+|your\s+)?)"
    rf"(?P<places>[\w'-]+(?:\s*,\s*[\w'-]+)*{AND_OR}[\w'-]+)$",
    re.IGNORECASE,
)
SHARED_HEAD = re.compile(
    rf"^(?P<head>[\w-]+)\s+(?P<items>[\w-]+(?:\s*,\s*[\w-]+)*{AND_OR}[\w-]+)$", re.IGNORECASE
)
SHARED_TAIL = re.compile(rf"^(?P<one>[\w-]+){AND_OR}(?P<other>[\w-]+)\s+(?P<tail>[\w\s-]+)$")
SERIES_ITEM = re.compile(rf"{AND_OR}|\s*,\s*", re.IGNORECASE)
# "Changes in blood pressure or heart rate": things of several words in one place series.
LONG_PLACE_SERIES = re.compile(
    rf"^(?P<head>.+?\s(?:of|in|on|around|to)\s+(?:the\s+|your\s+)?)(?P<places>.+{AND_OR}.+)$",
    re.IGNORECASE,
)
# "Increased blood pressure and heart rate": one change said of each thing listed.
CHANGE_SERIES = re.compile(
    rf"^(?P<change>{'|'.join(sorted(RAISED | LOWERED))})\s+(?P<items>.+{AND_OR}.+)$",
    re.IGNORECASE,
)
# "Low serum calcium and potassium levels": two words sharing what comes before and after.
WORD = r"[\w'-]+"
SHARED_ENDS = re.compile(
    rf"^(?P<head>{WORD}(?:\s+{WORD})*)\s+(?P<one>{WORD}){AND_OR}(?P<other>{WORD})"
    rf"\s+(?P<tail>{WORD}(?:\s+{WORD})*)$",
    re.IGNORECASE,
)


def shared_word_readings(term):
    """The ways a mention may name several side effects that share words, each as its
    list of parts: [["swelling of the hands", "swelling of the feet"]]."""
    text = " ".join(term.split())
    readings = []
    if series := PLACE_SERIES.match(text):
        places = [place for place in SERIES_ITEM.split(series["places"]) if place]
        readings.append([f"{series['head']}{place}" for place in places])
    if shared := SHARED_HEAD.match(text):
        items = [item for item in SERIES_ITEM.split(shared["items"]) if item]
        readings.append([f"{shared['head']} {item}" for item in items])
    if shared := SHARED_TAIL.match(text):
        tail = shared["tail"]
        readings.append([f"{shared['one']} {tail}", f"{shared['other']} {tail}"])
    return readings


def distributed_readings(term):
    """The ways a mention may say the same words of several things, less plainly than
    shared_word_readings() (the resolver tries them after the mention's plain parts):
    [["increased blood pressure", "increased heart rate"]]."""
    text = " ".join(term.split())
    readings = []
    shared = SHARED_ENDS.match(text)
    # "Burning sensation or irritation at the application site": the place is said of
    # both, the first word of one alone.
    if shared and shared["tail"].split()[0].lower() not in PLACE:
        head, tail = shared["head"], shared["tail"]
        readings.append([f"{head} {shared['one']} {tail}", f"{head} {shared['other']} {tail}"])
    if (series := LONG_PLACE_SERIES.match(text)) and not PLACE_SERIES.match(text):
        places = [place for place in SERIES_ITEM.split(series["places"]) if place]
        readings.append([f"{series['head']}{place}" for place in places])
    if series := CHANGE_SERIES.match(text):
        items = [item for item in SERIES_ITEM.split(series["items"]) if item]
        readings.append([f"{series['change']} {item}" for item in items])
    return readings


def any_order(key):
    """A wording key with its words in any order and without "of": 'blood vomiting'
    (from "Vomiting of blood") and "Vomiting blood" share it, "Fluid around the lungs"
    and "Fluid in the lungs" do not. None for a list ("Muscle and bone pain"), whose
    words say which goes with which."""
    words = key.split()
    if "and" in words or "or" in words:
        return None
    return " ".join(sorted(word for word in words if word != "of"))
