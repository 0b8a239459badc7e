"""Tipping points and margins, checked by re-running appraise just inside and outside."""

from __future__ import annotations

import attrs
import numpy as np
import pytest

import appraisal as ap


def with_share(result: ap.Appraisal, group: str, w: float, previous: ap.Appraisal) -> ap.Appraisal:
    """Re-run appraise with `group`'s share among its siblings set to `w`."""
    scheme = result.scheme

    def visit(node: ap.RaterGroup) -> ap.RaterGroup:
        names = [getattr(m, "name", m) for m in node.members]
        members = [visit(m) if isinstance(m, ap.RaterGroup) else m for m in node.members]
        if group in names:
            weights = np.array([node.member_weight(m) for m in node.members])
            weights = weights / weights.sum()
            j = names.index(group)
            others = (1 - w) * weights / (1 - weights[j])
            new = np.where(np.arange(len(names)) == j, w, others)
            members = [
                attrs.evolve(m, weight=float(x)) if isinstance(m, ap.RaterGroup) else m
                for m, x in zip(members, new, strict=True)
            ]
            member_weights = {
                m: float(x) for m, x in zip(members, new, strict=True) if isinstance(m, str)
            }
            if member_weights:
                node = attrs.evolve(node, member_weights=member_weights)
        return attrs.evolve(node, members=members)

    moved = attrs.evolve(scheme, raters=visit(scheme.raters))
    return ap.appraise(
        result.sheet,
        moved,
        adjustments=result.adjustments,
        vetoes=result.vetoes,
        previous=previous,
    )


def unchanged(a: ap.Appraisal, b: ap.Appraisal, *, tiers_only: bool = False) -> bool:
    """Same tiers (and ranks) in both results."""
    same_tiers = a.tiers == b.tiers
    return (
        same_tiers if tiers_only else same_tiers and np.array_equal(a.rank, b.rank, equal_nan=True)
    )


@pytest.mark.parametrize("group", ["定量考核部门", "其他部门", "乡镇互评"])
def test_endpoints_confirmed_by_rerun(
    example: tuple[ap.Appraisal, ap.Appraisal], group: str
) -> None:
    """Just inside each end nothing changes; just outside (unless 0 or 1) something does."""
    current, previous = example
    tp = ap.robustness.tipping_points(current, group, previous=previous)
    assert tp.method == "exact"
    for interval, tiers_only in ((tp.ranking, False), (tp.tiers, True)):
        low, high = interval
        assert low < tp.nominal < high
        eps = 1e-6 * (high - low)
        assert unchanged(
            with_share(current, group, low + eps, previous), current, tiers_only=tiers_only
        )
        assert unchanged(
            with_share(current, group, high - eps, previous), current, tiers_only=tiers_only
        )
        if low - eps > 0:
            assert not unchanged(
                with_share(current, group, low - eps, previous), current, tiers_only=tiers_only
            )
        if high + eps < 1:
            assert not unchanged(
                with_share(current, group, high + eps, previous), current, tiers_only=tiers_only
            )


def test_events_are_ordered_change_points(example: tuple[ap.Appraisal, ap.Appraisal]) -> None:
    """Events lie in [0, 1] in order, and the ranking interval's ends are among them."""
    current, previous = example
    tp = ap.robustness.tipping_points(current, "定量考核部门", previous=previous)
    weights = [e.weight for e in tp.events]
    assert weights == sorted(weights)
    assert all(0 <= w <= 1 for w in weights)
    for end in tp.ranking:
        if 0 < end < 1:
            assert end in weights  # the exact method: an end is a change point itself


def test_bad_groups(example: tuple[ap.Appraisal, ap.Appraisal]) -> None:
    """Unknown group (did you mean), the root, and a member of a median group are refused."""
    current, previous = example
    with pytest.raises(ap.InputError, match="did you mean '定量考核部门'"):
        ap.robustness.tipping_points(current, "定量考核部", previous=previous)
    with pytest.raises(ap.InputError, match="is the root"):
        ap.robustness.tipping_points(current, current.groups[0], previous=previous)
    median_member = (
        next(
            m.name
            for g in current.scheme.groups
            if g.rule != "mean"
            for m in g.members
            if isinstance(m, ap.RaterGroup)
        )
        if any(
            isinstance(m, ap.RaterGroup)
            for g in current.scheme.groups
            if g.rule != "mean"
            for m in g.members
        )
        else None
    )
    if median_member is not None:
        with pytest.raises(ap.InputError, match="no weight to vary"):
            ap.robustness.tipping_points(current, median_member, previous=previous)


def test_margins_by_definition(example: tuple[ap.Appraisal, ap.Appraisal]) -> None:
    """to_place, lead and to_tier hold as defined, re-run with bonuses on the uncapped scheme."""
    current, previous = example
    m = ap.robustness.margins(current, previous=previous)
    scheme = attrs.evolve(current.scheme, caps={})
    plain = [
        ap.Adjustment(u, float(b), "as applied", "bonus")
        for u, b in zip(current.units, current.bonus, strict=True)
        if b > 0
    ] + [
        ap.Adjustment(u, float(d), "as applied", "deduction")
        for u, d in zip(current.units, current.deduction, strict=True)
        if d > 0
    ]
    order = [t.name for t in current.scheme.tiers]

    def moved(u: int, points: float) -> tuple[float, str | None]:
        kind = "bonus" if points >= 0 else "deduction"
        extra = [ap.Adjustment(current.units[u], round(abs(points), 6), "test", kind)]
        out = ap.appraise(
            current.sheet,
            scheme,
            adjustments=plain + extra,
            vetoes=current.vetoes,
            previous=previous,
        )
        return float(out.rank[u]), out.tiers[u]

    q = 10.0**-current.scheme.decimals
    for u in range(len(current.units)):
        rank, tier = float(current.rank[u]), current.tiers[u]
        if not np.isnan(m.to_place[u]):
            assert moved(u, m.to_place[u])[0] < rank
            assert moved(u, m.to_place[u] - q)[0] >= rank
        if not np.isnan(m.lead[u]):
            assert moved(u, -m.lead[u])[0] == rank
            assert moved(u, -m.lead[u] - q)[0] > rank
        if not np.isnan(m.to_tier[u]):
            assert order.index(moved(u, m.to_tier[u])[1]) < order.index(tier)
            assert order.index(moved(u, m.to_tier[u] - q)[1]) >= order.index(tier)
    first = current.rank == 1
    assert np.isnan(m.to_place[first]).all()
    vetoed = [current.unit_index(v.unit) for v in current.vetoes]
    assert np.isnan(m.to_place[vetoed]).all()
    assert np.isnan(m.to_tier[vetoed]).all()


def test_by_group_is_margin_over_share(example: tuple[ap.Appraisal, ap.Appraisal]) -> None:
    """A top-level group's row is to_place over its share, inf beyond the scale."""
    current, previous = example
    m = ap.robustness.margins(current, previous=previous)
    g = current.groups.index("定量考核部门")
    share = current.influence[
        [current.raters.index(r) for r in current.scheme.groups[g].rater_names()]
    ].sum(axis=0)
    expected = m.to_place / share
    expected[current.group_scores[g] + expected > current.scheme.scale[1]] = np.inf
    np.testing.assert_allclose(m.by_group[g], expected, rtol=1e-12)


def test_events_name_the_units_that_move(example: tuple[ap.Appraisal, ap.Appraisal]) -> None:
    """An event lists exactly the units whose rank or tier differs across it."""
    current, previous = example
    tp = ap.robustness.tipping_points(current, "定量考核部门", previous=previous)
    low = tp.ranking[0]
    event = next(e for e in tp.events if e.weight == low)  # the exact method: the same number
    eps = 1e-6 * (tp.ranking[1] - low)
    above = with_share(current, "定量考核部门", low + eps, previous)
    below = with_share(current, "定量考核部门", low - eps, previous)
    moved = {
        u
        for i, u in enumerate(current.units)
        if above.rank[i] != below.rank[i] or above.tiers[i] != below.tiers[i]
    }
    assert set(event.units) == moved
