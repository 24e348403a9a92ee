"""When a deliverable is due, counted in project months as the grant agreement counts them."""

import calendar
from datetime import date, timedelta


def month_end(start: date, month: int) -> date:
    """The last day of project month ``month`` (1 = the first month) for a project starting on ``start``.

    The EU convention: month M runs from the M-1th monthly anniversary of the start up to the day
    before the Mth, so "due in month M" means due on ``start + M months - 1 day``. Where the
    anniversary does not exist (a project starting on 31 January has no 31 February), the next month
    starts on the 1st of the following month, so month M ends on the last day of its calendar month:

    - start 1 January 2025, M=1  -> 31 January 2025
    - start 15 January 2025, M=1 -> 14 February 2025
    - start 31 January 2025, M=1 -> 28 February 2025 (29 February in 2024)
    - start 31 January 2025, M=2 -> 30 March 2025
    - start 29 February 2024, M=12 -> 28 February 2025
    """
    if month < 1:
        raise ValueError("Project months start at 1.")
    months = start.month - 1 + month
    year, month_index = start.year + months // 12, months % 12 + 1
    last_day = calendar.monthrange(year, month_index)[1]
    if start.day > last_day:
        return date(year, month_index, last_day)
    return date(year, month_index, start.day) - timedelta(days=1)
