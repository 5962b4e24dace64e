from django.http import HttpResponse, HttpResponseNotAllowed

from monographs.rendering import render_markdown


def markdown_preview(request):
    """django-markdownx's live preview, rendered exactly as visitors will see it."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return HttpResponse(render_markdown(request.POST.get("content", "")))
