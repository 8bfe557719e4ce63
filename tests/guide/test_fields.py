"""Multiple values of a closed vocabulary, stored the way the national schema writes them."""

import pytest
from django.core.exceptions import ValidationError

from guide.models import VenuePage


def test_values_round_trip_and_filter_exactly(make_venue):
    english = make_venue(languages=["en"], publics=["seniors", "jeunes"])
    make_venue(languages=["uk", "ru"])
    stored = VenuePage.objects.get(pk=english.pk)
    assert stored.publics == ["seniors", "jeunes"]
    assert stored.get_publics_display() == ["Seniors", "Jeunes"]
    assert list(VenuePage.objects.filter(languages__has="en")) == [stored]
    assert VenuePage.objects.filter(languages__has="u").count() == 0
    assert VenuePage.objects.filter(languages__has="ru").count() == 1


def test_unknown_value_is_refused_in_french(make_venue):
    venue = make_venue()
    venue.publics = ["martiens"]
    with pytest.raises(ValidationError) as error:
        venue.full_clean()
    assert error.value.message_dict["publics"] == ["Valeur inconnue\u00a0: martiens."]
