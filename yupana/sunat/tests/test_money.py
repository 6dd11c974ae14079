from decimal import Decimal as D

import pytest

from yupana.sunat.money import decimal_places, format_amount, round_amount, to_decimal


def test_round_half_up():
    assert round_amount(D("2.345")) == D("2.35")
    assert round_amount(D("2.344999")) == D("2.34")
    assert round_amount(D("0.125")) == D("0.13")  # half-even would give 0.12


def test_places_and_format():
    assert decimal_places(D("1.50")) == 1
    assert decimal_places(D("100")) == 0
    assert format_amount(D("3")) == "3.00"


def test_to_decimal_refuses_float():
    assert to_decimal("12.30") == D("12.30")
    with pytest.raises(ValueError):
        to_decimal(12.3)
    with pytest.raises(ValueError):
        to_decimal("NaN")
