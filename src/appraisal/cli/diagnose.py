"""``appraisal diagnose``: the raters' leniency, spread, agreement and flags, per rater and per group."""

from __future__ import annotations

import argparse
import json
from typing import Any

from appraisal.cli import _appraised, _events, _events_of, _output, _strict, _warn, _write
from appraisal.cli.inputs import add_inputs


def add_diagnose(commands: Any) -> None:
    """Add the command to the command line's subparsers."""
    diagnose = commands.add_parser(
        "diagnose",
        help="the raters' diagnostics: leniency, spread, agreement, missing scores, residuals, impact, flags",
        description="Appraise SCORES under SCHEME and diagnose the raters (ap.reliability.diagnose): per rater its leniency (points above the others), spread (its SD over the others'), agreement (correlation with the base scores without it), share of missing scores, largest residual, and the largest rank change it causes, with a flag and a reason for every threshold crossed; per rater group its agreement (Krippendorff's alpha, Kendall's W, ICC). The appraisal's flags and the raters' flags are printed as warning: lines on stderr (--strict stops on the appraisal's flags only).",
    )
    add_inputs(diagnose)
    _events(diagnose)
    _strict(diagnose)
    _output(
        diagnose,
        "csv (a row per rater, formula-like text neutralised), json (raters, groups, flags, thresholds)",
    )
    diagnose.set_defaults(command="diagnose", run=_diagnose)


def _diagnose(args: argparse.Namespace) -> int:
    from appraisal.reliability import diagnose
    from appraisal.reliability.tables import diagnostics_csv

    result = _appraised(args)
    previous = _events_of(args, result.scheme, result.units)["previous"]
    diagnostics = diagnose(result, previous=previous)
    _warn(diagnostics.flags, strict=False)  # a rater's flag qualifies no published number
    if args.format == "csv":
        text = diagnostics_csv(diagnostics)
        if args.out is not None:  # a byte order mark, so spreadsheets read UTF-8
            return _write(text, args.out, encoding="utf-8-sig")
    elif args.format == "json":
        text = json.dumps(diagnostics.to_dict(), ensure_ascii=False, indent=1, allow_nan=False)
    elif args.format == "md":
        text = diagnostics.to_markdown()
    else:
        text = str(diagnostics)
    return _write(text, args.out)
