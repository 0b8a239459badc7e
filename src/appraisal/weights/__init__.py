"""Criterion weights derived from experts' judgements, from data, or from an agreed order.

Three families, one shape of answer:

* experts compare criteria in pairs: ``ahp()``, ``ahp_from_judgements()`` and
  ``ahp_group()`` (the Analytic Hierarchy Process);
* the scores themselves say how much each criterion tells the units apart:
  ``entropy()`` and ``critic()`` (``matrix`` is units x criteria);
* a committee agrees only an order of importance: ``rank_order_centroid()``,
  ``rank_sum()``, and ``equal()`` when everything ties.

Every function returns a small frozen result object whose ``weights`` is a read-only
float64 array that sums to 1, in the order of the input's criteria. The functions take
and return plain arrays; :func:`leaf_weights` and :func:`assign` connect them to a
scheme's criteria tree.
Checks happen once, at the boundary; the private kernels below them trust their input.
"""

from appraisal.weights.ahp import SAATY_RANDOM_INDEX, ahp, ahp_from_judgements, ahp_group
from appraisal.weights.data import critic, entropy
from appraisal.weights.order import equal, rank_order_centroid, rank_sum
from appraisal.weights.results import (
    AhpGroupResult,
    AhpResult,
    CriticResult,
    EntropyResult,
    RankWeights,
)
from appraisal.weights.tree import assign, leaf_weights

__all__ = [
    "SAATY_RANDOM_INDEX",
    "AhpGroupResult",
    "AhpResult",
    "CriticResult",
    "EntropyResult",
    "RankWeights",
    "ahp",
    "ahp_from_judgements",
    "ahp_group",
    "assign",
    "critic",
    "entropy",
    "equal",
    "leaf_weights",
    "rank_order_centroid",
    "rank_sum",
]
