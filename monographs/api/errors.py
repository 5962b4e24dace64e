"""Errors as JSON with a message: 400 for parameters the API cannot use, 404 for what is
not published. The handlers that write them are in api.urls."""

from ninja.errors import HttpError


class BadParameters(Exception):
    """Parameters a FilterSet refused: {name: [messages]}."""

    def __init__(self, errors):
        super().__init__("Some parameters cannot be used.")
        self.errors = errors


def not_found(kind, slug):
    return HttpError(404, f"No {kind} “{slug[:100]}” is published here.")
