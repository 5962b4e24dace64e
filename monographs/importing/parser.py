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
        data = yaml.safe_load(raw) if raw.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        problem = getattr(error, "problem", None) or "invalid syntax"
        raise MonographError(f"the front matter is not valid YAML: {problem}{where}") from None
    if not isinstance(data, dict):
        raise MonographError("the front matter must be YAML keys and values (like 'title: ...')")
    return data, text[closing.end() :]


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
    if not any(kind != OTHER for kind, _, _ in sections):
        raise MonographError(
            "no sections: expected headings such as '### Usage', '### Dosage', '### Side Effects'"
        )
    monograph = Monograph(title=title, front_matter=front_matter)
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
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            kind = SECTION_NAMES.get(normalise_label(label)) if label else None
            if kind and kind != DISCLAIMER and not rest:
                sections.append((kind, label, []))
                continue
            if kind and kind != DISCLAIMER and sections[-1][0] in (OTHER, kind):
                sections.append((kind, label, []))
                block = Block("paragraph", rest, rest)
        sections[-1][2].append(block)
    return [section for section in sections if section[2] or section[0] != OTHER]


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
    monograph.generic_name = clean_inline(" ".join(block.text or block.source for block in blocks))[
        :500
    ]


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
    "side effect",
    "common",
    "rare",
    "serious",
    "severe",
    "frequent",
    "adverse",
    "reaction",
)
NOT_SERIOUS = re.compile(
    r"\b(?:not|non|less|rarely|usually not)[- ](?:serious|severe)", re.IGNORECASE
)
SERIOUS = re.compile(r"serious|severe|life[- ]threatening|emergency|seek medical|immediately", re.I)
PARENTHETICAL = re.compile(r"^(?P<term>[^()]+?)\s*\((?P<note>.+)\)\s*[.;,]?$", re.DOTALL)
TERM_DETAIL = re.compile(r"^(?P<term>[^:–—]{2,80}?)\s*(?::|\s[-–—]\s)\s*(?P<note>.+)$", re.DOTALL)


def group_of(label):
    """A group label ("Less common, but serious side effects") -> (frequency, serious)."""
    lowered = label.lower()
    if re.search(r"less common|uncommon|infrequent|occasional|less frequent", lowered):
        frequency = Frequency.LESS_COMMON
    elif re.search(r"\brare|very rare", lowered):
        frequency = Frequency.RARE
    elif re.search(r"\bcommon|\bfrequent|most", lowered):
        frequency = Frequency.COMMON
    else:
        frequency = Frequency.NOT_STATED
    serious = bool(SERIOUS.search(lowered)) and not NOT_SERIOUS.search(lowered)
    return frequency, serious


def is_group_label(text):
    lowered = text.lower()
    return any(word in lowered for word in GROUP_WORDS) and len(text) < 200


def mention(text, frequency, serious):
    """'Flu-like symptoms (fever, chills)' -> a mention with its parenthetical as the note."""
    label, rest = split_label(text)
    if label:
        term, note = label, rest
    else:
        plain = clean_inline(text)
        match = PARENTHETICAL.match(plain) or TERM_DETAIL.match(plain)
        term, note = (match["term"], match["note"]) if match else (plain, "")
    term = clean_inline(term).strip(" .;,")
    note = clean_inline(note).strip(" .;")
    if not term:
        return None
    if re.match(r"(?:severe|serious|life[- ]threatening)\b", term, re.IGNORECASE):
        serious = True
    return SideEffectMention(term=term[:200], note=note[:500], frequency=frequency, serious=serious)


def parse_side_effects(monograph, heading, blocks):
    frequency, serious = Frequency.NOT_STATED, False
    for block in blocks:
        if is_disclaimer(block):
            continue
        if block.kind == "paragraph":
            label, rest = split_label(block.text)
            if label and not rest and is_group_label(label):
                frequency, serious = group_of(label)
            elif not label and block.text.rstrip().endswith(":") and is_group_label(block.text):
                frequency, serious = group_of(block.text)
            else:
                monograph.side_effect_notes = join([monograph.side_effect_notes, block.source])
        elif block.kind == "heading":
            frequency, serious = group_of(block.text)
        elif block.kind == "list":
            for item in block.items:
                if item.children:
                    group_frequency, group_serious = group_of(item.text)
                    for child in item.children:
                        add_mention(monograph, child.text, group_frequency, group_serious)
                else:
                    add_mention(monograph, item.text, frequency, serious)
        else:
            monograph.side_effect_notes = join([monograph.side_effect_notes, block.source])


def add_mention(monograph, text, frequency, serious):
    found = mention(text, frequency, serious)
    if found:
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
