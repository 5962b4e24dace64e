import factory
from django.utils.text import slugify

from monographs.models import (
    FAQ,
    Drug,
    DrugSideEffect,
    Interaction,
    SideEffect,
    SideEffectListing,
)
from monographs.tallies import recount_conditions, recount_drugs


def recount_and_list():
    """After links made by factories, outside the write path: what editorial.changes
    keeps from them (each term's count of published drugs, the side-effect pages' lines,
    the counts and columns of the condition pages)."""
    SideEffect.objects.refresh_published_drug_counts()
    SideEffectListing.objects.rebuild()
    recount_drugs()
    recount_conditions()


class DrugFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Drug

    name = factory.Sequence(lambda n: f"Testamab {n}")
    slug = factory.LazyAttribute(lambda drug: slugify(drug.name))
    summary = "A drug made for a test."
    usage = "Used in tests."
    status = Drug.Status.PUBLISHED


class SideEffectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SideEffect

    name = factory.Sequence(lambda n: f"Test effect {n}")
    slug = factory.LazyAttribute(lambda side_effect: slugify(side_effect.name))
    is_reviewed = True


class DrugSideEffectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrugSideEffect

    drug = factory.SubFactory(DrugFactory)
    side_effect = factory.SubFactory(SideEffectFactory)
    frequency = DrugSideEffect.Frequency.COMMON


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    drug = factory.SubFactory(DrugFactory)
    question = "Is this a test?"
    answer = "Yes."


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    drug = factory.SubFactory(DrugFactory)
    name = factory.Sequence(lambda n: f"Othermab {n}")
    description = factory.LazyAttribute(lambda row: f"Taking it with {row.name} needs care.")
