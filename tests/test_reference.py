"""Published worked examples, one parametrised test per file in tests/reference/.

Each file is JSON with the keys:

- ``source``: the publication (authors, year, title, page or table);
- ``function``: the dotted path of the public function, e.g. ``appraisal.weights.ahp``;
- ``args`` / ``kwargs``: its arguments (nested lists become float64 arrays; ``null``
  inside a list becomes NaN);
- ``expected``: a mapping from an attribute path of the result (``weights``,
  ``forms.ICC(2,1).statistic``) to the published value (a number or a list);
- ``tolerance``: the absolute tolerance the publication's rounding allows.
"""

import importlib
import importlib.util
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

REFERENCE = Path(__file__).parent / "reference"
FILES = sorted(REFERENCE.glob("*.json"))


def _argument(value: Any) -> Any:
    if isinstance(value, list):
        return np.array(
            [np.nan if v is None else v for v in np.ravel(np.array(value, dtype=object))],
            dtype=float,
        ).reshape(np.shape(np.array(value, dtype=object)))
    return value


def _attribute(result: Any, path: str) -> Any:
    value = result
    for part in path.split("."):
        value = (
            value[part]
            if isinstance(value, dict) or hasattr(value, "keys")
            else getattr(value, part)
        )
    return value


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_reference(path: Path) -> None:
    """The function reproduces the published values within the published rounding."""
    case = json.loads(path.read_text(encoding="utf-8"))
    assert case["source"], "a reference names its source"
    module_name, _, name = case["function"].rpartition(".")
    function = getattr(importlib.import_module(module_name), name)
    args = [_argument(a) for a in case.get("args", [])]
    kwargs = {k: _argument(v) for k, v in case.get("kwargs", {}).items()}
    result = function(*args, **kwargs)
    for attribute, expected in case["expected"].items():
        actual = _attribute(result, attribute)
        if actual is None and importlib.util.find_spec("scipy") is None:
            continue  # p-values and limits need the stats extra
        np.testing.assert_allclose(
            np.asarray(actual, dtype=float),
            np.asarray(expected, dtype=float),
            atol=case["tolerance"],
            rtol=0,
            err_msg=f"{path.name}: {attribute}",
        )
