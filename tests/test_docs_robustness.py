"""docs/robustness.md: every number it quotes holds (tests/pages.py runs its blocks)."""

import contextlib
import importlib.util
import inspect
import io
import math
import re
import shlex
import shutil
from pathlib import Path

import attrs
import numpy as np
import pytest

import appraisal as ap
from appraisal import data
from appraisal.cli import main
from appraisal.data import appraise_example, load_example, load_example_events
from appraisal.robustness import draws, sampling
from appraisal.robustness.smaa import _PAIRWISE_UNITS

PAGE = Path(__file__).resolve().parents[1] / "docs" / "robustness.md"
QUANT, OTHER = "定量考核部门", "其他部门"


def says(text: str, phrase: str) -> bool:
    """Whether the page holds `phrase`, however its lines are wrapped."""
    return " ".join(phrase.split()) in " ".join(text.split())


def percent(share: float) -> str:
    """A share as the page prints it in prose: one decimal and a spaced percent sign."""
    return f"{100 * share:.1f} %"


@pytest.fixture(scope="module")
def text() -> str:
    return PAGE.read_text("utf-8")


@pytest.fixture(scope="module")
def county() -> tuple[ap.Appraisal, ap.Appraisal]:
    return appraise_example()


def appraise_at(share: float, previous: ap.Appraisal) -> ap.Appraisal:
    """The example county appraised afresh with the quantitative departments at `share`."""
    sheet, scheme = load_example()
    adjustments, vetoes = load_example_events()
    root = scheme.raters
    weights = {QUANT: share, OTHER: 1 - share}
    members = tuple(attrs.evolve(m, weight=weights[m.name]) for m in root.members)
    scheme = attrs.evolve(scheme, raters=attrs.evolve(root, members=members))
    return ap.appraise(sheet, scheme, adjustments=adjustments, vetoes=vetoes, previous=previous)


def changed(world: ap.Appraisal, current: ap.Appraisal) -> set[str]:
    """The units whose published rank or tier differs between two appraisals."""
    return {
        unit
        for i, unit in enumerate(current.units)
        if world.rank[i] != current.rank[i] or world.tiers[i] != current.tiers[i]
    }


def test_only_the_dask_block_is_an_illustration(text: str) -> None:
    """The one block that needs a cluster is marked as an illustration, the only one here."""
    skipped = re.findall(r'<!-- skip: next "(.*?)" -->\n```python\n(.*?)```', text, re.S)
    assert len(skipped) == text.count("<!-- skip:") == 1
    reason, code = skipped[0]
    assert "Dask scheduler" in reason
    assert 'Client("tcp://scheduler:8786")' in code
    assert "scheduler=client" in code


def test_the_example_county_as_described(text: str, county: tuple) -> None:
    """18 units; 13 and 17 members at 65 % and 35 %; five township leaders; 44 raters."""
    current, _ = county
    quant, other = current.scheme.raters.members
    assert len(current.units) == 18
    assert (quant.name, quant.weight, len(quant.members)) == (QUANT, 0.65, 13)
    assert sum(not isinstance(m, str) for m in quant.members) == 2
    leaders = next(m for m in other.members if not isinstance(m, str) and m.name == "乡镇互评")
    assert len(leaders.members) == 5
    assert (other.name, other.weight, len(other.members) - 1) == (OTHER, 0.35, 17)
    assert len(current.raters) == 44
    assert says(text, "13 departments, two of them panels of members, weighing 65 %")
    assert says(text, "17 other departments, one of them a panel, and five township leaders")


def test_tipping_points_as_quoted(text: str, county: tuple) -> None:
    """65 % can move to [a, b]; 60/40 keeps the ranking; who changes at each end and at the tier end."""
    current, previous = county
    tp = ap.robustness.tipping_points(current, QUANT)
    low, high = tp.ranking
    sentence = f"65 % can move to [{percent(low)}, {percent(high)}] before any rank changes"
    assert says(text, sentence)
    assert tp.nominal == 0.65
    assert low < 0.60 < high
    assert changed(appraise_at(0.60, previous), current) == set()
    # the ends are rank changes, the tiers hold beyond them
    assert tp.tiers[0] < low
    assert tp.tiers[1] >= high
    assert says(text, f"just below {percent(low)} the")
    assert changed(appraise_at(low - 1e-4, previous), current) == {"文化旅游园区", "经济技术开发区"}
    assert says(text, f"above {percent(high)} Xishan Town (西山镇) overtakes Donghe")
    above = appraise_at(high + 1e-4, previous)
    assert changed(above, current) == {"东河镇", "西山镇"}
    assert above.rank[above.unit_index("西山镇")] == 1
    assert says(text, f"they hold down to {percent(tp.tiers[0])}, where")
    assert tp.tiers[1] == 1.0
    below = appraise_at(tp.tiers[0] - 1e-4, previous)
    assert below.tiers[below.unit_index("龙泉乡")] == "良好"
    assert current.tiers[current.unit_index("龙泉乡")] == "一般"


def test_margins_as_quoted(text: str, county: tuple) -> None:
    """The Port Industrial Park's row, the two close neighbours, Longquan's tier, by_group's inf and NaN."""
    current, previous = county
    found = ap.robustness.margins(current, previous=previous)
    i, j = current.unit_index("临港工业园区"), current.unit_index("物流园区")
    quant, other = found.groups.index(QUANT), found.groups.index(OTHER)
    row = (found.to_place[i], found.by_group[quant, i], found.by_group[other, i])
    to_place, by_quant, by_other = (f"{x:.2f}" for x in row)
    assert says(text, f"needs {to_place} points from a bonus")
    gap = current.score[j] - current.score[i]
    assert says(text, f"{gap:.2f} would tie it at {current.score[j]:.2f}")
    assert found.to_place[i] == pytest.approx(gap + 0.01)
    assert current.scheme.tie_break[0] == ("group", QUANT)
    assert current.group_scores[quant, j] > current.group_scores[quant, i]
    assert says(text, f"or {by_quant} points more from the quantitative")
    assert says(text, f"or {by_other} from the other departments' alone")
    assert found.by_group[quant, i] == pytest.approx(found.to_place[i] / 0.65)
    assert found.by_group[other, i] == pytest.approx(found.to_place[i] / 0.35)
    tier, lead = f"{found.to_tier[i]:.2f}", f"{found.lead[i]:.2f}"
    assert says(text, f"it is {tier} points from the top tier, and {lead} points ahead")
    k = current.unit_index("文化旅游园区")
    assert says(text, f"Zone by {found.lead[k]:.2f}.")
    assert found.lead[k] < 0.1
    m = current.unit_index("龙泉乡")
    assert says(text, f"Longquan Township is {found.to_tier[m]:.2f} points from the 80")
    # the quota: two townships in the top tier, and Baisha Town reaches it by a place
    townships = [t for t, c in zip(current.tiers, current.categories, strict=True) if c == "乡镇"]
    assert (len(townships), townships.count("优秀")) == (12, 2)
    b = current.unit_index("白沙镇")
    assert found.to_tier[b] == pytest.approx(found.to_place[b])
    assert current.score[current.unit_index("桃源乡")] - current.score[b] < found.to_tier[b]
    assert says(text, "20 % of twelve townships leaves two in 优秀")
    # inf: the other departments' score would pass the top of the scale
    inside = [
        current.raters.index(r)
        for r in current.scheme.groups[found.groups.index(OTHER)].rater_names()
    ]
    rise = found.to_place[j] / current.influence[inside, j].sum()
    assert says(text, f"give the Logistics Park {rise:.2f} points more, past 100")
    assert current.group_scores[other, j] + rise > 100
    assert found.by_group[other, j] == math.inf
    # NaN: the township leaders have no share in a development zone
    assert np.isnan(found.by_group[found.groups.index("乡镇互评"), j])
    assert np.isnan(found.to_place[current.unit_index("西山镇")])


def test_smaa_as_quoted(text: str, county: tuple) -> None:
    """The law's defaults and spread, pairwise winning, block seeding and its limits."""
    current, _ = county
    defaults = inspect.signature(ap.robustness.smaa).parameters
    assert defaults["groups"].default == "dirichlet"
    assert defaults["concentration"].default == 100
    assert defaults["seed"].default == 0
    assert defaults["draws"].default == 10_000
    sd = math.sqrt(0.65 * 0.35 / (100 + 1))  # a Dirichlet(65, 35) share: Beta(65, 35)
    assert says(text, f"standard deviation of {100 * sd:.1f} points")
    out = ap.robustness.smaa(current, draws=10_000)
    k, e = current.unit_index("文化旅游园区"), current.unit_index("经济技术开发区")
    fifth = out.rank_acceptability[k, 4]
    assert 1 / 8 < fifth < 1 / 6  # "about one draw in seven"
    assert says(text, "about one draw in seven falls below")
    assert says(text, f"Development Zone in {percent(out.pairwise_winning[k, e])} of the draws")
    assert out.pairwise_winning[k, e] == pytest.approx(out.rank_acceptability[k, 3])
    # blocks, bounds and pairwise limits
    assert draws.BLOCK == 1024
    assert says(text, "blocks of 1,024")
    assert sampling.ACCEPTANCE_FLOOR == 0.001
    assert says(text, "less than 0.1 % of the")
    with pytest.raises(ap.InputError, match=re.escape("0.1%")):
        ap.robustness.smaa(current, draws=1024, bounds={QUANT: (0.999, 1.0)})
    assert _PAIRWISE_UNITS == 200
    assert says(text, "counted up to 200 units")
    # the same result whatever the chunking or the workers
    if importlib.util.find_spec("distributed") is not None:  # the dask extra
        threads = ap.robustness.smaa(current, draws=10_000, chunk_blocks=4, scheduler="threads")
        assert threads == out


def test_resample_as_quoted(text: str, county: tuple) -> None:
    """Standard errors between a quarter and a half point; no lost group; Longquan's tier; more places move."""
    current, _ = county
    boot = ap.robustness.resample(current, replicates=1000)
    jack = ap.robustness.resample(current, method="jackknife")
    for found in (boot, jack):
        assert 0.25 < found.score_se.min() <= found.score_se.max() < 0.5
        assert not found.incomplete.any()
    assert says(text, "Between a quarter and a half of a point")
    assert says(text, "0 for every unit of the example")
    assert jack.replicates == len(current.raters) == 44
    out = ap.robustness.smaa(current, draws=10_000)
    m, ordinary = current.unit_index("龙泉乡"), boot.tiers.index("一般")
    by_raters, by_weights = boot.tier_probability[m, ordinary], out.tier_probability[m, ordinary]
    assert by_raters < by_weights
    assert says(text, f"stays in 一般 in {percent(by_raters)} of the bootstrap")
    assert says(text, f"against {percent(by_weights)} of the SMAA draws")
    moved = np.ptp(boot.rank_interval(0.9), axis=1) > 0
    assert moved.sum() > (np.ptp(out.rank_interval(0.9), axis=1) > 0).sum()


def test_command_line_as_shown(text: str, tmp_path: Path) -> None:
    """The page's `appraisal robust` line, run on the example's files, prints what the page shows."""
    county = tmp_path / "county"
    county.mkdir()
    for path in data.example_paths().files():
        shutil.copyfile(path, county / path.name)
    block = re.search(r"```text\n\$ (appraisal robust .*?)\n(.*?)\.\.\.\n```", text, re.S)
    assert block is not None
    command, shown = block.groups()
    last_year = "rank county/previous_scores.csv --scheme county/scheme.toml --format json --out county/previous.json"
    printed = io.StringIO()
    with contextlib.chdir(tmp_path), contextlib.redirect_stdout(printed):
        assert main(shlex.split(last_year)) == 0
        printed.truncate(0)
        printed.seek(0)
        assert main(shlex.split(command)[1:]) == 0
    lines = shown.rstrip("\n").split("\n")
    assert printed.getvalue().split("\n")[: len(lines)] == lines
    assert says(text, "appraisal rank ... --format json")


def test_members_of_a_median_group_have_no_weight(text: str, county: tuple) -> None:
    """A panel can be varied as a whole; a member of a median group, or a median root, cannot."""
    current, _ = county
    assert ap.robustness.tipping_points(current, "财政局").nominal == pytest.approx(1 / 13)
    assert says(text, '`tipping_points(current, "财政局")` moves the Finance Bureau\'s share')
    assert ap.robustness.resample(current, replicates=10).evaluation == "refold"
    assert says(
        text, '(`"refold"`, as in the example, whose panels are trimmed or take the median)'
    )
    pairs = [ap.RaterGroup("x", members=["A", "B"]), ap.RaterGroup("y", members=["C", "D"])]
    scores = np.array([[80.0, 70, 60], [81, 72, 65], [79, 70, 61], [83, 71, 62], [70, 75, 80]])
    nested = ap.Scheme([ap.RaterGroup("panel", members=pairs, rule="median"), "E"])
    result = ap.appraise(
        ap.ScoreSheet.from_array(scores, raters=nested.rater_names, units=list("uvw")), nested
    )
    with pytest.raises(ap.InputError, match="carry no weight to vary"):
        ap.robustness.tipping_points(result, "x")
    assert np.isnan(ap.robustness.margins(result).by_group[result.groups.index("x")]).all()
    root = ap.Scheme(ap.RaterGroup("all", members=pairs, rule="median"))
    result = ap.appraise(
        ap.ScoreSheet.from_array(scores[:4], raters=root.rater_names, units=list("uvw")), root
    )
    with pytest.raises(ap.InputError, match="carry no weight to vary"):
        ap.robustness.smaa(result, draws=10)
