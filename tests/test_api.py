"""The public surface: names, documentation, and the direction of imports."""

import ast
from pathlib import Path

import appraisal


def test_all_is_sorted_unique_and_importable() -> None:
    """`__all__` lists each public name once, sorted, and each is importable."""
    names = appraisal.__all__
    assert list(names) == sorted(names)
    assert len(set(names)) == len(names)
    for name in names:
        assert hasattr(appraisal, name), name


def test_public_names_are_documented() -> None:
    """Every public class and function has a docstring."""
    for name in appraisal.__all__:
        obj = getattr(appraisal, name)
        if callable(obj):
            assert obj.__doc__, name


def test_core_imports_only_numpy() -> None:
    """Modules in `appraisal.core` import numpy, the standard library and each other only."""
    core = Path(appraisal.__file__).parent / "core"
    allowed = {"numpy", "typing", "math", "collections", "concurrent", "os", "__future__"}
    for path in core.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                ok = name.split(".")[0] in allowed or name.startswith("appraisal.core")
                assert ok, f"{path.name} imports {name}"
