"""The open data page of a city's first run (portal/site_setup.py): where the venue files
(national standard, data·inclusion) and the API are, in which format, under which licence. The
footer of every page links to it."""

from django.urls import reverse

from portal.models import LegalPage
from portal.site_setup import SiteSection, to_fill


def open_data(_facts):
    csv_url, json_url = reverse("opendata_venues_csv"), reverse("opendata_venues_json")
    structures_url = reverse("opendata_data_inclusion_structures")
    services_url = reverse("opendata_data_inclusion_services")
    body = f"""
<p>La liste des lieux d'aide au numérique de ce site est publiée en données ouvertes, au format
du standard national de données de la médiation numérique (version 1.0.2) : elle nourrit la
cartographie nationale et chacun peut la réutiliser.</p>
<h2>Les fichiers</h2>
<ul>
<li><a href="{csv_url}">Les lieux au format CSV</a> (UTF-8, séparateur virgule)</li>
<li><a href="{json_url}">Les lieux au format JSON</a></li>
</ul>
<p>Les lieux et chacun de leurs services, avec son niveau, sont aussi publiés au format de
data·inclusion, le hub national des services d'insertion que lisent les outils des
professionnels de l'orientation :</p>
<ul>
<li><a href="{structures_url}">Les structures au format data·inclusion</a> (JSON)</li>
<li><a href="{services_url}">Les services au format data·inclusion</a> (JSON)</li>
</ul>
<p>Ils sont mis à jour à chaque publication. Une API en lecture seule donne aussi, en JSON, les
lieux, les besoins et les événements publiés : <a href="/api/v2/lieux/">/api/v2/lieux/</a>.</p>
<h2>Licence</h2>
<p>{to_fill("licence de réutilisation, par exemple la Licence Ouverte 2.0 d'Etalab")}</p>
<h2>Une erreur ?</h2>
<p>Utilisez « Signaler une erreur » sur la page du lieu : la correction passera dans les
fichiers dès qu'elle sera publiée.</p>
"""
    return LegalPage(
        title="Données ouvertes",
        slug="donnees-ouvertes",
        role=LegalPage.Role.OPEN_DATA,
        body=body,
    )


OPEN_DATA = SiteSection(110, LegalPage, open_data, match={"role": LegalPage.Role.OPEN_DATA})
