"""The chapter StreamField: what an editor can put in an e-book chapter.

Every block can be written to EPUB, PDF and the web; rich text is limited to features that all
three render (no embedded images or media inside rich text: use the image and video blocks).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from .media_chooser import media_asset_chooser_viewset

BOOK_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]

MediaAssetChooserBlock = media_asset_chooser_viewset.get_block_class(
    name="MediaAssetChooserBlock", module_path="catalog.ebook.blocks"
)


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("text alternative"),
        required=False,
        max_length=255,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image with caption")


class VideoBlock(blocks.StructBlock):
    video = MediaAssetChooserBlock(label=_("video from the media library"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Video")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"), max_length=255)
    text = blocks.RichTextBlock(
        label=_("explanation"), required=False, features=BOOK_RICH_TEXT_FEATURES
    )
    image = ImageChooserBlock(label=_("screenshot"), required=False)

    class Meta:
        icon = "list-ol"


class NumberedStepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=255)
    steps = blocks.ListBlock(StepBlock(), label=_("steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("tip", _("Tip")), ("note", _("Note")), ("warning", _("Warning"))],
        default="tip",
    )
    text = blocks.RichTextBlock(label=_("text"), features=BOOK_RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Call-out")


class ResourceLinkBlock(blocks.StructBlock):
    resource = blocks.PageChooserBlock(
        label=_("library resource"), page_type="catalog.ResourcePage"
    )
    note = blocks.CharBlock(label=_("why read it"), required=False, max_length=255)

    class Meta:
        icon = "link"
        label = _("Link to a library resource")


class ChapterBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=BOOK_RICH_TEXT_FEATURES)
    image = ImageWithCaptionBlock()
    video = VideoBlock()
    steps = NumberedStepsBlock()
    callout = CalloutBlock()
    resource = ResourceLinkBlock()


class ChapterBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("chapter title"), max_length=255)
    body = ChapterBodyBlock(label=_("content"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Chapter")
