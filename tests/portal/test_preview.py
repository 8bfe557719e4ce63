"""Wagtail's preview of every page type may be framed by the admin, and by no other site.

Every page type of the demo is previewed as an editor does: the edit form as the admin renders
it, sent to the preview view, then the preview read back. The pages themselves keep the public
policy and refuse any frame.
"""

import lxml.html
import pytest
from django.utils.html import escape
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models

from .test_production import policy

PAGE_MODELS = [model for model in get_page_models() if model is not Page]
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo", "on_demo_load_day")]


def submitted_fields(form):
    """The (name, value) pairs a browser sends for ``form``, as far as the HTML says."""
    for field in form.inputs:
        if not field.name or field.get("disabled") is not None or field.xpath("ancestor::template"):
            continue
        if field.tag == "select":
            values = field.value if field.multiple else [field.value]
            yield from ((field.name, value) for value in values if value is not None)
        elif field.tag == "textarea":
            yield field.name, field.value or ""
        elif field.type in ("checkbox", "radio"):
            if field.checked:
                yield field.name, field.get("value", "on")
        elif field.type not in ("submit", "button", "image", "reset", "file"):
            yield field.name, field.get("value", "")


def edit_form_data(client, page):
    """What the editor's browser sends to the preview from the edit screen, untouched.

    StreamFields are drawn by the admin's JavaScript: they are sent empty.
    """
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = {}
    for name, value in submitted_fields(
        lxml.html.fromstring(html).get_element_by_id("page-edit-form")
    ):
        data.setdefault(name, []).append(value)
    for field in page.specific_class._meta.fields:
        if isinstance(field, StreamField):
            data[f"{field.name}-count"] = ["0"]
    return data


def preview(client, page):
    url = f"/admin/pages/{page.pk}/edit/preview/"
    assert client.post(url, edit_form_data(client, page)).json()["is_valid"]
    return client.get(url)


def one_page_of(model):
    return model.objects.filter(locale__language_code="fr", alias_of=None).first()


def test_the_demo_has_a_page_of_every_type():
    assert [model.__name__ for model in PAGE_MODELS if one_page_of(model) is None] == []


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_preview_may_be_framed_by_the_admin_only(editor_client, model):
    page = one_page_of(model)
    response = preview(editor_client, page)
    assert response.status_code == 200
    assert escape(page.title) in response.content.decode()
    directives = policy(response)
    assert directives["frame-ancestors"] == "'self'"
    assert directives["style-src"] == "'self'"  # otherwise the public policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_published_page_may_be_framed_by_no_site(client, model):
    response = client.get(one_page_of(model).url)
    assert policy(response)["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
