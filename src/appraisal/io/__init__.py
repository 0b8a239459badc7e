"""Files: schemes in TOML or JSON, score sheets in CSV (long or wide) or JSON, event files, results.

Every error names the file and where in it: the key path in a scheme
(``scheme.toml: raters[1].members[3]: ...``), the line in a CSV sheet or event file
(``scores.csv line 14: ...``), the record in a JSON sheet. A load that fails leaves
nothing half-loaded.
"""

from appraisal.io.events import load_adjustments, load_vetoes
from appraisal.io.results import load_result
from appraisal.io.schemes import dump_scheme, load_scheme
from appraisal.io.sheets import MISSING, check_sheet, dump_sheet, load_sheet

__all__ = [
    "MISSING",
    "check_sheet",
    "dump_scheme",
    "dump_sheet",
    "load_adjustments",
    "load_result",
    "load_scheme",
    "load_sheet",
    "load_vetoes",
]
