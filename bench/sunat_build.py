"""Benchmark of the SUNAT core: facturas built, signed and zipped per second (one process).

    .venv/bin/python bench/sunat_build.py --n 2000 [--peer fesdk]

Same as ``python -m yupana.sunat bench``; figures go to docs/performance.md.
"""

import argparse
import sys

from yupana.sunat.cli import bench

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command")
    bench.add_parser(subparsers)
    args = parser.parse_args(["bench", *sys.argv[1:]])
    sys.exit(args.run(args))
