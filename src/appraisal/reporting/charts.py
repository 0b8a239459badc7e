"""The report's charts, drawn by matplotlib as inline SVG (the ``plot`` extra).

Text stays text (``svg.fonttype = "none"``) so that the reader's fonts draw Chinese;
the SVG hash salt is fixed and the metadata (dates, versions, links) left out, so the
same data give the same bytes. Names go in as plain text: math text is off.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Callable, Mapping
from typing import Any

from appraisal.reporting.document import Chart
from appraisal.reporting.markdown import visible

__all__ = ["TIER_COLOURS", "svg"]

try:
    import matplotlib as mpl
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
except ImportError as error:  # pragma: no cover - depends on the environment
    message = "the report's charts need matplotlib: pip install 'appraisal[plot]'"
    raise ImportError(message) from error

TIER_COLOURS = ("#1a7f4b", "#5aa469", "#a8d5a2", "#f2c14e", "#e07a5f", "#b23a48")
"""Best tier first; a unit without a tier is grey."""
GREY = "#9aa0a6"
GROUP_COLOURS = ("#2f6690", "#d9822b", "#3a7d44", "#9c4f96", "#6c757d", "#17a2b8")  # no red
FLAGGED = "#c0392b"
FONTS = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "DejaVu Sans",
]
"""Fonts matplotlib measures the text with, the first one installed first."""
RC: dict[Any, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "appraisal-report",
    "text.parse_math": False,
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_XML_HEAD = re.compile(r"\A.*?(?=<svg)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_XMLNS = re.compile(r' xmlns(:\w+)?="[^"]*"')


def svg(chart: Chart) -> str:
    """The chart as an ``<svg>`` element, ready to put inside HTML."""
    draw = _KINDS[chart.kind]
    with mpl.rc_context(RC), warnings.catch_warnings():
        # a CJK name on a machine without a CJK font: matplotlib measures it with a
        # fallback; the browser draws it with the reader's fonts, since text stays text
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        warnings.filterwarnings("ignore", message="findfont", category=UserWarning)
        figure = draw(chart.data)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = _XML_HEAD.sub("", buffer.getvalue())
    text = _METADATA.sub("", text)
    return _XMLNS.sub("", text, count=0).strip()


def _labels(names: list[str]) -> list[str]:
    return [visible(str(n)) for n in names]


def _height(rows: int) -> float:
    return 0.9 + 0.26 * max(rows, 1)


def _ranking(data: Mapping[str, Any]) -> Figure:
    units, scores = _labels(data["units"]), data["scores"]
    order = list(data["tier_order"])
    colour = {t: TIER_COLOURS[min(i, len(TIER_COLOURS) - 1)] for i, t in enumerate(order)}
    figure = Figure(figsize=(6.4, _height(len(units))))
    axes = figure.add_subplot()
    y = list(range(len(units)))
    axes.barh(y, scores, color=[colour.get(t, GREY) for t in data["tiers"]])
    axes.set_yticks(y, units)
    axes.invert_yaxis()
    low = min(scores, default=0.0)
    axes.set_xlim(max(0.0, low - 10.0), max(scores, default=100.0) + 2.0)
    for i, value in enumerate(scores):
        axes.text(value, i, f" {value:.2f}", va="center", fontsize=8)
    present = [t for t in order if t in data["tiers"]]
    handles = [Patch(color=colour[t], label=visible(t)) for t in present]
    if order and any(t is None for t in data["tiers"]):
        handles.append(Patch(color=GREY, label=data["no_tier"]))
    if handles:
        axes.legend(handles=handles, loc="lower right", frameon=False, fontsize=8)
    axes.set_xlabel(data["xlabel"])
    return figure


def _contributions(data: Mapping[str, Any]) -> Figure:
    units = _labels(data["units"])
    figure = Figure(figsize=(7.2, _height(len(units)) + 0.4))
    panels = figure.subplots(1, 2, sharey=True)
    for axes, names, values in zip(
        panels,
        (data["groups"], data["criteria"]),
        (data["by_group"], data["by_criterion"]),
        strict=True,
    ):
        left = [0.0] * len(units)
        for j, name in enumerate(names):
            width = [row[j] for row in values]
            axes.barh(
                range(len(units)),
                width,
                left=left,
                label=visible(name),
                color=GROUP_COLOURS[j % len(GROUP_COLOURS)],
            )
            left = [a + b for a, b in zip(left, width, strict=True)]
        axes.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.06), frameon=False, ncols=2, fontsize=8
        )
        axes.set_xlabel(data["xlabel"])
    panels[0].set_yticks(range(len(units)), units)
    panels[0].invert_yaxis()
    figure.subplots_adjust(wspace=0.08)
    return figure


def _slope(data: Mapping[str, Any]) -> Figure:
    units = _labels(data["units"])
    figure = Figure(figsize=(5.6, _height(len(units)) + 0.6))
    axes = figure.add_subplot()
    for unit, before, after in zip(units, data["before"], data["after"], strict=True):
        colour = "#1a7f4b" if after < before else FLAGGED if after > before else GREY
        axes.plot([0, 1], [before, after], marker="o", color=colour)
        axes.text(-0.04, before, f"{before:g}", ha="right", va="center", fontsize=8)
        axes.text(1.04, after, f"{after:g}  {unit}", ha="left", va="center", fontsize=8)
    axes.set_xticks([0, 1], data["labels"])
    axes.set_xlim(-0.3, 1.9)
    axes.invert_yaxis()
    axes.set_yticks([])
    axes.spines[["left", "bottom"]].set_visible(False)
    axes.set_ylabel(data["ylabel"])
    return figure


def _leniency(data: Mapping[str, Any]) -> Figure:
    raters = _labels(data["raters"])
    groups = list(dict.fromkeys(data["groups"]))
    figure = Figure(figsize=(6.4, 0.9 + 0.17 * len(raters)))
    axes = figure.add_subplot()
    colours = [
        FLAGGED if flagged else GROUP_COLOURS[groups.index(g) % len(GROUP_COLOURS)]
        for g, flagged in zip(data["groups"], data["flagged"], strict=True)
    ]
    values = [0.0 if v != v else v for v in data["leniency"]]  # NaN: no bar
    axes.barh(range(len(raters)), values, color=colours)
    axes.set_yticks(range(len(raters)), raters, fontsize=7)
    axes.invert_yaxis()
    axes.axvline(0.0, color="#333333", linewidth=0.8)
    handles = [
        Patch(color=GROUP_COLOURS[i % len(GROUP_COLOURS)], label=visible(g))
        for i, g in enumerate(groups)
    ]
    axes.legend(handles=handles, loc="lower right", frameon=False, fontsize=7)
    axes.set_xlabel(data["xlabel"])
    return figure


def _intervals(data: Mapping[str, Any]) -> Figure:
    units = _labels(data["units"])
    figure = Figure(figsize=(6.4, _height(len(units))))
    axes = figure.add_subplot()
    y = list(range(len(units)))
    below = [r - low for r, low in zip(data["ranks"], data["low"], strict=True)]
    above = [high - r for r, high in zip(data["ranks"], data["high"], strict=True)]
    axes.errorbar(
        data["ranks"], y, xerr=[below, above], fmt="o", color="#2f6690", capsize=3, markersize=4
    )
    axes.set_yticks(y, units)
    axes.invert_yaxis()
    count = max([*data["high"], 1.0])
    axes.set_xlim(0.5, count + 0.5)
    axes.set_xticks(range(1, int(count) + 1))
    axes.set_xlabel(data["xlabel"])
    return figure


_KINDS: dict[str, Callable[[Mapping[str, Any]], Figure]] = {
    "ranking": _ranking,
    "contributions": _contributions,
    "slope": _slope,
    "leniency": _leniency,
    "intervals": _intervals,
}
