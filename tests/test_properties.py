"""The fairness invariants, stated once and checked on random schemes and score cubes.

Benefit criteria on the scheme's scale, missing="renormalize", no standardisation,
alignment or recusal.
"""

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import appraisal as ap
from tests.strategies import cubes, schemes, sheet_of, shuffled


@st.composite
def cases(draw: st.DrawFn, **kwargs: object) -> tuple[ap.Scheme, np.ndarray]:
    scheme = draw(schemes(**kwargs))
    return scheme, draw(cubes(scheme))


def _records(sheet: ap.ScoreSheet) -> list[tuple[str, str, str, float | None]]:
    r, u, c = np.indices(sheet.shape).reshape(3, -1)
    values = sheet.values.ravel()
    return [
        (sheet.raters[i], sheet.units[j], sheet.criteria[k], None if np.isnan(v) else float(v))
        for i, j, k, v in zip(r, u, c, values, strict=True)
    ]


@given(cases(), st.randoms(use_true_random=False))
def test_record_order_changes_nothing(case: tuple[ap.Scheme, np.ndarray], random: object) -> None:
    """Shuffling the input records changes no result, not even in the last bit."""
    scheme, values = case
    records = _records(sheet_of(scheme, values))
    shuffled = list(records)
    random.shuffle(shuffled)  # type: ignore[attr-defined]
    first = ap.appraise(ap.ScoreSheet.from_records(records), scheme)
    second = ap.appraise(ap.ScoreSheet.from_records(shuffled), scheme)
    assert first == second


@given(cases(), st.randoms(use_true_random=False))
def test_rater_and_unit_order_change_no_score(
    case: tuple[ap.Scheme, np.ndarray], random: object
) -> None:
    """Reordering raters inside their groups, and the units, changes no base or published score."""
    scheme, values = case
    groups = [
        attrs.evolve(g, members=random.sample(list(g.members), len(g.members)))  # type: ignore[attr-defined]
        for g in scheme.raters.members
    ]
    reordered = attrs.evolve(scheme, raters=groups)
    units = np.arange(values.shape[1])
    random.shuffle(units)  # type: ignore[attr-defined]
    sheet = sheet_of(scheme, values)
    moved = ap.ScoreSheet.from_array(
        values[:, units],
        raters=sheet.raters,
        units=[sheet.units[u] for u in units],
        criteria=sheet.criteria,
    )
    first = ap.appraise(sheet, scheme)
    second = ap.appraise(moved, reordered)
    assert second.units == first.units  # canonical order, whatever the sheet's
    np.testing.assert_allclose(second.base, first.base, atol=1e-9)
    _same_published(second.score, first.score, scheme)


@given(cases(), st.randoms(use_true_random=False))
def test_any_order_of_the_sheet_gives_the_same_bytes(
    case: tuple[ap.Scheme, np.ndarray], random: object
) -> None:
    """Listing the sheet's raters, units and criteria in any order gives byte-identical JSON."""
    scheme, values = case
    sheet = sheet_of(scheme, values)
    moved = shuffled(sheet, random)
    assert ap.appraise(moved, scheme).to_json() == ap.appraise(sheet, scheme).to_json()


@given(cases(), st.floats(0.01, 100.0))
def test_scaling_sibling_weights_changes_nothing(
    case: tuple[ap.Scheme, np.ndarray], k: float
) -> None:
    """Multiplying all sibling weights by k > 0 changes no score."""
    scheme, values = case
    groups = [
        attrs.evolve(
            g,
            weight=g.weight * k,
            member_weights={m: w * k for m, w in g.member_weights.items()} or None,
        )
        for g in scheme.raters.members
    ]
    criteria = [attrs.evolve(c, weight=c.weight * k) for c in scheme.criteria]
    scaled = attrs.evolve(scheme, raters=groups, criteria=criteria)
    sheet = sheet_of(scheme, values)
    first, second = ap.appraise(sheet, scheme), ap.appraise(sheet, scaled)
    np.testing.assert_allclose(second.base, first.base, atol=1e-9)
    _same_published(second.score, first.score, scheme)


def _same_published(a: np.ndarray, b: np.ndarray, scheme: ap.Scheme) -> None:
    """Rounded publication absorbs summation order exactly; unrounded agrees to 1e-9."""
    if scheme.decimals is None:
        np.testing.assert_allclose(a, b, atol=1e-9)
    else:
        np.testing.assert_array_equal(a, b)


@given(cases(), st.data())
def test_raising_a_score_never_hurts(
    case: tuple[ap.Scheme, np.ndarray], data: st.DataObject
) -> None:
    """Raising one score of a unit never lowers its base score nor worsens its rank, for every rule."""
    scheme, values = case
    present = np.argwhere(~np.isnan(values))
    if present.size == 0:
        return
    r, u, c = present[data.draw(st.integers(0, len(present) - 1))]
    raised = values.copy()
    raised[r, u, c] = data.draw(st.floats(values[r, u, c], 100.0))
    before = ap.appraise(sheet_of(scheme, values), scheme)
    after = ap.appraise(sheet_of(scheme, raised), scheme)
    assert after.base[u] >= before.base[u] - 1e-9
    assert after.rank[u] <= before.rank[u]


@given(cases(), st.floats(0.0, 100.0))
def test_unanimity(case: tuple[ap.Scheme, np.ndarray], v: float) -> None:
    """If every present rater gives a unit v on every criterion, its base is v."""
    scheme, values = case
    values[:, 0][~np.isnan(values[:, 0])] = v
    result = ap.appraise(sheet_of(scheme, values), scheme)
    if not np.isnan(result.base[0]):
        assert abs(result.base[0] - v) <= 1e-9


@given(cases())
def test_base_lies_within_the_present_scores(case: tuple[ap.Scheme, np.ndarray]) -> None:
    """A base score lies between the smallest and largest present score of that unit."""
    scheme, values = case
    result = ap.appraise(sheet_of(scheme, values), scheme)
    scored = ~np.isnan(result.base)
    low = np.nanmin(np.where(np.isnan(values), np.inf, values), axis=(0, 2))
    high = np.nanmax(np.where(np.isnan(values), -np.inf, values), axis=(0, 2))
    assert np.all(result.base[scored] >= low[scored] - 1e-9)
    assert np.all(result.base[scored] <= high[scored] + 1e-9)


@given(cases())
def test_influence_identity(case: tuple[ap.Scheme, np.ndarray]) -> None:
    """base == Σ influence·rater_scores over present raters, and influence sums to 1, to 1e-9."""
    scheme, values = case
    result = ap.appraise(sheet_of(scheme, values), scheme)
    scored = ~np.isnan(result.base)
    contribution = np.where(
        result.influence > 0, result.influence * np.nan_to_num(result.rater_scores), 0.0
    )
    np.testing.assert_allclose(contribution.sum(axis=0)[scored], result.base[scored], atol=1e-9)
    np.testing.assert_allclose(result.influence.sum(axis=0)[scored], 1.0, atol=1e-9)
    assert np.all(result.influence.sum(axis=0)[~scored] == 0)
    assert np.all(result.influence[np.isnan(result.rater_scores)] == 0)


@given(cases())
def test_a_rater_who_scored_nothing_changes_nothing(case: tuple[ap.Scheme, np.ndarray]) -> None:
    """Adding a rater who scored nothing changes no score."""
    scheme, values = case
    first_group = scheme.raters.members[0]
    assert isinstance(first_group, ap.RaterGroup)
    extended = attrs.evolve(
        scheme,
        raters=[
            attrs.evolve(first_group, members=[*first_group.members, "idle"]),
            *scheme.raters.members[1:],
        ],
    )
    idle = np.full((1, *values.shape[1:]), np.nan)
    n = len(first_group.members)
    grown = np.concatenate([values[:n], idle, values[n:]])
    first = ap.appraise(sheet_of(scheme, values), scheme)
    second = ap.appraise(sheet_of(extended, grown), extended)
    np.testing.assert_allclose(second.base, first.base, atol=1e-9)
    _same_published(second.score, first.score, scheme)


@given(cases())
def test_min_rank_counts_strictly_better(case: tuple[ap.Scheme, np.ndarray]) -> None:
    """With ties='min', rank == 1 + the number of strictly better published scores."""
    scheme, values = case
    result = ap.appraise(sheet_of(scheme, values), scheme)
    scored = ~np.isnan(result.score)
    better = (result.score[None, scored] > result.score[scored, None]).sum(axis=1)
    np.testing.assert_array_equal(result.rank[scored], 1 + better)


@given(
    st.lists(
        st.integers(0, 8).map(lambda v: v / 2) | st.just(float("nan")), min_size=1, max_size=30
    ),
    st.sampled_from(["min", "dense", "ordinal", "average", "max"]),
)
def test_ranks_agree_with_scipy(values: list[float], ties: str) -> None:
    """ap.rank agrees with scipy.stats.rankdata on data with ties, for every method."""
    rankdata = pytest.importorskip("scipy.stats").rankdata
    array = np.array(values)
    ours = ap.rank(array, ties, descending=True)
    valid = ~np.isnan(array)
    expected = rankdata(-array[valid], method=ties)
    np.testing.assert_array_equal(ours[valid], expected)
    assert np.all(np.isnan(ours[~valid]))


@given(cases())
def test_json_round_trip_is_identical(case: tuple[ap.Scheme, np.ndarray]) -> None:
    """to_json / from_json gives back an equal result."""
    scheme, values = case
    result = ap.appraise(sheet_of(scheme, values), scheme)
    again = ap.Appraisal.from_json(result.to_json())
    assert again == result
    assert again.to_json() == result.to_json()
