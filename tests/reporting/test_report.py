"""The report: its sections, charts, escaping, languages, and that it is reproducible."""

import html
import re
import sys

import pytest

import appraisal as ap
from appraisal.data import RENAMED

html5lib = pytest.importorskip("html5lib", reason="html5lib checks the report's HTML")

SECTIONS = ("summary", "ranking", "units", "comparison", "raters", "robustness", "manifest")
CHARTS = 8  # ranking ×2 categories, contributions, slope ×2, leniency, rank intervals ×2


def _small(unit: str = "Unit B") -> ap.Appraisal:
    sheet = ap.ScoreSheet.from_records(
        [
            (rater, name, "score", score + offset)
            for rater, offset in (("R1", 0.0), ("R2", 2.0), ("R3", -1.0))
            for name, score in (("Unit A", 80.0), (unit, 85.0), ("Unit C", 70.0))
        ]
    )
    return ap.appraise(sheet, ap.Scheme(raters=["R1", "R2", "R3"]))


def test_sections_present(example_html: str) -> None:
    """Every section of the example county's report is there, in order."""
    found = re.findall(r'<section id="([a-z-]+)"', example_html)
    assert tuple(found) == SECTIONS


def test_one_svg_per_chart(example_html: str) -> None:
    """Each chart is one inline <svg> inside its own figure."""
    assert example_html.count("<svg") == CHARTS
    assert example_html.count('<figure class="chart') == CHARTS


def test_every_unit_named(example_html: str, years: tuple[ap.Appraisal, ap.Appraisal]) -> None:
    """Every unit appears in the ranking tables."""
    text = html.unescape(example_html)
    for unit in years[0].units:
        assert f"<td>{unit}</td>" in text, unit


def test_no_external_resource(example_html: str) -> None:
    """Nothing is fetched: no URL, no src, no link but to the page's own sections."""
    assert "http" not in example_html
    assert "src=" not in example_html
    assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", example_html))
    assert "@import" not in example_html
    assert "<link" not in example_html
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', example_html))


def test_parses_strictly(example_html: str) -> None:
    """The document is valid HTML5 for html5lib in strict mode."""
    html5lib.HTMLParser(strict=True).parse(example_html)


def test_same_bytes_twice(years: tuple[ap.Appraisal, ap.Appraisal], example_html: str) -> None:
    """Rendering again gives the same bytes (charts included)."""
    current, previous = years
    lang = "zh" if "考评报告" in example_html else "en"
    again = ap.report(current, lang=lang, previous=previous, renamed=RENAMED)
    assert again == example_html


def test_languages(years: tuple[ap.Appraisal, ap.Appraisal]) -> None:
    """zh writes the fixed words in Chinese, en in English; names stay as they are."""
    current, previous = years
    zh = ap.report(current, format="md", lang="zh", previous=previous, renamed=RENAMED)
    en = ap.report(current, format="md", lang="en", previous=previous, renamed=RENAMED)
    assert "## 排名" in zh
    assert "## Ranking" not in zh
    assert "## Ranking" in en
    assert "## 排名" not in en
    for text in (zh, en):
        assert "高新技术产业开发区" in text
        assert "定量考核部门" in text


def test_unknown_lang_lists_the_choices() -> None:
    """An unknown language is an InputError that names the choices."""
    message = "report: lang must be one of 'en', 'zh'; got 'fr'."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.report(_small(), lang="fr")


def test_unknown_format() -> None:
    """An unknown format is an InputError that names the choices."""
    message = "report: format must be one of 'html', 'md'; got 'pdf'."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.report(_small(), format="pdf")


def test_names_are_escaped() -> None:
    """A unit named like a script shows as text, in HTML and Markdown; control characters show."""
    unit = "<script>alert(1)</script>"
    result = _small(unit)
    page = ap.report(result)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    html5lib.HTMLParser(strict=True).parse(page)
    text = ap.report(result, format="md")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    quoted = ap.report(_small("\"quoted\" & 'single'"), title="Bell\x07Town")
    assert "&#34;quoted&#34; &amp; &#39;single&#39;" in quoted
    assert "\x07" not in quoted  # a control character (the library refuses it in names) shows
    assert "Bell\\x07Town" in quoted
    html5lib.HTMLParser(strict=True).parse(quoted)


def test_sections_without_their_data_are_left_out() -> None:
    """No categories, tiers or previous year: those parts are absent, not empty."""
    page = ap.report(_small())
    found = re.findall(r'<section id="([a-z-]+)"', page)
    assert found == ["summary", "ranking", "units", "raters", "robustness", "manifest"]
    assert ">tier<" not in page
    assert "better tier" not in page
    assert "P(published tier)" not in page
    text = ap.report(_small(), format="md", diagnostics=False, robustness=False)
    assert re.findall(r"^## (.*)$", text, re.MULTILINE) == [
        "Summary",
        "Ranking",
        "What made each score",
        "Manifest",
    ]


def test_path_and_title(tmp_path) -> None:
    """With path the document is written there too, under the given title."""
    target = tmp_path / "report.md"
    text = ap.report(_small(), format="md", title="Township appraisal 2024", path=target)
    assert target.read_text(encoding="utf-8") == text
    assert text.startswith("# Township appraisal 2024\n")


def test_markdown_needs_no_extras(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Jinja2 and matplotlib, md works and html names the extra to install."""
    for name in list(sys.modules):
        if name.split(".")[0] in {"jinja2", "matplotlib"} or name.startswith(
            ("appraisal.reporting.html", "appraisal.reporting.charts")
        ):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "jinja2", None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert ap.report(_small(), format="md").startswith("# Appraisal report")
    with pytest.raises(ImportError, match=re.escape("pip install 'appraisal[report]'")):
        ap.report(_small())
