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
    """The core and its array aliases (`appraisal._typing`) import numpy and the standard library only."""
    root = Path(appraisal.__file__).parent
    allowed = {"numpy", "typing", "math", "collections", "concurrent", "os", "__future__"}
    for path in [*(root / "core").glob("*.py"), root / "_typing.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                ok = name.split(".")[0] in allowed or name.startswith(
                    ("appraisal.core", "appraisal._typing")
                )
                assert ok, f"{path.name} imports {name}"


SRC = Path(appraisal.__file__).parent

LAYERS = (
    ("errors", "_typing", "_text", "_version", "_display", "_extras"),
    ("core",),
    ("model",),
    ("result",),
    ("pipeline",),
    ("weights", "reliability", "robustness"),
    ("io",),
    ("reporting",),
    ("cli", "data", "__main__", "__init__"),
)
"""The layers, lowest first (DESIGN.md, "Architecture"): a module imports its own layer or lower."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else "__init__"
    for level, names in enumerate(LAYERS):
        if top in names:
            return level
    message = f"{module} is in no layer; add its folder to LAYERS"
    raise AssertionError(message)


def _runtime_imports(path: Path) -> set[str]:
    """The `appraisal` modules that `path` imports when it runs (not under TYPE_CHECKING)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING")
        for stmt in block.body
        for node in ast.walk(stmt)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            # `from appraisal.x import y` may import the submodule appraisal.x.y
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    modules = {_module_name(p) for p in SRC.rglob("*.py")}
    return {name for name in found if name in modules}


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _runtime_imports(p) - {_module_name(p)} for p in SRC.rglob("*.py")}


def test_imports_point_down() -> None:
    """No module imports a module of a higher layer when it runs."""
    upward = [
        f"{module} ({LAYERS[_layer(module)][0]}) imports {target} ({LAYERS[_layer(target)][0]})"
        for module, targets in _graph().items()
        for target in targets
        if _layer(target) > _layer(module) and not module.startswith(target + ".")
    ]
    assert not upward


def test_imports_close_no_cycle() -> None:
    """The runtime import graph of `appraisal` has no cycle (a package and its own modules aside)."""
    graph = {
        module: {t for t in targets if not t.startswith(module + ".")}
        for module, targets in _graph().items()
    }
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles


def test_modules_are_small() -> None:
    """Every module of `appraisal` holds at most 400 lines, docstrings included."""
    long = {
        _module_name(p): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert not long
