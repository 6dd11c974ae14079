"""Small helpers for the simulator's tests: a raw SOAP caller, ZIPs and re-signed samples."""

from __future__ import annotations

import base64
import io
import zipfile
from dataclasses import dataclass

import httpx
from lxml import etree

from yupana.sunat import packaging
from yupana.sunat.testing import SAMPLES, demo_signer

SIGNED = SAMPLES / "signed"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
DS = "http://www.w3.org/2000/09/xmldsig#"

FACTURA = "greenter-F001-1__20123456789-01-F001-1.xml"  # 20123456789-01-F001-1
RC = "greenter-F001-1__20123456789-RC-20201022-33221.xml"  # voids BA01-11 (status 3)
RA = "greenter-F001-1__20123456789-RA-20201018-1.xml"  # voids F001-111 and FC01-23


def sample(name: str) -> bytes:
    return (SIGNED / name).read_bytes()


def sample_name(file_name: str) -> str:
    """``greenter-F001-1__20123456789-01-F001-1.xml`` -> ``20123456789-01-F001-1``."""
    return file_name.split("__", 1)[1].rsplit(".", 1)[0].removesuffix("_observado")


def rc_with_percent() -> bytes:
    """The greenter RC with the line tax rate (cbc:Percent) that SUNAT requires since 2026 (2992)."""
    return resign(sample(RC), b"<cac:TaxScheme>", b"<cbc:Percent>18.00</cbc:Percent><cac:TaxScheme>")


def zipped(name: str, xml: bytes) -> bytes:
    return packaging.zip_document(name, xml)


def raw_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, data in entries.items():
            archive.writestr(entry, data)
    return buffer.getvalue()


def resign(xml: bytes, old: bytes = b"", new: bytes = b"") -> bytes:
    """The document with ``old`` replaced by ``new`` and signed again with a demo key."""
    root = etree.fromstring(xml)
    signature = root.find(f".//{{{DS}}}Signature")
    signature.getparent().remove(signature)
    unsigned = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    if old:
        assert old in unsigned
        unsigned = unsigned.replace(old, new)
    return demo_signer().sign(unsigned)


@dataclass
class SoapAnswer:
    status: int
    root: etree._Element | None
    text: str

    def find(self, local_name: str) -> str | None:
        for element in self.root.iter():
            if isinstance(element.tag, str) and etree.QName(element).localname == local_name:
                return element.text
        return None

    @property
    def fault_code(self) -> str | None:
        return self.find("faultcode")

    @property
    def fault_string(self) -> str | None:
        return self.find("faultstring")


def soap_call(url: str, operation: str, params: dict, user: str | None = "20123456789MODDATOS",
              password: str = "moddatos", timeout: float = 30.0) -> SoapAnswer:
    """One SOAP 1.1 call written by hand (no WSDL), with a WS-Security UsernameToken."""
    header = ""
    if user is not None:
        header = (f'<wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken><wsse:Username>{user}</wsse:Username>'
                  f"<wsse:Password>{password}</wsse:Password></wsse:UsernameToken></wsse:Security>")
    body = "".join(f"<{k}>{v}</{k}>" for k, v in params.items())
    envelope = (f'<soapenv:Envelope xmlns:soapenv="{SOAP_ENV}" xmlns:ser="http://service.sunat.gob.pe">'
                f"<soapenv:Header>{header}</soapenv:Header><soapenv:Body><ser:{operation}>{body}</ser:{operation}>"
                "</soapenv:Body></soapenv:Envelope>")
    response = httpx.post(url, content=envelope.encode(), timeout=timeout,
                          headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": f"urn:{operation}"})
    try:
        root = etree.fromstring(response.content)
    except etree.XMLSyntaxError:
        root = None
    return SoapAnswer(response.status_code, root, response.text)


def send_bill(url: str, name: str, content: bytes, **kwargs) -> SoapAnswer:
    return soap_call(url, "sendBill", {"fileName": f"{name}.zip", "contentFile": base64.b64encode(content).decode()},
                     **kwargs)


def send_summary(url: str, name: str, content: bytes, **kwargs) -> SoapAnswer:
    return soap_call(url, "sendSummary",
                     {"fileName": f"{name}.zip", "contentFile": base64.b64encode(content).decode()}, **kwargs)


def cdr_of(answer: SoapAnswer, element: str = "applicationResponse") -> tuple[str, bytes]:
    """(entry name, CDR XML) from a base64 CDR zip in the answer."""
    data = base64.b64decode(answer.find(element))
    archive = zipfile.ZipFile(io.BytesIO(data))
    (entry,) = archive.namelist()
    return entry, archive.read(entry)
