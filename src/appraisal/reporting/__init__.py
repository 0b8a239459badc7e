"""The report leaders read: ranking, what made each score, year over year, raters, robustness.

:func:`report` writes it as Markdown (no extras) or as one self-contained HTML file
(Jinja2 templates, matplotlib SVG charts: the ``report`` and ``plot`` extras), in English
or Chinese from one message catalog (:mod:`appraisal.reporting.catalog`).
"""

from appraisal.reporting.build import report

__all__ = ["report"]
