"""Weighted multi-rater appraisal.

Departments score units; departments form weighted rater groups; `appraisal` turns the
scores into published, ranked, explainable results.
"""

from appraisal import weights
from appraisal._version import __version__
from appraisal.appraise import appraise, rank
from appraisal.errors import AppraisalError, InputError, SchemeError, ScoreError
from appraisal.explain import Explanation, ExplanationRow
from appraisal.result import Appraisal, EffectiveWeight, Flag
from appraisal.scheme import Criterion, RaterGroup, Scheme, Trimmed
from appraisal.sheet import ScoreSheet

__all__ = [
    "Appraisal",
    "AppraisalError",
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
    "Trimmed",
    "__version__",
    "appraise",
    "rank",
    "weights",
]
