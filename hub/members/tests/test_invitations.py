"""Invitations: staff send a signed, expiring, single-use link; the invitee creates an account or, if they
have one, adds the project to it. Nothing else opens an account."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hub.core.tests.admin_helpers import admin_url, form_errors, messages_of
from hub.core.tests.factories import make_membership, make_project, make_staff, make_user
from hub.members import services
from hub.members.models import Invitation, Membership, Role, User
from hub.members.services import (
    InvitationInvalid,
    invitation_accept,
    invitation_accept_existing,
    invitation_create,
    invitation_from_token,
    invitation_token,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a long and quiet river"


def invite(*, email="new.partner@example.org", project=None, role=Role.PARTNER, by=None) -> Invitation:
    return invitation_create(email=email, project=project or make_project(), role=role, by=by or make_staff())


def link(invitation: Invitation) -> str:
    return reverse("accounts:invitation-accept", args=[invitation_token(invitation)])


def signup(client, invitation_link: str, **fields):
    data = {"full_name": "Nora Newcomer", "password": PASSWORD, "password_again": PASSWORD, **fields}
    return client.post(invitation_link, data)


def assert_nothing_changed(invitation: Invitation, *, users_before: int) -> None:
    invitation.refresh_from_db()
    assert invitation.is_pending or invitation.accepted_at is None
    assert User.objects.count() == users_before
    assert not Membership.objects.filter(project=invitation.project).exists()


# Sending


def test_staff_invite_by_email_with_a_working_signed_link(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.HUB_SITE_URL = "https://hub.example.org"
    project = make_project(acronym="RECYCLE", full_title="Recycling batteries")

    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(email="Nora@Example.ORG", project=project, role=Role.EDITOR)

    assert invitation.email == "Nora@example.org"
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["Nora@example.org"]
    assert "RECYCLE" in mail.subject
    url = re.search(r"https://hub\.example\.org(/accounts/invitation/\S+/)", mail.body)
    assert url, mail.body
    page = client.get(url.group(1))
    assert page.status_code == 200
    assert "Recycling batteries" in page.content.decode()
    assert "project editor" in page.content.decode()


def test_the_invitation_email_leaves_only_after_the_transaction_commits(mailoutbox):
    invite()

    assert mailoutbox == []


def test_only_hub_staff_may_invite():
    with pytest.raises(PermissionDenied):
        invite(by=make_user())

    assert not Invitation.objects.exists()


def test_a_second_invitation_while_one_is_pending_is_refused_with_a_clear_message():
    project = make_project(acronym="MINE")
    invite(email="ana@example.org", project=project)

    with pytest.raises(ValidationError) as refused:
        invite(email="ANA@example.org", project=project)

    assert "ana@example.org already has a pending invitation to MINE" in refused.value.messages[0]
    assert "Send again" in refused.value.messages[0]
    assert Invitation.objects.count() == 1


def test_a_new_invitation_may_follow_an_expired_one():
    project = make_project()
    first = invite(email="ana@example.org", project=project)
    Invitation.objects.filter(pk=first.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    second = invite(email="ana@example.org", project=project)

    assert second.key != first.key


def test_a_member_of_the_project_is_not_invited_to_it_again():
    membership = make_membership(user=make_user(email="ana@example.org"))

    with pytest.raises(ValidationError, match="already a member"):
        invite(email="Ana@example.org", project=membership.project)


# Accepting as a new person


def test_accepting_creates_the_account_and_the_membership_and_logs_in(client):
    invitation = invite(role=Role.EDITOR)

    response = signup(client, link(invitation))

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dashboard")
    user = User.objects.get(email="new.partner@example.org")
    assert user.full_name == "Nora Newcomer"
    assert user.check_password(PASSWORD)
    assert Membership.objects.get(user=user).role == Role.EDITOR
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None
    dashboard = client.get(response["Location"])
    assert dashboard.context["user"] == user
    assert "you have joined" in dashboard.content.decode()


def test_the_signup_page_shows_the_project_the_role_and_the_login_address(client):
    invitation = invite(project=make_project(acronym="LITHIUM"))

    page = client.get(link(invitation)).content.decode()

    assert "LITHIUM" in page
    assert "new.partner@example.org" in page
    assert 'for="id_password_again"' in page
    assert page.count("<h1") == 1


def test_a_weak_password_is_refused_with_the_validators_message_and_nothing_is_created(client):
    invitation = invite()
    users = User.objects.count()

    short = signup(client, link(invitation), password="short words", password_again="short words")
    common = signup(client, link(invitation), password="password1234", password_again="password1234")

    assert short.status_code == common.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in short.content.decode()
    assert "This password is too common." in common.content.decode()
    assert User.objects.count() == users
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_the_service_itself_refuses_a_weak_password_and_creates_nothing():
    invitation = invite()

    with pytest.raises(ValidationError) as refused:
        invitation_accept(token=invitation_token(invitation), full_name="Nora", password="12345678901234")

    assert "This password is entirely numeric." in refused.value.message_dict["password"]
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_two_different_passwords_are_refused(client):
    invitation = invite()

    response = signup(client, link(invitation), password_again="a long and quiet rivers")

    assert "The two passwords differ" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_a_missing_name_is_refused(client):
    invitation = invite()

    response = signup(client, link(invitation), full_name="   ")

    assert "Enter your full name" in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


def test_a_long_passphrase_with_spaces_and_accents_works_as_typed(client):
    passphrase = " Ça ira, les élèves dansent près du fleuve à l'aube d'été, vraiment"[:64]
    invitation = invite()
    signup(client, link(invitation), password=passphrase, password_again=passphrase)
    client.post(reverse("logout"))

    response = client.post(reverse("login"), {"username": invitation.email, "password": passphrase})

    assert len(passphrase) == 64
    assert response.status_code == 302
    assert User.objects.get(email=invitation.email).check_password(passphrase)


def test_accepting_is_all_or_nothing(monkeypatch):
    invitation = invite()

    def broken_join(invitation, user):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "_join", broken_join)
    with pytest.raises(RuntimeError):
        invitation_accept(token=invitation_token(invitation), full_name="Nora", password=PASSWORD)

    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


# Links that do not work


def test_an_expired_link_is_refused_with_a_clear_page_and_nothing_changes(client):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    users = User.objects.count()

    page = client.get(link(invitation))
    post = signup(client, link(invitation))

    assert page.status_code == post.status_code == 410
    assert "This invitation has expired" in page.content.decode()
    assert "ask" in page.content.decode().lower()
    assert_nothing_changed(invitation, users_before=users)
    assert invitation.accepted_at is None


def test_a_used_link_is_refused_with_a_clear_page_and_nothing_changes(client):
    invitation = invite()
    signup(client, link(invitation))
    client.post(reverse("logout"))
    users = User.objects.count()

    page = client.get(link(invitation))
    post = signup(client, link(invitation), full_name="Someone Else")

    assert page.status_code == post.status_code == 410
    assert "This invitation has already been used" in page.content.decode()
    assert User.objects.count() == users
    assert User.objects.get(email=invitation.email).full_name == "Nora Newcomer"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        lambda token: "x" + token,  # key changed
        lambda token: "garbage",
        lambda token: signing.Signer().sign(token.split(":")[0]),  # signed, but not for invitations
        lambda token: signing.Signer(salt=services.INVITATION_SALT).sign("no-such-key"),  # signed, unknown key
    ],
    ids=["signature", "key", "garbage", "other-salt", "unknown-key"],
)
def test_a_tampered_or_made_up_link_is_not_found_and_nothing_changes(client, tamper):
    invitation = invite()
    users = User.objects.count()
    token = tamper(invitation_token(invitation))

    page = client.get(reverse("accounts:invitation-accept", args=[token]))
    post = signup(client, reverse("accounts:invitation-accept", args=[token]))

    assert page.status_code == post.status_code == 404
    assert "This invitation link is not valid" in page.content.decode()
    assert_nothing_changed(invitation, users_before=users)
    assert invitation.is_pending


def test_a_bad_signature_is_refused_before_the_database_is_asked(django_assert_num_queries):
    token = invitation_token(invite())

    with django_assert_num_queries(0), pytest.raises(InvitationInvalid):
        invitation_from_token(token="x" + token)


# People who already have an account


def test_reinviting_an_existing_user_adds_the_membership_without_a_second_account(client):
    user = make_user(email="Ana@Example.org", password=PASSWORD)
    make_membership(user=user)
    project = make_project(acronym="SECOND")
    invitation = invite(email="ana@example.org", project=project)
    invitation_link = link(invitation)

    page = client.get(invitation_link)
    assert "You already have an account" in page.content.decode()
    assert "password_again" not in page.content.decode()
    assert client.post(invitation_link)["Location"].startswith(reverse("login"))

    credentials = {"username": "ana@example.org", "password": PASSWORD, "next": invitation_link}
    logged_in = client.post(reverse("login"), credentials)
    assert logged_in["Location"] == invitation_link
    assert "Join SECOND" in client.get(invitation_link).content.decode()
    response = client.post(invitation_link)

    assert response["Location"] == reverse("workspace:dashboard")
    assert User.objects.filter(email__iexact="ana@example.org").count() == 1
    assert set(user.memberships.values_list("project__acronym", flat=True)) >= {"SECOND"}
    assert user.memberships.count() == 2
    invitation.refresh_from_db()
    assert invitation.accepted_by == user


def test_a_signed_in_invitee_only_confirms(client):
    user = make_user(email="ana@example.org")
    invitation = invite(email="ana@example.org")
    client.force_login(user)

    response = client.post(link(invitation))

    assert response.status_code == 302
    assert Membership.objects.filter(user=user, project=invitation.project).exists()


def test_a_signed_in_user_cannot_accept_someone_elses_invitation(client):
    intruder = make_user(email="intruder@example.org")
    invitation = invite(email="ana@example.org")
    client.force_login(intruder)

    page = client.get(link(invitation))
    post = client.post(link(invitation))

    assert page.status_code == post.status_code == 403
    assert "You cannot reuse another person's invitation" in page.content.decode()
    assert not intruder.memberships.exists()
    invitation.refresh_from_db()
    assert invitation.is_pending


def test_the_service_refuses_someone_elses_invitation_too():
    invitation = invite(email="ana@example.org")

    with pytest.raises(PermissionDenied, match="another person's invitation"):
        invitation_accept_existing(token=invitation_token(invitation), user=make_user())


def test_the_new_account_path_refuses_an_address_that_already_has_an_account():
    invitation = invite(email="ana@example.org")
    make_user(email="ANA@example.org")

    with pytest.raises(ValidationError, match="already exists"):
        invitation_accept(token=invitation_token(invitation), full_name="Ana", password=PASSWORD)

    assert User.objects.filter(email__iexact="ana@example.org").count() == 1


def test_an_editor_invitation_raises_a_partner_to_editor_but_never_lowers_a_role(client):
    membership = make_membership(user=make_user(email="ana@example.org"), role=Role.PARTNER)
    invitation = Invitation.objects.create(email="ana@example.org", project=membership.project, role=Role.EDITOR)

    invitation_accept_existing(token=invitation_token(invitation), user=membership.user)

    membership.refresh_from_db()
    assert membership.role == Role.EDITOR


# The back office


def admin_add_data(project, email="guest@example.org") -> dict:
    return {"email": email, "project": project.pk, "role": "partner"}


def test_adding_an_invitation_in_the_admin_sends_it(
    staff_client, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    project = make_project()

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(admin_url(Invitation, "add"), admin_add_data(project))

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == staff_user
    assert invitation.is_pending
    assert [mail.to for mail in mailoutbox] == [["guest@example.org"]]
    assert invitation_token(invitation) in mailoutbox[0].body


def test_the_admin_refuses_a_second_pending_invitation_with_a_form_error(staff_client):
    project = make_project(acronym="MINE")
    invite(email="guest@example.org", project=project)

    response = staff_client.post(admin_url(Invitation, "add"), admin_add_data(project, email="Guest@example.org"))

    assert response.status_code == 200
    assert "guest@example.org already has a pending invitation to MINE" in form_errors(response)[0]
    assert Invitation.objects.count() == 1


def test_the_admin_list_shows_each_invitations_state_and_filters_by_it(staff_client):
    pending = invite(email="pending@example.org")
    expired = invite(email="expired@example.org")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    accepted = invite(email="accepted@example.org")
    invitation_accept(token=invitation_token(accepted), full_name="Acc Epted", password=PASSWORD)

    page = staff_client.get(admin_url(Invitation, "changelist")).content.decode()
    only_expired = staff_client.get(admin_url(Invitation, "changelist") + "?state=expired")

    for state in ("Pending", "Expired", "Accepted"):
        assert f'<td class="field-state">{state}</td>' in page
    assert list(only_expired.context["cl"].result_list) == [expired]
    assert pending.is_pending


def test_send_again_renews_an_expired_invitation_and_mails_the_same_link(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    accepted = invite(email="accepted@example.org")
    invitation_accept(token=invitation_token(accepted), full_name="Acc Epted", password=PASSWORD)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            admin_url(Invitation, "changelist"),
            {"action": "send_again", "_selected_action": [invitation.pk, accepted.pk]},
            follow=True,
        )

    invitation.refresh_from_db()
    assert invitation.is_pending
    assert [mail.to for mail in mailoutbox] == [[invitation.email]]
    assert invitation_token(invitation) in mailoutbox[0].body
    notes = messages_of(response)
    assert "1 invitation sent again." in notes
    assert "The invitation of accepted@example.org was already accepted." in notes


def test_an_invitation_to_someone_with_an_account_tells_them_to_log_in(mailoutbox, django_capture_on_commit_callbacks):
    make_user(email="ana@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        invite(email="ana@example.org")

    assert "log in with your usual password" in mailoutbox[0].body
