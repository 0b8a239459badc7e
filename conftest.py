"""The documentation pages run as tests, with the suite: README.md and docs/ (tests/pages.py)."""

from tests.pages import pytest_collect_file

__all__ = ["pytest_collect_file"]
