"""The harness that runs the documentation pages (tests/pages.py), and what it finds."""

import os
import re
import tomllib
import unittest
from pathlib import Path

import pytest
from sybil.example import SybilFailure

from appraisal import data
from tests.pages import PAGES, PATTERNS, ROOT, RUN, enter_page, fenced_blocks, leave_page

# languages of code that looks runnable but that the harness would not run: refused on a
# page (a `console` block is a transcript, shown as it is)
LOOKALIKES = {"py", "python3", "ipython", "sh", "shell", "zsh"}


def page(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    return path


def run(path: Path) -> None:
    """Run a page's examples in order, in its own folder, as pytest would."""
    document = PAGES.parse(path)
    enter_page(document.namespace)
    try:
        for example in document.examples():
            example.evaluate()
    finally:
        leave_page(document.namespace)


def block(language: str, source: str) -> str:
    return f"```{language}\n{source}```\n"


def test_output_shown_after_a_block_passes(tmp_path: Path) -> None:
    """A python block prints exactly the text block after it; trailing blanks do not count."""
    run(
        page(
            tmp_path,
            block("python", "print('a  ')\nprint(1 + 1)\n") + "\n" + block("text", "a\n2\n"),
        )
    )


def test_stale_output_fails(tmp_path: Path) -> None:
    """Output that differs from what the page shows fails, with a diff."""
    text = block("python", "print(3)\n") + "\n" + block("text", "2\n")
    with pytest.raises(SybilFailure, match=re.escape("-2\n+3")):
        run(page(tmp_path, text))


def test_hidden_output_fails(tmp_path: Path) -> None:
    """A python block that prints, with no output block after it, fails."""
    with pytest.raises(SybilFailure, match="the block prints something else"):
        run(page(tmp_path, block("python", "print('surprise')\n") + "\nSome prose.\n"))


def test_a_text_block_after_prose_is_not_output(tmp_path: Path) -> None:
    """Only a text block right after the python block (blank lines between) is its output."""
    text = block("python", "x = 1\n") + "\nProse.\n\n" + block("text", "anything\n")
    run(page(tmp_path, text))


def test_a_markdown_table_after_a_block_is_its_output(tmp_path: Path) -> None:
    """A table right after a python block is what it prints, row for row."""
    code = "print('| a |')\nprint('| - |')\n"
    run(page(tmp_path, block("python", code) + "\n| a |\n| - |\n\nProse.\n"))
    with pytest.raises(SybilFailure):
        run(page(tmp_path, block("python", code) + "\n| b |\n| - |\n"))


def test_shown_errors(tmp_path: Path) -> None:
    """An exception shown as the last line, by class name or dotted path, after what was printed."""
    raises = "print('before')\nraise ValueError('bad value')\n"
    for shown in (
        "before\nValueError: bad value\n",
        "before\nTraceback (most recent call last):\nValueError: bad value\n",
        "before\nbuiltins.ValueError: bad value\n",
    ):
        run(page(tmp_path, block("python", raises) + "\n" + block("text", shown)))
    # the rest of the block did not run, but what ran before the error stays
    text = block("python", "x = 1\nraise KeyError\ny = 2\n") + "\n" + block("text", "KeyError\n")
    text += "\n" + block("python", "print(x, 'y' in dir())\n") + "\n" + block("text", "1 False\n")
    run(page(tmp_path, text))


def test_errors_not_shown_fail(tmp_path: Path) -> None:
    """An exception the page does not show, or shows with another message, fails as raised."""
    raises = block("python", "raise ValueError('bad value')\n")
    with pytest.raises(ValueError, match="bad value"):
        run(page(tmp_path, raises))
    with pytest.raises(ValueError, match="bad value"):
        run(page(tmp_path, raises + "\n" + block("text", "ValueError: another value\n")))
    with pytest.raises(ValueError, match="bad value"):
        run(page(tmp_path, raises + "\n" + block("text", "TypeError: bad value\n")))
    with pytest.raises(SybilFailure):  # the error is right, what came before is not
        run(page(tmp_path, raises + "\n" + block("text", "printed\nValueError: bad value\n")))


def test_blocks_share_one_namespace_in_order(tmp_path: Path) -> None:
    """A page reads as one session: a name defined above is there below."""
    text = (
        block("python", "import math\nx = 2\n")
        + "\n"
        + block("python", "print(math.sqrt(x * 8))\n")
    )
    run(page(tmp_path, text + "\n" + block("text", "4.0\n")))


def test_pycon_blocks_run_as_doctests(tmp_path: Path) -> None:
    """A pycon block is a doctest in the page's namespace; a wrong expectation fails."""
    run(page(tmp_path, block("python", "y = 20\n") + "\n" + block("pycon", ">>> y + 1\n21\n")))
    with pytest.raises(SybilFailure, match="Expected:\n    22\nGot:\n    21"):
        run(page(tmp_path, block("pycon", ">>> 20 + 1\n22\n")))
    raises = ">>> int('x')\nTraceback (most recent call last):\n...\nValueError: invalid literal for int() with base 10: 'x'\n"
    run(page(tmp_path, block("pycon", raises)))


def test_commands_run_in_the_page_folder(tmp_path: Path) -> None:
    """Each `appraisal ...` line runs in the page's folder, and the page's python sees its files."""
    here = Path.cwd() / "county"
    existed = here.exists()
    text = block(
        "bash",
        "appraisal example --out county   # the example's files\n"
        "appraisal check county/scores.csv \\\n    --scheme county/scheme.toml\n",
    )
    text += "\n" + block("python", "import os\nprint(sorted(os.listdir('county'))[:2])\n")
    text += "\n" + block("text", "['adjustments.csv', 'previous_scores.csv']\n")
    run(page(tmp_path, text))
    assert here.exists() == existed  # written in the page's folder, not here
    assert sorted(os.listdir(tmp_path)) == ["page.md"]


def test_failing_commands_fail(tmp_path: Path) -> None:
    """A command that exits non-zero fails with its message; other programs are refused."""
    with pytest.raises(
        SybilFailure, match=r"exited with status 1:\nappraisal: s.toml: no such file"
    ):
        run(page(tmp_path, block("bash", "appraisal rank no-such.csv --scheme s.toml\n")))
    with pytest.raises(SybilFailure, match="exited with status 2"):
        run(page(tmp_path, block("bash", "appraisal rank --no-such-option\n")))
    with pytest.raises(
        SybilFailure, match=re.escape("runs `appraisal ...` lines only; got 'ls -l'")
    ):
        run(page(tmp_path, block("bash", "ls -l\n")))


def test_each_page_runs_in_a_fresh_folder_removed_afterwards(tmp_path: Path) -> None:
    """A page starts in an empty folder of its own; the working folder is restored after each block."""
    start = os.getcwd()
    text = block(
        "python", "import os\nhere = os.getcwd()\nprint(os.listdir())\nopen('f.txt', 'w').close()\n"
    )
    text += "\n" + block("text", "[]\n") + "\n" + block("python", "print(os.listdir())\n")
    text += "\n" + block("text", "['f.txt']\n")
    path = page(tmp_path, text)
    document = PAGES.parse(path)
    enter_page(document.namespace)
    try:
        for example in document.examples():
            example.evaluate()
            assert os.getcwd() == start
        folder = Path(document.namespace["here"])
        assert folder.is_dir()
        assert folder != Path(start)
    finally:
        leave_page(document.namespace)
    assert not folder.exists()
    run(path)  # again: a fresh, empty folder


def test_a_skip_with_a_reason_skips_the_next_block(tmp_path: Path) -> None:
    """`<!-- skip: next "reason" -->` skips the block after it, with the reason and the line."""
    text = '<!-- skip: next "needs a server" -->\n' + block("bash", "curl http://server\n")
    text += "\n" + block("python", "print('runs')\n") + "\n" + block("text", "runs\n")
    document = PAGES.parse(page(tmp_path, text))
    enter_page(document.namespace)
    try:
        skip, skipped, after = document.examples()
        skip.evaluate()
        with pytest.raises(unittest.SkipTest, match=re.escape("page.md line 1: needs a server")):
            skipped.evaluate()
        after.evaluate()
    finally:
        leave_page(document.namespace)


@pytest.mark.parametrize(
    "comment",
    [
        "<!-- skip: next -->",
        '<!-- skip: next "" -->',
        "<!-- skip: next because -->",
        '<!-- skip: start "a range" -->',
        '<!-- skip: next if(True, "a condition") -->',
    ],
)
def test_a_skip_without_a_reason_is_refused_at_collection(tmp_path: Path, comment: str) -> None:
    """A skip must give its reason in quotes, and skip the next block only."""
    with pytest.raises(
        ValueError, match=re.escape('a skip must read <!-- skip: next "reason" -->')
    ):
        PAGES.parse(page(tmp_path, comment + "\n" + block("python", "x = 1\n")))


def test_a_skip_stands_right_before_its_block(tmp_path: Path) -> None:
    """A skip separated from its block by prose is refused: it would skip a block nobody meant."""
    text = '<!-- skip: next "reason" -->\n\nProse.\n\n' + block("python", "x = 1\n")
    with pytest.raises(ValueError, match="right before the block it skips"):
        PAGES.parse(page(tmp_path, text))


def pages() -> list[Path]:
    return sorted(
        {path for pattern in PATTERNS for path in ROOT.glob(pattern)}, key=lambda p: str(p)
    )


def test_every_page_is_collected() -> None:
    """README.md and every page under docs/ are in the test run, and each is parsed."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]
    assert {"README.md", "docs"} <= set(config["testpaths"])
    found = pages()
    assert ROOT / "README.md" in found
    assert ROOT / "docs" / "robustness.md" in found
    assert set(found) == {*ROOT.glob("docs/**/*.md"), ROOT / "README.md"}
    assert all(PAGES.should_parse(path) for path in found)
    assert not PAGES.should_parse(ROOT / "CHANGELOG.md")


@pytest.mark.parametrize("path", pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_runnable_block_of_a_page_runs(path: Path) -> None:
    """Each python, pycon and bash block is an example; no block hides under a look-alike language."""
    text = path.read_text("utf-8")
    blocks = list(fenced_blocks(text))
    assert not [language for language, *_ in blocks if language.lower() in LOOKALIKES]
    starts = {example.start for example in PAGES.parse(path).examples()}
    for language, start, _, source, offset in blocks:
        if language in RUN and source.strip():
            # a pycon block's examples start inside it
            assert start in starts or any(offset <= s < offset + len(source) for s in starts)


def test_the_illustrations() -> None:
    """The README's install and test commands and the Dask cluster are the only blocks not run."""
    skips = {
        path.relative_to(ROOT).as_posix(): re.findall(
            r'<!-- skip: next "(.*?)" -->', path.read_text("utf-8")
        )
        for path in pages()
    }
    assert skips["README.md"] == [
        "installs the package: the test run has it installed already",
        "is the command that runs these tests",
    ]
    assert skips.pop("docs/robustness.md") == ["needs a Dask scheduler at tcp://scheduler:8786"]
    del skips["README.md"]
    assert {path: found for path, found in skips.items() if found} == {}


def test_files_page_shows_the_shipped_scheme() -> None:
    """docs/files.md's excerpt of the example's scheme: lines of the shipped file, in its order."""
    text = (ROOT / "docs" / "files.md").read_text("utf-8")
    excerpt = next(source for language, *_, source, _ in fenced_blocks(text) if language == "toml")
    shipped = data.example_paths().scheme.read_text("utf-8").split("\n")
    at = 0
    for line in excerpt.rstrip("\n").split("\n"):
        if line.strip() == "# ...":  # marks lines left out
            continue
        assert line in shipped[at:], f"docs/files.md shows {line!r}, not a line of scheme.toml here"
        at = shipped.index(line, at) + 1
    assert "weight = 0.65" in excerpt
    assert 'name = "乡镇互评", weight = 3.0' in excerpt
