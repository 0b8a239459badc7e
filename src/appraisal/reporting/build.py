"""``report``: the document leaders read, as Markdown or as one self-contained HTML file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from appraisal.errors import InputError
from appraisal.reporting.analyses import manifest_section, raters_section, robustness_section
from appraisal.reporting.catalog import messages
from appraisal.reporting.document import Document, Section
from appraisal.reporting.markdown import markdown
from appraisal.reporting.sections import (
    comparison_section,
    ranking_section,
    summary_section,
    top_groups,
    units_section,
)

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["DRAWS", "FORMATS", "SEED", "document", "report"]

FORMATS = ("html", "md")
DRAWS = 2000
"""SMAA draws for the report's rank intervals: enough for two-digit probabilities, fast."""
SEED = 0


def report(
    result: Appraisal,
    *,
    format: str = "html",
    lang: str = "en",
    previous: Appraisal | None = None,
    diagnostics: bool = True,
    robustness: bool = True,
    title: str | None = None,
    path: str | os.PathLike[str] | None = None,
    renamed: Mapping[str, str] | None = None,
) -> str:
    """The report on `result`: summary, ranking, what made each score, year over year, raters, robustness, manifest.

    Each section is present when its data is: the year over year with `previous`, the
    raters with `diagnostics`, the tipping points and rank intervals with `robustness`
    (SMAA with 2,000 draws and seed 0, so the same inputs give the same document).
    The HTML form is one self-contained file (inline CSS and SVG charts, nothing fetched)
    and needs the ``report`` and ``plot`` extras; the Markdown form has the same
    sections without charts and needs nothing.

    Parameters
    ----------
    result : Appraisal
    format : {"html", "md"}
    lang : {"en", "zh"}
        The language of every fixed word; names of units, raters, groups, criteria,
        categories and tiers are printed as they are.
    previous : Appraisal, optional
        Last year's result: places gained, tier changes, a slope chart.
    diagnostics, robustness : bool
        Whether to include the raters' section and the robustness section.
    title : str, optional
        The document's title (default: "Appraisal report" in the chosen language).
    path : path-like, optional
        Where to write the document too (UTF-8).
    renamed : mapping of str to str, optional
        This year's unit names to last year's, as :meth:`~appraisal.Appraisal.compare` takes them.

    Returns
    -------
    str
        The document.

    Examples
    --------
    >>> import appraisal as ap
    >>> sheet = ap.ScoreSheet.from_records([("A", "x", "score", 90), ("A", "y", "score", 85.5)])
    >>> text = ap.report(ap.appraise(sheet, ap.Scheme(raters=["A"])), format="md", diagnostics=False)
    >>> text.splitlines()[0], "## Ranking" in text
    ('# Appraisal report', True)
    """
    if format not in FORMATS:
        choices = ", ".join(repr(f) for f in FORMATS)
        message = f"report: format must be one of {choices}; got {format!r}."
        raise InputError(message)
    words = messages(lang)
    if format == "html":
        from appraisal.reporting.html import html  # needs the report and plot extras

        text = html(document(result, words, previous, diagnostics, robustness, title, renamed))
    else:
        text = markdown(document(result, words, previous, diagnostics, robustness, title, renamed))
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def document(
    result: Appraisal,
    words: Mapping[str, str],
    previous: Appraisal | None,
    diagnostics: bool,
    robustness: bool,
    title: str | None,
    renamed: Mapping[str, str] | None,
) -> Document:
    """The report's sections, in one language."""
    from appraisal import reliability
    from appraisal import robustness as analyses

    groups = top_groups(result)
    shares = robustness and len(groups) > 1
    margins = analyses.margins(result, previous=previous) if robustness else None
    sections: list[Section] = [
        summary_section(result, words),
        ranking_section(result, words),
        units_section(result, margins, words),
    ]
    if previous is not None:
        sections.append(comparison_section(result.compare(previous, renamed=renamed), words))
    if diagnostics and len(result.raters) > 1:
        found = reliability.diagnose(result, previous=previous)
        sections.append(raters_section(result, found, words))
    if robustness:
        points = (
            [analyses.tipping_points(result, g, previous=previous) for g in groups]
            if shares
            else []
        )
        smaa = analyses.smaa(result, draws=DRAWS, seed=SEED, previous=previous) if shares else None
        sections.append(robustness_section(result, points, smaa, words, draws=DRAWS, seed=SEED))
    draws = DRAWS if shares else None
    sections.append(manifest_section(result, words, draws=draws, seed=SEED))
    return Document(title or words["title"], words["lang"], sections)
