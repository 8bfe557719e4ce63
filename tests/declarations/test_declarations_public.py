"""The public side of declarations: the three-step form, tracking, proposed changes, reports."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from declarations.data import venue_data_from_venue
from declarations.models import Declaration
from freshness.links import verification_token
from guide.models import ServiceFamily, ServiceItem, StarLegend
from guide.models.catalogue import service_catalogue

from .declaration_helpers import (
    IDENTIFICATION,
    LEVELS,
    MANAGEMENT_FIELD,
    VALIDATION,
    VENUE,
    checked_level,
    declare,
    level_fields,
    post_step,
    services,
    step_url,
)


@pytest.fixture
def catalogue(home_page, families, territory):
    return territory


def page_text(response):
    return response.content.decode().replace("&#x27;", "'")


def test_whole_journey_gives_a_code_by_page_and_email(client, catalogue):
    response = client.get(reverse("declarations:start"), follow=True)
    assert response.redirect_chain[-1][0] == step_url("identification")
    assert "Étape 1 sur 3" in page_text(response)

    response = post_step(client, "identification", IDENTIFICATION)
    assert response["Location"] == step_url("lieu")
    response = client.get(step_url("lieu"))
    html = page_text(response)
    assert "Légende des étoiles" in html and "c'est notre cœur de métier" in html.lower()
    assert html.count("<fieldset") >= 6  # the step is grouped under headings

    response = post_step(
        client, "lieu", {**VENUE, **level_fields(LEVELS), "territory": catalogue.pk}
    )
    assert response["Location"] == step_url("validation")
    summary = page_text(client.get(step_url("validation")))
    for typed in ["Awa Diallo", "Espace numérique des Isles", "2 rue des Isles", "03 87 00 00 00"]:
        assert typed in summary
    services_summary = re.search(r"Services proposés.*?</div>", summary, re.S).group(0)
    assert re.findall(r"<h5>(.*?)</h5>", services_summary) == [
        "Découvrir les usages de base du numérique",
        "Faire ses démarches en ligne",
    ]
    assert re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", services_summary) == [
        ("Fonctionnement d'un ordinateur", "★ basique"),
        ("Accéder à ses droits sociaux et les gérer (RSA, CAF)", "★★ maîtrise"),
        ("Gérer ses droits d'assuré social en ligne/sur internet (ameli.fr)", "★★★ expert"),
    ]
    assert "Samedi</dt><dd>09:00 – 12:00" in summary
    assert summary.count(f'href="{step_url("lieu")}') >= 4  # "Modifier" links
    assert f'href="{step_url("identification")}"' in summary

    response = post_step(client, "validation", VALIDATION)
    assert response["Location"] == reverse("declarations:receipt")
    receipt = page_text(client.get(response["Location"]))

    declaration = Declaration.objects.get()
    assert declaration.display_code in receipt
    assert declaration.kind == Declaration.Kind.NEW_VENUE
    assert declaration.origin == Declaration.Origin.FORM
    assert declaration.venue is None and declaration.territory == catalogue
    assert declaration.language == "fr"
    assert declaration.declarant_email == "awa@example.org"
    assert declaration.message == "Ouvert depuis janvier."
    data = declaration.venue_data
    assert data["title"] == "Espace numérique des Isles"
    assert data["opening_hours"] == "Mo-Tu 09:00-12:00,13:30-17:00; Sa 09:00-12:00"
    assert data["services"] == [
        {"item": "ordinateur", "family": "decouvrir", "level": 1},
        {"item": "caf-rsa", "family": "demarches", "level": 2},
        {"item": "ameli", "family": "demarches", "level": 3},
    ]
    assert data["step_free"] is True and data["support_drop_in"] is True
    assert data["presentation"] == "Un espace convivial.\n\nDeux médiatrices vous accueillent."

    [email] = mail.outbox
    assert email.to == ["awa@example.org"]
    assert declaration.display_code in email.subject and declaration.display_code in email.body
    tracking = f"http://testserver/declarer/suivi/?code={declaration.display_code}"
    assert tracking in email.body
    html_part, mimetype = email.alternatives[0]
    assert mimetype == "text/html" and tracking in html_part

    # The wizard forgot everything: a new declaration starts empty.
    fresh = page_text(client.get(step_url("identification")))
    assert "Awa Diallo" not in fresh


def test_previous_step_keeps_what_was_typed_on_both_steps(client, catalogue):
    client.get(reverse("declarations:start"))
    post_step(client, "identification", IDENTIFICATION)
    response = post_step(
        client,
        "lieu",
        {"title": "Pas fini", "postcode": "570"},
        wizard_goto_step="identification",
    )
    assert response["Location"] == step_url("identification")
    step_1 = page_text(client.get(step_url("identification")))
    assert 'value="Awa Diallo"' in step_1
    post_step(client, "identification", {**IDENTIFICATION, "declarant_name": "Awa D."})
    step_2 = page_text(client.get(step_url("lieu")))
    assert 'value="Pas fini"' in step_2 and 'value="570"' in step_2
    assert "exactement 5 chiffres" not in step_2  # no errors before it is sent again


def test_errors_are_in_french_next_to_the_field_and_keep_the_data(client, catalogue):
    client.get(reverse("declarations:start"))
    post_step(client, "identification", IDENTIFICATION)
    response = post_step(
        client,
        "lieu",
        {
            **VENUE,
            "postcode": "5700",
            "phone": "0123",
            "hours_mo_am_end": "08:00",
            "hours_we_pm_start": "14:00",
            **level_fields({"caf-rsa": 2, "permis": 3, "photos": 1, "mails": ""}),
        },
    )
    assert response.status_code == 200
    html = page_text(response)
    assert re.search(r'id="id_lieu-postcode".*?exactement 5 chiffres', html, re.S)
    assert "Numéro de téléphone invalide" in html
    assert "L'heure de fermeture doit suivre l'ouverture." in html
    assert "Indiquez l'heure d'ouverture et de fermeture." in html
    assert 'value="Espace numérique des Isles"' in html and 'value="5700"' in html
    typed = {"caf-rsa": "2", "permis": "3", "photos": "1", "mails": ""}
    assert {slug: checked_level(html, slug) for slug in typed} == typed

    response = post_step(client, "lieu", {**VENUE, "opening_hours": "lundi 9h-12h"})
    assert "«\u00a0lundi\u00a0» n'est pas un jour" in page_text(response)


def test_expert_hours_replace_the_grid(client, catalogue):
    declare(client, venue={**VENUE, "opening_hours": "Mo-Fr 10:00-18:00; PH off"})
    assert Declaration.objects.get().venue_data["opening_hours"] == "Mo-Fr 10:00-18:00; PH off"


def test_steps_cannot_be_skipped_and_unknown_steps_are_refused(client, catalogue):
    assert client.get(step_url("validation"))["Location"] == step_url("identification")
    assert client.get(step_url("envoi"))["Location"] == step_url("identification")
    response = client.post(step_url("lieu"), {MANAGEMENT_FIELD: "nimporte"})
    assert response.status_code == 400
    assert client.post(step_url("lieu"), {"lieu-title": "x"}).status_code == 400
    assert not Declaration.objects.exists()


def test_consent_is_required(client, catalogue):
    response = declare(client, validation={"consent": ""})
    assert "Cochez cette case pour envoyer votre déclaration." in page_text(response)
    assert not Declaration.objects.exists()


def test_tracking_page_shows_status_and_accepts_sloppy_codes(client, catalogue):
    declare(client)
    declaration = Declaration.objects.get()
    declaration.status = Declaration.Status.REFUSED
    declaration.refusal_reason = "Ce lieu n'accueille pas de public."
    declaration.save()
    assert "Votre code de suivi" in page_text(client.get(reverse("declarations:track")))

    typed = " " + declaration.display_code.lower().replace("0", "o") + " "
    html = page_text(client.get(reverse("declarations:track"), {"code": typed}))
    assert "Nouveau lieu" in html and "Refusée" in html
    assert "Ce lieu n'accueille pas de public." in html

    wrong = page_text(client.get(reverse("declarations:track"), {"code": "ZZZZ-ZZZZ-ZZZZ"}))
    assert "Aucune déclaration ne correspond à ce code." in wrong
    assert "Refusée" not in wrong and "Nouveau lieu" not in wrong

    empty = client.get(reverse("declarations:track"), {"code": ""})
    assert "Indiquez votre code de suivi." in page_text(empty)


def test_tracking_is_rate_limited(client, catalogue):
    for _attempt in range(20):
        client.get(reverse("declarations:track"), {"code": "ZZZZ"})
    response = client.get(reverse("declarations:track"), {"code": "ZZZZ"})
    assert response.status_code == 429
    assert "Trop de recherches" in page_text(response)


@pytest.fixture
def venue(make_venue):
    return make_venue(
        title="Médiathèque du Sablon",
        phone="03 87 55 53 33",
        opening_hours="Tu-Fr 10:00-12:30,14:00-18:00; Sa 10:00-18:00",
        presentation="<p>Postes en accès libre.</p><p>Ateliers le mardi.</p>",
        levels={"ordinateur": 3, "internet": 1, "permis": 2},
    )


def test_change_proposal_starts_from_the_venue_values(client, catalogue, venue):
    response = client.get(reverse("declarations:change", args=[venue.pk]))
    assert response["Location"] == step_url("identification")
    assert "Proposer une modification\u00a0: Médiathèque du Sablon" in page_text(
        client.get(step_url("identification"))
    )
    post_step(client, "identification", IDENTIFICATION)
    html = page_text(client.get(step_url("lieu")))
    assert 'value="Médiathèque du Sablon"' in html
    assert 'name="lieu-hours_tu_am_start" value="10:00"' in html
    assert 'name="lieu-hours_sa_am_end" value="18:00"' in html
    levels = {slug: checked_level(html, slug) for slug in services()}
    assert {slug: level for slug, level in levels.items() if level} == {
        "ordinateur": "3",
        "internet": "1",
        "permis": "2",
    }
    assert set(levels.values()) == {"", "1", "2", "3"}  # every other service: "non proposé"
    assert "Postes en accès libre.\n\nAteliers le mardi." in html

    response = post_step(
        client,
        "lieu",
        {
            **VENUE,
            "title": "Médiathèque du Sablon",
            "hours_mo_am_start": "",
            "hours_mo_am_end": "",
            "hours_mo_pm_start": "",
            "hours_mo_pm_end": "",
            **level_fields({**levels, "internet": "2", "permis": "", "mails": "1"}),
        },
    )
    post_step(client, "validation", VALIDATION)
    declaration = Declaration.objects.get()
    assert declaration.kind == Declaration.Kind.CHANGE
    assert declaration.venue_id == venue.pk
    assert declaration.territory_id == venue.territory_id
    assert declaration.origin == Declaration.Origin.FORM
    assert declaration.venue_data["services"] == [
        {"item": "ordinateur", "family": "decouvrir", "level": 3},
        {"item": "internet", "family": "decouvrir", "level": 2},
        {"item": "mails", "family": "decouvrir", "level": 1},
    ]


def test_an_unchanged_proposal_keeps_the_venue_levels(client, catalogue, venue):
    client.get(reverse("declarations:change", args=[venue.pk]))
    post_step(client, "identification", IDENTIFICATION)
    html = page_text(client.get(step_url("lieu")))
    typed = {slug: checked_level(html, slug) for slug in services()}
    declare_change(client, levels=typed)
    assert (
        Declaration.objects.get().venue_data["services"] == venue_data_from_venue(venue)["services"]
    )
    assert venue_data_from_venue(venue)["services"] == [
        {"item": "ordinateur", "family": "decouvrir", "level": 3},
        {"item": "internet", "family": "decouvrir", "level": 1},
        {"item": "permis", "family": "demarches", "level": 2},
    ]


def test_any_levels_are_accepted_and_only_known_levels(client, catalogue):
    every = {slug: str(number % 4 or "") for number, slug in enumerate(services())}
    declare(client, levels=every)
    stored = Declaration.objects.get().venue_data["services"]
    assert {entry["item"]: entry["level"] for entry in stored} == {
        slug: int(level) for slug, level in every.items() if level
    }
    assert [entry["item"] for entry in stored] == [slug for slug in services() if every[slug]]

    response = declare(client, levels={"caf-rsa": "4", "permis": "2"})
    assert response.status_code == 200 and Declaration.objects.count() == 1
    html = page_text(response)
    assert "Sélectionnez un choix valide" in html
    assert checked_level(html, "permis") == "2"


def test_verification_link_marks_the_origin(client, catalogue, venue, make_venue):
    token = verification_token(venue)
    client.get(reverse("declarations:change", args=[venue.pk]), {"verification": token})
    declare_change(client)
    assert Declaration.objects.get().origin == Declaration.Origin.VERIFICATION

    other = make_venue(title="Autre lieu")
    client.get(reverse("declarations:change", args=[other.pk]), {"verification": token})
    assert "n'est pas valide" in page_text(client.get(step_url("identification")))
    declare_change(client)
    assert Declaration.objects.get(venue=other).origin == Declaration.Origin.FORM


def declare_change(client, levels=LEVELS):
    post_step(client, "identification", IDENTIFICATION)
    post_step(client, "lieu", {**VENUE, **level_fields(levels)})
    post_step(client, "validation", VALIDATION)


def test_change_proposals_only_for_live_venues(client, catalogue, venue):
    assert client.get(reverse("declarations:change", args=[venue.pk + 1000])).status_code == 404
    venue.unpublish()
    assert client.get(reverse("declarations:change", args=[venue.pk])).status_code == 404
    assert client.get(reverse("declarations:report", args=[venue.pk])).status_code == 404


def test_starting_a_new_declaration_forgets_a_change_proposal(client, catalogue, venue):
    client.get(reverse("declarations:change", args=[venue.pk]))
    client.get(reverse("declarations:start"))
    declare_change(client)
    assert Declaration.objects.get().kind == Declaration.Kind.NEW_VENUE


def test_venue_page_links_to_report_and_change_without_a_form(client, venue):
    html = page_text(client.get(venue.url))
    assert f'href="/declarer/signaler/{venue.pk}/"' in html
    assert f'href="/declarer/modifier/{venue.pk}/"' in html
    assert "csrfmiddlewaretoken" not in html


def test_venue_ids_past_64_bits_are_not_found(client, venue):
    for form in ("signaler", "modifier"):
        assert client.get(f"/declarer/{form}/99999999999999999999/").status_code == 404


def report(client, venue, **fields):
    data = {"topic": "horaires", "message": "Fermé le samedi depuis septembre.", **fields}
    return client.post(reverse("declarations:report", args=[venue.pk]), data)


def test_error_report_with_email_gets_a_code(client, catalogue, venue):
    form = page_text(client.get(reverse("declarations:report", args=[venue.pk])))
    assert "Qu'est-ce qui est faux\u00a0?" in form and "Le lieu a fermé définitivement" in form
    response = report(client, venue, name="Jean", email="jean@example.org")
    declaration = Declaration.objects.get()
    assert declaration.kind == Declaration.Kind.ERROR_REPORT
    assert declaration.venue_id == venue.pk and declaration.territory_id == venue.territory_id
    assert declaration.message == "Les horaires : Fermé le samedi depuis septembre."
    assert declaration.display_code in page_text(response)
    [email] = mail.outbox
    assert email.to == ["jean@example.org"] and declaration.display_code in email.body


def test_anonymous_error_report_has_no_code_and_no_email(client, catalogue, venue):
    response = report(client, venue)
    declaration = Declaration.objects.get()
    assert declaration.declarant_name == "" and declaration.declarant_email == ""
    assert declaration.display_code not in page_text(response)
    assert "Merci pour votre signalement" in page_text(response)
    assert mail.outbox == []


def test_error_report_errors_keep_the_message(client, catalogue, venue):
    response = report(client, venue, topic="", email="pas-une-adresse")
    assert response.status_code == 400
    html = page_text(response)
    assert "Choisissez ce qui est faux." in html and "Fermé le samedi depuis septembre." in html
    assert not Declaration.objects.exists()


def test_honeypots_drop_robots_quietly(client, catalogue, venue):
    response = declare(client, identification={**IDENTIFICATION, "website": "http://spam"})
    assert response.status_code == 200 and "Merci" in page_text(response)
    response = report(client, venue, website="http://spam", email="robot@example.org")
    assert response.status_code == 200
    assert not Declaration.objects.exists()
    assert mail.outbox == []


def test_step_posts_are_rate_limited_and_keep_the_data(client, catalogue):
    client.get(reverse("declarations:start"))
    for _attempt in range(30):
        post_step(client, "identification", {"declarant_name": ""})
    response = post_step(client, "identification", {**IDENTIFICATION, "declarant_name": "Zoé"})
    assert response.status_code == 429
    html = page_text(response)
    assert "Trop d'envois depuis votre connexion" in html and 'value="Zoé"' in html


def test_submissions_are_rate_limited(client, catalogue):
    for _attempt in range(5):
        declare(client)
    response = declare(client)
    assert response.status_code == 429
    assert Declaration.objects.count() == 5
    assert "Trop d'envois" in page_text(response)


def test_report_is_rate_limited(client, catalogue, venue):
    for _attempt in range(5):
        report(client, venue)
    response = report(client, venue)
    assert response.status_code == 429 and "Fermé le samedi" in page_text(response)
    assert Declaration.objects.count() == 5


def test_wizard_steps_need_few_queries(
    client, catalogue, django_assert_max_num_queries, make_venue
):
    """Bounded whatever the number of families, items and territories (no query per item)."""
    venue = make_venue(services={"decouvrir": (3, ["ordinateur"]), "creer": (1, [])})
    typed = {**VENUE, **level_fields({"caf-rsa": 2, "photos": 3, "ordinateur": ""})}
    StarLegend.load()  # its row created now: creating it later would empty the content cache
    client.get(reverse("declarations:track"))  # the first page ever creates the settings rows
    for step, limit in [
        (lambda: client.get(reverse("declarations:change", args=[venue.pk])), 8),
        (lambda: client.get(step_url("identification")), 10),
        (lambda: post_step(client, "identification", IDENTIFICATION), 6),
        (lambda: client.get(step_url("lieu")), 20),
        (lambda: post_step(client, "lieu", typed), 14),
        (lambda: client.get(step_url("validation")), 20),
        (lambda: post_step(client, "validation", VALIDATION), 15),
    ]:
        with django_assert_max_num_queries(limit):
            assert step().status_code in (200, 302)


def test_each_service_is_rated_under_its_own_family_with_the_legend(client, catalogue):
    client.get(reverse("declarations:start"))
    post_step(client, "identification", IDENTIFICATION)
    html = page_text(client.get(step_url("lieu")))
    services_part = html[html.index('<fieldset id="services"') : html.index('id="horaires"')]
    assert "Légende des étoiles" in services_part
    families = services_part.split('<fieldset class="service-family">')[1:]
    listed = [
        (
            re.search(r"<legend>(.*?)</legend>", family).group(1),
            re.findall(r'<legend class="field-label">(.*?)\s*</legend>', family),
        )
        for family in families
    ]
    assert listed == [
        (entry.name, [service.label for service in entry.services]) for entry in service_catalogue()
    ]
    assert [name for name, _items in listed][2] == "Faire ses démarches en ligne"
    assert "Permis et carte grise" in listed[2][1] and "Réaliser son CV" in listed[1][1]
    # One radio group per service, named by its legend, with the legend's four choices.
    permis = re.search(r"Permis et carte grise\s*</legend>(.*?)</fieldset>", services_part, re.S)
    choices = re.findall(r'<input type="radio"[^>]*>\s*(.*?)</label>', permis.group(1))
    assert choices == ["Non proposé", "★ basique", "★★ maîtrise", "★★★ expert"]


def test_levels_are_named_as_the_legend_editors_wrote(client, catalogue):
    legend = StarLegend.load()
    legend.level_1_name = "premiers pas"
    legend.save()
    client.get(reverse("declarations:start"))
    post_step(client, "identification", IDENTIFICATION)
    html = page_text(client.get(step_url("lieu")))
    assert "★ premiers pas</label>" in html and "★ basique" not in html
    post_step(client, "lieu", {**VENUE, **level_fields({"permis": 1})})
    summary = page_text(client.get(step_url("validation")))
    assert "<dt>Permis et carte grise</dt><dd>★ premiers pas</dd>" in summary


@pytest.fixture
def english_catalogue(catalogue, families):
    """The "démarches" family in English, with one of its services translated."""
    french = families["demarches"]
    english = ServiceFamily.objects.create(
        name="Doing things online",
        slug=french.slug,
        translation_key=french.translation_key,
        locale=Locale.objects.create(language_code="en"),
    )
    ServiceItem.objects.create(
        family=english, slug="permis", label="Driving licence and car papers"
    )
    return english


def test_services_are_labelled_in_the_visitor_language(client, english_catalogue):
    with translation.override("en"):
        client.get(reverse("declarations:start"))
        post_step(client, "identification", IDENTIFICATION)
        html = page_text(client.get(step_url("lieu")))
        assert "<legend>Doing things online</legend>" in html
        assert "Driving licence and car papers" in html and "Permis et carte grise" not in html
        assert "Réaliser son CV" in html  # not translated: in French
        post_step(client, "lieu", {**VENUE, **level_fields({"permis": 3})})
        summary = page_text(client.get(step_url("validation")))
        assert "Driving licence and car papers" in summary
        post_step(client, "validation", VALIDATION)
    declaration = Declaration.objects.get()
    assert declaration.language == "en"
    assert declaration.venue_data["services"] == [
        {"item": "permis", "family": "demarches", "level": 3}
    ]


def test_the_venue_step_speaks_to_the_venue_not_to_editors(client, catalogue):
    from guide.models import VenuePage

    post_step(client, "identification", IDENTIFICATION)
    html = page_text(client.get(step_url("lieu")))
    assert "Le nom que le public connaît, par exemple «\u00a0Médiathèque Jean-Macé\u00a0»." in html
    for name in ("title", "pivot", "summary", "documents_to_bring"):
        help_text = VenuePage._meta.get_field(name).help_text  # written for editors
        assert str(help_text) not in html, help_text
    assert "open data" not in html and "Wagtail" not in html
