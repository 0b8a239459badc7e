"""Weighted multi-rater appraisal.

Departments score units; departments form weighted rater groups; `appraisal` turns the
scores into published, ranked, explainable results.
"""

from appraisal import reliability, weights
from appraisal._version import __version__
from appraisal.appraise import appraise, rank
from appraisal.compare import Comparison, ComparisonRow
from appraisal.errors import AppraisalError, InputError, SchemeError, ScoreError
from appraisal.events import Adjustment, Veto
from appraisal.explain import Explanation, ExplanationRow
from appraisal.io import (
    dump_scheme,
    dump_sheet,
    load_adjustments,
    load_result,
    load_scheme,
    load_sheet,
    load_vetoes,
)
from appraisal.policies import TieBreak, Tier
from appraisal.result import Appraisal, EffectiveWeight, Flag
from appraisal.scheme import Criterion, RaterGroup, Scheme, Trimmed
from appraisal.sheet import ScoreSheet

__all__ = [
    "Adjustment",
    "Appraisal",
    "AppraisalError",
    "Comparison",
    "ComparisonRow",
    "Criterion",
    "EffectiveWeight",
    "Explanation",
    "ExplanationRow",
    "Flag",
    "InputError",
    "RaterGroup",
    "Scheme",
    "SchemeError",
    "ScoreError",
    "ScoreSheet",
    "TieBreak",
    "Tier",
    "Trimmed",
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
    "weights",
]
