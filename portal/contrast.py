"""Whether white text stays readable on a colour: the WCAG contrast ratio, RGAA criterion 3.2.

The site's colours come from the city's settings and carry white text (the header, buttons,
the agenda's current tab) or are the colour of text on white (links): the ratio is the same
both ways, and both must reach 4.5:1 for ordinary text (WCAG 2.1 AA, success criterion 1.4.3).
"""

import math

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

WHITE = "#ffffff"
MINIMUM_RATIO = 4.5

hex_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Une couleur s'écrit #, puis six chiffres hexadécimaux : #00528a.")
)


def relative_luminance(colour):
    """The WCAG relative luminance of ``#rrggbb``, from 0 (black) to 1 (white)."""

    def linear(channel):
        value = int(channel, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(colour[index : index + 2]) for index in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    """From 1 (the same luminance) to 21 (black on white)."""
    lighter, darker = sorted(map(relative_luminance, (first, second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_white_text_contrast(colour):
    """Refuse a colour on which white text falls below 4.5:1, saying the measured ratio.

    The ratio shown is cut, never rounded up: 4.47 shows as 4,4, not as a 4,5 that is refused.
    """
    hex_colour(colour)
    ratio = contrast_ratio(WHITE, colour)
    if ratio < MINIMUM_RATIO:
        raise ValidationError(
            _(
                "Le texte blanc sur cette couleur n'a qu'un contraste de %(ratio)s:1 ; il "
                "faut au moins %(minimum)s:1 (RGAA, critère 3.2). Choisissez une couleur plus "
                "foncée."
            ),
            code="contrast",
            params={
                "ratio": number_format(math.floor(ratio * 10) / 10, decimal_pos=1),
                "minimum": number_format(MINIMUM_RATIO, decimal_pos=1),
            },
        )
