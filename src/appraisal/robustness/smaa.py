"""SMAA over weights: how the places and tiers spread when the group shares are drawn."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
from attrs import field, frozen

from appraisal import core
from appraisal._typing import FloatArray, IntArray, array_equal, float_array
from appraisal.errors import InputError
from appraisal.result.frames import Column, grid, place_shares, to_frame
from appraisal.result.manifest import Manifest
from appraisal.robustness import places
from appraisal.robustness.display import fields_as_data, smaa_html, smaa_summary
from appraisal.robustness.draws import Progress, Totals, check_count, row_parts, run_blocks
from appraisal.robustness.sampling import weight_law
from appraisal.robustness.setting import Setting, setting

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["SMAA", "smaa"]

_ARRAY_EQ = attrs.cmp_using(eq=array_equal)
_PAIRWISE_UNITS = 200
"""Pairwise winning is counted by default up to this many units (it costs n² per draw)."""


def _optional(value: Any) -> FloatArray | None:
    return None if value is None else float_array(value)


@frozen(repr=False)
class SMAA:
    """What :func:`smaa` returns: the places and tiers over drawn weights.

    Attributes
    ----------
    units : tuple of str
    weights : tuple of str
        The weights drawn: the top-level groups (and the leaf criteria when drawn).
    tiers : tuple of str
    rank_acceptability : ndarray of float64, shape (n_units, n_places)
        The share of draws giving each unit each place within its category (a half
        place under ``average`` ties counts half to each neighbour); rows sum to 1, NaN
        for a unit never ranked.
    tier_probability : ndarray of float64, shape (n_units, n_tiers)
        The share of draws placing the unit in each tier (NaN rows for a unit never
        placed; no columns without tiers).
    pairwise_winning : ndarray of float64, shape (n_units, n_units) or None
        ``[u, v]``: the share of draws ranking `u` ahead of `v` (NaN across categories).
        None when not counted (more than 200 units unless ``pairwise=True``).
    central_weights : ndarray of float64, shape (n_units, n_weights)
        The mean weights of the draws that give the unit first place (NaN if none does).
    draws, seed : int
    law : str
        ``"dirichlet"`` or ``"uniform"``.
    manifest : Manifest
        The result's manifest, with this analysis's options and seed.
    """

    units: tuple[str, ...]
    weights: tuple[str, ...]
    tiers: tuple[str, ...]
    rank_acceptability: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    tier_probability: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    pairwise_winning: FloatArray | None = field(converter=_optional, eq=_ARRAY_EQ, repr=False)
    central_weights: FloatArray = field(converter=float_array, eq=_ARRAY_EQ, repr=False)
    draws: int
    seed: int | None
    law: str
    manifest: Manifest = field(kw_only=True, repr=False)

    def __repr__(self) -> str:
        return f"<SMAA: {smaa_summary(self)}>"

    def _repr_html_(self) -> str:
        return smaa_html(self)

    def rank_interval(self, level: float = 0.9) -> FloatArray:
        """(n_units, 2): the places that hold the central `level` share of the draws.

        Examples
        --------
        >>> import appraisal as ap
        >>> from appraisal.data import appraise_example
        >>> out = ap.robustness.smaa(appraise_example()[0], draws=2048)
        >>> out.rank_interval(0.9).shape
        (18, 2)
        """
        return places.interval(self.rank_acceptability, places.check_level(level, "rank_interval"))

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain data (arrays as nested lists, NaN as None), ready for JSON."""
        return fields_as_data(self)

    def to_frame(self, kind: str = "rank_acceptability", backend: str = "pandas") -> Any:
        """An array in long form as a pandas or polars DataFrame (:mod:`appraisal.result.frames`).

        `kind`: ``"rank_acceptability"`` (unit, place, share), ``"tier_probability"``
        (unit, tier, share), ``"central_weights"`` (unit, weight, central_weight) or, when
        counted, ``"pairwise_winning"`` (unit, other, share: `unit` ahead of `other`).

        Examples
        --------
        >>> import appraisal as ap
        >>> sheet = ap.ScoreSheet.from_records([("A", "x", "score", 90), ("B", "y", "score", 80)])
        >>> out = ap.robustness.smaa(ap.appraise(sheet, ap.Scheme(["A", "B"])), draws=1024)
        >>> out.to_frame()
          unit  place  share
        0    x      1    1.0
        1    x      2    0.0
        2    y      1    0.0
        3    y      2    1.0
        """
        unit = ("unit", Column(self.units))
        kinds = place_shares(self.units, self.rank_acceptability, self.tiers, self.tier_probability)
        kinds["central_weights"] = lambda: grid(
            unit,
            ("weight", Column(self.weights)),
            central_weight=Column(self.central_weights, "number"),
        )
        if self.pairwise_winning is not None:
            pairwise = Column(self.pairwise_winning, "number")
            kinds["pairwise_winning"] = lambda: grid(
                unit, ("other", Column(self.units)), share=pairwise
            )
        return to_frame("SMAA.to_frame", kind, backend, kinds)


def smaa(
    result: Appraisal,
    *,
    groups: str = "dirichlet",
    criteria: str | None = None,
    draws: int = 10_000,
    seed: int | None = 0,
    concentration: float = 100.0,
    bounds: Mapping[str, tuple[float, float]] | None = None,
    pairwise: bool | None = None,
    previous: Appraisal | None = None,
    progress: Progress = None,
    scheduler: Any = None,
    chunk_blocks: int = 1,
) -> SMAA:
    """Draw the top-level group shares (and optionally the criterion weights) and rank each draw.

    Each draw is published as :func:`~appraisal.appraise` would publish it: the base
    score is the draw's weighted mean of the top-level groups' scores (renormalised over
    the groups a unit has), then adjustments, rounding, vetoes, the tie method and
    tie-break cascade, and tiers apply. The group scores do not depend on the top-level
    shares, so a draw costs one matrix product.

    Parameters
    ----------
    result : Appraisal
    groups : {"dirichlet", "uniform"}, default "dirichlet"
        Dirichlet with parameters ``concentration × nominal share`` (mean at the
        nominal shares; the larger `concentration`, the closer the draws; ``inf`` keeps
        the nominal shares), or uniform on the simplex.
    criteria : {"dirichlet", "uniform"}, optional
        Also draw the leaf criterion weights (same law parameters); needs every group
        to take the weighted mean, no standardisation or alignment, and every present
        rater to have scored every criterion.
    draws : int, default 10,000
    seed : int or None, default 0
    concentration : float, default 100
    bounds : mapping of name to (low, high), optional
        Keep only draws whose shares lie within these bounds (rejection sampling).
    pairwise : bool, optional
        Count pairwise winning (default: up to 200 units).
    previous : Appraisal, optional
        For a ``previous_rank`` tie-break.
    progress : True or callable, optional
        A tqdm bar (extra ``progress``) or ``progress(done, total)`` after each chunk.
    scheduler : distributed.Client or {"threads", "processes", "synchronous"}, optional
        Run the chunks with Dask (extra ``dask``); the result is the same bit for bit.
    chunk_blocks : int, default 1
        Blocks of 1,024 draws per chunk.

    Examples
    --------
    >>> import appraisal as ap
    >>> from appraisal.data import appraise_example
    >>> current, _ = appraise_example()
    >>> out = ap.robustness.smaa(current, draws=4096, seed=1)
    >>> bool(np.allclose(np.nansum(out.rank_acceptability, axis=1)[~np.isnan(current.rank)], 1))
    True
    """
    what = "smaa"
    draws = check_count(draws, "draws", what)
    chunk_blocks = check_count(chunk_blocks, "chunk_blocks", what)
    found = setting(result, previous)
    names, members, nominal = found.top_level()
    if len(names) < 2:
        message = f"{what}: the root {result.groups[0]!r} has one member: there are no group shares to vary."
        raise InputError(message)
    law = weight_law(names, nominal, groups, concentration=concentration, bounds=bounds, what=what)
    root = result.scheme.raters
    by_criterion = {
        name: found.member_scores(root, found.on_criterion(name))
        for name in found.plan.tie_criteria
    }
    weights = names
    criterion_law = None
    if criteria is not None:
        leaves = result.scheme.criterion_names
        _check_bilinear(found, what)
        criterion_law = weight_law(
            leaves, found.plan.criterion_weights, criteria, concentration=concentration,
            bounds=None, what=what,
        )  # fmt: skip
        by_criterion |= {
            name: found.member_scores(root, found.on_criterion(name)) for name in leaves
        }
        weights = (*names, *leaves)
    n, n_places = len(result.units), places.n_places(found.rules.categories)
    n_tiers = len(result.scheme.tiers)
    halves = found.rules.ties == "average"
    count_pairs = n <= _PAIRWISE_UNITS if pairwise is None else bool(pairwise)
    present = (~np.isnan(members)).astype(np.float64)
    filled = np.nan_to_num(members)
    stacked = np.array([np.nan_to_num(by_criterion[c]) for c in weights[len(names) :]])

    def _publish(drawn: FloatArray) -> core.WorldPlaces:
        """Places and tiers of worlds of drawn group shares (and criterion weights)."""
        shares = drawn[:, : len(names)]
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = 1.0 / (shares @ present)
            if criterion_law is None:
                base = (shares @ filled) * scale
            else:
                leaf = drawn[:, len(names) :]
                base = np.einsum("sg,sc,cgu->su", shares, leaf, stacked) * scale
            keys = {c: (shares @ np.nan_to_num(v)) * scale for c, v in by_criterion.items()}
        return found.places(base, criterion_bases=keys)

    def kernel(ids: IntArray, sizes: IntArray, seeds: list[np.random.SeedSequence]) -> Totals:
        counts = np.zeros(n * (n_places + n_tiers + 1) + (n * n if count_pairs else 0))
        sums = np.zeros((len(ids), n * len(weights)))
        for b, (size, block_seed) in enumerate(zip(sizes.tolist(), seeds, strict=True)):
            rng = np.random.default_rng(block_seed)
            shares = law.draw(rng, size)
            drawn = (
                shares
                if criterion_law is None
                else np.hstack([shares, criterion_law.draw(rng, size)])
            )
            for part in row_parts(size, n):  # cache-sized slices of the block's worlds
                rank, tier = _publish(drawn[part])
                first = rank == 1.0
                places.add_places(counts[: n * n_places], rank, n_places, halves=halves)
                places.add_tiers(counts[n * n_places : n * (n_places + n_tiers)], tier, n_tiers)
                counts[n * (n_places + n_tiers) : n * (n_places + n_tiers + 1)] += first.sum(axis=0)
                if count_pairs:
                    counts[n * (n_places + n_tiers + 1) :] += _ahead(rank).ravel()
                sums[b] += (first.T.astype(np.float64) @ drawn[part]).ravel()
        return Totals(counts, sums)

    counts, sums = run_blocks(
        kernel, draws, seed=seed, n_counts=n * (n_places + n_tiers + 1) + (n * n if count_pairs else 0),
        n_sums=n * len(weights), chunk_blocks=chunk_blocks, progress=progress,
        scheduler=scheduler, what=what,
    )  # fmt: skip
    acceptability = counts[: n * n_places].reshape(n, n_places)
    tier = counts[n * n_places : n * (n_places + n_tiers)].reshape(n, n_tiers)
    first = counts[n * (n_places + n_tiers) : n * (n_places + n_tiers + 1)]
    with np.errstate(invalid="ignore", divide="ignore"):
        central = sums.reshape(n, len(weights)) / first[:, None]
    pairs = None
    if count_pairs:
        pairs = counts[n * (n_places + n_tiers + 1) :].reshape(n, n) / draws
        codes = found.rules.categories
        pairs[codes[:, None] != codes[None, :]] = np.nan
    return SMAA(
        units=result.units,
        weights=weights,
        tiers=found.tier_names,
        rank_acceptability=places.share_rows(acceptability),
        tier_probability=places.share_rows(tier),
        pairwise_winning=pairs,
        central_weights=central,
        draws=draws,
        seed=seed,
        law=groups,
        manifest=result.manifest.derived(
            options={
                "analysis": what, "groups": groups, "criteria": criteria, "draws": draws,
                "concentration": concentration, "pairwise": count_pairs,
                "bounds": None if bounds is None else {k: list(v) for k, v in bounds.items()},
            },
            seed=seed,
        ),
    )  # fmt: skip


def _ahead(rank: FloatArray) -> FloatArray:
    """(n, n): in how many worlds `u` is ranked ahead of `v` (in chunks of worlds)."""
    m, n = rank.shape
    filled = np.where(np.isnan(rank), np.inf, rank)
    step = max(1, 20_000_000 // max(n * n, 1))
    out = np.zeros((n, n))
    for start in range(0, m, step):  # chunks of worlds, to bound memory
        part = filled[start : start + step]
        out += (part[:, :, None] < part[:, None, :]).sum(axis=0)
    return out


def _check_bilinear(found: Setting, what: str) -> None:
    """Drawing criterion weights needs a base bilinear in group shares and criterion weights."""
    result = found.result
    values = result.sheet.values
    partial = ~np.isnan(values).all(axis=2) & np.isnan(values).any(axis=2)
    if not found.plan.mean_tree or partial.any():
        message = f"{what}: criteria= needs every group to take the weighted mean, no standardisation or alignment, and every rater to score every criterion of the units it scored (then the base score is linear in the criterion weights)."
        raise InputError(message)
