"""The tax engine: ``compute(doc)`` fills in every amount from quantities, prices and codes.

Three ordered phases (enrich, compute lines, summarise), pure functions returning new objects,
rates injected (``Rates``), one rounding function (``money.round_amount``).
"""

from .computed import Computed, ComputedLine, TaxSubtotal, Totals
from .engine import compute
from .rates import DEFAULT_RATES, DatedRate, Rates
from .summary import summary_line

__all__ = [
    "Computed",
    "ComputedLine",
    "DEFAULT_RATES",
    "DatedRate",
    "Rates",
    "TaxSubtotal",
    "Totals",
    "compute",
    "summary_line",
]
