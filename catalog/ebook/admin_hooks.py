"""Wagtail hooks of the e-book: the media chooser, the editor's screens and their buttons."""

from __future__ import annotations

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem

from .admin_views import EBookSendView, EBookStatusView
from .media_chooser import media_asset_chooser_viewset
from .models import EBookPage

admin_urls = (
    [
        path("<int:page_id>/", EBookStatusView.as_view(), name="status"),
        path("<int:page_id>/send/", EBookSendView.as_view(), name="send"),
    ],
    "ebook_admin",
)


@hooks.register("register_admin_viewset")
def register_media_chooser():
    return media_asset_chooser_viewset


@hooks.register("register_admin_urls")
def register_ebook_admin_urls():
    return [path("ebook/", include(admin_urls))]


def _is_ebook(page) -> bool:
    page_class = getattr(page, "specific_class", None)
    return page_class is not None and issubclass(page_class, EBookPage)


class SendToDirectorsMenuItem(ActionMenuItem):
    """In the editor's action menu of a published e-book: go to the send confirmation."""

    label = _("Send to all school directors")
    name = "action-send-ebook"
    icon_name = "mail"
    order = 90

    def is_shown(self, context) -> bool:
        page = context.get("page")
        if context.get("view") != "edit" or page is None or not page.live:
            return False
        if not _is_ebook(page):
            return False
        return self.get_user_page_permissions_tester(context).can_publish()

    def get_url(self, context) -> str:
        return reverse("ebook_admin:send", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def register_send_menu_item():
    return SendToDirectorsMenuItem()


class EBookHeaderButton(PageMenuItem):
    def is_shown(self, user) -> bool:
        return _is_ebook(self.page) and self.page.permissions_for_user(user).can_publish()


@hooks.register("register_page_header_buttons")
def ebook_header_buttons(page, user, view_name, next_url=None):
    if not _is_ebook(page):
        return
    yield EBookHeaderButton(
        label=_("E-book files and sending"),
        url=reverse("ebook_admin:status", args=[page.pk]),
        icon_name="doc-full",
        priority=80,
        page=page,
    )


@hooks.register("after_publish_page")
def tell_the_editor_the_files_are_building(request, page):
    if _is_ebook(page):
        messages.info(
            request,
            gettext(
                "The EPUB and PDF files are being built. Follow them on “E-book files and sending”."
            ),
        )
