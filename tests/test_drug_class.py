"""A drug's class and prescription or over-the-counter status (issue 15): read from the
monograph's own words, kept through an editor's change, the export and the API, shown on
the drug page."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command

from monographs.editorial.changes import changing
from monographs.exporting import render_monograph
from monographs.importing.data import MonographError
from monographs.importing.parser import parse_monograph
from monographs.models import Drug
from tests.admin_forms import change_url, draft_form, form_data

pytestmark = pytest.mark.django_db

OTC, PRESCRIPTION, BOTH = "over_the_counter", "prescription", "both"


def monograph(usage, dosage="Take one tablet a day.", front_matter="", title="Quenvadol"):
    return (
        f"---\ntitle: {title}\n{front_matter}---\n\n# {title}\n\n### Usage\n\n{usage}\n\n"
        f"### Dosage\n\n{dosage}\n\n### Precautions\n\n* **Other medicines:** Tell your "
        "doctor about all prescription and over-the-counter drugs you take.\n"
    ).encode()


def parsed(usage, **kwargs):
    return parse_monograph(monograph(usage, **kwargs))


@pytest.mark.parametrize(
    "usage, expected",
    [
        (
            "Quenvadol is a nonsteroidal anti-inflammatory drug (NSAID) used to relieve pain.",
            "Nonsteroidal anti-inflammatory drug (NSAID)",
        ),
        (
            "Quenvadol is an angiotensin receptor blocker that lowers blood pressure.",
            "Angiotensin receptor blocker",
        ),
        ("Quenvadol belongs to a class of medications called loop diuretics.", "Loop diuretics"),
        ("Quenvadol is in a class of drugs known as statins. It lowers cholesterol.", "Statins"),
        (
            "Quenvadol is a type of chemotherapy drug called an alkylating agent.",
            "Alkylating agent",
        ),
        (
            "Quenvadol is primarily an H2 receptor antagonist with a long action.",
            "H2 receptor antagonist",
        ),
        (
            "This medication is a short-acting benzodiazepine, which calms.",
            "Short-acting benzodiazepine",
        ),
        (
            "Quenvadol is a non-ionic, water-soluble contrast agent used in imaging.",
            "Non-ionic, water-soluble contrast agent",
        ),
        ("**Quenvadol** is a *macrolide antibiotic* used for infections.", "Macrolide antibiotic"),
        ("Quenvadol is a bronchodilator, meaning it opens the airways.", "Bronchodilator"),
        ("Quenvadol is a potent opioid analgesic given in hospital.", "Opioid analgesic"),
        ("Quenvadol is an antihistamine, most often taken at night.", "Antihistamine"),
        ("Quenvadol is a blood thinner used after a stroke.", "Blood thinner"),
        ("Quenvadol is a vital antiviral medication for hepatitis C.", "Antiviral medication"),
    ],
)
def test_the_class_the_usage_opens_with(usage, expected):
    assert parsed(usage).drug_class == expected


@pytest.mark.parametrize(
    "usage",
    [
        "Quenvadol is a medication used to treat gout.",
        "Quenvadol is a prescription medication used to treat gout.",
        "Quenvadol is a combination medicine used for colds.",
        "Quenvadol is a topical cream used on the skin.",
        "Quenvadol is a drug.",
        "Quenvadol is an experimental drug, meaning it is not approved.",
        "Quenvadol is a synthetic version of a human hormone.",
        "Quenvadol is used to treat gout. Aspirin is an NSAID that it interacts with.",
        "Many people take Quenvadol. Gout is a painful condition.",
        "Quenvadol is a combination of two pain relievers.",
        # A verdict or a role is not a class.
        "Quenvadol is a first-line treatment for gout.",
        "Quenvadol is a good choice for people with gout.",
        "Quenvadol is a crucial medication for transplant patients.",  # praise, then vague
        "Quenvadol is one of the most widely used pain relievers.",
        "Quenvadol is a cornerstone of gout care.",
        "Quenvadol is an option when other drugs fail.",
        "Quenvadol is a leading cause of stomach upset in older adults.",
    ],
)
def test_no_class_where_the_text_names_none_or_only_a_vague_one(usage):
    assert parsed(usage).drug_class == ""


def test_a_title_with_a_qualifier_in_brackets_is_still_the_subject():
    usage = "Quenvadol is an aminoglycoside antibiotic with systemic use."
    found = parse_monograph(monograph(usage, title="Quenvadol (Systemic)"))
    assert found.drug_class == "Aminoglycoside antibiotic"


def test_one_ingredient_of_a_combination_does_not_give_the_products_class():
    usage = "Zarnel is a plant extract used on burns. Quenvadol is an antifungal."
    assert parse_monograph(monograph(usage, title="Zarnel + Quenvadol")).drug_class == ""
    usage = "Zarnel + Quenvadol is a topical antifungal combination used on skin."
    found = parse_monograph(monograph(usage, title="Zarnel + Quenvadol"))
    assert found.drug_class == "Topical antifungal combination"


@pytest.mark.parametrize(
    "usage, dosage, expected",
    [
        ("Quenvadol is available over the counter for headaches.", "", OTC),
        ("Quenvadol is a common over-the-counter (OTC) remedy for colds.", "", OTC),
        ("It's available without a prescription as tablets.", "", OTC),
        ("Quenvadol is available by prescription only.", "", PRESCRIPTION),
        ("Quenvadol is a prescription-only medicine for gout.", "", PRESCRIPTION),
        ("Quenvadol is a prescription medication used to treat gout.", "", PRESCRIPTION),
        (
            "Quenvadol is available over the counter. At prescription strength it also "
            "treats arthritis.",
            "",
            BOTH,
        ),
        ("Quenvadol treats pain.", "#### Over-the-Counter Use\n\n220 mg every 8 hours.", OTC),
        (
            "Quenvadol treats pain.",
            "**Pain (Over-the-Counter Use, Adults):** 200 mg.\n\n**Arthritis (Prescription "
            "Use):** 800 mg.",
            BOTH,
        ),
        ("Quenvadol treats pain.", "**Over-the-Counter Quenvadol (Adults):** 220 mg.", OTC),
    ],
)
def test_availability_the_drug_is_stated_to_have(usage, dosage, expected):
    assert parsed(usage, dosage=dosage or "Take one tablet a day.").availability == expected


def test_a_paragraph_about_one_ingredient_is_not_the_products_availability():
    usage = (
        "Zarnel + Quenvadol treats fungal skin infections.\n\n**Quenvadol:** Quenvadol is an "
        "antifungal. It is available over the counter as a cream."
    )
    assert parse_monograph(monograph(usage, title="Zarnel + Quenvadol")).availability == ""
    usage = "Zarnel + Quenvadol treats skin infections. It is available over the counter."
    assert parse_monograph(monograph(usage, title="Zarnel + Quenvadol")).availability == OTC


@pytest.mark.parametrize(
    "usage",
    [
        "Quenvadol is not available over the counter.",
        "Quenvadol is no longer sold without a prescription in most countries, nor over the "
        "counter.",
        "Avoid over-the-counter cold medicines while taking Quenvadol.",
        "Tell your doctor about all prescription and over-the-counter drugs you take.",
        "Quenvadol may interact with other over-the-counter products.",
        "Quenvadol treats gout. Many over-the-counter pain relievers contain aspirin.",
        "This information should not be interpreted as a prescription.",
        # Another drug's availability, in a sentence that names this one or not.
        "Aspirin, which is available over the counter, raises the risk of bleeding.",
        "Acetaminophen is available over the counter and is safer with Quenvadol.",
        "Quenvadol thins the blood. Naproxen is sold over the counter; avoid it.",
    ],
)
def test_negations_and_other_products_state_nothing(usage):
    assert parsed(usage).availability == ""


def test_a_clause_about_another_drug_leaves_the_drugs_own_statement():
    usage = "Unlike ibuprofen, which is available over the counter, it requires a prescription."
    assert parsed(usage).availability == PRESCRIPTION


def test_the_interactions_and_precautions_are_not_read():
    text = monograph("Quenvadol treats gout.").decode() + (
        "\n### Interactions\n\n* **Antacids:** Quenvadol is available over the counter "
        "in some countries together with antacids.\n"
    )
    assert parse_monograph(text.encode()).availability == ""


def test_the_front_matter_holds_an_editors_values_over_the_text():
    found = parsed(
        "Quenvadol is a loop diuretic used for swelling. It is available over the counter.",
        front_matter='drug_class: Diuretic\navailability: ""\n',
    )
    assert (found.drug_class, found.availability) == ("Diuretic", "")


@pytest.mark.parametrize(
    "front_matter, message",
    [
        ("availability: sometimes\n", "'availability' is 'sometimes'"),
        ("drug_class: [a, b]\n", "'drug_class' must be text"),
    ],
)
def test_a_bad_front_matter_value_is_refused_with_a_reason(front_matter, message):
    with pytest.raises(MonographError, match=message):
        parsed("Quenvadol treats gout.", front_matter=front_matter)


def test_export_writes_keys_only_for_an_editors_value():
    found = parsed("Quenvadol is a loop diuretic used for swelling.")
    unchanged = render_monograph(found)
    assert "drug_class" not in unchanged and "availability" not in unchanged
    assert parse_monograph(unchanged.encode()).drug_class == "Loop diuretic"

    found.drug_class, found.availability = "", BOTH
    text = render_monograph(found)
    front_matter = yaml.safe_load(text.split("---\n")[1])
    assert front_matter["drug_class"] == "" and front_matter["availability"] == BOTH
    back = parse_monograph(text.encode())
    assert (back.drug_class, back.availability) == ("", BOTH)
    assert back.usage == found.usage


def test_an_import_stores_them_and_an_export_round_trips_an_editors_value(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "quenvadol.md").write_bytes(
        monograph(
            "Quenvadol is a loop diuretic used for swelling. It is available by prescription only."
        )
    )
    call_command("import_monographs", str(source), verbosity=0, stdout=StringIO())
    drug = Drug.objects.get(slug="quenvadol")
    assert (drug.drug_class, drug.availability) == ("Loop diuretic", PRESCRIPTION)

    with changing(drugs=[drug.pk]):
        Drug.objects.filter(pk=drug.pk).update(availability=BOTH)
    call_command("export_monographs", str(tmp_path / "out"), verbosity=0, stdout=StringIO())
    Drug.objects.filter(pk=drug.pk).update(availability="", drug_class="")
    call_command(
        "import_monographs", str(tmp_path / "out"), "--force", verbosity=0, stdout=StringIO()
    )
    drug.refresh_from_db()
    assert (drug.drug_class, drug.availability) == ("Loop diuretic", BOTH)


def set_fields(slug, **values):
    drug = Drug.objects.get(slug=slug)
    with changing(drugs=[drug.pk]):
        Drug.objects.filter(pk=drug.pk).update(**values)
    return drug


def test_the_drug_page_shows_the_class_and_availability(client):
    drug = set_fields("warfarin", drug_class="Vitamin K antagonist", availability=PRESCRIPTION)
    html = client.get(drug.get_absolute_url()).content.decode()
    assert "Drug class: Vitamin K antagonist" in html
    assert '<p class="availability availability-prescription">Prescription only</p>' in html
    assert '"prescriptionStatus": "https://schema.org/PrescriptionOnly"' in html
    assert '"drugClass": {"@type": "DrugClass", "name": "Vitamin K antagonist"}' in html


def test_the_drug_page_says_nothing_when_neither_is_stated(client):
    drug = set_fields("warfarin", drug_class="", availability="")
    html = client.get(drug.get_absolute_url()).content.decode()
    assert "Drug class:" not in html and 'class="availability' not in html


@pytest.mark.parametrize(
    "value, words",
    [(OTC, "Available over the counter"), (BOTH, "Over the counter and on prescription")],
)
def test_each_availability_in_words(client, value, words):
    drug = set_fields("warfarin", availability=value)
    assert words in client.get(drug.get_absolute_url()).content.decode()


def test_the_api_gives_both_fields(client):
    set_fields("warfarin", drug_class="Vitamin K antagonist", availability=BOTH)
    data = client.get("/api/v1/drugs/warfarin/").json()
    assert (data["drug_class"], data["availability"]) == ("Vitamin K antagonist", BOTH)


def test_an_editor_saves_them_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    draft, data = draft_form(client, Drug.objects.get(slug="warfarin"))
    data.update(drug_class="Coumarin anticoagulant", availability=OTC)
    response = client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert (draft.drug_class, draft.availability) == ("Coumarin anticoagulant", OTC)
    form = form_data(client.get(change_url(draft)))
    assert form["availability"] == OTC


def test_the_admin_refuses_an_availability_not_among_the_choices(client, admin_user):
    client.force_login(admin_user)
    draft, data = draft_form(client, Drug.objects.get(slug="warfarin"))
    data["availability"] = "sometimes"
    response = client.post(change_url(draft), data)
    assert response.status_code == 200
    assert "availability" in response.context["adminform"].form.errors
