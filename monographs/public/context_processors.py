from django.conf import settings


def site(request):
    """Site-wide text, kept once in settings rather than in every monograph."""
    return {"disclaimer": settings.MEDICAL_DISCLAIMER}
