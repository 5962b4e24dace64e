"""What an import did: one result per file, and the run's totals."""

from dataclasses import dataclass, field


class Outcome:
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT = "kept because edited"
    # An editor removed the monograph as a duplicate: its file is not imported again.
    REMOVED = "removed as duplicates"
    FAILED = "failed"

    ALL = (CREATED, UPDATED, UNCHANGED, KEPT, REMOVED, FAILED)


@dataclass
class FileResult:
    path: str
    outcome: str
    title: str = ""
    message: str = ""  # the reason of a failure, or a warning for a file that imported


@dataclass
class ImportReport:
    results: list[FileResult] = field(default_factory=list)
    mentions_reviewed: int = 0
    mentions_unreviewed: int = 0
    unstructured_blocks: int = 0
    new_terms: int = 0  # unreviewed side-effect terms the run created
    skipped: list = field(default_factory=list)  # files.Skipped: links, FIFOs, devices
    # Why the run stopped before writing anything ("" when it did not).
    stopped: str = ""

    def count(self, outcome):
        return sum(1 for result in self.results if result.outcome == outcome)

    @property
    def failures(self):
        return [result for result in self.results if result.outcome == Outcome.FAILED]

    @property
    def warnings(self):
        return [r for r in self.results if r.message and r.outcome != Outcome.FAILED]

    @property
    def changed(self):
        return self.count(Outcome.CREATED) + self.count(Outcome.UPDATED)
