"""SUNAT return codes: code -> Spanish message, and the exception that carries one.

The messages come from SUNAT's own return-code catalog (``data/catalogs/error-codes/
sunat-CatalogoErrores.csv``, 1,998 codes); the community list kept by Greenter fills the few
codes SUNAT's file lacks. Codes are always four-digit strings ("0151", "2334", "4252").
"""

from __future__ import annotations

import csv
import functools
from enum import Enum
from pathlib import Path

_CATALOG_DIR = Path(__file__).with_name("data") / "catalogs" / "error-codes"


class Severity(str, Enum):
    """What a return code means for the document (see FLOWS.md)."""

    ACCEPTED = "accepted"  # 0
    EXCEPTION = "exception"  # 0100-1999: nothing registered, fix and resend
    REJECTED = "rejected"  # 2000-3999: the number is used up
    OBSERVATION = "observation"  # 4000+: accepted with observations


def normalize_code(code: int | str) -> str:
    """Return ``code`` as SUNAT writes it: four digits, zero padded ("130" -> "0130")."""
    text = str(code).strip()
    if "." in text:  # "soap-env:Client.0130" / "env:Server.0130"
        text = text.rsplit(".", 1)[1]
    if not text.isdigit():
        raise ValueError(f"Código SUNAT no numérico: {code!r}")
    return text.zfill(4) if len(text) < 4 else text


@functools.cache
def _catalog() -> dict[str, str]:
    messages: dict[str, str] = {}
    # Greenter's list first, SUNAT's own file overrides it.
    for file_name in ("greenter-CodeErrors.csv", "sunat-CatalogoErrores.csv"):
        with (_CATALOG_DIR / file_name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                code = (row.get("code") or "").strip()
                if code:
                    messages[code] = (row.get("message") or "").strip()
    return messages


def message(code: int | str) -> str:
    """Spanish message of a SUNAT return code; a clear fallback that still names the code."""
    key = normalize_code(code)
    found = _catalog().get(key)
    if found:
        return found
    return f"Código SUNAT {key} no figura en el catálogo de errores"


def is_known(code: int | str) -> bool:
    return normalize_code(code) in _catalog()


def severity(code: int | str) -> Severity:
    """Classify a return code: 0 accepted, 0100-1999 exception, 2000-3999 rejected, 4000+ observation."""
    number = int(normalize_code(code))
    if number == 0:
        return Severity.ACCEPTED
    if number >= 4000:
        return Severity.OBSERVATION
    if number >= 2000:
        return Severity.REJECTED
    return Severity.EXCEPTION


class SunatError(Exception):
    """A condition SUNAT answers with a return code (e.g. a broken ZIP: 0156).

    ``detail`` says what exactly was wrong, in Spanish, for the log or the user.
    """

    def __init__(self, code: int | str, detail: str | None = None):
        self.code = normalize_code(code)
        self.message = message(self.code)
        self.detail = detail
        text = f"{self.code} {self.message}"
        if detail:
            text += f" ({detail})"
        super().__init__(text)

    @property
    def severity(self) -> Severity:
        return severity(self.code)
