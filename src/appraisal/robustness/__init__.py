"""How far a published ranking holds: tipping points, margins, SMAA over weights, resampling raters.

Everything here reads what :func:`~appraisal.appraise` already computed (the group
scores and the influence matrix) and publishes many worlds at once with the result's own
rules: adjustments, rounding, vetoes, the tie method and tie-break cascade, tiers.
"""

from appraisal.robustness.margins import Margins, margins
from appraisal.robustness.resample import Resampled, resample
from appraisal.robustness.smaa import SMAA, smaa
from appraisal.robustness.tipping import TippingEvent, TippingPoints, tipping_points

__all__ = [
    "SMAA",
    "Margins",
    "Resampled",
    "TippingEvent",
    "TippingPoints",
    "margins",
    "resample",
    "smaa",
    "tipping_points",
]
