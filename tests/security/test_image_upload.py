"""Finding 10: a damaged image file is refused at upload, and costs a page only its picture.

Wagtail decoded an upload to read its size but let Pillow's error through: a PNG cut short
answered the editor with a server error. An image stored before, or damaged on disk since (a
copy cut short, a restore gone wrong), failed every public page showing it.
"""

import io
import logging
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images.models import Image

from ..actualites.letter_fixtures import *  # noqa: F403
from ..actualites.letter_fixtures import PARIS

DAMAGED = (
    "Ce fichier image est incomplet ou endommagé\u00a0: ré-enregistrez-le depuis votre logiciel "
    "d'image puis envoyez-le à nouveau."
)


def png(size=(64, 48)):
    """A small PNG of noise, so that its compressed pixels span a few hundred bytes."""
    buffer = io.BytesIO()
    PillowImage.effect_noise(size, 60).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def header_then_junk():
    """The PNG signature and its IHDR chunk (33 bytes), then anything."""
    return png()[:33] + b"\x00 pas une image " * 40


def cut_in_its_pixels():
    data = png()
    return data[: data.index(b"IDAT") + 60]


DAMAGED_FILES = [header_then_junk, cut_in_its_pixels]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(content, name="atelier.png"):
    return SimpleUploadedFile(name, content, content_type="image/png")


def text(response):
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize("damaged", DAMAGED_FILES)
def test_the_image_form_refuses_a_damaged_file(editor_client, damaged):
    response = editor_client.post(
        reverse("wagtailimages:add"), {"title": "Atelier", "file": upload(damaged())}
    )
    assert response.status_code == 200
    assert DAMAGED in text(response)
    assert 'value="Atelier"' in text(response)  # the title typed is kept
    assert not Image.objects.exists()


def test_a_truncated_file_is_refused_even_once_a_pdf_was_laid_out(editor_client, make_venue):
    """WeasyPrint's import tells Pillow, for the whole process, to pad truncated images."""
    venue = make_venue()
    assert editor_client.get(venue.url + "fiche.pdf").status_code == 200
    response = editor_client.post(
        reverse("wagtailimages:add"), {"title": "Atelier", "file": upload(cut_in_its_pixels())}
    )
    assert DAMAGED in text(response)
    assert not Image.objects.exists()


def test_the_image_form_still_accepts_a_sound_file(editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add"), {"title": "Atelier", "file": upload(png())}
    )
    assert response.status_code == 302
    assert Image.objects.get().width == 64


@pytest.mark.parametrize("damaged", DAMAGED_FILES)
def test_the_multiple_upload_answers_a_damaged_file_with_its_error(editor_client, damaged):
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": upload(damaged())}
    )
    assert response.status_code == 200
    assert response.json() == {"success": False, "error_message": DAMAGED}
    assert not Image.objects.exists()

    response = editor_client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload(png())})
    assert response.json()["success"]


def test_the_chooser_upload_shows_the_error_in_its_form(editor_client):
    response = editor_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Atelier",
            "image-chooser-upload-file": upload(cut_in_its_pixels()),
        },
    )
    assert response.status_code == 200
    data = response.json()
    assert data["step"] == "reshow_creation_form"
    assert DAMAGED in data["htmlFragment"].replace("&#x27;", "'")
    assert not Image.objects.exists()


def test_a_page_whose_image_file_got_damaged_shows_without_its_picture(
    client, news_image, make_news, make_event, full_issue, no_page_cache, caplog
):
    """The news list, a news page (and what it shares), an event and a letter keep working."""
    news = make_news("Atelier photo", date(2027, 1, 5), image=news_image)
    event = make_event("Atelier retouche", datetime(2027, 2, 3, 14, tzinfo=PARIS), image=news_image)
    with open(news_image.file.path, "wb") as original:
        original.write(cut_in_its_pixels())

    for url in ("/actualites/", news.url, event.url, full_issue.url):
        with caplog.at_level(logging.ERROR, logger="portal.images"):
            response = client.get(url)
        assert response.status_code == 200, url
        assert "<picture>" not in text(response)
        assert 'property="og:image"' not in text(response)
        assert f"Image {news_image.pk} cannot be read" in caplog.text
        caplog.clear()
    assert "Atelier photo" in text(client.get("/actualites/"))
