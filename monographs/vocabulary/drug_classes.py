"""Drug classes and their members, as kept in `monographs/vocabulary/drug_classes.yaml`:
what lets the interaction checker read "NSAIDs" in warfarin's monograph as a statement
about ibuprofen."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from monographs.text import normalise

CLASSES_FILE = Path(__file__).resolve().parent / "drug_classes.yaml"


@dataclass(frozen=True)
class DrugClass:
    name: str  # as shown: "NSAIDs"
    source: str  # where the membership comes from
    members: frozenset  # name keys (normalise()) of the member drugs


@dataclass(frozen=True)
class DrugClasses:
    by_name: dict  # a name key of the class ("non steroidal anti inflammatory drugs") -> DrugClass

    def named(self, text):
        """The class the text names, or None."""
        return self.by_name.get(normalise(text))


@lru_cache(maxsize=1)
def drug_classes(path=CLASSES_FILE):
    """The classes, each with the members of the classes it includes; read once."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    entries = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}

    def members(key, seen=()):
        if key in seen:
            raise ValueError(f"{path.name}: {key} includes itself")
        entry = entries[key]
        names = {normalise(member) for member in entry.get("members", [])}
        for included in entry.get("includes", []):
            names |= members(included, (*seen, key))
        return names

    by_name = {}
    for key, entry in entries.items():
        drug_class = DrugClass(entry["names"][0], entry["source"], frozenset(members(key)))
        for name in entry["names"]:
            by_name[normalise(name)] = drug_class
    return DrugClasses(by_name)
