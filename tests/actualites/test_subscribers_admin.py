"""Editors' side: subscriber counts and list, CSV import, starting a send, its progress page."""

import html

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from actualites.models import Delivery, NewsletterSend, Subscriber
from actualites.newsletter import send as sending
from tests.actualites.send_fixtures import make_issue, make_subscribers

pytestmark = pytest.mark.django_db


def shown(response):
    return html.unescape(response.content.decode())


def test_subscriber_list_shows_counts(editor_client, django_assert_max_num_queries):
    make_subscribers(3)
    make_subscribers(2, status=Subscriber.Status.PENDING, start=10)
    Subscriber.objects.create(email="olena@example.org", status="confirme", language="uk")
    with django_assert_max_num_queries(20):
        response = editor_client.get("/admin/lettre-abonnes/")
    text = shown(response)
    assert "4 abonnés confirmés" in text
    assert "2 inscriptions en attente de confirmation" in text
    assert "fr\u00a0: 3, uk\u00a0: 1" in text
    assert "abonne0@example.org" in text
    assert "Importer un fichier CSV" in text


def test_subscriber_admin_needs_permission(client, django_user_model):
    user = django_user_model.objects.create_user("lecteur", password="x")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get("/admin/lettre-abonnes/").status_code in (302, 403)
    assert client.get("/admin/lettre-abonnes/importer/").status_code in (302, 403)
    assert client.get("/admin/lettre-envois/").status_code in (302, 403)


def upload(editor_client, content, consent=False):
    data = {"file": SimpleUploadedFile("abonnes.csv", content.encode(), "text/csv")}
    if consent:
        data["consent_given"] = "on"
    return editor_client.post("/admin/lettre-abonnes/importer/", data)


def test_csv_import_reports_bad_lines_and_keeps_good_ones(editor_client):
    Subscriber.objects.create(email="deja@example.org", status="confirme")
    content = (
        "email;langue\n"
        "lea@example.org;fr\n"
        "pas-une-adresse;fr\n"
        "DEJA@example.org;fr\n"
        "olena@example.org;uk\n"
        "paul@example.org;xx\n"
        "\n"
        "lea@example.org;fr\n"
    )
    text = shown(upload(editor_client, content, consent=True))
    assert "2 adresses ajoutées" in text
    assert "2 adresses déjà connues, ignorées" in text
    assert "2 lignes refusées" in text
    assert (
        "<td>3</td><td>«\u00a0pas-une-adresse\u00a0» n'est pas une adresse e-mail valide</td>"
        in text
    )
    assert "<td>6</td><td>langue «\u00a0xx\u00a0» inconnue" in text
    olena = Subscriber.objects.get(email="olena@example.org")
    assert (olena.status, olena.language, olena.source) == ("confirme", "uk", "import")
    assert olena.consent_at is not None
    assert mail.outbox == []


def test_csv_import_without_consent_asks_each_person(editor_client):
    text = shown(upload(editor_client, "lea@example.org\npaul@example.org\n"))
    assert "2 adresses ajoutées" in text
    assert "2 e-mails de confirmation envoyés" in text
    assert set(Subscriber.objects.values_list("status", flat=True)) == {"attente"}
    assert sorted(m.to[0] for m in mail.outbox) == ["lea@example.org", "paul@example.org"]


def test_csv_import_refuses_a_file_not_in_utf8(editor_client):
    data = {"file": SimpleUploadedFile("a.csv", "léa@example.org".encode("latin-1"))}
    response = editor_client.post("/admin/lettre-abonnes/importer/", data)
    assert "n'est pas en UTF-8" in shown(response)


def test_issue_page_offers_test_and_real_send(editor_client, home_page):
    issue = make_issue(number=3)
    text = shown(editor_client.get(f"/admin/pages/{issue.pk}/edit/"))
    assert f"/admin/lettre-envois/envoyer/{issue.pk}/" in text
    assert f"/admin/lettre-envois/test/{issue.pk}/" in text


def test_real_send_from_the_admin_once(
    editor_client, home_page, django_capture_on_commit_callbacks
):
    issue = make_issue(number=3)
    make_subscribers(4)
    url = f"/admin/lettre-envois/envoyer/{issue.pk}/"
    confirm = shown(editor_client.get(url))
    assert "Envoyer à 4 abonnés" in confirm
    assert not NewsletterSend.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, follow=True)
    send = NewsletterSend.objects.get()
    assert len(mail.outbox) == 4
    assert "L'envoi a commencé" in shown(response)

    again = editor_client.post(url, follow=True)
    assert "il ne sera pas envoyé une seconde fois" in shown(again)
    assert NewsletterSend.objects.count() == 1
    assert len(mail.outbox) == 4
    assert send.requested_by.username == "editrice"


def test_a_draft_issue_cannot_be_sent(editor_client, home_page):
    issue = make_issue(number=5, live=False)
    editor_client.post(f"/admin/lettre-envois/envoyer/{issue.pk}/")
    assert not NewsletterSend.objects.exists()


def test_send_requires_post_with_csrf(home_page, django_user_model):
    from django.test import Client

    issue = make_issue(number=3)
    make_subscribers(1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_superuser("a", "a@example.org", "x"))
    assert client.post(f"/admin/lettre-envois/envoyer/{issue.pk}/").status_code == 403
    assert not NewsletterSend.objects.exists()


def test_progress_page_shows_counts_and_failures(
    editor_client, home_page, django_assert_max_num_queries
):
    issue = make_issue(number=3)
    make_subscribers(5)
    send = sending.start_send(issue)  # no worker ran
    first, second, *_rest = send.deliveries.order_by("pk")
    Delivery.objects.filter(pk=first.pk).update(status="envoye")
    Delivery.objects.filter(pk=second.pk).update(
        status="echec", error="550 5.1.1 Boite aux lettres inconnue", attempts=1
    )
    with django_assert_max_num_queries(25):
        response = editor_client.get(f"/admin/lettre-envois/{send.pk}/")
    text = shown(response)
    assert "Envoyés\u00a0: 1" in text and "Échecs\u00a0: 1" in text
    assert "Restant à envoyer\u00a0: 3" in text
    assert "550 5.1.1 Boite aux lettres inconnue" in text
    assert second.email in text
    assert "Reprendre l'envoi" in text
    listing = shown(editor_client.get("/admin/lettre-envois/"))
    assert "Lettre n° 3" in listing


def test_resume_button_sends_the_rest(editor_client, home_page, django_capture_on_commit_callbacks):
    issue = make_issue(number=3)
    make_subscribers(5)
    send = sending.start_send(issue)
    sending.claim_batch(send.pk, "dead-worker")
    Delivery.objects.filter(pk=send.deliveries.order_by("pk").first().pk).update(status="envoye")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(f"/admin/lettre-envois/{send.pk}/reprendre/", follow=True)
    assert "L'envoi reprend" in shown(response)
    assert len(mail.outbox) == 4
    assert "Terminé" in shown(response) or NewsletterSend.objects.get().status == "termine"
