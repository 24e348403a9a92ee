"""E-mail leaves the request: it is queued with the write that causes it and the worker delivers it."""

from datetime import timedelta

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hub.core.models import PublicationStatus
from hub.core.services import content_transition
from hub.core.tests.factories import make_post, make_staff, make_user
from hub.core.tests.worker import run_worker, use_database_tasks
from hub.pages.services import contact_message_create

pytestmark = pytest.mark.django_db


class FlakyBackend(EmailBackend):
    """The in-memory outbox behind a mail server that refuses the first ``failures`` connections."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise ConnectionRefusedError("mail server down")
        return super().send_messages(messages)


@pytest.fixture
def queued_mail(settings, mailoutbox, monkeypatch):
    """Production's set-up: mail queued in the database, delivered by the worker into ``mailoutbox``."""
    settings.EMAIL_BACKEND = "hub.core.mail.QueuedEmailBackend"
    settings.HUB_EMAIL_DELIVERY_BACKEND = "hub.core.tests.test_tasks.FlakyBackend"
    use_database_tasks(settings, monkeypatch)
    monkeypatch.setattr(FlakyBackend, "failures", 0)
    return mailoutbox


def publish_a_submitted_post(title="Pilot plant opens"):
    post = make_post(title=title, status=PublicationStatus.SUBMITTED, author=make_user(email="author@example.org"))
    content_transition(obj=post, action="publish", by=make_staff())
    return post


def test_the_author_hears_of_a_publication_from_the_worker_not_from_the_request(queued_mail):
    publish_a_submitted_post()

    assert queued_mail == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker()

    assert [message.to for message in queued_mail] == [["author@example.org"]]
    assert "Pilot plant opens" in queued_mail[0].subject + queued_mail[0].body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_failing_send_is_retried_later_with_the_same_message(queued_mail, settings):
    settings.HUB_EMAIL_RETRY_SECONDS = 60
    FlakyBackend.failures = 1
    publish_a_submitted_post()

    run_worker()

    assert queued_mail == []
    failed = DBTaskResult.objects.get(status="FAILED")
    retry = DBTaskResult.objects.get(status="READY")
    assert "ConnectionRefusedError" in failed.exception_class_path
    assert retry.args_kwargs["kwargs"]["message"] == failed.args_kwargs["kwargs"]["message"]
    assert timedelta(seconds=50) < retry.run_after - timezone.now() <= timedelta(seconds=60)

    run_worker()  # not due yet
    assert queued_mail == []

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()

    assert [message.to for message in queued_mail] == [["author@example.org"]]
    assert "Pilot plant opens" in queued_mail[0].subject + queued_mail[0].body


def test_after_the_last_attempt_the_message_stays_with_the_failed_task(queued_mail, settings):
    settings.HUB_EMAIL_MAX_ATTEMPTS = 3
    settings.HUB_EMAIL_RETRY_SECONDS = 0
    FlakyBackend.failures = 10
    publish_a_submitted_post()

    run_worker()

    assert queued_mail == []
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [result.status for result in results] == ["FAILED"] * 3
    last = results.last().args_kwargs["kwargs"]
    assert last["attempt"] == 3
    assert last["message"]["to"] == ["author@example.org"]


def test_nothing_is_queued_or_sent_when_the_publishing_transaction_rolls_back(queued_mail):
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_a_submitted_post()
        raise RuntimeError("the request failed after the publish")

    run_worker()

    assert queued_mail == []
    assert not DBTaskResult.objects.exists()


def test_a_password_reset_mail_goes_through_the_worker(queued_mail, client):
    make_user(email="ana@example.org")

    response = client.post(reverse("password_reset"), {"email": "ana@example.org"})

    assert response.status_code == 302
    assert queued_mail == []
    run_worker()
    assert [message.to for message in queued_mail] == [["ana@example.org"]]
    assert "/accounts/reset/" in queued_mail[0].body


def test_a_contact_notice_keeps_its_reply_to_address_through_the_queue(
    queued_mail, settings, django_capture_on_commit_callbacks
):
    settings.HUB_STAFF_EMAILS = ["office@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        contact_message_create(name="Eva", email="eva@example.org", organisation="Uni", message="May we join?")

    run_worker()

    assert [(message.to, message.reply_to) for message in queued_mail] == [
        (["office@example.org"], ["eva@example.org"])
    ]
    assert "May we join?" in queued_mail[0].body
