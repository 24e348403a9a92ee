"""Page views and downloads per object and day: counts only, nothing about who viewed."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyCountQuerySet(models.QuerySet):
    def between(self, start, end):
        return self.filter(day__range=(start, end))

    def total(self) -> int:
        return self.aggregate(total=models.Sum("count"))["total"] or 0


class DailyCount(models.Model):
    """How often one public object was viewed (or downloaded) on one day. Deliberately no IP address,
    user agent, referrer, user or time of day: the row cannot tell visitors apart."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Page view")
        DOWNLOAD = "download", _("Download")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("content type"))
    object_id = models.PositiveBigIntegerField(_("object id"))
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    count = models.PositiveIntegerField(_("count"), default=0)

    objects = DailyCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "day"], name="daily_count_once_per_object_kind_day"
            ),
        ]

    def __str__(self):
        return f"{self.content_type} {self.object_id} {self.kind} {self.day}: {self.count}"
