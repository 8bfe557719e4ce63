"""StreamField blocks shared by news, events and newsletter issues."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citation"))
    author = blocks.CharBlock(label=_("auteur"), required=False)

    class Meta:
        icon = "openquote"
        label = _("citation")
        template = "actualites/blocks/quote.html"


def body_blocks():
    """The blocks of a news or event body: prose, headings, images, quotes."""
    return [
        ("heading", blocks.CharBlock(label=_("intertitre"), form_classname="title")),
        ("paragraph", blocks.RichTextBlock(label=_("paragraphe"), features=RICH_TEXT_FEATURES)),
        ("image", ImageBlock(label=_("image"))),
        ("quote", QuoteBlock()),
    ]
