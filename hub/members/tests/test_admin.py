"""The people pages of the back office: accounts with an e-mail login, and who may hand out powers."""

import pytest
from django.contrib.auth.forms import SetPasswordMixin
from django.urls import reverse

from hub.core.tests.admin_helpers import admin_url, form_errors, management_form
from hub.core.tests.factories import make_project, make_user
from hub.members.models import Invitation, User

PASSWORD = "correct-horse-battery-staple"


def add_member_form() -> dict:
    return {"email": "new.member@example.org", "full_name": "New Member", "password1": PASSWORD, "password2": PASSWORD}


def change_member_form(user, **fields) -> dict:
    """What the change form posts for ``user`` as a non-superuser sees it."""
    return {
        "email": user.email,
        "full_name": user.full_name,
        "is_active": "on",
        "date_joined_0": "2025-01-01",
        "date_joined_1": "09:00",
        **management_form("memberships"),
        **fields,
    }


@pytest.mark.django_db
def test_staff_create_an_account_with_an_email_and_a_password(staff_client):
    response = staff_client.post(admin_url(User, "add"), add_member_form())

    assert response.status_code == 302
    user = User.objects.get(email="new.member@example.org")
    assert user.check_password(PASSWORD)
    assert not user.is_staff


@pytest.mark.django_db
def test_an_email_already_used_in_another_case_is_refused(staff_client):
    make_user(email="Ana@Example.org")

    response = staff_client.post(admin_url(User, "add"), {**add_member_form(), "email": "ana@example.org"})

    assert response.status_code == 200
    assert form_errors(response) == ["A member with this e-mail address already exists."]
    assert User.objects.filter(email__iexact="ana@example.org").count() == 1


@pytest.mark.django_db
def test_mismatched_passwords_are_refused(staff_client):
    response = staff_client.post(admin_url(User, "add"), {**add_member_form(), "password2": "something-else-entirely"})

    assert response.status_code == 200
    assert form_errors(response) == [str(SetPasswordMixin.error_messages["password_mismatch"])]
    assert not User.objects.filter(email="new.member@example.org").exists()


@pytest.mark.django_db
def test_the_change_form_shows_no_password_only_a_link_to_reset_it(staff_client):
    user = make_user()

    page = staff_client.get(admin_url(User, "change", user.pk)).content.decode()

    assert "Reset password" in page
    assert 'href="../password/"' in page
    assert user.password not in page


@pytest.mark.django_db
def test_staff_cannot_make_anyone_a_superuser(staff_client, staff_user):
    response = staff_client.post(
        admin_url(User, "change", staff_user.pk), change_member_form(staff_user, is_staff="on", is_superuser="on")
    )

    assert response.status_code == 302
    staff_user.refresh_from_db()
    assert not staff_user.is_superuser
    form = staff_client.get(admin_url(User, "change", staff_user.pk)).context["adminform"].form
    assert not {"is_superuser", "groups", "user_permissions"} & set(form.fields)


@pytest.mark.django_db
def test_staff_cannot_change_a_superusers_account_or_password(staff_client):
    root = make_user(is_staff=True, is_superuser=True)

    assert staff_client.post(admin_url(User, "change", root.pk), change_member_form(root)).status_code == 403
    assert staff_client.get(reverse("admin:auth_user_password_change", args=[root.pk])).status_code == 403


@pytest.mark.django_db
def test_an_invitation_records_who_sent_it_and_keeps_its_key_out_of_the_form(staff_client, staff_user):
    project = make_project()
    data = {"email": "guest@example.org", "project": project.pk, "role": "partner"}
    data.update({"expires_at_0": "2030-01-01", "expires_at_1": "12:00"})

    response = staff_client.post(admin_url(Invitation, "add"), data)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == staff_user
    form = staff_client.get(admin_url(Invitation, "change", invitation.pk)).context["adminform"].form
    assert not {"key", "accepted_at", "accepted_by"} & set(form.fields)
