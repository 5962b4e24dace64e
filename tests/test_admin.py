"""Editors' side: the admin pages load and save a drug with every inline."""

import re

import pytest
from django.urls import reverse

from monographs.limits import MAX_FIELD_CHARACTERS
from monographs.models import Drug, SideEffect
from monographs.vocabulary.resolver import SideEffectResolver
from tests.admin_forms import change_url, draft_form, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_changelists_load(editor_client):
    for model in ("drug", "sideeffect", "condition"):
        response = editor_client.get(reverse(f"admin:monographs_{model}_changelist"))
        assert response.status_code == 200, model


def test_drug_changelist_filters_and_search(editor_client):
    url = reverse("admin:monographs_drug_changelist")
    response = editor_client.get(url, {"q": "metformin"})
    assert {drug.slug for drug in response.context["cl"].result_list} == {
        "metformin",
        "sitagliptin-metformin",
    }
    response = editor_client.get(url, {"letter": "W", "workflow": "published"})
    assert [drug.slug for drug in response.context["cl"].result_list] == ["warfarin"]
    response = editor_client.get(url, {"problem": "no-side-effects"})
    assert list(response.context["cl"].result_list) == []


def test_side_effect_admin_shows_drug_counts_and_aliases(editor_client):
    headache = SideEffect.objects.get(slug="headache")
    response = editor_client.get(reverse("admin:monographs_sideeffect_changelist"), {"q": "head"})
    listed = {term.slug: term.drug_count for term in response.context["cl"].result_list}
    assert listed["headache"] == headache.drug_links.count()
    change = editor_client.get(reverse("admin:monographs_sideeffect_change", args=[headache.pk]))
    assert change.status_code == 200
    assert b"side effect aliases" in change.content.lower()


def test_side_effect_autocomplete_finds_terms_by_alias(editor_client):
    alias = SideEffect.objects.get(slug="headache").aliases.first()
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": alias.name,
            "app_label": "monographs",
            "model_name": "drugsideeffect",
            "field_name": "side_effect",
        },
    )
    assert response.status_code == 200
    assert "Headache" in [result["text"] for result in response.json()["results"]]


def test_drug_page_uses_markdownx_with_live_preview(editor_client):
    draft, _ = draft_form(editor_client, Drug.objects.get(slug="interferon-beta-1b"))
    html = editor_client.get(change_url(draft)).content
    assert b"markdownx-editor" in html
    assert b'data-markdownx-urls-path="/admin/markdown-preview/"' in html
    assert b"markdownx/js/markdownx" in html


def test_save_a_drug_with_every_inline(editor_client):
    headache = SideEffect.objects.get(slug="headache")
    warfarin = Drug.objects.get(slug="warfarin")
    add = editor_client.get(reverse("admin:monographs_drug_add"))
    data = form_data(add)
    data.update(
        {
            "name": "Examplamide",
            "slug": "examplamide",
            "usage": "Treats **examples**.",
            "dosages-TOTAL_FORMS": "1",
            "dosages-0-order": "1",
            "dosages-0-population": "adults",
            "dosages-0-label": "Initial dose",
            "dosages-0-amount": "10",
            "dosages-0-unit": "mg",
            "dosages-0-frequency": "once daily",
            "dosages-0-instructions": "10 mg once daily.",
            "side_effect_links-TOTAL_FORMS": "1",
            "side_effect_links-0-order": "1",
            "side_effect_links-0-side_effect": str(headache.pk),
            "side_effect_links-0-frequency": "1",
            "side_effect_links-0-serious": "on",
            "side_effect_links-0-note": "mild",
            "precautions-TOTAL_FORMS": "1",
            "precautions-0-order": "1",
            "precautions-0-kind": "warning",
            "precautions-0-topic": "Alcohol",
            "precautions-0-text": "Avoid alcohol.",
            "interactions-TOTAL_FORMS": "1",
            "interactions-0-order": "1",
            "interactions-0-name": "Warfarin",
            "interactions-0-interacting_drug": str(warfarin.pk),
            "interactions-0-severity": "major",
            "interactions-0-description": "Raises bleeding risk.",
            "faqs-TOTAL_FORMS": "1",
            "faqs-0-order": "1",
            "faqs-0-question": "Can I take it with food?",
            "faqs-0-answer": "Yes.",
        }
    )
    data.pop("_continue", None)
    data["_publish"] = "Save and publish"
    response = editor_client.post(reverse("admin:monographs_drug_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    drug = Drug.objects.get(slug="examplamide")
    assert drug.dosages.get().label == "Initial dose"
    link = drug.side_effect_links.get()
    assert (link.side_effect, link.frequency, link.serious, link.note) == (
        headache,
        1,
        True,
        "mild",
    )
    assert drug.precautions.get().topic == "Alcohol"
    assert drug.interactions.get().interacting_drug == warfarin
    assert drug.faqs.get().answer == "Yes."

    public = editor_client.get(drug.get_absolute_url())
    assert b"Can I take it with food?" in public.content
    assert b"<strong>examples</strong>" in public.content


def test_duplicate_side_effect_on_one_drug_is_refused_with_a_message(editor_client):
    drug = Drug.objects.get(slug="interferon-beta-1b")
    draft, data = draft_form(editor_client, drug)
    links_before = draft.side_effect_links.count()
    data["side_effect_links-1-side_effect"] = data["side_effect_links-0-side_effect"]
    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 200
    assert b"Please correct the duplicate data" in response.content
    assert draft.side_effect_links.count() == links_before


class TestMarkdownPreview:
    url = "/admin/markdown-preview/"

    def test_renders_sanitized_markdown_for_staff(self, editor_client):
        response = editor_client.post(self.url, {"content": "**hi** <script>x()</script>"})
        assert response.status_code == 200
        assert b"<strong>hi</strong>" in response.content
        assert b"<script" not in response.content

    def test_missing_content_is_an_empty_preview(self, editor_client):
        assert editor_client.post(self.url, {}).content == b""

    def test_visitors_cannot_use_it(self, client):
        response = client.post(self.url, {"content": "x"})
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_get_is_not_allowed(self, editor_client):
        assert editor_client.get(self.url).status_code == 405


class TestMergeSideEffects:
    url = "/admin/monographs/sideeffect/"

    def test_asks_which_term_to_keep(self, editor_client):
        terms = SideEffect.objects.filter(slug__in=["headache", "dizziness"])
        response = editor_client.post(
            self.url, {"action": "merge", "_selected_action": [t.pk for t in terms]}
        )
        assert response.status_code == 200
        assert b"Choose the side effect to keep" in response.content

    def test_merge_moves_links_and_keeps_the_name_as_an_alias(self, editor_client):
        drug = Drug.objects.get(slug="ibuprofen")
        target = SideEffect.objects.get(slug="headache")
        source = SideEffect.objects.create(name="Head pounding", slug="head-pounding")
        both = Drug.objects.get(slug="interferon-beta-1b")
        target_link = both.side_effect_links.get(side_effect=target)
        drug.side_effect_links.filter(side_effect=target).delete()
        drug.side_effect_links.create(side_effect=source, frequency=2, serious=True, note="a")
        both.side_effect_links.create(side_effect=source, frequency=1, serious=True, note="b")
        headache_drugs = set(target.drug_links.values_list("drug_id", flat=True))

        response = editor_client.post(
            self.url,
            {
                "action": "merge",
                "_selected_action": [target.pk, source.pk],
                "target": target.pk,
                "apply": "Merge",
            },
            follow=True,
        )
        assert b"Merged Head pounding into Headache." in response.content
        assert not SideEffect.objects.filter(pk=source.pk).exists()
        assert target.aliases.filter(name="head pounding").exists()
        assert set(target.drug_links.values_list("drug_id", flat=True)) == headache_drugs | {
            drug.pk
        }
        merged = both.side_effect_links.get(side_effect=target)
        assert (merged.frequency, merged.serious) == (1, True)
        assert merged.note == "; ".join(filter(None, [target_link.note, "b"]))

    def test_one_term_is_not_enough(self, editor_client):
        term = SideEffect.objects.get(slug="headache")
        response = editor_client.post(
            self.url, {"action": "merge", "_selected_action": [term.pk]}, follow=True
        )
        assert b"Select at least two side effects to merge." in response.content
        assert SideEffect.objects.filter(pk=term.pk).exists()

    def test_merged_alias_resolves_on_the_next_import(self, editor_client):
        target = SideEffect.objects.get(slug="headache")
        source = SideEffect.objects.create(name="Cranial discomfort", slug="cranial-discomfort")
        source.merge_into(target)
        assert SideEffectResolver().resolve("cranial discomfort") == [(target.pk, True)]


class TestSideEffectCountsFollowEdits:
    def count(self, slug):
        return SideEffect.objects.get(slug=slug).published_drug_count

    def test_adding_a_side_effect_counts_once_published(self, editor_client):
        drug = Drug.objects.get(slug="warfarin")
        rash_before = self.count("rash")
        assert not drug.side_effect_links.filter(side_effect__slug="rash").exists()
        draft, data = draft_form(editor_client, drug)
        total = int(data["side_effect_links-TOTAL_FORMS"])
        data.update(
            {
                "side_effect_links-TOTAL_FORMS": str(total + 1),
                f"side_effect_links-{total}-side_effect": str(
                    SideEffect.objects.get(slug="rash").pk
                ),
                f"side_effect_links-{total}-frequency": "2",
                f"side_effect_links-{total}-order": "99",
            }
        )
        assert editor_client.post(change_url(draft), data).status_code == 302
        assert self.count("rash") == rash_before  # a draft: not public yet
        data = form_data(editor_client.get(change_url(draft)))
        data["_publish"] = "Save and publish"
        assert editor_client.post(change_url(draft), data).status_code == 302
        assert self.count("rash") == rash_before + 1

    def test_unpublish_and_publish_actions(self, editor_client):
        before = self.count("headache")
        ids = list(Drug.objects.filter(side_effect_links__side_effect__slug="headache")[:2])
        url = reverse("admin:monographs_drug_changelist")
        selected = {"_selected_action": [drug.pk for drug in ids]}
        editor_client.post(url, {"action": "unpublish", **selected})
        assert self.count("headache") == before  # the action asks first
        editor_client.post(url, {"action": "unpublish", "post": "yes", **selected})
        assert self.count("headache") == before - 2
        editor_client.post(url, {"action": "publish", **selected})
        assert self.count("headache") == before

    def test_deleting_a_drug(self, editor_client):
        drug = Drug.objects.get(slug="ibuprofen")
        before = self.count("headache")
        assert drug.side_effect_links.filter(side_effect__slug="headache").exists()
        editor_client.post(reverse("admin:monographs_drug_delete", args=[drug.pk]), {"post": "yes"})
        assert self.count("headache") == before - 1


class TestFieldSizeLimit:
    """A text longer than one field may hold is refused with the editor's text kept."""

    def test_an_over_limit_usage_is_refused_and_kept_in_the_form(self, editor_client):
        drug = Drug.objects.get(slug="interferon-beta-1b")
        draft, data = draft_form(editor_client, drug)
        pasted = "word " * (MAX_FIELD_CHARACTERS // 5) + "more"
        data["usage"] = pasted
        response = editor_client.post(change_url(draft), data)
        assert response.status_code == 200
        form = response.context["adminform"].form
        assert form.errors["usage"] == [
            f"This text is {len(pasted):,} characters long, and one field may hold 200,000. "
            "Shorten it, or move part of it to another field; your text is still here."
        ]
        assert form["usage"].value() == pasted
        textarea = re.search(r'<textarea name="usage"[^>]*>', response.content.decode())[0]
        assert "maxlength" not in textarea  # a browser would cut a paste short
        draft.refresh_from_db()
        assert draft.usage != pasted

    def test_an_over_limit_inline_is_refused(self, editor_client):
        drug = Drug.objects.get(slug="interferon-beta-1b")
        draft, data = draft_form(editor_client, drug)
        data["dosages-0-instructions"] = "x" * (MAX_FIELD_CHARACTERS + 1)
        data["faqs-0-question"] = "y" * (MAX_FIELD_CHARACTERS + 1)
        response = editor_client.post(change_url(draft), data)
        assert response.status_code == 200
        formsets = {f.formset.prefix: f.formset for f in response.context["inline_admin_formsets"]}
        assert "200,001 characters long" in formsets["dosages"].forms[0].errors["instructions"][0]
        assert "200,001 characters long" in formsets["faqs"].forms[0].errors["question"][0]

    def test_a_usage_at_the_limit_is_saved(self, editor_client):
        drug = Drug.objects.get(slug="interferon-beta-1b")
        draft, data = draft_form(editor_client, drug)
        data["usage"] = "u" * MAX_FIELD_CHARACTERS
        response = editor_client.post(change_url(draft), data)
        assert response.status_code == 302
        draft.refresh_from_db()
        assert len(draft.usage) == MAX_FIELD_CHARACTERS


def test_the_side_effect_inline_offers_the_tiers_in_plain_words(editor_client):
    response = editor_client.get(reverse("admin:monographs_drug_add"))
    select = re.search(
        r'<select name="side_effect_links-__prefix__-frequency".*?</select>',
        response.content.decode(),
        re.DOTALL,
    )[0]
    options = re.findall(r'<option value="(\d+)"[^>]*>(.*?)</option>', select)
    assert options == [
        ("1", "Very common: more than 1 in 10 people"),
        ("2", "Common: up to 1 in 10 people"),
        ("3", "Uncommon: up to 1 in 100 people"),
        ("4", "Rare: up to 1 in 1,000 people"),
        ("5", "Very rare: up to 1 in 10,000 people"),
        ("6", "Not known: frequency not stated"),
    ]
    assert 'value="6" selected' in select  # a new link starts as "not known"


def test_a_new_row_with_only_its_place_number_is_left_out(editor_client):
    """admin-order.js numbers a row added with "Add another"; left blank, it adds nothing,
    while a new row with a question in it is saved."""
    draft, data = draft_form(editor_client, Drug.objects.get(slug="warfarin"))
    faqs = draft.faqs.count()
    total = int(data["faqs-TOTAL_FORMS"])
    data.update({"faqs-TOTAL_FORMS": str(total + 2), f"faqs-{total}-order": str(total)})
    data.update(
        {
            f"faqs-{total + 1}-order": str(total + 1),
            f"faqs-{total + 1}-question": "Is the new row kept?",
            f"faqs-{total + 1}-answer": "Yes.",
        }
    )
    assert editor_client.post(change_url(draft), data).status_code == 302
    assert draft.faqs.count() == faqs + 1
    assert draft.faqs.order_by("order").last().question == "Is the new row kept?"


def test_the_reordering_script_is_on_editable_forms_only(editor_client):
    drug = Drug.objects.get(slug="warfarin")
    script = "monographs/admin-order.js"
    assert script not in editor_client.get(change_url(drug)).content.decode()  # read-only
    draft, _ = draft_form(editor_client, drug)
    assert script in editor_client.get(change_url(draft)).content.decode()
    assert script in editor_client.get(reverse("admin:monographs_drug_add")).content.decode()
