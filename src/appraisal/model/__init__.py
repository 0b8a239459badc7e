"""The vocabulary as frozen values: criteria, raters, policies, events, the scheme and the score sheet.

Every value is validated when it is built, so a value that exists is a valid one.
"""
