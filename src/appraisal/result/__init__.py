"""The result of an appraisal and what reads it: flags, explanations, comparisons, tables."""
