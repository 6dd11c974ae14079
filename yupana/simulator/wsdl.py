"""SUNAT's WSDLs, served with their addresses pointing at this simulator.

``{service}?wsdl`` gives the main WSDL; the files it imports are served as
``{service}?file=NAME`` so that a client resolving relative imports stays on this host.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from . import BILL_PATH, CONSULT_PATH

WSDL_DIR = Path(__file__).resolve().parents[1] / "sunat" / "data" / "wsdl"
MAIN = {BILL_PATH: "billService.wsdl", CONSULT_PATH: "billConsultService.wsdl"}
_REFERENCE = re.compile(r'((?:schemaLocation|location)=")([^"]+)(")')


@lru_cache(maxsize=None)
def _read(name: str) -> str:
    return (WSDL_DIR / name).read_text(encoding="utf-8")


def document(path: str, query: str, base_url: str) -> bytes | None:
    """The WSDL or imported file asked for, or None when there is no such file."""
    if path not in MAIN:
        return None
    if query.lower() == "wsdl":
        name = MAIN[path]
    elif query.startswith("file="):
        name = query[5:]
        if "/" in name or "\\" in name or not (WSDL_DIR / name).is_file():
            return None
    else:
        return None
    service = path.rsplit("/", 1)[-1]

    def rewrite(match: re.Match) -> str:
        target = match.group(2)
        if target.startswith("http"):  # soap:address: this simulator instead of SUNAT
            return f"{match.group(1)}{base_url}{path}{match.group(3)}"
        return f"{match.group(1)}{service}?file={target}{match.group(3)}"

    return _REFERENCE.sub(rewrite, _read(name)).encode("utf-8")
