"""Site pages that belong to the project itself: the home page."""

from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .bidi_controls import BidiCheckedTitleMixin, validate_no_bidi_controls
from .public_origin import PublicOriginURLs


class HomePage(PublicOriginURLs, BidiCheckedTitleMixin, Page):
    """The site's root page: a short welcome that leads straight into the library."""

    intro = RichTextField(
        blank=True, verbose_name=_("introduction"), validators=[validate_no_bidi_controls]
    )
    featured_section = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("featured section"),
        help_text=_("The section the home page leads into, usually the library."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("featured_section")]
    max_count = 1
    template = "library/home_page.html"
    # The title ``setup_library`` gives: Arabic and Latin, read as the site's name in French
    # and English pages too, where the Latin name alone is shown.
    DEFAULT_TITLE = "مكتبة — Maktaba"

    class Meta:
        verbose_name = _("home page")

    @property
    def display_title(self) -> str:
        if self.title == self.DEFAULT_TITLE and not get_language().startswith("ar"):
            return gettext("Maktaba")
        return self.title


class PeriodicRun(models.Model):
    """When each periodic task is next due; a due run is claimed by one conditional update.

    Two schedulers (on two machines, or one restarted while the other runs) never enqueue the
    same run twice: only the one whose update moves ``next_run_at`` forward enqueues it.
    """

    name = models.CharField(_("name"), max_length=64, primary_key=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")

    def __str__(self) -> str:
        return self.name


class OutboxTask(models.Model):
    """A task the queue could not take (Redis unreachable), kept until it can.

    Written by ``library.task_outbox.OutboxRQBackend`` instead of failing the request that
    enqueued it; handed to the queue by the scheduler on its next tick once Redis answers.
    """

    task_path = models.CharField(_("task"), max_length=255)
    queue_name = models.CharField(_("queue"), max_length=32)
    priority = models.IntegerField(_("priority"), default=0)
    run_after = models.DateTimeField(_("run after"), null=True, blank=True)
    args_kwargs = models.JSONField(_("arguments"))
    backend_name = models.CharField(_("backend"), max_length=32)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("task waiting for the queue")
        verbose_name_plural = _("tasks waiting for the queue")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.task_path
