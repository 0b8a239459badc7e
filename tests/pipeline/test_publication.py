"""Publication rules: categories, tie-breaks, adjustments, vetoes, tiers with quotas, year over year."""

import re
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import appraisal as ap


def _scores(scores: dict[str, float], **policy: object) -> tuple[ap.ScoreSheet, ap.Scheme]:
    """One rater, so each unit's base is the score given."""
    sheet = ap.ScoreSheet.from_records([("A", unit, "score", s) for unit, s in scores.items()])
    return sheet, ap.Scheme(["A"], **policy)  # type: ignore[arg-type]


def test_ranks_within_categories_and_overall() -> None:
    """Townships and zones rank separately; overall_rank ranks across them."""
    sheet, scheme = _scores(
        {"t1": 90, "t2": 80, "z1": 85, "z2": 95},
        categories={"t1": "镇", "t2": "镇", "z1": "开发区", "z2": "开发区"},
        overall_rank=True,
    )
    result = ap.appraise(sheet, scheme)
    assert result.rank.tolist() == [1, 2, 2, 1]
    assert result.overall_rank is not None
    assert result.overall_rank.tolist() == [2, 4, 3, 1]
    assert [row["unit"] for row in result.table()] == [
        "z2",
        "z1",
        "t1",
        "t2",
    ]  # 开发区 sorts before 镇


def test_category_column_of_the_sheet() -> None:
    """A sheet's categories serve when the scheme has none."""
    sheet, scheme = _scores({"t1": 90, "z1": 85})
    sheet = attrs.evolve(sheet, categories={"t1": "town", "z1": "zone"})
    assert ap.appraise(sheet, scheme).rank.tolist() == [1, 1]


def _cascade_case() -> ap.Appraisal:
    """Units a, b, c publish 80.00; unit d publishes 70.

    The q group separates none of a, b, c (all 80); the criterion 'economy' alone gives
    a 85, b 75, c 75: a first, b and c still tied.
    """
    rows = []
    econ = {"a": 85, "b": 75, "c": 75, "d": 70}
    proj = {"a": 75, "b": 85, "c": 85, "d": 70}
    for unit in econ:
        for rater in ("Q", "O"):
            rows.append((rater, unit, "economy", econ[unit]))
            rows.append((rater, unit, "projects", proj[unit]))
    scheme = ap.Scheme(
        [ap.RaterGroup("q", members=["Q"]), ap.RaterGroup("o", members=["O"])],
        [ap.Criterion("economy"), ap.Criterion("projects")],
        tie_break=[("group", "q"), ("criterion", "economy")],
    )
    return ap.appraise(ap.ScoreSheet.from_records(rows), scheme)


def test_tie_broken_at_the_second_step_and_one_that_survives() -> None:
    """a beats b at the criterion step; b and c still share the place."""
    result = _cascade_case()
    assert result.score.tolist() == [80.0, 80.0, 80.0, 70.0]
    assert result.rank.tolist() == [1.0, 2.0, 2.0, 4.0]
    assert result.tie_breaks == (
        ap.TieBreak(("a", "b"), None, "criterion:economy"),
        ap.TieBreak(("b", "c"), None, None),
    )


def test_caps_and_duplicated_evidence() -> None:
    """Bonus 3 + 4 (one evidence given twice, counted once) capped at 5; deductions 8 + 6 capped at 10."""
    sheet, scheme = _scores({"x": 80, "y": 80}, caps={"bonus": 5, "deduction": 10})
    adjustments = [
        ap.Adjustment("x", 3, "award", evidence="E1"),
        ap.Adjustment("x", 3, "award", evidence="E1"),
        ap.Adjustment("x", 4, "model unit", evidence="E2"),
        ap.Adjustment("y", 8, "complaint", kind="deduction"),
        ap.Adjustment("y", 6, "late report", kind="deduction"),
    ]
    result = ap.appraise(sheet, scheme, adjustments=adjustments)
    assert result.base.tolist() == [80.0, 80.0]
    assert result.score.tolist() == [85.0, 70.0]
    assert result.bonus.tolist() == [5.0, 0.0]
    assert result.deduction.tolist() == [0.0, 10.0]
    assert len(result.adjustments) == 4
    text = str(result.explain("x"))
    assert "bonus +3: award [E1]" in text
    assert "bonus capped at 5 (items add up to 7)" in text
    row = result.table()[0]
    assert (row["unit"], row["bonus"], row["deduction"]) == ("x", 5.0, 0.0)


def test_same_evidence_with_different_points_is_an_error() -> None:
    """An evidence id names one event: different points under it are refused."""
    sheet, scheme = _scores({"x": 80})
    message = "Adjustment evidence 'E1' is given twice with different content: bonus 3 for 'x' and bonus 4 for 'x'; the same evidence counts once."
    with pytest.raises(ap.InputError, match=re.escape(message)):
        ap.appraise(
            sheet,
            scheme,
            adjustments=[
                ap.Adjustment("x", 3, "a", evidence="E1"),
                ap.Adjustment("x", 4, "a", evidence="E1"),
            ],
        )


TIERS = [ap.Tier("优秀", share=0.5), ap.Tier("一般")]


@pytest.mark.parametrize(
    ("effect", "rank", "tiers"),
    [
        ("last_tier", [1, 2, 3, 4], ["一般", "优秀", "优秀", "一般"]),
        ("rank_last", [4, 1, 2, 3], ["一般", "优秀", "优秀", "一般"]),
        ("exclude", [None, 1, 2, 3], [None, "优秀", "优秀", "一般"]),
    ],
)
def test_veto_effects(effect: str, rank: list[float | None], tiers: list[str | None]) -> None:
    """The vetoed top unit: lowest tier; also ranked last; or no rank and no tier.

    Four units, share 0.5: 2 places in 优秀, the vetoed unit counted in the category.
    Under exclude the two places go to x and y.
    """
    sheet, scheme = _scores({"v": 99, "x": 90, "y": 80, "z": 70}, veto=effect, tiers=TIERS)
    result = ap.appraise(
        sheet, scheme, vetoes=[ap.Veto("v", "safety accident"), ap.Veto("v", "safety accident")]
    )
    assert [None if np.isnan(r) else r for r in result.rank.tolist()] == rank
    assert list(result.tiers) == tiers
    assert result.score[0] == 99
    assert result.vetoes == (ap.Veto("v", "safety accident"),)
    assert result.table()[-1 if effect != "last_tier" else 0]["veto"] == "safety accident"


TWELVE = {f"u{i:02d}": s for i, s in enumerate([95, 90, 90, 85, 84, 83, 82, 81, 80, 79, 78, 77])}


@pytest.mark.parametrize(
    ("rounding", "ties", "excellent", "boundary"),
    [
        (
            "floor",
            "exclude",
            ["u00"],
            ["u01", "u02"],
        ),  # 0.2 x 12 = 2.4 -> 2: the 90-90 block straddles
        ("floor", "include", ["u00", "u01", "u02"], ["u01", "u02"]),
        ("half_up", "exclude", ["u00"], ["u01", "u02"]),  # 2.4 -> 2
        ("half_up", "include", ["u00", "u01", "u02"], ["u01", "u02"]),
        ("ceil", "exclude", ["u00", "u01", "u02"], []),  # 2.4 -> 3: the block fits
        ("ceil", "include", ["u00", "u01", "u02"], []),
    ],
)
def test_quota_with_a_tie_at_the_boundary(
    rounding: str, ties: str, excellent: list[str], boundary: list[str]
) -> None:
    """A 20 % quota over 12 units, the second and third tied at 90."""
    sheet, scheme = _scores(
        TWELVE,
        tiers=[ap.Tier("优秀", share=0.2), ap.Tier("良好", min_score=80), ap.Tier("一般")],
        quota_rounding=rounding,
        quota_ties=ties,
    )
    result = ap.appraise(sheet, scheme)
    assert [u for u, t in zip(result.units, result.tiers, strict=True) if t == "优秀"] == excellent
    assert list(result.quota_boundary) == boundary
    assert result.tiers[-1] == "一般"
    assert result.tiers[8] == "良好"  # 80 meets the threshold
    exceeded = any(f.subject == "tier '优秀'" for f in result.flags)
    assert exceeded == (ties == "include" and rounding != "ceil")


def test_head_count_in_decimal_arithmetic() -> None:
    """0.29 of 100 units is 29 places, not 28."""
    sheet, scheme = _scores(
        {f"u{i:03d}": 100 - i * 0.5 for i in range(100)},
        tiers=[ap.Tier("top", share=0.29), ap.Tier("rest")],
    )
    assert ap.appraise(sheet, scheme).tiers.count("top") == 29


def test_two_years_with_a_renamed_unit() -> None:
    """East Town was East Township last year; Zone C is new, Old Farm is gone."""
    before_sheet, scheme = _scores({"East Township": 80, "West": 90, "Old Farm": 70})
    after_sheet, _ = _scores({"East Town": 95, "West": 85, "Zone C": 60})
    before = ap.appraise(before_sheet, scheme)
    after = ap.appraise(after_sheet, scheme)
    comparison = after.compare(before, renamed={"East Town": "East Township"})
    east, west = comparison.rows
    assert (east.unit, east.previous_unit, east.score_change, east.places_gained) == (
        "East Town",
        "East Township",
        15.0,
        1.0,
    )
    assert (west.places_gained, west.progress_rank, east.progress_rank) == (-1.0, 2.0, 1.0)
    assert comparison.new == ("Zone C",)
    assert comparison.gone == ("Old Farm",)
    assert comparison.scheme_differences == ()
    assert "East Town" in str(comparison)


def test_comparison_lists_scheme_differences() -> None:
    """Schemes may differ between years; the comparison says where."""
    sheet, scheme = _scores({"x": 80})
    a = ap.appraise(sheet, scheme)
    b = ap.appraise(sheet, attrs.evolve(scheme, decimals=1))
    assert a.compare(b).scheme_differences == ("decimals",)


def test_previous_rank_breaks_a_tie() -> None:
    """Tied this year, the unit better placed last year goes first."""
    sheet, scheme = _scores({"x": 80, "y": 80}, tie_break=["previous_rank"])
    last_sheet, plain = _scores({"x": 70, "y": 90})
    previous = ap.appraise(last_sheet, plain)
    result = ap.appraise(sheet, scheme, previous=previous)
    assert result.rank.tolist() == [2.0, 1.0]
    assert result.tie_breaks == (ap.TieBreak(("y", "x"), None, "previous_rank"),)


def test_publication_survives_json() -> None:
    """Categories, tiers, adjustments, vetoes and tie-breaks round-trip through JSON."""
    sheet, scheme = _scores(
        TWELVE,
        tiers=[ap.Tier("优秀", share=0.2), ap.Tier("一般")],
        categories=dict.fromkeys(TWELVE, "镇"),
        overall_rank=True,
        caps={"bonus": 2},
    )
    result = ap.appraise(
        sheet,
        scheme,
        adjustments=[ap.Adjustment("u05", 3, "award", evidence="E")],
        vetoes=[ap.Veto("u00", "accident")],
    )
    assert ap.Appraisal.from_json(result.to_json()) == result


@pytest.mark.parametrize(
    ("action", "kind", "message"),
    [
        (
            lambda: ap.appraise(*_scores({"x": 1}), adjustments=[ap.Adjustment("y", 1, "r")]),
            ap.InputError,
            "Adjustment for unit 'y': no such unit in the score sheet.",
        ),
        (
            lambda: ap.appraise(*_scores({"East": 1}), vetoes=[ap.Veto("Eats", "r")]),
            ap.InputError,
            "Veto for unit 'Eats': no such unit in the score sheet; did you mean 'East'?",
        ),
        (
            lambda: ap.Scheme(
                ["A"], tiers=[ap.Tier("a", share=0.6), ap.Tier("b", share=0.5), ap.Tier("c")]
            ),
            ap.SchemeError,
            "Scheme: the tiers' shares add up to 1.1; they must add up to at most 1.",
        ),
        (
            lambda: ap.appraise(
                *_scores({"x": 1, "y": 2}, tiers=[ap.Tier("a", count=3), ap.Tier("b")])
            ),
            ap.ScoreError,
            "Scheme: tier 'a' has count 3, more than the 2 units of the appraisal.",
        ),
        (
            lambda: ap.Scheme(["A"], caps={"bonus": -1}),
            ap.SchemeError,
            "Scheme: caps['bonus'] must be a finite number >= 0; got -1.",
        ),
        (
            lambda: ap.Adjustment("x", -2, "r"),
            ap.InputError,
            "Adjustment for unit 'x': points must be a finite number >= 0 (a deduction subtracts its points); got -2.0.",
        ),
        (
            lambda: ap.appraise(*_scores({"x": 1, "y": 2}, categories={"x": "镇"})),
            ap.ScoreError,
            "categories: unit 'y' has no category; every unit needs one when categories are used.",
        ),
        (
            lambda: ap.Scheme(["A"], tie_break=[("group", "qunatitative")]),
            ap.SchemeError,
            "Scheme: tie_break names group 'qunatitative', which is not in the scheme.",
        ),
        (
            lambda: ap.Scheme(["A"], tie_break=[("criterion", "scor")]),
            ap.SchemeError,
            "Scheme: tie_break names criterion 'scor', which is not in the scheme; did you mean 'score'?",
        ),
        (
            lambda: ap.appraise(*_scores({"x": 1}, tie_break=["previous_rank"])),
            ap.InputError,
            "Scheme: tie_break uses 'previous_rank', but no previous appraisal was given; pass previous= to appraise.",
        ),
        (
            lambda: ap.Scheme(["A"], tiers=[ap.Tier("a"), ap.Tier("b", min_score=5)]),
            ap.SchemeError,
            "Scheme: the last tier 'b' takes the rest and sets no min_score, share or count; add a tier after it for the rest.",
        ),
    ],
)
def test_publication_errors(action: object, kind: type[Exception], message: str) -> None:
    """Each bad publication input is refused with a message naming the culprit."""
    with pytest.raises(kind, match=f"^{re.escape(message)}$"):
        action()  # type: ignore[operator]


# --- properties ----------------------------------------------------------------------------

scores = st.lists(st.integers(60, 100).map(float), min_size=2, max_size=14)


@st.composite
def published(draw: st.DrawFn) -> tuple[ap.Appraisal, ap.Scheme]:
    values = draw(scores)
    units = {f"u{i:02d}": v for i, v in enumerate(values)}
    categories = {u: draw(st.sampled_from(["镇", "开发区"])) for u in units}
    tiers = [
        ap.Tier("优秀", share=draw(st.sampled_from([0.15, 0.2, 0.3]))),
        ap.Tier("良好", min_score=draw(st.sampled_from([60.0, 80.0]))),
        ap.Tier("一般"),
    ]
    sheet, scheme = _scores(
        units,
        categories=categories,
        tiers=tiers,
        veto=draw(st.sampled_from(["last_tier", "rank_last", "exclude"])),
        quota_ties=draw(st.sampled_from(["exclude", "include"])),
        quota_rounding=draw(st.sampled_from(["floor", "half_up", "ceil"])),
    )
    vetoes = [ap.Veto(u, "r") for u in units if draw(st.booleans()) and draw(st.booleans())]
    return ap.appraise(sheet, scheme, vetoes=vetoes), scheme


@given(published())
def test_tier_invariants(case: tuple[ap.Appraisal, ap.Scheme]) -> None:
    """Quotas hold under exclude; vetoed units stay out of quota tiers; tiers are monotone; ties share tiers."""
    result, scheme = case
    vetoed = {v.unit for v in result.vetoes}
    order = {t.name: i for i, t in enumerate(scheme.tiers)}
    for category in set(result.categories):
        members = [u for u, c in enumerate(result.categories) if c == category]
        if scheme.quota_ties == "exclude":
            share = Decimal(repr(scheme.tiers[0].share)) * len(members)
            rounding = {"floor": ROUND_FLOOR, "half_up": ROUND_HALF_UP, "ceil": ROUND_CEILING}[
                scheme.quota_rounding
            ]
            assert sum(result.tiers[u] == "优秀" for u in members) <= int(
                share.quantize(Decimal(1), rounding=rounding)
            )
        honest = [u for u in members if result.units[u] not in vetoed]
        for u in members:
            if result.units[u] in vetoed:
                assert result.tiers[u] != "优秀"
                if scheme.veto == "rank_last":
                    assert all(result.rank[u] > result.rank[h] for h in honest)
        for a in honest:
            for b in honest:
                if result.score[a] > result.score[b]:
                    assert order[result.tiers[a]] <= order[result.tiers[b]]  # type: ignore[index]
                if result.score[a] == result.score[b]:
                    assert result.tiers[a] == result.tiers[b]


@given(scores, st.data())
def test_a_bonus_never_worsens_a_rank(values: list[float], data: st.DataObject) -> None:
    """Adding a bonus to a unit never worsens its rank."""
    sheet, scheme = _scores({f"u{i:02d}": v for i, v in enumerate(values)})
    u = data.draw(st.integers(0, len(values) - 1))
    before = ap.appraise(sheet, scheme)
    after = ap.appraise(
        sheet,
        scheme,
        adjustments=[ap.Adjustment(sheet.units[u], data.draw(st.floats(0, 10)), "bonus")],
    )
    assert after.rank[u] <= before.rank[u]


@given(scores, scores)
def test_tie_breaks_only_reorder_inside_tied_blocks(
    first: list[float], second: list[float]
) -> None:
    """A tie-break never moves a unit past one with a different published score."""
    n = min(len(first), len(second))
    units = [f"u{i:02d}" for i in range(n)]
    rows = [
        (r, u, c, v)
        for u, a, b in zip(units, first, second, strict=False)
        for r in ("Q", "O")
        for c, v in (("x", a), ("y", b))
    ]
    scheme = ap.Scheme(
        [ap.RaterGroup("q", members=["Q"]), ap.RaterGroup("o", members=["O"])],
        [ap.Criterion("x"), ap.Criterion("y")],
    )
    sheet = ap.ScoreSheet.from_records(rows)
    plain = ap.appraise(sheet, scheme)
    broken = ap.appraise(sheet, attrs.evolve(scheme, tie_break=[("criterion", "x")]))
    for a in range(n):
        for b in range(n):
            if plain.score[a] > plain.score[b]:
                assert broken.rank[a] < broken.rank[b]


@given(published())
def test_comparing_with_itself_shows_no_change(case: tuple[ap.Appraisal, ap.Scheme]) -> None:
    """An appraisal compared with itself: no score, place or tier change, nothing new or gone."""
    result, _ = case
    comparison = result.compare(result)
    assert comparison.new == comparison.gone == comparison.scheme_differences == ()
    for row in comparison.rows:
        assert row.score_change in (0.0, None)
        assert row.places_gained in (0.0, None)
        assert row.tier_change in ("same", None)


def test_tables_show_publication_columns() -> None:
    """Markdown and CSV tables carry overall rank, category, tier and veto."""
    sheet, scheme = _scores(
        {"t1": 90, "t2": 80, "z1": 85},
        categories={"t1": "镇", "t2": "镇", "z1": "区"},
        overall_rank=True,
        tiers=[ap.Tier("优秀", count=1), ap.Tier("一般")],
    )
    result = ap.appraise(sheet, scheme, vetoes=[ap.Veto("t2", "accident")])
    markdown = result.to_markdown()
    assert (
        markdown.splitlines()[0]
        == "| rank | overall_rank | unit | category | score | tier | veto | coverage |"
    )
    assert "| 2 | 3 | t2 | 镇 | 80.00 | 一般 | accident | 1 |" in markdown


def test_score_change_is_a_published_amount() -> None:
    """Score changes carry no binary noise: 88.33 - 84.16 is 4.17."""
    before = ap.appraise(*_scores({"x": 84.16}))
    after = ap.appraise(*_scores({"x": 88.33}))
    assert after.compare(before).rows[0].score_change == 4.17
