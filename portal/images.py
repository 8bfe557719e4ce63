"""Images whose file is damaged: refused at upload, and only a missing picture if one is stored.

Wagtail checks an upload by decoding it (Willow's Pillow plugin loads every pixel to read its
size) but lets Pillow's error through: a PNG cut short answered the editor with a server error
(portal/image_forms.py refuses it). Its image tags draw a broken image when the original file is
*missing*, not when it is there but damaged (a copy cut short, a restore gone wrong): rendering
raised, and the whole page with it (``{% load portal_images %}`` and ``rendition_or_none`` draw
nothing instead). Upstream: wagtail/wagtail#1354 and #13145.
"""

import logging
import struct

logger = logging.getLogger(__name__)

# What reading an image raises when its file is missing (Wagtail's SourceImageIOError is an
# OSError) or its data cannot be decoded: OSError for truncated data, and from Pillow's parsers
# SyntaxError, ValueError (its limits, such as an oversized PNG text chunk) and struct.error.
UNREADABLE_IMAGE_ERRORS = (OSError, SyntaxError, ValueError, struct.error)


def log_unreadable(image):
    logger.exception(
        "Image %s cannot be read (file %s): its pages show no picture until the file is replaced.",
        image.pk,
        image.file.name,
    )


def rendition_or_none(image, spec):
    """The image's rendition, or None when its file is missing or damaged (logged)."""
    try:
        return image.get_rendition(spec)
    except UNREADABLE_IMAGE_ERRORS:
        log_unreadable(image)
        return None
