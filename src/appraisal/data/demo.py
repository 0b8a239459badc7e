"""What ``appraisal demo`` prints: the example county's results, last year's, and what was done.

Examples
--------
>>> text = demo()
>>> text.splitlines()[0]
'The example county (synthetic, illustrative data): published results'
>>> "What just happened:" in text
True
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence
from typing import Literal

from appraisal import data
from appraisal.model.events import Adjustment
from appraisal.model.raters import RaterGroup, Rule, Trimmed
from appraisal.result.appraisal import Appraisal
from appraisal.result.compare import Comparison
from appraisal.result.tables import comparison_markdown, markdown_table, text_table

__all__ = ["demo", "story"]

WIDTH = 88


def demo(format: Literal["table", "md"] = "table") -> str:
    """The demo's whole output: this year's published table, the comparison with last year, the story.

    Parameters
    ----------
    format : {"table", "md"}
        Aligned text for a terminal, or Markdown.
    """
    current, previous = data.appraise_example()
    comparison = current.compare(previous, renamed=data.RENAMED)
    names = data.translations()
    extra = {"english": {unit: names[unit] for unit in current.units}}
    if format == "md":
        ranking = markdown_table(current, extra=extra)
        against = comparison_markdown(comparison, decimals=current.scheme.decimals)
    else:
        ranking = text_table(current, extra=extra)
        against = str(comparison)
    return "\n\n".join(
        [
            "The example county (synthetic, illustrative data): published results",
            ranking,
            "Compared with last year (争先进位)",
            against,
            story(current, previous, comparison, data.load_example_events()[0]),
        ]
    )


def story(
    current: Appraisal,
    previous: Appraisal,
    comparison: Comparison,
    adjustments: Sequence[Adjustment],
) -> str:
    """Three paragraphs on what the demo did, with the example's own numbers.

    `adjustments` are the items as handed in (``current.adjustments`` keeps each
    evidence id once).
    """
    return "\n\n".join(
        textwrap.fill(text, width=WIDTH)
        for text in (
            _raters(current),
            _publication(current, adjustments),
            _year_over_year(current, previous, comparison),
        )
    )


def _name(label: str, detail: str = "") -> str:
    """``label (english; detail)``, leaving out what there is not."""
    inside = "; ".join(part for part in (data.translations().get(label, ""), detail) if part)
    return f"{label} ({inside})" if inside else label


def _raters(result: Appraisal) -> str:
    scheme, units = result.scheme, set(result.units)
    criteria = _join([_name(c.name, f"{c.weight:.0%}") for c in scheme.criteria])
    groups = [g for g in scheme.raters.members if isinstance(g, RaterGroup)]
    mutual = [g for g in scheme.groups if set(g.rater_names()) <= units]

    def described(group: RaterGroup) -> str:
        departments = [m for m in group.members if m not in mutual]
        inner = [m for m in group.members if m in mutual]
        detail = f"{len(departments)} departments, {group.weight:.0%}"
        for m in inner:
            assert isinstance(m, RaterGroup)
            detail += (
                f", and {_name(m.name, f'the leaders of {len(m.members)} townships')} "
                f"weighing {m.weight:g} against each department's 1"
            )
        return _name(group.name, detail)

    shares = _join([described(g) for g in groups])
    panels = [g for g in scheme.groups[1:] if g not in groups and g not in mutual]
    text = (
        f"What just happened: {len(result.raters)} raters scored the {len(result.units)} "
        f"units of the example county on {len(scheme.criteria)} weighted criteria, {criteria}. "
        f"Each rater's criterion scores were averaged with the criterion weights, and the "
        f"raters' scores were combined through the rater tree: {shares}. "
    )
    if panels:
        members = _join(
            [_name(p.name, f"{len(p.members)} members, {_rule(p.rule)}") for p in panels]
        )
        text += (
            f"{_count(len(panels), 'department is a panel', 'departments are panels')} that "
            f"handed in their members' own scores: {members}; "
            f"these rules set aside {int(result.trimmed.sum())} member scores, which count for "
            f"nothing for that unit. "
        )
    leaders = [r for r in result.raters if r in units]
    if scheme.self_recusal and leaders:
        text += (
            f"In the mutual evaluation (互评) {len(leaders)} raters are townships, and none "
            f"scored itself (self-recusal). "
        )
    return text + (
        "Where a rater gave no score, it is left out and the remaining weights renormalised; "
        "coverage counts the raters who scored each unit."
    )


def _rule(rule: Rule) -> str:
    if rule in ("median", "mean"):
        return f"the {rule}"
    assert isinstance(rule, Trimmed)
    if rule.k is not None:
        dropped = (
            "the highest and the lowest" if rule.k == 1 else f"the {rule.k} highest and lowest"
        )
        return f"a trimmed mean dropping {dropped}"
    assert rule.schedule is not None
    bands = ", ".join(
        f"{k} of up to {upto} present" if upto is not None else f"{k} of more"
        for upto, k in rule.schedule
    )
    return f"a trimmed mean dropping by a schedule ({bands})"


VETO = {
    "last_tier": "it keeps its score and rank but sits in the lowest tier",
    "rank_last": "it keeps its score but is ranked after the other units of its category, in the lowest tier",
    "exclude": "it keeps its score but has no rank and no tier",
}


def _publication(result: Appraisal, given: Sequence[Adjustment]) -> str:
    scheme = result.scheme
    evidence = Counter(a.evidence for a in given if a.evidence is not None)
    repeated = [e for e, n in evidence.items() if n > 1]
    capped = [
        unit
        for u, unit in enumerate(result.units)
        if sum(a.points for a in result.adjustments if a.unit == unit and a.kind == "bonus")
        > result.bonus[u]
    ]
    text = (
        f"Then the publication rules. {len(given)} bonus and deduction items (加分/扣分) "
        f"were added to the raters' base scores before rounding"
    )
    if repeated:
        text += f"; evidence {_join(repeated)}, handed in twice, counted once"
    if scheme.caps:
        caps = _join([f"{points:g} ({kind})" for kind, points in scheme.caps.items()])
        text += f"; the points per unit are capped at {caps}"
        if capped:
            text += f", which cut the bonus of {_join([_name(u) for u in capped])}"
    text += ". "
    for veto in result.vetoes:
        text += f"{_name(veto.unit)} was vetoed (一票否决: {veto.reason}): {VETO[scheme.veto]}. "
    sizes = Counter(c for c in result.categories if c is not None)
    if sizes:
        kinds = _join([_name(c, f"{n} units") for c, n in sorted(sizes.items())])
        text += f"The categories {kinds} were ranked separately"
        if scheme.tie_break:
            steps = [f"the {s[0]} {s[1]}" if isinstance(s, tuple) else s for s in scheme.tie_break]
            text += f", ties broken by {_join(steps)} before a place is shared"
        text += ". "
    if scheme.tiers:
        tiers = []
        for tier in scheme.tiers:
            rules = []
            if tier.share is not None:
                rules.append(f"at most {tier.share:.0%} of a category")
            if tier.min_score is not None:
                rules.append(f"from {tier.min_score:g}")
            held = Counter(
                c
                for c, t in zip(result.categories, result.tiers, strict=True)
                if t == tier.name and c is not None
            )
            count = _join([f"{n} {c}" for c, n in sorted(held.items())]) or "none"
            tiers.append(f"{_name(tier.name, ', '.join(rules) or 'the rest')}: {count}")
        text += f"Tiers, best first: {'; '.join(tiers)}. "
    decimals = (
        "unrounded" if scheme.decimals is None else f"rounded half-up to {scheme.decimals} decimals"
    )
    return text + f"Scores are published {decimals}."


def _year_over_year(current: Appraisal, previous: Appraisal, comparison: Comparison) -> str:
    renamed = [
        f"{_name(r.unit)} was {_name(r.previous_unit)}"
        for r in comparison.rows
        if r.unit != r.previous_unit
    ]
    best = max(comparison.rows, key=lambda r: (r.places_gained or 0, -(r.rank or 0)))
    text = (
        f"Last year's score sheet ({len(previous.units)} units) was appraised under the same "
        f"scheme, and this year's result compared with it (争先进位): score change, places "
        f"gained within the category, tier change and a progress ranking by places gained. "
    )
    if renamed:
        text += f"A renamed unit is matched to last year's name: {_join(renamed)}. "
    if comparison.new:
        text += f"New this year: {_join([_name(u) for u in comparison.new])}. "
    if comparison.gone:
        text += f"Gone since: {_join([_name(u) for u in comparison.gone])}. "
    if best.places_gained:
        text += f"{_name(best.unit)} gained most ({best.places_gained:+.0f} places). "
    return text + (
        "Next: 'appraisal explain' a unit, or 'appraisal example --out DIR' for the files "
        "behind this run."
    )


def _count(n: int, one: str, many: str) -> str:
    words = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")
    return f"{words[n] if n < len(words) else n} {one if n == 1 else many}"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
