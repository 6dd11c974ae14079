"""Documents validated per second with SUNAT's rules, on one process (one core).

    .venv/bin/python bench/sunat_validation.py [--n 500] [--published 10]

Builds N distinct signed facturas with the core (``yupana.sunat.cli.bench.sample_documents`` +
``build``), then times, after a warm-up (schemas and sheets compiled once per process):
- full: ``validation.validate(xml, name, check_signature=True)`` (XSD + signature + SUNAT rules),
- rules: the SFS rule sheet alone (``rules.run_rules``, our derived copy with catalogs parsed once),
- published: the same SFS sheet as published (catalogs re-read with ``document()`` on every run),
  on ``--published`` documents only, since it is slow.
Half of the documents carry a SUNAT product code (``cbc:ItemClassificationCode``, catalog 25:
the published sheet then re-reads cat_25.xml, 2.9 MB; ours checks it in Python).
Each figure is given in wall-clock and in CPU time (stable when other work shares the cores).
The last line is ``documents/s: N`` (full validation, wall clock).
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from yupana.sunat import signing, validation  # noqa: E402
from yupana.sunat.build import build  # noqa: E402
from yupana.sunat.cli.bench import BENCH_NAME, BENCH_RUC, sample_documents  # noqa: E402
from yupana.sunat.validation import rules  # noqa: E402


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def timed(items, call) -> tuple[float, float]:
    """(wall-clock rate, CPU-time rate): the second is stable on a machine shared with other work."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    for item in items:
        call(item)
    return rate(len(items), time.perf_counter() - start), rate(len(items), time.process_time() - cpu)


def with_product_code(xml: bytes, signer: signing.Signer) -> bytes:
    """Give each line a SUNAT product code (catalog 25), as many real facturas carry, and re-sign."""
    code = (
        b"<cac:CommodityClassification><cbc:ItemClassificationCode>43211503"
        b"</cbc:ItemClassificationCode></cac:CommodityClassification></cac:Item>"
    )
    unsigned = re.sub(rb"<ds:Signature .*?</ds:Signature>", b"", xml, count=1, flags=re.S)
    return signer.sign(unsigned.replace(b"</cac:Item>", code))


def published_sheet_rate(built, count: int) -> tuple[float, float]:
    """The SFS Factura sheet exactly as SUNAT publishes it (document() re-reads the catalogs)."""
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    sheet = processor.new_xslt30_processor().compile_stylesheet(
        stylesheet_file=str(rules.SFS_DIR / "validation" / rules.SHEETS["01"])
    )
    sample = built[:count]

    def run(item) -> None:
        sheet.set_parameter("nombreArchivoEnviado", processor.make_string_value(item.name + ".xml"))
        sheet.transform_to_string(xdm_node=processor.parse_xml(xml_text=item.xml.decode("utf-8")))

    run(sample[0])  # warm-up
    return timed(sample, run)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="documentos a validar (500)")
    parser.add_argument("--published", type=int, default=10, help="documentos con la hoja publicada (10; 0 = no)")
    args = parser.parse_args(argv)

    pfx, password = signing.make_demo_certificate(BENCH_RUC, BENCH_NAME)
    signer = signing.Signer.from_pkcs12(pfx, password)
    built = [build(doc, signer) for doc in sample_documents(args.n)]
    built = [item if i % 2 else replace(item, xml=with_product_code(item.xml, signer)) for i, item in enumerate(built)]
    for item in built[:3]:  # the benchmark measures accepted documents only
        report = validation.validate(item.xml, item.name + ".xml", check_signature=True)
        if report.rejected:
            raise SystemExit(f"{item.name}: SUNAT lo rechazaría: {report.lines()}")

    start = time.perf_counter()
    validation.preload()
    print(f"warm-up (schemas + 6 rule sheets compiled): {time.perf_counter() - start:.2f} s")

    def rules_only(item) -> None:
        rules.run_rules(item.xml, item.name + ".xml", "01")
        rules.check_product_codes(signing.parse_xml(item.xml))

    wall, cpu = timed(built, rules_only)
    print(f"rules only (SFS sheet, catalogs parsed once): {wall:.0f} documents/s ({cpu:.0f}/s of CPU time)")
    if args.published:
        wall, cpu = published_sheet_rate(built, args.published)
        print(f"rules as published (catalogs re-read each run): {wall:.1f} documents/s ({cpu:.1f}/s of CPU time)")
    wall, cpu = timed(built, lambda item: validation.validate(item.xml, item.name + ".xml", check_signature=True))
    print(f"full validation (XSD + signature + rules): {cpu:.0f}/s of CPU time")
    print(f"documents/s: {wall:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
