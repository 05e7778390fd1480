"""Geometry of the server-drawn SVG charts: the timeline's bars and the term comparison's lines.

Templates only place what these functions compute: every bar at least
BAR_MIN pixels wide (a finger can hit it; a long span scrolls sideways instead
of shrinking), its count printed above it, a labelled x axis and a y scale
with round numbers.
"""

from __future__ import annotations

import math

BAR_MIN, BAR_MAX, BAR_SPAN = 30, 48, 640  # bar widths in px; BAR_SPAN: width the bars share when few
LEFT, TOP, PLOT, BOTTOM = 40, 16, 96, 36  # margins and plot height in px
COLOURS = ("#9b1c1c", "#1f5fa8", "#2f7d32", "#8a5a00")
DASHES = ("", "6 3", "2 3", "8 3 2 3")  # told apart without colour too


def nice_ceiling(peak: float) -> float:
    """The round number (1, 2, 2.5 or 5 × 10ⁿ) at or above `peak` that tops a y axis.

    >>> nice_ceiling(7), nice_ceiling(13), nice_ceiling(0.42), nice_ceiling(0)
    (10, 20, 0.5, 1)
    """
    if peak <= 0:
        return 1
    power = 10 ** math.floor(math.log10(peak))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= peak:
            value = step * power
            return int(value) if value >= 1 and float(value).is_integer() else round(value, 10)
    return 10 * power


def short_count(n: float) -> str:
    """A count short enough to print over a narrow bar.

    >>> short_count(987), short_count(12345), short_count(2.345)
    ('987', '1.2万', '2.35')
    """
    if n >= 10_000:
        return f"{n / 10_000:.1f}万"
    if isinstance(n, float) and not n.is_integer():
        return f"{n:.3g}"
    return str(int(n))


def _ticks(top: float) -> list[dict]:
    return [{"value": short_count(top * f), "y": TOP + PLOT - PLOT * f} for f in (0, 0.5, 1)]


def bar_chart(buckets: list[dict], interval: str) -> dict:
    """Bars of a timeline: x, y, height and labels of each, and the chart's size and y ticks.

    >>> chart = bar_chart([{"key": "2025-08", "count": 2}, {"key": "2025-09", "count": 8}], "month")
    >>> chart["width"], chart["bars"][1]["height"], chart["bars"][1]["label"], chart["bars"][0]["year"]
    (144, 76.8, '9月', '2025')
    """
    width = max(BAR_MIN, min(BAR_MAX, BAR_SPAN // max(1, len(buckets))))
    top = nice_ceiling(max((b["count"] for b in buckets), default=0))
    bars = []
    for i, b in enumerate(buckets):
        height = PLOT * b["count"] / top
        month = b["key"][5:7] if interval == "month" else ""
        bars.append({**b, "x": LEFT + i * width, "width": width, "height": round(height, 1),
                     "y": round(TOP + PLOT - height, 1), "text": short_count(b["count"]),
                     "label": f"{int(month)}月" if month else b["key"],
                     "year": b["key"][:4] if month and (i == 0 or month == "01") else ""})
    return {"width": LEFT + len(buckets) * width + 8, "height": TOP + PLOT + BOTTOM, "plot_top": TOP,
            "plot_bottom": TOP + PLOT, "left": LEFT, "ticks": _ticks(top), "bars": bars}


def line_chart(periods: list[str], series: list[list[float]]) -> dict:
    """Lines of several series over the same periods: points, polylines, x labels and y ticks.

    >>> chart = line_chart(["2024", "2025"], [[1, 4], [0, 2]])
    >>> chart["lines"][0]["points"], chart["lines"][1]["dash"], chart["labels"][1]["text"]
    ('40.0,92.8 100.0,35.2', '6 3', '2025')
    """
    step = max(24, min(60, 720 // max(1, len(periods))))
    top = nice_ceiling(max((v for s in series for v in s), default=0))
    xs = [LEFT + i * step for i in range(len(periods))]
    lines = []
    for k, values in enumerate(series):
        dots = [{"x": round(x, 1), "y": round(TOP + PLOT - PLOT * v / top, 1), "value": v, "period": p}
                for x, v, p in zip(xs, values, periods)]
        lines.append({"colour": COLOURS[k % len(COLOURS)], "dash": DASHES[k % len(DASHES)], "dots": dots,
                      "points": " ".join(f"{float(d['x'])},{float(d['y'])}" for d in dots)})
    every = max(1, math.ceil(len(periods) / 12))  # about a dozen labels, whatever the span
    labels = [{"x": x, "text": p} for i, (x, p) in enumerate(zip(xs, periods)) if i % every == 0]
    return {"width": LEFT + max(0, len(periods) - 1) * step + 40, "height": TOP + PLOT + BOTTOM, "left": LEFT,
            "plot_top": TOP, "plot_bottom": TOP + PLOT, "ticks": _ticks(top), "lines": lines, "labels": labels}


def compare_chart(data: dict) -> dict:
    """The line chart of a term comparison (search/views/compare.py), in its mode: counts or per 1,000."""
    key = "per_1000" if data["mode"] == "per1000" else "count"
    return line_chart([a["period"] for a in data["articles"]], [[p[key] for p in s["points"]] for s in data["series"]])
