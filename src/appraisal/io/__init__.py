"""Files: schemes in TOML or JSON, score sheets in CSV (long or wide) or JSON.

Every error names the file and where in it: the key path in a scheme
(``scheme.toml: raters[1].members[3]: ...``), the line in a CSV sheet
(``scores.csv line 14: ...``), the record in a JSON sheet. A load that fails leaves
nothing half-loaded.
"""

from appraisal.io.schemes import dump_scheme, load_scheme
from appraisal.io.sheets import MISSING, check_sheet, dump_sheet, load_sheet

__all__ = ["MISSING", "check_sheet", "dump_scheme", "dump_sheet", "load_scheme", "load_sheet"]
