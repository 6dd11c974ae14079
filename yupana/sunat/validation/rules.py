"""SUNAT's own business rules (the SFS ``ValidaExprReg*-2.0.1.xsl`` sheets) run with saxonche.

As published, every run re-reads the catalogs with ``document()`` (cat_25 alone is 2.9 MB),
which costs ~120 ms a document. At first use we derive a copy of the sheets into a cache
directory in which the catalog look-ups read one pre-built document instead, parsed once and
passed to every run as the stylesheet parameter ``yupanaCatalogs`` (indexed with an
``xsl:key``). The rules themselves are SUNAT's, with two kinds of exceptions listed below: EXSLT
date functions that Saxon-HE lacks (``_DATE_REWRITES``) and a known defect of the SFS copy that
SUNAT's server sheet does not have (``_SFS_FIXES``). One more edit touches no rule: each sheet
ends by copying the whole document to its output, for DataPower's next step (``_PASS_THROUGH``);
we discard the output, and that copy was a quarter of a run. Each sheet is compiled once per
process, and run with ``apply_templates_returning_value`` (no result tree, nothing serialised).

Thread safety: ``run_rules`` is thread-safe. The processor and the compiled sheets are shared;
each thread transforms with its own clone of the executable (captured ``xsl:message`` output
lives on the executable), and SaxonC calls are additionally serialised by a lock.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
import shutil
import tempfile
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree

from yupana.sunat.validation.report import Problem

LIMA = ZoneInfo("America/Lima")
SFS_DIR = Path(__file__).resolve().parent.parent / "data" / "sfs"
DATAPOWER_DIR = Path(__file__).resolve().parent / "data"
SHEETS = {
    "01": "ValidaExprRegFactura-2.0.1.xsl",
    "03": "ValidaExprRegBoleta-2.0.1.xsl",
    "07": "ValidaExprRegNC-2.0.1.xsl",
    "08": "ValidaExprRegND-2.0.1.xsl",
    # DataPower sheets (the SFS set has none for RC/RA), made runnable by _derive_datapower.
    "RC": "ValidaExprRegSummary-1.1.0.xsl",
    "RA": "ValidaExprRegSummaryVoided-1.0.1.xsl",
}
_DP_FILE_NAME = "dp:variable('var://context/cpe/nombreArchivoEnviado')"
_DP_INCLUDE = 'href="local:///commons/error/validate_utils.xsl"'

_CODE_RE = re.compile(r"errorCode\s*:?\s*(\d{4})")
_LEADING_CODE_RE = re.compile(r"^\s*(\d{4})")
_ANY_CODE_RE = re.compile(r"\b(\d{4})\b")
# The rewritten look-up: every catalog check in validate_utils.xsl reads `document($url_catalogo)/l/c`.
_LOOKUP = "document($url_catalogo)/l/c"
_REPLACEMENT = "$yupanaCatalogs/cats/l[@n=$catalogo]/c"
_FIND_IN_CATALOG = "count(document($url_catalogo)/l/c[@id=$idCatalogo]) &lt; 1"
# Catalog 25 (53,000 product codes) is left out of the shared document: indexing it would cost
# more per run than the whole validation; ``check_product_codes`` does that one check in Python.
_FIND_WITH_KEY = (
    "$catalogo != '25' and "
    "count(key('yupanaCatalog', concat($catalogo, '|', $idCatalogo), $yupanaCatalogs)) &lt; 1"
)
PRODUCT_CODE_OBSERVATION = "4332"
_LINE_TAGS = ("InvoiceLine", "CreditNoteLine", "DebitNoteLine")
_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
# EXSLT dates (date:date, date:difference, date:seconds) are not in Saxon-HE. The templates
# only compare calendar dates, so compare YYYYMMDD numbers instead; "today" is Lima's date,
# passed by run_rules as the parameter ``currentdate``.
_YMD = "number(translate(substring(string({}),1,10),'-',''))"
_DATE_REWRITES = (
    (
        "date:seconds(date:difference(concat($endDateNode,'-00:00'),$startDateNode)) &lt; 0",
        _YMD.format("$startDateNode") + " &lt; " + _YMD.format("$endDateNode"),
        2,
    ),
    (
        "date:seconds(date:difference(concat($startDateNode,'-00:00'),$currentdate)) &lt; 0",
        _YMD.format("$currentdate") + " &lt; " + _YMD.format("$startDateNode"),
        1,
    ),
    (
        '<xsl:variable name="currentdate" select="date:date()"/>',
        '<xsl:param name="currentdate" select="substring(string(current-date()),1,10)"/>',
        1,
    ),
)
_EXTRA_DECLARATIONS = (
    '  <xsl:param name="yupanaCatalogs"/>\n'
    "  <xsl:key name=\"yupanaCatalog\" match=\"c\" use=\"concat(../@n, '|', @id)\"/>\n"
)


# SFS sheets stop with <xsl:message terminate="yes">. Run under xsl:try so the termination is
# caught: Saxon then does not print the error to stderr, and a marker message says it happened.
TERMINATED = "YUPANA-TERMINATED"
_WRAPPER = """<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:err="http://www.w3.org/2005/xqt-errors">
  <xsl:import href="{sheet}"/>
  <xsl:template match="/" priority="1000">
    <xsl:try>
      <xsl:apply-templates select="node()"/>
      <xsl:catch><xsl:message terminate="no">""" + TERMINATED + """ <xsl:value-of
        select="local-name-from-QName($err:code), $err:description"/></xsl:message></xsl:catch>
    </xsl:try>
  </xsl:template>
</xsl:stylesheet>
"""


def cache_dir() -> Path:
    """Where derived files live: ``$YUPANA_CACHE_DIR``, else ``~/.cache/yupana``, else the temp dir."""
    configured = os.environ.get("YUPANA_CACHE_DIR")
    candidates = [Path(configured)] if configured else []
    candidates += [Path.home() / ".cache" / "yupana", Path(tempfile.gettempdir()) / f"yupana-{os.getuid()}"]
    for candidate in candidates:
        try:
            candidate.mkdir(parents=True, exist_ok=True)
            if os.access(candidate, os.W_OK):
                return candidate
        except OSError:
            continue
    raise RuntimeError("No hay un directorio de caché escribible para las reglas de SUNAT")


def _source_fingerprint() -> str:
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for path in sorted([*SFS_DIR.rglob("*"), *DATAPOWER_DIR.glob("*.xsl")]):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{int(stat.st_mtime)}".encode())
    return digest.hexdigest()[:16]


def prepare_sheets() -> Path:
    """Derive the fast copy of the SFS sheets (once per source version); return its folder."""
    target = cache_dir() / f"sfs-{_source_fingerprint()}"
    if (target / "ready").exists():
        try:
            os.utime(target)  # in use: not stale
        except OSError:
            pass
        return target
    work = Path(tempfile.mkdtemp(prefix="sfs-", dir=target.parent))
    try:
        shutil.copytree(SFS_DIR / "validation", work / "validation")
        shutil.copytree(SFS_DIR / "error", work / "error")
        shutil.copy2(SFS_DIR / "StringTemplates.xsl", work / "StringTemplates.xsl")
        utils = work / "error" / "validate_utils.xsl"
        text = utils.read_text(encoding="utf-8")
        if text.count(_FIND_IN_CATALOG) != 1 or text.count(_LOOKUP) != 5:
            raise RuntimeError("validate_utils.xsl cambió: revise la derivación de reglas en rules.py")
        text = text.replace(_FIND_IN_CATALOG, _FIND_WITH_KEY).replace(_LOOKUP, _REPLACEMENT)
        for old, new, count in _DATE_REWRITES:
            if text.count(old) != count:
                raise RuntimeError(f"validate_utils.xsl cambió: no se encontró {old!r}")
            text = text.replace(old, new)
        anchor = '<xsl:include href="../StringTemplates.xsl"/>\n'
        text = text.replace(anchor, anchor + _EXTRA_DECLARATIONS, 1)
        utils.write_text(text, encoding="utf-8")
        for sheet, pattern, replacement in _SFS_FIXES:
            path = work / "validation" / sheet
            fixed, count = pattern.subn(replacement, path.read_text(encoding="utf-8"))
            if count != 1:
                raise RuntimeError(f"{sheet} cambió: revise _SFS_FIXES en rules.py")
            path.write_text(fixed, encoding="utf-8")
        for doc_type in ("RC", "RA"):
            _derive_datapower(DATAPOWER_DIR / SHEETS[doc_type], work / "validation" / SHEETS[doc_type])
        for sheet in SHEETS.values():
            _drop_pass_through(work / "validation" / sheet)
            (work / "validation" / f"yupana-{sheet}").write_text(_WRAPPER.format(sheet=sheet), encoding="utf-8")
        _write_catalogs(work / "catalogs.xml")
        (work / "ready").write_text("ok")
        try:
            work.rename(target)
        except OSError:  # another process won the race: use its copy
            shutil.rmtree(work, ignore_errors=True)
        _remove_stale(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target


# Known defects of the SFS copy, corrected to what SUNAT's server sheet (rules-datapower) does:
# 3249 "al Crédito debe existir al menos una cuota" looks for cuotas under the FormaPago node
# itself, so every credit factura got it (as an observation); the server looks at the document's
# cac:PaymentTerms and rejects.
_SFS_FIXES = (
    (
        SHEETS["01"],
        re.compile(
            r"""count\(cac:PaymentTerms(\[cbc:ID\[text\(\) = 'FormaPago'\] and """
            r"""cbc:PaymentMeansID\[substring\(text\(\),1,5\) = 'Cuota'\]\]\) = 0" />\s*)"""
            r"""<xsl:with-param name="isError" select ="boolean\(number\(0\)\)"/>"""
        ),
        r"""count(../cac:PaymentTerms\1<xsl:with-param name="isError" select="true()"/>""",
    ),
    # 3462 (one IGV rate per document, 18% or the reduced one): the published sheets know only
    # 10%; since 2026-01-01 the reduced rate of Ley 31556 is 10.5% (8% IGV + 2.5% IPM, Ley 32387),
    # which SUNAT's platform accepts.
    *(
        (sheet, re.compile(pattern), replacement)
        for sheet in (SHEETS["01"], SHEETS["03"], SHEETS["07"], SHEETS["08"])
        for pattern, replacement in (
            (r"cac:TaxCategory/cbc:Percent = 10\.0 and",
             "(cac:TaxCategory/cbc:Percent = 10.0 or cac:TaxCategory/cbc:Percent = 10.5) and"),
            (r"cac:TaxCategory/cbc:Percent != 10\.0 and",
             "cac:TaxCategory/cbc:Percent != 10.0 and cac:TaxCategory/cbc:Percent != 10.5 and"),
        )
    ),
)
# Every sheet (SFS and DataPower) ends its main template with this copy of the document, which
# DataPower hands to the next step of its pipeline. It checks nothing and our output is discarded;
# copying and serialising the signed document cost ~0.3 ms of a ~1.3 ms run. It becomes a comment
# on the same line (line numbers in SUNAT's messages and in our diff tests stay the same).
_PASS_THROUGH = re.compile(
    r"(<!-- Retornamos el comprobante al flujo necesario para lotes -->\s*)<xsl:copy-of select=\"\.\"/>"
)
_PASS_THROUGH_REMOVED = r"\1<!-- yupana: copy of the document for DataPower's next step removed -->"


def _drop_pass_through(path: Path) -> None:
    """Comment out the sheet's final copy of the document (see ``_PASS_THROUGH``)."""
    text, count = _PASS_THROUGH.subn(_PASS_THROUGH_REMOVED, path.read_text(encoding="utf-8"))
    if count != 1:
        raise RuntimeError(f"{path.name} cambió: revise _PASS_THROUGH en rules.py")
    path.write_text(text, encoding="utf-8")


_STALE_SECONDS = 7 * 24 * 3600
_DERIVED_RE = re.compile(r"sfs-[0-9a-f]{16}")


def _remove_stale(current: Path) -> None:
    """Delete derived copies of other versions unused for a week (each use touches its folder; a
    process whose folder vanished derives it again before compiling)."""
    now = dt.datetime.now().timestamp()
    for sibling in current.parent.iterdir():
        if sibling != current and _DERIVED_RE.fullmatch(sibling.name):
            try:
                if now - sibling.stat().st_mtime > _STALE_SECONDS:
                    shutil.rmtree(sibling, ignore_errors=True)
            except OSError:
                continue


def _derive_datapower(source: Path, target: Path) -> None:
    """Make a DataPower sheet run in Saxon: file name from a parameter, SFS include path."""
    text = source.read_text(encoding="utf-8")
    if _DP_FILE_NAME not in text or _DP_INCLUDE not in text:
        raise RuntimeError(f"{source.name} cambió: revise _derive_datapower en rules.py")
    text = text.replace(_DP_FILE_NAME, "$nombreArchivoEnviado")
    text = text.replace(_DP_INCLUDE, 'href="../error/validate_utils.xsl"')
    anchor = '<xsl:template match="/*">'
    text = text.replace(anchor, '<xsl:param name="nombreArchivoEnviado"/>\n    ' + anchor, 1)
    if "dp:variable(" in text or "local:///commons/error" in text:
        raise RuntimeError(f"{source.name} usa otras funciones DataPower")
    target.write_text(text, encoding="utf-8")


def _write_catalogs(path: Path) -> None:
    """Every ``cat_*.xml`` but 25 in one document: <cats><l n="03"><c id="…"/>…</l>…</cats>."""
    combined = etree.Element("cats")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    for source in sorted((SFS_DIR / "cpe" / "catalogo").glob("cat_*.xml")):
        if source.stem == "cat_25":
            continue
        catalog = etree.parse(str(source), parser).getroot()
        catalog.set("n", source.stem[len("cat_"):])
        combined.append(catalog)
    etree.ElementTree(combined).write(str(path), encoding="UTF-8", xml_declaration=True)


class _Engine:
    """The SaxonC processor, the compiled sheets and the catalog document (one per process)."""

    def __init__(self) -> None:
        from saxonche import PySaxonProcessor

        self.folder = prepare_sheets()
        self.processor = PySaxonProcessor(license=False)
        self.compiler = self.processor.new_xslt30_processor()
        self.catalogs = self.processor.parse_xml(xml_file_name=str(self.folder / "catalogs.xml"))
        self.sheets: dict[str, object] = {}
        self.lock = threading.RLock()
        self.local = threading.local()

    def executable(self, doc_type: str):
        per_thread = getattr(self.local, "executables", None)
        if per_thread is None:
            per_thread = self.local.executables = {}
        found = per_thread.get(doc_type)
        if found is None:
            with self.lock:
                master = self.sheets.get(doc_type)
                if master is None:
                    if not (self.folder / "ready").exists():  # removed by another version's clean-up
                        self.folder = prepare_sheets()
                    master = self.compiler.compile_stylesheet(
                        stylesheet_file=str(self.folder / "validation" / f"yupana-{SHEETS[doc_type]}")
                    )
                    master.set_parameter("yupanaCatalogs", self.catalogs)
                    self.sheets[doc_type] = master
                found = master.clone()
                found.set_parameter("yupanaCatalogs", self.catalogs)
                found.set_save_xsl_message(True)
            per_thread[doc_type] = found
        return found


_engine: _Engine | None = None
_engine_pid: int | None = None
_engine_lock = threading.Lock()


def engine() -> _Engine:
    """The process's engine. A forked child (a process pool) builds its own: SaxonC's runtime does
    not survive a fork."""
    global _engine, _engine_pid
    if _engine is None or _engine_pid != os.getpid():
        with _engine_lock:
            if _engine is None or _engine_pid != os.getpid():
                _engine = _Engine()
                _engine_pid = os.getpid()
    return _engine


def preload(doc_types=tuple(SHEETS)) -> None:
    """Compile the sheets now (a server does it at start; each takes about half a second)."""
    for doc_type in doc_types:
        engine().executable(doc_type)


@functools.cache
def product_codes() -> frozenset[str]:
    """SUNAT's product codes (catalog 25), loaded once."""
    tree = etree.parse(str(SFS_DIR / "cpe" / "catalogo" / "cat_25.xml"), etree.XMLParser(resolve_entities=False))
    return frozenset(c.get("id") for c in tree.getroot().iter("c"))


def check_product_codes(root: etree._Element) -> list[Problem]:
    """Observation 4332 for a line whose ItemClassificationCode is not in catalog 25, as the sheets do."""
    problems = []
    codes = None
    for tag in _LINE_TAGS:
        for line in root.iterfind(f"{{{_CAC}}}{tag}"):
            values = [
                node.text or ""
                for node in line.iterfind(
                    f"{{{_CAC}}}Item/{{{_CAC}}}CommodityClassification/{{{_CBC}}}ItemClassificationCode"
                )
            ]
            if not values:
                continue
            codes = codes if codes is not None else product_codes()
            if not any(value in codes for value in values):
                line_id = (line.findtext(f"{{{_CBC}}}ID") or "").strip()
                problems.append(
                    Problem.of(
                        PRODUCT_CODE_OBSERVATION,
                        f"Error en la linea: {line_id}: Valor no se encuentra en el catalogo: 25 "
                        f'(nodo: "cac:CommodityClassification/cbc:ItemClassificationCode" valor: "{values[0]}")',
                    )
                )
    return problems


def _code_of(text: str) -> str | None:
    for pattern in (_CODE_RE, _LEADING_CODE_RE, _ANY_CODE_RE):
        match = pattern.search(text)
        if match:
            return match.group(1)
    return None


_NOISE_RE = re.compile(r"^\s*(?:\d{4})?\s*(?:ERROR:)?\s*(?:INFO\s*:)?\s*")
_ERROR_CODE_TEXT_RE = re.compile(r":?\s*errorCode\s*:?\s*\d{4}\s*:?\s*")


def _detail(text: str) -> str:
    """The sheet's message without its repeated code: "nodo: ... valor: ..." and line numbers."""
    detail = _ERROR_CODE_TEXT_RE.sub(" ", _NOISE_RE.sub("", text, count=1), count=1).strip()
    if detail.startswith("(") and detail.endswith(")"):
        detail = detail[1:-1].strip()
    return " ".join(detail.split())


def run_rules(xml: bytes, file_name: str, doc_type: str) -> tuple[list[Problem], list[Problem]]:
    """Run SUNAT's sheet for ``doc_type`` (01, 03, 07, 08, RC, RA): (errors, observations).

    ``file_name`` is ``RUC-TT-SERIE-NUMERO.xml``; the sheets compare it with the content (1034...).
    SUNAT stops at the first error, so there is at most one error; observations all come back.
    """
    if doc_type not in SHEETS:
        raise ValueError(f"No hay reglas SFS para el tipo {doc_type!r}")
    if not file_name.lower().endswith(".xml"):
        file_name += ".xml"
    eng = engine()
    executable = eng.executable(doc_type)
    errors: list[Problem] = []
    observations: list[Problem] = []
    with eng.lock:
        executable.set_parameter("nombreArchivoEnviado", eng.processor.make_string_value(file_name))
        today = dt.datetime.now(LIMA).date().isoformat()
        executable.set_parameter("currentdate", eng.processor.make_string_value(today))
        try:
            document = eng.processor.parse_xml(xml_text=xml.decode("utf-8"))
        except Exception as exc:  # saxonche raises PySaxonApiError, not exported under a stable name
            return [Problem.of("0306", str(exc).strip()[:300])], []
        failure: str | None = None
        try:
            # The wrapper's template for "/" runs the sheet; the (empty) result is not wanted, so
            # no result document is built and nothing is serialised.
            executable.apply_templates_returning_value(xdm_value=document)
        except Exception as exc:  # a sheet bug (XPath error), not a SUNAT verdict
            failure = str(exc).strip()
        messages = executable.get_xsl_messages()
        texts = [] if messages is None else [messages.item_at(i).string_value for i in range(messages.size)]
        executable.clear_xsl_messages()
    terminated = bool(texts) and texts[-1].startswith(TERMINATED)
    if terminated:
        marker = texts.pop()[len(TERMINATED):].strip()
        if not marker.startswith("XTMM9000"):  # the sheet itself failed: no verdict
            terminated = False
            failure = marker
    for index, text in enumerate(texts):
        code = _code_of(text)
        if terminated and index == len(texts) - 1:
            errors.append(Problem.of(code or "0305", _detail(text)))
        elif code is not None:
            observations.append(Problem.of(code, _detail(text)))
    if failure is not None and not errors:
        errors.append(Problem.of("0305", f"las reglas de SUNAT no pudieron ejecutarse: {failure[:300]}"))
    return errors, observations
