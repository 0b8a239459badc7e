"""The ``appraisal`` command: rank, explain and check score sheets from files; a demo.

Exit status: 0 on success, 1 for a problem with the input (a file that is missing or
malformed, a score sheet that does not fit its scheme, problems found by ``check``),
2 for a command line that is not understood.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from appraisal import data
from appraisal._version import __version__
from appraisal.appraise import appraise
from appraisal.errors import AppraisalError
from appraisal.io import MISSING, check_sheet, load_scheme, load_sheet
from appraisal.publish import csv_text, markdown_table, text_table
from appraisal.result import Appraisal

__all__ = ["main"]

PROG = "appraisal"
FORMATS = ("table", "csv", "json", "md")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, 1; usage errors exit with 2).

    Examples
    --------
    >>> main(["rank", "no-such-scores.csv", "--scheme", "no-such-scheme.toml"])
    1
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        status: int = args.run(args)
    except AppraisalError as error:
        return _fail(str(error))
    except FileNotFoundError as error:
        return _fail(f"{error.filename}: no such file.")
    except BrokenPipeError:  # the reader (`| head`) stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        return _fail(f"{where}{error.strerror or error}.")
    return status


def _fail(message: str) -> int:
    print(f"{PROG}: {message}", file=sys.stderr)
    return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Weighted multi-rater appraisal: rank units from departments' scores, explain and check the result.",
        epilog="Start with 'appraisal demo', then 'appraisal example --out DIR' for files to adapt.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="rank the built-in example county and say what was done",
        description="Run the built-in example county (synthetic data) end to end: load its scheme and score sheet, appraise, print the published ranking and explain the steps.",
    )
    demo.add_argument(
        "--format",
        choices=("table", "md"),
        default="table",
        help="table (default) or md (Markdown)",
    )
    demo.set_defaults(command="demo", run=_demo)

    rank = commands.add_parser(
        "rank",
        help="appraise a score sheet under a scheme and print the published ranking",
        description="Appraise SCORES under SCHEME and publish the ranking: rank, unit, score, coverage.",
    )
    _inputs(rank)
    rank.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default; aligned text), csv (spreadsheet, formula-like text neutralised), json (the whole result, reloadable with Appraisal.from_json) or md (Markdown)",
    )
    rank.add_argument(
        "--out", type=Path, metavar="FILE", help="write to FILE instead of the terminal"
    )
    rank.set_defaults(command="rank", run=_rank)

    explain = commands.add_parser(
        "explain",
        help="show what each group, rater and criterion contributed to a unit's score",
        description="Explain a unit's base score by group, rater and criterion; with two units, what makes the difference between them.",
    )
    _inputs(explain)
    explain.add_argument("unit", metavar="UNIT", help="the unit to explain")
    explain.add_argument("other", metavar="UNIT2", nargs="?", help="a second unit to compare with")
    explain.set_defaults(command="explain", run=_explain)

    check = commands.add_parser(
        "check",
        help="list every problem of a score sheet under a scheme, and who did not score what",
        description="Check SCORES against SCHEME: list every problem (not only the first) with its line, then which raters did not score which units. Exit status 1 when there is a problem.",
    )
    _inputs(check)
    check.set_defaults(command="check", run=_check)

    example = commands.add_parser(
        "example",
        help="write the example county's files to start from",
        description="Write the example county's scheme.toml, scores.csv, units.csv and translations.csv into DIR.",
    )
    example.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        required=True,
        help="the directory to write into (made if needed)",
    )
    example.add_argument("--force", action="store_true", help="overwrite files that exist")
    example.set_defaults(command="example", run=_example)
    return parser


def _inputs(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "scores", metavar="SCORES", type=Path, help="the score sheet: .csv (long or wide) or .json"
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


def _appraised(args: argparse.Namespace) -> Appraisal:
    scheme = load_scheme(args.scheme)
    missing = MISSING if args.missing is None else ("", *args.missing)
    sheet = load_sheet(args.scores, scheme=scheme, encoding=args.encoding, missing=missing)
    return appraise(sheet, scheme)


def _rank(args: argparse.Namespace) -> int:
    result = _appraised(args)
    if args.format == "csv":
        if args.out is not None:
            result.to_csv(args.out)
            return _wrote(args.out)
        text = csv_text(result)
    elif args.format == "json":
        text = result.to_json(indent=1)
    elif args.format == "md":
        text = markdown_table(result)
    else:
        text = text_table(result)
    if args.out is not None:
        args.out.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
        return _wrote(args.out)
    sys.stdout.write(text.rstrip("\n") + "\n")
    return 0


def _wrote(path: Path) -> int:
    print(f"wrote {path}")
    return 0


def _explain(args: argparse.Namespace) -> int:
    result = _appraised(args)
    print(result.explain(args.unit, args.other))
    return 0


def _check(args: argparse.Namespace) -> int:
    scheme = load_scheme(args.scheme)
    missing = MISSING if args.missing is None else ("", *args.missing)
    report = check_sheet(args.scores, scheme, encoding=args.encoding, missing=missing)
    print(report)
    return 0 if report.ok else 1


def _example(args: argparse.Namespace) -> int:
    out: Path = args.out
    files = data.example_paths().files()
    if not args.force:
        existing = [out / f.name for f in files if (out / f.name).exists()]
        if existing:
            return _fail(f"{existing[0]}: the file exists; pass --force to overwrite it.")
    out.mkdir(parents=True, exist_ok=True)
    for source in files:
        shutil.copyfile(source, out / source.name)
    print(f"wrote {', '.join(f.name for f in files)} into {out}")
    print(f"next: {PROG} rank {out / 'scores.csv'} --scheme {out / 'scheme.toml'}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    sheet, scheme = data.load_example()
    result = appraise(sheet, scheme)
    names, kinds = data.translations(), data.example_units()
    english = {unit: names[unit] for unit in result.units}
    kind = {unit: names[kinds[unit]] for unit in result.units}
    extra = {"english": english, "kind": kind}
    table = (
        text_table(result, extra=extra)
        if args.format == "table"
        else markdown_table(result, extra=extra)
    )
    print("The example county (synthetic, illustrative data): published ranking\n")
    print(table)
    print()
    print(_story(result))
    return 0


def _story(result: Appraisal) -> str:
    """One paragraph on what the demo just did, with the example's own numbers."""
    scheme, values = result.scheme, result.sheet.values
    names = data.translations()
    groups = [g for g in scheme.raters.members if not isinstance(g, str)]
    shares = " and ".join(
        f"{g.name} ({names.get(g.name, g.name)}: {len(g.rater_names())} departments, {g.weight:.0%})"
        for g in groups
    )
    criteria = ", ".join(
        f"{c.name} ({names.get(c.name, c.name)}) {c.weight:.0%}" for c in scheme.criteria
    )
    n_missing = int(np.isnan(values).sum())
    decimals = (
        "unrounded" if scheme.decimals is None else f"rounded half-up to {scheme.decimals} decimals"
    )
    text = (
        f"What just happened: {len(result.raters)} departments scored {len(result.units)} units "
        f"(townships and development zones) on {len(scheme.criteria)} criteria: {criteria}. "
        f"For each department and unit, the criterion scores were averaged with the criterion "
        f"weights; the departments' scores were averaged within their rater groups, {shares}; "
        f"and the group scores were combined with the group weights into each unit's base "
        f"score. {n_missing} of {values.size} scores were missing: a missing score is left "
        f"out and the remaining weights renormalised, so coverage shows how many departments "
        f"scored each unit. The base scores were published {decimals} and ranked, tied "
        f"scores sharing a place ('{scheme.ties}' ranking{', 1-2-2-4' if scheme.ties == 'min' else ''}). Next: '{PROG} explain' "
        f"a unit, or '{PROG} example --out DIR' for the files behind this run."
    )
    return textwrap.fill(text, width=88)
