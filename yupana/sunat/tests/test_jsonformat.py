"""The JSON format: errors name the JSON path of the bad value."""

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from yupana.sunat import jsonformat
from yupana.sunat.model import Invoice, ValidationError

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "documents" / "01-factura-gravada.json"


def data():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def failure(document) -> str:
    with pytest.raises(ValidationError) as info:
        jsonformat.loads(json.dumps(document))
    return str(info.value)


def test_loads_reads_decimals_without_float():
    doc = data()
    doc["lines"][0]["unit_value"] = 50.10  # a JSON number: read from its text, never through float
    loaded = jsonformat.loads(json.dumps(doc))
    assert isinstance(loaded, Invoice) and loaded.lines[0].unit_value == D("50.1")


def test_error_paths():
    doc = data()
    doc["customer"]["number"] = "20100066604"
    assert failure(doc) == "customer.number: RUC inválido (dígito verificador)"
    doc = data()
    doc["lines"][1]["quantity"] = "0"
    assert failure(doc) == "lines[1].quantity: debe ser mayor que cero"
    doc = data()
    doc["lines"][0]["unit_code"] = "CAJA"
    assert failure(doc) == "lines[0].unit_code: código 'CAJA' no existe en el catálogo 03 de SUNAT"
    doc = data()
    doc["lines"][0]["precio"] = "1"
    assert failure(doc) == "lines[0].precio: campo desconocido"
    doc = data()
    del doc["issuer"]["address"]
    assert failure(doc) == "issuer.address: es obligatorio"
    doc = data()
    doc["issue_date"] = "20/11/2026"
    assert failure(doc) == "issue_date: fecha inválida '20/11/2026' (use AAAA-MM-DD)"
    doc = data()
    doc["number"] = "1"
    assert failure(doc) == "number: debe ser un número entero"
    doc = data()
    doc["doc_type"] = "09"
    assert failure(doc).startswith("doc_type: tipo de documento '09' no soportado")


def test_invalid_json_text():
    with pytest.raises(ValidationError) as info:
        jsonformat.loads("{")
    assert "JSON inválido" in str(info.value)


def test_summary_line_errors_point_inside_the_embedded_document():
    doc = json.loads((EXAMPLE.parent / "15-resumen-diario.json").read_text(encoding="utf-8"))
    doc["lines"][1]["document"]["customer"] = {"doc_type": "0", "number": "-", "name": "CLIENTES VARIOS"}
    assert failure(doc).startswith("lines[1].document.customer: una boleta (o su nota) mayor a S/ 700")
