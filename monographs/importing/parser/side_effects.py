"""Parse a Side Effects section into mentions, sorted into groups by frequency tier,
seriousness, body system or ingredient."""

import html
import re

from monographs.importing.parser.common import (
    NOTE_LABELS,
    is_disclaimer,
    join,
    names_ingredient,
    split_label,
    split_outside_parentheses,
)
from monographs.importing.parser.faqs import faq_in
from monographs.importing.parser.frequency import (
    group_of,
    group_words,
    states_frequency,
    tier_of,
)
from monographs.importing.parser.mentions import (
    list_items,
    looks_like_mention,
    mention,
    split_detail,
)
from monographs.models import DrugSideEffect
from monographs.text import clean_inline

Frequency = DrugSideEffect.Frequency

GROUP_WORDS = (
    "side effect", "common", "rare", "serious", "severe", "frequent", "adverse", "reaction",
    "effects",
)  # fmt: skip
# Labels that sort mentions by body system ("**Gastrointestinal:** nausea, vomiting").
BODY_SYSTEM_WORDS = re.compile(
    r"^(?:gastro\w*|gi|digestive|nervous|central nervous|cns|neuro\w*|psychiatric|mental|"
    r"cardio\w*|heart|vascular|derma\w*|skin|respiratory|pulmonary|lungs?|renal|kidneys?|"
    r"urinary|genito\w*|hepatic|liver|hemato\w*|haemato\w*|blood|musculo\w*|muscles?|"
    r"endocrine|metabolic|ocular|eyes?|ears?|otic|immune|immunologic\w*|allerg\w*|local|"
    r"systemic|general|reproductive|sexual|other|miscellaneous|injection site|application site)"
    r"(?:\s*(?:system|disorders|effects|reactions|problems|and|/|,|&|\w*etal|\w*ic)\s*)*$",
    re.IGNORECASE,
)
# Body-system labels that sort nothing, so they are no note for their mentions.
UNSORTED_LABELS = re.compile(r"^(?:other|miscellaneous|general)\b", re.I)
# "**Allergic reactions:** rash, hives" is one side effect with its signs, not a group.
SIGNS_LABEL = re.compile(
    r"^(?:severe\s+|serious\s+)?(?:allergic|hypersensitivity)\s+reactions?$", re.I
)
PROSE_KEYWORD = re.compile(
    r"\b(?:include|includes|included|including|such as|may cause|can cause|may experience|"
    r"can lead to|may lead to|consist of)\b\s*:?|\bare:",
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
# A paragraph ending in ":" with a verb is a lead-in sentence ("Serious side effects are rare,
# but may include:"), not a group label ("Rare (< 0.1 %):").
LEAD_IN_VERB = re.compile(
    r"\b(?:include[sd]?|including|are|is|were|was|may|can|could|might|have|has|had|"
    r"occur\w*|report\w*|experience\w*|follow\w*)\b",
    re.IGNORECASE,
)
# A lead-in's lead: at most this many sentences, back to the one that names a tier.
LEAD_SENTENCES = 3
CONTRAST = re.compile(r"^(?:however|but|still|nevertheless|that said)\b", re.IGNORECASE)
# "Serious side effects are rare. These can include X.": the lead refers to the sentence before.
ANAPHORIC_LEAD = re.compile(r"^(?:these|they|those|such effects)\b", re.IGNORECASE)
# "Rarely, high calcium levels (hypercalcemia) can occur."
PROSE_LIST_ADVERB = re.compile(
    r"^(?P<lead>rarely|very rarely|in rare cases|commonly|frequently|less commonly),?\s++"
    r"(?P<items>[^.]*?[^.\s])\s++(?:can|may|might|could)\s+(?:also\s+)?(?:occur|develop|happen)$",
    re.IGNORECASE,
)
# "Rare side effects, including X, have been reported": the list ends where the verb starts.
TRAILING_PREDICATE = re.compile(
    r",\s+(?:(?:have|has) been (?:reported|observed|seen|noted)|"
    r"(?:may|can|could) (?:occur|develop|happen))\b.*$",
    re.IGNORECASE | re.DOTALL,
)


def is_group_label(text):
    lowered = html.unescape(text).lower()
    return len(text) < 200 and (
        any(word in lowered for word in GROUP_WORDS) or states_frequency(lowered)
    )


def is_list_label(label, monograph):
    """A label whose text is a list of mentions: a group, a body system or an ingredient."""
    label = clean_inline(label).strip(" :")
    return bool(
        label
        and not SIGNS_LABEL.match(label)
        and (
            is_group_label(label)
            or BODY_SYSTEM_WORDS.match(label)
            or names_ingredient(label, monograph)
        )
    )


def group_note(label, monograph):
    """What a group label adds to its mentions' notes: the ingredient or body system."""
    name = clean_inline(label).strip(" :")
    sorts = BODY_SYSTEM_WORDS.match(name) and not UNSORTED_LABELS.match(name)
    return name if sorts or names_ingredient(name, monograph) else ""


def join_notes(*notes):
    return "; ".join(note for note in notes if note)


def parse_side_effects(monograph, section):
    """Mentions under group labels; `note` is what the mentions' group says they belong to
    (an ingredient, a body system) and is added to their own notes.

    A group label (a heading, a bold label, "Rare (< 0.1 %):") holds until the next one. A
    lead-in sentence ("Serious side effects are rare, but may include:") holds only for the
    block after it: the list it introduces.
    """
    group, lead_in, note = (Frequency.NOT_KNOWN, False), None, section.part
    for block in section.blocks:
        if is_disclaimer(block):
            continue
        frequency, serious = lead_in or group
        introduced, lead_in = lead_in, None
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            text = block.text.rstrip()
            if label and not rest and is_group_label(label):
                group = group_of(label)
            elif label and not rest and group_note(label, monograph):
                note = join_notes(group_note(label, monograph), section.part)
                lead_in = introduced  # "Rare ones include:" "**Skin:**" and then the list
            elif label and rest.endswith(":") and is_group_label(label):
                # "**Common Side Effects:** These occur in more than 10% of patients:"
                group = group_of(f"{label} {rest}")
            elif label and rest and is_list_label(label, monograph):
                found = len(monograph.side_effects)
                add_list(monograph, label, rest, frequency, serious, note)
                listed = len(monograph.side_effects) > found
                if not listed and is_group_label(label):
                    # "**Common side effects:** These may pass." labels the list below it.
                    group = group_of(label)
                elif not listed and introduces_a_list(rest):
                    # "**Vitamin B:** Common side effects are mild. They include:"
                    lead_in = within(group_words(lead_sentences(rest)[1]), frequency, serious)
            elif label and rest and SIGNS_LABEL.match(clean_inline(label)):
                add_mention(monograph, block.text, frequency, serious, note)
            elif not label and introduces_a_list(text):
                introduced = within(
                    introduced_group(monograph, block.text, note), frequency, serious
                )
                if LEAD_IN_VERB.search(text):
                    lead_in = introduced
                else:
                    group = introduced
            elif not label and add_prose(monograph, block.text, frequency, serious, note):
                continue
            else:
                monograph.side_effect_notes = join([monograph.side_effect_notes, block.source])
        elif block.kind == "heading":
            group = group_of(block.text)
        elif block.kind == "list":
            for item in block.items:
                add_item(monograph, item, frequency, serious, note)
        else:
            monograph.side_effect_notes = join([monograph.side_effect_notes, block.source])


def introduces_a_list(text):
    """A paragraph that ends in ":" and whose lead speaks of side effects: "Side effects
    vary. Less common, but serious ones include:"."""
    return text.endswith(":") and is_group_label(lead_sentences(text)[1])


def lead_sentences(text):
    """(the sentences before, the lead) of a paragraph that introduces a list.

    The lead is the last sentence, with those before it up to the one that names a tier
    ("Less common but serious side effects may occur. Get help at once if you have:"),
    at most LEAD_SENTENCES. A sentence that turns away ("However, some people get:") or
    names its own group without a tier ("Other side effects include:") starts the lead.
    """
    sentences = split_outside_parentheses(clean_inline(text), separators=".") or [""]
    start = len(sentences) - 1
    while start and len(sentences) - start < LEAD_SENTENCES:
        sentence = sentences[start]
        names_group = is_group_label(sentence) and not ANAPHORIC_LEAD.match(sentence)
        if tier_of(sentence) or CONTRAST.match(sentence) or names_group:
            break
        start -= 1
    return sentences[:start], ". ".join(sentences[start:])


def introduced_group(monograph, text, note):
    """The group words (tier or None, serious) of a paragraph that introduces a list, from
    its lead ("Common side effects include a, b. Less common, serious ones include:"). The
    sentences before the lead are read as prose of their own: they do not speak of the list.
    """
    before, lead = lead_sentences(text)
    if before:
        before = ". ".join(before) + "."
        if not add_prose(monograph, before, Frequency.NOT_KNOWN, False, note):
            monograph.side_effect_notes = join([monograph.side_effect_notes, before])
    return group_words(lead)


def add_item(monograph, item, frequency, serious, note=""):
    label, rest = split_label(item.text)
    if not label:
        head, _, detail = split_detail(clean_inline(item.text))
        if detail and is_list_label(head, monograph):
            label, rest = head, detail
    faq = faq_in(item.source)
    if faq:
        monograph.faqs.append(faq)
    elif item.children:
        group_frequency, group_serious = group_for(label or item.text, frequency, serious)
        group = join_notes(group_note(label or item.text, monograph), note)
        if rest:
            add_list(monograph, label, rest, frequency, serious, note)
        for child in item.children:
            add_item(monograph, child, group_frequency, group_serious, group)
    elif label and NOTE_LABELS.match(clean_inline(label).strip(" :")):
        monograph.side_effect_notes = join([monograph.side_effect_notes, item.source])
    elif label and is_list_label(label, monograph):
        add_list(monograph, label, rest, frequency, serious, note)
    elif looks_like_mention(clean_inline(label or split_detail(clean_inline(item.text))[0])):
        found = mention(item.text, frequency, serious)
        if found and "," in found.note and names_ingredient(found.term, monograph):
            # "Rifampin (nausea, rash, ...)": the parenthetical is the list.
            add_list(monograph, found.term, found.note, frequency, serious, note)
        elif found:
            found.note = join_notes(found.note, note)[:500]
            monograph.side_effects.append(found)
    else:
        monograph.side_effect_notes = join([monograph.side_effect_notes, f"* {item.source}"])


def group_for(label, frequency, serious):
    """A sub-group keeps the outer tier and seriousness unless its label states its own."""
    return within(group_words(label), frequency, serious)


def within(words, frequency, serious):
    """The (tier, serious) of a group whose words state (tier or None, serious), inside a
    group of (frequency, serious)."""
    tier, group_serious = words
    return tier or frequency, group_serious or serious


def add_list(monograph, label, rest, frequency, serious, note=""):
    """'**Common:** nausea, rash' or '**Skin:** rash, itching': one mention per item."""
    frequency, serious = group_for(label, frequency, serious)
    name = clean_inline(label).strip(" :")
    note = join_notes(group_note(name, monograph), note)
    if not add_prose(monograph, rest, frequency, serious, note=note, in_group=True):
        items, remainder = list_items(rest)
        for item in items:
            add_mention(monograph, item, frequency, serious, note=note)
        if remainder:
            kept = f"**{name}:** {remainder}" if not items else remainder
            monograph.side_effect_notes = join([monograph.side_effect_notes, kept])


def add_prose(monograph, text, frequency, serious, note="", in_group=False):
    """'Common side effects include nausea, headache and dizziness.' -> mentions.

    Outside a labelled group the sentence itself must say it lists side effects.
    Returns False (and adds nothing) when no sentence of the paragraph is such a list.
    """
    sentences = split_outside_parentheses(clean_inline(text), separators=".")
    found_any = False
    kept = []
    for index, sentence in enumerate(sentences):
        lead, listed = prose_list(sentence)
        if lead and index and ANAPHORIC_LEAD.match(lead) and is_group_label(sentences[index - 1]):
            lead = f"{sentences[index - 1]}. {lead}"
        items, remainder = list_items(listed) if lead else ([], "")
        if items and not remainder and (in_group or is_group_label(lead)):
            group_frequency, group_serious = group_for(lead, frequency, serious)
            for item in items:
                add_mention(monograph, item, group_frequency, group_serious, note)
            found_any = True
        elif in_group and not index and len((plain := list_items(sentence))[0]) > 1:
            # "**Common:** nausea, rash. Rarely, X can occur.": the group's own list first.
            items, aside = plain
            for item in items:
                add_mention(monograph, item, frequency, serious, note)
            kept.extend([aside.rstrip(".")] if aside else [])
            found_any = True
        else:
            kept.append(sentence)
    if found_any and kept:
        monograph.side_effect_notes = join([monograph.side_effect_notes, ". ".join(kept) + "."])
    return found_any


def prose_list(sentence):
    """A sentence that lists side effects -> (lead, items), else ("", "").

    The lead ends at the last keyword outside parentheses: one inside them is part of a
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
            return sentence[: keyword.end()].strip(), items
    match = PROSE_LIST_AFTER.match(sentence) or PROSE_LIST_ADVERB.match(sentence)
    return (match["lead"], match["items"]) if match else ("", "")


def depth_change(text, start, end):
    """How many more parentheses (or brackets) open than close in text[start:end]."""
    opened = text.count("(", start, end) + text.count("[", start, end)
    return opened - text.count(")", start, end) - text.count("]", start, end)


def add_mention(monograph, text, frequency, serious, note=""):
    found = mention(text, frequency, serious)
    if found:
        found.note = join_notes(found.note, note)[:500]
        monograph.side_effects.append(found)
