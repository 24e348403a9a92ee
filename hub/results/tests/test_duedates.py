"""Due dates count project months as the grant agreement does, month ends included."""

from datetime import date

import pytest

from hub.core.tests.factories import make_project
from hub.results.duedates import month_end
from hub.results.services import deliverables_refresh_due_dates
from hub.results.tests.factories import make_deliverable


@pytest.mark.parametrize(
    ("start", "month", "due"),
    [
        (date(2025, 1, 1), 1, date(2025, 1, 31)),
        (date(2025, 1, 1), 12, date(2025, 12, 31)),
        (date(2025, 1, 1), 36, date(2027, 12, 31)),
        (date(2025, 1, 15), 1, date(2025, 2, 14)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 1, 30), 1, date(2024, 2, 29)),
        (date(2025, 1, 31), 2, date(2025, 3, 30)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 28)),
        (date(2025, 12, 1), 1, date(2025, 12, 31)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
    ],
)
def test_month_end_is_the_day_before_the_monthly_anniversary_or_the_month_end(start, month, due):
    assert month_end(start, month) == due


def test_month_zero_is_refused():
    with pytest.raises(ValueError, match="start at 1"):
        month_end(date(2025, 1, 1), 0)


@pytest.mark.django_db
def test_a_deliverable_stores_its_due_date_from_the_project_start():
    deliverable = make_deliverable(project=make_project(start_date=date(2025, 1, 31)), due_month=1)
    deliverable.refresh_from_db()
    assert deliverable.due_date == date(2025, 2, 28)


@pytest.mark.django_db
def test_due_dates_follow_a_change_of_the_project_start():
    project = make_project(start_date=date(2025, 1, 1))
    deliverable = make_deliverable(project=project, due_month=6)
    project.start_date = date(2025, 3, 1)
    project.save()
    deliverable.refresh_from_db()
    assert deliverable.due_date == date(2025, 8, 31)
    assert deliverables_refresh_due_dates(project=project) == 0  # already current


@pytest.mark.django_db
def test_without_a_start_date_there_is_no_due_date():
    deliverable = make_deliverable(project=make_project(start_date=None, end_date=None))
    assert deliverable.due_date is None
