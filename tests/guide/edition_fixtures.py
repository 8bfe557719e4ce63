"""Fixtures of the guide editions' tests: a fake ``render_guide``, media in a temporary folder.

Import them with ``from .edition_fixtures import *``; ``media_root`` applies to every test of
the importing module.
"""

import io
from types import SimpleNamespace

import pytest
from pypdf import PdfWriter

from guide import tasks
from guide.models import GuideEdition
from guide.models.guide_scope import guide_venues
from guide.pdf.content import EmptyGuideError

__all__ = ["edition", "fake_pdf", "media_root", "stored_documents"]


@pytest.fixture
def fake_pdf(monkeypatch):
    """``render_guide`` returns a blank PDF with one page per venue; calls are recorded."""
    calls = []
    state = SimpleNamespace(calls=calls, fail_with=None)

    def render_guide(options, progress=None):
        calls.append(options)
        venues = list(guide_venues(options))
        if not venues:
            raise EmptyGuideError("Aucun lieu publié ne correspond à ce guide.")
        if state.fail_with:
            raise state.fail_with
        writer = PdfWriter()
        for number, _venue in enumerate(venues, start=1):
            if progress:
                progress("Fiches des lieux", number, len(venues))
            writer.add_blank_page(width=595, height=842)
        writer.add_metadata({"/Title": f"{options.title} #{len(calls)}"})
        output = io.BytesIO()
        writer.write(output)
        return output.getvalue()

    monkeypatch.setattr(tasks, "render_guide", render_guide)
    return state


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_documents(media_root):
    """The names of the files under media/documents/, each build's in a folder of its own."""
    folder = media_root / "documents"
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def edition(db):
    return GuideEdition.objects.create(year=2026, title="Le numérique pour tous — guide 2026")
