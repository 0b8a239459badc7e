"""Header names as people write them: the aliases of the key columns, and ``columns=``.

A score sheet's key columns hold a role: the ``rater``, the ``unit``, the
``criterion``, the ``score`` and the unit's ``category``; a column with the role
``skip`` is read past (a serial number, remarks). Without ``columns=`` a header cell
takes the role its name has in :data:`ALIASES`; every other column of a wide sheet is
a criterion. With ``columns=`` the mapping names the roles instead (``{"评分部门":
"rater", ...}``), and the English role names still count for the columns it leaves
out. Header cells are compared after NFKC normalisation (full-width letters become
ASCII), stripping blanks and ignoring case.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from appraisal._text import fold
from appraisal.errors import ScoreError

__all__ = ["ALIASES", "ROLES", "column_roles", "header_key", "named_roles", "parse_columns"]

ROLES = ("rater", "unit", "criterion", "score", "category", "skip")
"""What a column of a score sheet may hold."""

_NAMES: dict[str, tuple[str, ...]] = {
    "rater": ("rater", "rater name", "scorer", "evaluator", "评分部门", "评分单位", "评价部门", "打分部门", "考核部门", "评分人", "评委"),
    "unit": ("unit", "unit name", "appraised unit", "被考核单位", "被评价单位", "被考核对象", "考核对象", "单位", "单位名称", "乡镇", "乡镇名称"),
    "criterion": ("criterion", "indicator", "指标", "考核指标", "指标名称", "考核项目", "评分项目"),
    "score": ("score", "得分", "分数", "评分", "考核得分"),
    "category": ("category", "类别", "分类", "单位类别", "考核类别"),
    "skip": ("no.", "#", "序号", "备注", "remarks", "note", "notes"),
}  # fmt: skip

ALIASES: dict[str, str] = {name: role for role, names in _NAMES.items() for name in names}
"""Each header name (as :func:`header_key` writes it) and the role it stands for."""


def header_key(text: str) -> str:
    """A header cell as it is matched: NFKC-normalised, stripped of blanks, case folded.

    Examples
    --------
    >>> header_key(" Ｒａｔｅｒ "), header_key("评分部门")
    ('rater', '评分部门')
    """
    return fold(text)


def parse_columns(text: str) -> dict[str, str]:
    """``columns=`` from its command-line form ``评分部门=rater,被考核单位=unit``.

    Raises
    ------
    ScoreError
        A part that is not NAME=ROLE.

    Examples
    --------
    >>> parse_columns("评分部门=rater, 单位名称 = unit")
    {'评分部门': 'rater', '单位名称': 'unit'}
    """
    mapping: dict[str, str] = {}
    for part in text.split(","):
        name, equals, role = part.partition("=")
        if not equals or not name.strip() or not role.strip():
            message = f"--columns: each part must be NAME=ROLE, such as 评分部门=rater; got {part.strip()!r}."
            raise ScoreError(message)
        mapping[name.strip()] = role.strip()
    return mapping


def named_roles(header: Sequence[str], columns: Mapping[str, str] | None) -> set[str]:
    """The roles a row's cells name (a header candidate); nothing is checked.

    Examples
    --------
    >>> sorted(named_roles(["2025年度考核得分表", "", ""], None))
    []
    >>> sorted(named_roles(["评分部门", "被考核单位", "经济发展"], None))
    ['rater', 'unit']
    """
    table = _table(columns)
    return {table[key] for key in map(header_key, header) if key in table}


def _table(columns: Mapping[str, str] | None) -> dict[str, str]:
    if columns is None:
        return ALIASES
    return {role: role for role in ROLES} | {header_key(k): v for k, v in columns.items()}


def column_roles(
    header: Sequence[str], columns: Mapping[str, str] | None, where: str
) -> dict[int, str]:
    """The role of each header column that has one, by position.

    Parameters
    ----------
    header : sequence of str
        The header cells, as written.
    columns : mapping of str to str, optional
        Header name -> role; without it the names of :data:`ALIASES` decide.
    where : str
        The file and place of the header, for messages.

    Raises
    ------
    ScoreError
        `columns` names a role that is not one, or a column the header lacks; or two
        columns take one role (both are named).

    Examples
    --------
    >>> column_roles(["序号", "评分部门", "被考核单位", "经济发展"], None, "x.csv line 1")
    {0: 'skip', 1: 'rater', 2: 'unit'}
    """
    keys = [header_key(cell) for cell in header]
    if columns is None:
        table = ALIASES
    else:
        table = {role: role for role in ROLES}
        for name, role in columns.items():
            if role not in ROLES:
                allowed = ", ".join(repr(r) for r in ROLES)
                message = f"columns: the role of {name!r} must be one of {allowed}; got {role!r}."
                raise ScoreError(message)
            if header_key(name) not in keys:
                message = (
                    f"{where}: columns names {name!r}, which is not in the header {list(header)!r}."
                )
                raise ScoreError(message)
            table[header_key(name)] = role
    roles: dict[int, str] = {}
    taken: dict[str, int] = {}
    for i, key in enumerate(keys):
        found = table.get(key)
        if found is None:
            continue
        if found in taken and found != "skip":
            first = header[taken[found]].strip()
            message = f"{where}: columns {first!r} and {header[i].strip()!r} both name the {found}; a role is one column. Say which with columns= (--columns on the command line)."
            raise ScoreError(message)
        taken[found] = i
        roles[i] = found
    return roles
