"""Libraries of the optional extras, imported where they are needed, naming the extra when missing."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["extra_module"]

_NEEDS = {
    "excel": "reading and writing .xlsx needs",
    "arrow": "reading and writing .parquet, .arrow and .feather, and engine='arrow', need",
}
"""What each extra enables, as the start of the message when it is missing."""


def extra_module(name: str, extra: str) -> Any:
    """The module `name`, which the extra `extra` installs, imported on first use.

    Raises
    ------
    ImportError
        The extra is not installed; the message says how to install it.

    Examples
    --------
    >>> extra_module("math", "excel").sqrt(4.0)
    2.0
    >>> extra_module("no_such_module", "excel")
    Traceback (most recent call last):
    ImportError: reading and writing .xlsx needs the excel extra: pip install 'appraisal[excel]'.
    """
    try:
        return importlib.import_module(name)
    except ImportError:
        message = f"{_NEEDS[extra]} the {extra} extra: pip install 'appraisal[{extra}]'."
        raise ImportError(message) from None
