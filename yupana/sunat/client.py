"""SOAP 1.1 client for SUNAT's billService and billConsultService (and any OSE or the simulator).

Envelopes are written by hand (they are tiny; a WSDL toolkit would dominate the cost) but follow
the WSDLs in ``data/wsdl``: document/literal, operation element in ``http://service.sunat.gob.pe``
with unqualified children, SOAPAction ``urn:<operation>``, WS-Security UsernameToken with
PasswordText and the user ``RUC + SOL user``.

A transport outcome is not SUNAT's verdict: a SOAP fault is ``SunatFault`` (SUNAT answered with
a code), a timeout or a dropped connection is ``TransportError`` (the document may or may not be
registered: ask ``get_status_cdr`` before sending again, see FLOWS.md).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

import httpx
from lxml import etree

from yupana.sunat import cdr as cdr_module
from yupana.sunat import errors
from yupana.sunat.cdr import Cdr

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICE_NS = "http://service.sunat.gob.pe"
WSSE_NS = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
PASSWORD_TEXT = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText"
)

BILL_PATH_BETA = "/ol-ti-itcpfegem-beta/billService"
CONSULT_PATH_BETA = "/ol-it-wsconscpegem-beta/billConsultService"
BILL_PATH_PRODUCTION = "/ol-ti-itcpfegem/billService"
CONSULT_PATH_PRODUCTION = "/ol-it-wsconscpegem/billConsultService"
SIMULATOR_BASE = "http://127.0.0.1:8765"


@dataclass(frozen=True)
class Endpoints:
    """Where to send: ``bill`` (sendBill/sendSummary/getStatus) and ``consult`` (billConsultService)."""

    bill: str
    consult: str | None = None

    @classmethod
    def from_base(cls, base: str, *, production: bool = False) -> "Endpoints":
        """SUNAT's paths under another host (the simulator speaks the beta paths)."""
        base = base.rstrip("/")
        if production:
            return cls(base + BILL_PATH_PRODUCTION, base + CONSULT_PATH_PRODUCTION)
        return cls(base + BILL_PATH_BETA, base + CONSULT_PATH_BETA)


SUNAT_BETA = Endpoints(
    "https://e-beta.sunat.gob.pe" + BILL_PATH_BETA, "https://e-beta.sunat.gob.pe" + CONSULT_PATH_BETA
)
SUNAT_PRODUCTION = Endpoints(
    "https://e-factura.sunat.gob.pe" + BILL_PATH_PRODUCTION,
    "https://e-factura.sunat.gob.pe" + CONSULT_PATH_PRODUCTION,
)
SIMULATOR = Endpoints.from_base(SIMULATOR_BASE)
# SUNAT's test credentials for beta (any RUC): user MODDATOS, password moddatos.
BETA_USER = "MODDATOS"
BETA_PASSWORD = "moddatos"


class TransportError(Exception):
    """No SUNAT answer: timeout, connection refused or dropped, or an HTTP error without a SOAP fault."""


class SunatFault(errors.SunatError):
    """SUNAT answered with a SOAP fault such as ``soap-env:Client.0130``.

    ``code`` is the four-digit return code ("" if the fault carries none); ``message`` is the
    fault string SUNAT sent (or the catalog's when it sent none); ``fault_code`` is the raw one.
    """

    def __init__(self, code: str, message: str, fault_code: str = "", detail: str | None = None):
        Exception.__init__(self, f"{code} {message}".strip())
        self.code = code
        self.message = message
        self.fault_code = fault_code
        self.detail = detail

    @property
    def severity(self) -> errors.Severity:
        return errors.severity(self.code) if self.code else errors.Severity.EXCEPTION


@dataclass(frozen=True)
class StatusResult:
    """getStatus (ticket): 98 processing, 0 done, 99 done with errors.
    getStatusCdr: 0004 the CDR exists (in ``cdr``), other codes say why not."""

    code: str
    message: str
    cdr: Cdr | None
    content: bytes | None

    @property
    def in_process(self) -> bool:
        return self.code == "98"


def envelope(operation: str, body_fields: list[tuple[str, str]], username: str, password: str) -> bytes:
    """A SOAP 1.1 request for one SUNAT operation (fields are written in the WSDL's order)."""
    fields = "".join(f"<{name}>{escape(value)}</{name}>" for name, value in body_fields)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns:ser="{SERVICE_NS}" xmlns:wsse="{WSSE_NS}">'
        "<soapenv:Header><wsse:Security><wsse:UsernameToken>"
        f"<wsse:Username>{escape(username)}</wsse:Username>"
        f'<wsse:Password Type="{PASSWORD_TEXT}">{escape(password)}</wsse:Password>'
        "</wsse:UsernameToken></wsse:Security></soapenv:Header>"
        f"<soapenv:Body><ser:{operation}>{fields}</ser:{operation}></soapenv:Body>"
        "</soapenv:Envelope>"
    ).encode("utf-8")


_FAULT_CODE_RE = re.compile(r"(\d{4})\s*$")


def parse_fault(root: etree._Element) -> SunatFault | None:
    """The SunatFault in a SOAP response, if it is a fault."""
    fault = next(root.iter(f"{{{SOAP_ENV}}}Fault"), None)
    if fault is None:
        return None
    fault_code = (fault.findtext("faultcode") or "").strip()
    fault_string = " ".join((fault.findtext("faultstring") or "").split())
    detail_node = fault.find("detail")
    detail = " ".join("".join(detail_node.itertext()).split()) if detail_node is not None else None
    code = ""
    match = _FAULT_CODE_RE.search(fault_code.rsplit(":", 1)[-1].rsplit(".", 1)[-1])
    if match:
        code = match.group(1)
    elif fault_string.isdigit():  # some SUNAT faults put the code in faultstring
        code, fault_string = fault_string.zfill(4), ""
    if code and not fault_string:
        fault_string = errors.message(code)
    return SunatFault(code, fault_string or fault_code or "Falla SOAP sin mensaje", fault_code, detail or None)


def _child(root: etree._Element, local_name: str) -> etree._Element | None:
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname == local_name:
            return element
    return None


def _child_text(root: etree._Element | None, local_name: str) -> str | None:
    if root is None:
        return None
    node = _child(root, local_name)
    return None if node is None or node.text is None else node.text.strip()


class SunatClient:
    """One taxpayer's connection to SUNAT, an OSE or the simulator. Reuses its HTTP connection."""

    def __init__(
        self,
        endpoint: Endpoints | str = SIMULATOR,
        ruc: str = "",
        user: str = BETA_USER,
        password: str = BETA_PASSWORD,
        timeout: float = 30.0,
        *,
        consult_endpoint: str | None = None,
        transport: httpx.BaseTransport | None = None,
    ):
        if isinstance(endpoint, str):
            if endpoint.rstrip("/").lower().endswith(("billservice", "billconsultservice")) or "/ol-" in endpoint:
                endpoint = Endpoints(endpoint, consult_endpoint)
            else:  # a bare base URL such as the simulator's
                endpoint = Endpoints.from_base(endpoint)
        if consult_endpoint:
            endpoint = Endpoints(endpoint.bill, consult_endpoint)
        if not re.fullmatch(r"\d{11}", ruc or ""):
            raise ValueError(f"RUC del emisor inválido para el usuario SOL: {ruc!r} (11 dígitos)")
        self.endpoints = endpoint
        self.ruc = ruc
        self.username = f"{ruc}{user}"
        self.password = password
        self.timeout = timeout
        self._http = httpx.Client(timeout=timeout, transport=transport)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "SunatClient":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- transport ---------------------------------------------------------------------------
    def _call(self, url: str | None, operation: str, body_fields: list[tuple[str, str]]) -> etree._Element:
        if not url:
            raise TransportError(f"No hay URL configurada para {operation}")
        request = envelope(operation, body_fields, self.username, self.password)
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f'"urn:{operation}"'}
        try:
            response = self._http.post(url, content=request, headers=headers)
        except httpx.TimeoutException as exc:
            raise TransportError(f"SUNAT no respondió a tiempo ({self.timeout:g} s) en {operation}") from exc
        except httpx.HTTPError as exc:
            raise TransportError(f"No se pudo conectar con {url}: {exc}") from exc
        root = None
        if response.content:
            try:
                root = etree.fromstring(
                    response.content, etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
                )
            except etree.XMLSyntaxError:
                root = None
        if root is not None:
            fault = parse_fault(root)
            if fault is not None:
                raise fault
        if response.status_code >= 400 or root is None:
            raise TransportError(
                f"Respuesta HTTP {response.status_code} sin mensaje SOAP válido de {url} en {operation}"
            )
        return root

    # -- billService -------------------------------------------------------------------------
    def send_bill(self, file_name: str, zip_bytes: bytes) -> Cdr:
        """sendBill: a factura, boleta or note; SUNAT answers the CDR at once."""
        root = self._call(self.endpoints.bill, "sendBill", self._file_fields(file_name, zip_bytes))
        content = _child_text(root, "applicationResponse")
        if not content:
            raise TransportError("La respuesta de sendBill no trae applicationResponse")
        return cdr_module.parse(base64.b64decode(content))

    def send_summary(self, file_name: str, zip_bytes: bytes) -> str:
        """sendSummary: an RC or RA; SUNAT answers a ticket to ask ``get_status`` with."""
        root = self._call(self.endpoints.bill, "sendSummary", self._file_fields(file_name, zip_bytes))
        ticket = _child_text(root, "ticket")
        if not ticket:
            raise TransportError("La respuesta de sendSummary no trae ticket")
        return ticket

    def get_status(self, ticket: str) -> StatusResult:
        """getStatus(ticket): 98 still processing, 0 processed, 99 processed with errors (CDR says why)."""
        root = self._call(self.endpoints.bill, "getStatus", [("ticket", ticket)])
        return self._status(_child(root, "status"))

    # -- billConsultService ------------------------------------------------------------------
    def get_status_cdr(self, ruc: str, tipo: str, serie: str, numero: int | str) -> StatusResult:
        """getStatusCdr: the CDR of a document already sent (0004 when it exists)."""
        root = self._call(self.endpoints.consult, "getStatusCdr", self._document_fields(ruc, tipo, serie, numero))
        return self._status(_child(root, "statusCdr"))

    def consult(self, ruc: str, tipo: str, serie: str, numero: int | str) -> tuple[str, str]:
        """Validity query (getStatus of billConsultService): 0001 accepted, 0002 rejected, 0003 voided, 0011 not found."""
        root = self._call(self.endpoints.consult, "getStatus", self._document_fields(ruc, tipo, serie, numero))
        status = _child(root, "status")
        code = _child_text(status, "statusCode") or ""
        message = _child_text(status, "statusMessage") or (errors.message(code) if code.isdigit() else "")
        return code, message

    # -- helpers -----------------------------------------------------------------------------
    @staticmethod
    def _file_fields(file_name: str, zip_bytes: bytes) -> list[tuple[str, str]]:
        if not file_name.lower().endswith(".zip"):
            file_name += ".zip"
        return [("fileName", file_name), ("contentFile", base64.b64encode(zip_bytes).decode("ascii"))]

    @staticmethod
    def _document_fields(ruc: str, tipo: str, serie: str, numero: int | str) -> list[tuple[str, str]]:
        return [
            ("rucComprobante", str(ruc)),
            ("tipoComprobante", str(tipo)),
            ("serieComprobante", str(serie)),
            ("numeroComprobante", str(int(numero))),
        ]

    @staticmethod
    def _status(status: etree._Element | None) -> StatusResult:
        if status is None:
            raise TransportError("La respuesta no trae el estado (status)")
        code = _child_text(status, "statusCode") or ""
        message = _child_text(status, "statusMessage") or ""
        content_text = _child_text(status, "content")
        content = base64.b64decode(content_text) if content_text else None
        parsed = cdr_module.parse(content) if content else None
        if not message and parsed is not None:
            message = parsed.description
        return StatusResult(code, message, parsed, content)
