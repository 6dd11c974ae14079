"""Every example travels to the local SUNAT simulator over HTTP and comes back accepted.

Facturas, boletas and notes go by sendBill (the CDR answers at once); the RC and the RA go by
sendSummary and their ticket is asked with getStatus. A real subprocess on a free port.
"""

from pathlib import Path

import pytest

from yupana.sunat import jsonformat
from yupana.sunat.build import build
from yupana.sunat.client import SunatClient
from yupana.sunat.testing import demo_signer

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "documents"
pytestmark = pytest.mark.slow


def test_every_example_is_accepted_by_the_simulator(tmp_path):
    from yupana.simulator.testing import running_simulator

    built = []
    for path in sorted(EXAMPLES.glob("*.json")):
        doc = jsonformat.loads(path.read_bytes())
        built.append(build(doc, demo_signer(doc.issuer.ruc, doc.issuer.legal_name)))
    # The RA voids F001-4 and the notes modify F001-1/F001-2: send the facturas first.
    order = sorted(built, key=lambda item: ("-RA-" in item.name, "-RC-" in item.name, "-07-" in item.name or "-08-" in item.name))
    with running_simulator(tmp_path, ticket_delay=0) as sim, SunatClient(sim.url, ruc="20123456786") as client:
        for item in order:
            if "-RC-" in item.name or "-RA-" in item.name:
                ticket = client.send_summary(f"{item.name}.zip", item.zip)
                status = client.get_status(ticket)
                assert status.code == "0", (item.name, status.code, status.message)
                cdr = status.cdr
            else:
                cdr = client.send_bill(f"{item.name}.zip", item.zip)
            assert cdr.code == "0" and not cdr.notes, (item.name, cdr.code, cdr.description, cdr.notes)
