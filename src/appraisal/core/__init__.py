"""Numpy kernels on plain arrays: no labels, no attrs, no I/O.

Kernels trust their inputs; the labelled layer above validated them. Axis order is
(raters, units, criteria) everywhere.
"""
