"""ScoreSheet.from_frame: pandas, polars and pyarrow, long and wide, and every bad input named."""

import re
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import appraisal as ap
from appraisal.result.frames import sheet_to_frame
from appraisal.result.manifest import sheet_sha256
from tests.strategies import sheets

pd = pytest.importorskip("pandas", reason="the pandas extra is not installed")
pytest.importorskip("narwhals", reason="the pandas and polars extras bring narwhals")

KEYS = ("rater", "unit", "category")


def _frame(sheet: ap.ScoreSheet, library: str, layout: str) -> Any:
    """The sheet as a frame of `library`: pandas, polars, or a pyarrow Table made from polars."""
    if library == "pandas":
        return sheet_to_frame(sheet, layout=layout, backend="pandas")
    pytest.importorskip("polars", reason="the polars extra is not installed")
    frame = sheet_to_frame(sheet, layout=layout, backend="polars")
    if library == "pyarrow":
        pytest.importorskip("pyarrow", reason="the arrow extra is not installed")
        return frame.to_arrow()
    return frame


@pytest.mark.parametrize("layout", ["long", "wide"])
@pytest.mark.parametrize("library", ["pandas", "polars", "pyarrow"])
@given(sheet=sheets())
def test_round_trip(sheet: ap.ScoreSheet, library: str, layout: str) -> None:
    """Sheet -> frame -> sheet gives the same values, labels, categories and sheet hash."""
    assume(layout == "long" or not set(sheet.criteria) & set(KEYS))
    back = ap.ScoreSheet.from_frame(_frame(sheet, library, layout), layout=layout)
    assert back == sheet
    assert dict(back.categories) == dict(sheet.categories)
    assert sheet_sha256(back) == sheet_sha256(sheet)


@given(sheet=sheets(canonical=False), data=st.data())
def test_row_order_does_not_matter(sheet: ap.ScoreSheet, data: st.DataObject) -> None:
    """The rows of a frame in any order give the same (canonical) sheet."""
    frame = sheet_to_frame(sheet)
    order = data.draw(st.permutations(range(len(frame))))
    back = ap.ScoreSheet.from_frame(frame.iloc[list(order)])
    assert sheet_sha256(back) == sheet_sha256(sheet)


def test_columns_map_names_to_roles() -> None:
    """Chinese headers map to roles with columns=; category= names the category column."""
    frame = pd.DataFrame(
        {
            "序号": [1, 2, 3],
            "评分部门": ["财政局", "财政局", "审计局"],
            "被考核单位": ["东河镇", "西山镇", "东河镇"],
            "类别": ["乡镇", "乡镇", None],
            "经济发展": [88.0, 92.5, None],
            "项目建设": [80, 85, 90],
        }
    )
    columns = {"序号": "skip", "评分部门": "rater", "被考核单位": "unit"}
    sheet = ap.ScoreSheet.from_frame(frame, layout="wide", columns=columns, category="类别")
    assert sheet.raters == ("审计局", "财政局")
    assert sheet.criteria == ("经济发展", "项目建设")
    assert dict(sheet.categories) == {"东河镇": "乡镇", "西山镇": "乡镇"}
    np.testing.assert_array_equal(sheet.values[0], [[np.nan, 90.0], [np.nan, np.nan]])
    np.testing.assert_array_equal(sheet.values[1], [[88.0, 80.0], [92.5, 85.0]])


def test_labels_may_be_categorical_and_scores_nullable() -> None:
    """Categorical labels, nullable integer scores and an all-null score column all read."""
    frame = pd.DataFrame(
        {
            "rater": pd.Categorical(["A", "A", "B"]),
            "unit": pd.Series(["x", "y", "x"], dtype=object),
            "criterion": ["c", "c", "c"],
            "score": pd.array([90, None, 70], dtype="Int64"),
        }
    )
    sheet = ap.ScoreSheet.from_frame(frame)
    np.testing.assert_array_equal(sheet.values[:, :, 0], [[90.0, np.nan], [70.0, np.nan]])
    empty = frame.assign(score=pd.Series([None, None, None], dtype=object))
    assert np.isnan(ap.ScoreSheet.from_frame(empty).values).all()


def test_polars_enum_labels_decimal_and_null_scores() -> None:
    """Polars Enum labels, Decimal and Null-typed score columns read as numbers."""
    pl = pytest.importorskip("polars", reason="the polars extra is not installed")
    from decimal import Decimal

    frame = pl.DataFrame(
        {
            "rater": pl.Series(["A", "B"], dtype=pl.Enum(["B", "A"])),
            "unit": ["x", "x"],
            "a": pl.Series([Decimal("88.5"), None], dtype=pl.Decimal(10, 2)),
            "b": [None, None],
        }
    )
    sheet = ap.ScoreSheet.from_frame(frame, layout="wide")
    np.testing.assert_array_equal(sheet.values[:, 0, :], [[88.5, np.nan], [np.nan, np.nan]])


def _long(**changes: Any) -> Any:
    columns: dict[str, Any] = {
        "rater": ["A", "A", "B"],
        "unit": ["x", "y", "x"],
        "criterion": ["c", "c", "c"],
        "score": [90.0, 80.0, 70.0],
    }
    columns.update(changes)
    return pd.DataFrame(columns)


BAD = [
    (
        "layout",
        lambda: ap.ScoreSheet.from_frame(_long(), layout="tall"),
        ap.InputError,
        "ScoreSheet.from_frame: layout must be one of 'long', 'wide', 'matrix'; got 'tall'.",
    ),
    (
        "not a frame",
        lambda: ap.ScoreSheet.from_frame([("A", "x", "c", 1)]),
        ap.InputError,
        "ScoreSheet.from_frame: frame must be a pandas or polars DataFrame or a pyarrow Table; got list.",
    ),
    (
        "missing column",
        lambda: ap.ScoreSheet.from_frame(_long().drop(columns="criterion")),
        ap.ScoreError,
        "ScoreSheet.from_frame: the long layout needs a criterion column; the frame has the columns 'rater', 'unit', 'score'. Name it with columns={name: 'criterion'} or read one column per criterion with layout='wide'.",
    ),
    (
        "column with no role",
        lambda: ap.ScoreSheet.from_frame(_long(remark=["", "", ""])),
        ap.ScoreError,
        "ScoreSheet.from_frame: column 'remark' has no role in the long layout (rater, unit, criterion, score and category); read past it with columns={'remark': 'skip'}.",
    ),
    (
        "mapped column missing",
        lambda: ap.ScoreSheet.from_frame(_long(), columns={"评分部门": "rater"}),
        ap.ScoreError,
        "ScoreSheet.from_frame: columns names '评分部门', which is not a column of the frame; its columns are 'rater', 'unit', 'criterion', 'score'.",
    ),
    (
        "unknown role",
        lambda: ap.ScoreSheet.from_frame(_long(), columns={"rater": "raters"}),
        ap.ScoreError,
        "ScoreSheet.from_frame: columns: the role of 'rater' must be one of 'rater', 'unit', 'criterion', 'score', 'category', 'skip'; got 'raters'.",
    ),
    (
        "wide role",
        lambda: ap.ScoreSheet.from_frame(_long(), layout="wide", columns={"score": "score"}),
        ap.ScoreError,
        "ScoreSheet.from_frame: columns: the role of 'score' must be one of 'rater', 'unit', 'category', 'skip' in the wide layout (every other column is a criterion); got 'score'.",
    ),
    (
        "two columns, one role",
        lambda: ap.ScoreSheet.from_frame(
            _long(评分部门=["A", "B", "C"]), columns={"评分部门": "rater"}
        ),
        ap.ScoreError,
        "ScoreSheet.from_frame: columns 'rater' and '评分部门' both name the rater; a role is one column. Say which with columns= (the other may be 'skip').",
    ),
    (
        "category twice",
        lambda: ap.ScoreSheet.from_frame(_long(), columns={"unit": "unit"}, category="unit"),
        ap.ScoreError,
        "ScoreSheet.from_frame: category= names 'unit', which columns= gives the role 'unit'.",
    ),
    (
        "null label",
        lambda: ap.ScoreSheet.from_frame(_long(unit=["x", None, "x"])),
        ap.ScoreError,
        "ScoreSheet.from_frame: column 'unit' (unit), row 1: a unit label must be a non-empty name; got null.",
    ),
    (
        "numeric labels",
        lambda: ap.ScoreSheet.from_frame(_long(rater=[1, 1, 2])),
        ap.ScoreError,
        "ScoreSheet.from_frame: column 'rater' (rater) must hold text labels; got Int64 (1 at row 0).",
    ),
    (
        "a label of another type",
        lambda: ap.ScoreSheet.from_frame(_long(rater=pd.Series(["A", 7, "B"], dtype=object))),
        ap.ScoreError,
        "ScoreSheet.from_frame: column 'rater' (rater), row 1: the rater must be a non-empty name; got 7.",
    ),
    (
        "a label with a blank at its end",
        lambda: ap.ScoreSheet.from_frame(_long(criterion=["c", "c ", "c"])),
        ap.ScoreError,
        "ScoreSheet.from_frame: column 'criterion' (criterion), row 1: the criterion must not start or end with a blank; got 'c '.",
    ),
    (
        "text scores",
        lambda: ap.ScoreSheet.from_frame(
            _long(score=pd.Series([None, "85", "90"], dtype="string"))
        ),
        ap.ScoreError,
        "ScoreSheet.from_frame: column 'score' must hold numbers (null or NaN for a missing score); got String ('85' at row 1). Convert it to numbers first.",
    ),
    (
        "mixed scores",
        lambda: ap.ScoreSheet.from_frame(_long(score=pd.Series([90, None, "x"], dtype=object))),
        ap.ScoreError,
        "ScoreSheet.from_frame: column 'score', row 2: score 'x' must be a number, or null or NaN for a missing score.",
    ),
    (
        "boolean scores",
        lambda: ap.ScoreSheet.from_frame(_long(score=[True, False, True])),
        ap.ScoreError,
        "ScoreSheet.from_frame: column 'score' must hold numbers (null or NaN for a missing score); got Boolean (True at row 0). Convert it to numbers first.",
    ),
    (
        "infinite score",
        lambda: ap.ScoreSheet.from_frame(_long(score=[90.0, np.inf, 1.0])),
        ap.ScoreError,
        "ScoreSheet.from_frame: column 'score', row 1: score inf for rater 'A', unit 'y', criterion 'c' must be finite (NaN or null marks a missing score).",
    ),
    (
        "repeated record",
        lambda: ap.ScoreSheet.from_frame(_long(unit=["x", "y", "x"], rater=["A", "B", "A"])),
        ap.ScoreError,
        "ScoreSheet.from_frame: row 2 repeats row 0 (rater 'A', unit 'x', criterion 'c'); each (rater, unit, criterion) may be scored once.",
    ),
    (
        "repeated wide row",
        lambda: ap.ScoreSheet.from_frame(
            pd.DataFrame({"rater": ["A", "A"], "unit": ["x", "x"], "c": [1, 2]}), layout="wide"
        ),
        ap.ScoreError,
        "ScoreSheet.from_frame: row 1 repeats row 0 (rater 'A', unit 'x'); each rater scores a unit in one row.",
    ),
    (
        "wide without criteria",
        lambda: ap.ScoreSheet.from_frame(
            pd.DataFrame({"rater": ["A"], "unit": ["x"]}), layout="wide"
        ),
        ap.ScoreError,
        "ScoreSheet.from_frame: the wide layout needs a column per criterion besides rater, unit and category; the frame has the columns 'rater', 'unit'.",
    ),
    (
        "two categories",
        lambda: ap.ScoreSheet.from_frame(_long(category=["乡镇", None, "园区"])),
        ap.ScoreError,
        "ScoreSheet.from_frame: column 'category' (category), row 2: unit 'x' is in category '园区' here but in '乡镇' on row 0; a unit has one category.",
    ),
    (
        "numeric category",
        lambda: ap.ScoreSheet.from_frame(_long(category=[1, 1, 1])),
        ap.ScoreError,
        "ScoreSheet.from_frame: column 'category' (category) must hold text; got Int64 (1).",
    ),
]


@pytest.mark.parametrize(
    ("build", "error", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_frames_are_named(build: Any, error: type[Exception], message: str) -> None:
    """Each bad frame raises an InputError that names the column (and row) and what is allowed."""
    with pytest.raises(error, match=re.escape(message) + "$"):
        build()
    assert issubclass(error, ap.InputError)
