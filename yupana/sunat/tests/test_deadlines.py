"""SUNAT's window between issue date and sending: checked before a number is used."""

from __future__ import annotations

import datetime as dt

import pytest

from yupana.sunat import deadlines

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize("series, days_back, allowed", [
    ("F001", 0, True), ("F001", 3, True), ("F001", 4, False),     # factura: R.S. 000003-2023, 3 days
    ("FC01", 3, True), ("FD01", 4, False),                         # its notes, the same
    ("B001", 7, True), ("B001", 8, False), ("BC01", 7, True),      # boletas and their notes: 7 days
])
def test_window_by_series(series, days_back, allowed):
    problem = deadlines.issue_date_problem(series=series, issue_date=TODAY - dt.timedelta(days=days_back), today=TODAY)
    assert (problem is None) is allowed


def test_a_late_date_says_why_and_which_date_is_allowed():
    problem = deadlines.issue_date_problem(series="F001", issue_date=dt.date(2026, 11, 20), today=TODAY)
    assert "20/11/2026" in problem and "3 días" in problem and "2108" in problem
    assert "Use una fecha desde el 25/11/2026." in problem
    assert deadlines.send_deadline("F001", dt.date(2026, 11, 20)) == dt.date(2026, 11, 23)


def test_a_future_date_is_refused_even_by_one_day():
    problem = deadlines.issue_date_problem(series="B001", issue_date=TODAY + dt.timedelta(days=1), today=TODAY)
    assert problem.startswith("La fecha de emisión 29/11/2026 es posterior a hoy (28/11/2026)")
