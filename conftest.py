"""The documentation pages run as tests, with the suite: README.md and docs/ (tests/pages.py).

Without an extra, the modules that import it when they load are left out of the
doctests, and the doctests that call it are skipped.
"""

import pytest
from _pytest.doctest import DoctestItem
from tests.pages import missing_extras, pytest_collect_file

__all__ = ["collect_ignore", "pytest_collect_file", "pytest_collection_modifyitems"]

_MODULES = {
    "src/appraisal/reporting/charts.py": "plot",
    "src/appraisal/reporting/html.py": "plot",
}
collect_ignore = [path for path, extra in _MODULES.items() if missing_extras([extra])]

_DOCTESTS = {
    ".to_frame": "pandas",
    ".from_frame": "pandas",
    "frames.build_frame": "pandas",
    "frames.sheet_to_frame": "pandas",
    "agreement.icc": "stats",
    "agreement.kendall_w": "stats",
}
"""Doctests, by the end of their name, that call an extra."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """pytest's hook: skip the doctests whose extra is missing, saying which."""
    for item in items:
        if not isinstance(item, DoctestItem):
            continue
        for end, extra in _DOCTESTS.items():
            if item.name.endswith(end) and missing_extras([extra]):
                item.add_marker(pytest.mark.skip(reason=f"needs the {extra} extra"))
