"""What billService and billConsultService do with a request, in SUNAT's terms.

Protocol-free: the server hands over the parsed operation and parameters, and gets back the
values to answer or a ``SunatError`` to turn into a SOAP fault.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import itertools
import re
import threading
import time
from dataclasses import dataclass, field

from yupana.sunat import deadlines

from . import docinfo
from .cdrwriter import LIMA, CdrWriter, accepted_description
from .checks import Validator, Verdict
from .codes import SunatError, is_exception, is_rejection, message
from .faults import FaultState
from .store import ACCEPTED, REJECTED, VOIDED, Document, Store, Ticket
from .zipcheck import parse_zip_name, read_zip

DEFAULT_USER, DEFAULT_PASSWORD = "MODDATOS", "moddatos"
_DEFAULT_USERNAME = re.compile(r"^(\d{11})MODDATOS$")


@dataclass
class Result:
    """Values for the SOAP answer plus what the received log records."""

    values: dict[str, str | None]
    wrapper: str | None = None
    outcome: str = "ok"
    code: str | None = None
    message: str | None = None
    subject: str | None = None


@dataclass
class Service:
    store: Store
    cdrs: CdrWriter
    validator: Validator
    faults: FaultState
    default_accounts: bool = True
    _ticket_ids: itertools.count = field(default_factory=lambda: itertools.count(int(time.time() * 1000)))
    _send_lock: threading.Lock = field(default_factory=threading.Lock)

    # authentication ---------------------------------------------------------------
    def authenticate(self, username: str | None, password: str | None) -> str:
        """The RUC the SOL user acts for; 0102 unknown user, 0104 wrong password."""
        if not username:
            raise SunatError("0102", "falta el encabezado wsse:UsernameToken")
        account = self.store.account(username)
        if account is not None:
            expected, ruc = account
        else:
            match = _DEFAULT_USERNAME.match(username) if self.default_accounts else None
            if not match:
                raise SunatError("0102")
            expected, ruc = DEFAULT_PASSWORD, match.group(1)
        if password != expected:
            raise SunatError("0104")
        return ruc

    # billService ----------------------------------------------------------------------
    def send_bill(self, user_ruc: str, params: dict) -> Result:
        self._settle()  # a voiding ticket that is due counts before this send
        file_name = params.get("fileName", "")
        name = parse_zip_name(file_name, summary=False)
        if name.ruc != user_ruc:
            raise SunatError("0154")
        xml = read_zip(file_name, _decode(params.get("contentFile", "")))
        root = docinfo.parse(xml)
        info = docinfo.read(root)
        if info.is_summary:
            raise SunatError("0152")
        digest = hashlib.sha256(xml).hexdigest()
        key = (name.ruc, name.doc_type, name.series, int(name.number))
        previous = self.store.document(*key)
        if previous is not None:
            return self._resent(previous, digest, str(name))
        verdict = _late(info.issue_date, name.series) if self.faults.current.sending_window else None
        verdict = verdict or self.validator(xml, f"{str(name)}.xml", root)
        with self._send_lock:  # two equal sends at once: the second sees the first
            previous = self.store.document(*key)
            if previous is not None:
                return self._resent(previous, digest, str(name))
            return self._answer_bill(name, info, digest, verdict)

    def _resent(self, previous: Document, digest: str, stem: str) -> Result:
        if previous.status in (VOIDED, REJECTED):
            raise SunatError("1032")
        if previous.digest != digest or previous.cdr is None:
            raise SunatError("1033")
        # The very same file again (a retry after a lost answer): the CDR already given.
        return Result({"applicationResponse": _b64(previous.cdr)}, outcome="resent", code=previous.code,
                      message="reenvío idéntico: se devuelve el CDR registrado", subject=stem)

    def _answer_bill(self, name, info, digest, verdict) -> Result:
        if verdict.errors:
            code, detail = verdict.errors[0]
            if is_exception(code) or not is_rejection(code):
                raise SunatError(code, detail)
            description = _with_detail(code, detail)
            cdr = self._cdr(name, info, code, description, [])
            self.store.save_document(Document(name.ruc, name.doc_type, name.series, int(name.number),
                                              str(name), REJECTED, code, digest, cdr))
            return Result({"applicationResponse": _b64(cdr)}, outcome="rejected", code=code,
                          message=description, subject=str(name))
        notes = [f"{code} - {_with_detail(code, detail)}" for code, detail in verdict.observations]
        cdr = self._cdr(name, info, "0", accepted_description(name.doc_type, info.id or name.document_id), notes)
        self.store.save_document(Document(name.ruc, name.doc_type, name.series, int(name.number),
                                          str(name), ACCEPTED, "0", digest, cdr))
        outcome = "observed" if notes else "accepted"
        return Result({"applicationResponse": _b64(cdr)}, outcome=outcome, code="0",
                      message="; ".join(notes) or None, subject=str(name))

    def _cdr(self, name, info, code, description, notes) -> bytes:
        xml = self.cdrs.xml(receiver_ruc=name.ruc, reference_id=info.id or name.document_id, code=code,
                            description=description, notes=notes, issue_date=info.issue_date,
                            recipient=info.recipient)
        return self.cdrs.zip(str(name), xml)

    def send_summary(self, user_ruc: str, params: dict) -> Result:
        file_name = params.get("fileName", "")
        name = parse_zip_name(file_name, summary=True)
        if name.ruc != user_ruc:
            raise SunatError("0154")
        xml = read_zip(file_name, _decode(params.get("contentFile", "")))
        root = docinfo.parse(xml)
        info = docinfo.read(root)
        if not info.is_summary:
            raise SunatError("0151", "el archivo no es un resumen ni una comunicación de baja")
        if any(t.code == "0" or not t.settled for t in self.store.tickets_for(str(name))):
            raise SunatError("2223")
        verdict = self.validator(xml, f"{str(name)}.xml", root)
        if verdict.errors:
            code, detail = verdict.errors[0]
            description, notes, effects = _with_detail(code, detail), [], []
        else:
            code, effects = "0", info.effects
            description = accepted_description(name.doc_type, info.id or name.document_id)
            notes = [f"{c} - {_with_detail(c, d)}" for c, d in verdict.observations]
        cdr = self._cdr(name, info, code, description, notes)
        now = time.time()
        ticket = str(next(self._ticket_ids))
        delay = self.faults.current.ticket_delay
        self.store.add_ticket(Ticket(ticket, name.ruc, str(name), hashlib.sha256(xml).hexdigest(), code, cdr,
                                     effects, now, now + delay, False))
        return Result({"ticket": ticket}, outcome="ticket", code=code, subject=f"{str(name)} ticket {ticket}",
                      message=None if code == "0" else description)

    def get_status(self, user_ruc: str, params: dict) -> Result:
        number = params.get("ticket", "")
        ticket = self.store.ticket(number)
        if ticket is None:
            raise SunatError("0127")
        if ticket.ruc != user_ruc:
            raise SunatError("0154")
        if not self.faults.current.ticket_stuck:
            self.store.settle_due(time.time())
            ticket = self.store.ticket(number)
        if not ticket.settled:
            return Result({"statusCode": "98"}, "status", outcome="processing", code="98", subject=ticket.file_name)
        status = "0" if ticket.code == "0" else "99"
        return Result({"content": _b64(ticket.cdr), "statusCode": status}, "status",
                      outcome="accepted" if status == "0" else "rejected", code=ticket.code,
                      subject=ticket.file_name)

    # billConsultService ------------------------------------------------------------
    def _consulted(self, user_ruc: str | None, params: dict) -> tuple[Document | None, str]:
        """The document asked for; ``user_ruc`` None lets anyone ask (validity of a received invoice)."""
        self._settle()
        ruc = params.get("rucComprobante", "")
        doc_type = params.get("tipoComprobante", "")
        series = params.get("serieComprobante", "")
        number = params.get("numeroComprobante", "")
        for code, ok in (("0001", bool(ruc)), ("0002", ruc.isdigit() and len(ruc) == 11),
                         ("0004", bool(doc_type)), ("0005", doc_type in ("01", "03", "07", "08")),
                         ("0006", bool(series)), ("0007", bool(re.fullmatch(r"[A-Z0-9]{4}", series))),
                         ("0009", bool(number)), ("0010", number.isdigit() and 0 < int(number) < 10**8)):
            if not ok:
                raise SunatError(code)
        if user_ruc is not None and ruc != user_ruc:
            raise SunatError("0154", "solo puede pedir las constancias de sus propios comprobantes")
        subject = f"{ruc}-{doc_type}-{series}-{int(number)}"
        return self.store.document(ruc, doc_type, series, int(number)), subject

    def get_status_cdr(self, user_ruc: str, params: dict) -> Result:
        doc, subject = self._consulted(user_ruc, params)
        if doc is None or doc.cdr is None:
            code = "0011" if doc is None else "0014"
            return Result({"statusCode": code, "statusMessage": message(code)}, "statusCdr",
                          outcome="not found", code=code, subject=subject)
        return Result({"content": _b64(doc.cdr), "statusCode": "0004", "statusMessage": "La constancia existe"},
                      "statusCdr", outcome=doc.status, code="0004", subject=subject)

    def consult(self, user_ruc: str, params: dict) -> Result:
        """Validity of any taxpayer's document (buyers check the invoices they receive)."""
        doc, subject = self._consulted(None, params)
        if doc is None:
            code, text = "0011", message("0011")
        else:
            code, text = {
                ACCEPTED: ("0001", "El comprobante existe y está aceptado."),
                REJECTED: ("0002", "El comprobante existe pero está rechazado."),
                VOIDED: ("0003", "El comprobante existe pero está de baja."),
            }[doc.status]
        return Result({"statusCode": code, "statusMessage": text}, "status", outcome=doc.status if doc else "not found",
                      code=code, subject=subject)

    def _settle(self) -> None:
        if not self.faults.current.ticket_stuck:
            self.store.settle_due(time.time())


def _late(issue_date: str, series: str) -> Verdict | None:
    """SUNAT's server-side date checks (production): 2108 past the sending window, 2329 more than
    two days ahead. The rule sheets leave both to SUNAT's Java code."""
    try:
        issued = dt.date.fromisoformat(issue_date[:10])
    except ValueError:
        return None  # the rules report a malformed date
    today = dt.datetime.now(LIMA).date()
    if today > deadlines.send_deadline(series, issued):
        return Verdict([("2108", f"fecha de emisión {issued:%d/%m/%Y}, recibido el {today:%d/%m/%Y}")])
    if issued > today + dt.timedelta(days=2):
        return Verdict([("2329", f"fecha de emisión {issued:%d/%m/%Y}, recibido el {today:%d/%m/%Y}")])
    return None


def _decode(content: str) -> bytes:
    try:
        return base64.b64decode("".join(content.split()), validate=True)
    except (binascii.Error, ValueError):
        raise SunatError("0156", "el contenido no está en base64") from None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _with_detail(code: str, detail: str | None) -> str:
    """SUNAT's text for the code, and where the validation found the problem."""
    return f"{message(code)} - Detalle: {detail}" if detail else message(code)
