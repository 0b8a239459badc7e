"""Weighted multi-rater appraisal.

Departments score units; departments form weighted rater groups; `appraisal` turns the
scores into published, ranked, explainable results.
"""

from appraisal import reliability, robustness, weights
from appraisal._version import __version__
from appraisal.errors import (
    AppraisalError,
    AppraisalWarning,
    InputError,
    SchemeError,
    ScoreError,
)
from appraisal.io import (
    dump_scheme,
    dump_sheet,
    load_adjustments,
    load_result,
    load_scheme,
    load_sheet,
    load_vetoes,
)
from appraisal.io.verify import Difference, Verification, verify
from appraisal.model.criteria import Criterion
from appraisal.model.events import Adjustment, Veto
from appraisal.model.policies import TieBreak, Tier
from appraisal.model.raters import RaterGroup, Trimmed
from appraisal.model.scheme import Scheme
from appraisal.model.sheet import ScoreSheet
from appraisal.pipeline.appraise import appraise, rank
from appraisal.reporting import report
from appraisal.result.appraisal import Appraisal, EffectiveWeight
from appraisal.result.compare import Comparison, ComparisonRow
from appraisal.result.explain import Explanation, ExplanationRow
from appraisal.result.flags import Flag
from appraisal.result.manifest import Manifest

__all__ = [
    "Adjustment",
    "Appraisal",
    "AppraisalError",
    "AppraisalWarning",
    "Comparison",
    "ComparisonRow",
    "Criterion",
    "Difference",
    "EffectiveWeight",
    "Explanation",
    "ExplanationRow",
    "Flag",
    "InputError",
    "Manifest",
    "RaterGroup",
    "Scheme",
    "SchemeError",
    "ScoreError",
    "ScoreSheet",
    "TieBreak",
    "Tier",
    "Trimmed",
    "Verification",
    "Veto",
    "__version__",
    "appraise",
    "dump_scheme",
    "dump_sheet",
    "load_adjustments",
    "load_result",
    "load_scheme",
    "load_sheet",
    "load_vetoes",
    "rank",
    "reliability",
    "report",
    "robustness",
    "verify",
    "weights",
]
