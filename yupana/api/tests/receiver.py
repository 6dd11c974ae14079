"""A real HTTP server on 127.0.0.1 that records webhook deliveries (status codes to answer are queued)."""

from __future__ import annotations

import contextlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextlib.contextmanager
def webhook_receiver(answers=()):
    """Yields (url, received); ``answers`` are the status codes of the first requests (then 200)."""
    received: list[dict] = []
    pending = list(answers)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append({"headers": dict(self.headers), "body": body, "path": self.path})
            status = pending.pop(0) if pending else 200
            payload = b'{"recibido": true}' if status == 200 else b"no disponible"
            self.send_response(status)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/yupana", received
    finally:
        server.shutdown()
        server.server_close()
