"""Rater-side rules: panels and trimming, standardisation, group alignment, recusal, effective weights."""

import re

import attrs
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import appraisal as ap
from tests.strategies import cubes, schemes, sheet_of
from tests.tolerance import rtol

PANEL = ["M1", "M2", "M3", "M4", "M5"]


def _one_criterion(rows: list[tuple[str, str, float | None]]) -> ap.ScoreSheet:
    return ap.ScoreSheet.from_records([(r, u, "score", s) for r, u, s in rows])


def test_trimmed_panel_with_a_missing_member() -> None:
    """Trimmed(1) over 4 present of 5 members drops the lowest and highest: (70 + 75) / 2."""
    sheet = _one_criterion(
        [("M1", "x", 60), ("M2", "x", 70), ("M3", "x", 75), ("M4", "x", 80), ("M5", "x", None)]
    )
    result = ap.appraise(
        sheet, ap.Scheme(ap.RaterGroup("panel", members=PANEL, rule=ap.Trimmed(1)))
    )
    assert result.base[0] == 72.5
    assert result.trimmed[:, 0].tolist() == [True, False, False, True, False]
    assert result.influence[:, 0].tolist() == [0.0, 0.5, 0.5, 0.0, 0.0]
    assert "2 trimmed" in str(result.explain("x"))


def test_schedule_switches_from_mean_to_trimmed() -> None:
    """Up to 4 present members take the mean; 6 present trim one from each side."""
    members = [f"M{i}" for i in range(6)]
    full = [(m, "x", s) for m, s in zip(members, [50, 60, 70, 80, 90, 100], strict=True)]
    thin = [(m, "y", s) for m, s in zip(members[:4], [50, 60, 70, 100], strict=True)]
    rule = ap.Trimmed(schedule=((4, 0), (None, 1)))
    result = ap.appraise(
        _one_criterion(full + thin), ap.Scheme(ap.RaterGroup("panel", members=members, rule=rule))
    )
    assert result.base.tolist() == [75.0, 70.0]  # (60+70+80+90)/4; (50+60+70+100)/4


def test_zscore_of_two_raters_with_different_spreads() -> None:
    """A (60, 70, 80) and B (88, 90, 92) both map to 80 ∓ sqrt(202), 80, 80 ± sqrt(202).

    Pooled over the six scores: mean 80, variance 808 / 6; each rater's z-scores are
    -sqrt(1.5), 0, sqrt(1.5); so the mapped offset is sqrt(808 / 6 * 1.5) = sqrt(202).
    """
    sheet = _one_criterion(
        [
            ("A", "x", 60),
            ("A", "y", 70),
            ("A", "z", 80),
            ("B", "x", 88),
            ("B", "y", 90),
            ("B", "z", 92),
        ]
    )
    result = ap.appraise(sheet, ap.Scheme(["A", "B"], standardize="zscore", decimals=None))
    np.testing.assert_allclose(result.base, [80 - 202**0.5, 80, 80 + 202**0.5])
    np.testing.assert_allclose(result.rater_scores[0], result.rater_scores[1])
    minmax = ap.appraise(sheet, ap.Scheme(["A", "B"], standardize="minmax", decimals=None))
    np.testing.assert_allclose(minmax.rater_scores, [[0, 50, 100], [0, 50, 100]])


def test_rank_standardisation_uses_average_ranks() -> None:
    """Ties share the mean of their places before the min-max map."""
    sheet = _one_criterion([("A", "x", 60), ("A", "y", 70), ("A", "z", 70), ("A", "w", 90)])
    result = ap.appraise(sheet, ap.Scheme(["A"], standardize="rank", decimals=None))
    # units sorted w, x, y, z; average ranks 4, 1, 2.5, 2.5 -> (r - 1) / 3 * 100
    np.testing.assert_allclose(result.rater_scores[0], [100, 0, 50, 50])


def test_degenerate_raters_are_kept_and_flagged() -> None:
    """A rater with one unit or one value for all is kept as is and flagged, never a division by zero."""
    sheet = _one_criterion(
        [("A", "x", 60), ("A", "y", 80), ("B", "x", 75), ("C", "x", 90), ("C", "y", 90)]
    )
    result = ap.appraise(sheet, ap.Scheme(["A", "B", "C"], standardize="zscore"))
    assert result.rater_scores[1, 0] == 75
    assert result.rater_scores[2].tolist() == [90, 90]
    assert ap.Flag("B", "kept unstandardised: scored fewer than two units") in result.flags
    assert ap.Flag("C", "kept unstandardised: gave every unit the same score") in result.flags


def _lenient_and_spread() -> tuple[ap.ScoreSheet, ap.Scheme]:
    """Quantitative (0.65) spread 50..90, other (0.35) lenient 80..88; both agree on the order."""
    units = [f"u{i}" for i in range(5)]
    rows = [(q, u, 50 + 10 * i) for q in ("Q1", "Q2") for i, u in enumerate(units)]
    rows += [(o, u, 80 + 2 * i) for o in ("O1", "O2") for i, u in enumerate(units)]
    scheme = ap.Scheme(
        [
            ap.RaterGroup("quantitative", 0.65, members=["Q1", "Q2"]),
            ap.RaterGroup("other", 0.35, members=["O1", "O2"]),
        ],
        decimals=None,
    )
    return _one_criterion(rows), scheme


def test_alignment_restores_the_nominal_split() -> None:
    """Effective weights ≈ 0.9 / 0.1 before alignment, 0.65 / 0.35 after.

    Perfectly correlated groups: each carries its share of the spread, 0.65·sd_q :
    0.35·sd_o = 0.65·14.14 : 0.35·2.83, i.e. 0.903 : 0.097.
    """
    sheet, scheme = _lenient_and_spread()
    before = ap.appraise(sheet, scheme).effective_weights()
    assert before["quantitative"].effective == pytest.approx(0.65 * 10 / (0.65 * 10 + 0.35 * 2))
    assert before["other"].nominal == pytest.approx(0.35)
    aligned = ap.appraise(sheet, attrs.evolve(scheme, align_groups=True))
    after = aligned.effective_weights()
    assert after["quantitative"].effective == pytest.approx(0.65)
    assert after["other"].effective == pytest.approx(0.35)
    identity = (aligned.influence * aligned.rater_scores).sum(axis=0)
    np.testing.assert_allclose(identity, aligned.base, rtol=rtol(len(aligned.raters)))  # n terms


def test_effective_weights_without_spread_equal_nominal() -> None:
    """With one unit the base has no spread: effective is nominal, and the result says why."""
    sheet = _one_criterion([("A", "x", 60), ("B", "x", 80)])
    weights = ap.appraise(sheet, ap.Scheme(["A", "B"])).effective_weights()
    assert weights["A"].effective == weights["A"].nominal == 0.5
    assert "no spread" in weights["A"].note


def test_recusal_and_self_recusal() -> None:
    """A recused rater is absent; under mutual evaluation a township never scores itself."""
    rows = [("East", "West", 80), ("West", "East", 70), ("Audit", "East", 90)]
    scheme = ap.Scheme(
        ["East", "West", "Audit"], self_recusal=True, recusals={"Audit": ["West"]}, missing="error"
    )
    result = ap.appraise(_one_criterion(rows), scheme)
    assert result.base.tolist() == [80.0, 80.0]  # East: (70 + 90) / 2; West: East's 80 alone
    assert result.influence[:, 1].tolist() == [1.0, 0.0, 0.0]


def test_a_score_from_a_recused_rater() -> None:
    """It is an error naming rater and unit, or dropped and reported."""
    rows = [("East", "East", 99), ("West", "East", 70)]
    scheme = ap.Scheme(["East", "West"], self_recusal=True)
    with pytest.raises(
        ap.ScoreError,
        match=re.escape(
            "score sheet: rater 'East' is recused from unit 'East' but scored it; delete the score, or use recused_scores='drop'."
        ),
    ):
        ap.appraise(_one_criterion(rows), scheme)
    dropped = ap.appraise(_one_criterion(rows), attrs.evolve(scheme, recused_scores="drop"))
    assert dropped.base[0] == 70
    assert (
        ap.Flag("East", "score for unit 'East' dropped: the rater is recused from it")
        in dropped.flags
    )


@pytest.mark.parametrize(
    ("build", "kind", "message"),
    [
        (
            lambda: ap.Scheme(["A", "B"], recusals={"C": ["x"]}),
            ap.SchemeError,
            "Scheme: recusals names rater 'C', which is not in the rater tree.",
        ),
        (
            lambda: ap.appraise(
                _one_criterion([("A", "East", 1)]), ap.Scheme(["A"], recusals={"A": ["Eats"]})
            ),
            ap.ScoreError,
            "Scheme: recusals['A'] names unit 'Eats', which is not in the score sheet; did you mean 'East'?",
        ),
        (
            lambda: ap.appraise(
                _one_criterion([("A", "x", 1)]), ap.Scheme(["A"], standardize="zscore")
            ),
            ap.ScoreError,
            "Scheme: standardize='zscore' needs at least two units to compare a rater's scores across; the score sheet has 1.",
        ),
        (
            lambda: ap.Scheme(["A"], standardize="robust"),
            ap.SchemeError,  # type: ignore[arg-type]
            "Scheme: standardize must be one of 'none', 'zscore', 'minmax', 'rank'; got 'robust'.",
        ),
    ],
)
def test_rater_side_errors(build: object, kind: type[Exception], message: str) -> None:
    """Recusals and standardisation name what is wrong."""
    with pytest.raises(kind, match=f"^{re.escape(message)}$"):
        build()  # type: ignore[operator]


# --- properties ----------------------------------------------------------------------------


@st.composite
def one_criterion_cases(draw: st.DrawFn, **kwargs: object) -> tuple[ap.Scheme, np.ndarray]:
    scheme = draw(schemes(**kwargs))
    scheme = attrs.evolve(scheme, criteria=[ap.Criterion("c0")], decimals=None)
    return scheme, draw(cubes(scheme, n_units=draw(st.integers(2, 6))))


def _order_kept(before: np.ndarray, after: np.ndarray) -> None:
    clear = before[:, None] - before[None, :] > 1e-9
    assert np.all((after[:, None] > after[None, :])[clear])


@given(one_criterion_cases(), st.sampled_from(["zscore", "minmax"]), st.floats(0.2, 1.0), st.data())
def test_affine_change_of_one_rater_keeps_the_order(
    case: tuple[ap.Scheme, np.ndarray], method: str, a: float, data: st.DataObject
) -> None:
    """zscore/minmax: a positive affine change of one rater's scores keeps the order of base scores."""
    scheme, values = case
    scheme = attrs.evolve(scheme, standardize=method)
    r = data.draw(st.integers(0, values.shape[0] - 1))
    assume(len(np.unique(values[r][~np.isnan(values[r])])) >= 2)
    changed = values.copy()
    changed[r] = a * changed[r] + data.draw(st.floats(0.0, 100 * (1 - a)))  # stays inside 0..100
    first = ap.appraise(sheet_of(scheme, values), scheme)
    # A rater kept unstandardised (one unit, one value) stays on the raw scale while the
    # others move with the pooled mean and SD, which the changed rater shifts.
    # Clipping at the scale is not affine either.
    second = ap.appraise(sheet_of(scheme, changed), scheme)
    moved = ("kept", "standardised scores clipped")
    assume(not any(flag.reason.startswith(moved) for flag in (*first.flags, *second.flags)))
    _order_kept(first.base, second.base)


@given(one_criterion_cases(), st.data())
def test_increasing_change_keeps_the_order_under_rank(
    case: tuple[ap.Scheme, np.ndarray], data: st.DataObject
) -> None:
    """rank: any strictly increasing change of one rater's (two or more distinct) scores keeps the order."""
    scheme, values = case
    scheme = attrs.evolve(scheme, standardize="rank")
    r = data.draw(st.integers(0, values.shape[0] - 1))
    assume(len(np.unique(values[r][~np.isnan(values[r])])) >= 2)
    changed = values.copy()
    changed[r] = 100 * (changed[r] / 100) ** data.draw(st.floats(0.3, 3.0))
    before = ap.appraise(sheet_of(scheme, values), scheme).base
    after = ap.appraise(sheet_of(scheme, changed), scheme).base
    _order_kept(before, after)


@given(
    st.integers(1, 2),
    st.integers(0, 3),
    st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=2),
    st.integers(0, 2**32 - 1),
)
def test_trimming_resists_up_to_k_arbitrary_members(
    k: int, extra: int, wild: list[float], seed: int
) -> None:
    """With 2k + 1 or more present members, up to k arbitrary scores keep the panel inside the honest range."""
    rng = np.random.default_rng(seed)
    n = 2 * k + 1 + extra
    honest = rng.uniform(60, 90, n - k)
    liars = np.resize(np.array(wild), k)
    panel = ap.RaterGroup("panel", members=[f"M{i}" for i in range(n)], rule=ap.Trimmed(k))
    scores = np.concatenate([honest, liars])
    result = ap.appraise(
        ap.ScoreSheet.from_array(scores[:, None], raters=panel.members, units=["x"]),
        ap.Scheme(
            panel, [ap.Criterion("score", scale=(-1e3, 1e3))], scale=(-1e3, 1e3), decimals=None
        ),
    )
    assert honest.min() - 1e-9 <= result.base[0] <= honest.max() + 1e-9


def test_k_plus_one_liars_can_break_trimming() -> None:
    """Two liars against Trimmed(1) of five pull the panel outside the honest range."""
    panel = ap.RaterGroup("panel", members=PANEL, rule=ap.Trimmed(1))
    scores = np.array([70.0, 72.0, 74.0, 0.0, 0.0])
    result = ap.appraise(
        ap.ScoreSheet.from_array(scores[:, None], raters=PANEL, units=["x"]),
        ap.Scheme(panel, decimals=None),
    )
    assert result.base[0] < 70


@given(schemes(rules=["mean"]), st.integers(2, 6), st.data())
def test_identical_raters_have_nominal_effective_weights(
    scheme: ap.Scheme, n_units: int, data: st.DataObject
) -> None:
    """Complete data, mean rules, every rater giving the same scores: effective equals nominal."""
    pattern = np.array(
        data.draw(st.lists(st.integers(0, 100), min_size=n_units, max_size=n_units, unique=True)),
        dtype=float,
    )
    values = np.broadcast_to(
        pattern[None, :, None], (len(scheme.rater_names), n_units, len(scheme.criterion_names))
    ).copy()
    weights = ap.appraise(sheet_of(scheme, values), scheme).effective_weights()
    for item in weights.values():
        assert item.effective == pytest.approx(item.nominal, abs=1e-9)


@given(schemes(), st.data())
def test_effective_weights_of_siblings_add_up(scheme: ap.Scheme, data: st.DataObject) -> None:
    """Siblings' effective weights add up to their parent's, and the top level's to 1.

    To 1e-9 of the weights' own size: when the base scores barely differ, effective
    weights are large numbers of both signs whose sum keeps their rounding.
    """
    scheme = attrs.evolve(
        scheme,
        standardize=data.draw(st.sampled_from(["none", "zscore"])),
        align_groups=data.draw(st.booleans()),
    )
    values = data.draw(cubes(scheme, n_units=data.draw(st.integers(2, 6))))
    weights = ap.appraise(sheet_of(scheme, values), scheme).effective_weights()
    size = 1.0 + sum(abs(w.effective) for w in weights.values())
    for group in scheme.groups:
        names = [m.name if isinstance(m, ap.RaterGroup) else m for m in group.members]
        assert sum(weights[n].effective for n in names) == pytest.approx(
            weights[group.name].effective, abs=1e-9 * size
        )
    assert weights["all"].effective == pytest.approx(1.0, abs=1e-9 * size)


@given(schemes(rules=["median", ap.Trimmed(1)]), st.data())
def test_robust_rules_ignore_the_sheets_rater_order(scheme: ap.Scheme, data: st.DataObject) -> None:
    """Median and trimmed rules give the same base whatever the order of members in the sheet."""
    values = data.draw(cubes(scheme))
    order = data.draw(st.permutations(range(values.shape[0])))
    sheet = sheet_of(scheme, values)
    moved = ap.ScoreSheet.from_array(
        values[order],
        raters=[sheet.raters[i] for i in order],
        units=sheet.units,
        criteria=sheet.criteria,
    )
    assert np.array_equal(
        ap.appraise(moved, scheme).base, ap.appraise(sheet, scheme).base, equal_nan=True
    )


@given(schemes(), st.data())
def test_recusal_equals_deleting_the_scores(scheme: ap.Scheme, data: st.DataObject) -> None:
    """Recusing a rater from a unit gives exactly the result of deleting its scores there."""
    values = data.draw(cubes(scheme))
    r = data.draw(st.integers(0, values.shape[0] - 1))
    u = data.draw(st.integers(0, values.shape[1] - 1))
    sheet = sheet_of(scheme, values)
    deleted = values.copy()
    deleted[r, u] = np.nan
    assume(not np.isnan(deleted).all(axis=(0, 1)).any())  # a criterion nobody scored: a problem
    scheme = attrs.evolve(scheme, missing_groups="renormalize")
    recusing = attrs.evolve(
        scheme, recusals={sheet.raters[r]: [sheet.units[u]]}, recused_scores="drop"
    )
    a = ap.appraise(sheet, recusing)
    b = ap.appraise(sheet_of(scheme, deleted), scheme)
    assert np.array_equal(a.base, b.base, equal_nan=True)
    assert np.array_equal(a.influence, b.influence)


def test_explain_says_recused() -> None:
    """A rater recused from the explained unit is labelled recused, not absent."""
    rows = [("East", "West", 80), ("West", "East", 70)]
    result = ap.appraise(_one_criterion(rows), ap.Scheme(["East", "West"], self_recusal=True))
    notes = {row.name: row.note for row in result.explain("East").level("rater")}
    assert notes == {"East": "recused", "West": ""}
