from decimal import Decimal as D

from yupana.sunat.words import amount_in_words


def test_soles_and_dollars():
    assert amount_in_words(D("1234.56")) == "MIL DOSCIENTOS TREINTA Y CUATRO CON 56/100 SOLES"
    assert amount_in_words(D("1180"), "USD") == "MIL CIENTO OCHENTA CON 00/100 DÓLARES AMERICANOS"
    assert amount_in_words(D("0.5")) == "CERO CON 50/100 SOLES"
    assert amount_in_words(D("2001001.99")) == "DOS MILLONES MIL UNO CON 99/100 SOLES"


def test_docstring_examples():
    import doctest

    from yupana.sunat import words

    assert doctest.testmod(words).failed == 0
