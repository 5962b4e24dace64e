"""Parse a Precautions section into precautions of a kind, and the interacting drugs
that each one names."""

import re

from monographs.importing.data import PrecautionEntry
from monographs.importing.parser.common import (
    as_label,
    is_disclaimer,
    item_body,
    join,
    plain_label,
    split_label,
)
from monographs.importing.parser.interaction_names import (
    INTERACTION_CUE,
    SENTENCE,
    find_interactions,
    is_advice,
    topic_interactions,
)
from monographs.importing.parser.topics import topic_from_text
from monographs.models import Precaution
from monographs.text import clean_inline

Kind = Precaution.Kind

# Whole words from the start: "Precautions" is no caution, "Calcium Lactate" no lactation.
PRECAUTION_KINDS = [
    (re.compile(r"\bcontraindicat|\bdo not use\b|\bwho should not\b"), Kind.CONTRAINDICATION),
    (
        re.compile(r"\binteract|\bother (?:medications?|medicines?|drugs?)\b|\bconcomitant\b"),
        Kind.INTERACTION,
    ),
    (re.compile(r"\bpregnan|\bbreast|\blactation\b|\blactating\b|\bnursing\b"), Kind.PREGNANCY),
    (re.compile(r"\bwarnings?\b|\bcautions?\b|\bmonitor|\bboxed\b"), Kind.WARNING),
]
# What the text says, when its topic names no kind ("**Allergies:** Do not use if ...").
CONTRAINDICATION_TEXT = re.compile(
    r"\bcontraindicated\b|\bcontraindications include\b|"
    r"\bdo not (?:use|take)\b[^.;]{0,60}?\b(?:if|by|during|in (?:patients|people|"
    r"individuals|those|anyone|children|women|pregnan))|\bmust not be (?:used|taken|given)\b|"
    r"\bshould not be (?:used|taken|given) (?:in|by|if|during)\b",
    re.IGNORECASE,
)
PREGNANCY_TEXT = re.compile(
    r"\bpregnan|\bbreast-?feeding\b|\bbreastfed\b|\blactation\b|\blactating\b|"
    r"\bnursing (?:mothers|women)\b",
    re.IGNORECASE,
)
FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s")
# "No contraindications are known", "is not contraindicated": the cue is denied.
DENIED = re.compile(r"\b(?:no|not|nor|without|never|none)\b[^.;:!?]*$", re.IGNORECASE)


def precaution_kind(topic, text="", default=Kind.OTHER):
    """The kind the topic names; else the given default; else the kind the text states:
    a contraindication anywhere in it, or pregnancy as what its first sentence is about
    (not a mention in passing among other advice)."""
    lowered = topic.lower()
    for pattern, kind in PRECAUTION_KINDS:
        if pattern.search(lowered):
            return kind
    if default != Kind.OTHER:
        return default
    if states(CONTRAINDICATION_TEXT, text):
        return Kind.CONTRAINDICATION
    if PREGNANCY_TEXT.search(FIRST_SENTENCE.split(text[:1_000], maxsplit=1)[0]):
        return Kind.PREGNANCY
    return Kind.OTHER


def states(pattern, text):
    """Whether the text says what the pattern finds, other than in a denial."""
    for found in pattern.finditer(text):
        before = text[max(found.start() - 60, 0) : found.start()]
        if not DENIED.search(before):
            return True
    return False


def add_precaution(monograph, topic, text, default_kind=Kind.OTHER):
    """A precaution; without a topic (or with one too long to be a topic) its first words
    give it one.

    Text about interactions whose sentence introduces several of them ("X can interact
    with many medicines, such as A, B and C.") gives that lead-in to the Interactions
    section's intro, once: not to each interaction's description, nor to a precaution.
    The sentences right after it that refer back to it go with it ("Avoid using them
    together."). The precaution keeps the sentences that went nowhere, if any are left.
    """
    topic = as_label(topic) or topic_from_text(text, monograph.title, monograph.generic_name)
    kind = precaution_kind(topic, text, default_kind)
    if kind == Kind.INTERACTION:
        found = find_interactions(text, exclude=monograph.title)
        shared = shared_sentences(found)
        if shared:
            for entry in found:
                entry.description = without_sentences(entry.description, shared)
            # Advice ("herbal supplements") is no interaction: its sentences stay as text.
            described = {
                sentence
                for entry in found
                if not is_advice(entry.name)
                for sentence in sentences(entry.description)
            }
            lead_in, kept = lead_in_and_rest(sentences(clean_inline(text)), shared, described)
            introduce_interactions(monograph, lead_in)
            text = " ".join(kept)
        if text:
            monograph.precautions.append(PrecautionEntry(text=text, topic=topic, kind=kind))
        add_interactions(monograph, found)
    else:
        monograph.precautions.append(PrecautionEntry(text=text, topic=topic, kind=kind))
        # Other precautions name interactions too: their topic ("Alcohol"), or sentences
        # that say so ("Avoid concomitant use of ketoconazole").
        cued = not INTERACTION_CUE.search(topic)
        add_interactions(monograph, topic_interactions(topic, text, monograph.title))
        add_interactions(monograph, find_interactions(text, monograph.title, cued=cued))


def sentences(text):
    return [sentence for sentence in SENTENCE.split(text) if sentence]


def shared_sentences(found):
    """The sentences that describe more than one of the interactions found, in order (a
    name that is advice, "other medicines", is no interaction and does not count)."""
    counts = {}
    for entry in (entry for entry in found if not is_advice(entry.name)):
        for sentence in dict.fromkeys(sentences(entry.description)):
            counts[sentence] = counts.get(sentence, 0) + 1
    return [sentence for sentence, count in counts.items() if count > 1]


# A sentence that only makes sense after the one before it: "Concomitant use should be
# avoided.", "These combinations can be fatal."
REFERS_BACK = re.compile(
    r"\b(?:these|such|them|they|their)\b|\bthis (?:combination|interaction|can|may|could)\b|"
    r"^(?:concomitant|concurrent|combined|simultaneous) use\b|^combining\b",
    re.IGNORECASE,
)


def lead_in_and_rest(all_sentences, shared, described):
    """(lead-in, the sentences left): each shared sentence with the sentences right after
    it that refer back to it and describe no interaction, and the sentences that are
    neither."""
    lead_in, rest, following = [], [], False
    for sentence in all_sentences:
        follows = following and sentence not in described and REFERS_BACK.search(sentence)
        following = sentence in shared or bool(follows)
        if following:
            lead_in.append(sentence)
        elif sentence not in described:
            rest.append(sentence)
    return lead_in, rest


def without_sentences(text, removed):
    return " ".join(sentence for sentence in sentences(text) if sentence not in removed)


def introduce_interactions(monograph, lead_in):
    """Add the sentences to the Interactions section's intro, each once."""
    known = set(sentences(monograph.interaction_notes))
    new = [sentence for sentence in lead_in if sentence not in known]
    monograph.interaction_notes = " ".join(filter(None, [monograph.interaction_notes, *new]))


def add_interactions(monograph, found):
    """Add the interactions found; a drug named again is dropped once the parse is done
    (interactions.settle_interactions), since a check against all the others here would
    make a list of thousands quadratic."""
    monograph.interactions.extend(found)


def parse_precautions(monograph, section):
    """Each labelled paragraph or list item is a precaution, and so is unlabelled text.

    A paragraph that introduces a list of conditions ("**Contraindications:**", or
    "X is contraindicated in patients with:") is one precaution with the list.
    """
    blocks = [block for block in section.blocks if not is_disclaimer(block)]
    skip = False
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if skip:
            skip = False
        elif block.kind == "list":
            for item in block.items:
                add_precaution(monograph, *labelled_item(item))
        elif block.kind == "paragraph":
            label, rest = split_label(block.text)
            if not label:
                label, rest = plain_label(block.text)
            text = rest if label else block.source
            if introduces(label, rest, block, following):
                text, skip = join([text, following.source]), True
            add_precaution(monograph, label, text)
        else:
            add_precaution(monograph, "", block.source)


def labelled_item(item):
    """(topic, text) of a list item: its bold or plain label and the rest, nested lists
    included ("* **Contraindications:**" over a nested list is the list)."""
    label, rest = split_label(item.text)
    if not label:
        label, rest = plain_label(item.text)
    if not label:
        return "", item.source
    if not rest and item.children:
        return label, item.source.partition("\n")[2].strip()
    return label, item_body(item, rest)


def introduces(label, rest, block, following):
    """Whether a paragraph opens the list after it: a bare label or a line ending in ":"
    over items that have no label of their own."""
    if following is None or following.kind != "list":
        return False
    if not (label and not rest) and not clean_inline(block.text).endswith(":"):
        return False
    return not any(split_label(item.text)[0] for item in following.items)
