"""The report as one self-contained HTML file: Jinja2 templates (the ``report`` extra), SVG charts.

Autoescaping is on for every value, and control characters are written out
(:func:`~appraisal.reporting.markdown.visible`), so a name shows exactly as text. The
CSS is inline, the charts are inline SVG: the file fetches nothing.
"""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from appraisal.reporting.document import Chart, Document, Items, Table
from appraisal.reporting.markdown import visible

__all__ = ["html"]

try:
    import jinja2
    from markupsafe import Markup
except ImportError as error:  # pragma: no cover - depends on the environment
    message = "the HTML report needs Jinja2: pip install 'appraisal[report]'"
    raise ImportError(message) from error

from appraisal.reporting.charts import svg  # needs the plot extra

_TEMPLATES = files("appraisal.reporting") / "templates"


def html(document: Document) -> str:
    """The document as HTML5, its charts drawn inline."""
    environment = jinja2.Environment(
        loader=jinja2.FunctionLoader(_template),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.tests.update(
        table=lambda b: isinstance(b, Table),
        items=lambda b: isinstance(b, Items),
        chart=lambda b: isinstance(b, Chart),
    )
    charts = {id(c): Markup(svg(c)) for c in document.charts()}
    page = environment.get_template("report.html.j2")
    return page.render(
        document=document,
        css=Markup(_template("report.css")),
        svg=lambda chart: charts[id(chart)],
    )


def _template(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def _finalize(value: Any) -> Any:
    """Every printed value: control characters written out (Markup, already safe, as is)."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return visible(value)
