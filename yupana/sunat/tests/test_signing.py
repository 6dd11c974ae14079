"""Signing and verification: our XMLDSig must interoperate with signxml and real SUNAT documents."""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from lxml import etree
from signxml import DigestAlgorithm, SignatureConfiguration, SignatureMethod, XMLVerifier

from yupana.sunat import signing
from yupana.sunat.testing import SAMPLES, demo_certificate, demo_signer

SIGNED = sorted((SAMPLES / "signed").glob("*.xml"))
EDITED_AFTER_SIGNING = "greenter-ws__20000000001-RC-20171119-001.xml"
DS = "{http://www.w3.org/2000/09/xmldsig#}"

SIGNXML_CONFIG = SignatureConfiguration(
    signature_methods=frozenset({SignatureMethod.RSA_SHA1, SignatureMethod.RSA_SHA256}),
    digest_algorithms=frozenset({DigestAlgorithm.SHA1, DigestAlgorithm.SHA256}),
)


def unsigned_copy(path) -> bytes:
    """A real signed document with its ds:Signature removed: an empty ExtensionContent."""
    root = etree.fromstring(path.read_bytes())
    signature = next(root.iter(f"{DS}Signature"))
    parent = signature.getparent()
    parent.remove(signature)
    parent.text = None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def signxml_verify(xml: bytes, signer: signing.Signer):
    pem = signer.certificate.public_bytes(serialization.Encoding.PEM).decode()
    return XMLVerifier().verify(xml, x509_cert=pem, expect_config=SIGNXML_CONFIG)


@pytest.mark.parametrize("path", SIGNED, ids=lambda p: p.name)
def test_verify_accepts_real_signed_samples_except_the_edited_one(path):
    # Given a document signed by another implementation (Greenter, OpenUBL, SUNAT tools)
    result = signing.verify(path.read_bytes())
    # Then our verifier agrees with theirs, and catches the one edited after signing
    if path.name == EDITED_AFTER_SIGNING:
        assert not result.valid
        assert result.signature_ok and not result.digest_ok
        assert "alterado" in result.reason
    else:
        assert result.valid, result.reason
        assert result.certificate is not None


@pytest.mark.parametrize("path", SIGNED, ids=lambda p: p.name)
def test_verify_on_the_callers_tree_gives_the_same_verdict_and_leaves_the_tree_as_it_was(path):
    # Given a signed document the caller has already parsed (the signature may carry tail text)
    xml = path.read_bytes()
    root = signing.parse_xml(xml)
    before = etree.tostring(root, method="c14n")
    # When it is verified on that tree instead of the bytes
    result = signing.verify(xml, root=root)
    # Then the verdict is the one from the bytes, and the tree has its signature back in place
    expected = signing.verify(xml)
    assert (result.valid, result.digest_ok, result.signature_ok, result.reason) == (
        expected.valid, expected.digest_ok, expected.signature_ok, expected.reason)
    assert etree.tostring(root, method="c14n") == before


def test_verify_on_a_tree_detects_tampering_and_restores_tail_text():
    # Given a signature spliced before the whitespace of its ExtensionContent (it has tail text)
    unsigned = unsigned_copy(SAMPLES / "signed" / "greenter-F001-1__20123456789-01-F001-1.xml")
    spaced = unsigned.replace(b"<ext:ExtensionContent/>", b"<ext:ExtensionContent>\n  </ext:ExtensionContent>", 1)
    assert spaced != unsigned
    signed = demo_signer().sign(spaced)
    root = signing.parse_xml(signed)
    assert next(root.iter(f"{DS}Signature")).tail == "\n  "
    before = etree.tostring(root, method="c14n")
    # Then it verifies on the tree, and the tree keeps its signature and the tail text
    assert signing.verify(signed, root=root).valid
    assert etree.tostring(root, method="c14n") == before
    assert next(root.iter(f"{DS}Signature")).tail == "\n  "
    # And an edit after signing is caught on a tree as on bytes
    altered = signed.replace(b">100.00<", b">900.00<", 1)
    result = signing.verify(altered, root=signing.parse_xml(altered))
    assert not result.valid and not result.digest_ok and result.signature_ok


@pytest.mark.parametrize("algorithm", ["rsa-sha1", "rsa-sha256"])
@pytest.mark.parametrize(
    "path",
    [p for p in SIGNED if p.name != EDITED_AFTER_SIGNING],
    ids=lambda p: p.name,
)
def test_our_signature_verifies_with_signxml_and_ourselves(path, algorithm):
    signer = demo_signer()
    xml = unsigned_copy(path)
    signed = signer.sign_detailed(xml, algorithm)
    # signxml is independent of our code: same digest, valid signature
    result = signxml_verify(signed.xml, signer)
    assert result.signed_xml is not None
    ours = signing.verify(signed.xml)
    assert ours.valid, ours.reason
    assert signing.digest_value(signed.xml) == signed.digest_value
    root = etree.fromstring(signed.xml)
    signature = next(root.iter(f"{DS}Signature"))
    assert signature.get("Id") == "SignYUPANA"
    assert signature.getparent().tag.endswith("}ExtensionContent")
    method = signature.find(f"{DS}SignedInfo/{DS}SignatureMethod").get("Algorithm")
    assert method.endswith(algorithm.split("-")[1])


def test_digest_is_sha1_of_the_inclusive_c14n_of_the_unsigned_document():
    # The enveloped transform gives back exactly the document we signed, so the digest is
    # the SHA-1 of its canonical form, worked out here with lxml directly.
    xml = unsigned_copy(SAMPLES / "signed" / "greenter-F001-1__20123456789-01-F001-1.xml")
    canonical = etree.tostring(etree.fromstring(xml).getroottree(), method="c14n", with_comments=False)
    expected = base64.b64encode(hashlib.sha1(canonical).digest()).decode()
    assert demo_signer().sign_detailed(xml).digest_value == expected


def test_self_closing_and_whitespace_extension_content_forms():
    signer = demo_signer()
    body = (
        '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
        'xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2" '
        'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
        "<ext:UBLExtensions><ext:UBLExtension>{content}</ext:UBLExtension></ext:UBLExtensions>"
        "<cbc:ID>F001-1</cbc:ID><cbc:Note>Ñandú &amp; «comillas»</cbc:Note></Invoice>"
    )
    for content in ("<ext:ExtensionContent/>", "<ext:ExtensionContent>\n   </ext:ExtensionContent>"):
        xml = ('<?xml version="1.0" encoding="UTF-8"?>\n' + body.format(content=content)).encode()
        signed = signer.sign(xml)
        assert signed.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
        assert signing.verify(signed).valid
        signxml_verify(signed, signer)


def test_comments_fall_back_to_tree_serialisation_and_still_verify():
    signer = demo_signer()
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<!-- hecho a mano -->'
        '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
        'xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2">'
        "<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent/></ext:UBLExtension>"
        "</ext:UBLExtensions><!-- comentario --><Note>Peña</Note></Invoice>"
    ).encode("iso-8859-1")
    signed = signer.sign(xml)
    assert signing.verify(signed).valid
    signxml_verify(signed, signer)


def test_fast_canonical_signed_info_matches_lxml():
    root = etree.fromstring(unsigned_copy(SAMPLES / "signed" / "openubl__12345678912-01-F001-1.xml"))
    target = next(root.iter(signing._EXT_CONTENT_TAG))
    body = "<ds:DigestValue>abc</ds:DigestValue></ds:SignedInfo>"
    fast = signing.Signer._canonical_signed_info(target, target.nsmap, body)
    assert fast == signing._lxml_canonical_signed_info(target, body)


def test_tampering_is_detected():
    signer = demo_signer()
    xml = unsigned_copy(SAMPLES / "signed" / "greenter-F001-1__20123456789-01-F001-1.xml")
    signed = signer.sign(xml)
    amount = b">100.00<" if b">100.00<" in signed else None
    assert amount is not None
    altered = signed.replace(amount, b">900.00<", 1)
    result = signing.verify(altered)
    assert not result.valid and not result.digest_ok and result.signature_ok

    # A forged SignatureValue fails the RSA check while the digest still matches
    root = etree.fromstring(signed)
    value = next(root.iter(f"{DS}SignatureValue"))
    raw = bytearray(base64.b64decode(value.text))
    raw[10] ^= 0xFF
    value.text = base64.b64encode(bytes(raw)).decode()
    result = signing.verify(etree.tostring(root))
    assert not result.valid and result.digest_ok and not result.signature_ok


def test_unsigned_or_broken_documents_are_reported_not_raised():
    assert not signing.verify(b"<a/>").valid
    assert "no está firmado" in signing.verify(b"<a/>").reason
    assert not signing.verify(b"no xml").valid
    with pytest.raises(signing.SigningError, match="ExtensionContent"):
        demo_signer().sign(b"<Invoice/>")
    with pytest.raises(signing.SigningError, match="rsa-sha1"):
        demo_signer().sign(unsigned_copy(SIGNED[0]), algorithm="dsa")
    with pytest.raises(signing.SigningError, match="DigestValue"):
        signing.digest_value(b"<Invoice/>")


def test_demo_certificate_loads_and_is_cached():
    pfx, password = signing.make_demo_certificate("20600000001", "MI BODEGA E.I.R.L.", days=30)
    first = signing.Signer.from_pkcs12(pfx, password)
    assert signing.Signer.from_pkcs12(pfx, password) is first
    subject = first.certificate.subject
    assert subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)[0].value == "20600000001"
    assert first.private_key.key_size == 2048
    with pytest.raises(signing.SigningError, match="contraseña"):
        signing.Signer.from_pkcs12(pfx, "wrong")


def test_pem_and_file_loading(tmp_path):
    pfx, password = demo_certificate()
    key, cert, _ = pkcs12.load_key_and_certificates(pfx, password.encode())
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    signer = signing.Signer.from_pem(key_pem, cert_pem)
    assert signer.certificate == cert
    both = tmp_path / "cert.pem"
    both.write_bytes(key_pem + cert_pem)
    assert signing.Signer.from_file(both).certificate == cert
    pfx_file = tmp_path / "cert.pfx"
    pfx_file.write_bytes(pfx)
    assert signing.Signer.from_file(pfx_file, password).certificate == cert


def test_legacy_3des_pkcs12_loads():
    pfx, password = demo_certificate()
    key, cert, _ = pkcs12.load_key_and_certificates(pfx, password.encode())
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(2048)
        .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
        .hmac_hash(__import__("cryptography.hazmat.primitives.hashes", fromlist=["SHA1"]).SHA1())
        .build(b"legacy")
    )
    legacy = pkcs12.serialize_key_and_certificates(b"x", key, cert, None, encryption)
    assert signing.Signer.from_pkcs12(legacy, "legacy").certificate == cert


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl CLI not installed")
def test_legacy_rc2_pkcs12_from_openssl_loads(tmp_path):
    # Old Peruvian certificates come as RC2-40 encrypted .pfx files (openssl -legacy).
    pfx, password = demo_certificate()
    key, cert, _ = pkcs12.load_key_and_certificates(pfx, password.encode())
    (tmp_path / "k.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                          serialization.NoEncryption())
    )
    (tmp_path / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    out = tmp_path / "legacy.pfx"
    done = subprocess.run(
        ["openssl", "pkcs12", "-export", "-legacy", "-inkey", str(tmp_path / "k.pem"),
         "-in", str(tmp_path / "c.pem"), "-out", str(out), "-passout", "pass:rc2pass"],
        capture_output=True,
    )
    if done.returncode != 0:
        pytest.skip(f"openssl has no legacy provider: {done.stderr[:200]!r}")
    info = subprocess.run(
        ["openssl", "pkcs12", "-info", "-noout", "-legacy", "-in", str(out), "-passin", "pass:rc2pass"],
        capture_output=True, text=True,
    )
    assert "RC2" in info.stderr + info.stdout
    assert signing.Signer.from_pkcs12(out.read_bytes(), "rc2pass").certificate == cert


@pytest.mark.parametrize("algorithm", ["rsa-sha1", "rsa-sha256"])
def test_assume_canonical_fast_path_gives_the_same_signature_as_the_parsing_path(algorithm):
    # Given a document already in C14N form, as a fast renderer would write it
    unsigned = unsigned_copy(SAMPLES / "signed" / "greenter-F001-1__20123456789-01-F001-1.xml")
    canonical = etree.tostring(etree.fromstring(unsigned).getroottree(), method="c14n")
    xml = b'<?xml version="1.0" encoding="UTF-8"?>\n' + canonical
    assert signing.is_canonical(xml)
    assert not signing.is_canonical(b"<a b='1'/>")  # quotes and empty-element form differ
    signer = demo_signer()
    fast = signer.sign_detailed(xml, algorithm, assume_canonical=True)
    slow = signer.sign_detailed(xml, algorithm)
    # RSA PKCS#1 v1.5 is deterministic: same SignedInfo means byte-identical output
    assert fast == slow
    signxml_verify(fast.xml, signer)


def test_assume_canonical_falls_back_when_the_layout_is_unusual():
    # Namespace declared below the root: the fast path must not guess the in-scope set
    xml = (
        b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">'
        b'<ext:UBLExtensions xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2">'
        b"<ext:UBLExtension><ext:ExtensionContent></ext:ExtensionContent></ext:UBLExtension>"
        b"</ext:UBLExtensions></Invoice>"
    )
    signer = demo_signer()
    signed = signer.sign(xml, assume_canonical=True)
    assert signed == signer.sign(xml)
    signxml_verify(signed, signer)


def test_iso_8859_1_document_is_signed_in_place():
    # Splicing into the original bytes keeps the declared encoding; the digest is over C14N (UTF-8)
    signer = demo_signer()
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
        '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" '
        'xmlns:ext="urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2">'
        "<ext:UBLExtensions><ext:UBLExtension><ext:ExtensionContent/></ext:UBLExtension>"
        "</ext:UBLExtensions><Note>Peña Ñandú</Note></Invoice>"
    ).encode("iso-8859-1")
    signed = signer.sign(xml)
    assert signed.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>')
    assert "Peña Ñandú".encode("iso-8859-1") in signed
    assert signing.verify(signed).valid
    signxml_verify(signed, signer)
