"""What a validation answers: SUNAT codes with SUNAT's Spanish messages."""

from __future__ import annotations

from dataclasses import dataclass, field

from yupana.sunat import errors
from yupana.sunat.cdr import Outcome


@dataclass(frozen=True)
class Problem:
    """One SUNAT return code; ``location`` says where (node, value or schema line) when known."""

    code: str
    message: str
    location: str | None = None

    @classmethod
    def of(cls, code: str | int, location: str | None = None) -> "Problem":
        normalized = errors.normalize_code(code)
        return cls(normalized, errors.message(normalized), location)

    def __str__(self) -> str:
        text = f"{self.code} {self.message}"
        return f"{text} ({self.location})" if self.location else text


@dataclass(frozen=True)
class Report:
    """Errors make SUNAT refuse the document (exception 0100-1999 or rejection 2000-3999);
    observations (4000+) are accepted with a note in the CDR."""

    errors: tuple[Problem, ...] = ()
    observations: tuple[Problem, ...] = ()
    checks: tuple[str, ...] = field(default=(), compare=False)

    @property
    def rejected(self) -> bool:
        return bool(self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def outcome(self) -> Outcome:
        """What SUNAT's CDR would say: the first error decides (exception or rejection)."""
        if self.errors:
            if errors.severity(self.errors[0].code) is errors.Severity.REJECTED:
                return Outcome.REJECTED
            return Outcome.EXCEPTION
        return Outcome.OBSERVED if self.observations else Outcome.ACCEPTED

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.errors] + [p.code for p in self.observations]

    def lines(self) -> list[str]:
        """``CODE mensaje`` lines, errors first, as the CLI prints them."""
        return [str(p) for p in self.errors] + [str(p) for p in self.observations]
