"""What keeps a page cheap on a cache miss: few queries, as many at 20 venues as at 5, and
form fields that cost no template each (``portal/form_renderer.py``)."""

from datetime import datetime

import pytest
import time_machine
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from guide.hours import PARIS
from portal import content_cache
from portal.form_renderer import FormRenderer, KeptOptionsSelect
from tests.guide.test_tree import caf_need, phone_line, places, theme, tree  # noqa: F401

MONDAY_10AM = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
MAX_QUERIES = 15  # issue 22: every resident page, whatever the number of venues
SERVICES = {"demarches": (2, ["caf-rsa", "impots"]), "decouvrir": (1, [])}


class Choices(forms.Form):
    family = forms.ChoiceField(
        label="Type d'aide",
        required=False,
        choices=[("", "Tous"), ("demarches", "Démarches"), ("a&b", "Lire <et> écrire")],
    )
    service = forms.ChoiceField(
        choices=[
            ("", "Tous les services"),
            ("Démarches", [("caf-rsa", "CAF & RSA"), ("impots", mark_safe("Impôts <b>")), (3, 3)]),
            ("Découvrir", [("mails", "Les e-mails")]),
        ],
        widget=forms.Select(attrs={"aria-describedby": "aide", "required": True, "x": False}),
    )
    levels = forms.MultipleChoiceField(choices=[(1, "★"), (2, "★★"), (3, "★★★")])


@pytest.mark.parametrize(
    "data", [{}, {"family": "a&b", "service": "impots", "levels": ["1", "3"]}, {"service": "3"}]
)
@pytest.mark.parametrize("name", ["family", "service", "levels"])
def test_select_written_in_python_is_the_html_of_django_templates(data, name):
    django_html = str(Choices(data, renderer=DjangoTemplates())[name])
    assert str(Choices(data, renderer=FormRenderer())[name]) == django_html
    assert "<option" in django_html


class KeptChoices(Choices):
    """The same fields, their options written once per set of choices."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("family", "service"):
            field = self.fields[name]
            field.widget = KeptOptionsSelect(attrs=field.widget.attrs, choices=field.choices)


@pytest.mark.parametrize(
    "data",
    [{}, {"family": "a&b", "service": "impots"}, {"service": "3"}, {"family": "inconnu"}, None],
)
@pytest.mark.parametrize("name", ["family", "service"])
def test_a_select_with_kept_options_is_the_html_of_django_templates(data, name):
    django_html = str(Choices(data, renderer=DjangoTemplates())[name])
    # Twice: the second rendering takes the options written by the first.
    assert str(KeptChoices(data, renderer=FormRenderer())[name]) == django_html
    assert str(KeptChoices(data, renderer=FormRenderer())[name]) == django_html


def test_a_select_with_kept_options_marks_only_this_request_s_choice():
    assert 'value="demarches" selected' in str(KeptChoices({"family": "demarches"})["family"])
    html = str(KeptChoices({"family": "a&b"})["family"])
    assert 'value="a&amp;b" selected' in html
    assert "selected" not in html.replace('value="a&amp;b" selected', "")


class Inputs(forms.Form):
    q = forms.CharField(max_length=200, widget=forms.TextInput(attrs={"inputmode": "search"}))
    open_now = forms.BooleanField(required=False)
    lat = forms.FloatField(required=False, widget=forms.HiddenInput)
    count = forms.IntegerField(min_value=1, required=False)
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"disabled": False}))


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"q": 'Lire <et> "écrire" & compter', "open_now": "on", "lat": "49.1", "count": "3"},
        {"q": "", "open_now": "", "count": "x", "email": "a@b.fr"},
    ],
)
@pytest.mark.parametrize("name", ["q", "open_now", "lat", "count", "email"])
def test_input_written_in_python_is_the_html_of_django_templates(data, name):
    django_html = str(Inputs(data, renderer=DjangoTemplates())[name])
    assert str(Inputs(data, renderer=FormRenderer())[name]) == django_html
    assert django_html.startswith("<input")


def test_the_site_renders_forms_with_it(settings):
    assert settings.FORM_RENDERER == "portal.form_renderer.FormRenderer"


def test_a_request_reads_the_content_generation_once(client, make_venue, monkeypatch):
    venue = make_venue(title="Centre social Pioche", services=SERVICES)
    client.get(venue.url)
    reads = []
    real_get = content_cache.cache.get

    def counting_get(key, *args, **kwargs):
        if key == content_cache.GENERATION_KEY:
            reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(content_cache.cache, "get", counting_get)
    assert "Centre social Pioche" in client.get(venue.url + "?autre=1").content.decode()
    assert len(reads) == 1


@time_machine.travel(MONDAY_10AM, tick=False)
def test_a_page_read_again_takes_its_content_from_the_web_process(
    client,
    caf_need,  # noqa: F811 - the fixture imported above
    monkeypatch,
    no_page_cache,
):
    """Menus, rows and venues never change under their key (a publication makes new keys):
    once a process has read them, only the generation comes from the shared cache."""
    url = caf_need.url + "?cp=57000"
    client.get(url)  # creates the star legend's row: a setting saved, a new content generation
    client.get(url)
    shared_reads = []
    real_get_many = content_cache.cache.get_many

    def counting_get_many(keys, *args, **kwargs):
        shared_reads.extend(keys)
        return real_get_many(keys, *args, **kwargs)

    monkeypatch.setattr(content_cache.cache, "get_many", counting_get_many)
    assert "Centre social Pioche" in client.get(url + "&autre=1").content.decode()
    assert shared_reads == []
    content_cache.content_changed()
    assert "Centre social Pioche" in client.get(url + "&autre=2").content.decode()
    assert shared_reads and len(shared_reads) == len(set(shared_reads))  # each read once


def test_a_publication_during_a_request_starts_a_new_generation_at_once(rf):
    seen = []

    def view(request):
        seen.append(content_cache.generation())
        content_cache.content_changed()
        seen.append(content_cache.generation())
        return None

    content_cache.GenerationPerRequestMiddleware(view)(rf.get("/"))
    assert seen[1] == seen[0] + 1
    content_cache.content_changed()  # outside a request, nothing is remembered
    assert content_cache.generation() == seen[1] + 1


def _flat_queries(client, url, add_venues, django_assert_max_num_queries):
    """The queries of ``url`` rendered (not from the page cache) before and after more
    venues are published: at most MAX_QUERIES, and not one more with more venues."""
    client.get(url)  # creates the star legend's row: a setting saved, a new content generation
    client.get(url)  # fills the menu, choices and card caches
    with django_assert_max_num_queries(MAX_QUERIES) as few:
        assert client.get(url).status_code == 200
    few_venues_queries = len(few.captured_queries)  # now: the log keeps the last 9,000 only
    add_venues()
    client.get(url)  # publishing emptied the caches
    with django_assert_max_num_queries(few_venues_queries):
        return client.get(url).content.decode()


def _more_venues(make_venue, count=15):
    def add():
        for number in range(count):
            make_venue(title=f"Lieu {number}", services=SERVICES, latitude=49.1, longitude=6.2)

    return add


@time_machine.travel(MONDAY_10AM, tick=False)
def test_home_page_queries(
    client, home_page, make_venue, django_assert_max_num_queries, no_page_cache
):
    html = _flat_queries(client, "/", _more_venues(make_venue), django_assert_max_num_queries)
    assert "<h1" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_venue_list_with_three_filters_and_a_postcode_queries(
    client, venue_index, make_venue, django_assert_max_num_queries, no_page_cache
):
    _more_venues(make_venue, count=3)()
    url = venue_index.url + "?famille=demarches&niveau=2&gratuit=1&cp=57070"
    html = _flat_queries(client, url, _more_venues(make_venue), django_assert_max_num_queries)
    assert "18 lieux" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_venue_page_queries(client, make_venue, django_assert_max_num_queries, no_page_cache):
    venue = make_venue(title="Centre social Pioche", services=SERVICES, phone="03 87 00 00 00")
    html = _flat_queries(client, venue.url, _more_venues(make_venue), django_assert_max_num_queries)
    assert "Centre social Pioche" in html


@time_machine.travel(MONDAY_10AM, tick=False)
def test_need_page_with_a_postcode_queries(
    client,
    caf_need,  # noqa: F811 - the fixture imported above
    make_venue,
    django_assert_max_num_queries,
    no_page_cache,
):
    url = caf_need.url + "?cp=57000"
    html = _flat_queries(client, url, _more_venues(make_venue), django_assert_max_num_queries)
    assert "16 lieux" in html
