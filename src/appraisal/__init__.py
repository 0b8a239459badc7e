"""Weighted multi-rater appraisal."""

from appraisal._version import __version__
from appraisal.errors import AppraisalError, InputError, SchemeError, ScoreError

__all__ = [
    "AppraisalError",
    "InputError",
    "SchemeError",
    "ScoreError",
    "__version__",
]
