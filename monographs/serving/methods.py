"""The HTTP methods a page answers, checked before any view, CSRF check or cache runs.

TRACE (which echoes the request back, cookies and all) is refused everywhere. A view that
declares its methods (a class-based view, or a function view wrapped in answering())
refuses the others. Both with 405 and an Allow header naming what the page does answer.
"""

from django.http import HttpResponseNotAllowed
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_http_methods

REFUSED_EVERYWHERE = {"TRACE", "TRACK", "CONNECT"}
# What a path answers when its view does not say: a function view (the admin's) may take
# a form; a path that resolves to no view is at most a static file.
UNDECLARED = ("GET", "HEAD", "POST")
NO_VIEW = ("GET", "HEAD")


def answering(*methods):
    """Wrap a function view so that it answers only these methods, and says so."""

    def wrap(view):
        checked = require_http_methods(methods)(view)
        checked.allowed_methods = methods
        return checked

    return wrap


def declared_methods(view):
    """The methods a view answers, if it declares them; else None."""
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return getattr(view, "allowed_methods", None)
    methods = [name.upper() for name in view_class.http_method_names if hasattr(view_class, name)]
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")  # View.setup() answers HEAD with get()
    return methods


class AllowedMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):  # every page answers these
            return self.get_response(request)
        try:
            declared = declared_methods(resolve(request.path_info).func)
            allowed = declared or UNDECLARED
        except Resolver404:
            declared, allowed = None, NO_VIEW
        if request.method in REFUSED_EVERYWHERE or (
            declared is not None and request.method not in declared
        ):
            return HttpResponseNotAllowed(allowed)
        return self.get_response(request)
