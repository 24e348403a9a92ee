"""People and organisations: the user model (e-mail login), organisations, project memberships, invitations."""

import ipaddress
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.auth.signals import user_logged_in
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from hub.core.models import TimeStampedModel
from hub.core.slugs import unique_slug

INVITATION_LIFETIME = timedelta(days=7)
# Long enough for a member to spot a sign-in they do not recognise; older records are pruned at each login.
LOGIN_HISTORY_LIFETIME = timedelta(days=365)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # The e-mail address is the login, and logins ignore case.
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def public_profiles(self):
        return self.filter(is_active=True, public_profile=True)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: hub staff or a partner of a member project."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    slug = models.SlugField(_("profile address"), max_length=160, unique=True, blank=True, null=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    bio = models.TextField(_("short biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    public_profile = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Show a profile page with name, job title, organisation, biography and photo."),
    )
    is_staff = models.BooleanField(_("hub staff"), default=False, help_text=_("Can use the admin back office."))
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["full_name", "email"]
        # The members' admin list is sorted by name: with thousands of members, read in index order.
        indexes = [models.Index(fields=["full_name", "email"], name="user_name_order_idx")]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        if self.public_profile and not self.slug:
            self.slug = unique_slug(User, self.full_name or self.email.split("@")[0], exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def get_absolute_url(self):
        return reverse("members:person-detail", kwargs={"slug": self.slug})

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return (self.full_name or self.email).split(" ")[0]


class Organisation(TimeStampedModel):
    """A university, research centre, company or public body taking part in projects."""

    class Kind(models.TextChoices):
        # The EU's activity types, as CORDIS reports them.
        HIGHER_EDUCATION = "HES", _("Higher or secondary education")
        RESEARCH = "REC", _("Research organisation")
        PRIVATE_COMPANY = "PRC", _("Private company")
        PUBLIC_BODY = "PUB", _("Public body")
        OTHER = "OTH", _("Other")

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    slug = models.SlugField(_("address"), max_length=80, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    country = CountryField(_("country"), blank=True, db_index=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/", blank=True)
    description = models.TextField(_("description"), blank=True)
    # What CORDIS knows about the organisation; the PIC is how a CORDIS import recognises it again.
    cordis_id = models.CharField(
        _("PIC (CORDIS identifier)"), max_length=20, blank=True, help_text=_("The EU Participant Identification Code.")
    )
    vat_number = models.CharField(_("VAT number"), max_length=40, blank=True)
    is_sme = models.BooleanField(_("SME"), default=False, help_text=_("A small or medium-sized enterprise."))

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cordis_id"],
                condition=~models.Q(cordis_id=""),
                name="organisation_cordis_id_unique",
                violation_error_message=_("Another organisation already has this PIC."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.short_name or self.name, max_length=70, exclude_pk=self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("members:organisation-detail", kwargs={"slug": self.slug})

    @property
    def display_name(self):
        return self.short_name or self.name


class Role(models.TextChoices):
    PARTNER = "partner", _("Partner")
    EDITOR = "editor", _("Project editor")


class MembershipQuerySet(models.QuerySet):
    def editors(self):
        return self.filter(role=Role.EDITOR)


class Membership(TimeStampedModel):
    """A person's place in a member project: partners post updates, editors also edit the project's page."""

    Role = Role

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("member"))
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("project")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTNER)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["project__acronym", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="membership_one_per_user_and_project"),
        ]

    def __str__(self):
        return f"{self.user} in {self.project} ({self.get_role_display()})"


def new_invitation_key() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry():
    return timezone.now() + INVITATION_LIFETIME


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(TimeStampedModel):
    """An invitation to join a project; the e-mailed link is signed, expires and works once."""

    Role = Role

    email = models.EmailField(_("e-mail address"))
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("project")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTNER)
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_invitation_key, editable=False)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("invited by")
    )
    expires_at = models.DateTimeField(_("expires"), default=invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("accepted by")
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.project}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and not self.is_expired


class LoginRecord(models.Model):
    """One sign-in: when, from which address and browser. Members see and export their own history."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_records", verbose_name=_("member"))
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # Kept so that deleting the account can end this session in any session store; never shown or exported.
    session_key = models.CharField(_("session key"), max_length=40, blank=True, editable=False)

    class Meta:
        verbose_name = _("login record")
        verbose_name_plural = _("login history")
        ordering = ["-at", "-id"]
        # A member's own history, newest first, and the pruning of their old lines at each login.
        indexes = [models.Index(fields=["user", "-at"], name="login_record_user_at_idx")]

    def __str__(self):
        return f"{self.user} at {self.at:%Y-%m-%d %H:%M}"


def _ip_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:  # a Unix socket or a proxy that sends no address
        return None


def record_login(sender, request, user, **kwargs):
    """Keep a line of login history for every sign-in, and forget lines older than a year."""
    if request is None:
        return
    session_key = getattr(getattr(request, "session", None), "session_key", None) or ""
    LoginRecord.objects.create(
        user=user,
        ip_address=_ip_address(request.META.get("REMOTE_ADDR", "")),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        # Stores that keep the whole session in the cookie have longer keys and nothing to delete server-side.
        session_key=session_key if len(session_key) <= 40 else "",
    )
    LoginRecord.objects.filter(user=user, at__lt=timezone.now() - LOGIN_HISTORY_LIFETIME).delete()


# Connected here rather than in apps.py so the history exists wherever this model does.
user_logged_in.connect(record_login, dispatch_uid="members_record_login")
