"""Writes CDRs (ApplicationResponse) the way SUNAT does, signs them and zips them as R-{name}.zip."""

from __future__ import annotations

import itertools
import os
import re
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from yupana.sunat import packaging

from .docinfo import CAC, CBC

AR = "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2"
EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
DS = "http://www.w3.org/2000/09/xmldsig#"
NSMAP = {"ar": AR, "ext": EXT, "cbc": CBC, "cac": CAC, "ds": DS}
SUNAT_RUC = "20131312955"
LIMA = ZoneInfo("America/Lima")

# (subject, participle): "La Factura numero F001-1, ha sido aceptada"
_ACCEPTED = {
    "01": ("La Factura numero", "aceptada"),
    "03": ("La Boleta numero", "aceptada"),
    "07": ("La Nota de Credito numero", "aceptada"),
    "08": ("La Nota de Debito numero", "aceptada"),
    "RC": ("El Resumen diario", "aceptado"),
    "RA": ("La Comunicación de baja", "aceptada"),
    "RR": ("El Resumen de reversiones", "aceptado"),
}


def accepted_description(doc_type: str, document_id: str) -> str:
    subject, participle = _ACCEPTED.get(doc_type, ("El comprobante", "aceptado"))
    return f"{subject} {document_id}, ha sido {participle}"


# C14N escaping of text: the CDR is written directly in canonical form, so signing hashes the
# bytes as they are (``assume_canonical``) instead of parsing and canonicalising them again.
_C14N_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#xD;"})
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ROOT_START = "<ar:ApplicationResponse" + "".join(
    f' xmlns:{prefix}="{uri}"' for prefix, uri in sorted(NSMAP.items())) + ">"


def _text(value: str) -> str:
    if _NOT_XML_CHAR.search(value):  # what lxml refuses too: such a CDR could not be read back
        raise ValueError("All strings must be XML compatible")
    return value.translate(_C14N_TEXT)


def _el(tag: str, value: str) -> str:
    return f"<{tag}>{_text(value)}</{tag}>"


def _party(tag: str, party_id: str, inner: str = "") -> str:
    return f"<{tag}><cac:PartyIdentification>{_el('cbc:ID', party_id)}</cac:PartyIdentification>{inner}</{tag}>"


class CdrWriter:
    """Builds, signs and zips CDRs with the simulator's own key (created once per data folder)."""

    def __init__(self, data_dir: Path):
        self._signer = _load_signer(data_dir)
        self._ids = itertools.count(int(time.time() * 1000))
        self._lock = threading.Lock()

    def response_id(self) -> str:
        with self._lock:
            return str(next(self._ids))

    def xml(self, *, receiver_ruc: str, reference_id: str, code: str, description: str,
            notes: list[str] = (), issue_date: str = "", recipient: str | None = None,
            now: datetime | None = None) -> bytes:
        now = (now or datetime.now(LIMA)).astimezone(LIMA)
        recipient_party = _party("cac:RecipientParty", recipient) if recipient else ""
        unsigned = "".join((
            "<?xml version='1.0' encoding='UTF-8'?>\n", _ROOT_START,
            "<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent>"
            "</ext:UBLExtension></ext:UBLExtensions>",
            "<cbc:UBLVersionID>2.0</cbc:UBLVersionID><cbc:CustomizationID>1.0</cbc:CustomizationID>",
            _el("cbc:ID", self.response_id()),
            _el("cbc:IssueDate", issue_date or now.date().isoformat()),
            "<cbc:IssueTime>00:00:00</cbc:IssueTime>",
            _el("cbc:ResponseDate", now.date().isoformat()),
            _el("cbc:ResponseTime", now.strftime("%H:%M:%S")),
            "<cac:Signature><cbc:ID>SignSUNAT</cbc:ID>",
            _party("cac:SignatoryParty", SUNAT_RUC, "<cac:PartyName><cbc:Name>SUNAT</cbc:Name></cac:PartyName>"),
            "<cac:DigitalSignatureAttachment><cac:ExternalReference><cbc:URI>#SignSUNAT</cbc:URI>"
            "</cac:ExternalReference></cac:DigitalSignatureAttachment></cac:Signature>",
            *(_el("cbc:Note", note) for note in notes),  # SUNAT writes the notes here, after cac:Signature
            _party("cac:SenderParty", SUNAT_RUC),
            _party("cac:ReceiverParty", receiver_ruc),
            "<cac:DocumentResponse><cac:Response>",
            _el("cbc:ReferenceID", reference_id), _el("cbc:ResponseCode", code), _el("cbc:Description", description),
            "</cac:Response><cac:DocumentReference>", _el("cbc:ID", reference_id), "</cac:DocumentReference>",
            recipient_party,
            "</cac:DocumentResponse></ar:ApplicationResponse>",
        )).encode("utf-8")
        return self._signer.sign(unsigned, "rsa-sha256", assume_canonical=True)

    def zip(self, stem: str, xml: bytes) -> bytes:
        """``R-{stem}.zip`` bytes holding ``R-{stem}.xml``."""
        return packaging.zip_document(f"R-{stem}", xml)  # the core's one-entry writer: no zipfile


def _load_signer(data_dir: Path):
    """The simulator's key: a demo certificate made on first start and kept in the data folder."""
    from yupana.sunat import signing

    pfx_path, password_path = data_dir / "simulator-cert.p12", data_dir / "simulator-cert.password"
    if not pfx_path.exists():
        pfx, password = signing.make_demo_certificate(SUNAT_RUC, "SUNAT SIMULADOR (YUPANA)")
        data_dir.mkdir(parents=True, exist_ok=True)
        for path, data in ((password_path, password.encode()), (pfx_path, pfx)):  # private: owner only
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
                handle.write(data)
    loaded = signing.Signer.from_pkcs12(pfx_path.read_bytes(), password_path.read_text())
    # cac:Signature points at "#SignSUNAT", as in SUNAT's own CDRs.
    return signing.Signer(loaded.private_key, loaded.certificate, signature_id="SignSUNAT")
