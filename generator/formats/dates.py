"""Dates as listings write them ('Jun 17, 2024', 'Sep 30') turned into ISO dates."""

from __future__ import annotations

import datetime as dt
import re

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")

# 'Jun 17, 2024', 'June 17 2024', 'Sep 30' (no year). Fully anchored by fullmatch; no nested quantifiers.
MONTH_DAY_YEAR = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2})(?:,? (\d{4}))?")


def month_number(name: str) -> int | None:
    """1-12 for an English month name, its three-letter abbreviation or 'Sept'."""
    name = name.lower()
    for number, full in enumerate(MONTH_NAMES, start=1):
        if name == full or name == full[:3] or (number == 9 and name == "sept"):
            return number
    return None


def resolve_date(month: int, day: int, year: int | None, captured: dt.date) -> tuple[str, bool] | None:
    """ISO date and whether its year was inferred; None when no such calendar day exists.

    A year-less date is the latest such day not after the capture date.
    """
    if year is not None:
        try:
            return dt.date(year, month, day).isoformat(), False
        except ValueError:
            return None
    for candidate in range(captured.year, captured.year - 9, -1):
        try:
            resolved = dt.date(candidate, month, day)
        except ValueError:  # 29 February in a non-leap year: try an earlier year
            continue
        if resolved <= captured:
            return resolved.isoformat(), True
    return None


def parse_month_day_year(text: str, captured: dt.date) -> tuple[str, bool] | None:
    """Parse a whole string like 'Jun 17, 2024' or 'Sep 30'; None when it is not one."""
    match = MONTH_DAY_YEAR.fullmatch(text.strip())
    if not match:
        return None
    month = month_number(match.group(1))
    if month is None:
        return None
    year = int(match.group(3)) if match.group(3) else None
    return resolve_date(month, int(match.group(2)), year, captured)
