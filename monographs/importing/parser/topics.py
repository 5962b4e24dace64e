"""A topic for a precaution the source gives without a label, from its first words.

"Use with caution in patients with severe liver disease." is about "Severe liver disease",
"Long-term use may suppress the HPA axis" about "Long-term use", "Severe bleeding
disorders" about itself: a short noun phrase, never an empty topic.
"""

import re

from monographs.importing.parser.common import without_parentheses
from monographs.importing.parser.interaction_names import name_key, own_names
from monographs.text import clean_inline

MAX_TOPIC_WORDS = 10
FIRST_CHARACTERS = 1_000
# Where the first clause ends.
CLAUSE_END = re.compile(r"[.;:!?](?=\s|$)|,\s|\s[-–—]\s")
# A clause that only sets the scene: "As X is no longer marketed, ..."
SUBORDINATE = re.compile(
    r"^(?:as|because|since|given|while|although|though|if|when|whereas|due to)\b",
    re.IGNORECASE,
)
# "... in patients with X", "Individuals with X", "by those taking X": the topic is X.
PEOPLE_WITH = re.compile(
    r"(?:^|\b(?:in|for|by|to|of)\s++)(?:the\s++)?(?:elderly\s++)?"
    r"(?:patients|people|persons|individuals|those|anyone|adults|children|users|women|men)\s++"
    r"(?:who\s++(?:have|are|take|use)|with|taking|using|on|at\s++risk\s++(?:for|of))\s++"
    r"(?P<what>\S.*)",
    re.IGNORECASE,
)
THERE_IS = re.compile(r"^there(?:'s|’s|\s++is|\s++are|\s++may\s++be)\s++(?P<what>.+)", re.I)
VERB = re.compile(
    r"\b(?:is|are|was|were|can|cannot|may|might|could|should|must|will|would|has|have|does|"
    r"do|requir(?:es?|ed)|needs?|exists?|occurs?|increases?|causes?)\b",
    re.IGNORECASE,
)
# Words after a verb that are still the verb: "should not be used cautiously".
VERB_WORDS = re.compile(
    r"^(?:(?:not|be|been|being|also|only|generally|usually|typically|often|rarely|always|"
    r"never|use|used|taken|given|administered|cause|increase|require|need|lead|to|result|"
    r"considered|regarded|known|thought|cautiously|carefully|caution|care|extreme|"
    r"in|affect|worsen|exacerbate|reduce|suppress|mask|trigger|interfere|with)\s++)+",
    re.IGNORECASE,
)
# What a subject is when it is the drug itself: "This medication may ..." names no topic.
DRUG_WORDS = {
    "it", "this", "that", "these", "those", "they", "the", "its", "a", "an", "medication",
    "medicine", "drug", "combination", "product", "preparation", "treatment", "formulation",
    "therapy", "agent", "both", "either", "each", "of", "and", "or", "use", "medications",
    "drugs", "products",
}  # fmt: skip
VERBS = {"should", "can", "may", "must", "is", "are", "will", "could", "might", "would"}
# A noun phrase ends before these.
PHRASE_ENDS = {
    "caused", "due", "because", "especially", "particularly", "including", "such", "unless",
    "which", "that", "who", "whose", "while", "although", "except", "as", "where", "like",
    "since", "so", "when", "if", *VERBS,
}  # fmt: skip
# Not the last word of a topic cut short.
TRAILING = {
    "a", "an", "the", "of", "in", "with", "and", "or", "to", "for", "on", "at", "by", "if",
    "is", "are", "be", "may", "can", "within", "from", "into", "any", "other", "their",
    "your", "its", "this", "these", "than", "about", "after", "before", "not",
}  # fmt: skip
# "Use with caution in patients with" ends before the people it is about.
TRAILING_PEOPLE = re.compile(
    r"\s++(?:in|for|of)\s++(?:patients|people|persons|individuals|those|anyone)"
    r"(?:\s++(?:with|who))?$",
    re.IGNORECASE,
)
# A clause that is an instruction not to do something is its own topic: "Do not exceed
# the prescribed dose" is not about "Exceed the prescribed dose".
DONT = re.compile(r"^(?:do not|don't|never|avoid)\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:not|never|no|cannot)\b", re.IGNORECASE)
LEADING = re.compile(r"^(?:(?:a|an|the|in)\s++)+", re.IGNORECASE)


def topic_from_text(text, title="", generic_name=""):
    """A short noun phrase from a precaution's first words; "" for text with no words."""
    # The first words are enough: a long text costs no more than a short one.
    first = clean_inline(text.strip()[:FIRST_CHARACTERS].split("\n\n")[0])
    clauses = [c.strip() for c in CLAUSE_END.split(without_parentheses(first)) if c.strip()]
    if not clauses:
        return ""
    clause = clauses[1] if SUBORDINATE.match(clauses[0]) and len(clauses) > 1 else clauses[0]
    phrase = noun_phrase(clause, own_names(title, generic_name))
    return (phrase and shortened(phrase)) or shortened(clause, whole_clause=True)


def noun_phrase(clause, own):
    """What the clause is about: the people it names, what there is, else its subject, or
    the object when the subject is the drug itself; None when the whole clause says it."""
    if DONT.match(clause):
        return None
    for pattern in (PEOPLE_WITH, THERE_IS):
        match = pattern.search(clause)
        if match:
            return match["what"]
    verb = VERB.search(clause)
    if verb is None:
        return None
    subject = clause[: verb.start()].strip()
    if subject and not is_the_drug(subject, own):
        return subject
    # The drug is the subject: what it does is the topic, unless that is denied ("is not
    # given alone") or one word ("is safe"), which the whole clause says better.
    after = clause[verb.end() :].strip()
    what = VERB_WORDS.sub("", after)
    said = f"{verb[0]} {after[: len(after) - len(what)]}"
    if NEGATION.search(said) or len(what.split()) < 2:
        return None
    return what


def is_the_drug(subject, own):
    words = name_key(subject).split()
    named = " ".join(word for word in words if word not in DRUG_WORDS)
    return not named or any(f" {named} " in f" {name} " for name in own)


def shortened(phrase, whole_clause=False):
    """At most MAX_TOPIC_WORDS words, ending where the phrase does (a clause goes on past
    its verb), capitalised."""
    words = TRAILING_PEOPLE.sub("", LEADING.sub("", phrase.strip(" *_-–—"))).split()
    kept = []
    for word in words[:MAX_TOPIC_WORDS]:
        if (
            kept
            and word.lower().strip(",") in PHRASE_ENDS
            and not (whole_clause and word.lower() in VERBS)
        ):
            break
        kept.append(word)
    while kept and kept[-1].lower() in TRAILING:
        kept.pop()
    topic = " ".join(kept)
    return topic[:1].upper() + topic[1:]
