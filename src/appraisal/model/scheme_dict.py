"""Plain-data forms of a scheme: dicts and lists that JSON and TOML can hold.

:func:`scheme_to_dict` and :func:`scheme_from_dict` are exact inverses. Reading checks
every key against what it may hold and names the key path of anything wrong
(``raters.members[1].weight``); the scheme's own validation then checks the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs

from appraisal.errors import SchemeError
from appraisal.model.criteria import Criterion
from appraisal.model.policies import Tier
from appraisal.model.raters import RaterGroup, Trimmed
from appraisal.model.scheme import Scheme

__all__ = ["scheme_from_dict", "scheme_to_dict"]

ROOT = "all"
POLICIES = (
    "scale",
    "missing",
    "missing_groups",
    "decimals",
    "ties",
    "standardize",
    "align_groups",
    "recusals",
    "self_recusal",
    "recused_scores",
    "categories",
    "overall_rank",
    "tie_break",
    "caps",
    "veto",
    "tiers",
    "quota_rounding",
    "quota_ties",
)
T = TypeVar("T")


def scheme_to_dict(scheme: Scheme) -> dict[str, Any]:
    """The scheme as plain data; keys at their defaults are left out.

    Examples
    --------
    >>> scheme = Scheme(raters=[RaterGroup("q", 0.65, members=["A"]), RaterGroup("o", 0.35, members=["B"])])
    >>> scheme_to_dict(scheme)
    {'raters': [{'name': 'q', 'weight': 0.65, 'members': ['A']}, {'name': 'o', 'weight': 0.35, 'members': ['B']}], 'criteria': [{'name': 'score'}]}
    """
    data: dict[str, Any] = {}
    root = scheme.raters
    implicit = root.name == ROOT and root == RaterGroup(ROOT, members=root.members)
    data["raters"] = (
        [_member_to_dict(root, m) for m in root.members] if implicit else _group_to_dict(root)
    )
    data["criteria"] = [_criterion_to_dict(c) for c in scheme.criteria]
    defaults = Scheme(raters=root)
    for key in POLICIES:
        value = getattr(scheme, key)
        if value == getattr(defaults, key):
            continue
        if key == "recusals":
            value = {rater: list(units) for rater, units in value.items()}
        elif key in ("categories", "caps"):
            value = dict(value)
        elif key == "tie_break":
            value = [step if isinstance(step, str) else list(step) for step in value]
        elif key == "tiers":
            value = [{k: v for k, v in attrs.asdict(t).items() if v is not None} for t in value]
        data[key] = (
            list(value) if isinstance(value, tuple) else ("none" if value is None else value)
        )
    return data


def _member_to_dict(group: RaterGroup, member: str | RaterGroup) -> Any:
    return _group_to_dict(member) if isinstance(member, RaterGroup) else member


def _group_to_dict(group: RaterGroup) -> dict[str, Any]:
    data: dict[str, Any] = {"name": group.name}
    if group.weight != 1.0:
        data["weight"] = group.weight
    data["members"] = [_member_to_dict(group, m) for m in group.members]
    if group.rule != "mean":
        data["rule"] = _rule_to_data(group.rule)
    if group.quorum != 1:
        data["quorum"] = group.quorum
    if group.member_weights:
        data["member_weights"] = dict(group.member_weights)
    return data


def _rule_to_data(rule: str | Trimmed) -> Any:
    if isinstance(rule, str):
        return rule
    if rule.k is not None:
        return {"trimmed": rule.k}
    assert rule.schedule is not None
    return {
        "trimmed_schedule": [
            {"k": k} if upto is None else {"up_to": upto, "k": k} for upto, k in rule.schedule
        ]
    }


def _criterion_to_dict(criterion: Criterion) -> dict[str, Any]:
    data: dict[str, Any] = {"name": criterion.name}
    if criterion.weight != 1.0:
        data["weight"] = criterion.weight
    if criterion.scale != (0.0, 100.0):
        data["scale"] = list(criterion.scale)
    if not criterion.higher_is_better:
        data["higher_is_better"] = False
    if criterion.children:
        data["children"] = [_criterion_to_dict(c) for c in criterion.children]
    return data


class _Reader:
    """Checks plain data key by key, naming the key path of each problem."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, path: str, problem: str) -> SchemeError:
        where = f"{self.origin}: {path}" if path else self.origin
        return SchemeError(f"{where}: {problem}")

    def table(
        self, data: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, Any]:
        if not isinstance(data, Mapping):
            raise self.fail(path, f"must be a table (mapping); got {_kind(data)}.")
        allowed = required + optional
        for key in data:
            if key not in allowed:
                raise self.fail(
                    _join(path, str(key)),
                    f"is not a known key here; allowed: {', '.join(allowed)}.",
                )
        for key in required:
            if key not in data:
                raise self.fail(path, f"lacks the required key {key!r}.")
        return dict(data)

    def value(self, data: Any, path: str, check: Callable[[Any], bool], wanted: str) -> Any:
        if not check(data):
            raise self.fail(path, f"must be {wanted}; got {data!r}.")
        return data

    def number(self, data: Any, path: str) -> float:
        return float(self.value(data, path, _is_number, "a number"))

    def integer(self, data: Any, path: str) -> int:
        return int(self.value(data, path, _is_integer, "an integer"))

    def text(self, data: Any, path: str) -> str:
        return str(self.value(data, path, lambda v: isinstance(v, str), "a string"))

    def pair(self, data: Any, path: str) -> tuple[float, float]:
        self.value(
            data, path, lambda v: isinstance(v, list | tuple) and len(v) == 2, "a pair [low, high]"
        )
        return (self.number(data[0], f"{path}[0]"), self.number(data[1], f"{path}[1]"))

    def items(self, data: Any, path: str) -> list[Any]:
        return list(self.value(data, path, lambda v: isinstance(v, list | tuple), "a list"))

    def group(self, data: Any, path: str) -> RaterGroup:
        table = self.table(
            data, path, ("name", "members"), ("weight", "rule", "quorum", "member_weights")
        )
        members = [
            self.member(m, f"{path}.members[{i}]")
            for i, m in enumerate(self.items(table["members"], f"{path}.members"))
        ]
        weights = table.get("member_weights", {})
        if not isinstance(weights, Mapping):
            raise self.fail(
                f"{path}.member_weights",
                f"must be a table of rater names to weights; got {_kind(weights)}.",
            )
        return self.build(
            path,
            RaterGroup,
            self.text(table["name"], f"{path}.name"),
            self.number(table.get("weight", 1.0), f"{path}.weight"),
            members=members,
            rule=self.rule(table.get("rule", "mean"), f"{path}.rule"),
            quorum=self.integer(table.get("quorum", 1), f"{path}.quorum"),
            member_weights={
                k: self.number(v, f"{path}.member_weights.{k}") for k, v in weights.items()
            },
        )

    def member(self, data: Any, path: str) -> str | RaterGroup:
        if isinstance(data, str):
            return data
        if isinstance(data, Mapping):
            return self.group(data, path)
        raise self.fail(path, f"must be a rater name or a group table; got {data!r}.")

    def rule(self, data: Any, path: str) -> str | Trimmed:
        if data in ("mean", "median"):
            return str(data)
        if isinstance(data, Mapping) and len(data) == 1 and "trimmed" in data:
            return self.build(path, Trimmed, self.integer(data["trimmed"], f"{path}.trimmed"))
        if isinstance(data, Mapping) and len(data) == 1 and "trimmed_schedule" in data:
            bands = []
            for i, band in enumerate(
                self.items(data["trimmed_schedule"], f"{path}.trimmed_schedule")
            ):
                where = f"{path}.trimmed_schedule[{i}]"
                table = self.table(band, where, ("k",), ("up_to",))
                upto = self.integer(table["up_to"], f"{where}.up_to") if "up_to" in table else None
                bands.append((upto, self.integer(table["k"], f"{where}.k")))
            return self.build(path, Trimmed, schedule=tuple(bands))
        raise self.fail(
            path,
            f"must be 'mean', 'median', {{trimmed = k}} or {{trimmed_schedule = [...]}}; got {data!r}.",
        )

    def criterion(self, data: Any, path: str) -> Criterion:
        table = self.table(
            data, path, ("name",), ("weight", "scale", "higher_is_better", "children")
        )
        children = self.items(table.get("children", []), f"{path}.children")
        return self.build(
            path,
            Criterion,
            self.text(table["name"], f"{path}.name"),
            self.number(table.get("weight", 1.0), f"{path}.weight"),
            scale=self.pair(table.get("scale", (0.0, 100.0)), f"{path}.scale"),
            higher_is_better=self.value(
                table.get("higher_is_better", True),
                f"{path}.higher_is_better",
                lambda v: isinstance(v, bool),
                "true or false",
            ),
            children=[self.criterion(c, f"{path}.children[{i}]") for i, c in enumerate(children)],
        )

    def scheme(self, data: Any) -> Scheme:
        table = self.table(data, "", ("raters",), ("criteria", *POLICIES))
        raters = table["raters"]
        if isinstance(raters, list | tuple):
            root: Any = [self.member(m, f"raters[{i}]") for i, m in enumerate(raters)]
        else:
            root = self.group(raters, "raters")
        options: dict[str, Any] = {}
        if "criteria" in table:
            options["criteria"] = [
                self.criterion(c, f"criteria[{i}]")
                for i, c in enumerate(self.items(table["criteria"], "criteria"))
            ]
        if "scale" in table:
            options["scale"] = self.pair(table["scale"], "scale")
        for key in (
            "missing",
            "missing_groups",
            "ties",
            "standardize",
            "recused_scores",
            "veto",
            "quota_rounding",
            "quota_ties",
        ):
            if key in table:
                options[key] = self.text(table[key], key)
        for key in ("align_groups", "self_recusal", "overall_rank"):
            if key in table:
                options[key] = self.value(
                    table[key], key, lambda v: isinstance(v, bool), "true or false"
                )
        if "recusals" in table:
            recusals = table["recusals"]
            if not isinstance(recusals, Mapping):
                raise self.fail(
                    "recusals",
                    f"must be a table of rater names to lists of units; got {_kind(recusals)}.",
                )
            options["recusals"] = {
                rater: [
                    self.text(u, f"recusals.{rater}[{i}]")
                    for i, u in enumerate(self.items(units, f"recusals.{rater}"))
                ]
                for rater, units in recusals.items()
            }
        for key in ("categories", "caps"):
            if key in table:
                mapping = table[key]
                if not isinstance(mapping, Mapping):
                    raise self.fail(key, f"must be a table; got {_kind(mapping)}.")
                read = self.text if key == "categories" else self.number
                options[key] = {name: read(v, f"{key}.{name}") for name, v in mapping.items()}
        if "tie_break" in table:
            steps: list[Any] = []
            for i, step in enumerate(self.items(table["tie_break"], "tie_break")):
                if isinstance(step, list | tuple):
                    steps.append(tuple(step))
                else:
                    steps.append(self.text(step, f"tie_break[{i}]"))
            options["tie_break"] = steps
        if "tiers" in table:
            tiers = []
            for i, item in enumerate(self.items(table["tiers"], "tiers")):
                where = f"tiers[{i}]"
                tier = self.table(item, where, ("name",), ("min_score", "share", "count"))
                tiers.append(
                    self.build(
                        where,
                        Tier,
                        self.text(tier["name"], f"{where}.name"),
                        min_score=self.number(tier["min_score"], f"{where}.min_score")
                        if "min_score" in tier
                        else None,
                        share=self.number(tier["share"], f"{where}.share")
                        if "share" in tier
                        else None,
                        count=self.integer(tier["count"], f"{where}.count")
                        if "count" in tier
                        else None,
                    )
                )
            options["tiers"] = tiers
        if "decimals" in table:
            decimals = table["decimals"]
            options["decimals"] = (
                None if decimals in (None, "none") else self.integer(decimals, "decimals")
            )
        return self.build("", Scheme, root, **options)

    def build(self, path: str, kind: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return kind(*args, **kwargs)
        except SchemeError as error:
            raise self.fail(path, str(error)) from None


def scheme_from_dict(data: Mapping[str, Any], *, origin: str = "scheme") -> Scheme:
    """Build a scheme from plain data, as :func:`scheme_to_dict` writes it.

    Parameters
    ----------
    data : mapping
        Keys ``raters`` (a group table, or a list of members under an implicit root
        ``"all"``), ``criteria``, ``scale``, ``missing``, ``decimals`` (an integer, or
        ``"none"``/null for unrounded), ``ties``, ``standardize``, ``align_groups``,
        ``recusals`` (rater name to a list of units), ``self_recusal``,
        ``recused_scores``, ``categories`` (unit to category), ``overall_rank``,
        ``tie_break`` (a list of ``["group", name]``, ``["criterion", name]`` and
        ``"previous_rank"``), ``caps`` (``bonus``/``deduction`` to points), ``veto``,
        ``tiers`` (a list of tables with ``name``, ``min_score``, ``share``, ``count``),
        ``quota_rounding`` and ``quota_ties``.
    origin : str
        Where the data came from, to start every error message (a file name).

    Raises
    ------
    SchemeError
        An unknown key, a wrong type or a missing required key, naming its key path;
        or an invalid scheme.

    Examples
    --------
    >>> scheme = scheme_from_dict({"raters": ["A", "B"], "decimals": 1})
    >>> scheme.rater_names, scheme.decimals
    (('A', 'B'), 1)
    >>> scheme_from_dict({"raters": ["A"], "rounding": 2})
    Traceback (most recent call last):
    ...
    appraisal.errors.SchemeError: scheme: rounding: is not a known key here; allowed: raters, criteria, scale, missing, missing_groups, decimals, ties, standardize, align_groups, recusals, self_recusal, recused_scores, categories, overall_rank, tie_break, caps, veto, tiers, quota_rounding, quota_ties.
    """
    return _Reader(origin).scheme(data)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(data: Any) -> str:
    if isinstance(data, list | tuple):
        return "a list"
    return "a string" if isinstance(data, str) else repr(data)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
