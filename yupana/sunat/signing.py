"""XMLDSig for SUNAT documents: sign and verify side by side, plus a demo certificate.

SUNAT's profile: an enveloped signature inside the first empty ``ext:ExtensionContent``,
inclusive C14N 1.0, one Reference with URI "" and the enveloped-signature transform,
RSA-SHA1 (RSA-SHA256 as an option) and the signer's certificate in ``KeyInfo/X509Data``.

Signing is done by hand (lxml C14N + hashlib + cryptography) because it is on the hot path
(thousands of documents a second): the SignedInfo is a prepared template whose canonical form
is computed as a string, and the signature is spliced into the original bytes, so the
document is parsed once and never re-serialised. The tests prove interoperability with
signxml and with real signed documents from other implementations.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import functools
import hashlib
import re
import secrets
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from lxml import etree

DS_NS = "http://www.w3.org/2000/09/xmldsig#"
EXT_NS = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
C14N_COMMENTS = C14N + "#WithComments"
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
EXC_C14N_COMMENTS = EXC_C14N + "WithComments"
ENVELOPED = DS_NS + "enveloped-signature"
DEFAULT_SIGNATURE_ID = "SignYUPANA"

# name -> (SignatureMethod URI, DigestMethod URI, hash class)
ALGORITHMS: dict[str, tuple[str, str, type[hashes.HashAlgorithm]]] = {
    "rsa-sha1": (DS_NS + "rsa-sha1", DS_NS + "sha1", hashes.SHA1),
    "rsa-sha256": (
        "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        "http://www.w3.org/2001/04/xmlenc#sha256",
        hashes.SHA256,
    ),
}
# Accepted when verifying (real CDRs are signed rsa-sha512).
_SIGNATURE_HASHES = {
    DS_NS + "rsa-sha1": hashes.SHA1,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256": hashes.SHA256,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384": hashes.SHA384,
    "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512": hashes.SHA512,
}
_DIGESTS = {
    DS_NS + "sha1": "sha1",
    "http://www.w3.org/2001/04/xmlenc#sha256": "sha256",
    "http://www.w3.org/2001/04/xmldsig-more#sha384": "sha384",
    "http://www.w3.org/2001/04/xmlenc#sha512": "sha512",
}

_EXT_CONTENT_TAG = f"{{{EXT_NS}}}ExtensionContent"
# An empty ExtensionContent in the raw bytes: <ext:ExtensionContent/> or <p:ExtensionContent> </p:ExtensionContent>
_EMPTY_EXT_RE = re.compile(
    rb"<((?:[A-Za-z_][\w.\-]*:)?)ExtensionContent(\s[^>]*)?(?:/>|>(\s*)</\1ExtensionContent\s*>)"
)
_XMLNS_RE = re.compile(rb'\sxmlns(?::([A-Za-z_][\w.\-]*))?="([^"]*)"')
_DIGEST_VALUE_RE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?DigestValue>\s*([A-Za-z0-9+/=\s]+?)\s*<")


# Real test certificates (one of SUNAT's samples) carry a negative serial; verifying must not warn.
warnings.filterwarnings("ignore", message="Parsed a serial number which wasn't positive")


class SigningError(ValueError):
    """The document or the key cannot be used for signing (message in Spanish)."""


_local = threading.local()


def _parser() -> etree.XMLParser:
    # One parser per thread: lxml parsers must not be shared between threads.
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        _local.parser = parser
    return parser


def parse_xml(xml: bytes) -> etree._Element:
    """Parse untrusted XML safely (no entities, no network); raise SigningError on garbage."""
    try:
        return etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        raise SigningError(f"El XML no se puede leer: {exc}") from exc


def _escape_attr(value: str) -> str:
    # C14N attribute-value escaping.
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\t", "&#x9;")
        .replace("\n", "&#xA;")
        .replace("\r", "&#xD;")
    )


def _unescape_attr(value: str) -> str:
    if "&" not in value:
        return value
    return (
        value.replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
        .replace("&#x9;", "\t").replace("&#xA;", "\n").replace("&#xD;", "\r").replace("&amp;", "&")
    )


@dataclass(frozen=True)
class Signed:
    """A signed document and the two values other layers print or store."""

    xml: bytes
    digest_value: str
    signature_value: str


class Signer:
    """An RSA key and its certificate, loaded once and reused for every document."""

    def __init__(
        self,
        private_key: rsa.RSAPrivateKey,
        certificate: x509.Certificate,
        *,
        signature_id: str = DEFAULT_SIGNATURE_ID,
    ):
        if not isinstance(private_key, rsa.RSAPrivateKey):
            raise SigningError("El certificado debe tener una clave RSA (SUNAT no acepta otras)")
        if certificate.public_key().public_numbers() != private_key.public_key().public_numbers():
            raise SigningError("La clave privada no corresponde al certificado")
        self.private_key = private_key
        self.certificate = certificate
        self.signature_id = signature_id
        der = certificate.public_bytes(serialization.Encoding.DER)
        self._cert_b64 = base64.b64encode(der).decode("ascii")
        self._templates: dict[str, tuple[str, str, type[hashes.HashAlgorithm], str]] = {}
        for name, (sig_uri, digest_uri, hash_cls) in ALGORITHMS.items():
            # Everything in SignedInfo but the DigestValue is fixed: prepare it once.
            head = (
                f'<ds:CanonicalizationMethod Algorithm="{C14N}"></ds:CanonicalizationMethod>'
                f'<ds:SignatureMethod Algorithm="{sig_uri}"></ds:SignatureMethod>'
                '<ds:Reference URI=""><ds:Transforms>'
                f'<ds:Transform Algorithm="{ENVELOPED}"></ds:Transform></ds:Transforms>'
                f'<ds:DigestMethod Algorithm="{digest_uri}"></ds:DigestMethod><ds:DigestValue>'
            )
            tail = "</ds:DigestValue></ds:Reference></ds:SignedInfo>"
            self._templates[name] = (head, tail, hash_cls, hash_cls.name)

    # -- loading -------------------------------------------------------------------------
    @classmethod
    def from_pkcs12(cls, data: bytes, password: str | bytes | None) -> "Signer":
        """Load a .pfx/.p12 (modern or legacy RC2/3DES encrypted); cached by content hash."""
        pw = password.encode("utf-8") if isinstance(password, str) else password
        key = hashlib.sha256(data + b"\0" + (pw or b"")).digest()
        with _cache_lock:
            cached = _cache.get(key)
        if cached is not None:
            return cached
        try:
            private_key, certificate, _extra = pkcs12.load_key_and_certificates(data, pw)
        except ValueError as exc:
            raise SigningError(
                "No se pudo abrir el certificado .pfx: la contraseña es incorrecta o el archivo está dañado"
            ) from exc
        if private_key is None or certificate is None:
            raise SigningError("El archivo .pfx no contiene la clave privada y el certificado")
        signer = cls(private_key, certificate)
        _remember(key, signer)
        return signer

    @classmethod
    def from_pem(cls, key: bytes, cert: bytes, password: str | bytes | None = None) -> "Signer":
        """Load a PEM private key and a PEM certificate; cached by content hash."""
        pw = password.encode("utf-8") if isinstance(password, str) else password
        cache_key = hashlib.sha256(key + b"\0" + cert + b"\0" + (pw or b"")).digest()
        with _cache_lock:
            cached = _cache.get(cache_key)
        if cached is not None:
            return cached
        try:
            private_key = serialization.load_pem_private_key(key, pw)
            certificate = x509.load_pem_x509_certificate(cert)
        except (ValueError, TypeError) as exc:
            raise SigningError(f"No se pudo leer la clave o el certificado PEM: {exc}") from exc
        signer = cls(private_key, certificate)  # type: ignore[arg-type]
        _remember(cache_key, signer)
        return signer

    @classmethod
    def from_file(cls, path: str | Path, password: str | bytes | None = None) -> "Signer":
        """Load a .pfx/.p12 file, or a PEM file holding both the key and the certificate."""
        data = Path(path).read_bytes()
        if b"-----BEGIN" in data:
            return cls.from_pem(data, data, password)
        return cls.from_pkcs12(data, password)

    # -- signing -------------------------------------------------------------------------
    def sign(self, xml: bytes, algorithm: str = "rsa-sha1", *, assume_canonical: bool = False) -> bytes:
        """Return ``xml`` with an enveloped signature in its first empty ``ext:ExtensionContent``."""
        return self.sign_detailed(xml, algorithm, assume_canonical=assume_canonical).xml

    def sign_detailed(
        self, xml: bytes, algorithm: str = "rsa-sha1", *, assume_canonical: bool = False
    ) -> Signed:
        """Sign and also return the DigestValue (the hash printed on the PDF and the QR).

        ``assume_canonical=True`` is for renderers whose output is already inclusive C14N
        (see ``is_canonical``): the document is then hashed as it is, without parsing, which
        more than halves the cost of signing. A non-canonical input signed this way gives a
        signature SUNAT rejects (2335), so renderers must test ``is_canonical`` on their output.
        """
        try:
            head, tail, hash_cls, hash_name = self._templates[algorithm]
        except KeyError:
            raise SigningError(
                f"Algoritmo de firma no soportado: {algorithm!r} (use rsa-sha1 o rsa-sha256)"
            ) from None
        if assume_canonical:
            fast = self._sign_canonical(xml, head, tail, hash_cls, hash_name)
            if fast is not None:
                return fast
        root = parse_xml(xml)
        target = None
        for element in root.iter(_EXT_CONTENT_TAG):
            if len(element) == 0:
                target = element
                break
        if target is None:
            raise SigningError(
                "El XML no tiene un ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent vacío para la firma"
            )
        nsmap = target.nsmap
        if nsmap.get("ds", DS_NS) != DS_NS:
            raise SigningError("El prefijo 'ds' del XML está ligado a otro espacio de nombres")

        # Reference URI="" with the enveloped transform: the digest covers the document as it
        # is now, because the signature goes where nothing was and carries no tail text.
        canonical_doc = etree.tostring(root.getroottree(), method="c14n", with_comments=False)
        digest_b64 = base64.b64encode(hashlib.new(hash_name, canonical_doc).digest()).decode("ascii")

        signed_info_body = head + digest_b64 + tail
        canonical_si = self._canonical_signed_info(target, nsmap, signed_info_body)
        signature = self.private_key.sign(canonical_si, padding.PKCS1v15(), hash_cls())
        signature_b64 = base64.b64encode(signature).decode("ascii")
        signature_xml = self._signature_xml(signed_info_body, signature_b64)
        out = _splice(xml, signature_xml)
        if out is None:
            target.append(etree.fromstring(signature_xml))
            encoding = root.getroottree().docinfo.encoding or "UTF-8"
            out = etree.tostring(root.getroottree(), xml_declaration=True, encoding=encoding)
        return Signed(out, digest_b64, signature_b64)

    def _sign_canonical(self, xml, head, tail, hash_cls, hash_name) -> Signed | None:
        """Sign bytes already in C14N form; None when the layout is not the simple UBL one."""
        start = 0
        if xml.startswith(b"<?xml"):
            start = xml.index(b"?>") + 2
            while xml[start : start + 1] in (b"\n", b"\r", b" ", b"\t"):
                start += 1
        body = xml[start:].rstrip()
        match = _EMPTY_EXT_RE.search(body)
        if match is None or match.group(0).endswith(b"/>") or _contains(body, b"<!") or _contains(body, b"<?"):
            return None
        root_tag_end = body.find(b">")
        # Namespaces in scope at ExtensionContent must all be declared on the root start tag.
        if body.count(b"xmlns", 0, match.start()) != body.count(b"xmlns", 0, root_tag_end):
            return None
        open_tag = _signed_info_open_tag(body[:root_tag_end])
        if open_tag is None:
            return None
        digest_b64 = base64.b64encode(hashlib.new(hash_name, body).digest()).decode("ascii")
        signed_info_body = head + digest_b64 + tail
        canonical_si = (open_tag + signed_info_body).encode("utf-8")
        signature_b64 = base64.b64encode(
            self.private_key.sign(canonical_si, padding.PKCS1v15(), hash_cls())
        ).decode("ascii")
        out = _splice(xml, self._signature_xml(signed_info_body, signature_b64))
        if out is None:
            return None
        return Signed(out, digest_b64, signature_b64)

    def _signature_xml(self, signed_info_body: str, signature_b64: str) -> bytes:
        return (
            f'<ds:Signature xmlns:ds="{DS_NS}" Id="{self.signature_id}"><ds:SignedInfo>'
            + signed_info_body
            + f"<ds:SignatureValue>{signature_b64}</ds:SignatureValue>"
            f"<ds:KeyInfo><ds:X509Data><ds:X509Certificate>{self._cert_b64}"
            "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></ds:Signature>"
        ).encode("ascii")

    @staticmethod
    def _canonical_signed_info(target: etree._Element, nsmap: dict, body: str) -> bytes:
        """Inclusive C14N of the SignedInfo in place: every in-scope namespace on its start tag."""
        # xml:* attributes on ancestors are inherited by inclusive C14N: rare, do it with lxml.
        for ancestor in target.iterancestors():
            if any(name.startswith(f"{{{XML_NS}}}") for name in ancestor.attrib):
                return _lxml_canonical_signed_info(target, body)
        if any(name.startswith(f"{{{XML_NS}}}") for name in target.attrib):
            return _lxml_canonical_signed_info(target, body)
        return _fast_canonical_signed_info(nsmap, body)


def _fast_canonical_signed_info(nsmap: dict, body: str) -> bytes:
    return (_open_tag(tuple(nsmap.items())) + body).encode("utf-8")


@functools.lru_cache(maxsize=256)
def _open_tag(ns_items: tuple) -> str:
    """``<ds:SignedInfo xmlns=... xmlns:p=...>`` with the in-scope namespaces in C14N order."""
    declared = dict(ns_items)
    declared["ds"] = DS_NS
    parts = ["<ds:SignedInfo"]
    default = declared.pop(None, None)
    if default:
        parts.append(f' xmlns="{_escape_attr(default)}"')
    for prefix in sorted(declared):
        parts.append(f' xmlns:{prefix}="{_escape_attr(declared[prefix])}"')
    parts.append(">")
    return "".join(parts)


@functools.lru_cache(maxsize=256)
def _signed_info_open_tag(root_start: bytes) -> str | None:
    """The SignedInfo start tag for a document whose root start tag is ``root_start`` (cached:
    a renderer writes the same root every time); None when the fast path must not guess."""
    if b"xml:" in root_start:
        return None
    nsmap: dict = {}
    for prefix, uri in _XMLNS_RE.findall(root_start):
        nsmap[prefix.decode() or None] = _unescape_attr(uri.decode("utf-8"))
    if nsmap.get("ds", DS_NS) != DS_NS:
        return None
    return _open_tag(tuple(nsmap.items()))


def is_canonical(xml: bytes) -> bool:
    """True when ``xml`` (after any XML declaration) is byte for byte its own inclusive C14N.

    Renderers that pass ``assume_canonical=True`` to ``Signer.sign`` test their output with this.
    """
    root = parse_xml(xml)
    canonical = etree.tostring(root.getroottree(), method="c14n", with_comments=False)
    start = 0
    if xml.startswith(b"<?xml"):
        start = xml.index(b"?>") + 2
        while xml[start : start + 1] in (b"\n", b"\r", b" ", b"\t"):
            start += 1
    return xml[start:].rstrip() == canonical


def _lxml_canonical_signed_info(target: etree._Element, body: str) -> bytes:
    fragment = etree.fromstring(f'<ds:Signature xmlns:ds="{DS_NS}"><ds:SignedInfo>{body}</ds:Signature>')
    target.append(fragment)
    try:
        return etree.tostring(fragment[0], method="c14n", with_comments=False)
    finally:
        target.remove(fragment)


def _contains(data: bytes, pair: bytes) -> bool:
    """``pair in data``, fast when its second byte (``!`` or ``?``) is absent, as in most CPEs."""
    return pair[1:] in data and pair in data


def _splice(xml: bytes, signature_xml: bytes) -> bytes | None:
    """Insert the signature into the first empty ExtensionContent of the raw bytes.

    Returns None when a plain byte search could be fooled (comments, CDATA, non-ASCII-safe
    encodings); the caller then serialises the tree instead.
    """
    if _contains(xml, b"<!") or xml[:2] in (b"\xff\xfe", b"\xfe\xff"):  # comments, CDATA, DOCTYPE
        return None
    match = _EMPTY_EXT_RE.search(xml)
    if match is None:
        return None
    prefix = match.group(1)
    whole = match.group(0)
    if whole.endswith(b"/>"):
        start_tag = whole[:-2].rstrip() + b">"
        replacement = start_tag + signature_xml + b"</" + prefix + b"ExtensionContent>"
    else:
        start_end = whole.index(b">") + 1
        replacement = whole[:start_end] + signature_xml + whole[start_end:]
    return xml[: match.start()] + replacement + xml[match.end() :]


_cache: dict[bytes, Signer] = {}
_cache_lock = threading.Lock()
_CACHE_SIZE = 32


def _remember(key: bytes, signer: Signer) -> None:
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = signer


# -- verification ------------------------------------------------------------------------
@dataclass(frozen=True)
class VerifyResult:
    valid: bool
    reason: str
    digest_ok: bool
    signature_ok: bool
    certificate: x509.Certificate | None

    def __bool__(self) -> bool:
        return self.valid


def _ds(name: str) -> str:
    return f"{{{DS_NS}}}{name}"


def _c14n(node, algorithm: str) -> bytes:
    exclusive = algorithm in (EXC_C14N, EXC_C14N_COMMENTS)
    comments = algorithm in (C14N_COMMENTS, EXC_C14N_COMMENTS)
    return etree.tostring(node, method="c14n", exclusive=exclusive, with_comments=comments)


@contextlib.contextmanager
def _detached(element: etree._Element):
    """Without ``element`` (its tail text kept), as the enveloped-signature transform sees the
    document; put back as it was afterwards, since the tree may be the caller's."""
    parent = element.getparent()
    index = parent.index(element)
    previous = element.getprevious()
    tail = element.tail
    saved = previous.tail if previous is not None else parent.text
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
    try:
        yield
    finally:
        if previous is not None:
            previous.tail = saved
        else:
            parent.text = saved
        parent.insert(index, element)
        element.tail = tail


def verify(xml: bytes, *, root: etree._Element | None = None) -> VerifyResult:
    """Check the enveloped signature of a SUNAT document (or CDR) against its own certificate.

    Proves the document was not altered after signing and that the certificate in KeyInfo
    made the signature; it does not judge whether the certificate is trusted. ``root`` is
    ``xml`` already parsed with ``parse_xml`` (saves a parse); it is given back unchanged.
    """

    def fail(reason: str, digest_ok=False, signature_ok=False, cert=None) -> VerifyResult:
        return VerifyResult(False, reason, digest_ok, signature_ok, cert)

    if root is None:
        try:
            root = parse_xml(xml)
        except SigningError as exc:
            return fail(str(exc))
    signature = next(root.iter(_ds("Signature")), None)
    if signature is None:
        return fail("El documento no está firmado (no tiene ds:Signature)")
    signed_info = signature.find(_ds("SignedInfo"))
    signature_value = signature.findtext(_ds("SignatureValue"))
    cert_text = signature.findtext(f"{_ds('KeyInfo')}/{_ds('X509Data')}/{_ds('X509Certificate')}")
    if signed_info is None or not signature_value:
        return fail("La firma está incompleta (falta SignedInfo o SignatureValue)")
    if not cert_text:
        return fail("La firma no incluye el certificado (KeyInfo/X509Data/X509Certificate)")
    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode("".join(cert_text.split())))
    except ValueError:
        return fail("El certificado de la firma no se puede leer")

    c14n_method = signed_info.find(_ds("CanonicalizationMethod"))
    c14n_algorithm = c14n_method.get("Algorithm") if c14n_method is not None else C14N
    sig_method = signed_info.find(_ds("SignatureMethod"))
    hash_cls = _SIGNATURE_HASHES.get(sig_method.get("Algorithm") if sig_method is not None else "")
    if hash_cls is None:
        return fail("Algoritmo de firma no soportado", cert=certificate)
    references = signed_info.findall(_ds("Reference"))
    if len(references) != 1 or references[0].get("URI", "") != "":
        return fail("La firma debe tener una sola referencia al documento completo (URI \"\")", cert=certificate)
    reference = references[0]
    digest_method = reference.find(_ds("DigestMethod"))
    digest_name = _DIGESTS.get(digest_method.get("Algorithm") if digest_method is not None else "")
    if digest_name is None:
        return fail("Algoritmo de digest no soportado", cert=certificate)
    expected_digest = "".join((reference.findtext(_ds("DigestValue")) or "").split())
    transforms = [t.get("Algorithm") for t in reference.iterfind(f"{_ds('Transforms')}/{_ds('Transform')}")]
    doc_c14n = C14N
    for transform in transforms:
        if transform == ENVELOPED:
            continue
        if transform in (C14N, C14N_COMMENTS, EXC_C14N, EXC_C14N_COMMENTS):
            doc_c14n = transform
        else:
            return fail(f"Transformación no soportada: {transform}", cert=certificate)

    # SignedInfo is canonicalised in place (inherits the document's namespaces) before detaching.
    canonical_si = _c14n(signed_info, c14n_algorithm)
    try:
        certificate.public_key().verify(
            base64.b64decode("".join(signature_value.split())), canonical_si, padding.PKCS1v15(), hash_cls()
        )
        signature_ok = True
    except (InvalidSignature, ValueError, TypeError):
        signature_ok = False

    # URI="" excludes comments unless a #WithComments transform asks for them.
    if doc_c14n == C14N_COMMENTS and ENVELOPED in transforms and len(transforms) == 1:
        doc_c14n = C14N
    if ENVELOPED in transforms:
        with _detached(signature):
            canonical_doc = _c14n(root.getroottree(), doc_c14n)
    else:
        canonical_doc = _c14n(root.getroottree(), doc_c14n)
    actual = base64.b64encode(hashlib.new(digest_name, canonical_doc).digest()).decode()
    digest_ok = actual == expected_digest

    if not digest_ok:
        return fail("El documento fue alterado después de firmarse (el DigestValue no coincide)",
                    False, signature_ok, certificate)
    if not signature_ok:
        return fail("La firma (SignatureValue) no corresponde al certificado incluido", True, False, certificate)
    return VerifyResult(True, "", True, True, certificate)


def digest_value(xml: bytes) -> str:
    """The signature's DigestValue (the "hash" printed on the PDF and in the QR)."""
    match = _DIGEST_VALUE_RE.search(xml)
    if match is not None and b"<!--" not in xml[: match.start()]:
        return "".join(match.group(1).decode("ascii").split())
    root = parse_xml(xml)
    node = next(root.iter(_ds("DigestValue")), None)
    if node is None or not (node.text or "").strip():
        raise SigningError("El documento no está firmado: no tiene DigestValue")
    return "".join(node.text.split())


# -- demo certificate ----------------------------------------------------------------------
def make_demo_certificate(ruc: str, name: str, *, days: int = 3650) -> tuple[bytes, str]:
    """A self-signed RSA-2048 certificate for tests and the demo, as (pfx_bytes, password).

    SUNAT beta and the simulator accept any certificate; production needs one issued by an
    accredited authority. Never commit the result: it holds the private key.
    """
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, name[:64]),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"RUC {ruc}"),
            x509.NameAttribute(NameOID.SERIAL_NUMBER, ruc),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{name} (DEMO)"[:64]),
        ]
    )
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    password = secrets.token_urlsafe(12)
    pfx = pkcs12.serialize_key_and_certificates(
        name=f"{ruc} demo".encode(),
        key=key,
        cert=certificate,
        cas=None,
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode()),
    )
    return pfx, password
