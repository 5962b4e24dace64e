"""Database -> Markdown monographs in the seeds' shape, which the importer reads back unchanged.

Editors change monographs in the admin after they are imported. The export gives that
content back as files (for review, version control, or another site), and
`import_monographs` turns the files into the same data again. The export walks the
importer's plain data (`importing.data.Monograph`, from `importing.mapping.monograph_of`)
the other way. Where the parser could read a shape in more than one way (a side-effect
name with parentheses, an answer that starts in bold, a dosage entry after a group), the
candidate shapes are parsed with `parse_monograph` itself and the first that reads back
as the same data is written, so the export follows the parser as it changes.
"""

import itertools
from dataclasses import replace
from functools import lru_cache, partial
from operator import attrgetter
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from monographs.importing.data import MonographError
from monographs.importing.mapping import monograph_of, source_text
from monographs.importing.parser import (
    CLASS_KEYS,
    GROUP_SEPARATOR,
    SECTION_NAMES,
    names_condition,
    normalise_label,
    parse_monograph,
    plain_start,
    population_for,
    population_stated,
    stated_class_and_availability,
)
from monographs.models import HOW_MANY_PEOPLE, Dosage, Drug, DrugSideEffect
from monographs.text import normalise
from monographs.vocabulary.resolver import SideEffectResolver

Frequency = DrugSideEffect.Frequency

FRONT_MATTER = {"layout": "minimal-medicine"}


def group_label(tier, serious):
    """A side-effect group's label that the parser reads back as the same tier and
    seriousness, in the words visitors read: "Rare, serious side effects (up to 1 in
    1,000 people)"."""
    if tier == Frequency.NOT_KNOWN:
        return f"{'Serious side effects' if serious else 'Side effects'} (frequency not known)"
    return f"{tier.label}{', serious' if serious else ''} side effects ({HOW_MANY_PEOPLE[tier]})"


SIDE_EFFECT_GROUPS = {
    (tier, serious): group_label(tier, serious) for tier in Frequency for serious in (False, True)
}

_markdown = MarkdownIt("commonmark").enable("table")


def drugs_to_export(published_only=False):
    """The drugs to export, each with everything its monograph shows."""
    drugs = Drug.objects.published() if published_only else Drug.objects.without_working_drafts()
    return drugs.with_monograph().order_by("slug")


def export_monographs(folder, published_only=False):
    """Write each monograph to `<folder>/<slug>.md` (folder created if missing); the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    terms = SideEffectResolver()
    written = []
    for drug in drugs_to_export(published_only).iterator(chunk_size=200):
        path = folder / f"{drug.slug}.md"
        path.write_text(monograph_markdown(drug, terms), encoding="utf-8", newline="\n")
        written.append(path)
    return written


def monograph_markdown(drug, terms=None):
    """A drug (with its relations prefetched) as a Markdown monograph.

    terms: the side-effect vocabulary as the import reads it (a SideEffectResolver), to
    write each side effect in words that import back to the same terms.
    """
    return render_monograph(monograph_of(drug), terms or SideEffectResolver())


def render_monograph(monograph, terms=None):
    """Plain monograph data -> Markdown with YAML front matter, `# Title` and `###` sections."""
    terms = terms or SideEffectResolver(terms=[], aliases=[])
    # Text the source had before its first heading goes there again; the rest of
    # other_notes is `### Heading` sections of its own and goes last.
    lead, other_sections = split_lead(monograph.other_notes)
    precautions = precautions_markdown(monograph)
    return document(
        monograph.title,
        brand_names=monograph.brand_names,
        editor_values=editor_values(monograph),
        parts=[
            lead,
            section("Generic Name", monograph.generic_name),
            section("Usage", monograph.usage),
            section("Dosage", dosage_markdown(monograph)),
            section("Side Effects", side_effects_markdown(monograph, terms)),
            section("How it Works", monograph.mechanism),
            # Before Precautions: the parser keeps the first interaction of a name, so
            # these win over what it finds again in the precautions' text.
            section("Interactions", interactions_markdown(monograph, precautions)),
            section("Precautions", precautions),
            section("FAQs", faqs_markdown(monograph)),
            other_sections,
            section("Notes for editors", quoted(monograph.editor_notes)),
        ],
    )


def editor_values(monograph):
    """The class and availability where they differ from what the text states (an
    editor's), as front-matter keys the importer reads back over the text's; the same
    parsed data is read the same way on import, so an unchanged value needs no key."""
    own = dict(zip(CLASS_KEYS, stated_class_and_availability(monograph), strict=True))
    return tuple(
        (key, getattr(monograph, key)) for key in CLASS_KEYS if getattr(monograph, key) != own[key]
    )


def document(title, parts, brand_names="", editor_values=()):
    parts = [front_matter(title, brand_names, editor_values), f"# {title}", *parts]
    return join_blocks(parts, tight=False) + "\n"


@lru_cache(maxsize=16)
def front_matter(title, brand_names="", editor_values=()):
    # Brand names as the importer reads them back first (parser/brand_names.py).
    brands = {"brand_names": brand_names} if brand_names else {}
    data = yaml.safe_dump(
        {**FRONT_MATTER, "title": title, **brands, **dict(editor_values)},
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
    )
    return f"---\n{data}---"


def section(heading, body):
    if not body or not body.strip():
        return ""
    body = body.strip("\n")
    return f"### {heading}\n\n{body}"


def read_back(title, heading, body):
    """What the importer reads from a monograph with this title and one section."""
    try:
        return parse_monograph(document(title, [section(heading, body)]).encode())
    except MonographError:
        return None


def first_that_reads_back(shapes, reads_back):
    """The first shape the parser reads back as intended (else the first: the closest)."""
    return next((shape for shape in shapes if reads_back(shape)), shapes[0])


def quoted(markdown_text):
    """Text as a quotation: a heading inside it opens no section when it is read back."""
    text = (markdown_text or "").strip()
    return "\n".join(f"> {line}".rstrip() for line in text.split("\n")) if text else ""


def split_lead(markdown_text):
    """(text before the first heading, the rest from that heading on)."""
    lines = (markdown_text or "").split("\n")
    tokens = _markdown.parse(markdown_text or "")
    first = next((t.map[0] for t in tokens if t.type == "heading_open" and t.map), len(lines))
    return "\n".join(lines[:first]).strip(), "\n".join(lines[first:]).strip()


def bullet(text, marker="*"):
    """A list item holding the text; continuation lines are indented to stay inside it."""
    first, *rest = text.strip().split("\n")
    lines = [f"{marker} {first}".rstrip()] + [f"  {line}" if line.strip() else "" for line in rest]
    return "\n".join(lines)


def labelled(label, text):
    return f"**{label}:** {text}".rstrip()


def join_blocks(blocks, tight=True):
    """Blocks separated by blank lines; bullets in a row make one tight list.

    Only line breaks are trimmed: spaces that end a paragraph are part of its text.
    """
    parts = []
    previous = ""
    for block in (block.strip("\n") for block in blocks if block and block.strip()):
        same_list = block[:2] in ("* ", "- ") and previous[:2] == block[:2]
        if parts:
            parts.append("\n" if tight and same_list else "\n\n")
        parts.append(block)
        previous = block
    return "".join(parts)


# --- dosage ---------------------------------------------------------------------------


def dosage_markdown(monograph):
    """Notes, then entries grouped by indication the way the parser reads them.

    A `**Group:**` paragraph opens a group that lasts until the next labelled paragraph,
    and so does a population's labelled paragraph (`**Children:** text`) right over a
    list of labelled items. So an entry without an indication is a labelled paragraph,
    or a bullet while no group is open and no labelled paragraph is right before it.
    """
    blocks = [monograph.dosage_notes]
    open_group, after_paragraph = "", False
    written = [(as_written(monograph, entry), entry) for entry in monograph.dosages]
    for indication, pairs in itertools.groupby(written, key=lambda pair: pair[0].indication):
        if indication:
            heading = f"**{indication}:**"
            blocks.append(heading)
            open_group, after_paragraph = indication, False
            blocks += [grouped_dosage(monograph, heading, *pair) for pair in pairs]
            continue
        for pair in pairs:
            shape = ungrouped_dosage(monograph, *pair, open_group, after_paragraph)
            after_paragraph = not shape.startswith("* ")
            if after_paragraph:
                open_group = ""
            blocks.append(shape)
    return join_blocks(blocks)


def as_written(monograph, entry):
    """The entry as the source would write it when its population is in no words of it:
    a condition under the population's group ("**Adults:**" over "* **Gout:** ..."), the
    population as its label, or a group of the population around its own."""
    if entry.population in (Dosage.Population.GENERAL, Dosage.Population.OTHER):
        return entry
    named = population_for(entry.label, entry.indication)
    if named == entry.population:
        return entry
    # "Nausea" over "For adults, 0.25 to 2 g a day": the words say whom it is for.
    stated = population_stated(plain_start(entry.instructions))
    if named == Dosage.Population.GENERAL and stated == entry.population:
        heading = f"**{entry.indication}:**" if entry.indication else ""
        text = labelled(entry.label, entry.instructions) if entry.label else entry.instructions
        if any(reads_as_dosage(monograph, heading, entry, shape) for shape in (text, bullet(text))):
            return entry
    name = Dosage.Population(entry.population).label
    *outer, condition = entry.indication.split(GROUP_SEPARATOR)
    if not entry.label and condition and names_condition(condition):
        return replace(entry, indication=GROUP_SEPARATOR.join([*outer, name]), label=condition)
    return replace(entry, indication=GROUP_SEPARATOR.join(filter(None, [name, entry.indication])))


def grouped_dosage(monograph, heading, written, entry):
    if written.label:
        shapes = [bullet(labelled(written.label, written.instructions))]
    else:
        shapes = [written.instructions, bullet(written.instructions)]
    return first_that_reads_back(shapes, partial(reads_as_dosage, monograph, heading, entry))


def ungrouped_dosage(monograph, written, entry, open_group, after_paragraph):
    """A labelled paragraph after another, else a bullet while no group is open: the
    bullet of a list that a paragraph starts alone."""
    label = written.label
    text = labelled(label, entry.instructions) if label else entry.instructions
    paragraphs = [text] if label else []
    bullets = [] if open_group else [bullet(text)]
    shapes = (paragraphs + bullets if after_paragraph else bullets + paragraphs) or [text]
    return first_that_reads_back(shapes, partial(reads_as_dosage, monograph, "", entry))


def reads_as_dosage(monograph, heading, entry, shape):
    back = read_back(monograph.title, "Dosage", join_blocks([heading, shape]))
    return (
        back is not None
        and not back.dosage_notes
        and [(d.indication, d.label, d.instructions, d.population) for d in back.dosages]
        == [(entry.indication, entry.label, entry.instructions, entry.population)]
    )


# --- side effects -----------------------------------------------------------------------


def side_effects_markdown(monograph, terms):
    """Bullets under one group label per (frequency, serious), then the notes."""
    blocks = []
    tier = attrgetter("frequency", "serious")
    for group, mentions in itertools.groupby(sorted(monograph.side_effects, key=tier), key=tier):
        heading = f"**{SIDE_EFFECT_GROUPS[group]}:**"
        blocks.append(heading)
        blocks.extend(bullet(side_effect_line(monograph, heading, m, terms)) for m in mentions)
    blocks.append(monograph.side_effect_notes)
    return join_blocks(blocks)


def side_effect_line(monograph, heading, found, terms):
    """`Words (note)` or `**Words:** note`: the source's own words when the link keeps
    them, else the term's name or the words before its parentheses.

    The parser reads "Fatigue (tiredness)" as the term "Fatigue" with the note
    "tiredness"; "Fatigue" resolves to the term "Fatigue (tiredness)" through the vocabulary.
    """
    names = [found.source_text] if found.source_text else []
    names.append(found.term)
    if "(" in found.term:
        names.append(found.term.partition("(")[0].strip())
    shapes = [shape for name in names for shape in line_shapes(name, found.note)]
    return first_that_reads_back(
        shapes, partial(reads_as_mention, monograph, heading, found, terms)
    )


def line_shapes(name, note):
    return [f"{name} ({note})" if note else name, labelled(name, note)]


def reads_as_mention(monograph, heading, expected, terms, shape):
    """Whether the line reads back as one mention with the link's tier and note, that
    names its term, in the words the link keeps."""
    back = read_back(monograph.title, "Side Effects", f"{heading}\n\n{bullet(shape)}")
    if back is None or back.side_effect_notes or back.faqs or len(back.side_effects) != 1:
        return False
    found = back.side_effects[0]
    return (
        (found.frequency, found.serious, found.note)
        == (expected.frequency, expected.serious, expected.note)
        and source_text(found.term, expected.term) == expected.source_text
        and names_the_term(terms, found.term, expected.term)
    )


def names_the_term(terms, written, name):
    """Whether words written in an export import back as the term of this name."""
    term_id = terms.lookup(name)
    if term_id is None:  # a term the vocabulary does not hold: the name itself
        return normalise(written) == normalise(name)
    return terms.known(written) == [(term_id, term_id in terms.reviewed_ids)]


# --- interactions and precautions ----------------------------------------------------------


def precautions_markdown(monograph):
    """`* **Topic:** text` bullets (`* text` without a topic).

    The parser splits a list in which two topics name a section ("Interactions" for each
    ingredient of a combination) into sections, so the second starts a new list.
    """
    blocks = []
    marker, names_section = "*", False
    for entry in monograph.precautions:
        text = labelled(entry.topic, entry.text) if entry.topic else entry.text
        if normalise_label(entry.topic) in SECTION_NAMES:
            if names_section:
                marker = "-" if marker == "*" else "*"
            names_section = True
        shapes = [bullet(text, marker), text]
        shape = first_that_reads_back(shapes, partial(reads_as_precaution, monograph, entry))
        if shape == text:
            names_section = False
        blocks.append(shape)
    return join_blocks(blocks)


def reads_as_precaution(monograph, entry, shape):
    back = read_back(monograph.title, "Precautions", shape)
    return back is not None and [(p.topic, p.text) for p in back.precautions] == [
        (entry.topic, entry.text)
    ]


def interactions_markdown(monograph, precautions):
    """`* **Name:** description` for each interaction the precautions do not give back."""
    back = read_back(monograph.title, "Precautions", precautions)
    refound = {entry.name.lower(): entry for entry in (back.interactions if back else [])}
    missing = [
        entry for entry in monograph.interactions if refound.get(entry.name.lower()) != entry
    ]
    # The lead-in after the list: the parser keeps the first interaction of a name, and
    # the list's own descriptions are the ones to keep.
    bullets = join_blocks(bullet(labelled(entry.name, entry.description)) for entry in missing)
    return join_blocks([bullets, monograph.interaction_notes], tight=False)


# --- FAQs --------------------------------------------------------------------------------------


def faqs_markdown(monograph):
    return "\n\n".join(bullet(faq_line(monograph, faq)) for faq in monograph.faqs)


def faq_line(monograph, faq):
    """`**Q: question** A: answer`; an answer that starts in bold needs `**A:**`."""
    shapes = [
        f"**Q: {faq.question}** A: {faq.answer}".rstrip(),
        f"**Q: {faq.question}** **A:** {faq.answer}".rstrip(),
    ]
    return first_that_reads_back(shapes, partial(reads_as_faq, monograph, faq))


def reads_as_faq(monograph, expected, shape):
    back = read_back(monograph.title, "FAQs", bullet(shape))
    return back is not None and not back.other_notes and back.faqs == [expected]
