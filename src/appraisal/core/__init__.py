"""Numpy kernels on plain arrays: no labels, no attrs, no I/O.

Kernels trust their inputs; the labelled layer above validated them. Axis order is
(raters, units, criteria) everywhere.
"""

from appraisal.core.criteria import RaterScores, rater_scores
from appraisal.core.effective import contributions, effective_weights
from appraisal.core.fold import Fold, GroupSpec, fold
from appraisal.core.loo import LeftOut, leave_one_out
from appraisal.core.rank import TIES, rank
from appraisal.core.rounding import round_half_up
from appraisal.core.standardize import Standardized, standardize, z_maps
from appraisal.core.standing import Standing, standing, tiers
from appraisal.core.worlds import Rules, WorldPlaces, world_places

__all__ = [
    "TIES",
    "Fold",
    "GroupSpec",
    "LeftOut",
    "RaterScores",
    "Rules",
    "Standardized",
    "Standing",
    "WorldPlaces",
    "contributions",
    "effective_weights",
    "fold",
    "leave_one_out",
    "rank",
    "rater_scores",
    "round_half_up",
    "standardize",
    "standing",
    "tiers",
    "world_places",
    "z_maps",
]
