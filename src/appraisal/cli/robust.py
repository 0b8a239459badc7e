"""``appraisal robust``: how far the ranking holds."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from typing import Any

from appraisal.cli import _appraised, _events, _events_of, _output, _write
from appraisal.cli.inputs import add_inputs
from appraisal.model.raters import RaterGroup


def add_robust(commands: Any) -> None:
    """Add the command to the command line's subparsers."""
    robust = commands.add_parser(
        "robust",
        help="how far the ranking holds: tipping points of the group weights, margins, SMAA and bootstrap",
        description="Tipping points of every top-level group's share (or --group), each unit's margins to the next place and tier and its lead, and, when asked, SMAA over the group shares (--draws) and a bootstrap over raters (--bootstrap): the 90 % rank interval and the probability of the published tier per unit.",
    )
    add_inputs(robust)
    _events(robust)
    robust.add_argument(
        "--group",
        action="append",
        metavar="NAME",
        help="a group whose share to vary (repeatable; default: every top-level group)",
    )
    robust.add_argument(
        "--draws",
        type=int,
        metavar="N",
        help="SMAA over the top-level shares with N draws (Dirichlet, concentration 100)",
    )
    robust.add_argument(
        "--bootstrap",
        type=int,
        metavar="N",
        help="a stratified bootstrap over raters with N replicates",
    )
    robust.add_argument(
        "--seed", type=int, default=0, metavar="S", help="the seed of the draws (default 0)"
    )
    _output(robust, "csv (one row per unit), json (sentences and rows)")
    robust.set_defaults(command="robust", run=_robust, strict=False)


def _robust(args: argparse.Namespace) -> int:
    from appraisal import robustness
    from appraisal.robustness.summary import render, sentences, summary_rows

    result = _appraised(args)
    previous = _events_of(args, result.scheme, result.units)["previous"]
    groups = args.group or [
        g.name for g in result.scheme.raters.members if isinstance(g, RaterGroup)
    ]
    bar = sys.stderr.isatty() and importlib.util.find_spec("tqdm") is not None
    points = [robustness.tipping_points(result, g, previous=previous) for g in groups]
    smaa = (
        None
        if args.draws is None
        else robustness.smaa(
            result, draws=args.draws, seed=args.seed, previous=previous, progress=bar or None
        )
    )
    boot = (
        None
        if args.bootstrap is None
        else robustness.resample(
            result,
            replicates=args.bootstrap,
            seed=args.seed,
            previous=previous,
            progress=bar or None,
        )
    )
    rows = summary_rows(result, robustness.margins(result, previous=previous), smaa, boot)
    return _write(render(sentences(points), rows, args.format), args.out)
