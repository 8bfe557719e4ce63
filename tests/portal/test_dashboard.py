"""The admin's dashboard says what needs doing: each panel counts, links to the filtered list,
shows only to whoever may act on it, in as many queries however much there is to count."""

import re
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import GroupPagePermission, Locale

from actualites.models import NewsletterIssuePage
from declarations.models import Declaration
from guide.models import GuideEdition, Territory, TerritoryModerators
from stats.models import UsageCount

from ..actualites.letter_fixtures import *  # noqa: F403  (the newsletter index)

pytestmark = pytest.mark.django_db

Status = Declaration.Status
HOME = "/admin/"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def borny(db):
    return Territory.objects.create(
        name="Metz Borny", slug="metz-borny", code_prefix="B", locale=Locale.get_default()
    )


@pytest.fixture
def declare(territory):
    def make(count, **fields):
        values = {
            "kind": Declaration.Kind.NEW_VENUE,
            "territory": territory,
            "declarant_name": "Claire Martin",
            "venue_data": {"title": "Espace numérique"},
        }
        for _number in range(count):
            Declaration.objects.create(**{**values, **fields})

    return make


def stale_edition(title):
    """An edition built from other venues than today's: "à régénérer"."""
    document = get_document_model().objects.create(
        title=title, file=ContentFile(b"%PDF-1.4\n", name="guide.pdf")
    )
    return GuideEdition.objects.create(
        title=title,
        document=document,
        status=GuideEdition.Status.READY,
        built_at=timezone.now(),
        built_fingerprint="built-from-other-venues",
    )


def months_ago(months):
    return timezone.localdate() - relativedelta(months=months)


def count_linked(html, url):
    """The count a panel shows in its link to ``url``."""
    found = re.search(
        rf'<a href="{re.escape(url)}"><strong class="portal-dashboard-count">(\d+)</strong>', html
    )
    assert found, f"no count links to {url}"
    return int(found.group(1))


def panel_ids(html):
    return re.findall(r'<section class="[^"]*portal-dashboard-panel" id="([^"]+)-section"', html)


@pytest.fixture
def content(declare, borny, make_venue, newsletter_index):
    """Something to do in every panel."""
    declare(3)
    declare(2, territory=borny)
    declare(1, territory=None)
    declare(2, status=Status.IN_PROGRESS)
    declare(4, status=Status.ACCEPTED)
    make_venue(verified_on=timezone.localdate())
    make_venue(verified_on=months_ago(10))
    make_venue(verified_on=months_ago(12))
    make_venue(verified_on=months_ago(30))
    stale_edition("Le numérique pour tous 2026")
    GuideEdition.objects.create(title="Extrait Borny", status=GuideEdition.Status.FAILED)
    today = timezone.localdate()
    UsageCount.objects.create(day=today, kind="sans-resultat", key="57000", count=4)
    UsageCount.objects.create(
        day=today - timedelta(days=2), kind="sans-resultat", key="57050", count=1
    )
    UsageCount.objects.create(day=today - timedelta(days=20), kind="sans-resultat", key="57070")
    UsageCount.objects.create(day=today, kind="recherche", key="57000", count=9)


def test_each_panel_counts_what_needs_doing_and_links_to_its_list(editor_client, content, borny):
    html = editor_client.get(HOME).content.decode()
    inbox = reverse("declarations_admin:index")
    assert count_linked(html, f"{inbox}?status=recue") == 6
    assert count_linked(html, f"{inbox}?status=en_cours") == 2
    assert re.search(
        rf'<a href="{inbox}\?status=recue&amp;territory={borny.pk}">Metz Borny&nbsp;: '
        r'<strong class="portal-dashboard-count">2</strong>',
        html,
    )
    report = reverse("guide_freshness_report")
    assert count_linked(html, f"{report}?state=a-verifier") == 2
    assert count_linked(html, f"{report}?state=perime") == 1
    editions = reverse("guide_editions:list")
    assert count_linked(html, editions) == 1
    assert "Le numérique pour tous 2026" in html
    assert count_linked(html, f"{editions}?status=failed") == 1
    usage = reverse("guide_usage_report")
    assert count_linked(html, f"{usage}?period=7&amp;kind=sans-resultat") == 5  # not 20 days ago
    assert "57000 Metz" in html


def test_the_lists_linked_show_what_the_panel_counted(editor_client, content, borny):
    report = editor_client.get(reverse("guide_freshness_report"), {"state": "a-verifier"})
    assert len(report.context["object_list"]) == 2
    inbox = reverse("declarations_admin:index")
    received = editor_client.get(inbox, {"status": "recue"})
    assert len(received.context["object_list"]) == 6
    in_borny = editor_client.get(inbox, {"status": "recue", "territory": borny.pk})
    assert len(in_borny.context["object_list"]) == 2
    failed = editor_client.get(reverse("guide_editions:list"), {"status": "failed"})
    assert [str(edition) for edition in failed.context["object_list"]] == [
        f"Extrait Borny ({timezone.localdate().year})"
    ]


def test_the_next_issue_is_prepared_from_the_dashboard(editor_client, newsletter_index):
    html = editor_client.get(HOME).content.decode()
    prepare = reverse("actualites_prepare_issue", args=(newsletter_index.pk,))
    assert "est à préparer" in html
    assert re.search(rf'<form method="post" action="{prepare}">\s*<input type="hidden"', html)

    response = editor_client.post(prepare)
    issue = NewsletterIssuePage.objects.get()
    assert response.url == reverse("wagtailadmin_pages:edit", args=(issue.pk,))
    html = editor_client.get(HOME).content.decode()
    assert f"Le numéro {issue.number_label} est en préparation." in html
    assert f'href="{response.url}"' in html and "Continuer le brouillon" in html
    assert f'action="{prepare}"' not in html


def moderator_of(django_user_model, venue_index, *territories):
    group = Group.objects.create(name="Modérateurs Sablon")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_declaration"])
    )
    GroupPagePermission.objects.create(
        group=group, page=venue_index, permission=Permission.objects.get(codename="change_page")
    )
    for territory in territories:
        TerritoryModerators.objects.create(territory=territory).groups.add(group)
    user = django_user_model.objects.create_user("moderatrice", "m@example.org", "x")
    user.groups.add(group)
    return user


def test_a_territory_moderator_counts_her_territory_only(
    client, django_user_model, venue_index, territory, content
):
    client.force_login(moderator_of(django_user_model, venue_index, territory))
    html = client.get(HOME).content.decode()
    inbox = reverse("declarations_admin:index")
    assert count_linked(html, f"{inbox}?status=recue") == 3
    assert count_linked(html, f"{inbox}?status=en_cours") == 2
    assert "Metz Borny" not in html


def test_a_panel_shows_only_to_whoever_may_act_on_it(
    client, django_user_model, venue_index, territory, content
):
    client.force_login(moderator_of(django_user_model, venue_index, territory))
    # Declarations and the venues' freshness; no editions, newsletter or statistics rights.
    assert panel_ids(client.get(HOME).content.decode()) == [
        "declarations-a-traiter",
        "fraicheur-des-lieux",
    ]


def test_a_superuser_sees_every_panel_in_order(editor_client, content):
    assert panel_ids(editor_client.get(HOME).content.decode()) == [
        "declarations-a-traiter",
        "fraicheur-des-lieux",
        "guide-imprime",
        "prochain-numero",
        "recherches-sans-resultat",
    ]


def test_the_dashboard_queries_do_not_grow_with_what_it_counts(
    editor_client, declare, borny, make_venue, newsletter_index, django_assert_max_num_queries
):
    declare(1)
    make_venue(verified_on=months_ago(10))
    stale_edition("Guide 2026")
    editor_client.get(HOME)  # the per-process caches (site, menus, private sections) are warm
    with django_assert_max_num_queries(60) as few:
        editor_client.get(HOME)
    budget = len(few.captured_queries)  # read now: the next request empties Django's log
    declare(5, territory=borny)
    declare(5, status=Status.IN_PROGRESS)
    for months in (8, 12, 30, 40):
        make_venue(verified_on=months_ago(months))
    for day in range(6):
        UsageCount.objects.create(
            day=timezone.localdate() - timedelta(days=day),
            kind="sans-resultat",
            key=f"5700{day}",
            count=1,
        )
    editor_client.get(HOME)  # publishing emptied the caches
    with django_assert_max_num_queries(budget):
        editor_client.get(HOME)
