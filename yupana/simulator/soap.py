"""SOAP 1.1 envelopes as SUNAT's billService speaks them: read a request, write an answer or a fault."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
SERVICE_NS = "http://service.sunat.gob.pe"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


class BadRequest(ValueError):
    """The HTTP body is not a SOAP 1.1 request we can read."""


@dataclass
class SoapRequest:
    operation: str
    params: dict[str, str] = field(default_factory=dict)
    username: str | None = None
    password: str | None = None


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child(element, name):
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def parse_request(body: bytes) -> SoapRequest:
    """Operation name, its parameters (by local name) and the UsernameToken, if any."""
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise BadRequest(f"El mensaje SOAP no es XML válido: {exc}") from None
    if root.tag != f"{{{SOAP_ENV}}}Envelope":
        raise BadRequest("El mensaje no es un sobre SOAP 1.1 (soapenv:Envelope).")
    header = root.find(f"{{{SOAP_ENV}}}Header")
    body_el = root.find(f"{{{SOAP_ENV}}}Body")
    if body_el is None or not len(body_el):
        raise BadRequest("El sobre SOAP no tiene cuerpo (soapenv:Body).")
    call = body_el[0]
    params = {_local(c.tag): (c.text or "").strip() for c in call if _local(c.tag)}
    request = SoapRequest(operation=_local(call.tag), params=params)
    if header is not None:
        security = _child(header, "Security")
        token = _child(security, "UsernameToken") if security is not None else None
        if token is not None:
            user, password = _child(token, "Username"), _child(token, "Password")
            request.username = (user.text or "").strip() if user is not None else None
            request.password = (password.text or "") if password is not None else None
    return request


def _envelope(payload: etree._Element) -> bytes:
    env = etree.Element(f"{{{SOAP_ENV}}}Envelope", nsmap={"soap-env": SOAP_ENV})
    etree.SubElement(env, f"{{{SOAP_ENV}}}Header")
    etree.SubElement(env, f"{{{SOAP_ENV}}}Body").append(payload)
    return etree.tostring(env, xml_declaration=True, encoding="UTF-8")


def response(operation: str, wrapper: str | None, values: dict[str, str | None]) -> bytes:
    """``<br:{operation}Response>`` with unqualified children, as the WSDL's schema declares.

    ``wrapper`` nests the values in one more element (``status`` / ``statusCdr``).
    """
    payload = etree.Element(f"{{{SERVICE_NS}}}{operation}Response", nsmap={"br": SERVICE_NS})
    parent = etree.SubElement(payload, wrapper) if wrapper else payload
    for name, value in values.items():
        if value is not None:
            etree.SubElement(parent, name).text = value
    return _envelope(payload)


def fault(code: str, message: str, *, side: str = "Client") -> bytes:
    """A SOAP 1.1 fault as SUNAT writes it: ``soap-env:Client.0130`` and the Spanish text."""
    payload = etree.Element(f"{{{SOAP_ENV}}}Fault")
    etree.SubElement(payload, "faultcode").text = f"soap-env:{side}.{code}" if code else f"soap-env:{side}"
    etree.SubElement(payload, "faultstring").text = message
    return _envelope(payload)
