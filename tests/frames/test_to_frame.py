"""to_frame: what each result gives, in pandas and in polars, with integer ranks and categories."""

import re
from functools import cache
from typing import Any

import numpy as np
import pytest

import appraisal as ap
from appraisal.data import appraise_example

pd = pytest.importorskip("pandas", reason="the pandas extra is not installed")
pytest.importorskip("narwhals", reason="the pandas and polars extras bring narwhals")


@cache
def example() -> tuple[ap.Appraisal, ap.Appraisal]:
    """The built-in county's results, this year and last (categories, tiers, a veto)."""
    return appraise_example()


@pytest.fixture(params=["pandas", "polars"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "polars":
        pytest.importorskip("polars", reason="the polars extra is not installed")
    name: str = request.param
    return name


def _dtypes(frame: Any) -> dict[str, str]:
    """Column name -> a backend-neutral dtype name."""
    if isinstance(frame, pd.DataFrame):
        out = {}
        for name, dtype in frame.dtypes.items():
            if isinstance(dtype, pd.CategoricalDtype):
                out[name] = "ordered" if dtype.ordered else "category"
            elif pd.api.types.is_string_dtype(dtype):
                out[name] = "text"
            else:
                out[name] = str(dtype)
        return out
    import polars as pl

    names = {
        pl.Int64: "Int64",
        pl.Float64: "float64",
        pl.String: "text",
        pl.Categorical: "category",
    }
    return {
        name: "ordered" if isinstance(dtype, pl.Enum) else names[dtype.base_type()]
        for name, dtype in frame.schema.items()
    }


def _column(frame: Any, name: str) -> list[Any]:
    """A column as plain values, None where missing (NaN and pandas' NA alike)."""
    values = frame[name].to_list()
    return [None if v is None or v is pd.NA or v != v else v for v in values]


def test_table_is_table_with_types(backend: str) -> None:
    """kind="table" holds table()'s rows, best first, with Int64 ranks and categorical columns."""
    result = example()[0]
    frame = result.to_frame(backend=backend)
    rows = result.table()
    assert list(frame.columns) == list(rows[0])
    for key in rows[0]:
        assert _column(frame, key) == [row[key] for row in rows], key
    assert _dtypes(frame) == {
        "unit": "text",
        "category": "category",
        "score": "float64",
        "rank": "Int64",
        "tier": "ordered",
        "base": "float64",
        "bonus": "float64",
        "deduction": "float64",
        "veto": "text",
        "coverage": "Int64",
        "note": "text",
    }


def test_tiers_are_ordered_best_first() -> None:
    """The tier column's categories are the scheme's tiers, in its order."""
    result = example()[0]
    tiers = result.to_frame()["tier"].dtype
    assert list(tiers.categories) == [tier.name for tier in result.scheme.tiers]
    assert tiers.ordered


def _unscored_and_average() -> ap.Appraisal:
    scheme = ap.Scheme(["A"], ties="average", decimals=0)
    sheet = ap.ScoreSheet.from_records(
        [("A", "x", "score", 90), ("A", "y", "score", 90), ("A", "z", "score", None)]
    )
    return ap.appraise(sheet, scheme)


def test_ranks_missing_and_fractional(backend: str) -> None:
    """An unscored unit has a missing rank; halves under average ties make the rank float."""
    frame = _unscored_and_average().to_frame(backend=backend)
    assert _dtypes(frame)["rank"] == "float64"
    assert _column(frame, "rank") == [1.5, 1.5, None]
    scheme = ap.Scheme(["A"])
    sheet = ap.ScoreSheet.from_records([("A", "x", "score", 90), ("A", "z", "score", None)])
    whole = ap.appraise(sheet, scheme).to_frame(backend=backend)
    assert _dtypes(whole)["rank"] == "Int64"
    assert _column(whole, "rank") == [1, None]


@pytest.mark.parametrize(
    ("kind", "axis", "value", "array"),
    [
        ("rater_scores", "rater", "rater_score", "rater_scores"),
        ("influence", "rater", "influence", "influence"),
        ("group_scores", "group", "group_score", "group_scores"),
    ],
)
def test_long_forms_hold_the_arrays(
    backend: str, kind: str, axis: str, value: str, array: str
) -> None:
    """Arrays over two axes come as a row per (rater or group, unit), the first axis outer."""
    result = example()[0]
    frame = result.to_frame(kind, backend)
    labels = result.raters if axis == "rater" else result.groups
    assert list(frame.columns) == [axis, "unit", value]
    assert _column(frame, axis) == [a for a in labels for _ in result.units]
    assert _column(frame, "unit") == list(result.units) * len(labels)
    expected = getattr(result, array).reshape(-1)
    got = np.array([np.nan if v is None else v for v in _column(frame, value)])
    np.testing.assert_array_equal(got, expected)


def test_polars_has_nulls_not_nan() -> None:
    """In polars a missing number is null, never NaN."""
    pytest.importorskip("polars", reason="the polars extra is not installed")
    frame = example()[0].to_frame("rater_scores", "polars")
    assert frame["rater_score"].is_nan().sum() == 0
    assert frame["rater_score"].null_count() == np.isnan(example()[0].rater_scores).sum()


def test_comparison_explanation_diagnostics(backend: str) -> None:
    """Comparison, Explanation and Diagnostics give their tables with the promised types."""
    now, last = example()
    compared = now.compare(last).to_frame(backend=backend)
    assert len(compared) == len(now.compare(last).rows)
    kinds = _dtypes(compared)
    assert kinds["rank"] == kinds["places_gained"] == kinds["progress_rank"] == "Int64"
    assert kinds["tier_change"] == "ordered"
    assert kinds["category"] == kinds["tier"] == "category"
    explanation = now.explain(now.units[0], now.units[1])
    rows = explanation.to_frame(backend=backend)
    assert len(rows) == 2 * len(explanation.rows)
    assert _dtypes(rows)["level"] == "ordered"
    assert _column(rows, "contribution")[:2] == list(explanation.rows[0].contribution)
    diagnostics = ap.reliability.diagnose(now)
    table = diagnostics.to_frame(backend=backend)
    assert _column(table, "rater") == list(diagnostics.raters)
    assert _dtypes(table)["n_scored"] == "Int64"
    assert len(diagnostics.to_frame("groups", backend)) == len(diagnostics.groups)
    units = diagnostics.to_frame("units", backend)
    assert len(units) == len(diagnostics.raters) * len(diagnostics.units)
    assert _dtypes(units)["rank_change"] == "Int64"


def test_robustness_results(backend: str) -> None:
    """SMAA, resampling, margins and tipping points give long frames of their arrays."""
    result = example()[0]
    found = ap.robustness.smaa(result, draws=1024)
    places = found.to_frame(backend=backend)
    assert list(places.columns) == ["unit", "place", "share"]
    assert _dtypes(places)["place"] == "Int64"
    assert len(places) == found.rank_acceptability.size
    tiers = found.to_frame("tier_probability", backend)
    assert _dtypes(tiers)["tier"] == "ordered"
    assert len(found.to_frame("central_weights", backend)) == found.central_weights.size
    assert len(found.to_frame("pairwise_winning", backend)) == len(result.units) ** 2
    boot = ap.robustness.resample(result, method="jackknife")
    assert list(boot.to_frame("units", backend).columns) == ["unit", "score_se", "incomplete"]
    margins = ap.robustness.margins(result)
    assert _column(margins.to_frame(backend=backend), "unit") == list(result.units)
    assert len(margins.to_frame("by_group", backend)) == margins.by_group.size
    tipping = ap.robustness.tipping_points(result, result.groups[1])
    events = tipping.to_frame(backend=backend)
    assert len(events) == sum(len(e.units) for e in tipping.events)
    assert _dtypes(events)["changes"] == "ordered"


def test_unknown_kind_and_backend() -> None:
    """An unknown kind or backend is an InputError that lists the choices."""
    result = example()[0]
    message = "Appraisal.to_frame: kind must be one of 'table', 'rater_scores', 'influence', 'group_scores'; got 'scores'."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        result.to_frame("scores")
    message = "Appraisal.to_frame: backend must be one of 'pandas', 'polars'; got 'arrow'."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        result.to_frame(backend="arrow")
    message = "Margins.to_frame: kind must be one of 'units', 'by_group'; got 'table'."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.robustness.margins(result).to_frame("table")
