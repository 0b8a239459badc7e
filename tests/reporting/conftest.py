"""The example county's two years, and its report in both languages, made once per session."""

import pytest

from appraisal import Appraisal, report
from appraisal.data import RENAMED, appraise_example


@pytest.fixture(scope="session")
def years() -> tuple[Appraisal, Appraisal]:
    return appraise_example()


@pytest.fixture(scope="session", params=["en", "zh"])
def example_html(request: pytest.FixtureRequest, years: tuple[Appraisal, Appraisal]) -> str:
    current, previous = years
    return report(current, lang=request.param, previous=previous, renamed=RENAMED)
