"""The report as plain blocks: sections of sentences, tables and chart data, in one language.

The Markdown and HTML forms render the same :class:`Document`; only HTML draws the charts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from attrs import field, frozen

__all__ = ["Chart", "Document", "Items", "Section", "Table", "number", "percent"]


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _flags(values: Iterable[bool]) -> tuple[bool, ...]:
    return tuple(values)


def _rows(rows: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in rows)


@frozen
class Table:
    """A table: column titles, rows of text cells, which columns are numbers, a caption."""

    columns: tuple[str, ...] = field(converter=_strings)
    rows: tuple[tuple[str, ...], ...] = field(converter=_rows)
    numeric: tuple[bool, ...] = field(converter=_flags)
    caption: str = ""
    key: str = ""


@frozen
class Items:
    """A bulleted list of sentences."""

    lines: tuple[str, ...] = field(converter=_strings)


@frozen
class Chart:
    """A chart to draw: its kind (a function of :mod:`appraisal.reporting.charts`), caption and data."""

    kind: str
    caption: str
    data: Mapping[str, Any]


Block = str | Table | Items | Chart
"""A sentence (a paragraph), a table, a list or a chart."""


def _blocks(blocks: Iterable[Block]) -> tuple[Block, ...]:
    return tuple(blocks)


@frozen
class Section:
    """One section: a key (``summary``, ``ranking``, ...), a heading, its blocks."""

    key: str
    heading: str
    blocks: tuple[Block, ...] = field(converter=_blocks)


def _sections(sections: Iterable[Section]) -> tuple[Section, ...]:
    return tuple(sections)


@frozen
class Document:
    """The whole report: title, language code (``en``, ``zh-CN``) and sections in order."""

    title: str
    lang: str
    sections: tuple[Section, ...] = field(converter=_sections)

    def charts(self) -> list[Chart]:
        """Every chart, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]


def number(value: Any, decimals: int = 2, *, sign: bool = False) -> str:
    """A number as printed in the report: fixed decimals, ``–`` for missing or NaN.

    Examples
    --------
    >>> number(88.64), number(float("nan")), number(3.0, 0, sign=True)
    ('88.64', '–', '+3')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{float(value):{'+' if sign else ''}.{decimals}f}"


def percent(value: float) -> str:
    """A share as a percentage with one decimal.

    Examples
    --------
    >>> percent(0.65)
    '65.0%'
    """
    return "–" if math.isnan(value) else f"{value:.1%}"
