"""The privacy rules of the public build, in one place. ingest/suppression.py applies them, ingest/auditor.py
checks a public build against them.

- A count of 1 .. min_cell - 1 respondents is never published (is_small).
- A numerator (fever, a behaviour, ...) is never published over a denominator below min_denominator
  (rate_too_thin): a published numerator and denominator are a published rate.
- No suppressed count may be narrowed, by subtracting published counts from published totals, margins or
  windows, to a range less than min_cell wide (is_protected).
- Nothing identifying: only the tables and columns of ingest.schema.PUBLIC_TABLES, no time finer than a day.
"""

TOLERANCE = 1e-6  # the feasible ranges come from floating-point linear programs


def is_small(value, min_cell: int):
    """A count that would single out fewer than min_cell respondents (zero is not small)."""
    return (value >= 1) & (value < min_cell)


def rate_too_thin(denominator, min_denominator: int):
    """A numerator that would publish a rate over fewer than min_denominator respondents (none is no rate)."""
    return (denominator > 0) & (denominator < min_denominator)


def is_protected(low, high, min_cell: int):
    """A suppressed count whose feasible range (lowest and highest value consistent with everything
    published) is at least min_cell wide."""
    return high - low >= min_cell - TOLERANCE
