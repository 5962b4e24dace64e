from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.html import format_html

from monographs.limits import MAX_FIELD_CHARACTERS
from monographs.rendering import beyond_markdown, render_markdown


def markdown_preview(request):
    """django-markdownx's live preview, rendered exactly as visitors will see it.

    Text longer than a field may hold is not rendered at all (413, with a line the
    preview shows instead); text too complex for Markdown says why it shows as plain text.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    content = request.POST.get("content", "")
    if len(content) > MAX_FIELD_CHARACTERS:
        message = format_html(
            "<p><strong>No preview:</strong> this text is {} characters long, and one field "
            "may hold {}.</p>",
            f"{len(content):,}",
            f"{MAX_FIELD_CHARACTERS:,}",
        )
        return HttpResponse(message, status=413)
    html = render_markdown(content)
    reason = beyond_markdown(content)
    if reason:
        note = format_html("<p><strong>Shown as plain text:</strong> {}.</p>", reason)
        html = note + html
    return HttpResponse(html)
