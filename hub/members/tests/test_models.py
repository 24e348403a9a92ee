import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError, transaction

from hub.core.tests.factories import make_membership, make_project, make_user
from hub.members.models import Invitation, Membership, User

pytestmark = pytest.mark.django_db


def test_email_is_unique_whatever_its_case():
    make_user(email="ana@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="ANA@example.org", password="x")


def test_login_by_email_ignores_case():
    user = make_user(email="ana@example.org", password="a-long-passphrase")
    assert authenticate(username="Ana@Example.org", password="a-long-passphrase") == user


def test_profiles_are_private_until_the_member_opts_in():
    hidden = make_user(full_name="Hidden Person")
    shown = make_user(full_name="Shown Person", public_profile=True)

    assert list(User.objects.public_profiles()) == [shown]
    assert shown.slug == "shown-person"
    assert hidden.slug is None


def test_two_public_profiles_with_one_name_get_distinct_addresses():
    first = make_user(full_name="Kim Lee", public_profile=True)
    second = make_user(full_name="Kim Lee", public_profile=True)
    assert (first.slug, second.slug) == ("kim-lee", "kim-lee-2")


def test_one_membership_per_user_and_project():
    membership = make_membership()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=membership.user, project=membership.project, role=Membership.Role.EDITOR)


def test_an_invitation_is_pending_until_accepted_or_expired():
    project = make_project()
    invitation = Invitation.objects.create(email="new@example.org", project=project)
    assert invitation.is_pending
    assert list(Invitation.objects.pending()) == [invitation]
    assert len(invitation.key) >= 40
