"""The admin's image forms, which refuse a file that cannot be decoded (portal/images.py).

Imported by Wagtail only, through ``WAGTAILIMAGES_IMAGE_FORM_BASE``: Wagtail's image forms need
the models loaded.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .images import UNREADABLE_IMAGE_ERRORS


class DecodableImageField(WagtailImageField):
    """Wagtail's image field, answering a file it cannot decode with a form error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.error_messages["damaged_image"] = _(
            "Ce fichier image est incomplet ou endommagé : ré-enregistrez-le depuis votre logiciel "
            "d'image puis envoyez-le à nouveau."
        )

    def to_python(self, data):
        try:
            return super().to_python(data)
        except UNREADABLE_IMAGE_ERRORS as error:
            raise ValidationError(
                self.error_messages["damaged_image"], code="damaged_image"
            ) from error


class ImageForm(BaseImageForm):
    """Every admin form that receives an image file: add, edit, multiple upload, chooser upload.

    Named by ``WAGTAILIMAGES_IMAGE_FORM_BASE``; Wagtail builds the file field itself, so it is
    replaced here with the same label, widget and requirement.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # the multiple upload's second step edits the title only
            wagtail_field = self.fields["file"]
            self.fields["file"] = DecodableImageField(
                label=wagtail_field.label,
                widget=wagtail_field.widget,
                required=wagtail_field.required,
            )
