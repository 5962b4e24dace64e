import json

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from monographs.public.at_a_glance import at_a_glance as glance_of
from monographs.public.structured_data import drug_jsonld
from monographs.rendering import highlight, render_markdown
from monographs.text import sentences

register = template.Library()

# "<", ">" and "&" as JSON escapes (as django.utils.html.json_script does): the same
# JSON to a parser, but no "</script>", "<!--" or "]]>" can appear in the output.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter(name="markdown")
def markdown_filter(text):
    """Render Markdown through the one sanitizing renderer."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - sanitized by nh3


@register.filter
def interactions_as_shown(drug):
    """(interaction, description to print) for each of the drug's interactions. The
    importer keeps with each interaction the sentence that names it (the interaction
    checker and the API read it), but a page prints a sentence once: not again under an
    interaction when the section's intro or a precaution shows it."""
    shown = set(sentences(drug.interaction_notes))
    for precaution in drug.precautions.all():
        shown.update(sentences(precaution.text))
    rows = []
    for interaction in drug.interactions.all():
        description = interaction.description
        own = sentences(description)
        if shown.intersection(own):
            description = " ".join(sentence for sentence in own if sentence not in shown)
        rows.append((interaction, description))
    return rows


@register.filter
def jsonld(drug, request):
    """The drug's schema.org JSON-LD, for the body of a <script type="application/ld+json">."""
    text = json.dumps(drug_jsonld(drug, request)).translate(JSON_SCRIPT_ESCAPES)
    # Safe: after the translation the text holds no "<", ">" or "&", so nothing in it can
    # end the script element or start markup; HTML-escaping would corrupt the JSON instead.
    return mark_safe(text)  # noqa: S308


@register.filter(name="highlight")
def highlight_filter(snippet):
    """A search snippet with its matches marked; everything else escaped."""
    return mark_safe(highlight(snippet or ""))  # noqa: S308 - escaped by highlight()


@register.simple_tag
def options(choices, selected):
    """<option>s for (value, label) pairs, the selected one marked: half the time of a
    template loop, which counts for the 250 conditions on every listing page."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, " selected" if value == selected else "", label) for value, label in choices),
    )


@register.simple_tag
def at_a_glance(drug):
    """The drug page's "At a glance" facts, from the parts it has already fetched."""
    return glance_of(drug)
