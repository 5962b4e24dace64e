"""Find the drugs and drug classes named in interaction prose, and tell which names are
one interaction, advice, or the monograph's own drug.

"Use caution when combining interferon beta-1b with cladribine." names cladribine.
Names come from the curated list in `monographs/vocabulary/interacting_drugs.txt`.
"""

import re
from functools import lru_cache
from pathlib import Path

from monographs.importing.data import InteractionEntry
from monographs.importing.parser.common import without_parentheses
from monographs.text import SENTENCE, clean_inline, longest_phrase_at, word_prefixes

NAMES_FILE = Path(__file__).resolve().parents[2] / "vocabulary" / "interacting_drugs.txt"
INN_STEMS_FILE = NAMES_FILE.with_name("inn_stems.txt")
# A sentence ends at these, but not at "St." (John's wort) or "e.g.".
# Only what the text states: "use caution" is advice, not a severity.
SEVERITY = [
    (
        "major",
        re.compile(r"\b(?:major|contraindicated|life[- ]threatening|fatal|serious|severe)\b", re.I),
    ),
    ("moderate", re.compile(r"\bmoderate\b", re.I)),
    ("minor", re.compile(r"\bminor\b", re.I)),
]


WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*")
# What says that a sentence outside an interactions topic is about taking drugs together.
# Not "use with caution": it mostly introduces conditions ("in patients with ...").
INTERACTION_CUE = re.compile(
    r"\binteract|\bconcomitant|\bconcurrent|\b(?:combined|combining|together) with\b|"
    r"\b(?:those|patients|people|anyone) (?:who are )?taking\b",
    re.IGNORECASE,
)
# A name followed by these is a lab value, an allergy or a property of something else:
# "potassium levels", "an anticoagulant effect".
NOT_A_DRUG_AFTER_WORDS = {
    "levels", "deficiency", "allergy", "allergies", "effects", "property", "properties",
}  # fmt: skip
TOPIC_JOINERS = re.compile(r"\b(?:and|or|with)\b|[,&/]", re.IGNORECASE)
# A name never reaches across these: "central nervous system (CNS) depressants" holds no
# name "CNS) depressants".
NAME_BREAK = re.compile(r"[()\[\]{},;:!?\"“”]")
# An acronym in brackets right after the words it stands for: "central nervous system
# (CNS) depressants" is one name, "central nervous system depressants".
ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,7}s?")
BRACKET_OPEN = re.compile(r"\s*\(\s*")
BRACKET_CLOSE = re.compile(r"\s*\)")
# "X (Y)": a parenthetical holding one other name only ("warfarin (a blood thinner)").
GLOSS = re.compile(r"\s*\(\s*(?:(?:a|an|the)\s+)?([^()]{1,100}?)\s*\)", re.IGNORECASE)
# Words that only join the words an acronym stands for ("serotonin and norepinephrine").
ACRONYM_FILLERS = {"and", "of", "the", "or"}


@lru_cache(maxsize=1)
def name_lines():
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip())


@lru_cache(maxsize=1)
def known_names():
    """The names, lower case."""
    return {name_key(line) for line in name_lines()}


@lru_cache(maxsize=1)
def matched_names():
    """The names as match keys (see match_word), a class also with its generic noun:
    "antiretrovirals" are "antiretroviral medications" too."""
    keys = {match_key(line) for line in name_lines()}
    classes = {match_key(line) for line in name_lines() if is_plural(line.split()[-1])}
    return keys | {f"{key} drug" for key in classes if not key.endswith(" drug")}


@lru_cache(maxsize=1)
def drug_by_its_stem():
    """A word that ends as the INNs of a drug group do ("-peridol", "-mazine"): a drug's
    name whether or not the list has it."""
    lines = INN_STEMS_FILE.read_text(encoding="utf-8").splitlines()
    stems = sorted((line for line in lines if line and not line.startswith("#")), key=len)
    return re.compile(rf"(?=[a-z]{{7,}}\Z)[a-z]+(?:{'|'.join(reversed(stems))})", re.IGNORECASE)


@lru_cache(maxsize=1)
def matched_name_prefixes():
    return word_prefixes(matched_names())


@lru_cache(maxsize=1)
def singular_names():
    """The match keys of the names the list writes in the singular ("warfarin", "TCA")."""
    return {match_key(line) for line in name_lines() if not is_plural(line.split()[-1])}


def name_key(text):
    return " ".join(WORD.findall(text.lower()))


# The generic noun of a class: "myelosuppressive agents" are "myelosuppressive drugs".
CLASS_NOUNS = {"agent", "drug", "medication", "medicine"}


def match_word(word):
    """A word as names are matched: lower case, a hyphen as a space ("proton-pump"), a
    plain plural as its singular ("TCAs", "antimuscarinics"), a class's generic noun as
    "drug"."""
    parts = [singular(part) for part in word.lower().split("-") if part]
    return " ".join("drug" if part in CLASS_NOUNS else part for part in parts)


def singular(word):
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s")):
        return word[:-1]
    return word


def is_plural(word):
    return singular(word.lower()) != word.lower()


def match_key(text):
    return " ".join(match_word(word) for word in WORD.findall(text))


ARTICLES = {"a", "an", "another", "any", "each"}


def number_agrees(words, keys, index, size):
    """Whether the name found is written in the number the list has it in, or is a class
    written in the singular as a noun, after an article ("an MAO inhibitor"): "opioid"
    in "opioid antagonists" is no name of "opioids"."""
    last = words[index + size - 1][0]
    if is_plural(last) or " ".join(keys[index : index + size]) in singular_names():
        return True
    return index > 0 and keys[index - 1] in ARTICLES


@lru_cache(maxsize=1)
def not_a_drug_after():
    return {match_word(word) for word in NOT_A_DRUG_AFTER_WORDS}


def names_in(sentence):
    """The known names in a sentence, longest match first, as written in the sentence,
    and the words that are a drug's name by their INN stem.

    A lookup of each run of words that starts a name in a set: much faster than one
    regular expression with a thousand alternatives. A gloss of a name ("NSAIDs
    (non-steroidal anti-inflammatory drugs)", "anticoagulants (blood thinners)") is not
    a second name.
    """
    names, prefixes = matched_names(), matched_name_prefixes()
    found, glossed_until = [], -1
    for run in name_runs(sentence, list(WORD.finditer(sentence))):
        keys = [match_word(word[0]) for word in run]
        index = 0
        while index < len(run):
            size = longest_phrase_at(keys, index, names, prefixes)
            if size and not number_agrees(run, keys, index, size):
                size = 0
            if not size and drug_by_its_stem().fullmatch(run[index][0]):
                size = 1
            if not size:
                index += 1
                continue
            start, end = run[index].start(), run[index + size - 1].end()
            if start >= glossed_until and not names_a_measure(keys, index + size):
                found.extend(shared_head_names(sentence, run, keys, index, size))
                found.append(written_name(sentence, run[index : index + size]))
                glossed_until = max(glossed_until, gloss_end(sentence, end, found[-1]))
            index += size
    return found


def name_runs(sentence, words):
    """The words in runs that a name may span: a bracket or a comma ends a run, but an
    acronym in brackets after the words it spells is left out and the run goes on."""
    breaks = [found.start() for found in NAME_BREAK.finditer(sentence)]
    if not breaks:
        return [words] if words else []
    runs, run, gap_start, next_break = [], [], 0, 0
    for position, word in enumerate(words):
        if run and word[0][0].isupper() and spells_words_before(sentence, words, position, run):
            gap_start = BRACKET_CLOSE.match(sentence, word.end()).end()
            continue
        while next_break < len(breaks) and breaks[next_break] < gap_start:
            next_break += 1
        if run and next_break < len(breaks) and breaks[next_break] < word.start():
            runs.append(run)
            run = []
        run.append(word)
        gap_start = word.end()
    return [*runs, run] if run else runs


def spells_words_before(sentence, words, position, run):
    word = words[position]
    return (
        ACRONYM.fullmatch(word[0]) is not None
        and BRACKET_OPEN.fullmatch(sentence, run[-1].end(), word.start()) is not None
        and BRACKET_CLOSE.match(sentence, word.end()) is not None
        and any(
            abbreviates(word[0], [w[0] for w in run[-size:]])
            for size in range(2, min(len(run), 8) + 1)
        )
    )


def written_name(sentence, words):
    """The name as written; its words alone when an acronym in brackets was left out."""
    written = sentence[words[0].start() : words[-1].end()]
    return " ".join(word[0] for word in words) if "(" in written else written


def gloss_end(sentence, end, name):
    """Where a parenthetical right after the name ends, when it only glosses it: another
    known name of the same number ("blood thinners (anticoagulants)"), or what an acronym
    spells. "anticoagulants (warfarin)" gives an example, not a gloss. -1 otherwise."""
    gloss = GLOSS.match(sentence, end)
    if gloss is None:
        return -1
    inner = gloss[1]
    if same_interaction(name, inner) or (
        match_key(inner) in matched_names() and plural(name) == plural(inner)
    ):
        return gloss.end()
    return -1


def plural(name):
    return name.rstrip().endswith("s")


def names_a_measure(keys, after):
    """Whether the words after a name make it a lab value, an allergy or a property:
    "potassium levels", "low potassium or magnesium levels", "sedative effects"."""
    following = keys[after : after + 3]
    if following[:1] and following[0] in ("or", "and"):
        following = following[2:]
    return bool(following) and following[0] in not_a_drug_after()


def shared_head_names(sentence, words, keys, index, size):
    """Names that share the found name's last words: "CYP2D6 and CYP3A4 inhibitors" (or
    "OATP1B1/OATP1B3 inhibitors") also names "CYP2D6 inhibitors", when that is a known
    name."""
    names = matched_names()
    if size < 2 or index < 1:
        return []
    if sentence[words[index - 1].end() : words[index].start()].strip() == "/":
        before = index - 1
    elif index >= 2 and keys[index - 1] in ("and", "or"):
        before = index - 2
    else:
        return []
    tail = " ".join(keys[index + 1 : index + size])
    written_tail = sentence[words[index + 1].start() : words[index + size - 1].end()]
    shared = []
    while before >= 0 and f"{keys[before]} {tail}" in names:
        shared.append(f"{words[before][0]} {written_tail}")
        before -= 1
    return shared[::-1]


# --- which names are one interaction ---------------------------------------------------


def abbreviates(acronym, words):
    """Whether an acronym spells the words: each word gives its first letter, and maybe
    more of its letters in order ("NSAIDs": non-steroidal anti-inflammatory drugs;
    "MAOIs": monoamine oxidase inhibitors)."""
    letters = (acronym[:-1] if acronym.endswith("s") else acronym).lower()
    parts = [
        part for word in words for part in word.lower().split("-") if part not in ACRONYM_FILLERS
    ]
    return len(parts) >= 2 and spelled(letters, parts)


def spelled(letters, words):
    if not words:
        return not letters
    word = words[0]
    if not letters or letters[0] != word[0]:
        return False
    used, position = 1, 1
    while True:
        if spelled(letters[used:], words[1:]):
            return True
        if used == len(letters):
            return False
        position = word.find(letters[used], position) + 1
        if not position:
            return False
        used += 1


def same_interaction(short, long):
    """Whether one name is the other's acronym: "NSAIDs" and "Nonsteroidal
    anti-inflammatory drugs", "MAO inhibitors" and "Monoamine oxidase inhibitors"."""
    short_words, long_words = short.split(), long.split()
    if len(short_words) > len(long_words):
        short_words, long_words = long_words, short_words
    while len(short_words) > 1 and short_words[-1].lower() == long_words[-1].lower():
        short_words, long_words = short_words[:-1], long_words[:-1]
    return (
        len(short_words) == 1
        and ACRONYM.fullmatch(short_words[0]) is not None
        and abbreviates(short_words[0], long_words)
    )


# Words of a name that only says "other medicines": advice to tell the doctor, not an
# interaction ("Herbal supplements", "any other drugs", "over-the-counter medicines").
ADVICE_WORDS = {
    "any", "all", "other", "others", "certain", "some", "your", "many", "several",
    "various", "additional", "new", "and", "or", "prescription", "nonprescription", "non",
    "over", "the", "counter", "otc", "herbal", "natural", "dietary", "nutritional",
}  # fmt: skip
ADVICE_HEADS = {
    "supplement", "supplements", "medication", "medications", "medicine", "medicines",
    "drug", "drugs", "product", "products", "remedy", "remedies", "preparation",
    "preparations", "vitamins", "minerals",
}  # fmt: skip


def is_advice(name):
    words = name_key(name.replace("-", " ")).split()
    return (
        bool(words)
        and any(word in ADVICE_HEADS for word in words)
        and all(word in ADVICE_WORDS or word in ADVICE_HEADS for word in words)
    )


# What may follow an ingredient's name in a name that is still that ingredient.
OWN_SUFFIXES = {"supplements", "products", "preparations", "salts", "containing products"}


def own_names(title, generic_name=""):
    """The monograph's own drug and ingredients, as name keys: "Lidocaine/ Lignocaine
    (Topical)" is lidocaine and lignocaine."""
    names = set()
    for text in (title, generic_name):
        for part in re.split(r"[+/,&]|\band\b", without_parentheses(text)):
            if key := name_key(part):
                names.add(key)
    return names


def is_own(name, own):
    """Whether a name is the drug itself or one of its ingredients: the same name, words
    of one ("Calcium" of calcium carbonate, "Estradiol" of ethinyl estradiol), or one with
    a qualifier before it ("activated charcoal") or a word such as "supplements" after it
    or after its first word ("calcium supplements")."""
    key = name_key(without_parentheses(name))
    if not key:
        return False
    for mine in own:
        if f" {key} " in f" {mine} " or key.endswith(f" {mine}"):
            return True
        # "Calcium supplements" for calcium carbonate.
        for head in (mine, mine.split()[0]):
            if key.startswith(f"{head} ") and key[len(head) + 1 :] in OWN_SUFFIXES:
                return True
    return False


# --- interactions in text ---------------------------------------------------------------


def severity_of(text):
    return next((level for level, pattern in SEVERITY if pattern.search(text)), "")


def find_interactions(text, exclude="", cued=False):
    """[InteractionEntry] for each named drug, with the sentences that name it.

    With `cued`, only sentences that say they are about taking drugs together count, and
    only the names after what says so: the drug before it is the sentence's subject
    ("Lovastatin interacts with ...").
    """
    text = clean_inline(text)
    if cued and not INTERACTION_CUE.search(text):
        return []
    excluded = own_names(exclude)
    found, previous = {}, []
    for sentence in SENTENCE.split(text):
        named = names_named(sentence, excluded, cued)
        if not named and previous:
            # "... aminoglycosides; therefore, avoid it.": the rest of the sentence.
            named = {entry.name.lower(): entry.name for entry in previous}
        previous = []
        for key, name in named.items():
            entry = found.get(key)
            if entry is None:
                entry = found[key] = InteractionEntry(display(name), sentence, "")
            elif sentence not in entry.description:
                entry.description = f"{entry.description} {sentence}"
            entry.severity = entry.severity or severity_of(sentence)
            if sentence.endswith(";"):
                previous.append(entry)
    return list(found.values())


def names_named(sentence, excluded, cued):
    """{lower case: name} of the names in a sentence (after its cue, when `cued`), the
    monograph's own drug aside. A name again in the same sentence adds nothing."""
    cue = INTERACTION_CUE.search(sentence) if cued else None
    if cued and not cue:
        return {}
    named = {}
    for name in names_in(sentence[cue.start() :] if cue else sentence):
        if not is_own(name, excluded):
            named.setdefault(name.lower(), name)
    return named


def display(name):
    return name[0].upper() + name[1:] if name.islower() else name


def topic_interactions(topic, text, exclude=""):
    """A precaution whose topic is interacting names ("**Alcohol:** Avoid it.") is about them.

    [InteractionEntry] for each name, described by the sentences of the text that name it,
    else by the whole text; [] when the topic says more than names.
    """
    topic = clean_inline(topic)
    names = names_in(topic) if topic else []
    rest = topic
    for name in names:
        rest = rest.replace(name, " ")
    if not names or TOPIC_JOINERS.sub(" ", rest).strip():
        return []
    described = {entry.name.lower(): entry for entry in find_interactions(text, exclude)}
    plain = clean_inline(text)
    excluded = own_names(exclude)
    return [
        described.get(name.lower()) or InteractionEntry(display(name), plain, severity_of(plain))
        for name in names
        if not is_own(name, excluded)
    ]
