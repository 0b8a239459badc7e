"""``appraisal report``: the report leaders read, as one HTML file or as Markdown."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from appraisal.cli import _appraised, _events, _events_of, _renaming, _strict, _write
from appraisal.cli.inputs import add_inputs


def add_report(commands: Any) -> None:
    """Add the command to the command line's subparsers."""
    report = commands.add_parser(
        "report",
        help="write the report: ranking, what made each score, year over year, raters, robustness",
        description="Appraise SCORES under SCHEME and write the report: a summary of the scheme with nominal and effective weights, the ranking by category with tiers, each unit's contributions and margins, the comparison with last year (--previous), the raters' agreement and flags, how far the ranking holds, and the manifest. HTML (default) is one self-contained file with charts (needs the report and plot extras); md is Markdown without charts.",
    )
    add_inputs(report)
    _events(report)
    _strict(report)
    report.add_argument(
        "--renamed",
        type=_renaming,
        action="append",
        metavar="NEW=OLD",
        help="a unit renamed since last year, this year's name and last year's (repeatable)",
    )
    report.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="the report's language (default en)"
    )
    report.add_argument(
        "--format",
        choices=("html", "md"),
        default="html",
        help="html (default; one self-contained file with charts) or md (Markdown)",
    )
    report.add_argument("--title", metavar="TEXT", help="the report's title")
    report.add_argument(
        "--no-diagnostics", action="store_true", help="leave out the raters' section"
    )
    report.add_argument(
        "--no-robustness", action="store_true", help="leave out the robustness section"
    )
    report.add_argument(
        "--out", type=Path, metavar="FILE", help="write to FILE instead of the terminal"
    )
    report.set_defaults(command="report", run=_report)


def _report(args: argparse.Namespace) -> int:
    from appraisal.reporting import report

    result = _appraised(args)
    previous = _events_of(args, result.scheme, result.units)["previous"]
    text = report(
        result,
        format=args.format,
        lang=args.lang,
        previous=previous,
        diagnostics=not args.no_diagnostics,
        robustness=not args.no_robustness,
        title=args.title,
        renamed=dict(args.renamed or ()),
    )
    return _write(text, args.out)
