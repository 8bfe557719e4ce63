"""Moderators handle declarations and reports in the admin, up to publication and the e-mail."""

import re
from datetime import date

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from wagtail.models import GroupApprovalTask, GroupPagePermission, Locale, Workflow, WorkflowTask

from declarations.models import Declaration
from guide.models import Territory, TerritoryModerators, VenuePage
from guide.wagtail_hooks import publish_only_own_territories

Kind = Declaration.Kind
Status = Declaration.Status

NEW_VENUE_DATA = {
    "title": "Espace numérique Borny",
    "typology": ["CS"],
    "summary": "Aide aux démarches et ateliers débutants.",
    "presentation": "Un lieu <ouvert> à tous.\n\nAteliers le mardi\net le jeudi.",
    "address": "4 boulevard de Guyenne",
    "postcode": "57070",
    "commune": "Metz",
    "phone": "0387112233",
    "publics": ["seniors"],
    "support_drop_in": True,
    "step_free": None,
    "opening_hours": "Tu,Th 14:00-17:00",
    "services": [
        {"item": "ordinateur", "family": "decouvrir", "level": 1},
        {"item": "impots", "family": "demarches", "level": 3},
        {"item": "caf-rsa", "family": "demarches", "level": 2},
        {"item": "fusee", "family": "creer", "level": 2},  # no longer in the catalogue
        {"item": "photos", "family": "demarches", "level": 2},  # in another family
    ],
}


def levels_of(venue):
    """{item slug: level} of a venue (or a revision of it), in the rows' order."""
    return {row.item.slug: row.level for row in venue.service_levels.all()}


@pytest.fixture
def other_territory(db):
    return Territory.objects.create(
        name="Metz Borny", slug="metz-borny", locale=Locale.get_default()
    )


@pytest.fixture
def declare(db, territory):
    def make(**fields):
        values = {
            "kind": Kind.NEW_VENUE,
            "territory": territory,
            "declarant_name": "Claire Martin",
            "declarant_structure": "Centre social Borny",
            "declarant_email": "claire@example.org",
            "venue_data": NEW_VENUE_DATA,
        }
        values.update(fields)
        return Declaration.objects.create(**values)

    return make


@pytest.fixture
def moderator_of(django_user_model, venue_index):
    """A user of the "Modérateurs" group, limited to the given territories."""

    def make(*territories, all_territories=False, username="moderatrice"):
        group, _created = Group.objects.get_or_create(name="Modérateurs")
        group.permissions.add(
            *Permission.objects.filter(
                codename__in=["access_admin", "view_declaration", "change_declaration"]
            )
        )
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=venue_index,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for territory in territories:
            entry, _created = TerritoryModerators.objects.get_or_create(territory=territory)
            entry.groups.add(group)
        user = django_user_model.objects.create_user(username, f"{username}@example.org", "x")
        user.groups.add(group)
        if all_territories:
            user.user_permissions.add(Permission.objects.get(codename="moderate_all_territories"))
        return user

    return make


def url(name, declaration):
    return reverse(f"declarations_admin:{name}", args=(declaration.pk,))


def assert_denied(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message."""
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def test_inbox_lists_newest_first_with_filters_and_search(editor_client, declare, make_venue):
    with time_machine.travel(date(2026, 3, 1)):
        new = declare()
    with time_machine.travel(date(2026, 3, 2)):
        report = declare(
            kind=Kind.ERROR_REPORT,
            venue=make_venue(title="Médiathèque du Sablon"),
            venue_data={},
            declarant_name="",
            declarant_email="",
            message="Fermé le lundi.",
        )
    with time_machine.travel(date(2026, 3, 3)):
        refused = declare(status=Status.REFUSED, venue_data={"title": "Doublon"})
    index = reverse("declarations_admin:index")

    html = editor_client.get(index).content.decode()
    assert (
        html.index("Doublon")
        < html.index("Médiathèque du Sablon")
        < html.index("Espace numérique Borny")
    )
    assert "Signalement d&#x27;erreur" in html and "Metz Sablon" in html
    assert "Claire Martin (Centre social Borny)" in html

    only_reports = editor_client.get(index, {"kind": "signalement"}).content.decode()
    assert "Médiathèque du Sablon" in only_reports and "Doublon" not in only_reports
    refusals = editor_client.get(index, {"status": Status.REFUSED}).content.decode()
    assert "Doublon" in refusals and "Espace numérique Borny" not in refusals
    found = editor_client.get(index, {"q": "espace numérique"}).content.decode()
    assert "Espace numérique Borny" in found and "Doublon" not in found
    assert {new.pk, report.pk, refused.pk} == set(Declaration.objects.values_list("pk", flat=True))


def test_inbox_menu_counts_unread_declarations(editor_client, declare):
    declare()
    declare()
    declare(status=Status.IN_PROGRESS)
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "clarations (2)" in html  # the sidebar is JSON: "D\u00e9clarations (2)"


def test_declarations_are_not_added_in_the_admin(editor_client, declare):
    with pytest.raises(NoReverseMatch):
        reverse("declarations_admin:add")
    html = editor_client.get(reverse("declarations_admin:index")).content.decode()
    assert "/admin/declarations/new/" not in html


def test_inbox_queries_do_not_grow_with_declarations(
    editor_client, declare, make_venue, django_assert_max_num_queries
):
    venue = make_venue()
    index = reverse("declarations_admin:index")
    for count in (1, 20):
        for number in range(count):
            declare(kind=Kind.CHANGE, venue=venue, venue_data={"phone": f"03870000{number:02}"})
        with django_assert_max_num_queries(16):
            response = editor_client.get(index)
        assert response.content.decode().count(venue.title) >= count


def test_detail_shows_the_declaration_readably(editor_client, declare, families):
    declaration = declare(message="Nous ouvrons en avril.", declarant_phone="0612345678")
    html = editor_client.get(url("inspect", declaration)).content.decode()
    for text in [
        "Claire Martin",
        "claire@example.org",
        "06",
        "Nous ouvrons en avril.",
        "Type de structure",
        "Centre social",
        "Services — Faire ses démarches en ligne",
        "Déclarer ses revenus et découvrir des services proposés par les impôts : ★★★ expert<br>"
        "Accéder à ses droits sociaux et les gérer (RSA, CAF) : ★★ maîtrise",
        "Services — Découvrir les usages de base du numérique",
        "Fonctionnement d&#x27;un ordinateur : ★ basique",
        declaration.display_code,
        "Créer le lieu",
        "Refuser",
    ]:
        assert text in html, text
    assert "Un lieu &lt;ouvert&gt; à tous." in html
    assert "Services — Créer avec le numérique" not in html and "photos" not in html


def proposal_rows(html):
    """{section: [(label, value)]} of the detail's proposed information."""
    proposal = html[html.index("Informations proposées") : html.index(">Déclarant<")]
    tables = re.findall(r"<caption[^>]*>([^<]+)</caption>(.*?)</table>", proposal, re.S)
    return {
        heading.strip(): re.findall(r'<th scope="row">([^<]*)</th><td>(.*?)</td>', body, re.S)
        for heading, body in tables
    }


def test_detail_groups_what_was_given_under_proper_labels(editor_client, declare, families):
    declaration = declare(
        venue_data={
            "title": "Espace numérique Borny",
            "pivot": "12345678901234",
            "summary": "",
            "address": "4 boulevard de Guyenne",
            "phone": "",
            "emails": [],
            "step_free": None,
            "accessibility_url": "https://acceslibre.beta.gouv.fr/app/57-metz/a/lieu/borny/",
            "support_drop_in": True,
            "support_by_appointment": False,
            "opening_hours": "Tu,Th 14:00-17:00",
            "hours_note": "",
        }
    )
    html = editor_client.get(url("inspect", declaration)).content.decode()
    assert proposal_rows(html) == {
        "Le lieu": [("Nom du lieu", "Espace numérique Borny"), ("SIRET ou RNA", "12345678901234")],
        "Adresse et contact": [
            ("Adresse", "4 boulevard de Guyenne"),
            ("Fiche Acceslibre", "https://acceslibre.beta.gouv.fr/app/57-metz/a/lieu/borny/"),
        ],
        "Publics et accompagnement": [("En individuel sans rendez-vous", "Oui")],
        "Horaires": [("Horaires (format OpenStreetMap)", "Tu,Th 14:00-17:00")],
    }
    assert "Siret ou rna" not in html and "Inconnu" not in html


def test_create_venue_makes_a_draft_filled_from_the_declaration(
    editor_client, declare, families, venue_index, territory
):
    declaration = declare()
    response = editor_client.post(url("create_venue", declaration))

    venue = VenuePage.objects.get(title="Espace numérique Borny")
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=(venue.pk,))
    assert not venue.live and venue.get_parent().pk == venue_index.pk
    assert venue.slug == "espace-numerique-borny"
    assert venue.territory == territory
    assert venue.phone == "03 87 11 22 33"
    assert venue.typology == ["CS"] and venue.publics == ["seniors"]
    assert venue.support_drop_in and venue.step_free is None
    assert venue.presentation == (
        "<p>Un lieu &lt;ouvert&gt; à tous.</p><p>Ateliers le mardi<br/>et le jeudi.</p>"
    )
    assert levels_of(venue) == {"ordinateur": 1, "impots": 3, "caf-rsa": 2}
    assert venue.live_revision is None
    assert levels_of(venue.get_latest_revision_as_object()) == levels_of(venue)
    declaration.refresh_from_db()
    assert declaration.status == Status.IN_PROGRESS and declaration.venue == venue

    again = editor_client.post(url("create_venue", declaration))
    assert again.url == response.url
    assert VenuePage.objects.filter(title="Espace numérique Borny").count() == 1


def test_create_venue_is_a_post_and_needs_a_territory(
    editor_client, declare, families, venue_index
):
    declaration = declare(territory=None)
    assert editor_client.get(url("create_venue", declaration)).status_code == 405
    response = editor_client.post(url("create_venue", declaration), follow=True)
    assert "Indiquez d&#x27;abord le territoire" in response.content.decode()
    assert not VenuePage.objects.exists()


@pytest.fixture
def change_request(declare, make_venue):
    venue = make_venue(
        title="Centre social Pioche",
        phone="03 87 00 00 00",
        levels={"ordinateur": 3, "caf-rsa": 1, "permis": 1, "photos": 2},
    )
    data = {
        "title": "Centre social Pioche",
        "phone": "03 87 99 99 99",
        "services": [  # the computer withdrawn, the car papers up, ameli added
            {"item": "caf-rsa", "family": "demarches", "level": 1},
            {"item": "ameli", "family": "demarches", "level": 2},
            {"item": "permis", "family": "demarches", "level": 3},
            {"item": "photos", "family": "creer", "level": 2},
        ],
    }
    return declare(kind=Kind.CHANGE, venue=venue, venue_data=data)


def test_update_shows_only_the_differences(editor_client, change_request):
    html = editor_client.get(url("update_venue", change_request)).content.decode()
    html = html.replace("&#x27;", "'")
    assert "La déclaration change 3 informations" in html
    assert "03 87 00 00 00" in html and "03 87 99 99 99" in html
    changes = re.findall(r"<li>(.*?)</li>", html)
    families = re.findall(r'<th scope="row">(Services — .*?)</th>', html)
    assert families == [
        "Services — Découvrir les usages de base du numérique",
        "Services — Faire ses démarches en ligne",
    ]
    for change in [
        "Fonctionnement d'un ordinateur\u00a0: ★★★ expert → <strong>non proposé</strong>",
        "Gérer ses droits d'assuré social en ligne/sur internet (ameli.fr)\u00a0: non proposé → "
        "<strong>★★ maîtrise</strong>",
        "Permis et carte grise\u00a0: ★ basique → <strong>★★★ expert</strong>",
    ]:
        assert change in changes, change
    assert "Accéder à ses droits sociaux" not in html  # the same level as now
    assert "Services — Créer avec le numérique" not in html
    assert '<th scope="row">Nom' not in html


def test_update_saves_a_draft_revision_and_leaves_the_live_page(editor_client, change_request):
    venue = change_request.venue
    response = editor_client.post(url("update_venue", change_request))

    assert response.url == reverse("wagtailadmin_pages:edit", args=(venue.pk,))
    live = VenuePage.objects.get(pk=venue.pk)
    assert live.phone == "03 87 00 00 00" and live.has_unpublished_changes
    assert levels_of(live) == {"ordinateur": 3, "caf-rsa": 1, "permis": 1, "photos": 2}
    draft = live.get_latest_revision_as_object()
    assert draft.phone == "03 87 99 99 99"
    assert list(levels_of(draft).items()) == [  # in the catalogue's order
        ("caf-rsa", 1),
        ("ameli", 2),
        ("permis", 3),
        ("photos", 2),
    ]
    change_request.refresh_from_db()
    assert change_request.status == Status.IN_PROGRESS

    # The draft, with a service the live page does not offer, previews and edits (issue 19, 8).
    preview = editor_client.get(reverse("wagtailadmin_pages:view_draft", args=(venue.pk,)))
    assert preview.status_code == 200
    assert "Gérer ses droits d&#x27;assuré social" in preview.content.decode()
    form = editor_client.get(reverse("wagtailadmin_pages:edit", args=(venue.pk,)))
    permis = venue.service_levels.get(item__slug="permis").item_id
    assert f'name="niveau_{permis}" value="3" id="id_niveau_{permis}_3" checked' in (
        form.content.decode()
    )

    draft.get_latest_revision().publish()
    assert levels_of(VenuePage.objects.get(pk=venue.pk)) == levels_of(draft)


def test_publication_accepts_the_declaration_and_tells_the_declarant_once(
    editor_client,
    declare,
    families,
    venue_index,
    django_user_model,
    django_capture_on_commit_callbacks,
):
    declaration = declare(language="fr")
    editor_client.post(url("create_venue", declaration))
    venue = VenuePage.objects.get(title="Espace numérique Borny")
    publisher = django_user_model.objects.get(username="editrice")

    with time_machine.travel(date(2026, 4, 2)), django_capture_on_commit_callbacks(execute=True):
        venue.get_latest_revision().publish(user=publisher)

    declaration.refresh_from_db()
    assert declaration.status == Status.ACCEPTED and declaration.decided_by == publisher
    venue = VenuePage.objects.get(pk=venue.pk)
    assert venue.live and venue.verified_on == date(2026, 4, 2)
    assert venue.get_latest_revision_as_object().verified_on == date(2026, 4, 2)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire@example.org"]
    assert message.subject == "Votre lieu «\u00a0Espace numérique Borny\u00a0» est publié"
    assert venue.get_full_url() in message.body
    assert "Bonjour Claire Martin," in message.body
    assert venue.get_full_url() in message.alternatives[0].content

    with django_capture_on_commit_callbacks(execute=True):
        venue.save_revision(user=publisher).publish(user=publisher)
    assert len(mail.outbox) == 1


def test_refusal_needs_a_reason_and_emails_it(
    editor_client, declare, django_capture_on_commit_callbacks
):
    declaration = declare()
    empty = editor_client.post(url("refuse", declaration), {"reason": ""})
    assert "Indiquez le motif du refus." in empty.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            url("refuse", declaration), {"reason": "Ce lieu est déjà <référencé>."}
        )

    assert response.url == url("inspect", declaration)
    declaration.refresh_from_db()
    assert declaration.status == Status.REFUSED and declaration.decided_at
    assert declaration.decided_by.username == "editrice"
    message = mail.outbox[0]
    assert "n'a pas été retenue" in message.subject
    assert "Ce lieu est déjà <référencé>." in message.body
    assert "Ce lieu est déjà &lt;référencé&gt;." in message.alternatives[0].content
    assert editor_client.get(url("refuse", declaration)).status_code == 404


def test_reports_are_marked_processed_with_an_optional_note(
    editor_client, declare, make_venue, django_capture_on_commit_callbacks
):
    venue = make_venue()
    signed = declare(kind=Kind.ERROR_REPORT, venue=venue, venue_data={}, message="Fermé.")
    anonymous = declare(
        kind=Kind.ERROR_REPORT, venue=venue, venue_data={}, declarant_name="", declarant_email=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url("close_report", signed), {"note": "Horaires corrigés, merci !"})
        editor_client.post(url("close_report", anonymous), {"note": ""})

    assert set(Declaration.objects.values_list("status", flat=True)) == {Status.ACCEPTED}
    assert len(mail.outbox) == 1
    assert "Horaires corrigés, merci !" in mail.outbox[0].body
    assert venue.get_full_url() in mail.outbox[0].body


def test_edit_form_changes_status_and_requires_a_reason_to_refuse(
    editor_client, declare, django_capture_on_commit_callbacks
):
    declaration = declare()
    edit = url("edit", declaration)
    data = {"status": Status.REFUSED, "territory": declaration.territory_id, "refusal_reason": ""}
    assert "Indiquez le motif du refus." in editor_client.post(edit, data).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(edit, data | {"refusal_reason": "Hors du territoire."})
    declaration.refresh_from_db()
    assert declaration.status == Status.REFUSED and declaration.decided_at
    assert "Hors du territoire." in mail.outbox[0].body


def test_moderators_handle_their_territories_only(
    client, declare, make_venue, territory, other_territory, moderator_of
):
    mine = declare(venue_data=NEW_VENUE_DATA | {"title": "Chez nous"})
    theirs = declare(territory=other_territory, venue_data={"title": "Chez les autres"})
    unassigned = declare(territory=None, venue_data={"title": "Sans territoire"})
    client.force_login(moderator_of(territory))

    html = client.get(reverse("declarations_admin:index")).content.decode()
    assert "Chez nous" in html
    assert "Chez les autres" not in html and "Sans territoire" not in html
    assert client.get(url("inspect", mine)).status_code == 200
    for declaration in (theirs, unassigned):
        assert client.get(url("inspect", declaration)).status_code == 404
        assert client.get(url("edit", declaration)).status_code == 404
        assert client.post(url("refuse", declaration), {"reason": "Non."}).status_code == 404
        assert client.post(url("create_venue", declaration)).status_code == 404
    assert Declaration.objects.get(pk=theirs.pk).status == Status.RECEIVED

    own_venue = make_venue()
    other_venue = make_venue(territory=other_territory)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(own_venue.pk,))).status_code == 200
    assert_denied(client.get(reverse("wagtailadmin_pages:edit", args=(other_venue.pk,))))
    assert_denied(client.post(reverse("wagtailadmin_pages:unpublish", args=(other_venue.pk,))))
    assert VenuePage.objects.get(pk=other_venue.pk).live


def test_a_territory_moderator_cannot_move_a_draft_to_another_territory_and_publish(
    client, make_venue, territory, other_territory, moderator_of
):
    request = RequestFactory().post("/")
    request.user = moderator_of(territory)
    venue = make_venue()
    publish_only_own_territories(request, venue)
    venue.territory = other_territory
    with pytest.raises(PermissionDenied):
        publish_only_own_territories(request, venue)


def test_a_territory_moderator_approves_only_their_venues_in_the_workflow(
    client, make_venue, territory, other_territory, moderator_of, django_user_model
):
    moderator = moderator_of(territory)
    task = GroupApprovalTask.objects.create(name="Relecture")
    task.groups.add(moderator.groups.get())
    workflow = Workflow.objects.create(name="Relecture des lieux")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    editor = django_user_model.objects.create_superuser("redacteur", "r@example.org", "x")
    own, other = make_venue(), make_venue(territory=other_territory)
    for venue in (own, other):
        venue.summary = "Résumé relu."
        venue.save_revision(user=editor)
        workflow.start(venue, editor)
    client.force_login(moderator)

    def approve(venue):
        state = VenuePage.objects.get(pk=venue.pk).current_workflow_task_state
        action = reverse("wagtailadmin_pages:workflow_action", args=(venue.pk, "approve", state.pk))
        return client.post(action)

    assert_denied(approve(other))
    assert VenuePage.objects.get(pk=other.pk).summary != "Résumé relu."
    approve(own)
    assert VenuePage.objects.get(pk=own.pk).summary == "Résumé relu."


def test_all_territory_moderators_see_everything(
    client, declare, territory, other_territory, moderator_of, make_venue
):
    declare(venue_data={"title": "Chez nous"})
    declare(territory=other_territory, venue_data={"title": "Chez les autres"})
    unassigned = declare(territory=None, venue_data={"title": "Sans territoire"})
    client.force_login(moderator_of(all_territories=True))

    html = client.get(reverse("declarations_admin:index")).content.decode()
    assert "Chez nous" in html and "Chez les autres" in html and "Sans territoire" in html
    assert client.get(url("inspect", unassigned)).status_code == 200
    other_venue = make_venue(territory=other_territory)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(other_venue.pk,))).status_code == 200


def test_a_moderator_in_no_territory_sees_nothing(client, declare, moderator_of):
    declare(venue_data={"title": "Chez nous"})
    client.force_login(moderator_of())
    assert "Chez nous" not in client.get(reverse("declarations_admin:index")).content.decode()


def test_viewers_without_change_permission_cannot_decide(client, declare, territory, moderator_of):
    declaration = declare()
    user = moderator_of(territory)
    user.groups.get().permissions.remove(Permission.objects.get(codename="change_declaration"))
    client.force_login(user)
    assert client.get(url("inspect", declaration)).status_code == 200
    assert_denied(client.post(url("refuse", declaration), {"reason": "Non."}))
    assert_denied(client.post(url("create_venue", declaration)))
    assert Declaration.objects.get(pk=declaration.pk).status == Status.RECEIVED


def test_anonymous_visitors_are_sent_to_the_login_page(client, declare):
    declaration = declare()
    for address in (reverse("declarations_admin:index"), url("inspect", declaration)):
        response = client.get(address)
        assert response.status_code == 302 and "/login/" in response.url


def test_territory_moderators_snippet_is_for_administrators(
    editor_client, client, moderator_of, territory
):
    snippet_index = reverse("wagtailsnippets_guide_territorymoderators:list")
    assert editor_client.get(snippet_index).status_code == 200
    client.force_login(moderator_of(territory))
    assert_denied(client.get(snippet_index))


def test_what_to_fix_before_publishing_names_each_field_by_its_french_label(
    editor_client, declare, families, venue_index, territory
):
    """Fields no declaration gives (territory, code) are named as the form names them."""
    from declarations.apply import problems

    editor_client.post(url("create_venue", declare()))
    venue = VenuePage.objects.get(title="Espace numérique Borny")
    venue.territory, venue.code = None, "=1+1"
    lines = problems(venue)
    assert [line.split(" : ")[0] for line in lines] == ["Code", "Territoire"], lines
