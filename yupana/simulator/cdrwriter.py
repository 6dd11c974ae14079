"""Writes CDRs (ApplicationResponse) the way SUNAT does, signs them and zips them as R-{name}.zip."""

from __future__ import annotations

import io
import itertools
import os
import threading
import time
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree

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


def _sub(parent, tag: str, text: str | None = None):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}")
    if text is not None:
        element.text = text
    return element


def _party(parent, tag: str, party_id: str):
    party = _sub(parent, tag)
    _sub(_sub(party, "cac:PartyIdentification"), "cbc:ID", party_id)
    return party


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
        root = etree.Element(f"{{{AR}}}ApplicationResponse", nsmap=NSMAP)
        _sub(_sub(_sub(root, "ext:UBLExtensions"), "ext:UBLExtension"), "ext:ExtensionContent")
        _sub(root, "cbc:UBLVersionID", "2.0")
        _sub(root, "cbc:CustomizationID", "1.0")
        _sub(root, "cbc:ID", self.response_id())
        _sub(root, "cbc:IssueDate", issue_date or now.date().isoformat())
        _sub(root, "cbc:IssueTime", "00:00:00")
        _sub(root, "cbc:ResponseDate", now.date().isoformat())
        _sub(root, "cbc:ResponseTime", now.strftime("%H:%M:%S"))
        signature = _sub(root, "cac:Signature")
        _sub(signature, "cbc:ID", "SignSUNAT")
        signatory = _party(signature, "cac:SignatoryParty", SUNAT_RUC)
        _sub(_sub(signatory, "cac:PartyName"), "cbc:Name", "SUNAT")
        _sub(_sub(_sub(signature, "cac:DigitalSignatureAttachment"), "cac:ExternalReference"), "cbc:URI",
             "#SignSUNAT")
        for note in notes:  # SUNAT writes the notes here, after cac:Signature
            _sub(root, "cbc:Note", note)
        _party(root, "cac:SenderParty", SUNAT_RUC)
        _party(root, "cac:ReceiverParty", receiver_ruc)
        document_response = _sub(root, "cac:DocumentResponse")
        response = _sub(document_response, "cac:Response")
        _sub(response, "cbc:ReferenceID", reference_id)
        _sub(response, "cbc:ResponseCode", code)
        _sub(response, "cbc:Description", description)
        _sub(_sub(document_response, "cac:DocumentReference"), "cbc:ID", reference_id)
        if recipient:
            _party(document_response, "cac:RecipientParty", recipient)
        unsigned = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        return self._signer.sign(unsigned, "rsa-sha256")

    def zip(self, stem: str, xml: bytes) -> bytes:
        """``R-{stem}.zip`` bytes holding ``R-{stem}.xml``."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"R-{stem}.xml", xml)
        return buffer.getvalue()


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
