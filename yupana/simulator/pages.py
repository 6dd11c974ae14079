"""The plain HTML page listing what the simulator received (``GET /``)."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from . import BILL_PATH, CONSULT_PATH
from .faults import Faults

LIMA = ZoneInfo("America/Lima")


def received_page(rows: list[dict], faults: dict) -> bytes:
    defaults = Faults().to_dict()
    active = {k: v for k, v in faults.items() if k in defaults and v != defaults[k]} or "ninguna"
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(value))}</td>" for value in (
            datetime.fromtimestamp(row["at"], LIMA).strftime("%Y-%m-%d %H:%M:%S"),
            row["operation"], row["username"] or "", row["subject"] or "", row["outcome"],
            row["code"] or "", row["message"] or "",
        )) + "</tr>"
        for row in rows
    )
    html = f"""<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Simulador SUNAT</title>
<style>body{{font-family:sans-serif;margin:1rem}}table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;font-size:.9rem}}</style></head>
<body><h1>Simulador SUNAT (Yupana)</h1>
<p>billService: <code>{BILL_PATH}</code> · billConsultService: <code>{CONSULT_PATH}</code>
 · <a href="{BILL_PATH}?wsdl">WSDL</a> · <a href="/_received">JSON</a> · <a href="/_control">control</a></p>
<p>Ajustes distintos de los de fábrica: <code>{escape(str(active))}</code></p>
<h2>Recibidos (los {len(rows)} más recientes)</h2>
<table><thead><tr><th>Fecha (Lima)</th><th>Operación</th><th>Usuario</th><th>Documento</th>
<th>Resultado</th><th>Código</th><th>Mensaje</th></tr></thead><tbody>{body}</tbody></table>
</body></html>"""
    return html.encode("utf-8")
