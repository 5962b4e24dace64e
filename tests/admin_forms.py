"""Driving the admin's change form as a browser would, for the admin and workflow tests."""

from django.urls import reverse

from monographs.models import Drug


def form_data(response):
    """The POST data of an admin change form as the browser would send it, unchanged."""
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for form in formset.forms:
            for name in form.fields:
                data[form.add_prefix(name)] = form[name].value()
    return {key: value for key, value in data.items() if value is not None}


def change_url(drug):
    return reverse("admin:monographs_drug_change", args=[drug.pk])


def start_draft(client, drug):
    """Press "Edit a draft" on a published monograph; returns the working draft."""
    response = client.post(reverse("admin:monographs_drug_edit", args=[drug.pk]))
    assert response.status_code == 302, response
    return Drug.objects.get(draft_of=drug)


def draft_form(client, drug):
    """The change form data of the drug's working draft (started if needed)."""
    draft = Drug.objects.filter(draft_of=drug).first() or start_draft(client, drug)
    return draft, form_data(client.get(change_url(draft)))


def row_index(data, prefix, pk):
    """The form index of an inline row, by the id of the row it edits."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    return next(i for i in range(total) if data.get(f"{prefix}-{i}-id") == pk)
