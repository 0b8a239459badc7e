"""The options of the commands that read a score sheet, and the reading they ask for."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from appraisal.io import MISSING
from appraisal.io.headers import ROLES, parse_columns

__all__ = ["add_inputs", "add_worksheet", "read_options"]


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


def add_worksheet(command: argparse.ArgumentParser) -> None:
    """--worksheet, for a command that reads a workbook."""
    command.add_argument(
        "--worksheet",
        metavar="NAME",
        help="the worksheet of an .xlsx score sheet to read (default: the first)",
    )


def read_options(args: argparse.Namespace) -> dict[str, Any]:
    """The keywords of ``load_sheet`` and ``check_sheet`` that the options ask for."""
    columns = None if args.columns is None else parse_columns(args.columns)
    return {
        "encoding": args.encoding,
        "missing": MISSING if args.missing is None else ("", *args.missing),
        "columns": columns,
        "worksheet": args.worksheet,
    }
