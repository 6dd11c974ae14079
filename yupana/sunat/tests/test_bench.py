"""The benchmark runs and ends with its line (figures are never asserted: no timed tests)."""

import argparse
import re

from yupana.sunat.cli import bench


def test_bench_prints_facturas_per_second_last(capsys):
    parser = argparse.ArgumentParser()
    bench.add_parser(parser.add_subparsers())
    args = parser.parse_args(["bench", "--n", "5", "--validate", "2"])
    assert args.run(args) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"facturas/s: \d+", lines[-1])


def test_sample_documents_are_distinct():
    docs = bench.sample_documents(4)
    assert [doc.number for doc in docs] == [1, 2, 3, 4]
    assert len({len(doc.lines) for doc in docs}) == 2


def test_python_m_yupana_sunat_bench():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "yupana.sunat", "bench", "--n", "20", "--validate", "0"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"facturas/s: \d+", result.stdout.strip().splitlines()[-1])
