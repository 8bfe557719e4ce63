"""A need, places at several levels and postcodes, and editors with and without the permission."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Locale

from guide.models import NeedPage, NeedTreePage, Territory, ThemePage
from tests.conftest import publish

REPORT_URL = "/admin/reports/diagnostic-du-territoire/"
UPLOAD_URL = f"{REPORT_URL}indice-de-fragilite/"


@pytest.fixture
def need(home_page, families):
    tree = publish(home_page, NeedTreePage(title="Qui fait quoi ?", slug="qui-fait-quoi"))
    theme = publish(tree, ThemePage(title="Démarches en ligne", slug="demarches"))
    return publish(
        theme,
        NeedPage(
            title="Faire mes démarches en ligne",
            slug="demarches-en-ligne",
            family=families["demarches"],
        ),
    )


@pytest.fixture
def far_territory(db):
    return Territory.objects.create(
        name="Sarreguemines", slug="sarreguemines", code_prefix="G", locale=Locale.get_default()
    )


@pytest.fixture
def places(make_venue, far_territory, need):
    """Two places near Metz, one of them ★★ for the need; one place at ★ only, 60 km east."""
    return [
        make_venue(title="Centre social Pioche", services={"demarches": (2, [])}),
        make_venue(
            title="Médiathèque du Sablon",
            services={"decouvrir": (3, [])},
            opening_hours="Tu-Sa 14:00-19:00",
            support_drop_in=True,
            step_free=True,
            languages=["ar"],
        ),
        make_venue(
            title="Mairie de Sarreguemines",
            territory=far_territory,
            services={"demarches": (1, [])},
            postcode="57200",
            commune="Sarreguemines",
            insee_code="57631",
            latitude=49.11,
            longitude=7.07,
        ),
    ]


def _user_with(django_user_model, client, *codenames):
    group = Group.objects.create(name="Éditeurs")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    user = django_user_model.objects.create_user("redacteur", "r@example.org", "motdepasse")
    user.groups.add(group)
    client.force_login(user)
    return user


@pytest.fixture
def editor_without_diagnosis(django_user_model, client):
    return _user_with(django_user_model, client)


@pytest.fixture
def diagnosis_client(django_user_model, client):
    _user_with(django_user_model, client, "view_territorydiagnosis")
    return client
