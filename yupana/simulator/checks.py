"""The core's validation, as the simulator calls it: in this process, or in a process pool.

The simulator adds no rule of its own: XSD, signature, name versus content and SUNAT's rules
all come from ``yupana.sunat.validation.validate`` (thread-safe, so threads call it directly).
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from yupana.sunat import validation


@dataclass(frozen=True)
class Verdict:
    """(code, detail) pairs; the detail says where, SUNAT's text comes from the code."""

    errors: list[tuple[str, str | None]] = field(default_factory=list)
    observations: list[tuple[str, str | None]] = field(default_factory=list)


def _core_validate(xml: bytes, file_name: str, rules: bool, root=None) -> Verdict:
    report = validation.validate(xml, file_name, check_signature=True, check_rules=rules, root=root)
    return Verdict([(p.code, p.location) for p in report.errors],
                   [(p.code, p.location) for p in report.observations])


def _warm_up(rules: bool) -> None:
    if rules:
        validation.preload()
        validation.rules.product_codes()


class Validator:
    """Runs the core's validation; ``workers`` > 0 spreads it over processes."""

    def __init__(self, *, rules: bool = True, workers: int = 0):
        self.rules = rules
        self._pool = ProcessPoolExecutor(workers, initializer=_warm_up, initargs=(rules,)) if workers else None

    def __call__(self, xml: bytes, file_name: str, root=None) -> Verdict:
        """``root``: ``xml`` already parsed (``docinfo.parse``); a pool parses again in its process."""
        if self._pool is not None:
            return self._pool.submit(_core_validate, xml, file_name, self.rules).result()
        return _core_validate(xml, file_name, self.rules, root)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
