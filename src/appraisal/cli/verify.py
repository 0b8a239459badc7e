"""``appraisal verify``: recount a result file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_verify(commands: Any) -> None:
    """Add the command to the command line's subparsers."""
    verify = commands.add_parser(
        "verify",
        help="recount a result file: its inputs hash as recorded and it recomputes identically",
        description="Check that RESULT (written by 'appraisal rank --format json') came from exactly its scores, scheme and events: their hashes must be those its manifest records, and recomputing it must give every published value again. Input files given (--scores, --scheme, ...) are checked against the recorded hashes first and used instead of the ones the result holds; a slim result (written without its scores) needs --scores. Exit status 0 when everything recomputes identically, 1 with the list of differences otherwise.",
    )
    verify.add_argument("result", metavar="RESULT", type=Path, help="the result (.json)")
    for name, what in (
        ("scores", "the score sheet it was computed from"),
        ("scheme", "the scheme"),
        ("adjustments", "the adjustments file"),
        ("vetoes", "the vetoes file"),
        ("previous", "last year's result (.json)"),
    ):
        verify.add_argument(f"--{name}", type=Path, metavar="FILE", help=what)
    verify.set_defaults(command="verify", run=_verify, strict=False)


def _verify(args: argparse.Namespace) -> int:
    from appraisal.io.verify import verify

    found = verify(
        args.result,
        sheet=args.scores,
        scheme=args.scheme,
        adjustments=args.adjustments,
        vetoes=args.vetoes,
        previous=args.previous,
    )
    print(found)
    return 0 if found.ok else 1
