"""Cross-origin reads of the API: any site's scripts may GET it (it is public content).

Only paths under /api/, and only reading: a preflight (a script sending If-None-Match,
say) is answered for GET and HEAD; other methods are refused as everywhere
(serving.methods)."""

from django.http import HttpResponse

API_PATH = "/api/"


class ApiCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PATH):
            return self.get_response(request)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD"
            response["Access-Control-Allow-Headers"] = "If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
        else:
            response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag"
        return response
