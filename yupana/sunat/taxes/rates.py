"""Tax rates with their validity dates, injectable into the engine.

IGV (16% IGV + 2% IPM) is 18% since 2011-03-01. Ley 31556 gives qualifying restaurants, hotels and
lodgings a reduced total rate (8% IGV + 2% IPM = 10%) from 2022-09-01; Ley 32387 raises its IPM
part to 2.5% from 2026-01-01 (10.5%). ICBPER per plastic bag follows Ley 30884's schedule.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..model.errors import ValidationError


@dataclass(frozen=True, slots=True)
class DatedRate:
    since: date
    value: Decimal


def _table(*pairs: tuple[str, str]) -> tuple[DatedRate, ...]:
    return tuple(DatedRate(date.fromisoformat(since), Decimal(value)) for since, value in pairs)


def rate_on(table: tuple[DatedRate, ...], day: date, name: str) -> Decimal:
    """The value of ``table`` in force on ``day``."""
    position = bisect.bisect_right([entry.since for entry in table], day)
    if position == 0:
        raise ValidationError("issue_date", f"no hay tasa de {name} vigente el {day.isoformat()}")
    return table[position - 1].value


@dataclass(frozen=True, slots=True)
class Rates:
    """The rate tables the engine uses; tests and callers may pass their own."""

    igv: tuple[DatedRate, ...] = field(default_factory=lambda: _table(("2011-03-01", "18")))
    igv_reduced: tuple[DatedRate, ...] = field(
        default_factory=lambda: _table(("2022-09-01", "10"), ("2026-01-01", "10.5"))
    )
    icbper: tuple[DatedRate, ...] = field(
        default_factory=lambda: _table(
            ("2019-08-01", "0.10"),
            ("2020-01-01", "0.20"),
            ("2021-01-01", "0.30"),
            ("2022-01-01", "0.40"),
            ("2023-01-01", "0.50"),
        )
    )

    def igv_percent(self, day: date, *, reduced: bool = False) -> Decimal:
        """IGV rate in percent (18, or the Ley 31556 rate when the issuer qualifies)."""
        if reduced:
            return rate_on(self.igv_reduced, day, "IGV reducido (Ley 31556)")
        return rate_on(self.igv, day, "IGV")

    def icbper_per_bag(self, day: date) -> Decimal:
        return rate_on(self.icbper, day, "ICBPER")


DEFAULT_RATES = Rates()
