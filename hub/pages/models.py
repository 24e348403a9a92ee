"""The hub's own pages (about, contact, accessibility, privacy, legal) and the messages sent through /contact/."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hub.core.models import TimeStampedModel
from hub.core.sanitize import sanitize_html

MESSAGE_MAX_LENGTH = 5000


class Page(TimeStampedModel):
    """A page whose text staff edit in the admin; the URL that shows it is fixed by its slug."""

    slug = models.SlugField(
        _("address"),
        max_length=60,
        unique=True,
        help_text=_("The public pages look for about, contact, accessibility, privacy and legal: keep those."),
    )
    title = models.CharField(_("title"), max_length=200)
    lead = models.TextField(
        _("lead"), max_length=600, blank=True, help_text=_("One or two sentences under the title.")
    )
    body = models.TextField(_("body"), blank=True, help_text=_("Rich text; scripts, styles and frames are removed."))
    meta_description = models.CharField(
        _("meta description"),
        max_length=300,
        blank=True,
        help_text=_("What search engines show under the title; about 150 characters."),
    )

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)


class ContactMessage(TimeStampedModel):
    """A message sent by a visitor through the contact form, for staff to answer."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200)
    project = models.CharField(_("project"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    handled = models.BooleanField(_("handled"), default=False, db_index=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at", "-id"]
        # Staff's inbox in the admin: the messages not yet handled, newest first.
        indexes = [models.Index(fields=["handled", "-created_at", "-id"], name="contact_message_inbox_idx")]

    def __str__(self):
        return f"{self.name} <{self.email}>"
