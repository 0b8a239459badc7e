"""The exceptions that `appraisal` raises.

Every message says what is wrong, where (file, line, rater, unit, criterion or
key path) and what is allowed.
"""


class AppraisalError(Exception):
    """Base class of every error raised by `appraisal` for bad input."""


class SchemeError(AppraisalError, ValueError):
    """A scheme (rater tree, criteria tree, policies) is not valid."""


class InputError(AppraisalError, ValueError):
    """Data handed to a function (scores, ratings, a matrix, a file) is not valid."""


class ScoreError(InputError):
    """A score sheet, or a score in it, is not valid or does not fit the scheme."""


class AppraisalWarning(UserWarning):
    """Something changed or qualified a published number without being an error.

    :func:`~appraisal.appraise` emits at most one per call, summarising the result's
    ``flags``; the command line prints each flag as a ``warning:`` line.
    """
