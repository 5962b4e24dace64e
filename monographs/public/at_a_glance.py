"""The "At a glance" box and "When to get medical help" of a drug page, picked in Python
from the parts `DrugQuerySet.with_monograph()` or `get_monograph()` has already prefetched:
no query of its own."""

from dataclasses import dataclass

from monographs.models import Dosage, DrugSideEffect

# The populations whose dose is the one an adult would be given, most specific first: an
# entry that states no population is the monograph's general (in practice adult) dose.
ADULT_POPULATIONS = (
    Dosage.Population.ADULTS,
    Dosage.Population.ALL_AGES,
    Dosage.Population.GENERAL,
)
COMMON_TIERS = (DrugSideEffect.Frequency.VERY_COMMON, DrugSideEffect.Frequency.COMMON)
# Side effects named in the box; the sections below list them all.
MOST_COMMON = 6
MOST_SERIOUS = 8


@dataclass(frozen=True)
class AtAGlance:
    conditions: list
    usual_dose: Dosage | None
    common_side_effects: list
    more_common_side_effects: int  # beyond the ones named
    serious_side_effects: list  # all of them, for "When to get medical help"
    serious_in_box: list
    more_serious_side_effects: int

    def __bool__(self):
        return bool(
            self.conditions
            or self.usual_dose
            or self.common_side_effects
            or self.serious_side_effects
        )


def usual_adult_dose(dosages):
    """The first adult entry that states an amount; else the first adult entry that says
    anything (its instructions are the dose in words); else None."""
    adult = sorted(
        (entry for entry in dosages if entry.population in ADULT_POPULATIONS),
        key=lambda entry: ADULT_POPULATIONS.index(entry.population),
    )
    with_amount = next((entry for entry in adult if entry.amount is not None), None)
    return with_amount or next((entry for entry in adult if entry.instructions.strip()), None)


def serious_side_effects(links):
    """The links the monograph marks serious, the most common first."""
    return sorted((link for link in links if link.serious), key=lambda link: link.frequency)


def shortlist(items, size):
    """The first `size` items and how many more there are; "and 1 more" would take the
    room of the one it stands for, so one more is named."""
    shown = items if len(items) <= size + 1 else items[:size]
    return shown, len(items) - len(shown)


def at_a_glance(drug):
    """What it treats, the usual adult dose, the most common side effects and the serious
    warning signs of a drug fetched with_monograph() or get_monograph()."""
    links = list(drug.side_effect_links.all())
    common = sorted(
        (link for link in links if link.frequency in COMMON_TIERS),
        key=lambda link: link.frequency,
    )
    common, more_common = shortlist(common, MOST_COMMON)
    serious = serious_side_effects(links)
    serious_in_box, more_serious = shortlist(serious, MOST_SERIOUS)
    return AtAGlance(
        conditions=list(drug.conditions.all()),
        usual_dose=usual_adult_dose(drug.dosages.all()),
        common_side_effects=common,
        more_common_side_effects=more_common,
        serious_side_effects=serious,
        serious_in_box=serious_in_box,
        more_serious_side_effects=more_serious,
    )
