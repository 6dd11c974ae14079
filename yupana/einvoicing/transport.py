"""The dispatcher's view of SUNAT: the core's SOAP client (``yupana.sunat.client``) set up from the
company's settings, kept per worker thread so its keep-alive connection is reused.

Outcomes the dispatcher distinguishes: an answer (CDR bytes, ticket, status), a ``SunatFault``
(SUNAT said no, with its code: ``is_exception`` / ``is_rejection``) or a ``TransportError`` (no
answer: it may or may not have been registered).
"""

from __future__ import annotations

import threading

from yupana.sunat import client as sunat_client
from yupana.sunat.client import SunatFault, TransportError
from yupana.sunat.errors import Severity

__all__ = ["SunatFault", "TransportError", "client_for", "consult_url_for", "is_exception", "is_rejection"]


def is_exception(fault: SunatFault) -> bool:
    """0100-1999 (or no code): nothing was registered; the same file may be sent again later."""
    return fault.severity is Severity.EXCEPTION


def is_rejection(fault: SunatFault) -> bool:
    """2000-3999: SUNAT registered the number as rejected."""
    return fault.severity is Severity.REJECTED


class Client:
    """What dispatch needs, with raw CDR bytes (the legal proof is stored as received)."""

    def __init__(self, core: sunat_client.SunatClient):
        self.core = core

    def send_bill(self, file_name: str, zip_data: bytes) -> bytes:
        return self.core.send_bill(file_name, zip_data).raw

    def send_summary(self, file_name: str, zip_data: bytes) -> str:
        return self.core.send_summary(file_name, zip_data)

    def get_status(self, ticket: str) -> sunat_client.StatusResult:
        return self.core.get_status(ticket)

    def get_status_cdr(self, ruc: str, doc_type: str, series: str, number: int) -> sunat_client.StatusResult:
        return self.core.get_status_cdr(ruc, doc_type, series, number)

    def consult(self, ruc: str, doc_type: str, series: str, number: int) -> tuple[str, str]:
        """Validity: 0001 accepted, 0002 rejected, 0003 voided, 0011 unknown to SUNAT."""
        return self.core.consult(ruc, doc_type, series, number)


def consult_url_for(company) -> str:
    """billConsultService (getStatusCdr): the simulator's, the OSE's, or SUNAT's production one
    (SUNAT beta publishes none; with beta credentials it answers an authentication fault)."""
    from django.conf import settings

    from yupana.companies.models import SunatEnvironment

    if company.sunat_environment == SunatEnvironment.SIMULATOR:
        return sunat_client.Endpoints.from_base(settings.YUPANA_SIMULATOR_URL).consult
    if company.sunat_environment == SunatEnvironment.OSE:
        return company.ose_url
    return sunat_client.SUNAT_PRODUCTION.consult


_clients = threading.local()


def client_for(company, timeout: float | None = None) -> Client:
    """A client with the company's SOL credentials for its configured environment, one per thread
    and per (endpoints, credentials, timeout)."""
    from .dispatch import sunat_timeout

    timeout = timeout or sunat_timeout()
    key = (company.sunat_bill_service_url(), consult_url_for(company), company.ruc, company.sol_user,
           company.sol_password(), timeout)
    cache = getattr(_clients, "cache", None)
    if cache is None:
        cache = _clients.cache = {}
    client = cache.get(key)
    if client is None:
        if len(cache) > 50:
            for old in cache.values():
                old.core.close()
            cache.clear()
        bill, consult, ruc, user, password, _ = key
        core = sunat_client.SunatClient(sunat_client.Endpoints(bill, consult), ruc=ruc, user=user, password=password,
                                        timeout=timeout)
        client = cache[key] = Client(core)
    return client
