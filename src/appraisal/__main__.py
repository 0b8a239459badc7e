"""``python -m appraisal``: the command line."""

from appraisal.cli import main

raise SystemExit(main())
