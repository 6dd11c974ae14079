"""UBL rendering: ``render(computed) -> bytes`` (unsigned XML, with an empty ExtensionContent).

Output is already in inclusive-C14N form, so the signer may hash it as it is.
"""

from __future__ import annotations

from ..model import Invoice, Summary, Voided
from ..taxes import Computed
from .invoice import render_invoice


def render(document) -> bytes:
    """Render a computed Invoice or Note, a Summary (RC) or a Voided (RA) to unsigned XML bytes."""
    if isinstance(document, Computed):
        if isinstance(document.doc, Invoice):
            return render_invoice(document)
        from .notes import render_note

        return render_note(document)
    if isinstance(document, Summary):
        from .summary import render_summary

        return render_summary(document)
    if isinstance(document, Voided):
        from .voided import render_voided

        return render_voided(document)
    raise TypeError(f"render() espera un documento calculado (taxes.compute), Summary o Voided; no {type(document).__name__}")


__all__ = ["render"]
