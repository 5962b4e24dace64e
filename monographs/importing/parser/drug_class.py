"""A drug's class and whether it is sold on prescription or over the counter, where the
monograph states them in its own words.

Both are read from the parsed text (usage and dosage), never from the other sections:
interactions and precautions are full of other products ("tell your doctor about all
prescription and over-the-counter drugs you take"). A sentence counts only when it names
the drug (its name, "it", "this medication", "available …") and no other products, and
a negated one ("not available over the counter") states nothing; a dosage heading or
label can state it alone ("Over-the-Counter Use"). A combination's paragraph about one
of its ingredients is not about the product. What the text does not state stays blank.

An editor's value that differs from the text's is kept in the front matter
(FRONT_MATTER_KEYS), which wins over the text.
"""

import re

from monographs.importing.data import MonographError
from monographs.importing.parser.dosage import GROUP_SEPARATOR
from monographs.models import Drug
from monographs.text import clean_inline

Availability = Drug.Availability

FRONT_MATTER_KEYS = ("drug_class", "availability")
MAX_CLASS_WORDS = 8
OPENING_SENTENCES = 3

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*_(])|\n\s*\n|\n(?=\s*[*\-+]\s)")
OWN_SUBJECT = r"(?:it|this\s+(?:combination\s+)?(?:medication|medicine|drug|product|combination))"

# "is a/an <class> used to…", "is primarily an H1 antihistamine with…".
IS_A = re.compile(
    r"^\s*(?P<subject>.+?)(?:\s*\([^()]*\))?,?\s+(?:is|was)\s+(?:(?:primarily|mainly|"
    r"chiefly|essentially|also|commonly)\s+)?(?:an?|one)\s+(?P<phrase>[^.;:]+)",
    re.IGNORECASE,
)
# "belongs to a class of medications called <class>", "is in a class of drugs known as
# <class>", "is a type of chemotherapy drug called an alkylating agent".
CALLED = re.compile(
    r"^\s*(?P<subject>.+?)\s+(?:belongs\s+to|is\s+(?:in|part\s+of|one\s+of)|is)\s+"
    r"(?:a|an|the)\s+(?:class|group|family|type|kind|category)\s+of\s+[\w\s-]{0,40}?"
    r"(?:called|known\s+as|named|referred\s+to\s+as)\s+(?:an?\s+|the\s+)?(?P<phrase>[^.;:]+)",
    re.IGNORECASE,
)
# Where the class phrase ends: the start of what the drug does or how it is used.
PHRASE_END = re.compile(
    r"\s+(?:used|that|which|who|primarily|mainly|chiefly|commonly|often|typically|usually|"
    r"specifically|prescribed|indicated|given|with|for|to|designed|employed|approved|"
    r"available|belonging|in|of|and\s+(?:is|works|acts|has)|derived|made|found|"
    r"administered|taken|applied|sold|marketed|known|called|that's|it|currently|produced|"
    r"under|against|effective\s+(?:against|in|for)|naturally\s+(?:produced|found))\b"
    # A comma ends the class unless an adjective follows ("a non-ionic, water-soluble
    # contrast agent"): a word that starts what the drug does or is ends it.
    r"|\s*,(?=\s*(?:and|or|a|an|the|it|its|which|that|used|primarily|mainly|often|"
    r"commonly|typically|usually|as|in|for|to|with|but|is|was|meaning|also|known|"
    r"especially|particularly|including|such|e\.g|i\.e|most|many|some|one|several)\b|"
    r"\s*$)|\s*[—–]\s",
    re.IGNORECASE,
)
LEADING_TYPE = re.compile(r"^(?:(?:type|kind|form|class|group|sort)\s+of\s+)+", re.IGNORECASE)
# Praise, not class: dropped from the phrase ("a potent opioid analgesic").
PRAISE = re.compile(
    r"^(?:(?:very|highly|relatively|commonly\s+used|widely\s+used|well-known|common|crucial|"
    r"vital|key|valuable|life-saving|lifesaving|essential|"
    r"powerful|potent|effective|important|versatile|unique|special|useful|popular|safe|"
    r"strong|mild|certain|particular|specific)\s+)+",
    re.IGNORECASE,
)
# Words that say nothing about the class by themselves: kept in the phrase, but a phrase
# of these and a vague head ("topical combination medication") is refused.
FILLER = re.compile(
    r"^(?:(?:new|newer|older|novel|experimental|investigational|research(?:-stage)?|synthetic|natural|naturally\s+occurring|prescription|"
    r"prescription-only|non-prescription|over-the-counter|otc|combination|generic|"
    r"brand-name|specialized|single|topical|oral|injectable|systemic|"
    r"(?:dual|double|triple)(?:-|\s+)combination|fixed-dose|radioactive)\s+)+",
    re.IGNORECASE,
)
VAGUE = frozenset(
    {
        *("medication", "medications", "drug", "drugs", "medicine", "medicines", "product"),
        *("products", "substance", "compound", "chemical", "remedy", "treatment", "therapy"),
        *("agent", "preparation", "formulation", "combination", "mixture", "solution"),
        *("ingredient", "active ingredient", "pharmaceutical", "pharmaceutical product"),
        *("medicinal product", "prescription", "option", "choice", "way", "part", "type"),
        *("group", "class", "kind", "form", "member", "variety", "number", "range", "lot"),
        *("version", "analogue", "analog", "derivative", "molecule"),
        *("medical food", "dietary supplement", "supplement", "natural product", "mix"),
        # Dosage forms, not classes.
        *("cream", "ointment", "cream or ointment", "gel", "lotion", "tablet", "capsule"),
        *("injection", "liquid", "powder", "spray", "drops", "dosage form"),
    }
)
NOT_A_CLASS = re.compile(
    r"\b(?:is|are|was|were|has|have|can|may|will|you|your|not|no|combination\s+of|"
    r"mixture\s+of|blend\s+of)\b|^\W",
    re.IGNORECASE,
)

NEGATION = re.compile(
    r"\b(?:not|no\s+longer|never|isn't|aren't|wasn't|cannot|can't|neither|nor|without\s+a\s+"
    r"doctor's)\b",
    re.IGNORECASE,
)
# Phrases that state the drug's availability by themselves: other products are named in
# their own words ("over-the-counter drugs you take"), never in these.
STATES_OTC = re.compile(
    r"\b(?:(?:is|are|['’]s|also|widely|readily|commonly|generally|usually|often)\s+available\s+"
    r"(?:\w+\s+){0,4}?(?:over[- ]the[- ]counter|otc|without\s+(?:a\s+)?prescription)|"
    r"(?:found|sold|contained)\s+in\s+(?:\w+\s+)?(?:over[- ]the[- ]counter|otc)\b|"
    r"^(?:over[- ]the[- ]counter|otc)\s+(?:formulations?|forms?|versions?|strengths?|"
    r"preparations?)\s+(?:are|is)\b|(?:can\s+be\s+|is\s+|are\s+)(?:bought|purchased|obtained|sold)\s+"
    r"(?:\w+\s+){0,3}?(?:over[- ]the[- ]counter|otc|without\s+(?:a\s+)?prescription)|"
    r"(?:is|are)\s+(?:an?\s+)?(?:\w+\s+){0,2}?(?:over[- ]the[- ]counter|otc|nonprescription|"
    r"non-prescription)\s+(?:\(otc\)\s+)?(?:medication|medicine|drug|product|remedy|"
    r"treatment|analgesic|pain\s+reliever|option)|for\s+over[- ]the[- ]counter\s+use)",
    re.IGNORECASE,
)
STATES_PRESCRIPTION = re.compile(
    r"\b(?:available\s+(?:only\s+)?(?:by|on|with)\s+(?:a\s+)?prescription(?:\s+only)?|"
    r"(?:is|are|as)\s+an?\s+(?:\w+\s+)?prescription\s+(?:medication|medicine|drug|product)|"
    r"prescription[- ]only|requires\s+a\s+(?:doctor's\s+)?prescription|(?:is|are)\s+"
    r"(?:only\s+)?(?:available\s+|dispensed\s+|sold\s+|given\s+)?(?:by|on|with)\s+"
    r"(?:a\s+)?prescription|only\s+(?:available\s+)?(?:by|on|with)\s+(?:a\s+)?prescription)",
    re.IGNORECASE,
)
# "higher doses are available at prescription strength": a stronger product is on
# prescription, which with an over-the-counter statement makes both.
STATES_STRENGTHS = re.compile(
    r"\b(?:at\s+|in\s+)?prescription[- ]strength\b|\bhigher\s+(?:doses|strengths)\s+"
    r"(?:\w+\s+){0,3}prescription\b",
    re.IGNORECASE,
)


def sentences(text):
    return [clean_inline(part) for part in SENTENCE_END.split(text or "") if part.strip()]


def names_of(monograph):
    """What the drug is called as a subject: its title and generic name. Not one
    ingredient of a combination: "Aloe vera is a plant extract" is not the product's class."""
    names = {monograph.title, monograph.generic_name}
    names |= {re.sub(r"\s*\([^()]*\)", "", name) for name in names}  # "Neomycin (Systemic)"
    return {name.strip().lower() for name in names if name and name.strip()}


def is_own_subject(subject, names):
    subject = re.sub(r"[*_`]", "", subject).strip().lower()
    subject = re.sub(r"\s*\([^()]*\)$", "", subject)
    return subject in names or bool(re.fullmatch(OWN_SUBJECT, subject))


def find_drug_class(monograph):
    """The class the usage's opening sentences give the drug, or ""."""
    names = names_of(monograph)
    for sentence in sentences(monograph.usage)[:OPENING_SENTENCES]:
        for pattern in (CALLED, IS_A):
            found = pattern.match(sentence)
            if found and is_own_subject(found["subject"], names):
                phrase = class_phrase(found["phrase"])
                if phrase:
                    return phrase
    return ""


def class_phrase(text):
    """The class in a phrase ("nonsteroidal anti-inflammatory drug (NSAID) used to…"),
    cut where the class ends, or "" for a vague one ("prescription medication")."""
    text = re.sub(r"[*_`]", "", text).strip()
    text = LEADING_TYPE.sub("", text)
    text = re.sub(r"^(?:an?|the)\s+", "", text, flags=re.IGNORECASE)
    text = PHRASE_END.split(text, maxsplit=1)[0]
    text = PRAISE.sub("", text)
    # A bracket the cut left open ("drug (NSAID" stays whole: PHRASE_END stops before it).
    if text.count("(") != text.count(")"):
        text = text.rsplit("(", 1)[0]
    text = text.strip(" .,;:-—–'\"")
    if not text or len(text.split()) > MAX_CLASS_WORDS or NOT_A_CLASS.search(text):
        return ""
    head = FILLER.sub("", text.lower())
    head = re.sub(r"\s*\([^()]*\)", "", head).strip()
    if not head or head in VAGUE or VERDICT.match(head) or not names_a_class(text):
        return ""
    return text[0].upper() + text[1:] if not text[:2].isupper() else text


def names_a_class(phrase):
    """Whether a word of the phrase is a pharmacological class or action ("antibiotic",
    "ACE inhibitor", "anti-inflammatory", "NSAID"): "first-line treatment", "leading
    cause" or "good choice" are no class."""
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", phrase.lower())
    parts = {part for word in words for part in (word, *word.split("-"))}
    return (
        bool(parts & CLASS_WORDS)
        or any(part.startswith(CLASS_PREFIXES) or part.endswith(CLASS_SUFFIXES) for part in parts)
        or bool(re.search(r"\b[A-Z]{2,6}s?\b", phrase))
    )  # an acronym: NSAID, SSRI, ACE


# The nouns of drug classes and actions, and the word parts they are made of: a general
# list from pharmacology, not from any monograph.
CLASS_WORDS = frozenset(
    {
        *("antibiotic", "antibiotics", "antihistamine", "antihistamines", "inhibitor"),
        *("inhibitors", "blocker", "blockers", "antagonist", "antagonists", "agonist"),
        *("agonists", "analgesic", "analgesics", "anesthetic", "anaesthetic", "hormone"),
        *("hormones", "steroid", "steroids", "corticosteroid", "corticosteroids", "vaccine"),
        *("vaccines", "statin", "statins", "diuretic", "diuretics", "bronchodilator"),
        *("stimulant", "sedative", "hypnotic", "relaxant", "opioid", "opioids"),
        *("benzodiazepine", "benzodiazepines", "barbiturate", "retinoid", "cannabinoid"),
        *("antioxidant", "laxative", "decongestant", "expectorant", "mucolytic", "antacid"),
        *("immunosuppressant", "immunomodulator", "antibody", "antibodies", "enzyme"),
        *("glycoside", "insulin", "radiopharmaceutical", "tracer", "contrast", "chemotherapy"),
        *("immunotherapy", "antineoplastic", "cytotoxic", "alkylating", "antimetabolite"),
        *("bisphosphonate", "sulfonylurea", "biguanide", "probiotic", "vitamin", "electrolyte"),
        *("antiseptic", "disinfectant", "keratolytic", "emollient", "sympathomimetic"),
        *("anticholinergic", "cholinergic", "antispasmodic", "nitrate", "thrombolytic"),
        *("hemostatic", "haemostatic", "activator", "modulator", "expander", "vasodilator"),
        *("vasoconstrictor", "fluoroquinolone", "cephalosporin", "penicillin", "macrolide"),
        *("tetracycline", "aminoglycoside", "sulfonamide", "carbapenem", "glucocorticoid"),
        *("mineralocorticoid", "estrogen", "oestrogen", "progestin", "progestogen"),
        *("androgen", "contraceptive", "gonadotropin", "thiazolidinedione", "triptan"),
        *("toxin", "antitoxin", "antivenom", "antidote", "chelator", "chelating", "biologic"),
        *("reliever", "reducer", "thinner", "replacement", "supplementation", "neuromuscular"),
        *("ganglionic", "ganglion", "dopaminergic", "serotonergic", "adrenergic"),
        *("antipyretic", "cytoprotective", "uricosuric", "anthelmintic", "scabicide"),
        *("pediculicide", "prostaglandin", "analog", "analogue", "peptide", "interferon"),
        *("heparin", "anticoagulant", "antiplatelet", "spermicide", "surfactant", "resin"),
        *("targeted", "flavonoid", "bioflavonoid", "amino", "ergot", "immunization"),
        *("immunoglobulin", "inhaler", "kinase"),
    }
)
CLASS_PREFIXES = ("anti", "immuno", "psycho")
CLASS_SUFFIXES = ("mimetic", "lytic", "static", "cidal", "cide", "blocking", "icide")
# A verdict on the drug, not its class: "a crucial medication", "first-line treatment".
VERDICT = re.compile(
    r"^(?:first-line|second-line|leading|good|great|better|best|cornerstone|mainstay|"
    r"staple|go-to|standard|main|major|primary|preferred|generic|brand|option|"
    r"alternative|one|most)\b",
    re.IGNORECASE,
)


# A dosage heading or label that is an availability: "Over-the-Counter Use", "OTC
# dosing", "Prescription strength".
OTC_LABEL = re.compile(
    r"^(?:over[- ]the[- ]counter|otc|non-?prescription)(?:\s*\(otc\))?(?:\s+(?:use|dose|doses|"
    r"dosing|dosage|strength|products?|formulations?))?$",
    re.IGNORECASE,
)
PRESCRIPTION_LABEL = re.compile(
    r"^prescription(?:[- ]only)?(?:\s+(?:use|dose|doses|dosing|dosage|strength|products?|"
    r"formulations?))?$",
    re.IGNORECASE,
)
# A heading or bold label inside the dosage notes: "#### Over-the-Counter Use",
# "**OTC dosing:** …".
LINE_LABEL = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+|[*+-][ \t]+)?(?:\*\*|__)?(?P<label>[^*_:\n]{2,60}?)[ \t]*"
    r"(?::[ \t]*(?:\*\*|__)|(?:\*\*|__)[ \t]*:?|:|$)",
    re.MULTILINE,
)
LABEL_PARTS = re.compile(rf"{GROUP_SEPARATOR}|[(),;]")
HEADING = re.compile(r"^#{1,6}[ \t]+(?P<label>.+?)[ \t]*:?[ \t]*$", re.MULTILINE)
# Words that make the drug a sentence's subject besides its names.
OWN_WORDS = re.compile(
    r"\b(?:it|it's|it’s|its|this\s+(?:combination\s+)?(?:medication|medicine|drug|product|"
    r"combination))\b",
    re.IGNORECASE,
)
# Where the clause holding a statement begins: "Unlike aspirin, which is available…".
CLAUSE_START = re.compile(r"[,;:(—–]|\b(?:which|that|unlike|like|whereas|while)\b", re.IGNORECASE)
OTHER_PRODUCTS = re.compile(
    r"\b(?:other|all|any|your)\s+(?:\w+\s+){0,3}?(?:medications|medicines|drugs|products)\b|"
    r"\b(?:including|such\s+as|like|avoid|combining|with|many|some)\s+(?:\w+\s+){0,2}?"
    r"(?:prescription|over[- ]the[- ]counter|otc|nonprescription)\b",
    re.IGNORECASE,
)


def find_availability(monograph):
    """Availability.PRESCRIPTION, OVER_THE_COUNTER or BOTH where the usage or dosage
    states it, else NOT_STATED ("")."""
    names = names_of(monograph)
    labels = [text for entry in monograph.dosages for text in (entry.indication, entry.label)]
    # "Pain (Over-the-Counter Use, Adults)": each part of a label on its own.
    labels = [part.strip() for text in labels for part in LABEL_PARTS.split(clean_inline(text))]
    labels += [line["label"] for line in LINE_LABEL.finditer(monograph.dosage_notes)]
    # A dosage subheading the parser did not know opens a section of its own.
    labels += [line["label"] for line in HEADING.finditer(monograph.other_notes)]
    texts = [monograph.usage, monograph.dosage_notes, *(e.instructions for e in monograph.dosages)]
    paragraphs = [part for text in texts for part in PARAGRAPH_BREAK.split(text or "")]
    paragraphs = [part for part in paragraphs if not about_one_ingredient(part, monograph)]
    said = [s for text in paragraphs for s in sentences(text) if states_for_this_drug(s, names)]
    # "Over-the-Counter Naproxen Sodium" as a label names the drug's own product.
    own_names = "|".join(map(re.escape, names))
    own_product = re.compile(
        rf"^(?:over[- ]the[- ]counter|otc|non-?prescription)\s+(?:{own_names})\b", re.IGNORECASE
    )
    otc = any(OTC_LABEL.match(label) or own_product.match(label) for label in labels) or any(
        states(STATES_OTC, sentence, names) or own_product.match(sentence) for sentence in said
    )
    prescription = any(PRESCRIPTION_LABEL.match(label) for label in labels) or any(
        states(STATES_PRESCRIPTION, sentence, names) or STATES_STRENGTHS.search(sentence)
        for sentence in said
    )
    if otc and prescription:
        return Availability.BOTH.value
    if otc:
        return Availability.OVER_THE_COUNTER.value
    if prescription:
        return Availability.PRESCRIPTION.value
    return Availability.NOT_STATED.value


PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
LEADING_LABEL = re.compile(r"^\s*(?:[*+-]\s+)?(?:\*\*|__)[^*_\n]{1,60}(?:\*\*|__)\s*:?\s*|^\W+")


def about_one_ingredient(paragraph, monograph):
    """Whether a combination's paragraph opens with one of its ingredients as the subject
    ("Ketoconazole is an antifungal… It is available over the counter"): its "it" is the
    ingredient, not the product."""
    opening = LEADING_LABEL.sub("", paragraph).lower()
    if any(opening.startswith(name) for name in names_of(monograph)):
        return False
    return any(opening.startswith(name.lower()) for name in monograph.ingredient_names)


def states(statement, sentence, names):
    """Whether the sentence makes the statement about this drug: the clause it stands in
    has the drug (a name, "it", "this medication") or nothing else as its subject, so
    "Acetaminophen is available over the counter" in warfarin's text says nothing."""
    for found in statement.finditer(sentence):
        # The words before it back to a clause's start; before "which", the noun it means.
        before = re.sub(r"[*_`]", "", sentence[: found.start()]).lower()
        clauses = [part.strip() for part in CLAUSE_START.split(before) if part.strip()]
        clause = clauses[-1] if clauses else ""
        if not clause or OWN_WORDS.search(clause) or any(name in clause for name in names):
            return True
    return False


def states_for_this_drug(sentence, names):
    """Whether a sentence can state the drug's own availability: the drug (a name, "it",
    "this medication") is in it, it is not negated, and it names no other products
    ("all prescription and over-the-counter drugs you take")."""
    if NEGATION.search(sentence) or OTHER_PRODUCTS.search(sentence):
        return False
    lowered = sentence.lower()
    return bool(OWN_WORDS.search(sentence)) or any(name in lowered for name in names)


def stated(monograph):
    """(drug class, availability) as the monograph's text states them."""
    return find_drug_class(monograph), find_availability(monograph)


def set_class_and_availability(monograph):
    """From the text, unless the front matter holds an editor's value (even a blank)."""
    drug_class, availability = stated(monograph)
    front_matter = monograph.front_matter
    if "drug_class" in front_matter:
        drug_class = front_matter_text(front_matter["drug_class"], "drug_class")
    if "availability" in front_matter:
        availability = front_matter_text(front_matter["availability"], "availability")
        if availability not in Availability.values:
            choices = ", ".join(repr(value) for value in Availability.values if value)
            raise MonographError(
                f"the front matter 'availability' is {availability!r}; it may be "
                f"{choices}, or blank for not stated"
            )
    monograph.drug_class, monograph.availability = drug_class, availability


def front_matter_text(value, key):
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MonographError(f"the front matter '{key}' must be text")
    return clean_inline(value)
