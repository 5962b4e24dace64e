"""Invisible and look-alike characters: a name with zero-width characters, fullwidth letters
or a bidi override is stored as the plain name, on import and in the admin, so it cannot
pass for another monograph's."""

import pytest
from django.urls import reverse

from monographs.limits import MAX_NAME_CHARACTERS
from monographs.models import Condition, Drug, SideEffect
from monographs.text import clean_line, normalise, without_invisible
from tests.admin_forms import change_url, draft_form, form_data
from tests.conftest import write_monograph
from tests.test_commands import GOOD, run_import

ZERO_WIDTH = "Ibu\u200bpro\u200dfen"
FULLWIDTH = "Ｉｂｕｐｒｏｆｅｎ"
BIDI = "\u202eIbuprofen\u202c"
LOOK_ALIKES = [ZERO_WIDTH, FULLWIDTH, BIDI, "\ufeffIbu\u2060pro\u200cfen\u00ad", "𝐈𝐛𝐮𝐩𝐫𝐨𝐟𝐞𝐧"]


class TestCleanLine:
    @pytest.mark.parametrize("name", LOOK_ALIKES)
    def test_look_alikes_of_a_name_are_the_name(self, name):
        assert clean_line(name) == "Ibuprofen"

    def test_whitespace_of_every_kind_is_one_space(self):
        assert clean_line(" Acarbose\u00a0+\u3000Metformin\t\n") == "Acarbose + Metformin"
        assert clean_line("Acarbose \u200b Metformin") == "Acarbose Metformin"

    def test_what_a_name_means_is_kept(self):
        for text in ["BSA ≤ 0.5 m²", "Potassium Nitrate (KNO₃)", "½ tablet", "Café…", "Åse"]:
            assert clean_line(text) == text
        assert clean_line("Cafe\u0301") == "Café"

    def test_nothing_but_invisible_characters_is_nothing(self):
        assert clean_line("\u200b\u200d\ufeff\u3164") == ""

    def test_text_keeps_its_lines(self):
        text = "First\u200b line.\n\n* Item\u202e one\n\tindented\r\n"
        assert without_invisible(text) == "First line.\n\n* Item one\n\tindented\r\n"

    def test_lookup_keys_ignore_invisible_characters(self):
        assert normalise("Head\u200bache") == normalise("ＨＥＡＤＡＣＨＥ") == "headache"


@pytest.mark.django_db
class TestImport:
    @pytest.mark.parametrize("title", [ZERO_WIDTH, FULLWIDTH, BIDI])
    def test_a_look_alike_title_is_the_title_it_copies(self, tmp_path, title):
        ibuprofen = Drug.objects.get(slug="ibuprofen")
        write_monograph(tmp_path, "copy.md", GOOD.replace("Testazol", title))
        out, err, error = run_import(tmp_path)
        assert error is None, err
        copy = Drug.objects.get(source_path="copy.md")
        assert copy.name == "Ibuprofen"
        assert copy.slug != ibuprofen.slug
        assert f"title also used by {ibuprofen.source_path}: imported as /drugs/{copy.slug}/" in out

    def test_every_field_loses_invisible_characters(self, tmp_path):
        monograph = """---
title: Zero\u200bwidthazol
---

### Generic Name
Zero\u200dwidthazol

### Usage
Zero\u200bwidthazol treats \u202etest anxiety.

Second\u2060 paragraph.

### Dosage
* **Initial\u200b dose:** 10 mg once daily.

### Side Effects
* Head\u200bache

### Interactions
* **War\u200bfarin:** Raises the risk of bleeding.
"""
        write_monograph(tmp_path, "zero.md", monograph)
        out, err, error = run_import(tmp_path)
        assert error is None, err
        drug = Drug.objects.get(source_path="zero.md")
        assert (drug.name, drug.generic_name) == ("Zerowidthazol", "Zerowidthazol")
        assert drug.summary == "Zerowidthazol treats test anxiety."
        assert drug.usage == "Zerowidthazol treats test anxiety.\n\nSecond paragraph."
        assert drug.dosages.get().label == "Initial dose"
        assert drug.interactions.get().name == "Warfarin"
        assert drug.interactions.get().interacting_drug == Drug.objects.get(slug="warfarin")
        assert [link.side_effect.slug for link in drug.side_effect_links.all()] == ["headache"]
        assert not SideEffect.objects.filter(name__contains="\u200b").exists()

    def test_a_name_stored_before_cleaning_keeps_its_slug(self, tmp_path):
        path = write_monograph(tmp_path, "testazol.md", GOOD)
        run_import(path)
        Drug.objects.filter(slug="testazol").update(name="Testa\u200bzol", source_hash="old")
        out, err, error = run_import(path, "--force")
        assert error is None, err
        assert Drug.objects.get(source_path="testazol.md").slug == "testazol"


@pytest.mark.django_db
class TestAdmin:
    @pytest.fixture
    def editor(self, client, admin_user):
        client.force_login(admin_user)
        return client

    @pytest.mark.parametrize("name", [ZERO_WIDTH, FULLWIDTH, BIDI, "ibuprofen"])
    def test_a_new_monograph_may_not_take_another_ones_name(self, editor, name):
        data = form_data(editor.get(reverse("admin:monographs_drug_add")))
        data.update({"name": name, "slug": "ibuprofen-again"})
        response = editor.post(reverse("admin:monographs_drug_add"), data)
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors["name"]
        assert errors == [
            "Another monograph is named “Ibuprofen” (/drugs/ibuprofen/). "
            "Give this one a name that tells them apart."
        ]
        assert not Drug.objects.filter(slug="ibuprofen-again").exists()

    @pytest.mark.parametrize(
        "name, ingredient, error",
        [
            ("Testazol", "metformin", "Only a combination product has ingredients"),
            ("Testazol + Metformin", "sitagliptin-metformin", "not a combination product"),
        ],
    )
    def test_ingredients_are_a_combinations_single_monographs(
        self, editor, name, ingredient, error
    ):
        data = form_data(editor.get(reverse("admin:monographs_drug_add")))
        data.update({"name": name, "slug": "testazol-new"})
        data["ingredients"] = [str(Drug.objects.get(slug=ingredient).pk)]
        response = editor.post(reverse("admin:monographs_drug_add"), data)
        assert response.status_code == 200
        [message] = response.context["adminform"].form.errors["ingredients"]
        assert error in message
        assert not Drug.objects.filter(slug="testazol-new").exists()

    def test_a_draft_keeps_its_own_name_and_saves_fields_clean(self, editor):
        drug = Drug.objects.get(slug="interferon-beta-1b")
        draft, data = draft_form(editor, drug)
        data["name"] = "Interferon\u200b beta-1b"
        data["summary"] = "Treats \u202eMS.\u200d"
        data["usage"] = "Line\u200b one.\r\n\r\n* Item\u2066 two"
        data["dosages-0-label"] = "Start\u200bing\u00a0dose"
        response = editor.post(change_url(draft), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        draft.refresh_from_db()
        assert (draft.name, draft.summary) == ("Interferon beta-1b", "Treats MS.")
        assert draft.usage == "Line one.\r\n\r\n* Item two"
        assert draft.dosages.first().label == "Starting dose"

    def test_a_name_of_invisible_characters_is_no_name(self, editor):
        draft, data = draft_form(editor, Drug.objects.get(slug="warfarin"))
        data["name"] = "\u200b\u200d"
        response = editor.post(change_url(draft), data)
        assert response.context["adminform"].form.errors["name"] == ["This field is required."]

    def test_a_name_that_folds_too_long_is_refused(self, editor):
        draft, data = draft_form(editor, Drug.objects.get(slug="warfarin"))
        # Three letters each once folded: over the column's limit, though not as typed.
        data["name"] = "ﬃ" * (MAX_NAME_CHARACTERS // 3 + 1)
        response = editor.post(change_url(draft), data)
        limit = f"at most {MAX_NAME_CHARACTERS} characters"
        assert limit in str(response.context["adminform"].form.errors["name"])

    def test_side_effect_and_condition_names_are_saved_clean(self, editor):
        term = SideEffect.objects.get(slug="headache")
        data = {
            "name": "Head\u200bache",
            "slug": term.slug,
            "description": "",
            "body_system": term.body_system,
            "is_reviewed": "on",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "achy\u200d noggin",
        }
        url = reverse("admin:monographs_sideeffect_change", args=[term.pk])
        assert editor.post(url, data).status_code == 302
        term.refresh_from_db()
        assert term.name == "Headache"
        assert term.aliases.filter(name="achy noggin").exists()
        data |= {"aliases-0-name": "achy\u2060 noggin", "aliases-INITIAL_FORMS": "0"}
        refused = editor.post(url, data).context["inline_admin_formsets"][0].formset.forms[0]
        assert refused.errors == {"name": ["Side effect alias with this Name already exists."]}
        condition = Condition.objects.create(name="Test ailment", slug="test-ailment")
        url = reverse("admin:monographs_condition_change", args=[condition.pk])
        data = {"name": "Ｔｅｓｔ ailment\u200b", "slug": "test-ailment", "description": ""}
        assert editor.post(url, data).status_code == 302
        condition.refresh_from_db()
        assert condition.name == "Test ailment"
