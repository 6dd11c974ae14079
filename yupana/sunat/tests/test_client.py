"""SOAP client: envelopes conform to SUNAT's WSDL types; answers and faults are read from real bytes
served over HTTP on 127.0.0.1 (end-to-end runs against the simulator live in yupana/simulator/tests)."""

from __future__ import annotations

import base64
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from lxml import etree

from yupana.sunat import client as sunat_client
from yupana.sunat.cdr import Outcome
from yupana.sunat.client import SunatClient, SunatFault, TransportError
from yupana.sunat.testing import SAMPLES

WSDL_DIR = Path(sunat_client.__file__).parent / "data" / "wsdl"
CDR_ZIP = (SAMPLES / "cdr" / "greenter-ws__cdrBaja.zip").read_bytes()
FAULT_0130 = (
    b'<?xml version="1.0" encoding="UTF-8"?><soap-env:Envelope xmlns:soap-env="http://schemas.xmlsoap.org/soap/envelope/">'
    b"<soap-env:Header/><soap-env:Body><soap-env:Fault><faultcode>soap-env:Client.0130</faultcode>"
    b"<faultstring>El sistema no puede responder su solicitud. (No se pudo obtener el ticket de proceso)</faultstring>"
    b"</soap-env:Fault></soap-env:Body></soap-env:Envelope>"
)


def response(operation: str, inner: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/">'
        f'<S:Body><ns2:{operation} xmlns:ns2="http://service.sunat.gob.pe">{inner}</ns2:{operation}></S:Body>'
        "</S:Envelope>"
    ).encode()


class Recorder:
    """A small SOAP endpoint: answers each request with the next canned (status, body)."""

    def __init__(self):
        self.requests: list[tuple[str, dict, bytes]] = []
        self.answers: list[tuple[int, bytes]] = []
        self.delay = 0.0
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                recorder.requests.append((self.path, dict(self.headers), body))
                time.sleep(recorder.delay)
                status, payload = recorder.answers.pop(0)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/xml;charset=UTF-8")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    recorder = Recorder()
    yield recorder
    recorder.stop()


@pytest.fixture(scope="module")
def wsdl_types() -> dict[str, etree.XMLSchema]:
    return {
        "bill": etree.XMLSchema(etree.parse(str(WSDL_DIR / "billService.xsd2.xsd"))),
        "consult": etree.XMLSchema(etree.parse(str(WSDL_DIR / "billConsultService.xsd"))),
    }


def body_of(request: bytes) -> etree._Element:
    root = etree.fromstring(request)
    return root.find("{http://schemas.xmlsoap.org/soap/envelope/}Body")[0]


def test_send_bill_envelope_conforms_and_cdr_is_read(server, wsdl_types):
    server.answers.append((200, response("sendBillResponse", f"<applicationResponse>{base64.b64encode(CDR_ZIP).decode()}</applicationResponse>")))
    with SunatClient(server.base, "20600995805", "MODDATOS", "moddatos", 5) as sunat:
        result = sunat.send_bill("20600995805-01-F001-1", b"PK-zip-bytes")
    assert result.outcome is Outcome.ACCEPTED and result.raw == CDR_ZIP
    path, headers, request = server.requests[0]
    assert path == "/ol-ti-itcpfegem-beta/billService"
    assert headers["SOAPAction"] == '"urn:sendBill"'
    assert headers["Content-Type"].startswith("text/xml")
    operation = body_of(request)
    assert wsdl_types["bill"].validate(etree.ElementTree(operation)), wsdl_types["bill"].error_log
    assert operation.findtext("fileName") == "20600995805-01-F001-1.zip"
    assert base64.b64decode(operation.findtext("contentFile")) == b"PK-zip-bytes"
    root = etree.fromstring(request)
    ns = {"wsse": sunat_client.WSSE_NS}
    assert root.findtext(".//wsse:Username", namespaces=ns) == "20600995805MODDATOS"
    password = root.find(".//wsse:Password", namespaces=ns)
    assert password.text == "moddatos" and password.get("Type").endswith("#PasswordText")


def test_summary_ticket_and_status_flow(server, wsdl_types):
    server.answers += [
        (200, response("sendSummaryResponse", "<ticket>1703154974517</ticket>")),
        (200, response("getStatusResponse", "<status><statusCode>98</statusCode></status>")),
        (200, response("getStatusResponse", f"<status><content>{base64.b64encode(CDR_ZIP).decode()}</content><statusCode>0</statusCode></status>")),
    ]
    sunat = SunatClient(server.base, "20600995805", timeout=5)
    ticket = sunat.send_summary("20600995805-RA-20171001-1.zip", b"zip")
    assert ticket == "1703154974517"
    pending = sunat.get_status(ticket)
    assert pending.in_process and pending.cdr is None
    done = sunat.get_status(ticket)
    assert done.code == "0" and done.cdr.document_id == "RA-20171001-1"
    assert done.message == "La Comunicación de baja RA-20171001-1, ha sido aceptada"
    for _, headers, request in server.requests:
        assert wsdl_types["bill"].validate(etree.ElementTree(body_of(request)))
    assert [h["SOAPAction"] for _, h, _ in server.requests] == ['"urn:sendSummary"', '"urn:getStatus"', '"urn:getStatus"']
    sunat.close()


def test_consult_service_operations(server, wsdl_types):
    server.answers += [
        (200, response("getStatusCdrResponse", f"<statusCdr><content>{base64.b64encode(CDR_ZIP).decode()}</content><statusCode>0004</statusCode><statusMessage>La constancia existe</statusMessage></statusCdr>")),
        (200, response("getStatusResponse", "<status><statusCode>0011</statusCode><statusMessage>El comprobante de pago electrónico no existe.</statusMessage></status>")),
    ]
    with SunatClient(server.base, "20600995805", timeout=5) as sunat:
        found = sunat.get_status_cdr("20600995805", "01", "F001", "00000001")
        assert found.code == "0004" and found.cdr is not None and found.message == "La constancia existe"
        assert sunat.consult("20600995805", "01", "F001", 9) == ("0011", "El comprobante de pago electrónico no existe.")
    for path, _, request in server.requests:
        assert path == "/ol-it-wsconscpegem-beta/billConsultService"
        operation = body_of(request)
        assert wsdl_types["consult"].validate(etree.ElementTree(operation)), wsdl_types["consult"].error_log
    assert body_of(server.requests[0][2]).findtext("numeroComprobante") == "1"


def test_soap_fault_maps_to_its_code(server):
    server.answers.append((500, FAULT_0130))
    with SunatClient(server.base, "20600995805", timeout=5) as sunat, pytest.raises(SunatFault) as info:
        sunat.send_summary("20600995805-RC-20260101-1", b"zip")
    fault = info.value
    assert fault.code == "0130" and fault.fault_code == "soap-env:Client.0130"
    assert fault.message.startswith("El sistema no puede responder su solicitud")
    assert fault.severity.value == "exception"


@pytest.mark.parametrize(
    "fault_code, fault_string, code, message",
    [
        ("soap-env:Client.1033", "El comprobante fue registrado previamente con otros datos", "1033", "El comprobante fue registrado previamente con otros datos"),
        # code only in faultstring: the message comes from SUNAT's catalog
        ("env:Server", "0109", "0109", "El sistema no puede responder su solicitud. (El servicio de autenticación no está disponible)"),
        ("ns0:2335", "", "2335", "El documento electrónico ingresado ha sido alterado"),
        ("soap:Server", "Internal Error", "", "Internal Error"),
    ],
)
def test_fault_variants(fault_code, fault_string, code, message):
    xml = (
        f'<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><e:Fault>'
        f"<faultcode>{fault_code}</faultcode><faultstring>{fault_string}</faultstring></e:Fault></e:Body></e:Envelope>"
    ).encode()
    fault = sunat_client.parse_fault(etree.fromstring(xml))
    assert (fault.code, fault.message) == (code, message)


def test_timeouts_and_refused_connections_are_transport_errors(server):
    server.delay = 1.0
    server.answers.append((200, response("sendSummaryResponse", "<ticket>1</ticket>")))
    with SunatClient(server.base, "20600995805", timeout=0.2) as sunat, pytest.raises(TransportError, match="a tiempo"):
        sunat.send_summary("20600995805-RC-20260101-1", b"zip")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free_port = probe.getsockname()[1]
    with SunatClient(f"http://127.0.0.1:{free_port}", "20600995805", timeout=2) as sunat:
        with pytest.raises(TransportError, match="No se pudo conectar"):
            sunat.send_bill("20600995805-01-F001-1", b"zip")


def test_http_error_without_soap_is_transport_error(server):
    server.answers.append((502, b"<html>Bad gateway</html>"))
    with SunatClient(server.base, "20600995805", timeout=5) as sunat, pytest.raises(TransportError, match="502"):
        sunat.send_bill("20600995805-01-F001-1", b"zip")


def test_endpoint_choices():
    assert sunat_client.SUNAT_BETA.bill == "https://e-beta.sunat.gob.pe/ol-ti-itcpfegem-beta/billService"
    assert sunat_client.SUNAT_PRODUCTION.consult == "https://e-factura.sunat.gob.pe/ol-it-wsconscpegem/billConsultService"
    assert sunat_client.SIMULATOR.bill == "http://127.0.0.1:8765/ol-ti-itcpfegem-beta/billService"
    ose = SunatClient("https://ose.example.pe/ol-ti-itcpe/billService", "20123456789", "USUARIO", "clave")
    assert ose.endpoints.bill.endswith("/billService") and ose.endpoints.consult is None
    assert ose.username == "20123456789USUARIO"
    with pytest.raises(TransportError, match="getStatusCdr"):
        ose.get_status_cdr("20123456789", "01", "F001", 1)
    with pytest.raises(ValueError, match="RUC"):
        SunatClient(sunat_client.SIMULATOR, "123")


def test_envelope_escapes_credentials():
    request = sunat_client.envelope("getStatus", [("ticket", "1<2")], "20123456789A&B", 'p<"&>')
    root = etree.fromstring(request)
    assert root.findtext(".//{%s}Password" % sunat_client.WSSE_NS) == 'p<"&>'
    assert body_of(request).findtext("ticket") == "1<2"
