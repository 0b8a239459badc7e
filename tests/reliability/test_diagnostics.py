"""Rater diagnostics: hand-checked panels, the thresholds, group agreement, and invariants."""

import json
import re

import attrs
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import appraisal as ap
from appraisal.pipeline.check import check
from appraisal.reliability.diagnostics import diagnose
from appraisal.reliability.impact import leave_one_out
from tests.strategies import cubes, schemes, sheet_of
from tests.tolerance import atol, rtol

BASE = np.array([60.0, 70.0, 80.0, 65.0, 75.0, 58.0, 85.0, 72.0])  # eight units' true level
UNITS = [f"u{i}" for i in range(len(BASE))]
RATERS = ["A", "B", "C", "D", "E"]


def appraise(scores: np.ndarray, scheme: ap.Scheme | None = None) -> ap.Appraisal:
    scheme = scheme or ap.Scheme(RATERS)
    return ap.appraise(
        ap.ScoreSheet.from_array(scores, raters=scheme.rater_names, units=UNITS), scheme
    )


def offsets_panel(offsets: list[float]) -> np.ndarray:
    """Each rater scores every unit at its true level plus the rater's own offset."""
    return BASE[None, :] + np.array(offsets)[:, None]


def test_rater_aliases_resolve_to_the_diagnostics_module() -> None:
    """`ap.reliability` re-exports diagnose and leave_one_out, and lists them in a sorted `__all__`."""
    assert ap.reliability.diagnose is diagnose
    assert ap.reliability.leave_one_out is leave_one_out
    names = ap.reliability.__all__
    assert list(names) == sorted(names)
    for name in ("Diagnostics", "GroupAgreement", "LeaveOneOut", "diagnose", "leave_one_out"):
        assert name in names
        assert getattr(ap.reliability, name).__doc__


def test_lenient_rater_is_flagged_with_its_offset() -> None:
    """Pure offsets: leniency is o_r minus the mean of the others' offsets; only E crosses 5."""
    found = diagnose(appraise(offsets_panel([0, 0, 0, 0, 10])))
    # differences of means of scores near 100 over the units: they cancel against 100;
    # the SDs and correlations divide such differences by the units' spread
    n, scale = BASE.size * len(RATERS), 100.0
    condition = n * scale / BASE.std()
    np.testing.assert_allclose(found.leniency, [-2.5, -2.5, -2.5, -2.5, 10.0], atol=atol(scale, n))
    np.testing.assert_allclose(found.spread, 1.0, rtol=rtol(condition))
    np.testing.assert_allclose(found.agreement, 1.0, rtol=rtol(condition))
    np.testing.assert_allclose(found.residual, 0.0, atol=atol(scale, n))
    assert found.rater_flags == ((), (), (), (), ("lenient",))
    assert found.flags == (
        ap.Flag(
            "E",
            "lenient: scores +10.00 points from the mean of the others on average, "
            "over 8 units (threshold ±5).",
        ),
    )


def test_severe_rater_and_a_custom_threshold() -> None:
    """A rater 6 points below the others is severe at the default, not at a threshold of 8."""
    result = appraise(offsets_panel([0, 0, 0, 0, -6]))
    assert diagnose(result).rater_flags[4] == ("severe",)
    assert diagnose(result, leniency_threshold=8).rater_flags[4] == ()


def test_favoured_unit_is_flagged_with_that_unit() -> None:
    """E is 3 points lenient and scores u5 20 points above that: residual 17.5 at u5, flagged.

    The others are identical, so on 7 of 8 units E's deviation is 3 and on u5 it is 23:
    leniency 3 + 20/8 = 5.5, residual 20 - 2.5 = 17.5 at u5 and -2.5 elsewhere; each
    other rater's residuals are -20/4 + 5/8 = -4.375 at u5 and 0.625 elsewhere. Over
    all 40 residuals the median is 0.625 and the MAD 0, so the scale is
    1.2533 * mean |e| = 1.2533 * 70/40.
    """
    scores = offsets_panel([0, 0, 0, 0, 3])
    scores[4, 5] += 20
    found = diagnose(appraise(scores))
    scale = np.sqrt(np.pi / 2) * 70 / 40
    assert found.residual_scale == pytest.approx(scale)
    assert found.leniency[4] == pytest.approx(5.5)
    np.testing.assert_allclose(found.residual[4], np.where(np.arange(8) == 5, 17.5, -2.5))
    np.testing.assert_allclose(found.largest_residual, [-4.375] * 4 + [17.5])
    assert found.largest_residual_unit == ("u5",) * 5
    assert found.largest_residual_z[4] == pytest.approx(17.5 / scale)
    assert [row["flags"] for row in found.table()] == [[]] * 4 + [["lenient", "residual"]]
    assert found.table()[4]["residual_units"] == ["u5"]
    assert found.flags[-1].reason.startswith("residual: scored 'u5' 17.50 points above what")


def test_favoured_unit_stands_out_of_noisy_scores() -> None:
    """With noise the MAD sets the scale; the one unit 20 points up is the only one flagged."""
    rng = np.random.default_rng(7)
    units = [f"u{i}" for i in range(12)]
    level = rng.uniform(60, 85, size=12)
    scores = level[None, :] + rng.normal(0, 2, size=(8, 12)) + rng.normal(0, 3, size=(8, 1))
    scores[2, 9] += 20
    scheme = ap.Scheme([f"r{i}" for i in range(8)])
    result = ap.appraise(
        ap.ScoreSheet.from_array(scores, raters=scheme.rater_names, units=units), scheme
    )
    found = diagnose(result)
    residuals = found.residual[~np.isnan(found.residual)]
    mad = np.median(np.abs(residuals - np.median(residuals)))
    assert found.residual_scale == pytest.approx(1.4826 * mad, rel=1e-4)
    assert [i for i, codes in enumerate(found.rater_flags) if "residual" in codes] == [2]
    assert found.largest_residual_unit[2] == "u9"
    assert found.table()[2]["residual_units"] == ["u9"]


def test_rater_with_many_missing_units_is_flagged() -> None:
    """D scored 4 of 8 units: share 0.5, flagged; C's recused unit does not count as missing."""
    scores = offsets_panel([0, 1, -1, 0, 2])
    scores[3, :4] = np.nan
    scores[2, 6] = np.nan
    scheme = ap.Scheme(RATERS, recusals={"C": ["u6"]})
    found = diagnose(appraise(scores, scheme))
    np.testing.assert_allclose(found.missing_share, [0, 0, 0, 0.5, 0])
    assert found.n_scored.tolist() == [8, 8, 7, 4, 8]
    assert found.rater_flags[3] == ("missing",)
    assert found.flags[0] == ap.Flag(
        "D", "missing: did not score 4 of 8 units (50%; threshold 20%)."
    )


def test_a_rater_scoring_one_category_only_is_not_missing_the_other() -> None:
    """E scores only the towns (its remit): not missing the zones, and its notes say so."""
    scores = offsets_panel([0, 1, -1, 0, 2])
    scores[4, 4:] = np.nan
    scores[0] = np.nan
    towns = {unit: "town" if u < 4 else "zone" for u, unit in enumerate(UNITS)}
    found = diagnose(appraise(scores, ap.Scheme(RATERS, categories=towns)))
    np.testing.assert_allclose(found.missing_share, [1, 0, 0, 0, 0])
    assert found.rater_flags[0] == ("missing",)
    assert found.rater_flags[4] == ()
    assert found.notes[4] == (
        "scored no unit of category 'zone': those units do not count as missing.",
    )
    assert found.flags[0].reason == "missing: did not score 8 of 8 units (100%; threshold 20%)."


def test_spread_compares_a_compressed_rater_with_the_others() -> None:
    """A rater scoring at half the others' spread has spread 0.5 (flagged narrow); and 2 is wide."""
    centre = BASE.mean()
    scores = offsets_panel([0, 0, 0, 0, 0])
    scores[4] = centre + (BASE - centre) / 2
    found = diagnose(appraise(scores))
    assert found.spread[4] == pytest.approx(0.5)
    assert (
        "narrow" in found.rater_flags[4]
    )  # and residuals: it misses the units far from the middle
    scores[4] = centre + (BASE - centre) * 1.5
    scores[4] = np.clip(scores[4], 0, 100)
    wide = diagnose(appraise(scores), spread_threshold=1.4)
    assert wide.spread[4] == pytest.approx(1.5)
    assert "wide" in wide.rater_flags[4]


def test_agreement_is_the_correlation_with_the_base_without_the_rater() -> None:
    """A rater reversing the order of the units correlates -1 with the others and is flagged."""
    scores = offsets_panel([0, 0, 0, 0, 0])
    scores[4] = BASE.max() + BASE.min() - BASE
    result = appraise(scores)
    found = diagnose(result)
    without = leave_one_out(result).base[4]
    assert found.agreement[4] == pytest.approx(np.corrcoef(scores[4], without)[0, 1])
    assert found.agreement[4] == pytest.approx(-1.0)
    assert "disagrees" in found.rater_flags[4]


def test_identical_raters_agree_perfectly_within_their_group() -> None:
    """A group of three identical raters has alpha, W and ICC 1; a one-rater group gets a note."""
    scheme = ap.Scheme(
        [
            ap.RaterGroup("same", 0.65, members=["A", "B", "C"]),
            ap.RaterGroup("alone", 0.35, members=["D"]),
        ]
    )
    scores = offsets_panel([0, 0, 0, 4])
    found = diagnose(appraise(scores, scheme))
    same = found.groups[1]
    assert (same.group, same.raters, same.notes) == ("same", ("A", "B", "C"), ())
    assert same.alpha is not None
    assert same.alpha.statistic == 1.0
    assert same.kendall_w is not None
    assert same.kendall_w.statistic == 1.0
    assert same.icc is not None
    assert all(form.statistic == pytest.approx(1.0) for form in same.icc.forms.values())
    alone = found.group_table()[2]
    assert alone == {
        "group": "alone",
        "n_raters": 1,
        "alpha": None,
        "alpha_units": None,
        "kendall_w": None,
        "kendall_w_units": None,
        "icc_single": None,
        "icc_mean": None,
        "icc_units": None,
        "note": "the group has 1 rater; agreement needs at least 2.",
    }
    assert [g.group for g in found.groups] == ["all", "same", "alone"]


def test_degenerate_group_gives_notes_not_nan() -> None:
    """Raters who give every unit one score: no alpha, W or ICC, each with the statistic's reason."""
    scores = np.full((5, 8), 70.0)
    found = diagnose(appraise(scores))
    group = found.groups[0]
    assert (group.alpha, group.kendall_w, group.icc) == (None, None, None)
    assert [note.split(":")[0] for note in group.notes] == [
        "krippendorff_alpha",
        "kendall_w",
        "icc",
    ]
    assert np.isnan(found.spread).all()
    assert np.isnan(found.agreement).all()
    assert found.rater_flags == ((),) * 5
    assert found.notes[0] == (
        "spread undefined: no other rater's scores vary over two or more of its units.",
        "agreement undefined: needs 3 units with a score from it and a base score without "
        "it, varying on both sides.",
    )
    assert "spread undefined" in str(found)


def test_lone_and_absent_raters_get_notes() -> None:
    """A rater who scored nothing, and one that alone scored a unit, are said so; nothing warns."""
    scores = offsets_panel([0, 1, 2, 3, 4])
    scores[0] = np.nan
    scores[1:4, 7] = np.nan
    found = diagnose(appraise(scores))
    assert found.notes[0][0] == "scored no unit."
    assert np.isnan(found.leniency[0])
    assert found.table()[0]["leniency"] is None
    assert "without it 'u7' would have no base score" in found.table()[4]["note"]
    assert found.n_compared.tolist() == [0, 7, 7, 7, 7]


def test_impact_rows_repeat_leave_one_out_with_tiers() -> None:
    """Largest rank change, units moved and tier changes are leave_one_out's."""
    scores = offsets_panel([0, 0, 0, 0, 0])
    scores[4, 2] -= 30  # u2 (80) falls to 74, below u4 (75): out of the top two
    scheme = ap.Scheme(RATERS, tiers=[ap.Tier("top", count=2), ap.Tier("rest")])
    result = appraise(scores, scheme)
    found = diagnose(result)
    expected = leave_one_out(result).table()
    for row, loo in zip(found.table(), expected, strict=True):
        assert row["largest_rank_change"] == loo["largest_rank_change"]
        assert row["moved_units"] == loo["units"]
        assert row["tier_changes"] == loo["tier_changes"]
    assert found.table()[4]["tier_changes"] == [("u2", "rest", "top"), ("u4", "top", "rest")]
    assert found.table()[4]["moved_units"] == ["u2", "u4"]
    assert found.largest_rank_change.tolist() == [0, 0, 0, 0, 1]


def test_table_is_plain_json_and_str_is_readable() -> None:
    """Rows dump to strict JSON; the text shows every rater, the groups and the flags."""
    scores = offsets_panel([0, 0, 0, 0, 10])
    scores[1, 2] = np.nan
    found = diagnose(appraise(scores))
    json.dumps(found.table(), allow_nan=False)
    json.dumps(found.group_table(), allow_nan=False)
    text = str(found)
    assert text.splitlines()[0].split()[:4] == ["rater", "leniency", "spread", "agreement"]
    assert all(rater in text for rater in RATERS)
    assert "flags:\n- E: lenient" in text
    assert "alpha" in text


@pytest.mark.parametrize(
    ("keyword", "value", "message"),
    [
        (
            "leniency_threshold",
            0,
            "diagnose: leniency_threshold must be a finite number > 0; got 0.",
        ),
        ("spread_threshold", 1, "diagnose: spread_threshold must be a finite number > 1; got 1."),
        (
            "agreement_threshold",
            1.5,
            "diagnose: agreement_threshold must be a finite number in -1..1; got 1.5.",
        ),
        (
            "missing_threshold",
            1.0,
            "diagnose: missing_threshold must be a finite number in 0..1 (1 excluded); got 1.0.",
        ),
        (
            "residual_threshold",
            float("nan"),
            "diagnose: residual_threshold must be a finite number > 0; got nan.",
        ),
        (
            "residual_threshold",
            True,
            "diagnose: residual_threshold must be a finite number > 0; got True.",
        ),
        (
            "spread_threshold",
            "2",
            "diagnose: spread_threshold must be a finite number > 1; got '2'.",
        ),
    ],
)
def test_bad_thresholds_are_rejected(keyword: str, value: object, message: str) -> None:
    """Each threshold names itself, its range and the value given."""
    result = appraise(offsets_panel([0, 0, 0, 0, 0]))
    with pytest.raises(ap.InputError, match=re.escape(message)):
        diagnose(result, **{keyword: value})  # type: ignore[arg-type]


def test_not_an_appraisal_is_rejected() -> None:
    """Diagnose takes an Appraisal, not its arrays."""
    with pytest.raises(
        ap.InputError, match=re.escape("diagnose: result must be an Appraisal; got list.")
    ):
        diagnose([[1.0, 2.0]])  # type: ignore[arg-type]


def test_example_county_runs_clean() -> None:
    """The built-in county: a row per rater, statistics for every group, nothing undefined."""
    from appraisal.data import appraise_example

    result, previous = appraise_example()
    found = diagnose(result, previous=previous)
    assert [row["rater"] for row in found.table()] == list(result.raters)
    assert [g.group for g in found.groups] == list(result.groups)
    assert all(g.notes == () for g in found.groups if len(g.raters) > 1)
    assert not np.isnan(found.leniency).any()
    assert not np.isnan(found.agreement).any()
    json.dumps(found.table(), allow_nan=False)


# Properties.


@given(schemes(), st.data())
def test_diagnostics_do_not_depend_on_the_order_of_units(
    scheme: ap.Scheme, data: st.DataObject
) -> None:
    """Permuting the units changes nothing: appraise takes them in canonical (sorted) order."""
    scheme = attrs.evolve(
        scheme,
        standardize=data.draw(st.sampled_from(["none", "none", "zscore", "rank"])),
        align_groups=data.draw(st.booleans()),
        decimals=2,  # unrounded (None), the last bit of a sum decides exact ties in appraise itself
    )
    values = data.draw(cubes(scheme, n_units=data.draw(st.integers(2, 6))))
    order = np.array(data.draw(st.permutations(range(values.shape[1]))))
    sheet = sheet_of(scheme, values)
    shuffled = ap.ScoreSheet.from_array(
        values[:, order],
        raters=scheme.rater_names,
        units=[sheet.units[u] for u in order],
        criteria=scheme.criterion_names,
    )
    assume(check(sheet, scheme).ok)  # the alignment may put a unit off the scale: a problem
    one = diagnose(ap.appraise(sheet, scheme))
    two = diagnose(ap.appraise(shuffled, scheme))
    for name in (
        "leniency",
        "spread",
        "agreement",
        "missing_share",
        "largest_rank_change",
    ):
        np.testing.assert_array_equal(getattr(two, name), getattr(one, name), err_msg=name)
    np.testing.assert_array_equal(two.residual, one.residual)
    np.testing.assert_allclose(two.residual_scale, one.residual_scale, atol=1e-9)
    np.testing.assert_allclose(  # the sign may differ only at a near tie of +e and -e
        np.abs(two.largest_residual_z), np.abs(one.largest_residual_z), atol=1e-9
    )
    assert two.rater_flags == one.rater_flags or _near_a_threshold(one)
    for r, unit in enumerate(one.largest_residual_unit):
        sizes = np.abs(one.residual[r])
        if unit is not None and np.sum(np.isclose(sizes, np.nanmax(sizes), atol=1e-9)) == 1:
            assert two.largest_residual_unit[r] == unit
    for a, b in zip(one.groups, two.groups, strict=True):
        for stat in ("alpha", "kendall_w"):
            x, y = getattr(a, stat), getattr(b, stat)
            assert (x is None) == (y is None)
            if x is not None:
                assert y.statistic == pytest.approx(x.statistic, abs=1e-9)


def _near_a_threshold(found: ap.reliability.Diagnostics) -> bool:
    """Whether a number sits within rounding of a threshold (then its flag may flip)."""
    t = found.thresholds
    checks = [
        (np.abs(found.leniency), t["leniency_threshold"]),
        (found.spread, t["spread_threshold"]),
        (found.spread, 1 / t["spread_threshold"]),
        (found.agreement, t["agreement_threshold"]),
        (np.abs(found.largest_residual_z), t["residual_threshold"]),
    ]
    return any(np.any(np.isclose(values, limit, atol=1e-8)) for values, limit in checks)


@given(schemes(), st.data())
def test_shifting_one_rater_moves_its_leniency_by_exactly_the_shift(
    scheme: ap.Scheme, data: st.DataObject
) -> None:
    """Rater r + c: L[r] gains c; another rater q loses c / K[q] * sum over shared units of 1/(n_u - 1)."""
    values = data.draw(cubes(scheme)) - 30.0  # 20..70, so a shift within -20..30 stays on the scale
    r = data.draw(st.integers(0, values.shape[0] - 1))
    c = data.draw(st.floats(-20.0, 30.0))
    shifted = values.copy()
    shifted[r] += c
    result = ap.appraise(sheet_of(scheme, values), scheme)
    before = diagnose(result)
    after = diagnose(ap.appraise(sheet_of(scheme, shifted), scheme))

    compared = ~np.isnan(before.deviation)  # q scored u, and so did another rater
    n = np.count_nonzero(~np.isnan(result.rater_scores), axis=0)
    inverse = np.divide(1.0, n - 1.0, out=np.zeros(n.shape), where=n > 1)
    defined = before.n_compared > 0
    expected = np.zeros(len(before.raters))
    expected[defined] = (
        -c * (compared & compared[r]).astype(float)[defined] @ inverse / before.n_compared[defined]
    )
    expected[r] = c
    np.testing.assert_allclose(
        after.leniency[defined] - before.leniency[defined], expected[defined], atol=1e-9
    )
    np.testing.assert_allclose(after.residual[r], before.residual[r], atol=1e-9)


@given(schemes(), st.data())
def test_leniencies_of_a_complete_panel_sum_to_zero(scheme: ap.Scheme, data: st.DataObject) -> None:
    """With every unit scored by every rater, sum_r L[r] = 0: each unit's deviations cancel."""
    values = data.draw(cubes(scheme, n_units=data.draw(st.integers(2, 6)), holes=False))
    found = diagnose(ap.appraise(sheet_of(scheme, values), scheme))
    if len(found.raters) > 1:
        assert found.leniency.sum() == pytest.approx(0.0, abs=1e-9)
    assert np.all(np.isnan(found.agreement) | (np.abs(found.agreement) <= 1.0))


@given(schemes(), st.data())
def test_impact_rank_changes_are_leave_one_outs(scheme: ap.Scheme, data: st.DataObject) -> None:
    """The rows' largest rank change and units moved are those of leave_one_out, for every rule."""
    scheme = attrs.evolve(scheme, tiers=[ap.Tier("top", share=0.3), ap.Tier("rest")])
    values = data.draw(cubes(scheme, n_units=data.draw(st.integers(2, 6))))
    result = ap.appraise(sheet_of(scheme, values), scheme)
    found = diagnose(result)
    loo = leave_one_out(result)
    assert found.impact == loo
    for row, expected in zip(found.table(), loo.table(), strict=True):
        assert row["largest_rank_change"] == expected["largest_rank_change"]
        assert row["moved_units"] == expected["units"]
        assert row["tier_changes"] == expected["tier_changes"]
    change = np.abs(np.nan_to_num(loo.rank - result.rank))
    np.testing.assert_array_equal(found.largest_rank_change, change.max(axis=1))


def test_zscore_standardisation_removes_leniency() -> None:
    """Diagnostics read the scores as they entered the fold: z-scored, a complete panel has L = 0."""
    scheme = ap.Scheme(RATERS, standardize="zscore")
    found = diagnose(appraise(offsets_panel([0, 0, 0, 0, 10]), scheme))
    np.testing.assert_allclose(found.leniency, 0.0, atol=1e-9)
