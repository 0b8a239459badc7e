"""Resampling raters: how the places, tiers and scores would spread with another panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from attrs import field, frozen

from appraisal._typing import FloatArray, IntArray, array_equal, float_array
from appraisal.errors import InputError
from appraisal.result.frames import Column, place_shares, to_frame
from appraisal.result.manifest import Manifest
from appraisal.robustness import places
from appraisal.robustness.display import fields_as_data, resampled_html, resampled_summary
from appraisal.robustness.draws import BLOCK, Progress, Totals, check_count, row_parts, run_blocks
from appraisal.robustness.replicates import (
    bootstrap_seats,
    evaluation,
    jackknife_seats,
    replicate,
)
from appraisal.robustness.setting import setting

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["Resampled", "resample"]

_ARRAY_EQ = attrs.cmp_using(eq=array_equal)


@frozen(repr=False)
class Resampled:
    """What :func:`resample` returns.

    Attributes
    ----------
    units : tuple of str
    tiers : tuple of str
    method : {"bootstrap", "jackknife"}
    replicates : int
    seed : int or None
    evaluation : {"linear", "refold", "re-run"}
        How each replicate's base scores were found: matrix products with draw counts
        (weighted means), a refold over seats (medians, trimmed means), or re-running
        the rater side (aligned groups).
    rank_acceptability : ndarray of float64, shape (n_units, n_places)
    tier_probability : ndarray of float64, shape (n_units, n_tiers)
    score_se : ndarray of float64, shape (n_units,)
        The standard error of the published score: the replicates' standard deviation
        (bootstrap) or ``sqrt((n - 1) / n · Σ (θi - θ̄)²)`` (jackknife).
    incomplete : ndarray of float64, shape (n_units,)
        The share of replicates in which the unit lost a whole top-level group (then
        renormalised away, as under ``missing_groups="renormalize"``).
    manifest : Manifest
        The result's manifest, with this analysis's options and seed.
    """

    units: tuple[str, ...]
    tiers: tuple[str, ...]
    method: str
    replicates: int
    seed: int | None
    evaluation: str
    rank_acceptability: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    tier_probability: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    score_se: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    incomplete: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    manifest: Manifest = field(kw_only=True, repr=False)

    def __repr__(self) -> str:
        return f"<Resampled: {resampled_summary(self)}>"

    def _repr_html_(self) -> str:
        return resampled_html(self)

    def rank_interval(self, level: float = 0.9) -> FloatArray:
        """(n_units, 2): the percentile interval of places at `level`."""
        return places.interval(self.rank_acceptability, places.check_level(level, "rank_interval"))

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain data (arrays as nested lists, NaN as None), ready for JSON."""
        return fields_as_data(self)

    def to_frame(self, kind: str = "rank_acceptability", backend: str = "pandas") -> Any:
        """A pandas or polars DataFrame (see :mod:`appraisal.result.frames`).

        `kind`: ``"rank_acceptability"`` (unit, place, share), ``"tier_probability"``
        (unit, tier, share) or ``"units"`` (unit, score_se, incomplete).

        Examples
        --------
        >>> import appraisal as ap
        >>> sheet = ap.ScoreSheet.from_records(
        ...     [(r, u, "score", s) for r, u, s in [("A", "x", 90), ("B", "x", 70), ("A", "y", 80)]])
        >>> out = ap.robustness.resample(ap.appraise(sheet, ap.Scheme(["A", "B"])), method="jackknife")
        >>> out.to_frame("units")
          unit  score_se  incomplete
        0    x      10.0         0.0
        1    y       NaN         0.0
        """
        kinds = place_shares(self.units, self.rank_acceptability, self.tiers, self.tier_probability)
        kinds["units"] = lambda: {
            "unit": Column(self.units),
            "score_se": Column(self.score_se, "number"),
            "incomplete": Column(self.incomplete, "number"),
        }
        return to_frame("Resampled.to_frame", kind, backend, kinds)


def resample(
    result: Appraisal,
    *,
    method: str = "bootstrap",
    replicates: int = 1000,
    seed: int | None = 0,
    previous: Appraisal | None = None,
    progress: Progress = None,
    scheduler: Any = None,
    chunk_blocks: int = 1,
) -> Resampled:
    """Resample the raters within their groups and publish each replicate.

    Bootstrap: the raters of each group below the root are drawn with replacement
    within the group, keeping its size (stratified; the top-level groups and raters
    directly under the root are kept). Under weighted means a replicate equals
    :func:`~appraisal.appraise` with member weights multiplied by the draw counts (the
    scores of a rater drawn 0 times deleted); under a median or trimmed mean a rater
    drawn twice counts as two equal scores. Jackknife: each rater left out once
    (``replicates`` is then the number of raters), as
    :func:`~appraisal.reliability.leave_one_out` does.

    Parameters
    ----------
    result : Appraisal
    method : {"bootstrap", "jackknife"}, default "bootstrap"
    replicates : int, default 1000
    seed : int or None, default 0
    previous : Appraisal, optional
        For a ``previous_rank`` tie-break.
    progress, scheduler, chunk_blocks
        As for :func:`~appraisal.robustness.smaa`.

    Examples
    --------
    >>> import appraisal as ap
    >>> from appraisal.data import appraise_example
    >>> out = ap.robustness.resample(appraise_example()[0], replicates=200)
    >>> out.evaluation, out.rank_interval(0.9).shape
    ('refold', (18, 2))
    """
    what = "resample"
    if method not in ("bootstrap", "jackknife"):
        message = f"{what}: method must be 'bootstrap' or 'jackknife'; got {method!r}."
        raise InputError(message)
    replicates = check_count(replicates, "replicates", what)
    chunk_blocks = check_count(chunk_blocks, "chunk_blocks", what)
    found = setting(result, previous)
    n_raters = len(result.raters)
    if method == "jackknife":
        replicates = n_raters
    n, n_places = len(result.units), places.n_places(found.rules.categories)
    n_tiers = len(result.scheme.tiers)
    halves = found.rules.ties == "average"
    top = [
        result.groups.index(m.name) for m in result.scheme.raters.members if not isinstance(m, str)
    ]
    full_top = ~np.isnan(result.group_scores[top])
    reference = result.score
    n_counts = n * (n_places + n_tiers + 2)

    def kernel(ids: IntArray, sizes: IntArray, seeds: list[np.random.SeedSequence]) -> Totals:
        counts = np.zeros(n_counts)
        sums = np.zeros((len(ids), 2 * n))
        for b, (block, size, block_seed) in enumerate(
            zip(ids.tolist(), sizes.tolist(), seeds, strict=True)
        ):
            if method == "jackknife":
                start = block * BLOCK
                seats = jackknife_seats(n_raters, np.arange(start, start + size))
            else:
                seats = bootstrap_seats(found, np.random.default_rng(block_seed), size)
            for part in row_parts(size, n):  # cache-sized slices of the block's replicates
                made = replicate(found, seats[part])
                published = found.published(made.base)
                world = found.places(made.base, group_scores=made.group_scores, score=published)
                lost = (np.isnan(made.group_scores[:, top]) & full_top).any(axis=1)
                places.add_places(counts[: n * n_places], world.rank, n_places, halves=halves)
                places.add_tiers(
                    counts[n * n_places : n * (n_places + n_tiers)], world.tier, n_tiers
                )
                counts[n * (n_places + n_tiers) : n * (n_places + n_tiers + 1)] += lost.sum(axis=0)
                counts[n * (n_places + n_tiers + 1) :] += (~np.isnan(published)).sum(axis=0)
                deviation = published - reference
                sums[b, :n] += np.nansum(deviation, axis=0)
                sums[b, n:] += np.nansum(deviation**2, axis=0)
        return Totals(counts, sums)

    counts, sums = run_blocks(
        kernel, replicates, seed=seed, n_counts=n_counts, n_sums=2 * n,
        chunk_blocks=chunk_blocks, progress=progress, scheduler=scheduler, what=what,
    )  # fmt: skip
    valid = counts[n * (n_places + n_tiers + 1) :]
    total, squares = sums[:n], sums[n:]
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = squares - total**2 / valid  # Σ(θ - θ̄)²
        if method == "jackknife":
            se = np.sqrt((valid - 1) / valid * spread)
        else:
            se = np.sqrt(spread / (valid - 1))
    return Resampled(
        units=result.units,
        tiers=found.tier_names,
        method=method,
        replicates=replicates,
        seed=None if method == "jackknife" else seed,
        evaluation=evaluation(found),
        rank_acceptability=places.share_rows(counts[: n * n_places].reshape(n, n_places)),
        tier_probability=places.share_rows(
            counts[n * n_places : n * (n_places + n_tiers)].reshape(n, n_tiers)
        ),
        score_se=np.where(valid > 1, np.maximum(se, 0.0), np.nan),
        incomplete=counts[n * (n_places + n_tiers) : n * (n_places + n_tiers + 1)] / replicates,
        manifest=result.manifest.derived(
            options={"analysis": what, "method": method, "replicates": replicates},
            seed=None if method == "jackknife" else seed,
        ),
    )
