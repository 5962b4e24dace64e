"""The public pages' FilterSets, strict for the API: a parameter the page would leave out
(an unknown slug, a letter that is none) is a 400 with the FilterSet's own message."""

from monographs.api.errors import BadParameters


def filtered(filterset_class, request, **kwargs):
    """The FilterSet bound to the query string, every parameter usable, else BadParameters.
    An empty value (`?side_effect=`) counts as absent, as a form sends unset fields."""
    data = request.GET.copy()
    for name, values in request.GET.lists():
        data.setlist(name, [value for value in values if value])
    filterset = filterset_class(data, **kwargs)
    if not filterset.form.is_valid():
        errors = {name: list(messages) for name, messages in filterset.form.errors.items()}
        raise BadParameters(errors)
    return filterset
