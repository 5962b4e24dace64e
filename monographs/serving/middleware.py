from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from monographs.serving import caching

# Headers of a rendered page that are not kept with it: set per response. The
# Content-Security-Policy comes from serving.csp.CSPMiddleware above this one, for every
# response, so a policy (or a nonce in it, should one ever be used) is never replayed.
NOT_STORED = {
    "Content-Length",
    "Content-Encoding",
    "ETag",
    "Set-Cookie",
    "Date",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
}


class PublicPageCacheMiddleware:
    """Serve anonymous visitors' public pages from the cache (monographs.serving.caching), with
    an ETag for conditional requests and gzip done once per rendering.

    It sits near the top of MIDDLEWARE, so a cached page skips the rest; the headers the
    middleware below it added (X-Frame-Options…) are stored with the page; the
    Content-Security-Policy is added above it, per response, and never stored. A request
    with a session cookie (an editor, signed in) always gets a fresh page marked
    private, and its pages are never stored, so nothing of theirs can reach a visitor.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tags = self.page_tags(request)
        if tags is None:
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = self.get_response(request)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        key = caching.page_key(request, caching.generations(tags))
        entry = cache.get(key)
        if entry is None:
            response = self.get_response(request)
            if not self.cacheable(response):
                return response
            entry = self.entry(response)
            cache.set(key, entry, settings.MEDSITE_PAGE_CACHE_SECONDS)
        return self.respond(request, entry)

    @staticmethod
    def page_tags(request):
        if not settings.MEDSITE_PAGE_CACHE or request.method not in ("GET", "HEAD"):
            return None
        page = cached_page(request.path_info)
        if page is None:
            return None
        page_tags, kwargs = page
        return page_tags(request.GET, **kwargs)

    @staticmethod
    def cacheable(response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("Cache-Control")
        )

    @staticmethod
    def entry(response):
        content = response.content
        headers = [(name, value) for name, value in response.items() if name not in NOT_STORED]
        return {
            "content": content,
            "gzipped": caching.compress(content),
            "headers": headers,
            "etag": caching.etag(content),
        }

    @staticmethod
    def respond(request, entry):
        if entry["etag"] in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
        elif "gzip" in request.headers.get("Accept-Encoding", ""):
            response = HttpResponse(entry["gzipped"])
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(entry["content"])
        for name, value in entry["headers"]:
            response[name] = value
        response["ETag"] = entry["etag"]
        # A CDN may keep the page but must ask again (a cheap 304) before each use, so a
        # publish shows at once; MEDSITE_PAGE_MAX_AGE trades that for fewer requests.
        patch_cache_control(
            response, public=True, max_age=settings.MEDSITE_PAGE_MAX_AGE, must_revalidate=True
        )
        patch_vary_headers(response, ["Accept-Encoding"])
        return response


# Resolving a URL walks every pattern: a third of a cached page's time. The URLconf does
# not change while a process runs, and the paths most asked for stay in this cache.
@lru_cache(maxsize=4096)
def cached_page(path):
    """The page_tags function of a cached view (see caching.cached()) and the URL's
    arguments, or None for a path that is no cached page."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    page_tags = getattr(match.func, "page_tags", None)
    return None if page_tags is None else (page_tags, match.kwargs)


@receiver(setting_changed)
def forget_pages(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        cached_page.cache_clear()
