"""HTTP front: SOAP at SUNAT beta's paths, the WSDLs, the control endpoint and the received list."""

from __future__ import annotations

import json
import threading
import logging
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from . import BILL_PATH, CONSULT_PATH, pages, soap, wsdl
from .codes import SunatError, fault_text
from .faults import ControlError, FaultState, validated
from .service import Result, Service
from .store import Store

log = logging.getLogger("yupana.simulator")

SOAP_TYPE = "text/xml; charset=utf-8"
_HTTP_TEXT = {500: "Internal Server Error", 503: "Service Unavailable"}


class SimulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address, service: Service, store: Store, faults: FaultState):
        self.service, self.store, self.faults = service, store, faults
        self.ready = threading.Event()  # set once SUNAT's rule sheets are compiled
        super().__init__(address, Handler)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in two writes: no 40 ms delayed-ACK stall
    server: SimulatorServer
    server_version = "yupana-simulator"

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        log.debug("%s %s", self.address_string(), format % args)

    # plumbing ----------------------------------------------------------------------
    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"),
                   "application/json; charset=utf-8")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _drop(self) -> None:
        """Close the connection without a byte of answer."""
        self.close_connection = True

    # routes -------------------------------------------------------------------------
    def do_GET(self):  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        if url.path in (BILL_PATH, CONSULT_PATH):
            host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
            document = wsdl.document(url.path, url.query, f"http://{host}")
            if document is None:
                return self._send(404, "Pida ?wsdl".encode(), "text/plain; charset=utf-8")
            return self._send(200, document, "text/xml; charset=utf-8")
        if url.path == "/_control":
            return self._json(200, self._state(self.server.faults.current))
        if url.path == "/_received":
            limit = int((parse_qs(url.query).get("limit") or ["500"])[0])
            return self._json(200, self.server.store.received(limit))
        if url.path == "/":
            page = pages.received_page(self.server.store.received(200), self.server.faults.current.to_dict())
            return self._send(200, page, "text/html; charset=utf-8")
        self._send(404, "No existe".encode(), "text/plain; charset=utf-8")

    def do_POST(self):  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        body = self._body()
        if url.path == "/_control":
            return self._control(body)
        if url.path in (BILL_PATH, CONSULT_PATH):
            return self._soap(url.path, body)
        self._send(404, "No existe".encode(), "text/plain; charset=utf-8")

    # control ------------------------------------------------------------------------
    def _control(self, body: bytes) -> None:
        try:
            data = json.loads(body or b"{}")
            if not isinstance(data, dict):
                raise ControlError("El cuerpo debe ser un objeto JSON.")
        except (ValueError, ControlError) as exc:
            message = str(exc) if isinstance(exc, ControlError) else "El cuerpo no es JSON válido."
            return self._json(400, {"error": message})
        faults = self.server.faults
        try:  # check everything first: a bad field changes nothing
            reset, clear = bool(data.pop("reset", False)), bool(data.pop("clear", False))
            account = self._account(data.pop("account")) if "account" in data else None
            validated(data)
        except ControlError as exc:
            return self._json(400, {"error": str(exc)})
        if reset:
            faults.reset()
        if clear:
            self.server.store.clear()
        if account is not None:
            self.server.store.add_account(*account)
        self._json(200, self._state(faults.update(data) if data else faults.current))

    def _state(self, faults) -> dict:
        return {**faults.to_dict(), "ready": self.server.ready.is_set()}

    @staticmethod
    def _account(account) -> tuple[str, str, str]:
        """(username, password, ruc) from ``{"ruc", "user", "password"}``; the SOL user is RUC + user."""
        if not isinstance(account, dict):
            raise ControlError("El campo 'account' debe ser un objeto con ruc, user y password.")
        ruc, user, password = (str(account.get(k) or "") for k in ("ruc", "user", "password"))
        if not (ruc.isdigit() and len(ruc) == 11):
            raise ControlError("El campo 'account.ruc' debe tener 11 dígitos.")
        if not user or not password:
            raise ControlError("Los campos 'account.user' y 'account.password' son obligatorios.")
        return ruc + user.upper(), password, ruc

    # SOAP ---------------------------------------------------------------------------
    def _soap(self, path: str, body: bytes) -> None:
        service_name = "billService" if path == BILL_PATH else "billConsultService"
        store = self.server.store
        try:
            request = soap.parse_request(body)
        except soap.BadRequest as exc:
            store.log(service_name, "?", None, None, "fault", None, str(exc))
            return self._send(500, soap.fault("", str(exc)), SOAP_TYPE)
        decision = self.server.faults.decide(request.operation)
        if decision.latency_ms:
            time.sleep(decision.latency_ms / 1000)
        if decision.action and decision.action != "drop_after":
            store.log(service_name, request.operation, request.username, _subject(request),
                      f"falla simulada: {decision.action}", decision.code or None, None)
            return self._injected(decision)
        result, fault = self._dispatch(path, request)
        if fault is not None:
            store.log(service_name, request.operation, request.username, _subject(request), "fault",
                      fault.code, fault_text(fault))
        else:
            store.log(service_name, request.operation, request.username, result.subject or _subject(request),
                      result.outcome, result.code, result.message)
        if decision.action == "drop_after":
            store.log(service_name, request.operation, request.username, _subject(request),
                      "falla simulada: drop_after", None, "procesado, respuesta no enviada")
            return self._drop()
        if fault is not None:
            return self._send(500, soap.fault(fault.code, fault_text(fault)), SOAP_TYPE)
        self._send(200, soap.response(request.operation, result.wrapper, result.values), SOAP_TYPE)

    def _injected(self, decision) -> None:
        if decision.action == "fault":
            error = SunatError(decision.code)
            return self._send(500, soap.fault(error.code, fault_text(error)), SOAP_TYPE)
        if decision.action == "http":
            status = int(decision.code)
            text = f"<html><body><h1>{status} {_HTTP_TEXT[status]}</h1></body></html>".encode()
            return self._send(status, text, "text/html; charset=utf-8")
        if decision.action == "timeout":
            self.server.faults.release.wait(decision.hang_seconds)
        return self._drop()

    def _dispatch(self, path: str, request) -> tuple[Result | None, SunatError | None]:
        service = self.server.service
        handlers = {
            BILL_PATH: {"sendBill": service.send_bill, "sendSummary": service.send_summary,
                        "getStatus": service.get_status, "getStatusCdr": service.get_status_cdr},
            CONSULT_PATH: {"getStatus": service.consult, "getStatusCdr": service.get_status_cdr},
        }[path]
        handler = handlers.get(request.operation)
        try:
            if handler is None:
                raise SunatError("0100", f"operación no disponible en este servicio: {request.operation}")
            ruc = service.authenticate(request.username, request.password)
            return handler(ruc, request.params), None
        except SunatError as error:
            return None, error
        except Exception as exc:  # a bug here must still answer like SUNAT does when it fails
            log.exception("error procesando %s", request.operation)
            return None, SunatError("0100", f"error interno del simulador: {exc.__class__.__name__}")


def _subject(request) -> str | None:
    params = request.params
    if "fileName" in params:
        return params["fileName"]
    if "ticket" in params:
        return f"ticket {params['ticket']}"
    parts = [params.get(k) for k in ("rucComprobante", "tipoComprobante", "serieComprobante", "numeroComprobante")]
    return "-".join(p for p in parts if p) or None
