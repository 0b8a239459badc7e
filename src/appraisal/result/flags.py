"""Flags: what a reader of a result should know about a published number."""

from __future__ import annotations

from attrs import frozen

__all__ = ["Flag"]


@frozen
class Flag:
    """Something a reader of the result should know: a unit not scored, a rater that scored nothing.

    Attributes
    ----------
    subject : str
        Whom or what it is about: a unit, a rater, a group, a tier.
    reason : str
        What happened, in words.

    Examples
    --------
    >>> Flag("East River Town", "not scored: no rater scored this unit")
    Flag(subject='East River Town', reason='not scored: no rater scored this unit')
    """

    subject: str
    reason: str
