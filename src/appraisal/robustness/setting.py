"""What publishing a world needs, read once from an appraisal: events, ties, tiers, tie-breaks.

Every robustness analysis changes the base scores (and what they are made of) and asks
what would be published: the :class:`Setting` applies the result's adjustments, rounding,
vetoes, tie-break cascade and tiers to many worlds at once, as
:func:`~appraisal.appraise` does to one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from attrs import frozen

from appraisal import core
from appraisal._text import did_you_mean
from appraisal._typing import BoolArray, FloatArray
from appraisal.errors import InputError
from appraisal.model.raters import RaterGroup, member_name
from appraisal.pipeline.check import event_problems
from appraisal.pipeline.outcome import tie_break_bases
from appraisal.pipeline.plan import Plan, plan
from appraisal.pipeline.problems import tier_limits
from appraisal.pipeline.publication import category_codes, last_ranks
from appraisal.pipeline.rater_side import rater_side

if TYPE_CHECKING:
    from appraisal.result.appraisal import Appraisal

__all__ = ["Setting", "setting"]


@frozen(eq=False)
class Setting:
    """An appraisal's publishing rules as arrays, for worlds of other base scores."""

    result: Appraisal
    plan: Plan
    rules: core.Rules
    offset: FloatArray
    """(n_units,): bonus minus deduction, added before rounding."""
    vetoed: BoolArray
    previous_key: FloatArray | None
    """(n_units,): minus last year's rank, when the cascade uses it."""
    criterion_bases: dict[str, FloatArray]
    """The base score on each tie-break criterion alone, as published."""

    @property
    def decimals(self) -> int | None:
        """The scheme's decimals."""
        return self.result.scheme.decimals

    @property
    def tier_names(self) -> tuple[str, ...]:
        """The scheme's tiers, best first."""
        return tuple(t.name for t in self.result.scheme.tiers)

    def published(self, base: FloatArray) -> FloatArray:
        """Published scores of base scores: offsets, rounding half-up; NaN for an excluded veto."""
        score = base + self.offset
        if self.decimals is not None:
            score = core.round_half_up(score, self.decimals)
        if self.result.scheme.veto == "exclude":
            score = np.where(self.vetoed, np.nan, score)
        return score

    def places(
        self,
        base: FloatArray,
        *,
        group_scores: FloatArray | None = None,
        criterion_bases: dict[str, FloatArray] | None = None,
        published: bool = False,
        score: FloatArray | None = None,
    ) -> core.WorldPlaces:
        """Ranks and tiers of worlds of base scores ``(m, n_units)``.

        `group_scores` ``(m, n_groups, n_units)`` and `criterion_bases` (each
        ``(m, n_units)``) feed the tie-break steps that name a group or a criterion;
        by default they are the appraisal's own (the root's is the world's base).
        With `published`, `base` holds published scores, and the root's key is the
        appraisal's own base; `score` gives the published scores of `base` when they are
        at hand.
        """
        scheme = self.result.scheme
        keys: list[FloatArray] = []
        for step in scheme.tie_break:
            if step == "previous_rank":
                assert self.previous_key is not None
                keys.append(self.previous_key)
            elif step[0] == "group":
                g = self.result.groups.index(step[1])
                if g == 0:
                    key = self.result.base if published else base
                elif group_scores is None:
                    key = self.result.group_scores[g]
                else:
                    key = group_scores[:, g]
                keys.append(self._rounded(key))
            else:
                chosen = criterion_bases or self.criterion_bases
                keys.append(self._rounded(chosen[step[1]]))
        if score is None:
            score = base if published else self.published(base)
        return core.world_places(score, self.rules, keys=keys, decimals=self.decimals)

    def _rounded(self, values: FloatArray) -> FloatArray:
        return values if self.decimals is None else core.round_half_up(values, self.decimals)

    def top_level(self) -> tuple[tuple[str, ...], FloatArray, FloatArray]:
        """The root's members: names, scores ``(k, n_units)`` and normalised weights ``(k,)``.

        Raises
        ------
        InputError
            When the root takes the median or a trimmed mean (its members carry no weight).
        """
        root = self.result.scheme.raters
        if root.rule != "mean":
            message = f"robustness: the root group {root.name!r} takes the {rule_name(root)}: its members carry no weight to vary."
            raise InputError(message)
        names = tuple(member_name(m) for m in root.members)
        return names, self.member_scores(root), self.shares(root)

    def shares(self, group: RaterGroup) -> FloatArray:
        """(members,): a weighted-mean group's normalised member weights, as the fold reads them."""
        spec = self.plan.specs[self.plan.tree_order[self.result.groups.index(group.name)]]
        normalised: FloatArray = spec.weights / spec.weights.sum()
        return normalised

    def member_scores(
        self, group: RaterGroup, sources: tuple[FloatArray, FloatArray] | None = None
    ) -> FloatArray:
        """(members, n_units): each member's score (a group's, or a rater's as it entered the fold).

        `sources` are other ``(group_scores, rater_scores)`` to read, such as
        :meth:`on_criterion`'s; by default the appraisal's own.
        """
        result = self.result
        groups, raters = sources or (result.group_scores, result.rater_scores)
        rows = [
            groups[result.groups.index(m.name)]
            if isinstance(m, RaterGroup)
            else raters[result.raters.index(m)]
            for m in group.members
        ]
        return np.array(rows).reshape(len(rows), len(result.units))

    def on_criterion(self, criterion: str) -> tuple[FloatArray, FloatArray]:
        """Group and rater scores on one criterion alone, as the tie-break step folds them."""
        the_plan = self.plan
        values = the_plan.criterion_scores(self.result.sheet.values, criterion)
        scores, folded, _ = rater_side(values, the_plan)
        return folded.group_scores[the_plan.tree_order], scores

    def under(self) -> BoolArray:
        """(n_groups, n_raters): which raters each group holds."""
        result = self.result
        inside = np.zeros((len(result.groups), len(result.raters)), dtype=bool)
        for g, group in enumerate(self.result.scheme.groups):
            inside[g, [result.raters.index(r) for r in group.rater_names()]] = True
        return inside

    def group(self, name: str, *, what: str) -> int:
        """The position of a group in :attr:`Appraisal.groups`, or an error naming the choices."""
        groups = self.result.groups
        if name not in groups:
            known = ", ".join(repr(g) for g in groups[1:])
            message = (
                f"{what}: unknown group {name!r} (groups: {known}){did_you_mean(name, groups)}"
            )
            raise InputError(message)
        return groups.index(name)


def setting(result: Appraisal, previous: Appraisal | None = None) -> Setting:
    """Read an appraisal's publishing rules; `previous` (or the result's ranks) breaks ties."""
    scheme, units = result.scheme, result.units
    last = result.previous_ranks if previous is None else last_ranks(previous)
    found = event_problems(scheme, units, (), (), last)
    if found:
        raise found[0].error()
    vetoed = np.isin(np.array(units), [v.unit for v in result.vetoes])
    names, codes = category_codes(result.categories)
    scored = ~np.isnan(result.base)
    rules = core.Rules(
        categories=codes,
        ties=scheme.ties,
        lead=(~vetoed).astype(np.float64) if scheme.veto == "rank_last" else None,
    )
    if scheme.tiers:
        sizes = np.bincount(codes, minlength=max(len(names), 1))
        limits, _ = tier_limits(scheme, sizes.tolist(), names)
        rules = rules._replace(
            eligible=~vetoed,
            last=vetoed & scored if scheme.veto != "exclude" else None,
            min_scores=np.array(
                [-np.inf if t.min_score is None else t.min_score for t in scheme.tiers]
            ),
            capacity=np.array(limits, dtype=np.intp).reshape(len(sizes), len(scheme.tiers)),
            include_ties=scheme.quota_ties == "include",
        )
    previous_key = None
    if last is not None and "previous_rank" in scheme.tie_break:
        previous_key = -np.array([last.get(u, np.nan) for u in units])
    the_plan = plan(scheme, units)
    return Setting(
        result=result,
        plan=the_plan,
        rules=rules,
        offset=result.bonus - result.deduction,
        vetoed=vetoed,
        previous_key=previous_key,
        criterion_bases=tie_break_bases(result.sheet.values, the_plan),
    )


def rule_name(group: RaterGroup) -> str:
    """How messages name a group's rule."""
    return {"mean": "weighted mean", "median": "median"}.get(str(group.rule), "trimmed mean")
