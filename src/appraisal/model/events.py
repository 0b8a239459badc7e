"""Events that change a published result: adjustments (加分/扣分) and vetoes (一票否决)."""

from __future__ import annotations

import math
from typing import Literal

from attrs import field, frozen

from appraisal._text import name_fault
from appraisal.errors import InputError
from appraisal.model._convert import as_float

__all__ = ["Adjustment", "Veto"]


@frozen
class Adjustment:
    """Bonus or deduction points for one unit, applied after the base score, before rounding.

    Attributes
    ----------
    unit : str
    points : float
        Positive for both kinds: a deduction subtracts its points.
    reason : str
    kind : {"bonus", "deduction"}, default "bonus"
    evidence : str, optional
        An identifier of the documented event: the same evidence counts once.

    Examples
    --------
    >>> Adjustment("East River Town", 2, "provincial award", evidence="2026-017")
    Adjustment(unit='East River Town', points=2.0, reason='provincial award', kind='bonus', evidence='2026-017')
    """

    unit: str
    points: float = field(converter=as_float)
    reason: str
    kind: Literal["bonus", "deduction"] = "bonus"
    evidence: str | None = None

    def __attrs_post_init__(self) -> None:
        where = f"Adjustment for unit {self.unit!r}"
        if fault := name_fault(self.unit):
            message = f"Adjustment: unit {fault}; got {self.unit!r}."
            raise InputError(message)
        if not (isinstance(self.points, float) and math.isfinite(self.points) and self.points >= 0):
            message = f"{where}: points must be a finite number >= 0 (a deduction subtracts its points); got {self.points!r}."
            raise InputError(message)
        if self.kind not in ("bonus", "deduction"):
            message = f"{where}: kind must be 'bonus' or 'deduction'; got {self.kind!r}."
            raise InputError(message)
        if not isinstance(self.reason, str):
            message = f"{where}: reason must be a string; got {self.reason!r}."
            raise InputError(message)

    @property
    def signed(self) -> float:
        """The points as they change the score: negative for a deduction."""
        return self.points if self.kind == "bonus" else -self.points


@frozen
class Veto:
    """A one-vote veto (一票否决) of a unit, with its reason; the scheme's ``veto`` says what it does.

    Examples
    --------
    >>> Veto("West Hill Town", "major safety accident")
    Veto(unit='West Hill Town', reason='major safety accident')
    """

    unit: str
    reason: str

    def __attrs_post_init__(self) -> None:
        if fault := name_fault(self.unit):
            message = f"Veto: unit {fault}; got {self.unit!r}."
            raise InputError(message)
        if not isinstance(self.reason, str) or not self.reason.strip():
            message = f"Veto for unit {self.unit!r}: reason must be a non-empty string; got {self.reason!r}."
            raise InputError(message)
