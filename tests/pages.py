"""Run the documentation pages as tests: every example a page shows is run, and checked.

The root ``conftest.py`` hands :data:`PAGES` to pytest, so ``README.md`` and every page
under ``docs/`` run in the normal test run. What a page may hold:

- a ```` ```python ```` block, followed (after blank lines only) by a ```` ```text ````
  block or a Markdown table: what the block prints, exactly (trailing blanks aside). A
  python block followed by neither must print nothing. A block that raises shows the
  exception as the last line of its text block, ``ErrorClass: message`` (the class's
  name, or its dotted path), after what it printed before and, if the page likes, a
  line ``Traceback (most recent call last):``;
- a ```` ```pycon ```` block: a doctest;
- a ```` ```bash ```` block: ``appraisal ...`` command lines, each run through
  :func:`appraisal.cli.main` and required to exit 0;
- ``<!-- skip: next "reason" -->`` on the line before a block that is only an
  illustration (it installs something, or needs a server): the block is reported as
  skipped with its reason. A skip without a reason is refused when the page is
  collected;
- ``<!-- needs: excel arrow -->``: the blocks below it, up to the next ``needs`` (an
  empty ``<!-- needs: -->`` ends it), need these extras (:data:`EXTRAS`); without them
  installed the blocks are reported as skipped.

Each page runs in a fresh temporary folder of its own, which is its working folder while
its blocks run and is removed afterwards, with one namespace that its blocks share in
order: a page reads as one session, top to bottom. Other fenced blocks (``text`` on its
own, ``toml``, ``json``) are shown, not run.
"""

import contextlib
import difflib
import doctest
import importlib.util
import io
import re
import shlex
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sybil import Document, Example, Region, Sybil
from sybil.evaluators.doctest import NUMBER, DocTestEvaluator
from sybil.integration.pytest import SybilFile, SybilItem
from sybil.parsers.abstract.doctest import DocTestStringParser
from sybil.parsers.markdown import SkipParser
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer

from appraisal.cli import main

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = ("README.md", "docs/*.md", "docs/*/*.md")
RUN = ("python", "pycon", "bash")  # the languages whose blocks run
TRACEBACK = "Traceback (most recent call last):"
SKIP = re.compile(r"""next\s+(?P<quote>["'])(?P<reason>\S.*?)(?P=quote)""")
NEEDS = re.compile(r"<!--\s*needs:(?P<extras>[^>]*?)-->")
EXTRAS = {
    "stats": ("scipy",),
    "pandas": ("pandas", "narwhals"),
    "polars": ("polars", "narwhals"),
    "excel": ("python_calamine", "xlsxwriter"),
    "arrow": ("pyarrow",),
    "plot": ("matplotlib",),
    "report": ("jinja2",),
    "progress": ("tqdm",),
    "dask": ("distributed",),
}
"""The modules each extra of the project installs, by the names they import as."""


def missing_extras(extras: Iterable[str]) -> list[str]:
    """The extras among `extras` that are not installed."""
    return [e for e in extras if any(importlib.util.find_spec(m) is None for m in EXTRAS[e])]


# the folder each page runs in, by the id of the page's namespace
_folders: dict[int, Path] = {}


def fenced_blocks(text: str) -> Iterator[tuple[str, int, int, str, int]]:
    """Each fenced block of a page: language, start, end, source, offset of the source."""
    lexer = RawFencedCodeBlockLexer(
        info_pattern=re.compile(r"(?P<language>[^\n]*)\n"),
        mapping={"language": "language", "source": "source"},
    )
    for region in lexer(Document(text, "<page>")):
        source = region.lexemes["source"]
        yield (
            region.lexemes["language"].strip(),
            region.start,
            region.end,
            str(source),
            region.start + source.offset,
        )


def enter_page(namespace: dict[str, Any]) -> None:
    """Give a page a fresh temporary folder to run in."""
    _folders[id(namespace)] = Path(tempfile.mkdtemp(prefix="appraisal-page-"))


def leave_page(namespace: dict[str, Any]) -> None:
    """Remove the page's folder: the one :func:`enter_page` made, nothing else."""
    folder = _folders.pop(id(namespace), None)
    if folder is not None:
        shutil.rmtree(folder)


@contextlib.contextmanager
def in_page_folder(example: Example) -> Iterator[None]:
    """Run with the page's folder as the working folder, and go back afterwards."""
    folder = _folders.get(id(example.namespace))
    if folder is None:
        message = f"{example.path}: the page was not set up (no folder to run it in)."
        raise RuntimeError(message)
    with contextlib.chdir(folder):
        yield


def _lines(text: str) -> list[str]:
    """Text as lines without trailing blanks, and without blank lines at its end."""
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _error_lines(error: BaseException) -> set[str]:
    """The ways a page may show an exception: by its class's name or dotted path."""
    kind = type(error)
    names = {kind.__name__, f"{kind.__module__}.{kind.__qualname__}"}
    message = str(error)
    return {f"{name}: {message}" if message else name for name in names}


def _stale(example: Example, shown: list[str], printed: list[str]) -> str:
    """The failure message for output that differs from what the page shows."""
    diff = "\n".join(
        difflib.unified_diff(shown, printed, "the page shows", "the block prints", lineterm="")
    )
    return (
        f"{example.path} line {example.line}: the block prints something else than the "
        f"page shows after it; run it and paste its output.\n{diff}"
    )


def evaluate_python(example: Example) -> str | None:
    """Run a python block in the page's namespace and compare what it prints."""
    __tracebackhide__ = True
    code, shown = example.parsed
    source = "\n" * example.line + code  # so that tracebacks give the page's line numbers
    printed = io.StringIO()
    error: Exception | None = None
    with in_page_folder(example), contextlib.redirect_stdout(printed):
        try:
            exec(compile(source, example.path, "exec", dont_inherit=True), example.namespace)
        except Exception as caught:
            error = caught
    example.namespace.pop("__builtins__", None)
    out = _lines(printed.getvalue())
    if error is not None:
        expected = _lines(shown) if shown is not None else []
        if not expected or expected[-1] not in _error_lines(error):
            raise error
        expected.pop()
        if expected and expected[-1] == TRACEBACK:
            expected.pop()
        return None if expected == out else _stale(example, expected, out)
    expected = _lines(shown) if shown is not None else []
    return None if expected == out else _stale(example, expected, out)


def evaluate_commands(example: Example) -> str | None:
    """Run each ``appraisal ...`` line of a bash block; each must exit 0."""
    text = re.sub(r"\\\n", " ", example.parsed)  # a line continued with a backslash
    for line in text.split("\n"):
        words = shlex.split(line, comments=True)
        if not words:
            continue
        if words[0] != "appraisal":
            return (
                f"{example.path} line {example.line}: a bash block runs `appraisal ...` "
                f"lines only; got {line.strip()!r}. Mark an illustration with "
                '<!-- skip: next "reason" --> on the line before the block.'
            )
        out, err = io.StringIO(), io.StringIO()
        with (
            in_page_folder(example),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                status = main(words[1:])
            except SystemExit as exit_:  # argparse's usage errors
                status = exit_.code if isinstance(exit_.code, int) else 1
        if status != 0:
            return (
                f"{example.path} line {example.line}: `{line.strip()}` exited with "
                f"status {status}:\n{err.getvalue()}{out.getvalue()}"
            )
    return None


def in_folder(evaluator: Callable[[Example], str | None]) -> Callable[[Example], str | None]:
    """An evaluator that runs `evaluator` in the page's folder."""

    def evaluate(example: Example) -> str | None:
        __tracebackhide__ = True
        with in_page_folder(example):
            return evaluator(example)

    return evaluate


class BlockParser:
    """Python, pycon and bash blocks, each python block with the output shown after it."""

    def __init__(self) -> None:
        optionflags = doctest.NORMALIZE_WHITESPACE | NUMBER
        self.doctests = DocTestStringParser(DocTestEvaluator(optionflags))
        self.doctest_in_folder = in_folder(self.doctests.evaluator)

    def __call__(self, document: Document) -> Iterator[Region]:
        """The regions of `document` that run (skipped where an extra they need is missing)."""
        for region in self._regions(document):
            lacking = _lacking(document, region.start)
            if lacking:
                reason = f"{Path(document.path).name}: needs the {' and '.join(lacking)} extra"
                region.evaluator = _skipper(reason)
            yield region

    def _regions(self, document: Document) -> Iterator[Region]:
        blocks = list(fenced_blocks(document.text))
        for i, (language, start, end, source, offset) in enumerate(blocks):
            if language == "python":
                shown, end = self._output(document.text, end, blocks[i + 1 : i + 2])
                yield Region(start, end, (source, shown), evaluate_python)
            elif language == "bash":
                yield Region(start, end, source, evaluate_commands)
            elif language == "pycon":
                for region in self.doctests(source, document.path):
                    region.start += offset
                    region.end += offset
                    region.evaluator = self.doctest_in_folder
                    yield region

    @staticmethod
    def _output(
        text: str, end: int, following: list[tuple[str, int, int, str, int]]
    ) -> tuple[str | None, int]:
        """What a page shows after a python block ending at `end`, and where that ends."""
        gap = re.compile(r"[ \t]*\n(?:[ \t]*\n)*")
        after = gap.match(text, end)
        at = after.end() if after else end
        if following:
            language, start, block_end, source, _ = following[0]
            if language == "text" and start == at:
                return source, block_end
        table = re.compile(r"(?:[ \t]*\|[^\n]*(?:\n|$))+").match(text, at)
        if table is not None and at > end:
            return table.group(), table.end()
        return None, end


def _lacking(document: Document, at: int) -> list[str]:
    """The extras that the ``needs`` comment in force at `at` names and that are missing."""
    said = [match for match in NEEDS.finditer(document.text) if match.start() < at]
    if not said:
        return []
    extras = said[-1]["extras"].split()
    unknown = sorted(set(extras) - set(EXTRAS))
    if unknown:
        line = document.text.count("\n", 0, said[-1].start()) + 1
        message = f"{Path(document.path).name} line {line}: needs names extras of the project ({', '.join(EXTRAS)}); got {', '.join(unknown)}."
        raise ValueError(message)
    return missing_extras(extras)


def _skipper(reason: str) -> Callable[[Example], str | None]:
    def skip(example: Example) -> str | None:
        pytest.skip(reason)

    return skip


class ReasonedSkipParser(SkipParser):
    """Sybil's skip, refused unless it reads ``skip: next "reason"`` right above a block."""

    def __call__(self, document: Document) -> Iterator[Region]:
        """The skip regions of `document`; a malformed one is an error at collection."""
        for region in super().__call__(document):
            action, arguments = region.parsed
            line = document.text.count("\n", 0, region.start) + 1
            where = f"{Path(document.path).name} line {line}"
            said = SKIP.fullmatch(f"{action} {arguments or ''}".strip())
            if said is None:
                message = (
                    f'{where}: a skip must read <!-- skip: next "reason" -->, saying why '
                    f"the block after it does not run; got {region.parsed!r}."
                )
                raise ValueError(message)
            if not re.match(r"(?:[ \t]*-+>)?[ \t]*\n[ \t]*```", document.text[region.end :]):
                message = f"{where}: a skip must stand on the line right before the block it skips."
                raise ValueError(message)
            # the reason, as Sybil evaluates it, says where the skipped block is
            reason = repr(f"{where}: {said['reason']}")
            yield Region(region.start, region.end, ("next", reason), region.evaluator)


PAGES = Sybil(
    parsers=[ReasonedSkipParser(), BlockParser()],
    patterns=PATTERNS,
    path=str(ROOT),
    setup=enter_page,
    teardown=leave_page,
)


class PageItem(SybilItem):
    """One example of a page, as a test."""

    def _traceback_filter(self, excinfo: pytest.ExceptionInfo[BaseException]) -> Any:
        """Sybil's filter, or pytest's whole traceback for an error raised outside the example.

        A warning that pytest turns into an error after the example ran (an unclosed file,
        say) has no frame in the example, where Sybil's filter looks for one.
        """
        try:
            return super()._traceback_filter(excinfo)
        except IndexError:
            return excinfo.traceback


class PageFile(SybilFile):
    """A page, as a file of tests."""

    def collect(self) -> Iterator[PageItem]:
        """Each example of the page, in order."""
        for sybil in self.sybils:
            document = sybil.parse(self.path)
            self.documents.append(document)
            for example in document.examples():
                yield PageItem.from_parent(self, sybil=sybil, example=example)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> PageFile | None:
    """pytest's hook: the pages of :data:`PAGES`, each as a file of tests."""
    if PAGES.should_parse(file_path):
        return PageFile.from_parent(parent, path=file_path, sybils=[PAGES])
    return None
