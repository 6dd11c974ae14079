"""Benchmark: sendBill round trips per second against the SUNAT simulator.

The simulator runs as its own process (``python -m yupana.simulator``); this script is the
client, in another process, sending distinct signed facturas over keep-alive HTTP from a few
threads. Documents are prepared before the clock starts.

    .venv/bin/python bench/simulator.py                 # full validation (XSD, signature, rules)
    .venv/bin/python bench/simulator.py --no-rules      # XSD and signature only
    .venv/bin/python bench/simulator.py --workers 2     # validation in a pool of 2 processes
"""

from __future__ import annotations

import argparse
import base64
import collections
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from lxml import etree

from common import proc_cpu
from yupana.simulator.testing import running_simulator
from yupana.sunat import packaging
from yupana.sunat.testing import SAMPLES, demo_signer

RUC = "20123456789"
DS = "{http://www.w3.org/2000/09/xmldsig#}Signature"
ENVELOPE = (
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
    'xmlns:ser="http://service.sunat.gob.pe"><soapenv:Header>'
    '<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">'
    "<wsse:UsernameToken><wsse:Username>{ruc}MODDATOS</wsse:Username><wsse:Password>moddatos</wsse:Password>"
    "</wsse:UsernameToken></wsse:Security></soapenv:Header><soapenv:Body><ser:sendBill>"
    "<fileName>{name}.zip</fileName><contentFile>{content}</contentFile></ser:sendBill></soapenv:Body>"
    "</soapenv:Envelope>"
)


def documents(count: int) -> list[bytes]:
    """``count`` distinct signed facturas F001-1..N (the real greenter sample, renumbered)."""
    root = etree.fromstring((SAMPLES / "signed" / "greenter-F001-1__20123456789-01-F001-1.xml").read_bytes())
    signature = root.find(f".//{DS}")
    signature.getparent().remove(signature)
    unsigned = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    signer = demo_signer()
    bodies = []
    for number in range(1, count + 1):
        xml = signer.sign(unsigned.replace(b"<cbc:ID>F001-1</cbc:ID>", f"<cbc:ID>F001-{number}</cbc:ID>".encode()))
        name = f"{RUC}-01-F001-{number}"
        content = base64.b64encode(packaging.zip_document(name, xml)).decode()
        bodies.append(ENVELOPE.format(ruc=RUC, name=name, content=content).encode())
    return bodies


def outcome(response: httpx.Response) -> str:
    if response.status_code == 200:
        return "cdr"
    code = response.text.split("<faultcode>", 1)[-1].split("</faultcode>", 1)[0]
    return f"fault {code}"


def run(url: str, bodies: list[bytes], concurrency: int) -> tuple[float, list[float], collections.Counter]:
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": "urn:sendBill"}
    latencies: list[float] = []
    outcomes: collections.Counter = collections.Counter()
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    with httpx.Client(timeout=60, limits=limits) as client:

        def one(body: bytes) -> None:
            started = time.perf_counter()
            response = client.post(url, content=body, headers=headers)
            latencies.append(time.perf_counter() - started)
            outcomes[outcome(response)] += 1

        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(one, bodies[:concurrency]))  # warm-up: connections, compiled sheets
            latencies.clear()
            outcomes.clear()
            started = time.perf_counter()
            list(pool.map(one, bodies[concurrency:]))
            elapsed = time.perf_counter() - started
    return elapsed, latencies, outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="documents to send (default 1000)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--no-rules", action="store_true", help="simulator validates XSD and signature only")
    parser.add_argument("--workers", type=int, default=0, help="simulator validation processes (default 0)")
    args = parser.parse_args()
    print(f"Preparando {args.count} facturas firmadas...", flush=True)
    bodies = documents(args.count + args.concurrency)
    flags = {"no_rules": args.no_rules, "workers": args.workers or None, "ticket_delay": 0}
    with tempfile.TemporaryDirectory() as tmp, running_simulator(Path(tmp), **flags) as sim:
        while not sim.control.state()["ready"]:  # SUNAT's sheets compiled
            time.sleep(0.1)
        cpu_before = proc_cpu(sim.process.pid, children=True)
        elapsed, latencies, outcomes = run(sim.bill_url, bodies, args.concurrency)
        server_cpu = proc_cpu(sim.process.pid, children=True) - cpu_before
    latencies.sort()
    n = len(latencies)
    mode = "sin reglas (XSD + firma)" if args.no_rules else "validación completa (XSD + firma + reglas)"
    print(f"sendBill, {mode}, workers={args.workers}, concurrencia={args.concurrency}")
    print(f"  {n} envíos en {elapsed:.2f} s = {n / elapsed:.0f} envíos/s")
    print(f"  latencia p50 {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {latencies[int(n * 0.95) - 1] * 1000:.1f} ms")
    print(f"  CPU del simulador: {server_cpu / n * 1000:.1f} ms por envío"
          + (" (sin contar los procesos de validación)" if args.workers else ""))
    print(f"  carga de la máquina al terminar: {os.getloadavg()[0]:.1f}")
    print(f"  respuestas: {dict(outcomes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
