"""What a side-effect label sorts by, and text that names no side effect.

"**Gastrointestinal:** nausea" sorts by body system, "**Amoxicillin:** rash" by
ingredient, "**Intravenous:** fever" by route. A mention that is only such a word, a drug
or ingredient name, a group label ("Serious side effects") or a sentence ("Hives are
possible") is no side-effect term: the parser keeps it as text. The words are data:
`vocabulary/side_effect_labels.yaml`, the interacting-drugs list, the conditions and the
side-effect vocabulary.
"""

import re
from functools import lru_cache

import yaml

from monographs.importing.parser.common import without_parentheses
from monographs.importing.parser.interaction_names import known_names
from monographs.text import normalise
from monographs.vocabulary.conditions import condition_index, conditions_in, key_of
from monographs.vocabulary.loader import VOCABULARY_FILE
from monographs.vocabulary.wording import wording_key, wording_keys

LABELS_FILE = VOCABULARY_FILE.with_name("side_effect_labels.yaml")
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Words that join the others and count for nothing on their own.
CONNECTORS = frozenset({"and", "or", "the", "a", "an", "in", "with", "at", "on", "of", "by"})
# Where a label names several things: "Amoxicillin & Cloxacillin", "Fetus/Neonate".
PARTS = re.compile(r"\s*(?:[,&/+;]|\band\b|\bor\b|\bwith\b|\bplus\b)\s*", re.IGNORECASE)

# The lists a group label is made of ("Rare but serious reactions").
GROUP_LISTS = ("group_words", "label_nouns")
# Words that make a list of body systems a group label: "Various other metabolic effects".
GENERIC = re.compile(r"\b(?:other|various|additional|certain)\b", re.IGNORECASE)
# A label about what an ingredient causes: "Caffeine-related", "Steroid-induced effects".
ABOUT_A_SUBSTANCE = re.compile(
    r"[- ](?:related|induced|associated)(?: (?:side )?effects| reactions)?$", re.IGNORECASE
)
# A sentence, not a term: it opens with a verb or a connective ("Are possible",
# "Characterized by ...", "Because ..."), or a short subject is followed by a verb
# ("Hives are possible", "Mania can occur", "Flupirtine carries a risk").
OPENS_A_CLAUSE = re.compile(
    r"^(?:are|is|was|were|be|been|being|has|have|had|do|does|did|can|could|may|might|must|"
    r"should|will|would|shall|because|since|as|so|thus|therefore|hence|however|although|"
    r"though|whereas|unless|until|characteri[sz]ed|caused|causing|leading|resulting|"
    r"requir\w*|warrant\w*|necessitat\w*|affecting|associated|related|due|following|"
    r"upon|without|for|by|e\.?\s?g|i\.?\s?e|etc|also|like|even|only|then|either|neither|"
    r"whose|who|whom|what|where|why|how|to|take|taking|avoid|use|using|keep|ask|inform|"
    r"monitor|check|let|make|do not|don't|please|making|ranging|indicating|suggesting|"
    r"meaning|allowing|involving|becoming|getting|having|giving|depending|discuss|talk|"
    r"speak|follow|read|remember|never|always|immediately|varying|it|its|they|them|these|"
    r"those|this|there|which|similar|in (?:\w+ )?(?:cases|instances)|"
    r"(?:potentially|possibly) \w+ing)\b",
    re.IGNORECASE,
)
A_WORD = r"(?:(?!(?:that|which|who|like|where|when|as)\b)[\w'’-]+[\s,]+)"
FINITE_VERB = re.compile(
    rf"^(?:{A_WORD}{{1,6}}?(?:are|is|was|were|has been|have been|can|could|may|might|must|"
    rf"should|will|would|include)|{A_WORD}{{1,3}}?(?:has|have|had|carries|carry|causes|occurs|"
    rf"occurred|develops|requires|warrants|includes|contains|affects|persists|resolves|"
    rf"subsides|disappears|improves|worsens|tends|seems|appears to))\b",
    re.IGNORECASE,
)
# "Serious side effects involving the kidneys": a group label with words about it.
GROUP_ABOUT = re.compile(
    r"^(?P<group>.*?\b(?:effects|reactions|events|problems|complications|symptoms|issues))\s+"
    r"(?:involving|affecting|related to|associated with|depending on|for|from|of|on|in)\b",
    re.IGNORECASE,
)


OF = re.compile(r"\s+of\s+", re.IGNORECASE)
SIDE_EFFECTS_NOUN = re.compile(r"\b(?:side|adverse)[- ](?:effects?|reactions?|events?)$", re.I)


@lru_cache(maxsize=1)
def label_words():
    """{list name: set of normalised phrases} from side_effect_labels.yaml."""
    data = yaml.load(LABELS_FILE.read_text(encoding="utf-8"), Loader=SafeLoader) or {}
    return {name: {normalise(str(word)) for word in words} for name, words in data.items()}


@lru_cache(maxsize=1)
def side_effect_keys():
    """The curated side-effect names and aliases, normalised, and their wording keys
    (`vocabulary/wording.py`: "Cardiac issues" is "Heart problems"): what a label may be."""
    entries = yaml.load(VOCABULARY_FILE.read_text(encoding="utf-8"), Loader=SafeLoader) or []
    keys, wordings = set(), set()
    for entry in entries:
        for name in [entry["name"], *entry.get("aliases", [])]:
            keys.add(singular(normalise(without_parentheses(name))))
            wordings.update(wording_keys(name))
    return keys, wordings


def singular(key):
    """The key with a plain final "s" dropped ("reactions" -> "reaction")."""
    if len(key) > 3 and key.endswith("s") and not key.endswith(("ss", "us", "is")):
        return key[:-1]
    return key


def phrase_of(text, *lists):
    """Whether text is made only of phrases of the lists (connectors aside): for each run
    of words, the longest phrase of the lists that starts it."""
    phrases = phrases_of(lists)
    words = normalise(text).split()
    found_one = False
    index = 0
    while index < len(words):
        if words[index] in CONNECTORS:
            index += 1
            continue
        for end in range(min(len(words), index + 4), index, -1):
            phrase = " ".join(words[index:end])
            if phrase in phrases or singular(phrase) in phrases:
                index, found_one = end, True
                break
        else:
            return False
    return found_one


@lru_cache(maxsize=32)
def phrases_of(lists):
    return frozenset().union(*(label_words()[name] for name in lists))


def is_known_side_effect(text):
    """Whether the curated vocabulary names it, by a name or alias or their wording."""
    plain = without_parentheses(text)
    return known_cached(plain) if len(plain) <= 200 else known(plain)


def known(plain):
    keys, wordings = side_effect_keys()
    return singular(normalise(plain)) in keys or wording_key(plain) in wordings


known_cached = lru_cache(maxsize=8192)(known)


def names_known_side_effect(text):
    """Whether any run of up to four words of the text is a side effect the curated
    vocabulary names ("... could lead to stomach upset")."""
    words = re.findall(r"[\w'’-]+", without_parentheses(text) if "(" in text else text)
    return any(
        is_known_side_effect(" ".join(words[start:end]))
        for start in range(len(words))
        for end in range(start + 1, min(len(words), start + 4) + 1)
        if words[end - 1].lower() not in CONNECTORS
    )


def is_body_system(label):
    """'Gastrointestinal', 'Nervous system disorders', 'Skin and hair reactions'."""
    words = normalise(label).split()
    while words and (words[-1] in label_words()["label_nouns"] or words[-1] in CONNECTORS):
        words.pop()
    return bool(words) and phrase_of(" ".join(words), "body_systems")


def names_substance(text, monograph, by_shape=False):
    """A drug, ingredient or supplement: words of the monograph's own title or generic
    name, or a name of the interacting drugs or of the substances; `by_shape`, also a
    name that ends like one ("Zinc sulphate", "Amoxicillin"), which a label may be but
    a mention may not ("High uric acid")."""
    if is_known_side_effect(text):
        return False
    return names_own_ingredient(text, monograph) or names_known_substance(text, by_shape)


def names_own_ingredient(text, monograph):
    """Whether every word is a word of the monograph's title or generic name."""
    words = set(normalise(without_parentheses(text)).split()) - CONNECTORS
    return bool(words) and words <= own_words(monograph.title, monograph.generic_name)


@lru_cache(maxsize=4)
def own_words(title, generic_name):
    return frozenset(normalise(f"{title} {generic_name}").split())


def names_known_substance(text, by_shape=False):
    """A name of the interacting drugs or of the substances (see names_substance)."""
    key = normalise(without_parentheses(text))
    words = key.split()
    lists = label_words()
    if key in known_names() or key in lists["substances"] or singular(key) in lists["substances"]:
        return True
    if not words or not by_shape or lists["quantity_words"].intersection(words):
        return False
    if words[-1] in lists["substance_words"] or words[0] == "vitamin":
        return True
    return len(words) == 1 and words[0].endswith(tuple(lists["drug_name_endings"]))


def names_condition(text, monograph):
    """A condition this drug treats ("Dupuytren's contracture"): the monograph's usage
    names it, as these words or as one of the conditions, and it is no side effect."""
    key = key_of(without_parentheses(text))
    parts = [text, *PARTS.split(text)]
    if not key or any(is_known_side_effect(part) for part in parts if part):
        return False
    if phrase_of(text, *GROUP_LISTS):
        return False
    index, _ = condition_index()
    return f" {key} " in usage_words(monograph.usage) or index.get(key) in usage_conditions(
        monograph.usage
    )


@lru_cache(maxsize=4)
def usage_words(usage):
    """The usage text as one key, read once however many labels ask (the text's hash is
    kept by the string itself)."""
    return f" {key_of(usage)} "


@lru_cache(maxsize=4)
def usage_conditions(usage):
    return frozenset(conditions_in(usage))


def label_note(label, monograph):
    """What a list label adds to its mentions' notes: the label itself when it names an
    ingredient, a route, a population, a condition or how the effects come about
    ("Systemic absorption"); "" for a body system.

    None when the label sorts by none of these: it is then no list label.
    """
    name = " ".join(without_parentheses(label).split()).strip(" :")
    if not name or len(name) > 120:
        return None
    if is_body_system(name):
        return ""
    if phrase_of(OF.split(name, maxsplit=1)[0], "processes"):
        return name  # "**Systemic absorption:** it may cause X": X comes that way
    core = ABOUT_A_SUBSTANCE.sub("", name)
    parts = [part for part in PARTS.split(core) if part and part.lower() not in CONNECTORS]
    if parts and all(
        phrase_of(part, "routes", "populations") or names_substance(part, monograph, True)
        for part in parts
    ):
        return core
    return name if names_condition(name, monograph) else None


def is_not_a_term(text, monograph):
    """Text that must not become a side-effect term: a group label, a body system, a body
    part, a route, a drug or ingredient (this monograph's own too), or a sentence."""
    plain = " ".join(without_parentheses(text).split()).strip(" .;,:")
    names_none = names_nothing_cached if len(plain) <= 200 else names_nothing
    return names_none(plain) or (
        not is_known_side_effect(plain) and names_own_ingredient(plain, monograph)
    )


def names_nothing(plain):
    """is_not_a_term() but for this monograph's own names: the same for every file."""
    if not plain or not any(char.isalpha() for char in plain):
        return True
    if is_known_side_effect(plain) or is_known_side_effect(after_group_words(plain)):
        return False  # "Other allergic reactions" are allergic reactions
    if OPENS_A_CLAUSE.match(plain) or FINITE_VERB.match(plain):
        return True
    lowered = plain.lower()
    if lowered.endswith(("-related", " related", "-induced", "-based", "related side effects")):
        return True
    if (about := GROUP_ABOUT.match(plain)) and phrase_of(about["group"], *GROUP_LISTS):
        return True
    if GENERIC.search(plain) and phrase_of(plain, *GROUP_LISTS, "body_systems", "routes"):
        return True  # "Various other neurological and metabolic effects"
    if SIDE_EFFECTS_NOUN.search(plain) and phrase_of(plain, *GROUP_LISTS, "body_systems"):
        return True  # "Stomach and bowel side effects", "Liver-related adverse reactions"
    if phrase_of(OF.split(plain, maxsplit=1)[0], "processes"):
        return True  # "Systemic absorption of the steroid": how an effect comes, not one
    if is_vague_group(plain):
        return True
    return (
        phrase_of(plain, *GROUP_LISTS)
        or phrase_of(plain, "quantity_words")  # "Toxicity": of what, it does not say
        or phrase_of(plain, "body_systems", "body_parts", "routes")
        or names_known_substance(plain)
    )


def is_vague_group(plain):
    """Several effects under a vague plural head, not one effect: body-system and group
    words before it ("Serious respiratory events"), "Various" anything ("Various oral
    discomforts"), or "Signs of" how effects come about ("Signs of systemic absorption")."""
    words = normalise(plain).split()
    if len(words) < 2:
        return False
    parts = OF.split(plain, maxsplit=2)
    if words[0] == "signs" and len(parts) > 1 and phrase_of(parts[1], "processes"):
        return True
    if words[-1] not in label_words()["vague_nouns"]:
        return False
    if words[0] == "various":
        return True
    # "Serious CNS effects" are our "Neurological problems": a body system we have a
    # term for is that term, however the group is worded.
    body = after_group_words(" ".join(words[:-1])).split()
    return phrase_of(" ".join(body), "body_systems") and not any(
        is_known_side_effect(" ".join([*body[start:], "problems"])) for start in range(len(body))
    )


def after_group_words(plain):
    """The text without the group words it opens with ("Other serious infections")."""
    words = plain.split()
    group_words = label_words()["group_words"]
    while len(words) > 1 and normalise(words[0]) in group_words:
        words.pop(0)
    return " ".join(words)


# Mentions come back in file after file ("Nausea"): each is judged once.
names_nothing_cached = lru_cache(maxsize=8192)(names_nothing)
