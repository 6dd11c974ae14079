"""Yupana's SUNAT core: model, tax engine, UBL 2.1 XML, signing, validation and transport.

Pure Python: never imports Django. See ``docs/architecture.md`` for the public contract.
"""
