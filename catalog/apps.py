from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from catalog.ebook import signals as ebook_signals

        from .page_cache import on_model_change

        for signal in (post_save, post_delete):
            signal.connect(on_model_change, dispatch_uid=f"maktaba-page-cache-{signal}")
        m2m_changed.connect(on_model_change, dispatch_uid="maktaba-page-cache-m2m")
        ebook_signals.connect()

        from django.contrib.auth.signals import user_logged_out

        from .offline.signout import mark_signed_out

        user_logged_out.connect(mark_signed_out, dispatch_uid="maktaba-offline-sign-out")

        from .models import CurriculumSynonym, Level, Subject, TaxonomyMention, Track
        from .pupil_query import Vocabulary

        for model in (TaxonomyMention, CurriculumSynonym, Level, Track, Subject):
            for signal in (post_save, post_delete):
                signal.connect(
                    Vocabulary.forget,
                    sender=model,
                    dispatch_uid=f"maktaba-search-vocabulary-{model.__name__}-{signal}",
                )

        from wagtail.documents import get_document_model

        from .document_originals import discard_original, keep_original

        document_model = get_document_model()
        post_save.connect(keep_original, sender=document_model, dispatch_uid="maktaba-doc-original")
        post_delete.connect(
            discard_original, sender=document_model, dispatch_uid="maktaba-doc-original-delete"
        )
