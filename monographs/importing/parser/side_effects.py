"""Parse a Side Effects section into mentions, sorted into groups by frequency tier,
seriousness, body system or ingredient."""

import re
from functools import partial

from monographs.importing.parser.blocks import Block
from monographs.importing.parser.common import (
    NOTE_LABELS,
    is_disclaimer,
    join,
    split_label,
    split_outside_parentheses,
    without_parentheses,
)
from monographs.importing.parser.faqs import faq_in
from monographs.importing.parser.frequency import group_of, group_words
from monographs.importing.parser.labels import (
    after_group_words,
    is_known_side_effect,
    is_not_a_term,
    label_note,
)
from monographs.importing.parser.leads import (
    CAUSES,
    LEAD_IN_VERB,
    LEADING_ADVERB,
    group_for,
    introduces_a_list,
    is_group_label,
    lead_group,
    lead_sentences,
    refers_back,
    within,
)
from monographs.importing.parser.mentions import (
    PREDICATE,
    TWO_WITH_PARENTHESES,
    WHERE,
    looks_like_mention,
    mention,
    split_detail,
    split_items,
)
from monographs.importing.parser.prose_lists import consequences, prose_lists
from monographs.models import DrugSideEffect
from monographs.text import clean_inline

Frequency = DrugSideEffect.Frequency

# "**Allergic reactions:** rash, hives" is one side effect with its signs, not a group.
SIGNS_LABEL = re.compile(
    r"^(?:severe\s+|serious\s+)?(?:allergic|hypersensitivity)\s+reactions?$", re.I
)
# A bullet that is a sentence listing side effects, not one side effect ("* Allergic
# reactions such as rash" is one).
SAYS_IT_LISTS = re.compile(
    r"\b(?:side effects?|adverse (?:effects|reactions|events))\b.*\b(?:include[sd]?|"
    r"including|such as|are)\b|\b(?:may|can|might|could) (?:also )?(?:cause|experience)\b",
    re.IGNORECASE,
)


def is_list_label(label, monograph):
    """A label whose text is a list of mentions: a group, or what the mentions are sorted
    by (a body system, an ingredient, a route, a population, a condition: labels.py)."""
    label = clean_inline(label).strip(" :")
    return bool(
        label
        and not SIGNS_LABEL.match(label)
        and (is_group_label(label) or label_note(label, monograph) is not None)
    )


def group_note(label, monograph):
    """What a list label adds to its mentions' notes: the ingredient, route, population
    or condition it names; nothing for a body system or a group."""
    return label_note(clean_inline(label).strip(" :"), monograph) or ""


def is_aside(monograph, item):
    """A list item that looks like a mention but names no side effect ("Serious side
    effects", "Ophthalmic", "CoQ10", "Hives are possible"): it stays as text."""
    found = mention(item, Frequency.NOT_KNOWN, False)
    return found is None or is_not_a_term(found.term, monograph)


def join_notes(*notes):
    return "; ".join(note for note in notes if note)


def parse_side_effects(monograph, section):
    """Mentions under group labels; `note` is what the mentions' group says they belong to
    (an ingredient, a body system, a route) and is added to their own notes.

    A group label (a heading, a bold label, "Rare (< 0.1 %):") holds until the next one. A
    lead-in sentence ("Serious side effects are rare, but may include:") holds only for the
    block after it: the list it introduces.
    """
    group, lead_in, note = (Frequency.NOT_KNOWN, False), None, section.part
    for block in blocks_of(section.blocks, monograph):
        if is_disclaimer(block):
            continue
        frequency, serious = lead_in or group
        introduced, lead_in = lead_in, None
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            text = block.text.rstrip()
            if label and not rest and is_group_label(label):
                group = group_of(label)
            elif (
                label
                and not rest
                and not SIGNS_LABEL.match(clean_inline(label))
                and (label_note(clean_inline(label), monograph) is not None)
            ):
                note = join_notes(group_note(label, monograph), section.part)
                lead_in = introduced  # "Rare ones include:" "**Skin:**" and then the list
            elif label and rest.endswith(":") and is_group_label(label):
                # "**Common Side Effects:** These occur in more than 10% of patients:"
                group = group_of(f"{label} {rest}")
                keep_before_lead_in(monograph, rest)
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


# A line of a paragraph that opens a list of its own: "**Rare:** a, b" or "Rare side
# effects: a, b" after other lines.
LINE_LABEL = re.compile(r"^\s*(?:\*\*[^*\n]{1,150}?(?::\*\*|\*\*\s*:)|[^:\n*]{3,120}:\s)")


def blocks_of(blocks, monograph):
    """The section's blocks, with a paragraph cut before each of its lines (after the
    first) that opens a list of its own: one paragraph of "Label: list" lines is several."""
    for block in blocks:
        lines = block.text.split("\n") if block.kind == "paragraph" else []
        starts = [0] + [
            number
            for number, line in enumerate(lines[1:], start=1)
            if (found := LINE_LABEL.match(line)) and opens_list(found[0], monograph)
        ]
        if len(starts) == 1:
            yield block
            continue
        for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
            part = "\n".join(lines[start:end])
            yield Block("paragraph", part, part)


def opens_list(label, monograph):
    label = clean_inline(label).strip(" :")
    return is_group_label(label) or label_note(label, monograph) is not None


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


def keep_before_lead_in(monograph, text):
    """'These can be severe. They include:' before a list: the sentences before the one
    that leads in to the list are notes; the lead-in itself says no more than the list."""
    sentences = split_outside_parentheses(clean_inline(text), separators=".")
    if len(sentences) > 1:
        kept = ". ".join(sentences[:-1]) + "."
        monograph.side_effect_notes = join([monograph.side_effect_notes, kept])


def add_item(monograph, item, frequency, serious, note=""):
    label, rest = split_label(item.text)
    head = ""
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
        if rest.endswith(":"):
            keep_before_lead_in(monograph, rest)
        elif rest:
            add_list(monograph, label, rest, frequency, serious, note)
        for child in item.children:
            add_item(monograph, child, group_frequency, group_serious, group)
    elif label and NOTE_LABELS.match(clean_inline(label).strip(" :")):
        monograph.side_effect_notes = join([monograph.side_effect_notes, item.source])
    elif label and is_list_label(label, monograph):
        add_list(monograph, label, rest, frequency, serious, note)
    elif (
        not label
        and SAYS_IT_LISTS.search(head)
        and add_prose(monograph, item.text, frequency, serious, note)
    ):
        pass  # "* Other side effects include a, b, c."
    elif not add_item_mention(monograph, item, frequency, serious, note):
        monograph.side_effect_notes = join([monograph.side_effect_notes, f"* {item.source}"])


def add_item_mention(monograph, item, frequency, serious, note):
    """A list item that is one mention, or a label for the list in its parentheses;
    False when it is neither."""
    text = item.text
    if not split_label(text)[0] and (adverb := LEADING_ADVERB.match(clean_inline(text))):
        # "* Occasionally, constipation has been reported.": the item's own tier.
        frequency, serious = group_for(adverb[0], frequency, serious)
        text = PREDICATE.sub("", clean_inline(text)[adverb.end() :].rstrip(" ."))
        note = join_notes(adverb["context"], note)
    label, _ = split_label(text)
    if not label and (listed := bullet_list(text, monograph)):
        for part in listed:
            add_mention(monograph, part, frequency, serious, note)
        return True
    if not label and (pair := TWO_WITH_PARENTHESES.match(clean_inline(text))):
        # "* Pruritus (itching) and skin rash (dermatologic)": two, each with its gloss.
        for part in pair.groups():
            add_mention(monograph, part.strip(), frequency, serious, note)
        return True
    if not looks_like_mention(clean_inline(label or split_detail(clean_inline(text))[0])):
        return False
    if add_group_examples(monograph, text, frequency, serious, note):
        return True
    found = mention(text, frequency, serious)
    if found and lists_in_note(found, monograph):
        # "Rifampin (nausea, rash, ...)": the parenthetical is the list.
        add_examples(monograph, found, note)
    elif found and not is_not_a_term(found.term, monograph):
        found.note = join_notes(found.note, note)[:500]
        monograph.side_effects.append(found)
    elif not (found and add_consequences(monograph, text, found, note)):
        return False
    return True


def bullet_list(text, monograph):
    """A bullet that lists several side effects: "* Eczema, psoriasis, dry skin". Three
    items or more, and none that says where ("Pain, redness, or swelling at the injection
    site" is one), else []. Its asides go to the notes."""
    plain = clean_inline(text)
    if plain.count(",") < 2:
        return []
    listing = split_items(plain, partial(is_aside, monograph))
    if not listing or len(listing[0]) + len(listing[1]) < 3:
        return []
    mentions, asides = listing
    if any(WHERE.search(without_parentheses(item)) for item in mentions):
        return []
    if asides:
        monograph.side_effect_notes = join([monograph.side_effect_notes, ", ".join(asides)])
    return mentions


def add_examples(monograph, found, note):
    """The mentions of a mention's note that lists them (lists_in_note); a clause after
    the list ("..., which need urgent care") goes to the notes."""
    examples = EXAMPLES.sub("", found.note)
    if clause := TRAILING_CLAUSE.search(examples):
        examples = examples[: clause.start()]
        monograph.side_effect_notes = join([monograph.side_effect_notes, clause[1] + "."])
    add_list(monograph, found.term, examples, found.frequency, found.serious, note)


# "Rare cases of more serious reactions such as hepatitis and pancreatitis".
GROUP_WITH_EXAMPLES = re.compile(
    r"^(?P<group>[^()]{1,100}?\b(?:effects|reactions|events|symptoms|problems|complications))"
    r",?\s+(?:such as|like|including|e\.\s?g\.,?)\s+(?P<examples>.+?)\.?$",
    re.IGNORECASE,
)


def add_group_examples(monograph, text, frequency, serious, note):
    """A group that names no side effect, with its examples: the examples are the
    mentions, in the group's tier. False when the text is no such group."""
    found = GROUP_WITH_EXAMPLES.match(clean_inline(text))
    if not found or not is_not_a_term(found["group"], monograph):
        return False
    examples = found["examples"]
    if clause := TRAILING_CLAUSE.search(examples):
        examples = examples[: clause.start()]
        monograph.side_effect_notes = join([monograph.side_effect_notes, clause[1] + "."])
    add_list(monograph, found["group"], examples, frequency, serious, note)
    return True


TRAILING_CLAUSE = re.compile(r",\s+((?:which|that|who)\b.*)$", re.IGNORECASE)
# "Nervous system effects (e.g., headache, insomnia)": the examples are the list.
EXAMPLES = re.compile(r"^(?:such as|e\.\s?g\.?|for example|including|like)[,:]?\s*", re.I)


def lists_in_note(found, monograph):
    """Whether a mention is a label for the list in its note: "Rifampin (nausea, rash)", or
    a body system that is no side effect of its own ("CNS effects (e.g., a, b)")."""
    note = found.note
    if is_known_side_effect(found.term):
        return False
    if EXAMPLES.match(note) and ";" not in note and is_not_a_term(found.term, monograph):
        # "More severe reactions like SJS and TEN": the group names no side effect, its
        # examples do.
        return True
    # A flat list only: a parenthesis in it would list again, as deep as it nests.
    if "," not in note or ";" in note or "(" in note:
        return False
    return label_note(found.term, monograph) is not None


def add_list(monograph, label, rest, frequency, serious, note=""):
    """'**Common:** nausea, rash' or '**Skin:** rash, itching': one mention per item."""
    frequency, serious = group_for(label, frequency, serious)
    name = clean_inline(label).strip(" :")
    note = join_notes(group_note(name, monograph), note)
    # "**Liver problems:** Rarely, the liver is affected.": a side effect after all, when
    # the label names one and its text is no list.
    names_one = label_note(name, monograph) in ("", None) and not is_not_a_term(name, monograph)
    text = f"**{name}:** {rest}"
    first = split_outside_parentheses(clean_inline(rest), separators=".")[:1]
    # "**Rare allergic reactions:** While rare, they can be severe.": one too.
    known = is_known_side_effect(name) or is_known_side_effect(after_group_words(name))
    if names_one and known and not (first and split_items(first[0])):
        add_mention(monograph, text, frequency, serious, note, may_list=False)
    elif add_prose(monograph, rest, frequency, serious, note=note, in_group=True):
        return
    elif names_one and len(rest) < 400:
        add_mention(monograph, text, frequency, serious, note, may_list=False)
    elif rest:
        monograph.side_effect_notes = join([monograph.side_effect_notes, text])


def add_prose(monograph, text, frequency, serious, note="", in_group=False):
    """'Common side effects include nausea, headache and dizziness.' -> mentions.

    Each sentence that lists side effects gives its mentions; the other sentences are
    kept as notes. Outside a labelled group the sentence itself must say it lists side
    effects (a group label, "may cause"); inside one, a sentence that is only a list is
    the group's ("**Common:** Headache. Skin irritation, redness.").
    Returns False (and adds nothing) when no sentence of the paragraph is such a list.
    """
    sentences = split_outside_parentheses(clean_inline(text), separators=".")
    aside = partial(is_aside, monograph)
    found_any = False
    kept = []
    for index, sentence in enumerate(sentences):
        lead, listing = "", None
        for lead, listed in prose_lists(sentence):
            if index and refers_back(lead, sentences[index - 1]):
                lead = f"{sentences[index - 1]}. {lead}"
            if in_group or is_group_label(lead) or CAUSES.search(lead):
                listing = split_items(listed, aside)
            if listing:
                break
        context = ""
        if not listing and in_group:
            # "Rarely, at high doses, liver damage.": the sentence's own tier and context.
            adverb = LEADING_ADVERB.match(sentence)
            lead, context = (adverb[0], adverb["context"] or "") if adverb else ("", "")
            listing = split_items(sentence[len(lead) :], aside)
        if listing:
            mentions, asides = listing
            group_frequency, group_serious = lead_group(lead, frequency, serious)
            for item in mentions:
                add_mention(
                    monograph, item, group_frequency, group_serious, join_notes(context, note)
                )
            kept.extend(asides)
            found_any = True
        else:
            kept.append(sentence)
    if found_any and kept:
        monograph.side_effect_notes = join([monograph.side_effect_notes, ". ".join(kept) + "."])
    return found_any


def add_mention(monograph, text, frequency, serious, note="", *, may_list=True):
    """One mention, or the list in its parentheses when it labels one (lists_in_note)."""
    if may_list and add_group_examples(monograph, text, frequency, serious, note):
        return
    found = mention(text, frequency, serious)
    if found and may_list and lists_in_note(found, monograph):
        add_examples(monograph, found, note)
    elif found and not is_not_a_term(found.term, monograph):
        found.note = join_notes(found.note, note)[:500]
        monograph.side_effects.append(found)
    elif found and not add_consequences(monograph, text, found, note):
        monograph.side_effect_notes = join([monograph.side_effect_notes, clean_inline(text)])


def add_consequences(monograph, text, found, note):
    """A mention that names no side effect but what it leads to ("Systemic absorption
    (leading to high blood sugar)"): its text is a note, what it leads to the mentions.
    False when its note says it leads to nothing."""
    if not (led_to := consequences(found.note)):
        return False
    monograph.side_effect_notes = join([monograph.side_effect_notes, clean_inline(text)])
    add_prose(monograph, led_to, found.frequency, found.serious, note, in_group=True)
    return True
