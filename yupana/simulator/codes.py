"""SUNAT return codes as the simulator answers them; codes and texts come from the core."""

from __future__ import annotations

from yupana.sunat.errors import Severity, SunatError, message, severity

__all__ = ["SunatError", "message", "is_exception", "is_rejection", "fault_text"]


def is_exception(code: str) -> bool:
    """0100-1999: nothing is registered; SUNAT answers a SOAP fault."""
    return severity(code) is Severity.EXCEPTION


def is_rejection(code: str) -> bool:
    """2000-3999: the document is rejected and its number is used up."""
    return severity(code) is Severity.REJECTED


def fault_text(error: SunatError) -> str:
    """SUNAT's catalog text, plus what exactly was wrong when we know it."""
    return f"{error.message} - Detalle: {error.detail}" if error.detail else error.message
