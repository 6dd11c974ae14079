#!/usr/bin/env python3
"""Emite una factura por la API de Yupana siguiendo docs/api.md, solo con la biblioteca estándar.

1. levanta un receptor de webhooks en 127.0.0.1 y lo registra (POST /api/webhooks);
2. emite la factura con una Idempotency-Key (POST /api/documents);
3. espera el webhook «document.accepted» y verifica su firma HMAC-SHA256;
4. descarga el PDF (GET /api/documents/{id}/pdf);
5. repite la misma solicitud con la misma clave: Yupana devuelve el mismo comprobante.

Uso:  YUPANA_API_URL=http://127.0.0.1:8000 YUPANA_API_KEY=yk_... python examples/api/issue_factura.py
Imprime un resumen JSON y termina con 0 si todo salió bien.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import queue
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API = os.environ.get("YUPANA_API_URL", "http://127.0.0.1:8000").rstrip("/")
KEY = os.environ["YUPANA_API_KEY"]
SERIES = os.environ.get("YUPANA_SERIES", "F001")
WAIT = float(os.environ.get("YUPANA_WEBHOOK_WAIT", "60"))

FACTURA = {
    "doc_type": "01",
    "series": SERIES,
    "currency": "PEN",
    "customer": {"doc_type": "6", "number": "20100066603", "name": "CLIENTE CORPORATIVO S.A.",
                 "address": {"line": "JR. DE LA UNIÓN 456", "ubigeo": "150101"}},
    "lines": [
        {"description": "Laptop 14\" Core i5", "quantity": "2", "unit_value": "50.00", "code": "P001"},
        {"description": "Servicio de instalación", "quantity": "1", "unit_price": "118.00", "unit_code": "ZZ",
         "code": "S001"},
    ],
}


def call(method: str, path: str, body: dict | None = None, headers: dict | None = None) -> tuple[int, bytes, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{API}{path}", data=data, method=method, headers={
        "Authorization": f"Bearer {KEY}", "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def verify(secret: str, body: bytes, header: str, tolerance: int = 300) -> bool:
    """La verificación de docs/api.md: HMAC-SHA256 de "<t>.<cuerpo>" con el secreto del webhook."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    if abs(time.time() - int(parts["t"])) > tolerance:
        return False
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def start_receiver() -> tuple[ThreadingHTTPServer, queue.Queue]:
    received: queue.Queue = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.put((dict(self.headers), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, received


def fail(message: str, detail: bytes | str = b"") -> None:
    print(f"ERROR: {message} {detail if isinstance(detail, str) else detail.decode(errors='replace')}",
          file=sys.stderr)
    sys.exit(1)


def main() -> None:
    server, received = start_receiver()
    hook_url = f"http://127.0.0.1:{server.server_address[1]}/yupana"
    status, body, _ = call("POST", "/api/webhooks", {"url": hook_url, "events": [
        "document.accepted", "document.observed", "document.rejected"]})
    if status != 201:
        fail("no se pudo registrar el webhook", body)
    webhook = json.loads(body)
    try:
        idempotency = {"Idempotency-Key": f"ejemplo-{uuid.uuid4()}"}
        status, body, _ = call("POST", "/api/documents", FACTURA, idempotency)
        if status != 201:
            fail(f"la emisión respondió {status}", body)
        document = json.loads(body)

        deadline = time.monotonic() + WAIT
        event = None
        while time.monotonic() < deadline:
            try:
                headers, raw = received.get(timeout=max(deadline - time.monotonic(), 0.1))
            except queue.Empty:
                break
            if not verify(webhook["secret"], raw, headers["X-Yupana-Signature"]):
                fail("firma de webhook inválida")
            payload = json.loads(raw)
            if payload["data"]["id"] == document["id"]:
                event = payload
                break
        if event is None:
            fail(f"no llegó el webhook en {WAIT:.0f} s")
        if event["event"] != "document.accepted":
            fail(f"SUNAT no aceptó el comprobante: {event['event']}", json.dumps(event["data"], ensure_ascii=False))

        status, pdf, headers = call("GET", f"/api/documents/{document['id']}/pdf")
        if status != 200 or not pdf.startswith(b"%PDF"):
            fail(f"la descarga del PDF respondió {status}", pdf[:300])
        out = os.environ.get("YUPANA_PDF_OUT", f"{document['document_id']}.pdf")
        with open(out, "wb") as handle:
            handle.write(pdf)

        status, body, _ = call("POST", "/api/documents", FACTURA, idempotency)
        again = json.loads(body)
        if status != 200 or again["id"] != document["id"]:
            fail(f"el reintento respondió {status} con otro comprobante", body)
        print(json.dumps({"document": document["document_id"], "id": document["id"], "webhook": event["event"],
                          "status": again["status"], "total": document["totals"]["total"], "pdf": out,
                          "pdf_bytes": len(pdf), "retry_same_document": True}, ensure_ascii=False))
    finally:
        call("DELETE", f"/api/webhooks/{webhook['id']}")
        server.shutdown()


if __name__ == "__main__":
    main()
