"""Can the published ranking be trusted? Rater agreement, diagnostics and impact.

The array-level statistics — Kendall's W, intraclass correlations, Krippendorff's
alpha — take ``ratings`` of shape ``(n_raters, n_units)`` (:mod:`appraisal.reliability.agreement`).
On an :class:`~appraisal.Appraisal`, :func:`diagnose` gives a row per rater (leniency,
spread, agreement with the others, missing scores, unit-specific residuals, impact) and
the agreement within each rater group (:mod:`appraisal.reliability.diagnostics`);
:func:`leave_one_out` gives every unit's result without each rater
(:mod:`appraisal.reliability.impact`).
"""

from appraisal.reliability.agreement import icc, kendall_w, krippendorff_alpha
from appraisal.reliability.diagnostics import diagnose
from appraisal.reliability.impact import LeaveOneOut, leave_one_out
from appraisal.reliability.results import (
    Diagnostics,
    GroupAgreement,
    ICCForm,
    ICCResult,
    KendallWResult,
    KrippendorffAlphaResult,
)

__all__ = [
    "Diagnostics",
    "GroupAgreement",
    "ICCForm",
    "ICCResult",
    "KendallWResult",
    "KrippendorffAlphaResult",
    "LeaveOneOut",
    "diagnose",
    "icc",
    "kendall_w",
    "krippendorff_alpha",
    "leave_one_out",
]
