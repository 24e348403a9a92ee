"""Writes on people: invitations (create, send again, accept), a member's own profile, and their personal data
(export and deletion). Views, the admin and commands all go through these functions."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hub.core.models import AuditEntry, Revision
from hub.core.notifications import send_safely
from hub.documents.models import Document
from hub.events.models import Event, SessionRole
from hub.news.models import Post

from .models import Invitation, Membership, Role, User, invitation_expiry

# Signing with a salt of our own means a signature made for anything else (a password reset, a cookie) never fits.
INVITATION_SALT = "hub.members.invitation"
PROFILE_FIELDS = ("full_name", "job_title", "organisation", "bio", "photo", "public_profile")


class InvitationUnusable(Exception):
    """An invitation link that cannot be used; ``reason`` and ``status`` tell the page what to say."""

    reason, status = "invalid", 404

    def __init__(self, invitation: Invitation | None = None):
        super().__init__(self.reason)
        self.invitation = invitation


class InvitationInvalid(InvitationUnusable):
    reason, status = "invalid", 404


class InvitationExpired(InvitationUnusable):
    reason, status = "expired", 410


class InvitationUsed(InvitationUnusable):
    reason, status = "used", 410


# Invitation links


def invitation_token(invitation: Invitation) -> str:
    return signing.Signer(salt=INVITATION_SALT).sign(invitation.key)


def invitation_url(invitation: Invitation) -> str:
    return settings.HUB_SITE_URL + reverse("accounts:invitation-accept", args=[invitation_token(invitation)])


def invitation_from_token(*, token: str, for_update: bool = False) -> Invitation:
    """The pending invitation behind ``token``; a bad signature is refused before the database is asked."""
    try:
        key = signing.Signer(salt=INVITATION_SALT).unsign(token)
    except signing.BadSignature:
        raise InvitationInvalid from None
    invitations = (
        Invitation.objects.select_for_update() if for_update else Invitation.objects.select_related("project")
    )
    invitation = invitations.filter(key=key).first()
    if invitation is None:
        raise InvitationInvalid
    if invitation.accepted_at is not None:
        raise InvitationUsed(invitation)
    if invitation.is_expired:
        raise InvitationExpired(invitation)
    return invitation


def is_addressed_to(invitation: Invitation, user: User) -> bool:
    return user.is_authenticated and user.email.lower() == invitation.email.lower()


# Sending invitations


def invitation_check(*, email: str, project, exclude: Invitation | None = None) -> None:
    """Raise ValidationError if ``email`` should not be invited to ``project`` now, saying why."""
    pending = Invitation.objects.pending().filter(email__iexact=email, project=project)
    if exclude is not None:
        pending = pending.exclude(pk=exclude.pk)
    if earlier := pending.order_by("-created_at").first():
        raise ValidationError(
            _(
                "%(email)s already has a pending invitation to %(project)s, valid until %(date)s. "
                "Select it in the list of invitations and use “Send again” to resend it."
            )
            % {"email": earlier.email, "project": project, "date": _local_date(earlier.expires_at)},
            code="pending",
        )
    account = User.objects.filter(email__iexact=email).first()
    if account is None:
        return
    if not account.is_active:
        raise ValidationError(
            _("The account of %(email)s is deactivated: reactivate it before inviting them.") % {"email": email},
            code="inactive",
        )
    if Membership.objects.filter(user=account, project=project).exists():
        raise ValidationError(
            _("%(email)s is already a member of %(project)s.") % {"email": email, "project": project},
            code="member",
        )


def _local_date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y")


def _send_invitation(invitation: Invitation) -> None:
    context = {
        "invitation": invitation,
        "url": invitation_url(invitation),
        "hub_name": settings.HUB_NAME,
        "contact_url": settings.HUB_SITE_URL + reverse("pages:contact"),
        "has_account": User.objects.filter(email__iexact=invitation.email).exists(),
    }
    subject, _sep, body = render_to_string("members/email/invitation.txt", context).strip().partition("\n")
    send_safely(subject=subject.strip(), body=body.strip(), recipients=[invitation.email])


@transaction.atomic
def invitation_create(*, email: str, project, role: str, by: User) -> Invitation:
    """Invite ``email`` to ``project`` for 7 days and e-mail the signed link after commit; staff only,
    and never a second pending invitation for the same address and project."""
    if not by.is_staff:
        raise PermissionDenied(_("Only hub staff send invitations."))
    email = User.objects.normalize_email(email.strip())
    invitation = Invitation(email=email, project=project, role=role, invited_by=by)
    invitation.full_clean()
    invitation_check(email=email, project=project)
    invitation.save()
    _send_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> Invitation:
    """E-mail the same link again, valid for another 7 days; staff only, never for an accepted invitation."""
    if not by.is_staff:
        raise PermissionDenied(_("Only hub staff send invitations."))
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(_("The invitation of %(email)s was already accepted.") % {"email": invitation.email})
    invitation_check(email=invitation.email, project=invitation.project, exclude=invitation)
    invitation.expires_at = invitation_expiry()
    invitation.save(update_fields=["expires_at", "updated_at"])
    _send_invitation(invitation)
    return invitation


# Accepting invitations


def _join(invitation: Invitation, user: User) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, project=invitation.project, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Role.EDITOR and membership.role != Role.EDITOR:
        membership.role = Role.EDITOR  # an invitation may raise a role, never lower it
        membership.save(update_fields=["role", "updated_at"])
    invitation.accepted_at, invitation.accepted_by = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    return membership


@transaction.atomic
def invitation_accept(*, token: str, full_name: str, password: str) -> User:
    """Create the invitee's account (the invitation's e-mail, a password the validators accept) and their
    membership, and use the invitation up: all or nothing."""
    invitation = invitation_from_token(token=token, for_update=True)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("An account with this e-mail address already exists: log in to accept the invitation."),
            code="account_exists",
        )
    user = User(email=invitation.email, full_name=full_name.strip())
    errors = {}
    if not user.full_name:
        errors["full_name"] = [ValidationError(_("Enter your full name, as colleagues know you."), code="required")]
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        errors["password"] = error.error_list
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.full_clean()
    user.save()
    _join(invitation, user)
    return user


@transaction.atomic
def invitation_accept_existing(*, token: str, user: User) -> Membership:
    """Add the signed-in ``user`` to the invitation's project and use the invitation up; only the person
    it was sent to may."""
    invitation = invitation_from_token(token=token, for_update=True)
    if not is_addressed_to(invitation, user):
        raise PermissionDenied(_("You cannot reuse another person's invitation."))
    return _join(invitation, user)


# A member's own account


@transaction.atomic
def user_profile_update(*, user: User, data: dict) -> User:
    """Save ``user``'s own profile fields and nothing else; a replaced or removed photo's file is deleted
    after commit."""
    old_photo = User.objects.filter(pk=user.pk).values_list("photo", flat=True).get()
    for name in PROFILE_FIELDS:
        if name in data:
            User._meta.get_field(name).save_form_data(user, data[name])
    user.full_clean()
    user.save()
    if old_photo and old_photo != user.photo.name:
        storage = user.photo.storage
        transaction.on_commit(lambda: storage.delete(old_photo))
    return user


def _end_sessions(session_keys: list[str]) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for key in session_keys:
        store.delete(key)


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete ``user`` with their profile, photo, memberships, invitations and login history, and end their
    sessions; what they wrote stays, without their name."""
    session_keys = list(user.login_records.exclude(session_key="").values_list("session_key", flat=True))
    photo, storage = user.photo.name, user.photo.storage
    Invitation.objects.filter(email__iexact=user.email).delete()
    user.delete()  # memberships and login history go with it; posts, events and documents lose their author
    transaction.on_commit(lambda: _end_sessions(session_keys))
    if photo:
        transaction.on_commit(lambda: storage.delete(photo))


def personal_data_export(*, user: User) -> dict:
    """Everything the portal holds about ``user``, and nothing about anyone else, as JSON-ready data."""
    return {
        "exported_at": timezone.now(),
        "profile": _profile(user),
        "memberships": [
            {
                "project": m.project.acronym,
                "project_title": m.project.full_title,
                "role": m.role,
                "since": m.created_at,
            }
            for m in user.memberships.select_related("project").order_by("created_at")
        ],
        "invitations": [
            {
                "project": i.project.acronym,
                "role": i.role,
                "sent_at": i.created_at,
                "expires_at": i.expires_at,
                "accepted_at": i.accepted_at,
            }
            for i in Invitation.objects.filter(email__iexact=user.email)
            .select_related("project")
            .order_by("created_at")
        ],
        "posts": [
            {**_content(post, "kind", "lead"), "featured_image": post.featured_image.name or None}
            for post in Post.objects.filter(author=user).order_by("created_at")
        ],
        "events": [
            _content(event, "kind", "starts_at", "ends_at")
            for event in Event.objects.filter(created_by=user).order_by("created_at")
        ],
        "documents": [
            {**_content(document, "kind", "url"), "file": document.file.name}
            for document in Document.objects.filter(uploaded_by=user).order_by("created_at")
        ],
        "session_roles": [
            {
                "event": role.session.event.title,
                "session": role.session.title,
                "role": role.role,
                "talk_title": role.talk_title,
                "starts_at": role.session.starts_at or role.session.event.starts_at,
            }
            for role in SessionRole.objects.filter(person=user).select_related("session__event")
        ],
        "audit_entries": [
            {"object": e.object_repr, "action": e.action, "from": e.from_status, "to": e.to_status, "at": e.at}
            for e in AuditEntry.objects.filter(actor=user).order_by("at", "id")
        ],
        "revisions": [
            _revision(revision) for revision in Revision.objects.filter(author=user).order_by("created_at", "id")
        ],
        "logins": [
            {"at": record.at, "ip_address": record.ip_address, "browser": record.user_agent}
            for record in user.login_records.order_by("at", "id")
        ],
    }


def _profile(user: User) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "organisation": user.organisation.name if user.organisation else None,
        "bio": user.bio,
        "photo": user.photo.name or None,
        "public_profile": user.public_profile,
        "profile_address": user.slug,
        "hub_staff": user.is_staff,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def _revision(revision: Revision) -> dict:
    content_type = ContentType.objects.get_for_id(revision.content_type_id)  # cached after the first
    return {
        "object": f"{content_type.app_label}.{content_type.model} #{revision.object_id}",
        "version": revision.version,
        "summary": revision.summary,
        "at": revision.created_at,
    }


def _content(obj, *fields: str) -> dict:
    common = ("title", "status", "created_at", "updated_at", "submitted_at", "published_at")
    return {name: getattr(obj, name) for name in (*common[:2], *fields, *common[2:])}
