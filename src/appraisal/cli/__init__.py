"""The ``appraisal`` command: rank, explain and check score sheets; compare two years; a demo.

Exit status: 0 on success, 1 for a problem with the input (a file that is missing or
malformed, a score sheet that does not fit its scheme, problems found by ``check``),
2 for a command line that is not understood.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from appraisal import data
from appraisal._version import __version__
from appraisal.cli.inputs import add_inputs as _inputs
from appraisal.cli.inputs import printed_notes, read_options
from appraisal.data.demo import demo
from appraisal.errors import AppraisalError, AppraisalWarning
from appraisal.io import (
    check_sheet,
    load_adjustments,
    load_result,
    load_scheme,
    load_sheet,
    load_vetoes,
)
from appraisal.model.scheme import Scheme
from appraisal.pipeline.appraise import appraise
from appraisal.result.appraisal import Appraisal
from appraisal.result.flags import Flag
from appraisal.result.tables import (
    comparison_csv,
    comparison_json,
    comparison_markdown,
    csv_text,
    markdown_table,
    text_table,
)

__all__ = ["main"]

PROG = "appraisal"
FORMATS = ("table", "csv", "json", "md")
_PLAIN_WORD = re.compile(r"[^\s'\"\\$`!*?;&|<>(){}\[\]#~]+")


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
    except ImportError as error:  # an extra the file needs is not installed
        return _fail(str(error))
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
        description="Weighted multi-rater appraisal: rank units from departments' scores, explain and check the result, compare it with last year's.",
        epilog="Start with 'appraisal demo', then 'appraisal example --out DIR' for files to adapt.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    # they build on the helpers here
    from appraisal.cli import diagnose, files, report, robust, verify

    demo = commands.add_parser(
        "demo",
        help="appraise the built-in example county, compare it with last year and say what was done",
        description="Run the built-in example county (synthetic data) end to end: load its scheme, score sheet, adjustments, vetoes and last year's score sheet, appraise both years, print the published results and the comparison with last year, and explain the steps.",
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
        description="Appraise SCORES under SCHEME and publish the ranking: rank, unit, score, coverage (and category, tier, bonus, deduction, veto when there are any).",
    )
    _inputs(rank)
    _events(rank)
    _strict(rank)
    _output(
        rank,
        "csv (spreadsheet, formula-like text neutralised), json (the whole result, reloadable with Appraisal.from_json)",
    )
    files.add_workbook(rank)
    rank.set_defaults(command="rank", run=_rank)

    explain = commands.add_parser(
        "explain",
        help="show what each group, rater and criterion contributed to a unit's score",
        description="Explain a unit's base score by group, rater and criterion; with two units, what makes the difference between them.",
    )
    _inputs(explain)
    _events(explain)
    _strict(explain)
    explain.add_argument("unit", metavar="UNIT", help="the unit to explain")
    explain.add_argument("other", metavar="UNIT2", nargs="?", help="a second unit to compare with")
    explain.set_defaults(command="explain", run=_explain)

    check = commands.add_parser(
        "check",
        help="list every problem of a score sheet under a scheme, and who did not score what",
        description="Check SCORES against SCHEME (and the events, as rank takes them): list every problem (not only the first) with its line, then the warnings rank would print, then which raters did not score which units. Exit status 1 when there is a problem (rank then fails with the first problem listed), or with --strict a warning.",
    )
    _inputs(check)
    _events(check)
    _strict(check)
    check.set_defaults(command="check", run=_check)

    compare = commands.add_parser(
        "compare",
        help="compare this year's result with last year's, unit by unit",
        description="Compare two results written by 'appraisal rank --format json' (争先进位): per unit in both years the score change, rank change within its category (places gained), tier change and a progress ranking; units new this year or gone since; the scheme settings that differ.",
    )
    compare.add_argument("current", metavar="CURRENT", type=Path, help="this year's result (.json)")
    compare.add_argument(
        "previous", metavar="PREVIOUS", type=Path, help="last year's result (.json)"
    )
    compare.add_argument(
        "--rename",
        metavar="NEW=OLD",
        type=_renaming,
        action="append",
        default=[],
        help="a unit renamed since last year: this year's name = last year's (repeatable)",
    )
    _output(compare, "csv (spreadsheet: a row per unit of either year), json")
    _strict(compare)
    compare.set_defaults(command="compare", run=_compare)

    robust.add_robust(commands)
    files.add_convert(commands)
    verify.add_verify(commands)
    report.add_report(commands)
    diagnose.add_diagnose(commands)

    example = commands.add_parser(
        "example",
        help="write the example county's files to start from",
        description="Write the example county's files into DIR: scheme.toml, scores.csv, adjustments.csv, vetoes.csv, previous_scores.csv (last year), units.csv and translations.csv.",
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


def _output(parser: argparse.ArgumentParser, formats: str) -> None:
    """--format and --out; `formats` describes what csv and json hold for this command."""
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help=f"table (default; aligned text), {formats} or md (Markdown)",
    )
    parser.add_argument(
        "--out", type=Path, metavar="FILE", help="write to FILE instead of the terminal"
    )


def _strict(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--strict",
        action="store_true",
        help="treat a warning (a flag that qualifies a published number) as an error: exit 1 and write no output",
    )


def _events(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--adjustments",
        type=Path,
        metavar="FILE",
        help="bonus and deduction items (加分/扣分): CSV with the header unit,kind,points,reason,evidence",
    )
    command.add_argument(
        "--vetoes",
        type=Path,
        metavar="FILE",
        help="one-vote vetoes (一票否决): CSV with the header unit,reason",
    )
    command.add_argument(
        "--previous",
        type=Path,
        metavar="RESULT.json",
        help="last year's result, as 'rank --format json' writes it (for the 'previous_rank' tie-break step)",
    )


def _renaming(text: str) -> tuple[str, str]:
    new, equals, old = text.partition("=")
    if not equals or not new.strip() or not old.strip():
        message = f"must be NEW=OLD, this year's name and last year's; got {text!r}"
        raise argparse.ArgumentTypeError(message)
    return new, old


def _appraised(args: argparse.Namespace) -> Appraisal:
    """The appraisal the command asks for; its flags printed as ``warning:`` lines.

    Under ``--strict`` a flag is an error: the command stops before writing any output.
    """
    scheme = load_scheme(args.scheme)
    with printed_notes():
        sheet = load_sheet(args.scores, scheme=scheme, **read_options(args))
    with warnings.catch_warnings():  # the flags are printed below, one line each
        warnings.simplefilter("ignore", AppraisalWarning)
        result = appraise(sheet, scheme, **_events_of(args, scheme, sheet.units))
    _warn(result.flags, strict=args.strict)
    return result


def _warn(flags: Sequence[Flag], *, strict: bool) -> None:
    for flag in flags:
        print(f"warning: {flag.subject}: {flag.reason}", file=sys.stderr)
    if strict and flags:
        count = f"{len(flags)} warning{'s' if len(flags) > 1 else ''}"
        message = f"--strict: {count}, so no output was written."
        raise AppraisalError(message)


def _events_of(args: argparse.Namespace, scheme: Scheme, units: tuple[str, ...]) -> dict[str, Any]:
    """The adjustments, vetoes and previous result the command was given, for these units."""
    if "previous_rank" in scheme.tie_break and args.previous is None:
        message = f"{args.scheme}: tie_break uses 'previous_rank', which needs last year's result; pass it with --previous RESULT.json."
        raise AppraisalError(message)
    return {
        "adjustments": ()
        if args.adjustments is None
        else load_adjustments(args.adjustments, units=units),
        "vetoes": () if args.vetoes is None else load_vetoes(args.vetoes, units=units),
        "previous": None if args.previous is None else load_result(args.previous),
    }


def _rank(args: argparse.Namespace) -> int:
    result = _appraised(args)
    if args.format == "xlsx":
        from appraisal.cli.files import write_workbook

        return write_workbook(args, result)
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
    return _write(text, args.out)


def _write(text: str, out: Path | None, *, encoding: str = "utf-8") -> int:
    if out is not None:
        out.write_text(text.rstrip("\n") + "\n", encoding=encoding)
        return _wrote(out)
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
    read = read_options(args)
    with printed_notes():
        units = check_sheet(args.scores, scheme, **read).units
        report = check_sheet(args.scores, scheme, **read, **_events_of(args, scheme, units))
    print(report)
    return 0 if report.ok and not (args.strict and report.warnings) else 1


def _compare(args: argparse.Namespace) -> int:
    renamed: dict[str, str] = {}
    for new, old in args.rename:
        if renamed.setdefault(new, old) != old:
            message = f"--rename: {new!r} is renamed twice, from {renamed[new]!r} and from {old!r}; renaming is one to one."
            raise AppraisalError(message)
    current, previous = load_result(args.current), load_result(args.previous)
    _warn(current.flags, strict=args.strict)
    comparison = current.compare(previous, renamed=renamed)
    if args.format == "csv":
        text = comparison_csv(comparison, current, previous)
        if args.out is not None:  # a byte order mark, so spreadsheets read UTF-8
            return _write(text, args.out, encoding="utf-8-sig")
    elif args.format == "json":
        text = comparison_json(comparison, indent=1, decimals=current.scheme.decimals)
    elif args.format == "md":
        text = comparison_markdown(comparison, decimals=current.scheme.decimals)
    else:
        text = str(comparison)
    return _write(text, args.out)


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

    def at(name: str) -> str:
        return _shell(str(out / name))

    renames = " ".join(f"--rename {_shell(f'{new}={old}')}" for new, old in data.RENAMED.items())
    print("next, last year's result, this year's with its events, and the two compared:")
    print(
        f"  {PROG} rank {at('previous_scores.csv')} --scheme {at('scheme.toml')} --format json --out {at('previous.json')}"
    )
    print(
        f"  {PROG} rank {at('scores.csv')} --scheme {at('scheme.toml')} --adjustments {at('adjustments.csv')} "
        f"--vetoes {at('vetoes.csv')} --previous {at('previous.json')} --format json --out {at('current.json')}"
    )
    print(f"  {PROG} compare {at('current.json')} {at('previous.json')} {renames}")
    return 0


def _shell(word: str) -> str:
    """`word` as a shell reads it: quoted only when it holds a blank or a special character."""
    return word if _PLAIN_WORD.fullmatch(word) else shlex.quote(word)


def _demo(args: argparse.Namespace) -> int:
    print(demo(args.format))
    return 0
