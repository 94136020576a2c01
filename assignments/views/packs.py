"""An assignment's pack: its size before download (or why it is refused), "Prepare the pack",
and the ranged ``.zip``. Signed-out visitors go to the sign-in; anyone else who may not see the
assignment gets a 404, so a page never tells that an assignment exists."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from catalog.offline.offline_settings import offline_setting
from catalog.offline.packs import built_size, is_building, is_built
from media_pipeline.serving import stored_file_response

from ..audience import children_of, own_pupil
from ..offline_packs import assignment_for_pack, pack_of_assignment
from ..tasks import enqueue_assignment_pack_build

PACK_CACHE_CONTROL = "private, max-age=86400"  # a family's copy: never in a shared cache


class PackAccessMixin(View):
    def dispatch(self, request, pk: int, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal_auth:login"))
        self.assignment = assignment_for_pack(request.user, pk)
        if self.assignment is None:
            raise Http404
        return super().dispatch(request, pk, *args, **kwargs)


class AssignmentPackView(PackAccessMixin):
    http_method_names = ["get", "head", "post"]

    def get(self, request, pk: int):
        listen = request.GET.get("listen") == "1"
        pack = pack_of_assignment(self.assignment, listen=listen)
        smaller = None
        if pack.too_large and pack.has_video and not listen:
            smaller = pack_of_assignment(self.assignment, listen=True)
        built = bool(not pack.too_large and pack.files and is_built(pack))
        context = {
            "assignment": self.assignment,
            "for_family": own_pupil(request.user) is not None or bool(children_of(request.user)),
            "pack": pack,
            "listen": listen,
            "limit": int(offline_setting("PACK_MAX_BYTES")),
            "smaller": smaller,
            "built": built,
            "built_size": built_size(pack) if built else None,
            "building": not built and is_building(pack),
            "download_url": (
                reverse("assignments:pack_file", args=[pk, pack.name]) if built else ""
            ),
        }
        return TemplateResponse(request, "assignments/pack.html", context)

    def post(self, request, pk: int):
        listen = request.POST.get("listen") == "1"
        pack = pack_of_assignment(self.assignment, listen=listen)
        if pack.files and not pack.too_large and not is_built(pack) and not is_building(pack):
            enqueue_assignment_pack_build(pack, self.assignment, listen)
        return HttpResponseRedirect(request.path + ("?listen=1" if listen else ""))


class AssignmentPackFileView(PackAccessMixin):
    http_method_names = ["get", "head"]

    def get(self, request, pk: int, name: str):
        pack = pack_of_assignment(self.assignment, listen="--listen--" in name)
        if pack.name != name or not is_built(pack):
            raise Http404  # changed since: the pack page has the current one
        return stored_file_response(
            request,
            default_storage,
            pack.stored_name,
            content_type="application/zip",
            etag=pack.content_hash,
            cache_control=PACK_CACHE_CONTROL,
            download_name=f"maktaba-assignment-{pk}.zip",
        )
