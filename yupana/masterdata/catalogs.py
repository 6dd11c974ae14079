"""SUNAT catalogs 03 (units), 06 (identity documents), 07 (IGV affectation) and 25 (product codes).

Read from the SUNAT core's package data so both layers agree on the codes. Loaded lazily and cached:
catalog 25 has ~53,000 rows and is only needed when a product carries a SUNAT code.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

CSV_DIR = Path(__file__).resolve().parent.parent / "sunat" / "data" / "catalogs" / "csv"

# Catalog 06 with the labels users know. "-" is the "sin documento" customer of a boleta under the
# threshold (SUNAT accepts the ID "-"); it is not a catalog code, so it never has a number.
DOCUMENT_TYPES: dict[str, str] = {
    "6": "RUC",
    "1": "DNI",
    "4": "Carné de extranjería",
    "7": "Pasaporte",
    "A": "Cédula diplomática de identidad",
    "0": "Doc. tributario no domiciliado sin RUC",
    "B": "Doc. de identidad del país de residencia (no domiciliado)",
    "C": "TIN - Doc. tributario persona natural",
    "D": "IN - Doc. tributario persona jurídica",
    "E": "Tarjeta Andina de Migración (TAM)",
    "F": "Permiso Temporal de Permanencia (PTP)",
    "G": "Salvoconducto",
    "-": "Sin documento",
}
NO_DOCUMENT = "-"

# Units users pick most often, first in the picker, with Spanish names (the CSV has UN/ECE English).
COMMON_UNITS: dict[str, str] = {
    "NIU": "Unidad (bienes)",
    "ZZ": "Unidad (servicios)",
    "KGM": "Kilogramo",
    "LTR": "Litro",
    "MTR": "Metro",
    "GRM": "Gramo",
    "BX": "Caja",
    "PK": "Paquete",
    "DZN": "Docena",
    "GLL": "Galón",
    "MTK": "Metro cuadrado",
    "MTQ": "Metro cúbico",
    "TNE": "Tonelada",
    "HUR": "Hora",
    "BG": "Bolsa",
    "BO": "Botella",
    "SET": "Juego",
    "KT": "Kit",
    "PR": "Par",
    "MIL": "Millar",
    "CEN": "Ciento",
    "CMT": "Centímetro",
}

# Catalog 07 labels, short.
IGV_AFFECTATIONS_COMMON = ("10", "20", "30", "40")


def _read(number: str) -> dict[str, str]:
    with open(CSV_DIR / f"cat_{number}.csv", encoding="utf-8", newline="") as fh:
        return {row["id"].strip(): row["description"].strip() for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def units() -> dict[str, str]:
    """Catalog 03 code -> name; common units first, with their Spanish names."""
    raw = _read("03")
    ordered = {code: f"{name}" for code, name in COMMON_UNITS.items() if code in raw}
    ordered.update((code, name) for code, name in sorted(raw.items()) if code not in ordered)
    return ordered


@lru_cache(maxsize=1)
def igv_affectations() -> dict[str, str]:
    """Catalog 07 code -> description."""
    return _read("07")


@lru_cache(maxsize=1)
def product_codes() -> dict[str, str]:
    """Catalog 25 (SUNAT product and service codes) code -> description."""
    return _read("25")


def unit_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} - {name}") for code, name in units().items()]


def igv_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} - {name}") for code, name in igv_affectations().items()]


def search_units(q: str, limit: int = 20) -> list[tuple[str, str]]:
    """Units whose code or name contains q, common ones first (the order of units())."""
    needle = q.strip().lower()
    found = [(c, n) for c, n in units().items() if not needle or needle in c.lower() or needle in n.lower()]
    return found[:limit]
