"""Tipping points: how far one group's share can move before a published rank or tier changes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs
import numpy as np
from attrs import frozen

from appraisal._typing import BoolArray, FloatArray
from appraisal.errors import InputError
from appraisal.result.frames import Column, to_frame
from appraisal.result.manifest import Manifest
from appraisal.robustness.curves import Curve, Curves, curves
from appraisal.robustness.display import fields_as_data, tipping_html, tipping_summary
from appraisal.robustness.setting import Setting, setting

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["TippingEvent", "TippingPoints", "tipping_points"]

_PROBES = 4096
"""Candidate points evaluated at once."""


class State(NamedTuple):
    """Ranks and tiers of worlds ``(m, n_units)``."""

    rank: FloatArray
    tier: FloatArray


@frozen
class TippingEvent:
    """A change point: at `weight`, what changes and for which units."""

    weight: float
    changes: str
    """``"rank"``, ``"tier"`` or ``"rank and tier"``."""
    units: tuple[str, ...]


@frozen(eq=False, repr=False)
class TippingPoints:
    """What :func:`tipping_points` returns.

    Attributes
    ----------
    group : str
    nominal : float
        The group's share among its siblings today.
    ranking : (float, float)
        The interval of shares around `nominal` over which every published rank and
        tier stays the same; its ends are change points, or 0 or 1.
    tiers : (float, float)
        The same for the tiers alone.
    method : {"exact", "re-run"}
        Closed-form curves with candidate change points confirmed by publishing them,
        or (a nested group under ``align_groups``) the rater side re-run at each probe.
    manifest : Manifest
        The result's manifest, with this analysis's options.
    """

    group: str
    nominal: float
    ranking: tuple[float, float]
    tiers: tuple[float, float]
    method: str
    _probe: Probe = attrs.field(repr=False, alias="probe")
    manifest: Manifest = attrs.field(kw_only=True, repr=False)

    def __repr__(self) -> str:
        return f"<TippingPoints: {tipping_summary(self)}>"

    def _repr_html_(self) -> str:
        return tipping_html(self)

    def top(self, k: int) -> tuple[float, float]:
        """The interval over which the set of the top `k` of every category stays the same."""
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
            message = f"top: k must be a positive integer; got {k!r}."
            raise InputError(message)
        return self._probe.interval(lambda s: s.rank <= k)

    @cached_property
    def events(self) -> tuple[TippingEvent, ...]:
        """Every change point in [0, 1], in order (computed on first access)."""
        return self._probe.events()

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain data, with the change points (:attr:`events`), ready for JSON."""
        return {**fields_as_data(self), "events": [attrs.asdict(e) for e in self.events]}

    def to_frame(self, kind: str = "events", backend: str = "pandas") -> Any:
        """:attr:`events` as a pandas or polars DataFrame: a row per event and unit moved.

        Columns ``weight``, ``changes`` (ordered rank, tier, rank and tier) and ``unit``;
        see :mod:`appraisal.result.frames`.
        """
        events = [(e.weight, e.changes, unit) for e in self.events for unit in e.units]
        kinds = {
            "events": lambda: {
                "weight": Column([e[0] for e in events], "number"),
                "changes": Column([e[1] for e in events], "ordered", _CHANGES),
                "unit": Column([e[2] for e in events]),
            }
        }
        return to_frame("TippingPoints.to_frame", kind, backend, kinds)


_CHANGES = ("rank", "tier", "rank and tier")


class Probe:
    """Publishes the worlds of given shares, and searches them for change points."""

    def __init__(self, found: Setting, g: int, shapes: Curves | None, nominal: float) -> None:
        self.found, self.g, self.shapes, self.nominal = found, g, shapes, nominal
        self.start = self.state(np.array([nominal]))

    def state(self, w: FloatArray) -> State:
        """Ranks and tiers at the shares `w` ``(m,)``."""
        found = self.found
        if self.shapes is None:
            base, groups, criteria = _rerun(found, self.g, w)
        else:
            base = self.shapes.base.at(w)
            criteria = {c: curve.at(w) for c, curve in self.shapes.criteria.items()}
            groups = None
            if self.shapes.groups:
                groups = np.broadcast_to(
                    found.result.group_scores, (len(w), *found.result.group_scores.shape)
                ).copy()
                for index, curve in self.shapes.groups.items():
                    groups[:, index] = curve.at(w)
        placed = found.places(base, group_scores=groups, criterion_bases=criteria or None)
        return State(placed.rank, placed.tier.astype(np.float64))

    def candidates(self, low: float, high: float) -> FloatArray:
        """Every point in [low, high] where a published value may change, and both ends."""
        if self.shapes is None:
            return np.linspace(low, high, 17)  # a grid, refined by bisection
        found = self.found
        step = None if found.decimals is None else 10.0**-found.decimals
        moving: list[tuple[Curve, Any]] = [(self.shapes.base, found.offset)]
        moving += [(c, 0.0) for c in self.shapes.criteria.values()]
        moving += [(c, 0.0) for c in self.shapes.groups.values()]
        points = [_crossings(curve, offset, low, high, step) for curve, offset in moving]
        if step is None:
            points.append(_thresholds(self.shapes.base, found, low, high))
        points.append(np.array([low, high]))
        out = np.unique(np.concatenate(points))
        return out[(out >= low) & (out <= high)]

    def interval(self, keep: Callable[[State], Any]) -> tuple[float, float]:
        """The open interval around nominal on which `keep(state)` stays as at nominal."""
        target = np.asarray(keep(self.start))[0]
        ends = []
        for direction in (-1, 1):
            end, last = float(direction > 0), self.nominal
            for point, probe, state in self._walk(direction):
                if not _same(np.asarray(keep(state)), target).all():
                    end = (
                        point
                        if self.shapes is not None
                        else self._bisect(keep, target, last, probe)
                    )
                    break
                last = probe
            ends.append(end)
        return ends[0], ends[1]

    def _bisect(
        self, keep: Callable[[State], Any], target: Any, same: float, other: float
    ) -> float:
        """Without a closed form: narrow the change between two probes by re-runs."""
        for _ in range(40):  # to about 1e-12 of the probe spacing
            middle = (same + other) / 2
            if _same(np.asarray(keep(self.state(np.array([middle])))), target).all():
                same = middle
            else:
                other = middle
        return other

    def _walk(self, direction: int) -> Iterator[tuple[float, float, State]]:
        """From nominal toward 0 or 1: (change point if the state differs, probe, state), in order.

        Probes lie at each candidate and halfway between candidates; a state that
        differs halfway after a candidate changed at that candidate.
        """
        here, width = self.nominal, 1e-3
        limit = float(direction > 0)
        while here != limit:
            there = float(np.clip(here + direction * width, 0.0, 1.0))
            points = self.candidates(min(here, there), max(here, there))
            points = np.sort(points[(points - here) * direction > 0])[::direction]
            if len(points) > _PROBES and width > 1e-12:
                width /= 4
                continue
            before = np.r_[here, points[:-1]]
            probes = np.empty(2 * len(points))
            probes[0::2], probes[1::2] = (before + points) / 2, points
            states = self.state(probes)
            for i, probe in enumerate(probes.tolist()):  # in order, until the caller stops
                point = float(before[i // 2] if i % 2 == 0 else points[i // 2])
                yield point, probe, State(states.rank[i : i + 1], states.tier[i : i + 1])
            here, width = there, width * 2

    def events(self) -> tuple[TippingEvent, ...]:
        """Every change in [0, 1], walking up from 0."""
        units = self.found.result.units
        zero = Probe(self.found, self.g, self.shapes, 0.0)
        previous = zero.start
        out: list[TippingEvent] = []
        for point, _, state in zero._walk(1):
            rank = ~_equal(state.rank, previous.rank)[0]
            tier = ~_equal(state.tier, previous.tier)[0]
            if rank.any() or tier.any():
                what = " and ".join(n for n, c in (("rank", rank), ("tier", tier)) if c.any())
                moved = tuple(units[u] for u in np.flatnonzero(rank | tier))
                if not out or out[-1].weight != point:
                    out.append(TippingEvent(point, what, moved))
                previous = state
        return tuple(out)


def tipping_points(
    result: Appraisal, group: str, *, previous: Appraisal | None = None
) -> TippingPoints:
    """How far `group`'s share among its siblings can move before the published result changes.

    The others keep their proportions and share ``1 - w``. For a top-level group the
    base score is linear in `w` under any rule, standardisation or alignment; for a
    nested group whose ancestors take the weighted mean it is linear-fractional. Then
    every point where a published value can change — a score crossing a rounding
    midpoint (``decimals`` set), two scores crossing (roots of a quadratic,
    ``decimals=None``), a score reaching a tier's least score — is a candidate, and the
    worlds at and between candidates are published with the result's own rules, nearest
    to `nominal` first, until one differs. A nested group under ``align_groups`` has no
    closed form: its probes re-run the rater side (``method="re-run"``).

    Parameters
    ----------
    result : Appraisal
    group : str
        A rater group other than the root, whose parent takes the weighted mean.
    previous : Appraisal, optional
        For a ``previous_rank`` tie-break.

    Examples
    --------
    >>> import appraisal as ap
    >>> from appraisal.data import appraise_example
    >>> current, _ = appraise_example()
    >>> tp = ap.robustness.tipping_points(current, "定量考核部门")
    >>> tp.nominal, tp.ranking[0] < tp.nominal < tp.ranking[1]
    (0.65, True)
    """
    found = setting(result, previous)
    g = found.group(group, what="tipping_points")
    shapes = curves(found, g, what="tipping_points")
    nominal = shapes.nominal if shapes is not None else _nominal_share(found, g)
    probe = Probe(found, g, shapes, nominal)
    return TippingPoints(
        group=group,
        nominal=nominal,
        ranking=probe.interval(lambda s: np.concatenate([s.rank, s.tier], axis=1)),
        tiers=probe.interval(lambda s: s.tier),
        method="exact" if shapes is not None else "re-run",
        probe=probe,
        manifest=result.manifest.derived(options={"analysis": "tipping_points", "group": group}),
    )


def _equal(a: FloatArray, b: FloatArray) -> BoolArray:
    """Entry by entry: equal, NaN equal to NaN."""
    equal: BoolArray = (a == b) | (np.isnan(a) & np.isnan(b))
    return equal


def _same(a: FloatArray, b: FloatArray) -> BoolArray:
    """Row-wise: every entry equal (NaN equal to NaN)."""
    equal: BoolArray = ((a == b) | (np.isnan(a) & np.isnan(b))).all(axis=-1, keepdims=True)
    return equal.reshape(a.shape[0]) if a.ndim > 1 else equal


def _crossings(
    curve: Curve, offset: Any, low: float, high: float, step: float | None
) -> FloatArray:
    """Shares in (low, high] where ``curve + offset`` crosses a rounding midpoint."""
    if step is None:
        return _pairs(curve, offset, low, high)
    ends = curve.at(np.array([low, high])) + offset
    lo, hi = np.nanmin(ends, axis=0), np.nanmax(ends, axis=0)
    ok = ~np.isnan(lo)
    first = np.ceil(lo[ok] / step - 0.5)
    last = np.floor(hi[ok] / step - 0.5)
    count = np.maximum(last - first + 1, 0).astype(np.intp)
    unit = np.repeat(np.flatnonzero(ok), count)
    k = np.repeat(first, count) + (
        np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    )
    level = (k + 0.5) * step - (offset[unit] if np.ndim(offset) else offset)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = (level * curve.d0[unit] - curve.n0[unit]) / (curve.n1[unit] - level * curve.d1[unit])
    crossing: FloatArray = w[np.isfinite(w)]
    return crossing


def _pairs(curve: Curve, offset: Any, low: float, high: float) -> FloatArray:
    """Shares in [low, high] where two units' curves cross (a quadratic per pair)."""
    a = curve.n0 + offset * curve.d0
    b = curve.n1 + offset * curve.d1
    c, d = curve.d0, curve.d1
    out: list[FloatArray] = []
    step = max(1, 4_000_000 // max(len(a), 1))
    for start in range(0, len(a), step):  # chunks of rows of the pair matrix
        s = slice(start, start + step)
        q2 = b[s, None] * d[None] - b[None] * d[s, None]
        q1 = (
            a[s, None] * d[None]
            + b[s, None] * c[None]
            - a[None] * d[s, None]
            - b[None] * c[s, None]
        )
        q0 = a[s, None] * c[None] - a[None] * c[s, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            disc = np.sqrt(q1 * q1 - 4 * q2 * q0)
            linear = -q0 / q1
            roots = [np.where(q2 == 0, linear, (-q1 + disc) / (2 * q2)), (-q1 - disc) / (2 * q2)]
        out.extend(r[np.isfinite(r) & (r >= low) & (r <= high)] for r in roots)
    return np.concatenate(out) if out else np.zeros(0)


def _thresholds(curve: Curve, found: Setting, low: float, high: float) -> FloatArray:
    """Shares where a score reaches a tier's least score."""
    minimum = found.rules.min_scores
    if minimum is None:
        return np.zeros(0)
    out = []
    for t in minimum[np.isfinite(minimum)].tolist():  # a few tiers
        level = t - found.offset
        with np.errstate(invalid="ignore", divide="ignore"):
            w = (level * curve.d0 - curve.n0) / (curve.n1 - level * curve.d1)
        out.append(w[np.isfinite(w) & (w >= low) & (w <= high)])
    return np.concatenate(out) if out else np.zeros(0)


def _nominal_share(found: Setting, g: int) -> float:
    """Group `g`'s normalised weight among its siblings."""
    scheme = found.result.scheme
    name = found.result.groups[g]
    parent = next(x for x in scheme.groups if x.name == scheme.parents[name])
    names = [getattr(m, "name", m) for m in parent.members]
    return float(found.shares(parent)[names.index(name)])


def _rerun(
    found: Setting, g: int, w: FloatArray
) -> tuple[FloatArray, FloatArray, dict[str, FloatArray]]:
    """Base and group scores at each share by re-running the rater side (no closed form)."""
    from appraisal.pipeline.rater_side import rater_side

    result, the_plan = found.result, found.plan
    scheme = result.scheme
    name = result.groups[g]
    parent = result.groups.index(scheme.parents[name])
    spec_index = int(the_plan.tree_order[parent])
    spec = the_plan.specs[spec_index]
    node = len(result.raters) + int(the_plan.tree_order[g])
    j = int(np.flatnonzero(spec.members == node)[0])
    omega = spec.weights / spec.weights.sum()
    values = result.sheet.values
    raw = np.where(the_plan.recused, np.nan, the_plan.rater_scores(values).scores)
    by_criterion = {c: the_plan.criterion_scores(values, c) for c in the_plan.tie_criteria}
    bases, groups = [], []
    criteria: dict[str, list[FloatArray]] = {c: [] for c in by_criterion}
    for share in w.tolist():  # one re-run per probe: no closed form under alignment
        weights = np.where(np.arange(len(omega)) == j, share, (1 - share) * omega / (1 - omega[j]))
        specs = list(the_plan.specs)
        specs[spec_index] = spec._replace(weights=weights)
        moved = attrs.evolve(the_plan, specs=specs)
        folded = rater_side(raw, moved)[1]
        bases.append(folded.base)
        groups.append(folded.group_scores[the_plan.tree_order])
        for c, scores in by_criterion.items():
            criteria[c].append(rater_side(scores, moved)[1].base)
    return np.array(bases), np.array(groups), {c: np.array(v) for c, v in criteria.items()}
