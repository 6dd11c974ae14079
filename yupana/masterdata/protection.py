"""Which records are in use and therefore cannot be deleted.

Foreign keys with on_delete=PROTECT/RESTRICT are found by Django itself (ProtectedError). Other apps
can also register a check for uses that are not a foreign key (for example a document that keeps a
copy of the customer): ``register_usage_check(fn)``, where ``fn(instance) -> list[str]`` returns
human descriptions such as ``["3 comprobantes"]``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

UsageCheck = Callable[[object], list[str]]
_checks: list[UsageCheck] = []


def register_usage_check(check: UsageCheck) -> UsageCheck:
    """Register a check (usable as a decorator). Registering the same function twice is a no-op."""
    if check not in _checks:
        _checks.append(check)
    return check


def unregister_usage_check(check: UsageCheck) -> None:
    if check in _checks:
        _checks.remove(check)


def registered_usages(instance) -> list[str]:
    found: list[str] = []
    for check in _checks:
        found.extend(check(instance) or [])
    return found


def describe_protected(objects) -> list[str]:
    """ProtectedError.protected_objects -> ["2 comprobantes", "1 cotización"]."""
    counts = Counter(obj._meta for obj in objects)
    return [f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}" for meta, n in counts.items()]
