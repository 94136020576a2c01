"""The sender's pages: write to the school, read the conversation, download an attachment."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from ...models import ThreadPost
from ...schools.child_switch import get_active_pupil, visible_pupils
from ..document_requests import RequestError
from ..forms import NewThreadForm, ReplyForm
from ..notifications import remember_language
from ..school_messages import (
    mark_read,
    messages_left_today,
    reply,
    start_thread,
    threads_for_account,
    threads_for_staff,
)
from .requests import AccountPageMixin, ChildFormMixin


class ThreadListView(AccountPageMixin, TemplateView):
    template_name = "portal_auth/requests/messages.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        threads = threads_for_account(self.request.user).select_related("pupil")[:100]
        context["threads"] = [(t, t.unread_for_author()) for t in threads]
        return context


class NewThreadView(AccountPageMixin, ChildFormMixin, FormView):
    template_name = "portal_auth/requests/new_message.html"
    form_class = NewThreadForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        active = get_active_pupil(self.request)
        context["left_today"] = messages_left_today(active) if active else 0
        return context

    def get(self, request, *args, **kwargs):
        if not visible_pupils(request).exists():
            messages.info(request, _("No child is linked to your account yet."))
            return HttpResponseRedirect(reverse("portal_auth:home"))
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            thread = start_thread(
                self.request.user,
                data["pupil"],
                data["category"],
                data["subject"],
                data["body"],
                data.get("attachment"),
                data.get("submission_key"),
            )
        except RequestError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        remember_language(self.request.user, self.request.LANGUAGE_CODE)
        messages.success(self.request, _("Your message was sent to the school."))
        return HttpResponseRedirect(reverse("portal_auth:thread_detail", args=[thread.pk]))


class ThreadDetailView(AccountPageMixin, FormView):
    template_name = "portal_auth/requests/thread.html"
    form_class = ReplyForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.thread = get_object_or_404(
                threads_for_account(request.user).select_related("pupil", "school"),
                pk=kwargs["pk"],
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        mark_read(self.thread, staff=False)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["thread"] = self.thread
        context["posts"] = self.thread.posts.all()
        return context

    def form_valid(self, form):
        try:
            reply(
                self.thread,
                self.request.user,
                form.cleaned_data["body"],
                form.cleaned_data.get("attachment"),
                form.cleaned_data.get("submission_key"),
            )
        except RequestError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Your reply was sent."))
        return HttpResponseRedirect(reverse("portal_auth:thread_detail", args=[self.thread.pk]))


class AttachmentView(View):
    """An attachment, to the thread's author or the school's staff only, always as a download."""

    def get(self, request, pk: int):
        if not request.user.is_authenticated:
            raise Http404
        visible = threads_for_account(request.user) | threads_for_staff(request.user)
        post = get_object_or_404(ThreadPost, pk=pk, thread__in=visible.values("pk"))
        if not post.attachment:
            raise Http404
        extension = post.attachment.name.rsplit(".", 1)[-1]
        response = FileResponse(
            post.attachment.open("rb"),
            as_attachment=True,
            filename=f"attachment-{post.pk}.{extension}",
            content_type=post.attachment_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response
