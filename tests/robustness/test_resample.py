"""Resampling raters: replicates equal re-runs of appraise, the jackknife is leave-one-out."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pytest

import appraisal as ap
from appraisal.errors import InputError
from appraisal.model.raters import RaterGroup
from appraisal.reliability import leave_one_out
from appraisal.robustness import resample
from appraisal.robustness.replicates import bootstrap_seats, jackknife_seats, replicate
from appraisal.robustness.setting import setting
from tests.tolerance import rtol

Example = tuple[ap.Appraisal, ap.Appraisal]


def all_means(group: RaterGroup) -> RaterGroup:
    """The group and every group nested in it taking the weighted mean."""
    members = [all_means(m) if isinstance(m, RaterGroup) else m for m in group.members]
    return attrs.evolve(group, members=members, rule="mean")


def rerun(
    result: ap.Appraisal,
    previous: ap.Appraisal | None,
    root: RaterGroup,
    values: np.ndarray,
    raters: tuple[str, ...] | None = None,
    **changes: Any,
) -> ap.Appraisal:
    """Appraise again with another rater tree and scores, renormalising over lost groups."""
    sheet = result.sheet
    again = ap.ScoreSheet(
        raters or sheet.raters, sheet.units, sheet.criteria, values, categories=sheet.categories
    )
    scheme = attrs.evolve(result.scheme, raters=root, missing_groups="renormalize", **changes)
    return ap.appraise(
        again, scheme, adjustments=result.adjustments, vetoes=result.vetoes, previous=previous
    )


def count_weighted(result: ap.Appraisal, previous: ap.Appraisal, row: np.ndarray) -> ap.Appraisal:
    """Appraise with member weights times draw counts; the raters drawn 0 times deleted."""
    at = {name: r for r, name in enumerate(result.raters)}
    counts = np.bincount(row[row >= 0], minlength=len(result.raters))

    def reweigh(group: RaterGroup) -> RaterGroup:
        weights = {
            m: counts[at[m]] * group.member_weight(m)
            for m in group.members
            if isinstance(m, str) and counts[at[m]] > 0
        }
        members = [reweigh(m) if isinstance(m, RaterGroup) else m for m in group.members]
        return attrs.evolve(group, members=members, member_weights=weights)

    values = result.sheet.values.copy()
    drawn_never = [result.sheet.raters.index(r) for r in result.raters if counts[at[r]] == 0]
    values[drawn_never] = np.nan
    return rerun(result, previous, reweigh(result.scheme.raters), values)


def seated(result: ap.Appraisal, previous: ap.Appraisal, row: np.ndarray) -> ap.Appraisal:
    """Appraise with every seat a rater of its own, scoring as its source (a twice-drawn rater twice).

    Seat ``j`` is a new rater ``seat{j}`` in rater ``j``'s place in the tree, with the
    scores (and weight) of rater ``row[j]`` as it entered the fold: its scores where
    recused deleted, since the seats' names are no units' names.
    """
    names = result.raters
    seat = {name: f"seat{j}" for j, name in enumerate(names)}
    recused = setting(result, previous).plan.recused
    sheet = result.sheet

    def renamed(group: RaterGroup) -> RaterGroup:
        weights = {
            seat[m]: group.member_weight(names[row[names.index(m)]])
            for m in group.members
            if isinstance(m, str) and row[names.index(m)] >= 0
        }
        members = [renamed(m) if isinstance(m, RaterGroup) else seat[m] for m in group.members]
        return attrs.evolve(group, members=members, member_weights=weights)

    values = np.full((len(names), *sheet.values.shape[1:]), np.nan)
    for j, source in enumerate(row):
        if source >= 0:
            values[j] = sheet.values[sheet.raters.index(names[source])]
            values[j, recused[source]] = np.nan
    return rerun(
        result,
        previous,
        renamed(result.scheme.raters),
        values,
        raters=tuple(seat[name] for name in names),
        self_recusal=False,
        recusals={},
    )


def acceptability_of(ranks: np.ndarray, n_places: int) -> np.ndarray:
    """Shares of places from integer ranks ``(replicates, n_units)``."""
    counts = np.zeros((ranks.shape[1], n_places))
    for row in ranks:
        counts[np.arange(len(row)), row.astype(int) - 1] += 1
    shares: np.ndarray = counts / counts.sum(axis=1, keepdims=True)
    return shares


@pytest.fixture(scope="module")
def mean_example(example: Example) -> Example:
    """The example county with every group taking the weighted mean (no trimming, no median)."""
    current, previous = example
    scheme = attrs.evolve(current.scheme, raters=all_means(current.scheme.raters))
    again = ap.appraise(
        current.sheet,
        scheme,
        adjustments=current.adjustments,
        vetoes=current.vetoes,
        previous=previous,
    )
    return again, previous


def test_bootstrap_under_means_equals_count_weights(mean_example: Example) -> None:
    """Under weighted means a replicate is appraise with member weights times draw counts."""
    current, previous = mean_example
    found = setting(current, previous)
    seats = bootstrap_seats(found, np.random.default_rng(7), 5)
    made = replicate(found, seats)
    assert made.method == "linear"
    counts = np.array([np.bincount(row, minlength=len(current.raters)) for row in seats])
    assert (counts == 0).any()
    assert (counts > 1).any()
    for i, row in enumerate(seats):
        again = count_weighted(current, previous, row)
        np.testing.assert_allclose(made.base[i], again.base, rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(made.group_scores[i], again.group_scores, rtol=1e-12, atol=1e-9)


def test_bootstrap_under_medians_counts_a_rater_twice(example: Example) -> None:
    """Under medians and trimmed means a rater drawn twice counts as two equal scores."""
    current, previous = example
    found = setting(current, previous)
    seats = bootstrap_seats(found, np.random.default_rng(3), 5)
    made = replicate(found, seats)
    assert made.method == "refold"
    ranked = [
        [current.raters.index(r) for r in g.members]
        for g in current.scheme.groups
        if g.rule != "mean"
    ]
    assert any(len(set(row[m])) < len(m) for row in seats for m in ranked)  # duplicates
    identity = seated(current, previous, np.arange(len(current.raters)))
    np.testing.assert_array_equal(identity.base, current.base)
    for i, row in enumerate(seats):
        again = seated(current, previous, row)
        np.testing.assert_allclose(made.base[i], again.base, rtol=1e-12, atol=1e-9)
        np.testing.assert_allclose(made.group_scores[i], again.group_scores, rtol=1e-12, atol=1e-9)


def test_jackknife_equals_leave_one_out(example: Example) -> None:
    """Jackknife replicates are leave_one_out's bases, and resample reads their places and spread."""
    current, previous = example
    n = len(current.raters)
    made = replicate(setting(current, previous), jackknife_seats(n, np.arange(n)))
    loo = leave_one_out(current, previous=previous)
    np.testing.assert_allclose(made.base, loo.base, rtol=1e-12, atol=1e-9)
    out = resample(current, method="jackknife", previous=previous)
    assert (out.method, out.replicates, out.seed, out.evaluation) == (
        "jackknife",
        n,
        None,
        "refold",
    )
    np.testing.assert_array_equal(out.rank_acceptability, acceptability_of(loo.rank, 12))
    spread = ((loo.score - loo.score.mean(axis=0)) ** 2).sum(axis=0)
    np.testing.assert_allclose(out.score_se, np.sqrt((n - 1) / n * spread), rtol=1e-9)


def test_same_result_across_chunk_sizes(example: Example) -> None:
    """chunk_blocks=1 and chunk_blocks=2 give the same result bit for bit."""
    current, previous = example
    one = resample(current, replicates=2500, seed=4, previous=previous)
    two = resample(current, replicates=2500, seed=4, previous=previous, chunk_blocks=2)
    assert one == two
    assert (one.method, one.replicates, one.seed, one.evaluation) == (
        "bootstrap",
        2500,
        4,
        "refold",
    )


def test_spread_and_incomplete(example: Example) -> None:
    """score_se is finite and positive for scored units; incomplete is a share in [0, 1]."""
    current, previous = example
    for method in ("bootstrap", "jackknife"):
        out = resample(current, method=method, replicates=500, previous=previous)
        scored = ~np.isnan(current.score)
        assert scored.all()
        assert np.isfinite(out.score_se[scored]).all()
        assert (out.score_se[scored] > 0).all()
        assert ((out.incomplete >= 0) & (out.incomplete <= 1)).all()
        for shares in (out.rank_acceptability, out.tier_probability):  # sums of shares
            np.testing.assert_allclose(shares.sum(axis=1), 1.0, rtol=rtol(shares.shape[1]))


def test_same_result_on_dask_threads(example: Example) -> None:
    """scheduler="threads" gives the same result bit for bit."""
    pytest.importorskip("distributed", reason="scheduler= needs the dask extra")
    current, previous = example
    here = resample(current, replicates=2500, seed=4, previous=previous)
    assert (
        resample(current, replicates=2500, seed=4, previous=previous, scheduler="threads") == here
    )


def test_same_result_on_a_distributed_cluster(example: Example, client: Any) -> None:
    """A distributed.Client on two worker processes gives the same result bit for bit."""
    current, previous = example
    for method in ("bootstrap", "jackknife"):
        here = resample(current, method=method, replicates=2500, seed=4, previous=previous)
        there = resample(
            current, method=method, replicates=2500, seed=4, previous=previous, scheduler=client
        )
        assert there == here


def test_bad_method(example: Example) -> None:
    """An unknown method is refused, naming the choices."""
    with pytest.raises(InputError, match="method must be 'bootstrap' or 'jackknife'; got 'x'"):
        resample(example[0], method="x")


@pytest.mark.parametrize("replicates", [0, -3, 1.5, True])
def test_bad_replicates(example: Example, replicates: Any) -> None:
    """replicates must be a positive integer."""
    with pytest.raises(InputError, match="replicates must be a positive integer"):
        resample(example[0], replicates=replicates)
