"""Markdown monograph -> plain data. No database access here.

A monograph is Jekyll Markdown: YAML front matter, a `# Title`, then sections such as
Usage, Dosage, Side Effects, How it Works, Precautions and FAQs, each a `### Heading`
(or a bold label on a line of its own).
"""

import re
from decimal import Decimal, InvalidOperation

import yaml

from monographs.importing.blocks import Block, parse_blocks
from monographs.importing.data import (
    DosageEntry,
    FAQEntry,
    InteractionEntry,
    Monograph,
    MonographError,
    PrecautionEntry,
    SideEffectMention,
)
from monographs.importing.interactions import find_interactions
from monographs.importing.text import clean_inline
from monographs.models import Dosage, DrugSideEffect, Precaution

Frequency = DrugSideEffect.Frequency
Population = Dosage.Population
# libyaml's loader where PyYAML was built with it: the same safe subset, much faster.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --- reading -------------------------------------------------------------------------

FRONT_MATTER_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def decode(data: bytes) -> str:
    """File bytes -> text, or a MonographError saying why they are not a monograph."""
    if not data.strip():
        raise MonographError("the file is empty")
    if b"\x00" in data:
        raise MonographError("binary file, not Markdown text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start : error.start + 1].hex()
        raise MonographError(
            f"not UTF-8 text: invalid byte 0x{bad} at position {error.start}"
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---"):
        raise MonographError("no YAML front matter: the file must start with a '---' line")
    first_line_end = text.find("\n")
    if first_line_end == -1 or text[:first_line_end].strip() != "---":
        raise MonographError("no YAML front matter: the file must start with a '---' line")
    closing = FRONT_MATTER_FENCE.search(text, first_line_end + 1)
    if closing is None:
        raise MonographError("the YAML front matter is not closed by a '---' line")
    raw = text[first_line_end + 1 : closing.start()]
    try:
        data = yaml.load(raw, Loader=SafeLoader) if raw.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        problem = getattr(error, "problem", None) or "invalid syntax"
        raise MonographError(f"the front matter is not valid YAML: {problem}{where}") from None
    if not isinstance(data, dict):
        raise MonographError("the front matter must be YAML keys and values (like 'title: ...')")
    return data, text[closing.end() :]


# A file without sections but with this much text is still a monograph (some sources say
# in prose why they cannot describe a product): it is kept as text for an editor to review.
MIN_UNSECTIONED_TEXT = 200


def parse_monograph(data: bytes) -> Monograph:
    """Parse a monograph file's bytes, raising MonographError for a file that is unusable."""
    text = decode(data)
    front_matter, body = split_front_matter(text)
    blocks = parse_blocks(body)

    title = front_matter.get("title")
    if title is not None and not isinstance(title, str | int | float):
        raise MonographError("the front matter 'title' must be text")
    title = clean_inline(str(title)) if title is not None else ""
    if not title:
        title = next(
            (clean_inline(b.text) for b in blocks if b.kind == "heading" and b.level == 1), ""
        )
    if not title:
        raise MonographError("no title: neither a 'title' in the front matter nor a '# Title' line")
    if len(title) > 255:
        raise MonographError(f"the title is {len(title)} characters long; the limit is 255")

    sections = split_sections(blocks)
    has_sections = any(kind != OTHER for kind, _, _ in sections)
    text = sum(len(block.source) for _, _, section in sections for block in section)
    if not has_sections and text < MIN_UNSECTIONED_TEXT:
        raise MonographError(
            "no sections: expected headings such as '### Usage', '### Dosage', '### Side Effects'"
        )
    monograph = Monograph(title=title, front_matter=front_matter, has_sections=has_sections)
    for kind, heading, section_blocks in sections:
        SECTION_PARSERS[kind](monograph, heading, section_blocks)
    monograph.summary = first_sentence(monograph.usage)
    return monograph


# --- sections --------------------------------------------------------------------------

GENERIC, USAGE, DOSAGE, SIDE_EFFECTS, MECHANISM = "generic", "usage", "dosage", "side", "mech"
PRECAUTIONS, INTERACTIONS, FAQS, DISCLAIMER, OTHER = "prec", "inter", "faqs", "disc", "other"

# Exact section names, for bold labels that stand for a heading (`**Usage:**`).
SECTION_NAMES = {
    "generic name": GENERIC, "generic names": GENERIC,
    "usage": USAGE, "uses": USAGE, "indications": USAGE, "indications and usage": USAGE,
    "dosage": DOSAGE, "dosing": DOSAGE, "dosage and administration": DOSAGE,
    "side effects": SIDE_EFFECTS, "adverse effects": SIDE_EFFECTS,
    "adverse reactions": SIDE_EFFECTS,
    "how it works": MECHANISM, "mechanism of action": MECHANISM, "mechanism": MECHANISM,
    "precautions": PRECAUTIONS, "warnings and precautions": PRECAUTIONS,
    "precautions and warnings": PRECAUTIONS,
    "interactions": INTERACTIONS, "drug interactions": INTERACTIONS,
    "faqs": FAQS, "faq": FAQS, "frequently asked questions": FAQS,
    "disclaimer": DISCLAIMER,
}  # fmt: skip

# Keywords for headings that name a section in other words ("Side Effects of Aspirin").
HEADING_KEYWORDS = [
    (("side effect", "adverse"), SIDE_EFFECTS),
    (("how it works", "how does it work", "mechanism"), MECHANISM),
    (("faq", "frequently asked", "questions"), FAQS),
    (("dosage", "dosing", "dose"), DOSAGE),
    (("interaction",), INTERACTIONS),
    (("precaution", "warning", "contraindication"), PRECAUTIONS),
    (("generic name",), GENERIC),
    (("usage", "uses", "indication", "used for", "what is"), USAGE),
    (("disclaimer",), DISCLAIMER),
]


def normalise_label(text):
    return re.sub(r"\s+", " ", re.sub(r"[*_#:`]", " ", text)).strip().lower()


def heading_kind(text):
    name = normalise_label(text)
    if name in SECTION_NAMES:
        return SECTION_NAMES[name]
    for keywords, kind in HEADING_KEYWORDS:
        if any(keyword in name for keyword in keywords):
            return kind
    return OTHER


BOLD_LABEL = re.compile(
    r"^\*\*(?P<label>[^*\n]{1,150}?)\s*(?::\s*\*\*|\*\*\s*:)\s*(?P<rest>.*)$", re.DOTALL
)


def split_label(text):
    """'**Label:** rest' -> ("Label", "rest"); text without such a label -> ("", text)."""
    match = BOLD_LABEL.match(text.strip())
    if not match:
        return "", text.strip()
    return match["label"].strip(), match["rest"].strip()


def split_sections(blocks):
    """[(kind, heading, blocks)] in document order; text before any heading is OTHER."""
    sections = [(OTHER, "", [])]
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            continue
        if block.kind == "heading":
            sections.append((heading_kind(block.text), clean_inline(block.text), []))
            continue
        if block.kind == "list" and section_items(block) >= 2:
            for item in block.items:
                label, rest = split_label(item.text)
                kind = SECTION_NAMES.get(normalise_label(label)) if label else None
                if kind and kind != DISCLAIMER:
                    sections.append((kind, label, []))
                    if rest:
                        sections[-1][2].append(Block("paragraph", item_body(item, rest), rest))
                    if item.children:
                        sections[-1][2].append(Block("list", "", items=item.children))
                else:
                    sections[-1][2].append(Block("list", f"* {item.source}", items=[item]))
            continue
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            kind = SECTION_NAMES.get(normalise_label(label)) if label else None
            if kind and kind != DISCLAIMER and not rest:
                sections.append((kind, label, []))
                continue
            # "**Interactions:** text" among precautions is a precaution, not a new section.
            inside_precautions = sections[-1][0] == PRECAUTIONS and kind == INTERACTIONS
            if kind and kind != DISCLAIMER and not inside_precautions:
                if kind != sections[-1][0]:
                    sections.append((kind, label, []))
                block = Block("paragraph", rest, rest)
        sections[-1][2].append(block)
    return [section for section in sections if section[2] or section[0] != OTHER]


def section_items(block):
    """How many items of a list are labelled with a section name (`* **Usage:** ...`)."""
    labels = (normalise_label(split_label(item.text)[0]) for item in block.items)
    return sum(1 for label in labels if label in SECTION_NAMES)


def is_disclaimer(block):
    label, _ = split_label(block.text) if block.kind == "paragraph" else ("", "")
    return normalise_label(label) == "disclaimer"


def keep_unstructured(monograph, heading, blocks):
    """Text that fits no field stays in the monograph, under its section's heading."""
    blocks = [block for block in blocks if not is_disclaimer(block)]
    if not blocks:
        return
    monograph.unstructured_blocks += len(blocks)
    body = join(block.source for block in blocks)
    part = f"### {heading}\n\n{body}" if heading else body
    monograph.other_notes = join([monograph.other_notes, part])


def parse_generic(monograph, heading, blocks):
    text = clean_inline(" ".join(block.text or block.source for block in blocks))
    monograph.generic_name = text[:500].rstrip()


def parse_usage(monograph, heading, blocks):
    monograph.usage = join([monograph.usage, body_of(blocks)])


def parse_mechanism(monograph, heading, blocks):
    monograph.mechanism = join([monograph.mechanism, body_of(blocks)])


def parse_disclaimer(monograph, heading, blocks):
    """The medical disclaimer is site-wide text, shown on every page: not stored per drug."""


def body_of(blocks):
    return join(block.source for block in blocks if not is_disclaimer(block))


# --- dosage ----------------------------------------------------------------------------

POPULATION_KEYWORDS = [
    (("pediatric", "paediatric", "child", "infant", "adolescent", "neonat"), Population.CHILDREN),
    (("elderly", "geriatric", "older", "senior"), Population.OLDER_ADULTS),
    (("renal", "kidney"), Population.RENAL),
    (("hepatic", "liver"), Population.HEPATIC),
    (("adult",), Population.ADULTS),
]
ROUTES = [
    ("subcutaneous", "subcutaneous"), ("under the skin", "subcutaneous"),
    ("intravenous", "intravenous"), ("intramuscular", "intramuscular"),
    ("by mouth", "oral"), ("orally", "oral"), ("oral", "oral"), ("tablet", "oral"),
    ("capsule", "oral"), ("inhal", "inhaled"), ("intranasal", "nasal"), ("nasal spray", "nasal"),
    ("topical", "topical"), ("apply", "topical"), ("transdermal", "transdermal"),
    ("rectal", "rectal"), ("eye drop", "ophthalmic"), ("ophthalmic", "ophthalmic"),
]  # fmt: skip
DOSE_AMOUNT = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(mg|mcg|µg|g|mL|ml|units?|IU|mmol|%)(?![\w])", re.IGNORECASE
)
DOSE_FREQUENCY = re.compile(
    r"every other day|once (?:a |per )?(?:day|daily|week|weekly|month)|"
    r"(?:twice|two times|three times|four times) (?:a |per )?(?:day|daily|week|weekly)|"
    r"every \d+(?:\s*(?:-|to)\s*\d+)? (?:hours|days|weeks|months)|at bedtime|as needed|"
    r"\bdaily\b|\bweekly\b|\bmonthly\b",
    re.IGNORECASE,
)


def population_for(*texts):
    for text in texts:
        lowered = text.lower()
        for keywords, population in POPULATION_KEYWORDS:
            if any(keyword in lowered for keyword in keywords):
                return population
        if "adjust" in lowered:
            return Population.OTHER
    return Population.GENERAL


def route_in(text):
    lowered = text.lower()
    return next((route for word, route in ROUTES if word in lowered), "")


def dosage_entry(instructions, label="", indication="", group_route=""):
    entry = DosageEntry(
        instructions=instructions,
        label=clean_inline(label)[:200],
        indication=clean_inline(indication)[:300],
        population=population_for(label, indication),
        route=route_in(instructions) or group_route,
    )
    # Only a label that names a dose ("Initial dose") says the first amount is the dose;
    # under "Titration" it is a step, not a dose.
    names_a_dose = re.search(r"\bdos(?:e|age|ing)\b", label, re.IGNORECASE)
    amount = names_a_dose and DOSE_AMOUNT.search(clean_inline(instructions)[:80])
    if amount:
        try:
            entry.amount = Decimal(amount[1])
        except InvalidOperation:  # pragma: no cover - the pattern only admits numbers
            entry.amount = None
        entry.unit = amount[2]
        frequency = DOSE_FREQUENCY.search(instructions)
        entry.frequency = frequency[0].lower() if frequency else ""
    return entry


def parse_dosage(monograph, heading, blocks):
    indication, group_route = "", ""
    for block in blocks:
        if is_disclaimer(block):
            continue
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            if label and not rest:
                indication, group_route = label, ""
            elif label:
                indication, group_route = "", ""
                monograph.dosages.append(dosage_entry(rest, label))
            elif indication:
                group_route = route_in(block.text) or group_route
                monograph.dosages.append(dosage_entry(block.source, "", indication, group_route))
            else:
                monograph.dosage_notes = join([monograph.dosage_notes, block.source])
        elif block.kind == "list":
            for item in block.items:
                label, rest = split_label(item.text)
                if item.children and label and not rest:
                    for child in item.children:
                        child_label, child_rest = split_label(child.text)
                        text = child_rest if child_label else child.source
                        monograph.dosages.append(
                            dosage_entry(text, child_label, indication or label, group_route)
                        )
                    continue
                text = item_body(item, rest) if label else item.source
                monograph.dosages.append(dosage_entry(text, label, indication, group_route))
        elif block.kind == "heading":
            indication, group_route = clean_inline(block.text), ""
        else:
            monograph.dosages.append(dosage_entry(block.source, "", indication, group_route))


def item_body(item, rest):
    """A labelled item's text after its label, with any nested list kept as Markdown."""
    source = item.source
    label_end = source.find(rest[:20]) if rest else -1
    return source[label_end:].strip() if label_end >= 0 else rest


# --- side effects ------------------------------------------------------------------------

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
NOTE_LABELS = re.compile(r"^(?:important\s+)?notes?$|^important$|^remember$|^caution$", re.I)
NOT_SERIOUS = re.compile(r"\b(?:not|non|less|rarely|usually not)[- ](?:serious|severe)", re.I)
SERIOUS = re.compile(r"serious|severe|life[- ]threatening|emergency|seek medical|immediate", re.I)
PERCENT = re.compile(r"(<|>|less than|more than|over|under)?\s*(\d+(?:\.\d+)?)\s*%", re.I)
DETAIL_SEPARATOR = re.compile(r"\s+[-–—]\s+|:\s+|\s+[-–—]$")
PROSE_LIST = re.compile(
    r"^(?P<lead>.*\b(?:include|includes|including|such as|may cause|can cause|may experience|"
    r"can lead to|may lead to|consist of)\b\s*:?|.*?\bare:)\s+(?P<items>[^.]+)\.?$",
    re.IGNORECASE,
)
# "Nausea, rash and dizziness are the most common side effects."
PROSE_LIST_AFTER = re.compile(
    r"^(?P<items>[^.]+?)\s+(?:are|is|were)\s+(?P<lead>(?:the\s+|among the\s+)?(?:most\s+)?"
    r"(?:common|frequent|frequently|rare|less common|serious|reported|possible)\b[^.]*)\.?$",
    re.IGNORECASE,
)
LEADING_CONJUNCTION = re.compile(r"^(?:and|or|and/or)\s+", re.I)


def frequency_from_percent(text):
    """The tier of a stated frequency ("(>10%)", "(1-10%)", "(<1%)"), if there is one."""
    match = PERCENT.search(text)
    if not match:
        return None
    sign, value = (match[1] or "").lower(), float(match[2])
    if sign in (">", "more than", "over") and value >= 10:
        return Frequency.COMMON
    if sign in ("<", "less than", "under") and value <= 1:
        return Frequency.RARE
    if value > 10:
        return Frequency.COMMON
    if value >= 1:
        return Frequency.LESS_COMMON
    return Frequency.RARE


def group_of(label):
    """A group label ("Less common, but serious side effects") -> (frequency, serious)."""
    lowered = label.lower()
    words = lowered.split("(")[0]
    if re.search(r"less common|uncommon|infrequent|occasional|less frequent|less often", words):
        frequency = Frequency.LESS_COMMON
    elif re.search(r"\brare|very rare|\brarely", words):
        frequency = Frequency.RARE
    elif re.search(r"\bcommon|\bfrequent|\bmost\b|\boften", words):
        frequency = Frequency.COMMON
    else:
        frequency = Frequency.NOT_STATED
    frequency = frequency_from_percent(lowered) or frequency
    serious = bool(SERIOUS.search(lowered)) and not NOT_SERIOUS.search(lowered)
    return frequency, serious


def is_group_label(text):
    lowered = text.lower()
    return len(text) < 200 and (
        any(word in lowered for word in GROUP_WORDS) or bool(PERCENT.search(lowered))
    )


def is_list_label(label, monograph):
    """A label whose text is a list of mentions: a group, a body system or an ingredient."""
    label = clean_inline(label).strip(" :")
    return bool(
        label
        and (
            is_group_label(label)
            or BODY_SYSTEM_WORDS.match(label)
            or names_ingredient(label, monograph)
        )
    )


def ingredient_keys(monograph):
    """The ingredients of a combination, lower case, without parentheticals; "A/B" is both."""
    return {
        part.strip().lower()
        for name in monograph.ingredient_names
        for part in without_parentheses(name).split("/")
        if part.strip()
    }


def names_ingredient(term, monograph):
    return without_parentheses(term).strip().lower() in ingredient_keys(monograph)


def split_outside_parentheses(text, separators=",;"):
    parts, depth, current = [], 0, []
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


# "Swelling of the face, lips, tongue, or throat" is one mention, not four.
BODY_PART_SERIES = re.compile(
    r"\b(?:of|in|on|around|to)\s+(?:the\s+|your\s+)?\w+(?:,\s*\w+)+,?\s+(?:or|and)\s+\w+", re.I
)
INNERMOST_PARENTHESES = re.compile(r"\([^()]*\)")
NOT_A_MENTION = re.compile(
    r"^(?:while|although|though|in rare cases|rarely|these|this|the|some|generally|seek|but|"
    r"which|have been|particularly|including|others|many|and many|individual|if|when|it|they|"
    r"there|such|may|can|most|usually|often|especially|at high doses|more|less|consult|"
    r"contact (?:your|a|the)|call|stop|discontinue|report|tell|see|q:|a:)\b",
    re.IGNORECASE,
)


def without_parentheses(text):
    """Text with every parenthetical, nested ones included, removed."""
    previous = None
    while previous != text:
        previous, text = text, INNERMOST_PARENTHESES.sub("", text)
    return text


def looks_like_mention(item):
    words = without_parentheses(item).split()
    return 0 < len(words) <= 8 and not NOT_A_MENTION.match(item)


def list_items(text):
    """'Nausea, vomiting, and rash. These pass.' -> (["Nausea", "vomiting", "rash"], rest).

    Items that read as prose rather than a side effect stay in the remainder.
    """
    protected = BODY_PART_SERIES.sub(lambda m: m[0].replace(",", "\x00"), clean_inline(text))
    sentences = split_outside_parentheses(protected, separators=".")
    if not sentences:
        return [], ""
    items = [LEADING_CONJUNCTION.sub("", item) for item in split_outside_parentheses(sentences[0])]
    if len(items) > 1 and " and " in items[-1] and len(items[-1].split()) <= 6:
        items[-1:] = [part.strip() for part in items[-1].split(" and ", 1)]
    items = [item.replace("\x00", ",") for item in items if item]
    mentions = [item for item in items if looks_like_mention(item)]
    if len(mentions) < len(items):
        mentions, rest = [], sentences
    else:
        rest = sentences[1:]
    rest = ". ".join(rest).replace("\x00", ",")
    return mentions, (rest + "." if rest else "")


def mention(text, frequency, serious):
    """'Flu-like symptoms (fever, chills)' -> a mention with its parenthetical as the note."""
    label, rest = split_label(text)
    if label:
        term, details = label, [rest]
    else:
        term, _, detail = split_detail(clean_inline(text))
        details = [detail]
    if "(" in term:
        before, inside, after = split_parenthetical(term)
        term, details = before, [inside, after, *details]
    term = clean_inline(term).strip(" .;,:-")
    note = "; ".join(part for part in (clean_inline(d).strip(" .;,") for d in details) if part)
    if not term or len(term.split()) > 12:
        return None
    if re.match(r"(?:severe|serious|life[- ]threatening)\b", term, re.IGNORECASE):
        serious = True
    return SideEffectMention(term=term[:200], note=note[:500], frequency=frequency, serious=serious)


def split_parenthetical(text):
    """'A (b (c)) d' -> ("A ", "b (c)", " d"): the first parenthetical, nesting respected."""
    start = text.index("(")
    depth = 0
    for index in range(start, len(text)):
        depth += text[index] == "("
        depth -= text[index] == ")"
        if depth == 0:
            return text[:start], text[start + 1 : index], text[index + 1 :]
    return text[:start], text[start + 1 :], ""


def split_detail(plain):
    """'Dizziness - when standing' / 'Dizziness: when standing' -> ("Dizziness", "when ...")."""
    depth = 0
    for index, char in enumerate(plain):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and index >= 2 and (match := DETAIL_SEPARATOR.match(plain, index)):
            return plain[:index], "", plain[match.end() :]
    return plain, "", ""


def parse_side_effects(monograph, heading, blocks):
    frequency, serious = Frequency.NOT_STATED, False
    for block in blocks:
        if is_disclaimer(block):
            continue
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            text = block.text.rstrip()
            if label and not rest and is_group_label(label):
                frequency, serious = group_of(label)
            elif label and rest and is_list_label(label, monograph):
                add_list(monograph, label, rest, frequency, serious)
            elif not label and text.endswith(":") and is_group_label(text):
                frequency, serious = group_of(text)
            elif not label and add_prose(monograph, block.text, frequency, serious):
                continue
            else:
                monograph.side_effect_notes = join([monograph.side_effect_notes, block.source])
        elif block.kind == "heading":
            frequency, serious = group_of(block.text)
        elif block.kind == "list":
            for item in block.items:
                add_item(monograph, item, frequency, serious)
        else:
            monograph.side_effect_notes = join([monograph.side_effect_notes, block.source])


def add_item(monograph, item, frequency, serious):
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
        if rest:
            add_list(monograph, label, rest, frequency, serious)
        for child in item.children:
            add_item(monograph, child, group_frequency, group_serious)
    elif label and NOTE_LABELS.match(clean_inline(label).strip(" :")):
        monograph.side_effect_notes = join([monograph.side_effect_notes, item.source])
    elif label and is_list_label(label, monograph):
        add_list(monograph, label, rest, frequency, serious)
    elif looks_like_mention(clean_inline(label or split_detail(clean_inline(item.text))[0])):
        found = mention(item.text, frequency, serious)
        if found and "," in found.note and names_ingredient(found.term, monograph):
            # "Rifampin (nausea, rash, ...)": the parenthetical is the list.
            add_list(monograph, found.term, found.note, frequency, serious)
        elif found:
            monograph.side_effects.append(found)
    else:
        monograph.side_effect_notes = join([monograph.side_effect_notes, f"* {item.source}"])


def group_for(label, frequency, serious):
    """A sub-group keeps the outer tier and seriousness unless its label states its own."""
    group_frequency, group_serious = group_of(label)
    if group_frequency == Frequency.NOT_STATED:
        group_frequency = frequency
    return group_frequency, group_serious or serious


def add_list(monograph, label, rest, frequency, serious):
    """'**Common:** nausea, rash' or '**Skin:** rash, itching': one mention per item."""
    frequency, serious = group_for(label, frequency, serious)
    name = clean_inline(label).strip(" :")
    note = name if names_ingredient(name, monograph) else ""
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
    for sentence in sentences:
        match = PROSE_LIST.match(sentence) or PROSE_LIST_AFTER.match(sentence)
        items, remainder = list_items(match["items"]) if match else ([], "")
        if match and items and not remainder and (in_group or is_group_label(match["lead"])):
            group_frequency, group_serious = group_for(match["lead"], frequency, serious)
            for item in items:
                add_mention(monograph, item, group_frequency, group_serious, note)
            found_any = True
        else:
            kept.append(sentence)
    if found_any and kept:
        monograph.side_effect_notes = join([monograph.side_effect_notes, ". ".join(kept) + "."])
    return found_any


def add_mention(monograph, text, frequency, serious, note=""):
    found = mention(text, frequency, serious)
    if found:
        found.note = "; ".join(filter(None, [found.note, note]))[:500]
        monograph.side_effects.append(found)


# --- precautions and interactions -------------------------------------------------------

PRECAUTION_KINDS = [
    (("contraindicat", "do not use", "who should not"), Precaution.Kind.CONTRAINDICATION),
    (("interact",), Precaution.Kind.INTERACTION),
    (("pregnan", "breast", "lactat", "nursing"), Precaution.Kind.PREGNANCY),
    (("warning", "caution", "monitor", "boxed"), Precaution.Kind.WARNING),
]


def precaution_kind(topic):
    lowered = topic.lower()
    for keywords, kind in PRECAUTION_KINDS:
        if any(keyword in lowered for keyword in keywords):
            return kind
    return Precaution.Kind.OTHER


def add_precaution(monograph, topic, text, default_kind=Precaution.Kind.OTHER):
    kind = precaution_kind(topic) if topic else default_kind
    monograph.precautions.append(
        PrecautionEntry(text=text, topic=clean_inline(topic)[:200], kind=kind)
    )
    if kind == Precaution.Kind.INTERACTION:
        add_interactions(monograph, find_interactions(text, exclude=monograph.title))


def add_interactions(monograph, found):
    known = {entry.name.lower() for entry in monograph.interactions}
    for entry in found:
        if entry.name.lower() not in known:
            known.add(entry.name.lower())
            monograph.interactions.append(entry)


def parse_precautions(monograph, heading, blocks):
    for block in blocks:
        if is_disclaimer(block):
            continue
        if block.kind == "list":
            for item in block.items:
                label, rest = split_label(item.text)
                text = item_body(item, rest) if label else item.source
                add_precaution(monograph, label, text)
        elif block.kind == "paragraph":
            label, rest = split_label(block.text)
            add_precaution(monograph, label, rest if label else block.source)
        else:
            add_precaution(monograph, "", block.source)


def parse_interactions(monograph, heading, blocks):
    """An Interactions section: '**Drug:** description' bullets, or prose naming drugs."""
    for block in blocks:
        if is_disclaimer(block):
            continue
        items = block.items if block.kind == "list" else []
        for item in items:
            label, rest = split_label(item.text)
            if label:
                found = find_interactions(rest, exclude=monograph.title)
                severity = found[0].severity if found else ""
                add_interactions(
                    monograph, [InteractionEntry(clean_inline(label)[:200], rest, severity)]
                )
            else:
                add_precaution(monograph, heading, item.source, Precaution.Kind.INTERACTION)
        if not items:
            add_precaution(monograph, heading, block.source, Precaution.Kind.INTERACTION)


# --- FAQs ----------------------------------------------------------------------------------

FAQ_PATTERNS = [
    # **Q: Question?** A: Answer   /   **Q:** Question? **A:** Answer
    re.compile(
        r"^\*\*\s*Q(?:uestion)?\s*[:.]\s*(?P<q>.+?)\s*\*\*\s*(?:\*\*\s*)?A(?:nswer)?\s*[:.]\s*(?:\*\*)?\s*(?P<a>.*)$",
        re.DOTALL,
    ),
    re.compile(
        r"^\*\*\s*Q(?:uestion)?\s*[:.]\s*\*\*\s*(?P<q>.+?)\s*\*\*\s*A(?:nswer)?\s*[:.]\s*\*\*\s*(?P<a>.*)$",
        re.DOTALL,
    ),
    # Q: Question? A: Answer
    re.compile(r"^Q(?:uestion)?\s*[:.]\s*(?P<q>.+?)\s+A(?:nswer)?\s*[:.]\s*(?P<a>.*)$", re.DOTALL),
    # **Question?** Answer
    re.compile(r"^\*\*(?P<q>[^*]+?\?)\s*\*\*\s*(?P<a>.*)$", re.DOTALL),
]


def faq_in(text):
    for pattern in FAQ_PATTERNS:
        match = pattern.match(text.strip())
        if match:
            question = clean_inline(match["q"]).strip()
            if question:
                return FAQEntry(question=question, answer=match["a"].strip())
    return None


def parse_faqs(monograph, heading, blocks):
    leftovers = []
    pending = None
    for block in blocks:
        if is_disclaimer(block):
            continue
        if block.kind == "list":
            for item in block.items:
                faq = faq_in(item.source) or faq_in(item.text)
                if faq:
                    monograph.faqs.append(faq)
                    pending = None if faq.answer else faq
                elif item.text.rstrip("*").strip().endswith("?"):
                    pending = FAQEntry(question=clean_inline(item.text))
                    answer = item.source[len(item.text) :].strip()
                    pending.answer = answer
                    monograph.faqs.append(pending)
                else:
                    leftovers.append(Block("paragraph", item.source, item.text))
            continue
        if block.kind in ("paragraph", "heading"):
            faq = faq_in(block.source) if block.kind == "paragraph" else None
            if faq:
                monograph.faqs.append(faq)
                pending = None if faq.answer else faq
                continue
            if clean_inline(block.text).endswith("?"):
                pending = FAQEntry(question=clean_inline(block.text))
                monograph.faqs.append(pending)
                continue
        if pending is not None and not pending.answer:
            pending.answer = block.source
        elif pending is not None:
            pending.answer = join([pending.answer, block.source])
        else:
            leftovers.append(block)
    keep_unstructured(monograph, heading, leftovers)


# --- helpers ---------------------------------------------------------------------------------


def join(parts):
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def first_sentence(markdown_text):
    if not markdown_text:
        return ""
    first_paragraph = clean_inline(markdown_text.split("\n\n")[0])
    sentence = SENTENCE_END.split(first_paragraph, maxsplit=1)[0]
    return sentence if len(sentence) <= 500 else sentence[:497].rsplit(" ", 1)[0] + "…"


SECTION_PARSERS = {
    GENERIC: parse_generic,
    USAGE: parse_usage,
    DOSAGE: parse_dosage,
    SIDE_EFFECTS: parse_side_effects,
    MECHANISM: parse_mechanism,
    PRECAUTIONS: parse_precautions,
    INTERACTIONS: parse_interactions,
    FAQS: parse_faqs,
    DISCLAIMER: parse_disclaimer,
    OTHER: keep_unstructured,
}
