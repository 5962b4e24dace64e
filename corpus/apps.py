"""The Django app of the synthetic corpus."""

from django.apps import AppConfig


class CorpusConfig(AppConfig):
    """Synthetic monographs for benchmarks and tests (`manage.py generate_corpus`); no models."""

    name = "corpus"
    verbose_name = "Synthetic corpus"
