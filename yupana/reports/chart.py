"""Sales per day as an inline SVG bar chart: no JavaScript, no CDN, readable by screen readers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.html import escape

WIDTH, HEIGHT, PAD_TOP, PAD_BOTTOM, PAD_LEFT = 600, 180, 16, 22, 8


def bars_svg(points: list[tuple[dt.date, Decimal]], *, label: str = "Ventas por día") -> str:
    peak = max((value for _, value in points), default=Decimal("0"))
    count = max(len(points), 1)
    slot = (WIDTH - PAD_LEFT) / count
    usable = HEIGHT - PAD_TOP - PAD_BOTTOM
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(label)}" '
             f'xmlns="http://www.w3.org/2000/svg">', f"<title>{escape(label)}</title>"]
    for index, (day, value) in enumerate(points):
        share = float(value / peak) if peak > 0 and value > 0 else 0.0
        height = round(usable * share, 1)
        x = round(PAD_LEFT + index * slot + slot * 0.15, 1)
        y = round(PAD_TOP + usable - height, 1)
        parts.append(f'<rect x="{x}" y="{y}" width="{round(slot * 0.7, 1)}" height="{height}" class="bar">'
                     f"<title>{day:%d/%m}: S/ {value:,.2f}</title></rect>")
        if index % 5 == 0 or index == count - 1:
            parts.append(f'<text x="{round(x + slot * 0.35, 1)}" y="{HEIGHT - 6}" text-anchor="middle" '
                         f'font-size="10">{day:%d/%m}</text>')
    parts.append(f'<text x="{PAD_LEFT}" y="11" font-size="10">Máximo: S/ {peak:,.2f}</text></svg>')
    return "".join(parts)
