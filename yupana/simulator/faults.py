"""Faults on purpose: what the next SOAP request should suffer, switchable at run time.

One ``FaultState`` per server. Flags give its starting values; ``POST /_control`` changes
it; ``{"reset": true}`` goes back to the starting values. ``decide()`` is called once per
SOAP request and returns what to do with it.
"""

from __future__ import annotations

import dataclasses
import random
import threading
from dataclasses import dataclass, field

DOWN_CODES = ("0100", "0109", "0130")
FAIL_KINDS = ("0100", "0109", "0130", "500", "503", "drop", "drop_after", "timeout")
OPERATIONS = ("sendBill", "sendSummary", "sendPack", "getStatus", "getStatusCdr")


class ControlError(ValueError):
    """A control request that cannot be applied; the message is in Spanish and names the field."""


@dataclass
class Faults:
    """The switchable settings. Every field can be set by a flag and by ``/_control``."""

    mode: str = "up"  # "up" or "down" (answers the SOAP fault ``code``)
    code: str = "0130"  # fault code while down: 0100, 0109 or 0130
    latency_ms: int = 0  # added before answering
    http_status: int = 0  # 500 or 503: answer a plain HTTP error instead of SOAP
    drop: bool = False  # close the connection without answering, nothing processed
    drop_after: bool = False  # process the request, then close without answering
    timeout: bool = False  # hold the connection without answering (client read timeout)
    hang_seconds: float = 30.0  # how long a "timeout" holds the connection
    ticket_stuck: bool = False  # getStatus answers 98 for ever
    ticket_delay: float = 1.0  # seconds a ticket stays at 98
    fail_rate: float = 0.0  # share of SOAP requests that fail at random
    seed: int | None = None  # seed of that randomness (repeatable runs)
    fail_with: list[str] = field(default_factory=lambda: ["0130", "503", "drop"])
    operations: list[str] = field(default_factory=list)  # empty: faults hit every operation
    count: int | None = None  # faults clear themselves after this many faulty answers
    # SUNAT production's sending window (yupana.sunat.deadlines): a factura received more than 3 days
    # after its issue date is rejected with 2108, one dated more than 2 days ahead with 2329. Off by
    # default: tests, samples and the demo month send documents with past dates.
    sending_window: bool = False

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Decision:
    """What to do with one SOAP request."""

    latency_ms: int = 0
    action: str = ""  # "", "fault", "http", "drop", "drop_after", "timeout"
    code: str = ""  # SOAP fault code or HTTP status
    hang_seconds: float = 0.0


def _as_bool(name: str, value) -> bool:
    if isinstance(value, bool):
        return value
    raise ControlError(f"El campo '{name}' debe ser true o false.")


def _as_number(name: str, value, kind, low, high=None):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ControlError(f"El campo '{name}' debe ser un número.")
    if kind is int and value != int(value):
        raise ControlError(f"El campo '{name}' debe ser un número entero.")
    value = kind(value)
    if value < low or (high is not None and value > high):
        rango = f"entre {low} y {high}" if high is not None else f"mayor o igual a {low}"
        raise ControlError(f"El campo '{name}' debe estar {rango}.")
    return value


def validated(update: dict) -> dict:
    """Check a control update field by field; return the clean values (raises ControlError)."""
    known = {f.name for f in dataclasses.fields(Faults)}
    clean: dict = {}
    for name, value in update.items():
        if name not in known:
            raise ControlError(f"Campo de control desconocido: '{name}'.")
        if name == "mode":
            if value not in ("up", "down"):
                raise ControlError("El campo 'mode' debe ser 'up' o 'down'.")
        elif name == "code":
            value = str(value)
            if value not in DOWN_CODES:
                raise ControlError("El campo 'code' debe ser uno de 0100, 0109, 0130.")
        elif name == "http_status":
            value = _as_number(name, value, int, 0)
            if value not in (0, 500, 503):
                raise ControlError("El campo 'http_status' debe ser 0, 500 o 503.")
        elif name in ("drop", "drop_after", "timeout", "ticket_stuck", "sending_window"):
            value = _as_bool(name, value)
        elif name == "latency_ms":
            value = _as_number(name, value, int, 0, 600_000)
        elif name in ("hang_seconds", "ticket_delay"):
            value = _as_number(name, value, float, 0, 3600)
        elif name == "fail_rate":
            value = _as_number(name, value, float, 0, 1)
        elif name == "seed":
            value = None if value is None else _as_number(name, value, int, 0)
        elif name == "count":
            value = None if value is None else _as_number(name, value, int, 1)
        elif name == "fail_with":
            if not isinstance(value, list) or not value or any(v not in FAIL_KINDS for v in value):
                raise ControlError("El campo 'fail_with' debe ser una lista con: " + ", ".join(FAIL_KINDS) + ".")
        elif name == "operations":
            if not isinstance(value, list) or any(v not in OPERATIONS for v in value):
                raise ControlError("El campo 'operations' debe ser una lista con: " + ", ".join(OPERATIONS) + ".")
        clean[name] = value
    return clean


class FaultState:
    """Thread-safe holder of the current ``Faults`` and of the seeded random generator."""

    def __init__(self, initial: Faults):
        self._initial = dataclasses.replace(initial)
        self._lock = threading.Lock()
        self._faults = dataclasses.replace(initial)
        self._rng = random.Random(initial.seed)
        self.release = threading.Event()  # set to free requests held by "timeout"

    @property
    def current(self) -> Faults:
        with self._lock:
            return dataclasses.replace(self._faults)

    def update(self, changes: dict) -> Faults:
        clean = validated(changes)
        with self._lock:
            for name, value in clean.items():
                setattr(self._faults, name, value)
            if "seed" in clean or "fail_rate" in clean:
                self._rng = random.Random(self._faults.seed)
            return dataclasses.replace(self._faults)

    def reset(self) -> Faults:
        with self._lock:
            self._faults = dataclasses.replace(self._initial)
            self._rng = random.Random(self._faults.seed)
        self.release.set()
        self.release = threading.Event()
        return self.current

    def decide(self, operation: str) -> Decision:
        """The fault (if any) for this request; counts it against ``count``."""
        with self._lock:
            f = self._faults
            latency = f.latency_ms
            if f.operations and operation not in f.operations:
                return Decision(latency_ms=latency)
            decision = self._pick(f, latency)
            if decision.action and f.count is not None:
                f.count -= 1
                if f.count <= 0:
                    self._clear_faults()
            return decision

    def _pick(self, f: Faults, latency: int) -> Decision:
        if f.timeout:
            return Decision(latency, "timeout", hang_seconds=f.hang_seconds)
        if f.drop:
            return Decision(latency, "drop")
        if f.http_status:
            return Decision(latency, "http", str(f.http_status))
        if f.mode == "down":
            return Decision(latency, "fault", f.code)
        if f.drop_after:
            return Decision(latency, "drop_after")
        if f.fail_rate and self._rng.random() < f.fail_rate:
            kind = self._rng.choice(f.fail_with)
            if kind in DOWN_CODES:
                return Decision(latency, "fault", kind)
            if kind in ("500", "503"):
                return Decision(latency, "http", kind)
            return Decision(latency, kind, hang_seconds=f.hang_seconds)
        return Decision(latency_ms=latency)

    def _clear_faults(self) -> None:
        keep = {"ticket_delay": self._faults.ticket_delay, "hang_seconds": self._faults.hang_seconds}
        self._faults = Faults(**keep)
