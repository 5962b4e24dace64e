"""The parser on real RxHive sample monographs, one file per shape.

Each expectation was written by reading the source file, as a careful editor would
extract it, not by printing what the parser returns. The tests quote no prose of the
corpus: side-effect terms, short labels and drug names only. FAQ questions, notes and
other notes are found in the source file at test time, by a small extraction of their own.

Conventions of the expectations:
- a side effect is (term, detail parts, frequency, serious). The term is compared without
  case (the vocabulary resolver capitalises it); qualifiers such as "Mild" stay in it, and
  a mention joined by "or"/"and" stays one mention (the resolver splits it). A parenthesis
  or the text after "Label:" / " - " is the note, one part each, and must be written on
  the term's line of the source; the group that names an ingredient or a body system is
  added to the note after it ("detail; Ingredient").
- a group's frequency comes from its words, or from its percentage when that pins a tier
  (">10%" very common, "1-10%" common; "<1%" leaves the word to decide: "Less common"
  is uncommon); serious when the source says so.
- lead-in and closing prose goes to the section's notes; dosage entries come from
  labelled paragraphs and list items (label, population); unlabelled text in Precautions
  is a precaution whose topic is the noun phrase its first words are about. A
  precaution's kind follows its topic's wording, else its text's: "contraindicated" or
  "do not use if" anywhere, pregnancy in its first sentence.
- interactions are the drugs and drug classes the Precautions text says interact or
  should not be combined, compared in lower case (FAQs are not searched).
- the generic name is the name alone: remarks after it, in the paragraphs below it or in
  parentheses, are other notes under "Generic Name". Other notes keep text that fits no
  field; the labelled **Disclaimer:** is site-wide text and is kept nowhere.
"""

import re

import pytest

from monographs.importing.parser import parse_monograph
from monographs.models import Dosage, DrugSideEffect, Precaution
from tests.conftest import SAMPLE_CORPUS

if not SAMPLE_CORPUS.is_dir():
    pytest.skip(f"the sample corpus is not at {SAMPLE_CORPUS}", allow_module_level=True)

VERY_COMMON = DrugSideEffect.Frequency.VERY_COMMON
COMMON = DrugSideEffect.Frequency.COMMON
LESS = DrugSideEffect.Frequency.UNCOMMON
RARE = DrugSideEffect.Frequency.RARE
UNSTATED = DrugSideEffect.Frequency.NOT_KNOWN
GENERAL = Dosage.Population.GENERAL
ADULTS = Dosage.Population.ADULTS
CHILDREN = Dosage.Population.CHILDREN
OLDER = Dosage.Population.OLDER_ADULTS
RENAL = Dosage.Population.RENAL
HEPATIC = Dosage.Population.HEPATIC
OTHER_POPULATION = Dosage.Population.OTHER
CONTRA = Precaution.Kind.CONTRAINDICATION
INTERACTION = Precaution.Kind.INTERACTION
PREGNANCY = Precaution.Kind.PREGNANCY
WARNING = Precaution.Kind.WARNING
OTHER = Precaution.Kind.OTHER


def source_of(name):
    return (SAMPLE_CORPUS / name).read_text(encoding="utf-8")


def parse(name):
    return parse_monograph((SAMPLE_CORPUS / name).read_bytes())


def plain(text):
    """Text as the parser's notes and questions give it: no emphasis marks, single spaces."""
    return " ".join(text.replace("*", "").replace("`", "").split())


# --- what the source says, found without the parser ----------------------------------------

# "* **Q: Question?** A: ..." or "**Question?**": a bold line that asks something.
BOLD_QUESTION = re.compile(
    r"^\s*(?:[*-]\s+)?\*\*\s*(?:Q(?:uestion)?\s*[:.]\s*)?(?P<q>(?:[^*]|\*(?!\*))+?\?)\s*\*\*",
    re.MULTILINE,
)


def faq_questions(source):
    return [plain(match["q"]) for match in BOLD_QUESTION.finditer(source)]


def body_lines(source):
    """The lines after the front matter."""
    return source.split("\n---\n", 1)[1].split("\n")


def paragraphs(lines):
    """Blocks of lines separated by blank lines, as written."""
    return [block.strip() for block in "\n".join(lines).split("\n\n") if block.strip()]


def lead(source):
    """The paragraphs between the `# Title` line and the first `###` heading."""
    lines = body_lines(source)
    start = next(i for i, line in enumerate(lines) if line.startswith("# ")) + 1
    end = next((i for i, line in enumerate(lines) if line.startswith("###")), len(lines))
    return paragraphs(lines[start:end])


def under_heading(source, heading):
    """The paragraphs under the first `###` heading that starts with these words."""
    lines = body_lines(source)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"### {heading}")) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("#")), len(lines))
    return paragraphs(lines[start:end])


def closing_parenthetical(line):
    """What the last parentheses of a line hold, in single spaces."""
    return plain(re.search(r"\(([^()]*)\)\s*$", line)[1])


# --- expectations -----------------------------------------------------------------------


def group(frequency, serious, *mentions, note=""):
    """Mentions of one group: "Term, Term" or (term, detail parts), and the group's note."""
    found = []
    for item in mentions:
        pairs = [(term, 0) for term in item.split(", ")] if isinstance(item, str) else [item]
        for term, parts in pairs:
            found.append((term, parts, note, frequency, serious))
    return found


def assert_side_effects(monograph, source, expected):
    """Terms, tiers and notes: each note's detail is written on its term's line."""
    actual = [(m.term.lower(), m.frequency, m.serious) for m in monograph.side_effects]
    assert actual == [(term.lower(), f, s) for term, _, _, f, s in expected]
    lines = [plain(line).lower() for line in source.splitlines()]
    for found, (term, parts, group_note, _, _) in zip(
        monograph.side_effects, expected, strict=True
    ):
        details = found.note.split("; ") if found.note else []
        if group_note:
            assert details[-1:] == [group_note], found
            details = details[:-1]
        assert len(details) == parts, found
        first_word = term.split()[0].lower()
        assert any(
            first_word in line and all(detail.lower() in line for detail in details)
            for line in lines
        ), found


def assert_monograph(
    monograph,
    source,
    *,
    generic_name,
    side_effects,
    faqs,
    dosages,
    precautions,
    interactions,
    other_notes=(),
    editor_notes=(),
):
    """Compare every field at once, so a failure shows all the differences of the file.

    `faqs` is how many questions the source asks; they are read from its bold lines.
    `other_notes` are paragraphs of the source that must be kept there (none: empty), and
    `editor_notes` those set aside for editors (remarks about writing the page).
    """
    questions = faq_questions(source)
    assert len(questions) == faqs
    actual = {
        "generic_name": monograph.generic_name,
        "faqs": [faq.question for faq in monograph.faqs],
        "dosages": [(d.label, d.population) for d in monograph.dosages],
        "precautions": [(p.topic, p.kind) for p in monograph.precautions],
        "interactions": sorted({i.name.lower() for i in monograph.interactions}),
        "other_notes": {part: part in monograph.other_notes for part in other_notes}
        if other_notes
        else monograph.other_notes,
        "editor_notes": {
            part: (part in monograph.editor_notes, part in monograph.other_notes)
            for part in editor_notes
        },
    }
    expected = {
        "generic_name": generic_name,
        "faqs": questions,
        "dosages": list(dosages),
        "precautions": list(precautions),
        "interactions": sorted(name.lower() for name in interactions),
        "other_notes": dict.fromkeys(other_notes, True) if other_notes else "",
        "editor_notes": dict.fromkeys(editor_notes, (True, False)),
    }
    assert actual == expected
    assert_side_effects(monograph, source, side_effects)


# Shape: `### Heading`s; percentage groups ("Common (1-10%)"); population groups over
# labelled dose bullets, one of them a plain "Label: text" bullet.
def test_bezafibrate():
    name = "b/bezafibrate.md"
    assert_monograph(
        parse(name),
        source_of(name),
        generic_name="Bezafibrate",
        side_effects=[
            *group(
                COMMON,
                False,
                "Headache, Dizziness, Insomnia, Migraine, Pain, Gastritis, Flatulence, Dyspepsia",
                ("Pruritus", 1),
                "Eczema, Anemia",
            ),
            *group(
                LESS,
                True,
                ("Increased liver enzyme levels", 1),
                # The parenthesis inside the term is its note; the words after it stay.
                ("Increased creatine phosphokinase levels", 1),
                ("Cholelithiasis", 1),
                ("Myopathy", 1),
                ("Rhabdomyolysis", 1),
                ("Allergic reactions", 1),
                "Acute renal failure",
            ),
        ],
        faqs=6,
        dosages=[
            ("Immediate-release", ADULTS),
            ("Sustained-release", ADULTS),
            ("Children aged 5 years and older and adolescents", CHILDREN),
            ("Hepatic Impairment", HEPATIC),
            ("Renal Impairment", RENAL),
        ],
        precautions=[
            ("Several precautions", OTHER),
            ("Contraindications", CONTRA),
            ("Drug Interactions", INTERACTION),
            ("Specific Populations", OTHER),
            ("Monitoring", WARNING),
        ],
        interactions={
            "anion-exchange resins",
            "cholestyramine",
            "anticoagulants",
            "sulfonylureas",
            "insulin",
            "immunosuppressants",
            "statins",
        },
    )


# Shape: `### Heading:` with a colon; `* **Effect:** details` side effects; a
# "Generic Name (Components)" list whose labels are the name.
def test_polyvinyl_alcohol_povidone_iodine_chlorbutol():
    name = "p/polyvinyl-alcohol-including-pvp-povidone-iodine-chlorbutol.md"
    source = source_of(name)
    assert_monograph(
        parse(name),
        source,
        generic_name=(
            "Polyvinyl Alcohol (PVA) + Polyvinylpyrrolidone (PVP) + Povidone-Iodine + Chlorobutanol"
        ),
        side_effects=[
            # "Allergic Reactions:" is a side effect with its signs, not a body system.
            *group(UNSTATED, False, ("Eye Irritation", 1), ("Allergic Reactions", 1)),
            # "Iodine-Related Side Effects:" sorts by ingredient.
            *group(RARE, False, ("Thyroid problems", 1), note="Iodine"),
        ],
        faqs=5,
        dosages=[],
        precautions=[
            ("Allergies", OTHER),
            ("Pregnancy and Breastfeeding", PREGNANCY),
            ("Open Wounds", OTHER),
            ("Eye Use", OTHER),
            ("Drug Interactions", INTERACTION),
            ("Thyroid Conditions", OTHER),
        ],
        interactions=set(),
        other_notes=under_heading(source, "Generic Name"),
        # "I cannot provide ...": the writer's remark, not the drug's.
        editor_notes=lead(source),
    )


# Shape: `### Ingredient` headings, each over its own `**Usage:**`-style bold-label
# sections; plain-text group labels in bullets (`* Common: a, b`).
def test_citicoline_piracetam():
    name = "c/citicoline-piracetam.md"
    source = source_of(name)
    precautions = [
        ("Contraindications", CONTRA),
        ("Drug Interactions", INTERACTION),
        ("Pregnancy and Breastfeeding", PREGNANCY),
        ("Older Adults", OTHER),
    ]
    assert_monograph(
        parse(name),
        source,
        generic_name="Citicoline + Piracetam",
        side_effects=[
            *group(COMMON, False, "Headache, Nausea, Diarrhea, Dizziness", note="Citicoline"),
            *group(LESS, True, ("Allergic reactions", 1), note="Citicoline"),
            *group(COMMON, False, "Headache, Nausea, Dizziness, Insomnia", note="Piracetam"),
            *group(LESS, True, ("Allergic reactions", 1), note="Piracetam"),
        ],
        faqs=8,
        dosages=[],
        precautions=precautions + precautions,
        interactions=set(),
        other_notes=lead(source),
    )


# Shape: sections as bold labels in list items (`* **Usage:** ...`) under a bold label per
# ingredient; side effects as prose; FAQs under a `**FAQs (...):**` label.
def test_calcium_lactate_luvistin():
    name = "c/calcium-lactate-luvistin.md"
    source = source_of(name)
    lactate, lovastatin = "Calcium Lactate", "Lovastatin (Luvistatin)"
    assert_monograph(
        parse(name),
        source,
        generic_name="Calcium Lactate + Luvistatin",
        side_effects=[
            *group(COMMON, False, "Constipation, Gas, Abdominal discomfort", note=lactate),
            *group(RARE, False, ("High calcium levels", 1), note=lactate),
            *group(
                COMMON,
                False,
                "Headache",
                ("Muscle aches", 1),
                "Abdominal pain, Constipation",
                note=lovastatin,
            ),
            *group(
                LESS,
                True,
                ("Rhabdomyolysis", 1),
                "Liver damage, Allergic reactions",
                note=lovastatin,
            ),
        ],
        faqs=5,
        dosages=[],
        precautions=[("Kidney stones", OTHER), ("Liver disease", OTHER)],
        interactions=set(),
        other_notes=[under_heading(source, "Generic Name")[0]],
        editor_notes=lead(source),
    )


# Shape: nested bullets under ingredient labels (`* **Drug:**` / `    * Common: a, b`); a
# remark paragraph under the generic name.
def test_dexrabeprazole_levosulpiride():
    name = "d/dexrabeprazole-levosulpiride.md"
    source = source_of(name)
    dex, levo = "Dexrabeprazole", "Levosulpiride"
    name_line, *remarks = under_heading(source, "Generic Name")
    assert name_line == "Dexrabeprazole + Levosulpiride"
    assert_monograph(
        parse(name),
        source,
        generic_name="Dexrabeprazole + Levosulpiride",
        side_effects=[
            *group(
                COMMON, False, "Headache, Diarrhea, Nausea, Abdominal pain, Constipation", note=dex
            ),
            *group(
                LESS,
                True,
                "Increased risk of bone fractures",
                ("Clostridium difficile infection", 1),
                "Vitamin B12 deficiency, Kidney problems",
                note=dex,
            ),
            *group(
                COMMON,
                False,
                "Drowsiness, Dizziness, Headache, Nausea, Vomiting, Diarrhea, Constipation",
                note=levo,
            ),
            *group(
                LESS,
                True,
                ("Extrapyramidal symptoms", 1),
                ("Galactorrhea", 1),
                ("Hyperprolactinemia", 1),
                note=levo,
            ),
        ],
        faqs=5,
        dosages=[(dex, GENERAL), (levo, GENERAL)],
        precautions=[(dex, OTHER), (levo, OTHER)],
        interactions=set(),
        other_notes=remarks,
    )


# Shape: nested bullets under a group whose frequency is in parentheses; nested dosage
# (indication bullet -> route bullets); a `**Pediatric Use:**` paragraph.
def test_methylergometrine():
    name = "m/methylergometrine.md"
    routes = [("Intramuscular (IM)", GENERAL), ("Intravenous (IV)", GENERAL), ("Oral", GENERAL)]
    assert_monograph(
        parse(name),
        source_of(name),
        generic_name="Methylergometrine",
        side_effects=[
            *group(COMMON, False, ("Hypertension", 1), "Headache"),
            *group(LESS, True, ("Myocardial infarction", 1), "Seizures"),
        ],
        faqs=5,
        dosages=[
            *routes,
            ("IM", GENERAL),
            ("IV", GENERAL),
            ("Oral", GENERAL),
            ("Pediatric Use", CHILDREN),
        ],
        precautions=[
            ("Contraindications", CONTRA),
            ("Use with Caution", WARNING),
            ("Pregnancy and Lactation", PREGNANCY),
            ("Other Interactions", INTERACTION),
            ("General Considerations", OTHER),
        ],
        # The CYP3A4 inhibitors are in the "Use with Caution" precaution.
        interactions={"CYP3A4 inhibitors", "lopinavir"},
    )


# Shape: title lost its digits ("Omega-"); `* **Common:** Effect (a, b)` inline groups; a
# note paragraph under the generic name; an `**Important:**` note after the dose bullets.
def test_omega_vitamin_e_title_lost_its_digits():
    name = "o/omega--vitamin-e.md"
    source = source_of(name)
    monograph = parse(name)
    assert monograph.title == "Omega- + Vitamin E"
    assert_monograph(
        monograph,
        source,
        generic_name="Omega-3 Fatty Acids + Vitamin E",
        side_effects=[
            *group(COMMON, False, ("Mild gastrointestinal upset", 1)),
            # The group's last item, an interaction, is no side effect.
            *group(LESS, True, ("Increased bleeding risk", 1), ("Allergic reactions", 1)),
        ],
        faqs=4,
        dosages=[("Adults", ADULTS), ("Children", CHILDREN)],
        precautions=[
            ("Contraindications", CONTRA),
            ("Drug Interactions", INTERACTION),
            ("Pregnancy and Breastfeeding", PREGNANCY),
            ("Allergies", OTHER),
        ],
        # The contraindication's "those taking anticoagulant medications" is the list's
        # "anticoagulants" with a class's generic noun; the interactions topic names the rest.
        interactions={
            "anticoagulant medications",
            "blood thinners",
            "warfarin",
            "aspirin",
            "blood pressure medications",
            "immunosuppressants",
        },
        other_notes=under_heading(source, "Generic Name")[1:],
    )


# Shape: body-system labels in a serious group (`* **Gastrointestinal:** a, b`); population
# groups over indication bullets; an `**Important Note:**` in Dosage.
def test_meloxicam():
    name = "m/meloxicam.md"
    assert_monograph(
        parse(name),
        source_of(name),
        generic_name="Meloxicam",
        side_effects=[
            *group(
                COMMON,
                False,
                "Headache, Dizziness, Nausea",
                ("Indigestion", 1),
                "Abdominal pain, Constipation or diarrhea",
            ),
            # Body-system labels sort the list and are no note.
            *group(LESS, True, "Heart attack, Stroke, High blood pressure, Heart failure"),
            *group(LESS, True, "Ulcers, Bleeding", ("Perforation of the stomach or intestines", 1)),
            *group(LESS, True, ("Severe allergic reactions", 1), "Rash, Itching"),
            *group(LESS, True, "Kidney problems or failure"),
            *group(LESS, True, "Liver damage"),
        ],
        faqs=6,
        # The conditions under "Adults" and "Children" are indications, not labels.
        dosages=[
            ("", ADULTS),
            ("", ADULTS),
            ("", ADULTS),
            ("", ADULTS),
            ("", CHILDREN),
            ("Dosage Adjustments", OTHER_POPULATION),
        ],
        precautions=[
            ("Contraindications", CONTRA),
            ("Interactions", INTERACTION),
            ("Warnings", WARNING),
            ("Pregnancy and Breastfeeding", PREGNANCY),
        ],
        interactions={"blood thinners", "diuretics", "pain relievers"},
    )


# Shape: side effects only as prose, with frequencies as percentages and words, and
# examples in parentheses; Precautions as one paragraph that names an interacting drug.
def test_bezlotoxumab():
    name = "b/bezlotoxumab.md"
    assert_monograph(
        parse(name),
        source_of(name),
        generic_name="Bezlotoxumab",
        side_effects=[
            *group(VERY_COMMON, False, "Cardiac failure"),
            *group(COMMON, False, "Headache, Nausea, Fever", ("Infusion-related reactions", 1)),
            *group(RARE, True, ("Ventricular tachyarrhythmia", 1)),
        ],
        faqs=5,
        dosages=[("", GENERAL)],  # "administered intravenously as a single 10 mg/kg dose"
        precautions=[("History of heart failure", OTHER)],
        interactions={"belimumab"},
    )


# Shape: FAQs as `**Q: ...?**` and `A: ...` on separate lines; plain-sentence group labels.
def test_azidocillin():
    name = "a/azidocillin.md"
    source = source_of(name)
    monograph = parse(name)
    assert_monograph(
        monograph,
        source,
        generic_name="Azidocillin",
        side_effects=[
            *group(COMMON, False, "Nausea, Vomiting, Diarrhea, Abdominal cramps"),
            *group(LESS, True, ("Allergic reactions", 1), "Liver problems, Kidney problems"),
        ],
        faqs=3,
        dosages=[],
        precautions=[
            ("Detailed current precautions", OTHER),
            ("Allergic Reactions", OTHER),
            ("Drug Interactions", INTERACTION),
            ("Pregnancy and Breastfeeding", PREGNANCY),
            ("Kidney and Liver Function", OTHER),
        ],
        interactions=set(),
    )
    answers = re.findall(r"^A:\s*(.+)$", source, re.MULTILINE)
    assert [faq.answer for faq in monograph.faqs] == [answer.strip() for answer in answers]


# Shape: FAQs as `* **Question?** answer`; a group percentage as an HTML entity; dose
# bullets whose population is named in the lead sentence.
def test_eliglustat():
    name = "e/eliglustat.md"
    assert_monograph(
        parse(name),
        source_of(name),
        generic_name="Eliglustat",
        side_effects=[
            *group(
                VERY_COMMON,
                False,
                "Headache, Fatigue, Diarrhea, Nausea",
                ("Arthralgia", 1),
                "Back pain, Limb pain",
            ),
            *group(
                COMMON,
                False,
                "Migraine, Dizziness, Palpitations, Cough, Oropharyngeal pain, Flatulence",
                "Upper abdominal pain",
                ("Dyspepsia", 1),
                ("Gastroesophageal reflux disease", 1),
                "Constipation, Skin rash, Weakness",
            ),
        ],
        faqs=6,
        dosages=[
            ("Extensive and Intermediate Metabolizers (EMs and IMs)", ADULTS),
            ("Poor Metabolizers (PMs)", ADULTS),
        ],
        precautions=[
            ("Contraindications", CONTRA),
            ("Drug Interactions", INTERACTION),
            ("Warnings", WARNING),
            ("Hepatic and Renal Impairment", OTHER),
        ],
        interactions={
            "CYP2D6 inhibitors",
            "CYP3A inhibitors",
            "CYP3A inducers",
            "CYP3A4 inhibitors",
            "antiarrhythmic drugs",
        },
    )


# Shape: route dose bullets, then population paragraphs (`**Children:** ...`); a
# combination product; an "Alcohol" precaution.
def test_aceclofenac_paracetamol_tizanidine():
    name = "a/aceclofenac-paracetamol-tizanidine.md"
    assert_monograph(
        parse(name),
        source_of(name),
        generic_name="Aceclofenac + Paracetamol + Tizanidine",
        side_effects=[
            *group(
                COMMON,
                False,
                "Nausea, Vomiting, Diarrhoea, Dizziness, Drowsiness, Headache, Stomach upset",
                "Constipation, Dry mouth",
            ),
            *group(
                LESS,
                True,
                ("Allergic reactions", 1),
                ("Liver damage", 1),
                "Kidney problems, Increased risk of bleeding or bruising",
                "Severe stomach pain or bleeding, High blood pressure",
            ),
        ],
        faqs=5,
        dosages=[
            ("Oral Formulations", GENERAL),
            ("IV Administration", GENERAL),
            ("Children", CHILDREN),
            ("Elderly", OLDER),
        ],
        precautions=[
            ("Allergies", CONTRA),
            ("Liver or Kidney Disease", OTHER),
            ("Heart Problems", OTHER),
            ("Pregnancy and Breastfeeding", PREGNANCY),
            ("Interactions", INTERACTION),
            ("Alcohol", OTHER),
            ("Driving and Operating Machinery", OTHER),
        ],
        interactions={"blood thinners", "anticoagulants", "pain relievers", "alcohol"},
    )


# Shape: no sections at all, only prose (has_sections=False).
def test_silver_nano_particles_has_no_sections():
    name = "s/silver-nano-particles.md"
    source = source_of(name)
    monograph = parse(name)
    assert (monograph.title, monograph.has_sections) == ("silver nano particles", False)
    assert_monograph(
        monograph,
        source,
        generic_name="",
        side_effects=[],
        faqs=0,
        dosages=[],
        precautions=[],
        interactions=set(),
        other_notes=lead(source)[1:],
        editor_notes=lead(source)[:1],
    )


AMBROXOL_GUAIFENESIN = "a/ambroxol-guaifenesin-menthol-salbutamol.md"
AMBROXOL_MENTHOL = "a/ambroxol-menthol-salbutamol-guaifenesin.md"


# Shape: the same product under two titles (ingredients in another order).
def test_same_product_under_two_titles():
    first, second = parse(AMBROXOL_GUAIFENESIN), parse(AMBROXOL_MENTHOL)
    assert first.title != second.title
    assert sorted(first.ingredient_names) == sorted(second.ingredient_names)


# Shape: `### Generic Name: value (Combination)` heading; "Effect (x) – detail" mentions;
# route dose bullets.
def test_ambroxol_guaifenesin_menthol_salbutamol():
    source = source_of(AMBROXOL_GUAIFENESIN)
    heading = next(line for line in source.splitlines() if line.startswith("### Generic Name:"))
    assert_monograph(
        parse(AMBROXOL_GUAIFENESIN),
        source,
        generic_name="Ambroxol + Guaifenesin + Menthol + Salbutamol",
        side_effects=[
            *group(
                COMMON, False, "Nausea, Vomiting, Diarrhea, Dizziness, Headache, Mild skin rash"
            ),
            *group(
                LESS,
                True,
                ("Allergic reactions", 1),
                ("Rapid heartbeat", 2),
                ("Tremors", 1),
                ("Worsening of asthma symptoms", 2),
            ),
        ],
        faqs=4,
        dosages=[("Oral forms (syrups, tablets)", GENERAL), ("IV administration", GENERAL)],
        precautions=[
            ("Pregnancy and breastfeeding", PREGNANCY),
            ("Interactions with other drugs", INTERACTION),
            ("Underlying health conditions", OTHER),
            ("Children", OTHER),
            ("Elderly", OTHER),
            ("Driving and operating machinery", OTHER),
        ],
        interactions=set(),
        other_notes=under_heading(source, "Generic Name"),
    )
    # The heading's "(Combination)" says only what " + " says: no note of its own.
    assert closing_parenthetical(heading) == "Combination"
    assert "Combination\n" not in parse(AMBROXOL_GUAIFENESIN).other_notes


# Shape: a generic name followed by a parenthesised remark; prose-only dosage; mentions
# with "(especially with ...)" notes under sentence groups.
def test_ambroxol_menthol_salbutamol_guaifenesin():
    source = source_of(AMBROXOL_MENTHOL)
    (name_line,) = under_heading(source, "Generic Name")
    assert_monograph(
        parse(AMBROXOL_MENTHOL),
        source,
        generic_name="Ambroxol + Menthol + Salbutamol + Guaifenesin",
        side_effects=[
            *group(
                COMMON,
                False,
                "Nausea, Vomiting, Diarrhea, Headache, Dizziness",
                ("Tremors", 1),
                ("Heart palpitations", 1),
                ("Allergic reactions", 1),
            ),
            *group(
                LESS,
                True,
                ("Severe allergic reactions", 1),
                "Irregular heartbeat",
                ("Worsening of asthma symptoms", 1),
            ),
        ],
        faqs=5,
        dosages=[],
        precautions=[
            ("Pregnancy and Breastfeeding", PREGNANCY),
            ("Cardiovascular Conditions", OTHER),
            ("Diabetes", OTHER),
            ("Hyperthyroidism", OTHER),
            ("Drug Interactions", INTERACTION),
            ("Children and Elderly", OTHER),
            ("Asthma", OTHER),
        ],
        interactions=set(),
        # The remark in parentheses is kept, not dropped.
        other_notes=[closing_parenthetical(name_line)],
    )


# Shape: title lost a digit ("ThiamineVitamin B"); `### Generic Name: ...` heading holds the
# full name; a sentence group that opens with its tier and names another later; a "Note:"
# paragraph closing Side Effects.
def test_vitamin_c_thiamine_folic_acid_niacinamide():
    name = "v/vitamin-c-thiaminevitamin-b-folic-acid-niacinamide.md"
    source = source_of(name)
    monograph = parse(name)
    assert monograph.title == "Vitamin C + ThiamineVitamin B + Folic Acid + Niacinamide"
    assert_monograph(
        monograph,
        source,
        generic_name="Vitamin C + Thiamine (Vitamin B1) + Folic Acid + Niacinamide",
        side_effects=[
            *group(COMMON, False, "Upset stomach, Diarrhea, Nausea, Headache"),
            *group(LESS, True, ("Severe allergic reactions", 1), ("Kidney stones", 1)),
        ],
        faqs=5,
        dosages=[],
        precautions=[
            ("Allergies", OTHER),
            ("Interactions", INTERACTION),
            ("Pregnancy and Breastfeeding", PREGNANCY),
            ("Kidney disease", OTHER),
            ("Other medical conditions", OTHER),
        ],
        interactions=set(),
        other_notes=under_heading(source, "Generic Name"),
    )


# Shape: `* **Common:** a, b, c.` inline lists; three-level dosage (population group ->
# route bullet -> dose-step bullets); a closing paragraph in the group that is no dose.
def test_benzbromarone():
    name = "b/benzbromarone.md"
    monograph = parse(name)
    assert_monograph(
        monograph,
        source_of(name),
        generic_name="Benzbromarone",
        side_effects=[
            *group(
                COMMON,
                False,
                "Headache, Abdominal distress, Nausea, Diarrhea, Constipation, Rash, Itching",
            ),
            *group(
                LESS,
                True,
                ("Hepatitis", 1),
                ("Jaundice", 1),
                "Chest pain",
                ("Edema", 1),
                "Severe liver damage, Kidney stones",
            ),
        ],
        faqs=5,
        dosages=[
            ("Initial Dose", ADULTS),
            ("Usual Maintenance Dose", ADULTS),
            ("Maximum Dose", ADULTS),
            ("Pediatric Dosage", CHILDREN),
            ("Dosage Adjustments", OTHER_POPULATION),
        ],
        precautions=[
            ("Contraindications", CONTRA),
            ("Drug Interactions", INTERACTION),
            ("Warnings", WARNING),
        ],
        interactions={"warfarin"},
    )
    doses = [(d.amount, d.amount_max, d.unit, d.frequency) for d in monograph.dosages]
    assert doses[:3] == [
        (25, 50, "mg", "once daily"),
        (50, None, "mg", "1-3 times daily"),
        (200, None, "mg", "per day"),
    ]


# Shape: a group label followed by a sentence that ends in ":" and gives the percentage;
# population labels on their own line followed by prose.
def test_atazanavir():
    name = "a/atazanavir.md"
    assert_monograph(
        parse(name),
        source_of(name),
        generic_name="Atazanavir",
        side_effects=[
            *group(
                VERY_COMMON,
                False,
                "Skin rash, Nausea, Increased serum cholesterol and bilirubin levels, Jaundice",
                "Cough, Fever",
            ),
            *group(
                LESS,
                True,
                ("Cardiovascular issues", 1),
                ("Nervous system effects", 1),
                ("Liver damage", 1),
                "Pancreatitis",
                ("Allergic reactions", 1),
                ("Kidney problems", 1),
                "Changes in blood cell counts",
            ),
        ],
        faqs=5,
        dosages=[
            ("Antiretroviral-naive patients", ADULTS),
            ("Antiretroviral-experienced patients", ADULTS),
            ("Pregnant patients", ADULTS),
            ("Pediatric Patients", CHILDREN),
            ("Dosage Adjustments", OTHER_POPULATION),
        ],
        precautions=[
            ("Hypersensitivity", CONTRA),
            ("Drug Interactions", INTERACTION),
            ("Hepatic and Renal Impairment", OTHER),
            ("Pregnancy and Breastfeeding", PREGNANCY),
            ("Other precautions", OTHER),
        ],
        interactions={"antifungal agents", "enzyme inducers", "statins", "sedatives"},
    )
