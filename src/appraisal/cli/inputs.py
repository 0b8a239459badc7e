"""The options of the commands that read a score sheet, and the reading they ask for."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from appraisal.errors import AppraisalWarning
from appraisal.io import MISSING
from appraisal.io.headers import ROLES, parse_columns
from appraisal.model.matrix import ORIENTATIONS

__all__ = ["add_inputs", "add_layout", "add_worksheet", "printed_notes", "read_options"]


def add_inputs(command: argparse.ArgumentParser) -> None:
    """SCORES, --scheme and how to read the score sheet."""
    command.add_argument(
        "scores",
        metavar="SCORES",
        type=Path,
        help="the score sheet: .csv (long or wide), .json, .xlsx, .parquet, .arrow or .feather",
    )
    command.add_argument(
        "--scheme", type=Path, metavar="SCHEME", required=True, help="the scheme: .toml or .json"
    )
    command.add_argument(
        "--encoding",
        metavar="NAME",
        help="the score sheet's encoding (default: UTF-8, else GB18030)",
    )
    command.add_argument(
        "--missing",
        metavar="MARK",
        action="append",
        help=f"a cell text that marks a missing score (repeatable; default: blank and {', '.join(m for m in MISSING if m)})",
    )
    command.add_argument(
        "--columns",
        metavar="NAME=ROLE,...",
        help=f"which header column holds which role, such as 评分部门=rater,单位名称=unit (roles: {', '.join(ROLES)}; default: the header names and their aliases)",
    )
    add_worksheet(command)
    add_layout(command)


def add_worksheet(command: argparse.ArgumentParser) -> None:
    """--worksheet, for a command that reads a workbook."""
    command.add_argument(
        "--worksheet",
        metavar="NAME",
        action="append",
        help="the worksheet of an .xlsx score sheet to read (default: the first; with --layout matrix every worksheet, and --worksheet may be repeated)",
    )


def add_layout(command: argparse.ArgumentParser) -> None:
    """--layout, --criterion and --orientation: how a score sheet is laid out."""
    command.add_argument(
        "--layout",
        choices=("auto", "matrix"),
        default="auto",
        help="auto (default): long or wide, as the header says; matrix: a row per unit and a column per rater (a workbook: a worksheet per criterion, titled with its name)",
    )
    command.add_argument(
        "--criterion",
        metavar="NAME",
        help="with --layout matrix: the criterion a single matrix scores (default: the scheme's only one)",
    )
    command.add_argument(
        "--orientation",
        choices=ORIENTATIONS,
        help="with --layout matrix: units-by-raters or raters-by-units (default: the label column's header, else the axis of the scheme's raters)",
    )


def read_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keywords of ``load_sheet`` and ``check_sheet`` that the options ask for."""
    columns = None if args.columns is None else parse_columns(args.columns)
    worksheet = args.worksheet
    if worksheet is not None and len(worksheet) == 1:
        worksheet = worksheet[0]
    return {
        "encoding": args.encoding,
        "missing": MISSING if args.missing is None else ("", *args.missing),
        "columns": columns,
        "worksheet": worksheet,
        "layout": args.layout,
        "criterion": args.criterion,
        "orientation": args.orientation,
    }


@contextmanager
def printed_notes() -> Iterator[None]:
    """Print the notes of reading a score sheet (what a matrix read past) as ``warning:`` lines, each once."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", AppraisalWarning)
        yield
    for note in dict.fromkeys(str(w.message) for w in caught if w.category is AppraisalWarning):
        print(f"warning: {note}", file=sys.stderr)
