"""``appraisal convert`` and ``rank --format xlsx``: score sheets and results as files of any kind."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from appraisal.cli.inputs import add_layout, add_worksheet, printed_notes, read_options
from appraisal.errors import AppraisalError
from appraisal.io import dump_sheet, load_result, load_scheme, load_sheet
from appraisal.io.headers import ROLES
from appraisal.io.sheets import SUFFIXES
from appraisal.result.appraisal import Appraisal
from appraisal.result.workbook import write_result

__all__ = ["add_convert", "add_workbook", "write_workbook"]


def add_workbook(rank: argparse.ArgumentParser) -> None:
    """``--format xlsx`` and ``--lang`` for ``rank``."""
    action = next(a for a in rank._actions if a.dest == "format")
    action.choices = (*(action.choices or ()), "xlsx")
    action.help = f"{action.help}; xlsx: a workbook (needs --out): a sheet per category, the explanation, the comparison with --previous"
    rank.add_argument(
        "--lang",
        choices=("en", "zh"),
        default="en",
        help="the column titles of --format xlsx: en (default) or zh (Chinese)",
    )


def write_workbook(args: argparse.Namespace, result: Appraisal) -> int:
    """Write the result as a workbook to --out."""
    if args.out is None:
        message = "--format xlsx writes a workbook, so it needs --out FILE.xlsx."
        raise AppraisalError(message)
    previous = None if args.previous is None else load_result(args.previous)
    write_result(result, args.out, lang=args.lang, previous=previous)
    print(f"wrote {args.out}")
    return 0


def add_convert(commands: Any) -> None:
    """Add the command to the command line's subparsers."""
    kinds = ", ".join(SUFFIXES)
    convert = commands.add_parser(
        "convert",
        help="turn a score sheet into another format: CSV, JSON, .xlsx, Parquet, Arrow",
        description=f"Read the score sheet IN and write it to OUT; the suffixes decide the formats ({kinds}). Every cell is written, missing scores blank; with --scheme the sheet is checked first. --layout matrix reads IN as matrices (a row per unit, a column per rater), --to-layout matrix writes OUT as matrices, so any layout converts to any other.",
    )
    convert.add_argument("source", metavar="IN", type=Path, help="the score sheet to read")
    convert.add_argument("target", metavar="OUT", type=Path, help="the file to write")
    convert.add_argument(
        "--scheme", type=Path, metavar="SCHEME", help="check the sheet against this scheme first"
    )
    convert.add_argument("--encoding", metavar="NAME", help="the encoding of a CSV sheet")
    convert.add_argument(
        "--missing",
        metavar="MARK",
        action="append",
        help="a cell text that marks a missing score (repeatable)",
    )
    convert.add_argument(
        "--columns",
        metavar="NAME=ROLE,...",
        help=f"which header column holds which role (roles: {', '.join(ROLES)})",
    )
    add_worksheet(convert)
    add_layout(convert)
    convert.add_argument(
        "--to-layout",
        choices=("long", "matrix"),
        default="long",
        help="the layout of OUT: long (default) or matrix (CSV, Parquet: a criterion and a unit column and one per rater; .xlsx: a worksheet per criterion)",
    )
    convert.add_argument("--force", action="store_true", help="overwrite OUT if it exists")
    convert.set_defaults(command="convert", run=_convert)


def _convert(args: argparse.Namespace) -> int:
    if args.target.exists() and not args.force:
        message = f"{args.target}: the file exists; pass --force to overwrite it."
        raise AppraisalError(message)
    scheme = None if args.scheme is None else load_scheme(args.scheme)
    with printed_notes():
        sheet = load_sheet(args.source, scheme=scheme, **read_options(args))
    dump_sheet(sheet, args.target, layout=args.to_layout)
    shape = f"{len(sheet.raters)} raters, {len(sheet.units)} units, {len(sheet.criteria)} criteria"
    print(f"wrote {args.target} ({shape})")
    return 0
