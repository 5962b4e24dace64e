"""Markdown monograph -> plain data. No database access here.

A monograph is Jekyll Markdown: YAML front matter, a `# Title`, then sections such as
Usage, Dosage, Side Effects, How it Works, Precautions and FAQs, each a `### Heading`
(or a bold label on a line of its own).
"""

import html
import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

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
from monographs.importing.interactions import (
    INTERACTION_CUE,
    find_interactions,
    topic_interactions,
)
from monographs.models import Dosage, DrugSideEffect, Precaution
from monographs.text import clean_inline

Frequency = DrugSideEffect.Frequency
Population = Dosage.Population
Kind = Precaution.Kind
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

    monograph = Monograph(title=title, front_matter=front_matter)
    sections = split_sections(blocks, monograph)
    monograph.has_sections = any(section.kind != OTHER for section in sections)
    text = sum(len(block.source) for section in sections for block in section.blocks)
    if not monograph.has_sections and text < MIN_UNSECTIONED_TEXT:
        raise MonographError(
            "no sections: expected headings such as '### Usage', '### Dosage', '### Side Effects'"
        )
    for section in sections:
        SECTION_PARSERS[section.kind](monograph, section)
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


def label_kind(text):
    """The section a label names: "Usage", or one with a remark ("FAQs (for each part)")."""
    name = normalise_label(text)
    if name in SECTION_NAMES:
        return SECTION_NAMES[name]
    before, bracket, _ = name.partition(" (")
    return SECTION_NAMES.get(before) if bracket else None


def heading_kind(text):
    # "Generic Name: Aspirin" names its section before the colon, whatever the value says.
    kind = label_kind(text) or label_kind(text.partition(":")[0])
    if kind:
        return kind
    name = normalise_label(text)
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


class Section(NamedTuple):
    kind: str
    heading: str
    blocks: list
    # The ingredient that a combination's per-ingredient sections describe ("Citicoline").
    part: str = ""


def split_sections(blocks, monograph):
    """[Section] in document order; text before any heading is OTHER.

    A combination may describe each ingredient in turn: a heading or a bold label with
    nothing under it but sections (`### Citicoline`, then its own Generic Name, Usage...).
    Those sections carry the ingredient as their part.
    """
    sections = [Section(OTHER, "", [])]
    for block in blocks:
        if block.kind == "heading" and block.level == 1:
            continue
        if block.kind == "heading":
            kind = heading_kind(block.text)
            # "**Tamsulosin:**" then "### Generic Name": the label names the ingredient.
            label = bare_label(sections[-1].blocks[-1]) if sections[-1].blocks else ""
            part = None
            if kind != OTHER and label and names_ingredient(label, monograph):
                part = pop_part_label(sections[-1])
            start_section(sections, kind, clean_inline(block.text), part)
            continue
        if block.kind == "list" and section_items(block) >= 2:
            part = pop_part_label(sections[-1])
            for item in block.items:
                label, rest = split_label(item.text)
                kind = label_kind(label) if label else None
                if kind and kind != DISCLAIMER:
                    start_section(sections, kind, label, part)
                    if rest:
                        sections[-1].blocks.append(Block("paragraph", item_body(item, rest), rest))
                    if item.children:
                        sections[-1].blocks.append(Block("list", "", items=item.children))
                else:
                    sections[-1].blocks.append(Block("list", f"* {item.source}", items=[item]))
            continue
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            kind = label_kind(label) if label else None
            if kind == sections[-1].kind and normalise_label(label) not in SECTION_NAMES:
                kind = None  # "**Side Effects (1-10%):**" in Side Effects labels a group
            if kind and kind != DISCLAIMER and not rest:
                start_section(sections, kind, label)
                continue
            # "**Interactions:** text" among precautions is a precaution, not a new section.
            inside_precautions = sections[-1].kind == PRECAUTIONS and kind == INTERACTIONS
            if kind and kind != DISCLAIMER and not inside_precautions:
                if kind != sections[-1].kind:
                    start_section(sections, kind, label)
                block = Block("paragraph", rest, rest)
        sections[-1].blocks.append(block)
    return [section for section in sections if section.blocks or section.kind != OTHER]


def start_section(sections, kind, heading, part=None):
    """Open a section; it keeps the current part unless a new one is given or begins."""
    current = sections[-1]
    if part is None:
        if current.kind == OTHER and current.heading and not current.blocks:
            part = current.heading  # an empty heading over sections names their ingredient
        else:
            part = "" if kind == OTHER else current.part
    sections.append(Section(kind, heading, [], part))


def pop_part_label(section):
    """The bare `**Ingredient:**` label that ends a section, removed; else its part."""
    label = bare_label(section.blocks[-1]) if section.blocks else ""
    if not label or label_kind(label):
        return section.part
    section.blocks.pop()
    return label


BARE_LABEL = re.compile(r"^\*\*(?P<label>[^*\n]{1,150}?)\s*:?\s*\*\*\s*:?$")


def bare_label(block):
    """'**Citric Acid**' or '**Citric Acid:**' as a whole paragraph -> "Citric Acid"."""
    match = BARE_LABEL.match(block.text.strip()) if block.kind == "paragraph" else None
    return clean_inline(match["label"]) if match else ""


def section_items(block):
    """How many items of a list are labelled with a section name (`* **Usage:** ...`)."""
    labels = (split_label(item.text)[0] for item in block.items)
    return sum(1 for label in labels if label and label_kind(label))


def is_disclaimer(block):
    label, _ = split_label(block.text) if block.kind == "paragraph" else ("", "")
    return normalise_label(label) == "disclaimer"


def keep_unstructured(monograph, section):
    """Text that fits no field stays in the monograph, under its section's heading."""
    keep_blocks(monograph, section.heading, section.blocks)


def keep_blocks(monograph, heading, blocks):
    blocks = [block for block in blocks if not is_disclaimer(block)]
    if not blocks:
        return
    monograph.unstructured_blocks += len(blocks)
    body = join(block.source for block in blocks)
    part = f"### {heading}\n\n{body}" if heading else body
    monograph.other_notes = join([monograph.other_notes, part])


# --- generic name ------------------------------------------------------------------------

GENERIC_HEADING_VALUE = re.compile(
    r"^generic names?\s*(?:\([^()]*\))?\s*:\s*(?P<value>\S.*)$", re.IGNORECASE | re.DOTALL
)
# Words that make a line a sentence about the name rather than the name itself.
NOT_A_NAME = re.compile(
    r"^(?:this|these|there|note|please|it|the|a|an|as|because|each|for|since|while)\b|"
    r"\b(?:is|are|was|were|isn't|aren't|doesn't|don't|does|do|has|have|can|cannot|may|might|"
    r"should|will|would|represents?|contains?|refers?|describes?|provides?|exists?)\b|[.!?:;]$",
    re.IGNORECASE,
)
# A parenthetical after the name that comments on it: "(Combination)", "(Note: ...)".
REMARK = re.compile(
    r"^(?:note|this|these|there|it|combination|various|not)\b|"
    r"\b(?:is|are|isn't|aren't|exists?)\b",
    re.IGNORECASE,
)
GENERIC_HEADING = "Generic Name"


def parse_generic(monograph, section):
    """The first short line is the name; remarks go to other notes under "Generic Name".

    A combination described ingredient by ingredient has a Generic Name section per
    ingredient, and each adds its name ("A + B"). Any other Generic Name section after
    the first (an export writes the remarks back as one) is all remarks.
    """
    blocks = [block for block in section.blocks if not is_disclaimer(block)]
    value = GENERIC_HEADING_VALUE.match(section.heading)
    if value:
        name, rest = value["value"].strip(), blocks
    elif blocks:
        name, first_rest = name_in(blocks[0])
        rest = [*first_rest, *blocks[1:]]
    else:
        name, rest = "", []
    name, remark = split_remark(name)
    named = [part.strip().lower() for part in monograph.generic_name.split(" + ") if part]
    if reads_as_name(name) and (not named or section.part):
        if name.lower() not in named:
            monograph.generic_name = " + ".join([*filter(None, [monograph.generic_name]), name])
            monograph.generic_name = monograph.generic_name[:500].rstrip()
        remarks = [Block("paragraph", remark, remark)] if remark else []
        keep_blocks(monograph, GENERIC_HEADING, [*remarks, *rest])
    else:
        written = [Block("paragraph", value["value"].strip())] if value else []
        keep_blocks(monograph, GENERIC_HEADING, [*written, *blocks])


def name_in(block):
    """(name, blocks left for remarks) from the first block of a Generic Name section.

    A paragraph is the name when it does not read as a sentence, and so is its first line.
    A list names a combination's components ("* **Povidone-Iodine:** An antiseptic.") and
    is kept as a remark when it describes them.
    """
    if block.kind == "paragraph":
        text = clean_inline(block.text)
        if reads_as_name(text):
            return text, []
        first, _, others = block.source.partition("\n")
        if others.strip() and reads_as_name(clean_inline(first)):
            return clean_inline(first), [Block("paragraph", others.strip(), others.strip())]
    elif block.kind == "list" and block.items:
        components = [component(item.text) for item in block.items]
        if all(name for name, _ in components):
            described = any(description for _, description in components)
            return " + ".join(name for name, _ in components), [block] if described else []
    return "", [block]


def component(text):
    """'**Povidone-Iodine:** An antiseptic.' -> ("Povidone-Iodine", "An antiseptic.")."""
    label, rest = split_label(text)
    if not label:
        label, _, rest = clean_inline(text).partition(": ")
    name = clean_inline(label)
    return (name, rest) if reads_as_name(name) else ("", rest)


def reads_as_name(text):
    plain = without_parentheses(text).strip()
    return 0 < len(plain) <= 200 and not NOT_A_NAME.search(plain)


def split_remark(name):
    """'A + B (Combination)' -> ("A + B", "Combination"); '(Vitamin B1)' stays in the name."""
    start = trailing_parenthetical(name)
    remark = name[start + 1 : -1].strip() if start > 0 else ""
    if not remark or not REMARK.search(remark):
        return name, ""
    return name[:start].rstrip(), remark


def trailing_parenthetical(text):
    """Where the parenthetical that ends the text opens, nesting respected; -1 if none."""
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        if text[index] == ")":
            depth += 1
        elif text[index] == "(" and depth:
            depth -= 1
            if depth == 0:
                return index
        elif not depth:
            return -1
    return -1


def parse_usage(monograph, section):
    monograph.usage = join([monograph.usage, body_of(section.blocks)])


def parse_mechanism(monograph, section):
    monograph.mechanism = join([monograph.mechanism, body_of(section.blocks)])


def parse_disclaimer(monograph, section):
    """The medical disclaimer is site-wide text, shown on every page: not stored per drug."""


def body_of(blocks):
    return join(block.source for block in blocks if not is_disclaimer(block))


# --- dosage ----------------------------------------------------------------------------

# Labels of a remark, not of a dose or a side effect ("**Important Note:** ...").
NOTE_LABELS = re.compile(r"^(?:important\s+)?notes?$|^important$|^remember$|^caution$", re.I)

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
    r"\d+(?:\s*(?:-|to)\s*\d+)? times (?:a |per )?(?:day|daily|week|weekly)|"
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


def parse_dosage(monograph, section):
    """Entries from labelled paragraphs and list items; other text goes to the notes.

    A bare label opens a group of the list items after it. A paragraph right under a
    population's label (`**Children:**`) is that population's entry, as in
    `**Children:** text`; under another label it is the group's first entry. After the
    list, a paragraph is an entry only when it states an amount. A lead sentence that
    names a population ("Dosage in adults depends on:") holds for entries that name none.
    """
    first_entry = len(monograph.dosages)
    indication, group_route, listed, lead_population = "", "", False, ""
    for block in section.blocks:
        if is_disclaimer(block):
            continue
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            if label and not rest:
                indication, group_route, listed = label, "", False
            elif label and NOTE_LABELS.match(clean_inline(label).strip(" :")):
                monograph.dosage_notes = join([monograph.dosage_notes, block.source])
            elif label:
                indication, group_route = "", ""
                monograph.dosages.append(dosage_entry(rest, label))
            elif indication and not listed and population_for(indication) != Population.GENERAL:
                monograph.dosages.append(dosage_entry(block.source, indication))
            elif indication and (not listed or DOSE_AMOUNT.search(clean_inline(block.text))):
                group_route = route_in(block.text) or group_route
                label, rest = plain_label(block.text)
                text = rest if label else block.source
                monograph.dosages.append(dosage_entry(text, label, indication, group_route))
            else:
                if block.text.rstrip().endswith(":"):
                    lead_population = lead_population or named_population(block.text)
                monograph.dosage_notes = join([monograph.dosage_notes, block.source])
        elif block.kind == "list":
            listed = True
            add_dosage_items(monograph, block.items, indication, group_route)
        elif block.kind == "heading":
            indication, group_route = clean_inline(block.text), ""
        else:
            monograph.dosages.append(dosage_entry(block.source, "", indication, group_route))
    if lead_population:
        for entry in monograph.dosages[first_entry:]:
            if entry.population == Population.GENERAL:
                entry.population = lead_population


def add_dosage_items(monograph, items, indication, group_route):
    for item in items:
        label, rest = split_label(item.text)
        if item.children and label and not rest:
            for child in item.children:
                child_label, child_rest = item_label(child)
                text = child_rest if child_label else child.source
                monograph.dosages.append(
                    dosage_entry(text, child_label, indication or label, group_route)
                )
            continue
        label, rest = item_label(item)
        text = item_body(item, rest) if label else item.source
        monograph.dosages.append(dosage_entry(text, label, indication, group_route))


def item_label(item):
    """An item's bold label, or a plain one ("Children over 5: 10 mg daily")."""
    label, rest = split_label(item.text)
    return (label, rest) if label else plain_label(item.text)


def plain_label(text):
    """'Children over 5: 10 mg daily' -> ("Children over 5", "10 mg daily"); else ("", text)."""
    head, colon, rest = text.partition(": ")
    head, rest = head.strip(), rest.strip()
    is_label = (
        colon
        and rest
        and head[:1].isupper()
        and len(head.split()) <= 10
        and head.count("(") == head.count(")")
        and not re.search(r"[.;*_`\[]", head)
    )
    return (head, rest) if is_label else ("", text.strip())


NEGATION = re.compile(r"\b(?:no|not|never)\b", re.IGNORECASE)


def named_population(text):
    """The one population that the sentence introducing a list names, if it names one only
    and does not deny it ("Dosage in adults depends on:", not "No dosage for children:")."""
    sentence = split_outside_parentheses(clean_inline(text), separators=".")[-1].lower()
    named = {
        population
        for keywords, population in POPULATION_KEYWORDS
        if any(keyword in sentence for keyword in keywords)
    }
    return named.pop() if len(named) == 1 and not NEGATION.search(sentence) else ""


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
# Body-system labels that sort nothing, so they are no note for their mentions.
UNSORTED_LABELS = re.compile(r"^(?:other|miscellaneous|general)\b", re.I)
# "**Allergic reactions:** rash, hives" is one side effect with its signs, not a group.
SIGNS_LABEL = re.compile(
    r"^(?:severe\s+|serious\s+)?(?:allergic|hypersensitivity)\s+reactions?$", re.I
)
# "..., interaction with other medications" in a list of side effects is not one of them.
NOT_A_SIDE_EFFECT = re.compile(r"^(?:drug\s+|possible\s+|potential\s+)?interactions?\b", re.I)
NOT_SERIOUS = re.compile(r"\b(?:not|non|less|rarely|usually not)[- ](?:serious|severe)", re.I)
SERIOUS = re.compile(r"serious|severe|life[- ]threatening|emergency|seek medical|immediate", re.I)
PERCENT = re.compile(r"(<|>|less than|more than|over|under)?\s*(\d+(?:\.\d+)?)\s*%", re.I)
DETAIL_SEPARATOR = re.compile(r"\s+[-–—]\s+|:\s+|\s+[-–—]$")
PROSE_KEYWORD = re.compile(
    r"\b(?:include|includes|included|including|such as|may cause|can cause|may experience|"
    r"can lead to|may lead to|consist of)\b\s*:?|\bare:",
    re.IGNORECASE,
)
# "Nausea, rash and dizziness are the most common side effects."
PROSE_LIST_AFTER = re.compile(
    r"^(?P<items>[^.]+?)\s+(?:are|is|were)\s+(?P<lead>(?:the\s+|among the\s+)?(?:most\s+)?"
    r"(?:common|frequent|frequently|rare|less common|serious|reported|possible)\b[^.]*)\.?$",
    re.IGNORECASE,
)
# "Serious side effects are rare. These can include X.": the lead refers to the sentence before.
ANAPHORIC_LEAD = re.compile(r"^(?:these|they|those|such effects)\b", re.IGNORECASE)
# "Rarely, high calcium levels (hypercalcemia) can occur."
PROSE_LIST_ADVERB = re.compile(
    r"^(?P<lead>rarely|very rarely|in rare cases|commonly|frequently|less commonly),?\s+"
    r"(?P<items>[^.]+?)\s+(?:can|may|might|could)\s+(?:also\s+)?(?:occur|develop|happen)$",
    re.IGNORECASE,
)
# "Rare side effects, including X, have been reported": the list ends where the verb starts.
TRAILING_PREDICATE = re.compile(
    r",\s+(?:(?:have|has) been (?:reported|observed|seen|noted)|"
    r"(?:may|can|could) (?:occur|develop|happen))\b.*$",
    re.IGNORECASE | re.DOTALL,
)
LEADING_CONJUNCTION = re.compile(r"^(?:and|or|and/or)\s+", re.I)
# Tiers in the order they win when a label names several.
TIERS = [
    (
        re.compile(r"less common|uncommon|infrequent|occasional|less frequent|less often"),
        Frequency.LESS_COMMON,
    ),
    (re.compile(r"\brare|very rare|\brarely"), Frequency.RARE),
    (re.compile(r"\bcommon|\bfrequent|\bmost\b|\boften"), Frequency.COMMON),
]


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
    lowered = html.unescape(label).lower()
    # The words before any parenthesis decide; a label with no tier there may give it
    # inside one: "Serious (but less common)".
    frequency = tier_in(lowered.split("(")[0]) or tier_in(lowered) or Frequency.NOT_STATED
    frequency = frequency_from_percent(lowered) or frequency
    serious = bool(SERIOUS.search(lowered)) and not NOT_SERIOUS.search(lowered)
    return frequency, serious


def tier_in(words):
    """The tier that words name: the one they open with ("Common side effects are mild and
    infrequent"), else the first of TIERS they name; None when they name none."""
    found = [(match.start(), tier) for pattern, tier in TIERS if (match := pattern.search(words))]
    if not found:
        return None
    start, tier = min(found)
    opening = len(words) - len(words.lstrip(" *_#"))
    return tier if start == opening else found[0][1]


def is_group_label(text):
    lowered = html.unescape(text).lower()
    return len(text) < 200 and (
        any(word in lowered for word in GROUP_WORDS) or bool(PERCENT.search(lowered))
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
    return (
        0 < len(words) <= 8 and not NOT_A_MENTION.match(item) and not NOT_A_SIDE_EFFECT.match(item)
    )


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
    asides = [item for item in items if NOT_A_SIDE_EFFECT.match(item)]
    items = [item for item in items if item not in asides]
    mentions = [item for item in items if looks_like_mention(item)]
    if not mentions or len(mentions) < len(items):
        mentions, rest = [], sentences
    else:
        rest = [", ".join(asides), *sentences[1:]] if asides else sentences[1:]
    rest = ". ".join(rest).replace("\x00", ",")
    return mentions, (rest + "." if rest else "")


# Words right after a parenthetical that carry on the term: "Perforation (rupture) of ...",
# but not a verb that says something about it: "Hives (rare) are possible".
CONTINUES_TERM = re.compile(
    r"^\s+(?!(?:are|is|was|were|may|might|can|could|should|will|would|have|has|had|"
    r"occurs?|occurred|remains?)\b)\w[^()]*$",
    re.IGNORECASE,
)


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
        if CONTINUES_TERM.match(after):
            term, details = f"{before.rstrip()} {after.strip()}", [inside, *details]
        else:
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


def parse_side_effects(monograph, section):
    """Mentions under group labels; `note` is what the mentions' group says they belong to
    (an ingredient, a body system) and is added to their own notes."""
    frequency, serious, note = Frequency.NOT_STATED, False, section.part
    for block in section.blocks:
        if is_disclaimer(block):
            continue
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            text = block.text.rstrip()
            if label and not rest and is_group_label(label):
                frequency, serious = group_of(label)
            elif label and not rest and group_note(label, monograph):
                note = join_notes(group_note(label, monograph), section.part)
            elif label and rest.endswith(":") and is_group_label(label):
                # "**Common Side Effects:** These occur in more than 10% of patients:"
                frequency, serious = group_of(f"{label} {rest}")
            elif label and rest and is_list_label(label, monograph):
                add_list(monograph, label, rest, frequency, serious, note)
            elif label and rest and SIGNS_LABEL.match(clean_inline(label)):
                add_mention(monograph, block.text, frequency, serious, note)
            elif not label and text.endswith(":") and is_group_label(text):
                frequency, serious = introduced_group(monograph, block.text, note)
            elif not label and add_prose(monograph, block.text, frequency, serious, note):
                continue
            else:
                monograph.side_effect_notes = join([monograph.side_effect_notes, block.source])
        elif block.kind == "heading":
            frequency, serious = group_of(block.text)
        elif block.kind == "list":
            for item in block.items:
                add_item(monograph, item, frequency, serious, note)
        else:
            monograph.side_effect_notes = join([monograph.side_effect_notes, block.source])


def introduced_group(monograph, text, note):
    """The group of a paragraph that introduces a list, from its last sentence that names
    a tier ("Common side effects include a, b. Less common, serious ones include:").

    The sentences before that one are read as prose of their own.
    """
    sentences = split_outside_parentheses(clean_inline(text), separators=".")
    for index in range(len(sentences) - 1, -1, -1):
        frequency, serious = group_of(sentences[index])
        if frequency != Frequency.NOT_STATED:
            break
    else:
        return group_of(text)
    if index:
        before = ". ".join(sentences[:index]) + "."
        if not add_prose(monograph, before, Frequency.NOT_STATED, False, note):
            monograph.side_effect_notes = join([monograph.side_effect_notes, before])
    return frequency, serious


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
    group_frequency, group_serious = group_of(label)
    if group_frequency == Frequency.NOT_STATED:
        group_frequency = frequency
    return group_frequency, group_serious or serious


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
    keyword = None
    for match in PROSE_KEYWORD.finditer(sentence):
        if depth_at(sentence, match.start()) == 0:
            keyword = match
    if keyword:
        after = sentence[keyword.end() :]
        items = TRAILING_PREDICATE.sub("", after).strip()
        spaced = sentence[keyword.end() - 1].isspace() or after[:1].isspace()
        if items and spaced and "." not in items:
            return sentence[: keyword.end()].strip(), items
    match = PROSE_LIST_AFTER.match(sentence) or PROSE_LIST_ADVERB.match(sentence)
    return (match["lead"], match["items"]) if match else ("", "")


def depth_at(text, index):
    """How many parentheses (or brackets) are open at text[index]."""
    before = text[:index]
    return before.count("(") + before.count("[") - before.count(")") - before.count("]")


def add_mention(monograph, text, frequency, serious, note=""):
    found = mention(text, frequency, serious)
    if found:
        found.note = join_notes(found.note, note)[:500]
        monograph.side_effects.append(found)


# --- precautions and interactions -------------------------------------------------------

# Whole words from the start: "Precautions" is no caution, "Calcium Lactate" no lactation.
PRECAUTION_KINDS = [
    (re.compile(r"\bcontraindicat|\bdo not use\b|\bwho should not\b"), Kind.CONTRAINDICATION),
    (re.compile(r"\binteract"), Kind.INTERACTION),
    (re.compile(r"\bpregnan|\bbreast|\blactation\b|\blactating\b|\bnursing\b"), Kind.PREGNANCY),
    (re.compile(r"\bwarnings?\b|\bcautions?\b|\bmonitor|\bboxed\b"), Kind.WARNING),
]


def precaution_kind(topic):
    lowered = topic.lower()
    for pattern, kind in PRECAUTION_KINDS:
        if pattern.search(lowered):
            return kind
    return Precaution.Kind.OTHER


def add_precaution(monograph, topic, text, default_kind=Precaution.Kind.OTHER):
    kind = precaution_kind(topic) if topic else default_kind
    monograph.precautions.append(
        PrecautionEntry(text=text, topic=clean_inline(topic)[:200], kind=kind)
    )
    if kind == Precaution.Kind.INTERACTION:
        add_interactions(monograph, find_interactions(text, exclude=monograph.title))
    else:
        # Other precautions name interactions too: their topic ("Alcohol"), or sentences
        # that say so ("Avoid concomitant use of ketoconazole").
        cued = not INTERACTION_CUE.search(topic)
        add_interactions(monograph, topic_interactions(topic, text, monograph.title))
        add_interactions(monograph, find_interactions(text, monograph.title, cued=cued))


def add_interactions(monograph, found):
    known = {entry.name.lower() for entry in monograph.interactions}
    for entry in found:
        if entry.name.lower() not in known:
            known.add(entry.name.lower())
            monograph.interactions.append(entry)


def parse_precautions(monograph, section):
    for block in section.blocks:
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


def parse_interactions(monograph, section):
    """An Interactions section: '**Drug:** description' bullets, or prose naming drugs."""
    heading = section.heading
    for block in section.blocks:
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


# "**Q: Question?**" on its own, answered by an "A: ..." paragraph.
QUESTION_PREFIX = re.compile(r"^Q(?:uestion)?\s*[:.]\s*", re.IGNORECASE)
ANSWER_PREFIX = re.compile(r"^(?:\*\*)?\s*A(?:nswer)?\s*[:.]\s*(?:\*\*)?\s*", re.IGNORECASE)
# "*A: The answer.*": an answer in italics, prefix and all.
ITALIC_ANSWER = re.compile(r"^\*A(?:nswer)?\s*[:.]\s*(?P<answer>[^*]+?)\s*\*$", re.IGNORECASE)


def without_answer_prefix(text):
    italic = ITALIC_ANSWER.match(text)
    return italic["answer"] if italic else ANSWER_PREFIX.sub("", text, count=1)


def faq_in(text):
    for pattern in FAQ_PATTERNS:
        match = pattern.match(text.strip())
        if match:
            question = QUESTION_PREFIX.sub("", clean_inline(match["q"]).strip())
            if question:
                answer = without_answer_prefix(match["a"].strip())
                return FAQEntry(question=question, answer=answer)
    return None


def parse_faqs(monograph, section):
    leftovers = []
    pending = None
    for block in section.blocks:
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
                question = QUESTION_PREFIX.sub("", clean_inline(block.text))
                pending = FAQEntry(question=question)
                monograph.faqs.append(pending)
                continue
        if pending is not None and not pending.answer:
            pending.answer = without_answer_prefix(block.source)
        elif pending is not None:
            pending.answer = join([pending.answer, block.source])
        else:
            leftovers.append(block)
    keep_blocks(monograph, section.heading, leftovers)


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
