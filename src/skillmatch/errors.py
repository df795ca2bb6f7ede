"""Errors raised by skillmatch.

Every error the project raises on purpose derives from :class:`SkillmatchError`, so callers
can catch one type. The surfaces (CLI, API) map them to exit codes and HTTP statuses in one
place each.

    SkillmatchError
    ├── DataFormatError        a file or record we cannot read (file, line, field, reason)
    │   └── ImportRejected     every bad record of an import; nothing from it landed
    │       └── ImportConflict the import's ids are already stored (also a Conflict)
    ├── NotFound
    │   ├── UnknownSkill
    │   ├── UnknownRole
    │   ├── UnknownCredential
    │   └── UnknownTeam
    ├── Conflict               an id that is taken, or work that is already running
    │   └── RebuildRunning     a rebuild of the index is in progress
    ├── InvalidRequest         a request that is well formed but cannot be answered
    ├── ArtifactsMissing       no taxonomy / index yet, or built for something else
    └── IntegrityError         a file whose checksum does not match what was pinned
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class SkillmatchError(Exception):
    """Base class of every error skillmatch raises on purpose."""

    code = "skillmatch_error"


@dataclass(frozen=True)
class Problem:
    """One bad record or field: where it is and what is wrong with it."""

    source: str
    reason: str
    line: int | None = None
    index: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f" line {self.line}"
        if self.index is not None:
            where += f" [{self.index}]"
        if self.field:
            where += f" field '{self.field}'"
        return f"{where}: {self.reason}"

    def as_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "line": self.line,
            "index": self.index,
            "field": self.field,
            "reason": self.reason,
        }


class DataFormatError(SkillmatchError):
    """A file (or one record in it) that cannot be read."""

    code = "data_format"

    def __init__(
        self,
        source: str,
        reason: str,
        *,
        line: int | None = None,
        index: int | None = None,
        field: str | None = None,
    ) -> None:
        self.problem = Problem(source, reason, line=line, index=index, field=field)
        super().__init__(str(self.problem))

    @property
    def problems(self) -> list[Problem]:
        return [self.problem]


class ImportRejected(DataFormatError):
    """An import found bad records; nothing from it was saved. ``problems`` lists them all."""

    code = "import_rejected"

    def __init__(self, problems: Sequence[Problem], *, accepted: int = 0) -> None:
        self.all_problems = list(problems)
        self.accepted = accepted
        self.problem = self.all_problems[0]
        shown = "\n".join(f"  {p}" for p in self.all_problems[:20])
        more = len(self.all_problems) - 20
        tail = f"\n  ... and {more} more" if more > 0 else ""
        SkillmatchError.__init__(
            self,
            f"{len(self.all_problems)} record(s) rejected, nothing imported "
            f"({accepted} valid):\n{shown}{tail}",
        )

    @property
    def problems(self) -> list[Problem]:
        return self.all_problems


class Conflict(SkillmatchError):
    """The request clashes with what is stored or running: an id that is taken, a busy rebuild."""

    code = "conflict"


class ImportConflict(ImportRejected, Conflict):
    """An import whose records carry ids that are already stored; nothing from it landed."""

    code = "id_conflict"


class RebuildRunning(Conflict):
    code = "rebuild_running"


class NotFound(SkillmatchError):
    code = "not_found"

    def __init__(self, message: str, *, suggestions: Sequence[str] = ()) -> None:
        self.suggestions = list(suggestions)
        super().__init__(message)


class UnknownSkill(NotFound):
    code = "unknown_skill"


class UnknownRole(NotFound):
    code = "unknown_role"


class UnknownCredential(NotFound):
    code = "unknown_credential"


class UnknownTeam(NotFound):
    code = "unknown_team"


class InvalidRequest(SkillmatchError):
    code = "invalid_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


def role_fault(exc: UnknownRole, text: str, field: str) -> InvalidRequest:
    """A role no one can read, named inside a request body (a team's target, a member's role): a fault
    of the body, answered 422 on ``field`` with the close roles, not a missing resource."""
    close = f"; close roles: {', '.join(exc.suggestions)}" if exc.suggestions else ""
    return InvalidRequest(f"{field}: no role matches {text!r}{close}", field=field)


class ArtifactsMissing(SkillmatchError):
    code = "artifacts_missing"


class IntegrityError(SkillmatchError):
    code = "integrity"

