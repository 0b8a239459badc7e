"""Hypothesis strategies: schemes with random rater trees and rules, score cubes with holes."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
from hypothesis import strategies as st

import appraisal as ap
from appraisal._text import name_fault

RULES: list[Any] = ["mean", "median", ap.Trimmed(1)]


@st.composite
def schemes(draw: st.DrawFn, *, rules: list[Any] | None = None, max_groups: int = 3) -> ap.Scheme:
    """A two-level rater tree (root, groups, raters) with random weights and rules."""
    n_groups = draw(st.integers(1, max_groups))
    groups = []
    rater = 0
    for g in range(n_groups):
        rule = draw(st.sampled_from(rules or RULES))
        least = 3 if isinstance(rule, ap.Trimmed) else 1
        n = draw(st.integers(least, 5))
        members = [f"r{rater + i}" for i in range(n)]
        rater += n
        member_weights = (
            {m: draw(st.floats(0.5, 3.0)) for m in members}
            if rule == "mean" and draw(st.booleans())
            else None
        )
        groups.append(
            ap.RaterGroup(
                f"g{g}",
                draw(st.floats(0.1, 1.0)),
                members=members,
                rule=rule,
                member_weights=member_weights,
            )
        )
    n_criteria = draw(st.integers(1, 3))
    criteria = [ap.Criterion(f"c{i}", draw(st.floats(0.1, 1.0))) for i in range(n_criteria)]
    return ap.Scheme(
        raters=groups,
        criteria=criteria,
        decimals=draw(st.sampled_from([None, 0, 1, 2])),
        missing_groups=draw(st.sampled_from(["error", "renormalize"])),
    )


@st.composite
def cubes(
    draw: st.DrawFn, scheme: ap.Scheme, *, n_units: int | None = None, holes: bool = True
) -> np.ndarray:
    """Scores (raters, units, criteria) on 0..100 in steps of 0.5 (so ties occur), NaN holes."""
    n_units = n_units or draw(st.integers(1, 6))
    shape = (len(scheme.rater_names), n_units, len(scheme.criterion_names))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    values = rng.integers(100, 201, size=shape) / 2.0
    if holes:
        values[rng.random(shape) < draw(st.sampled_from([0.0, 0.1, 0.3]))] = np.nan
    unscored = np.isnan(values).all(axis=(0, 1))
    values[0, 0, unscored] = 50.0  # a criterion nobody scored is a problem under any policy
    if scheme.missing_groups == "error":
        _cover_every_group(values, scheme, rng)
    return values


def _cover_every_group(values: np.ndarray, scheme: ap.Scheme, rng: np.random.Generator) -> None:
    """Give every unit that someone scored a score from each top-level group (the "error" policy)."""
    scored = ~np.isnan(values).all(axis=2)
    position = {name: r for r, name in enumerate(scheme.rater_names)}
    for group in scheme.raters.members:
        if not isinstance(group, ap.RaterGroup):
            continue
        rows = [position[name] for name in group.rater_names()]
        lacking = scored.any(axis=0) & ~scored[rows].any(axis=0)
        for u in np.flatnonzero(lacking):
            values[rng.choice(rows), u, 0] = 75.0


def sheet_of(scheme: ap.Scheme, values: np.ndarray) -> ap.ScoreSheet:
    """A sheet in the scheme's order, units u0, u1, ..."""
    units = [f"u{i}" for i in range(values.shape[1])]
    return ap.ScoreSheet.from_array(
        values, raters=scheme.rater_names, units=units, criteria=scheme.criterion_names
    )


# Additions for the file formats (io): deeper schemes, and sheets with awkward labels.

NAME_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cf")), min_size=1, max_size=6
).filter(lambda s: not name_fault(s))
SCHEDULES = [((3, 0), (None, 1)), ((2, 0), (5, 1), (None, 2))]
POSITIVE = st.floats(min_value=1e-300, max_value=1e300, allow_nan=False, allow_infinity=False)
FINITE = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, allow_infinity=False)


@st.composite
def _scale(draw: st.DrawFn) -> tuple[float, float]:
    low, high = sorted(draw(st.lists(FINITE, min_size=2, max_size=2, unique=True)))
    return low, high


def _group(draw: st.DrawFn, name: Any, depth: int) -> ap.RaterGroup:
    n = draw(st.integers(1, 4))
    members: list[Any] = [
        _group(draw, name, depth - 1) if depth > 0 and draw(st.booleans()) else name()
        for _ in range(n)
    ]
    raters = [m for m in members if isinstance(m, str)]
    rule: Any = draw(
        st.sampled_from(
            ["mean", "median", "trimmed", "schedule"] if n >= 3 else ["mean", "median", "schedule"]
        )
    )
    if rule == "trimmed":
        rule = ap.Trimmed(draw(st.integers(1, (n - 1) // 2)))
    elif rule == "schedule":
        rule = ap.Trimmed(schedule=draw(st.sampled_from(SCHEDULES)))
    weights = {r: draw(POSITIVE) for r in raters if draw(st.booleans())}
    return ap.RaterGroup(
        name(),
        draw(POSITIVE),
        members=members,
        rule=rule,
        quorum=draw(st.integers(1, n)),
        member_weights=weights,
    )


def _criterion(draw: st.DrawFn, name: Any, depth: int) -> ap.Criterion:
    children = (
        [_criterion(draw, name, depth - 1) for _ in range(draw(st.integers(1, 3)))]
        if depth > 0 and draw(st.booleans())
        else []
    )
    return ap.Criterion(
        name(),
        draw(POSITIVE),
        scale=draw(_scale()),
        higher_is_better=draw(st.booleans()),
        children=children,
    )


@st.composite
def scheme_trees(draw: st.DrawFn, *, depth: int = 2, policies: bool = True) -> ap.Scheme:
    """Any scheme serial can write: nested groups, every rule, criteria trees, every policy."""
    counter = iter(range(10**6))

    def name() -> str:
        return f"{draw(NAME_TEXT)}·{next(counter)}"  # the counter keeps names unique

    root = _group(draw, name, depth)
    raters: Any = root if draw(st.booleans()) else list(root.members)
    criteria = [_criterion(draw, name, 1) for _ in range(draw(st.integers(1, 3)))]
    scheme = ap.Scheme(
        raters=raters,
        criteria=criteria,
        scale=draw(_scale()),
        missing=draw(st.sampled_from(["renormalize", "error"])),
        missing_groups=draw(st.sampled_from(["error", "renormalize"])),
        decimals=draw(st.sampled_from([None, 0, 1, 2, 3, 6])),
        ties=draw(st.sampled_from(["min", "dense", "ordinal", "average", "max"])),
    )
    if not policies:
        return scheme
    units = [name() for _ in range(draw(st.integers(0, 3)))]
    groups = [g.name for g in scheme.groups]
    steps = st.one_of(
        st.just("previous_rank"),
        st.tuples(st.just("group"), st.sampled_from(groups)),
        st.tuples(st.just("criterion"), st.sampled_from(scheme.criterion_names)),
    )
    tiers = draw(
        st.sampled_from(
            [
                (),
                (
                    ap.Tier("优秀", min_score=90, share=0.2),
                    ap.Tier("良好", count=5),
                    ap.Tier("一般"),
                ),
                (ap.Tier("A", share=1.0), ap.Tier("B")),
            ]
        )
    )
    return attrs.evolve(
        scheme,
        standardize=draw(st.sampled_from(["none", "zscore", "minmax", "rank"])),
        align_groups=draw(st.booleans()),
        recusals=dict.fromkeys(
            draw(st.lists(st.sampled_from(scheme.rater_names), max_size=2)), units
        ),
        self_recusal=draw(st.booleans()),
        recused_scores=draw(st.sampled_from(["error", "drop"])),
        categories={unit: draw(st.sampled_from(["乡镇", "开发区"])) for unit in units},
        overall_rank=draw(st.booleans()),
        tie_break=draw(st.lists(steps, max_size=3)),
        caps=draw(st.dictionaries(st.sampled_from(["bonus", "deduction"]), st.floats(0, 100))),
        veto=draw(st.sampled_from(["last_tier", "rank_last", "exclude"])),
        tiers=tiers,
        quota_rounding=draw(st.sampled_from(["floor", "half_up", "ceil"])),
        quota_ties=draw(st.sampled_from(["exclude", "include"])),
    )


@st.composite
def sheets(draw: st.DrawFn, *, canonical: bool = True, labels: Any = NAME_TEXT) -> ap.ScoreSheet:
    """A score sheet with awkward labels, any finite scores, NaN holes and an unscored unit.

    Canonical sheets have their labels sorted, as readers of records produce them.
    """
    axes = [draw(st.lists(labels, min_size=1, max_size=4, unique=True)) for _ in range(3)]
    if canonical:
        axes = [sorted(axis) for axis in axes]
    shape = tuple(len(axis) for axis in axes)
    cells = draw(
        st.lists(
            st.one_of(FINITE, st.just(np.nan)),
            min_size=int(np.prod(shape)),
            max_size=int(np.prod(shape)),
        )
    )
    values = np.array(cells, dtype=np.float64).reshape(shape)
    if draw(st.booleans()):
        values[:, draw(st.integers(0, shape[1] - 1)), :] = np.nan
    kinds = st.sampled_from(["乡镇", "开发区", 'zone=1, "new"'])
    categories = (
        draw(st.dictionaries(st.sampled_from(axes[1]), kinds)) if draw(st.booleans()) else {}
    )
    return ap.ScoreSheet(*axes, values, categories=categories)


def shuffled(sheet: ap.ScoreSheet, random: Any) -> ap.ScoreSheet:
    """The same scores with the raters, units and criteria listed in a random order."""
    axes = [list(range(n)) for n in sheet.values.shape]
    for axis in axes:
        random.shuffle(axis)
    return ap.ScoreSheet(
        [sheet.raters[i] for i in axes[0]],
        [sheet.units[i] for i in axes[1]],
        [sheet.criteria[i] for i in axes[2]],
        sheet.values[np.ix_(*axes)],
        categories=sheet.categories,
    )
