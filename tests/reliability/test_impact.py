"""Leave one rater out: equal to re-running the appraisal with that rater's scores deleted."""

import attrs
import numpy as np
from hypothesis import assume, given
from hypothesis import strategies as st

import appraisal as ap
from appraisal.pipeline.check import check
from appraisal.reliability.impact import leave_one_out
from tests.strategies import cubes, schemes, sheet_of


@given(schemes(), st.data())
def test_leave_one_out_equals_a_rerun(scheme: ap.Scheme, data: st.DataObject) -> None:
    """For every rater and every rule, with and without standardisation and alignment."""
    scheme = attrs.evolve(
        scheme,
        standardize=data.draw(st.sampled_from(["none", "none", "zscore", "rank"])),
        align_groups=data.draw(st.booleans()),
        tiers=[ap.Tier("top", share=0.3), ap.Tier("rest")],
        tie_break=[("criterion", scheme.criterion_names[0])],
    )
    values = data.draw(cubes(scheme, n_units=data.draw(st.integers(2, 6))))
    assume(check(sheet_of(scheme, values), scheme).ok)  # alignment may put a unit off the scale
    result = ap.appraise(sheet_of(scheme, values), scheme)
    out = leave_one_out(result)
    renormalizing = attrs.evolve(scheme, missing_groups="renormalize")
    for r in range(values.shape[0]):
        deleted = values.copy()
        deleted[r] = np.nan
        if not check(sheet_of(scheme, deleted), renormalizing).ok:
            continue  # e.g. the rater alone scored a criterion: without it the sheet has a problem
        rerun = ap.appraise(sheet_of(scheme, deleted), renormalizing)
        np.testing.assert_allclose(out.base[r], rerun.base, atol=1e-9)
        np.testing.assert_allclose(out.score[r], rerun.score, atol=1e-9)
        np.testing.assert_array_equal(out.rank[r], rerun.rank)
        assert out.tiers[r] == rerun.tiers


def test_mean_tree_uses_the_down_date() -> None:
    """A weighted-mean tree is down-dated; a quorum-2 group that loses a member drops out."""
    scheme = ap.Scheme(
        [
            ap.RaterGroup("q", 0.65, members=["A", "B"], quorum=2),
            ap.RaterGroup("o", 0.35, members=["C"]),
        ]
    )
    sheet = ap.ScoreSheet.from_records(
        [
            ("A", "x", "score", 90),
            ("B", "x", "score", 80),
            ("C", "x", "score", 60),
            ("A", "y", "score", 70),
            ("B", "y", "score", 70),
            ("C", "y", "score", 95),
        ]
    )
    out = leave_one_out(ap.appraise(sheet, scheme))
    assert out.method == "down-date"
    np.testing.assert_allclose(out.base, [[60, 95], [60, 95], [85, 70]])
    median = attrs.evolve(
        scheme,
        raters=[attrs.evolve(scheme.raters.members[0], rule="median"), scheme.raters.members[1]],
    )
    again = leave_one_out(ap.appraise(sheet, median))
    assert again.method == "re-run"
    np.testing.assert_allclose(again.base, out.base, rtol=1e-12)
    table = out.table()
    assert table[2] == {
        "rater": "C",
        "largest_rank_change": 1.0,
        "units": ["x", "y"],
        "tier_changes": [],
    }
