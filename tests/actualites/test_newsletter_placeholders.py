"""A prepared issue's texts to replace ("Éditorial à écrire"…) can be saved in a draft but not
published: the refusal names the field that still holds one."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from actualites import placeholders
from actualites.models import NewsletterIssuePage
from actualites.newsletter.preparation import prepare_next_issue
from portal.publish_intent import asks_to_publish

from .letter_fixtures import newsletter_index  # noqa: F401

pytestmark = pytest.mark.django_db

EDITORIAL = "<p>Ce numéro parle des démarches en ligne.</p>"
TIP_TITLE = "Partager la connexion de son téléphone"
TIP_TEXT = "<p>Activez le point d'accès dans les réglages.</p>"


@pytest.fixture
def prepared(newsletter_index):  # noqa: F811
    return prepare_next_issue(newsletter_index)[0]


def prepared_texts(issue):
    """The editorial, tip title and tip text the preparation wrote."""
    tip = next(block.value for block in issue.content if block.block_type == "tip")
    return issue.editorial, tip["title"], tip["text"].source


def issue_form(issue, editorial, tip_title, tip_text, **buttons):
    tip = {"title": tip_title, "text": rich_text(tip_text), "link": "", "link_label": ""}
    data = nested_form_data(
        {
            "title": issue.title,
            "slug": issue.slug,
            "number": issue.number,
            "period_start": issue.period_start.isoformat(),
            "editorial": rich_text(editorial),
            "social_hashtags": "",
            "content": streamfield([("tip", tip)]),
            "comments": inline_formset([]),
        }
    )
    return {**data, **buttons}


def edit(client, issue, data):
    return client.post(reverse("wagtailadmin_pages:edit", args=(issue.pk,)), data)


def test_preparation_writes_the_shared_placeholders(prepared):
    editorial, tip_title, tip_text = prepared_texts(prepared)
    assert str(placeholders.EDITORIAL) in editorial
    assert tip_title == str(placeholders.TIP_TITLE)
    assert str(placeholders.TIP_TEXT) in tip_text


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"action-publish": "action-publish"}, True),
        ({"action-submit": "action-submit"}, True),
        ({"action-workflow-action": "1", "workflow-action-name": "approve"}, True),
        ({"action-workflow-action": "1", "workflow-action-name": "reject"}, False),
        ({"action-cancel-workflow": "1"}, False),
        ({}, False),
    ],
)
def test_publishing_buttons_are_told_from_saving_a_draft(data, expected):
    assert asks_to_publish(data) is expected


def test_placeholders_are_found_in_every_language_of_the_site():
    with translation.override("en"):
        assert placeholders.placeholder_in("Astuce à écrire") == "Astuce à écrire"
    assert placeholders.placeholder_in("<p>Éditorial à écrire.</p>") == "Éditorial à écrire."
    assert placeholders.placeholder_in(TIP_TITLE) is None


@pytest.mark.parametrize("button", ["action-publish", "action-submit"])
def test_an_issue_with_placeholders_is_refused_at_publication(editor_client, prepared, button):
    response = edit(
        editor_client, prepared, issue_form(prepared, *prepared_texts(prepared), **{button: button})
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["editorial"] == [
        "«\u00a0Éditorial\u00a0» contient encore le texte à remplacer "
        "«\u00a0Éditorial à écrire.\u00a0»\u00a0: écrivez-le avant de publier "
        "(le brouillon peut être enregistré tel quel)."
    ]
    tip_errors = form.errors.as_data()["content"][0].block_errors[0].block_errors
    assert tip_errors["title"].messages == [
        "«\u00a0astuce pratique : titre\u00a0» contient encore le texte à remplacer "
        "«\u00a0Astuce à écrire\u00a0»\u00a0: "
        "écrivez-le avant de publier (le brouillon peut être enregistré tel quel)."
    ]
    assert "Un conseil pratique en quelques lignes." in tip_errors["text"].messages[0]
    assert "astuce pratique : titre" in response.content.decode()  # shown on the block's field
    issue = NewsletterIssuePage.objects.get(pk=prepared.pk)
    assert not issue.live and issue.get_latest_revision().id == prepared.latest_revision_id


def test_a_draft_with_placeholders_is_saved(editor_client, prepared):
    response = edit(editor_client, prepared, issue_form(prepared, *prepared_texts(prepared)))
    assert response.status_code == 302
    assert NewsletterIssuePage.objects.get(pk=prepared.pk).latest_revision_id != (
        prepared.latest_revision_id
    )


def test_an_issue_whose_texts_were_written_is_published(editor_client, prepared):
    data = issue_form(prepared, EDITORIAL, TIP_TITLE, TIP_TEXT, **{"action-publish": "1"})
    response = edit(editor_client, prepared, data)
    assert response.status_code == 302, response.context["form"].errors
    assert NewsletterIssuePage.objects.get(pk=prepared.pk).live


def test_one_placeholder_left_in_written_text_is_refused(editor_client, prepared):
    editorial = EDITORIAL + "<p>Éditorial à écrire.</p>"
    data = issue_form(prepared, editorial, TIP_TITLE, TIP_TEXT, **{"action-publish": "1"})
    response = edit(editor_client, prepared, data)
    assert list(response.context["form"].errors) == ["editorial"]


def bulk_publish(client, issue):
    """The explorer's checkbox, then "Publier" and its confirmation, back to the issues' list."""
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    listing = reverse("wagtailadmin_explore", args=(issue.get_parent().pk,))
    return client.post(f"{url}?id={issue.pk}&next={listing}", follow=True)


def test_the_page_lists_bulk_publication_refuses_an_issue_with_placeholders(
    editor_client, prepared
):
    response = bulk_publish(editor_client, prepared)
    assert "Rien n'a été publié\u00a0: le numéro «\u00a0" + prepared.title in unescape(
        response.content.decode()
    )
    assert not NewsletterIssuePage.objects.get(pk=prepared.pk).live

    edit(editor_client, prepared, issue_form(prepared, EDITORIAL, TIP_TITLE, TIP_TEXT))
    assert bulk_publish(editor_client, prepared).status_code == 200
    assert NewsletterIssuePage.objects.get(pk=prepared.pk).live
