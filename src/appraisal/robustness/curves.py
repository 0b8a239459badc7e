"""Scores as functions of one group's share: ``(n0 + n1·w) / (d0 + d1·w)`` per unit.

Vary the share `w` of a group among its siblings (the others keep their proportions and
share ``1 - w``). The parent's score is a ratio of two linear functions of `w` (absent
siblings are renormalised away unit by unit), and every ancestor that takes the weighted
mean keeps that form, so the base score and every tie-break key built the same way are
linear-fractional in `w`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from appraisal._typing import FloatArray
from appraisal.errors import InputError
from appraisal.model.raters import RaterGroup
from appraisal.robustness.setting import Setting, rule_name

__all__ = ["Curve", "Curves", "curves"]


class Curve(NamedTuple):
    """``(n0 + n1·w) / (d0 + d1·w)`` per unit, each coefficient ``(n_units,)``."""

    n0: FloatArray
    n1: FloatArray
    d0: FloatArray
    d1: FloatArray

    def at(self, w: FloatArray) -> FloatArray:
        """(m, n_units): the values at the shares `w` ``(m,)``."""
        w = w[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            values: FloatArray = (self.n0 + self.n1 * w) / (self.d0 + self.d1 * w)
        return values


class Curves(NamedTuple):
    """The base score and the tie-break keys that move with the share."""

    nominal: float
    base: Curve
    criteria: dict[str, Curve]
    groups: dict[int, Curve]
    """Scores of the groups on the path to the root (by position in ``result.groups``)."""


def curves(found: Setting, g: int, *, what: str) -> Curves | None:
    """The curves of group `g`'s share; None when the closed form does not hold.

    Raises
    ------
    InputError
        For the root, for a member of a median or trimmed group, or for a group
        without siblings.
    """
    result = found.result
    scheme = result.scheme
    if g == 0:
        message = f"{what}: {result.groups[0]!r} is the root: it has no share to vary; name one of its member groups."
        raise InputError(message)
    name = result.groups[g]
    by_name = {group.name: group for group in scheme.groups}
    parent = by_name[scheme.parents[name]]
    if parent.rule != "mean":
        message = f"{what}: {name!r} is a member of {parent.name!r}, which takes the {rule_name(parent)}: its members carry no weight to vary."
        raise InputError(message)
    if len(parent.members) < 2:
        message = (
            f"{what}: {name!r} is the only member of {parent.name!r}: there is no share to trade."
        )
        raise InputError(message)
    path = [parent]
    while path[-1].name in scheme.parents:
        path.append(by_name[scheme.parents[path[-1].name]])
    nested = len(path) > 1
    if any(a.rule != "mean" for a in path[1:]) or (nested and scheme.align_groups):
        return None
    weights = found.shares(parent)
    j = [m.name if isinstance(m, RaterGroup) else m for m in parent.members].index(name)
    nominal = float(weights[j])
    criterion_sources = {c: found.on_criterion(c) for c in found.plan.tie_criteria}
    base, chain = _through(found, path, j, (result.group_scores, result.rater_scores))
    criteria = {c: _through(found, path, j, s)[0] for c, s in criterion_sources.items()}
    return Curves(nominal, base, criteria, chain)


def _through(
    found: Setting, path: list[RaterGroup], j: int, sources: tuple[FloatArray, FloatArray]
) -> tuple[Curve, dict[int, Curve]]:
    """The parent's curve, carried up to the root through weighted means."""
    result = found.result
    parent = path[0]
    omega = found.shares(parent)
    rows = found.member_scores(parent, sources)
    present = ~np.isnan(rows)
    filled = np.where(present, rows, 0.0)
    at0 = np.where(np.arange(len(omega)) == j, 0.0, omega / (1.0 - omega[j]))
    at1 = (np.arange(len(omega)) == j).astype(np.float64)
    n0, d0 = at0 @ filled, at0 @ present
    n1, d1 = at1 @ filled - n0, at1 @ present - d0
    chain = {
        result.groups.index(parent.name): _absent(Curve(n0, n1, d0, d1), parent, sources, found)
    }
    child = parent
    for ancestor in path[1:]:
        omega = found.shares(ancestor)
        rows = found.member_scores(ancestor, sources)
        present = ~np.isnan(rows)
        k = [m.name if isinstance(m, RaterGroup) else m for m in ancestor.members].index(child.name)
        others = np.arange(len(omega)) != k
        rest = (omega * others) @ np.where(present, rows, 0.0)
        mass = omega @ present
        beta = omega[k] * present[k]
        n0, n1, d0, d1 = rest * d0 + beta * n0, rest * d1 + beta * n1, mass * d0, mass * d1
        chain[result.groups.index(ancestor.name)] = _absent(
            Curve(n0, n1, d0, d1), ancestor, sources, found
        )
        child = ancestor
    return chain.pop(0), chain


def _absent(
    curve: Curve, group: RaterGroup, sources: tuple[FloatArray, FloatArray], found: Setting
) -> Curve:
    """NaN where the group is absent (too few members for its quorum): ``0 / 0``."""
    gone = np.isnan(sources[0][found.result.groups.index(group.name)])
    return Curve(*(np.where(gone, 0.0, c) for c in curve))
