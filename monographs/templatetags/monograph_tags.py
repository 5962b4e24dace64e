from django import template
from django.utils.safestring import mark_safe

from monographs.rendering import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """Render Markdown through the one sanitizing renderer."""
    return mark_safe(render_markdown(text or ""))  # noqa: S308 - sanitized by nh3
