"""The API's URLs: /api/v1/ (the operations and openapi.json), /api/docs/ (Swagger UI,
served from this site's static files), and a JSON 404 for any other path under /api/.

Every operation answers GET and HEAD only (serving.methods refuses the others with 405
before any view runs), and is cached by serving.middleware under the generations of the
pages that show the same data, so a publish or an import renews it at once."""

from functools import wraps

from django.conf import settings
from django.http import JsonResponse
from django.urls import path, re_path
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.views import openapi_view
from ninja.throttling import AnonRateThrottle

from monographs.api import conditions, drugs, interactions, side_effects
from monographs.api.errors import BadParameters
from monographs.serving.caching import (
    CONDITIONS,
    LISTINGS,
    SIDE_EFFECTS,
    SITE,
    condition_tag,
    drug_tag,
    drug_tags_in_query,
    side_effect_tag,
)
from monographs.serving.methods import answering

api = NinjaAPI(
    # Per client address, when the deployment sets a rate (MEDSITE_API_RATE_LIMIT); an
    # answer from the page cache is served without counting, as it costs next to nothing.
    throttle=[AnonRateThrottle(settings.MEDSITE_API_RATE_LIMIT)]
    if settings.MEDSITE_API_RATE_LIMIT
    else [],
    title="MedSite content API",
    version="1",
    description="Published drug monographs, side effects and conditions, read-only. "
    "Texts are Markdown. Lists are paginated (page, page_size).",
    urls_namespace="api-v1",
    docs_url=None,  # at /api/docs/, below
)
api.add_router("/drugs/", drugs.router)
api.add_router("/side-effects/", side_effects.router)
api.add_router("/conditions/", conditions.router)
api.add_router("/interactions/", interactions.router)

# The generations of each operation's answer: those of the public page it mirrors.
PAGE_TAGS = {
    "drug-list": (LISTINGS, CONDITIONS),
    "drug-detail": (drug_tag,),
    "side-effect-search": (SIDE_EFFECTS,),
    "side-effect-detail": (side_effect_tag,),
    "condition-detail": (condition_tag,),
    "interaction-check": (),
}
# And those of the drugs the query string names.
QUERY_TAGS = {"interaction-check": drug_tags_in_query}


@api.exception_handler(ValidationError)
def bad_parameter_types(request, exc):
    errors = {}
    for error in exc.errors:
        # ("query", "tier", 0): the parameter is the last name, not a list item's index.
        names = [part for part in error.get("loc", ()) if isinstance(part, str)]
        name = names[-1] if len(names) > 1 else "request"
        errors.setdefault(name, []).append(error["msg"])
    return bad_parameters(request, BadParameters(errors))


@api.exception_handler(BadParameters)
def bad_parameters(request, exc):
    names = ", ".join(sorted(exc.errors))
    return api.create_response(
        request, {"detail": f"Cannot use: {names}.", "errors": exc.errors}, status=400
    )


def head_as_get(view):
    """Answer HEAD as GET (the server leaves out the body): ninja answers only the methods
    of its operations."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        if request.method == "HEAD":
            request.method = "GET"
        return view(request, *args, **kwargs)

    return answer


def page_tags_of(tags, query_tags=None):
    def page_tags(query, **kwargs):
        named = query_tags(query) if query_tags else []
        return [SITE, *(tag(**kwargs) if callable(tag) else tag for tag in tags), *named]

    return page_tags


def read_only_and_cached(patterns):
    for pattern in patterns:
        view = answering("GET", "HEAD")(head_as_get(pattern.callback))
        if pattern.name in PAGE_TAGS:
            # See caching.cached().
            view.page_tags = page_tags_of(PAGE_TAGS[pattern.name], QUERY_TAGS.get(pattern.name))
        pattern.callback = view
    return patterns


def docs(request):
    return openapi_view(request, api)


def unknown_path(request):
    return JsonResponse({"detail": "No such API path. The operations: /api/docs/."}, status=404)


# No module-level app_name here: include() would read it as this module's namespace.
operations, ninja_app, ninja_namespace = api.urls

urlpatterns = [
    path("v1/", (read_only_and_cached(operations), ninja_app, ninja_namespace)),
    path("docs/", answering("GET", "HEAD")(docs), name="api-docs"),
    # Any other path under /api/, a newline in it too (which "." would not match).
    re_path(r"^", answering("GET", "HEAD")(unknown_path)),
]
