"""The core's validation, as the simulator calls it: in this process behind a lock, or in a pool.

The simulator adds no rule of its own: XSD, signature, name versus content and SUNAT's rules
all come from ``yupana.sunat.validation.validate``.
"""

from __future__ import annotations

import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Verdict:
    errors: list[tuple[str, str]] = field(default_factory=list)  # (code, message)
    observations: list[tuple[str, str]] = field(default_factory=list)


def _core_validate(xml: bytes, file_name: str, rules: bool) -> Verdict:
    try:
        from yupana.sunat.validation import validate
    except ImportError:  # the core's validation has not landed yet: the signature at least
        return _signature_only(xml)
    if rules:
        report = validate(xml, file_name, check_signature=True)
    else:
        report = validate(xml, file_name, check_signature=True, rules=False)
    return Verdict(
        [(p.code, p.message) for p in report.errors],
        [(p.code, p.message) for p in report.observations],
    )


def _signature_only(xml: bytes) -> Verdict:
    from yupana.sunat import signing

    result = signing.verify(xml)
    return Verdict([] if result else [("2335", result.reason)], [])


def _warm_up() -> None:
    from yupana.sunat import validation  # noqa: F401  (compiles the sheets once per worker)


class Validator:
    """Runs the core's validation; ``workers`` > 0 spreads it over processes."""

    def __init__(self, *, rules: bool = True, workers: int = 0):
        self.rules = rules
        self._lock = threading.Lock()
        self._pool = ProcessPoolExecutor(workers, initializer=_warm_up) if workers else None

    def __call__(self, xml: bytes, file_name: str) -> Verdict:
        if self._pool is not None:
            return self._pool.submit(_core_validate, xml, file_name, self.rules).result()
        with self._lock:  # the XSLT processor is not assumed thread-safe
            return _core_validate(xml, file_name, self.rules)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
