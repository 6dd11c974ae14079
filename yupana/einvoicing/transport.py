"""SUNAT's billService / billConsultService over SOAP 1.1, as the dispatcher needs them.

A small client on ``requests`` (the core's ``client.py`` had not landed when this was written;
swap ``client_for`` to it when it does). Outcomes are typed: an answer (CDR bytes, ticket,
status), a :class:`SunatFault` (SUNAT said no, with its code) or a :class:`TransportError`
(no answer: it may or may not have been registered).
"""

from __future__ import annotations

import base64
import re
import threading
from dataclasses import dataclass
from xml.sax.saxutils import escape

import requests
from lxml import etree

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
SUNAT_CONSULT_SERVICE = "https://e-factura.sunat.gob.pe/ol-it-wsconscpegem/billConsultService"


class SunatFault(Exception):
    """A SOAP fault with SUNAT's code (``0130``, ``1033``, ``2223``...)."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")

    @property
    def is_exception(self) -> bool:
        """0100-1999: nothing was registered; the same file may be sent again later."""
        return self.code.isdigit() and 100 <= int(self.code) <= 1999

    @property
    def is_rejection(self) -> bool:
        return self.code.isdigit() and 2000 <= int(self.code) <= 3999


class TransportError(Exception):
    """No SOAP answer (timeout, dropped connection, HTTP error page): the outcome is unknown."""


@dataclass(frozen=True)
class StatusAnswer:
    code: str  # getStatus: 0, 98, 99; getStatusCdr: 0004, 0011...
    content: bytes | None
    message: str = ""


_ENVELOPE = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns:ser="http://service.sunat.gob.pe" '
    'xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">'
    "<soapenv:Header><wsse:Security><wsse:UsernameToken>"
    "<wsse:Username>{user}</wsse:Username><wsse:Password>{password}</wsse:Password>"
    "</wsse:UsernameToken></wsse:Security></soapenv:Header>"
    "<soapenv:Body><ser:{operation}>{params}</ser:{operation}></soapenv:Body></soapenv:Envelope>"
)


class SunatClient:
    def __init__(self, bill_url: str, consult_url: str, user: str, password: str, timeout: float = 30.0):
        self.bill_url = bill_url
        self.consult_url = consult_url
        self.user = user
        self.password = password
        self.timeout = timeout
        self.session = requests.Session()

    def _call(self, url: str, operation: str, params: dict[str, str]) -> etree._Element:
        body = "".join(f"<{k}>{escape(v)}</{k}>" for k, v in params.items())
        envelope = _ENVELOPE.format(user=escape(self.user), password=escape(self.password),
                                    operation=operation, params=body)
        try:
            response = self.session.post(url, data=envelope.encode(), timeout=self.timeout,
                                         headers={"Content-Type": "text/xml; charset=utf-8",
                                                  "SOAPAction": f'"urn:{operation}"'})
        except requests.RequestException as exc:
            raise TransportError(f"sin respuesta de SUNAT ({type(exc).__name__})") from exc
        try:
            root = etree.fromstring(response.content, _PARSER)
        except etree.XMLSyntaxError:
            raise TransportError(f"respuesta no SOAP de SUNAT (HTTP {response.status_code})") from None
        fault = root.find(f".//{{{SOAP_ENV}}}Fault")
        if fault is not None:
            faultcode = (fault.findtext("faultcode") or "").strip()
            match = re.search(r"(\d{1,4})\s*$", faultcode)
            message = (fault.findtext("faultstring") or "").strip()
            code = match.group(1).zfill(4) if match else (message if message.isdigit() else "")
            if not code:
                raise TransportError(f"falla SOAP sin código: {faultcode} {message}")
            raise SunatFault(code, message)
        if response.status_code >= 400:
            raise TransportError(f"HTTP {response.status_code}")
        return root

    @staticmethod
    def _find(root, name: str) -> str | None:
        for element in root.iter():
            if isinstance(element.tag, str) and etree.QName(element).localname == name:
                return (element.text or "").strip()
        return None

    def send_bill(self, file_name: str, zip_data: bytes) -> bytes:
        """The CDR zip for a factura, boleta or note."""
        root = self._call(self.bill_url, "sendBill",
                          {"fileName": file_name, "contentFile": base64.b64encode(zip_data).decode()})
        content = self._find(root, "applicationResponse")
        if not content:
            raise TransportError("SUNAT respondió sin CDR (applicationResponse)")
        return base64.b64decode(content)

    def send_summary(self, file_name: str, zip_data: bytes) -> str:
        """The ticket of an RC or RA."""
        root = self._call(self.bill_url, "sendSummary",
                          {"fileName": file_name, "contentFile": base64.b64encode(zip_data).decode()})
        ticket = self._find(root, "ticket")
        if not ticket:
            raise TransportError("SUNAT respondió sin ticket")
        return ticket

    def get_status(self, ticket: str) -> StatusAnswer:
        root = self._call(self.bill_url, "getStatus", {"ticket": ticket})
        content = self._find(root, "content")
        return StatusAnswer(self._find(root, "statusCode") or "", base64.b64decode(content) if content else None)

    def get_status_cdr(self, ruc: str, doc_type: str, series: str, number: int) -> StatusAnswer:
        root = self._call(self.consult_url, "getStatusCdr", {
            "rucComprobante": ruc, "tipoComprobante": doc_type, "serieComprobante": series,
            "numeroComprobante": str(number)})
        content = self._find(root, "content")
        return StatusAnswer(self._find(root, "statusCode") or "", base64.b64decode(content) if content else None,
                            self._find(root, "statusMessage") or "")


def consult_url_for(company) -> str:
    from django.conf import settings

    from yupana.companies.models import SunatEnvironment

    if company.sunat_environment == SunatEnvironment.SIMULATOR:
        from yupana.simulator import CONSULT_PATH

        return f"{settings.YUPANA_SIMULATOR_URL.rstrip('/')}{CONSULT_PATH}"
    if company.sunat_environment == SunatEnvironment.OSE:
        return company.ose_url
    return SUNAT_CONSULT_SERVICE


_clients = threading.local()


def client_for(company, timeout: float | None = None) -> SunatClient:
    """A client with the company's SOL credentials for its configured environment.

    Kept per thread and per (endpoint, user, password, timeout), so a worker reuses its keep-alive
    connection to SUNAT from one document to the next.
    """
    from django.conf import settings

    timeout = timeout or getattr(settings, "YUPANA_SUNAT_TIMEOUT", 30.0)
    key = (company.sunat_bill_service_url(), consult_url_for(company), company.sol_username(),
           company.sol_password(), timeout)
    cache = getattr(_clients, "cache", None)
    if cache is None:
        cache = _clients.cache = {}
    client = cache.get(key)
    if client is None:
        if len(cache) > 50:
            cache.clear()
        client = cache[key] = SunatClient(*key[:4], timeout=timeout)
    return client
