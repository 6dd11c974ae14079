"""Validate a document the way SUNAT does before it is sent: ``validate(xml, file_name) -> Report``.

Stages, in SUNAT's order, stopping at the first one that fails:
1. the XML parses (0306) and the file name is a SUNAT name (0159) of the right type (1003);
2. the XSD (UBL 2.1, or SUNAT's 2.0 schemas for RC/RA) (0306 with the schema message);
3. optionally the signature (``check_signature=True``): 2335 when the content changed after
   signing (DigestValue), 2334 when the SignatureValue does not match, 2336 when it is missing;
4. SUNAT's rules: the SFS XSL sheets for 01/03/07/08, SUNAT's DataPower sheets for RC/RA
   (made runnable, see ``rules``) plus the RC rules no sheet has yet (``summary_rules``).

Thread-safe (see ``rules`` and ``xsd``). The first call compiles the schemas and the sheet it
needs (about a second); ``preload()`` does it up front.
"""

from __future__ import annotations

import re

from lxml import etree

from yupana.sunat import packaging, signing
from yupana.sunat.errors import SunatError
from yupana.sunat.validation import rules, summary_rules, xsd
from yupana.sunat.validation.report import Problem, Report

__all__ = ["Problem", "Report", "validate", "preload"]

ROOT_FOR_TYPE = {
    "01": "Invoice",
    "03": "Invoice",
    "07": "CreditNote",
    "08": "DebitNote",
    "RC": "SummaryDocuments",
    "RA": "VoidedDocuments",
}
_ENCODING_RE = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


def preload() -> None:
    """Compile all schemas and rule sheets now."""
    xsd.preload()
    rules.preload()


def _as_utf8(xml: bytes) -> bytes:
    """Saxon receives text; re-encode ISO-8859-1 documents so the declared encoding is honoured."""
    match = _ENCODING_RE.match(xml)
    if match and match.group(1).lower() not in (b"utf-8", b"utf8"):
        text = xml.decode(match.group(1).decode("ascii"))
        return text.encode("utf-8")
    return xml


def validate(
    xml: bytes,
    file_name: str,
    *,
    check_schema: bool = True,
    check_signature: bool = False,
    check_rules: bool = True,
    root: etree._Element | None = None,
) -> Report:
    """SUNAT's verdict on ``xml`` sent as ``file_name`` (``RUC-TT-SERIE-NUMERO[.xml]``).

    ``root``: ``xml`` already parsed by the caller with ``signing.parse_xml`` (or its settings),
    so it is not parsed again; it is left as it was given.
    """
    checks: list[str] = []
    try:
        name = packaging.parse_name(file_name, code="0159")
    except SunatError as exc:
        return Report((Problem.of(exc.code, exc.detail),), checks=("name",))
    if root is None:
        try:
            root = signing.parse_xml(xml)
        except signing.SigningError as exc:
            return Report((Problem.of("0306", str(exc)),), checks=("parse",))
    expected_root = ROOT_FOR_TYPE.get(name.doc_type)
    if expected_root is None:
        return Report((Problem.of("0151", f"tipo {name.doc_type} no soportado"),), checks=("name",))
    if etree.QName(root).localname != expected_root:
        return Report(
            (Problem.of("1003", f"el nombre indica {name.doc_type} y el XML es {etree.QName(root).localname}"),),
            checks=("name",),
        )

    if check_schema:
        checks.append("xsd")
        problems = xsd.validate_schema(root)
        if problems:
            return Report(tuple(problems), checks=tuple(checks))

    if check_signature:
        checks.append("signature")
        result = signing.verify(xml, root=root)
        if not result.valid:
            if result.certificate is None:
                code = "2336"
            elif not result.digest_ok:
                code = "2335"
            else:
                code = "2334"
            return Report((Problem.of(code, result.reason),), checks=tuple(checks))

    if not check_rules:
        return Report(checks=tuple(checks))
    checks.append("rules")
    errors, observations = rules.run_rules(_as_utf8(xml), f"{name}.xml", name.doc_type)
    if not errors:
        if name.is_summary:
            extra_errors, extra_observations = summary_rules.check(root, name.doc_type)
            errors += extra_errors
            observations += extra_observations
        else:
            observations += rules.check_product_codes(root)
    return Report(tuple(errors), tuple(observations), checks=tuple(checks))
