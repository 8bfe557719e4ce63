"""The national schema's rules (opendata/schema.py): pure functions, no database."""

import json
from datetime import date

import pytest

from guide import vocab
from opendata import schema
from tests.opendata.opendata_helpers import SCHEMA_PATH, valid_row

PUBLISHED = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
FIELDS = {spec["name"]: spec for spec in PUBLISHED["fields"]}
VOCABULARY_COLUMNS = [column for column in schema.COLUMNS if column.vocabulary]


def errors_of(**cells):
    return schema.validate_row(valid_row(**cells))[1]


def test_columns_are_the_standards_in_order():
    assert schema.COLUMN_NAMES == tuple(FIELDS)
    assert len(schema.COLUMNS) == 32


def test_required_columns_are_the_standards():
    required = {name for name, spec in FIELDS.items() if spec["constraints"].get("required")}
    assert set(schema.REQUIRED_COLUMNS) == required


@pytest.mark.parametrize("column", VOCABULARY_COLUMNS, ids=lambda column: column.name)
def test_every_vocabulary_value_matches_the_standards_pattern(column):
    import re

    pattern = re.compile(FIELDS[column.name]["constraints"]["pattern"])
    for value in column.vocabulary:
        assert pattern.match(value), value
    assert pattern.match(schema.join_values(column.vocabulary))


@pytest.mark.parametrize("column", VOCABULARY_COLUMNS, ids=lambda column: column.name)
def test_every_vocabulary_value_is_accepted_alone_and_all_together(column):
    for value in column.vocabulary:
        clean, errors = schema.validate_row(valid_row(**{column.name: value}))
        assert errors == [] and clean[column.name] == [value]
    clean, errors = schema.validate_row(
        valid_row(**{column.name: schema.join_values(column.vocabulary)})
    )
    assert errors == [] and clean[column.name] == list(column.vocabulary)


@pytest.mark.parametrize("column", VOCABULARY_COLUMNS, ids=lambda column: column.name)
def test_unknown_value_is_named_with_the_admitted_ones(column):
    errors = errors_of(**{column.name: "Atelier"})
    assert errors == [
        f'{column.name} : valeur inconnue "Atelier" '
        f"(valeurs admises : {', '.join(column.vocabulary)})"
    ]


@pytest.mark.parametrize(
    "column",
    [column for column in VOCABULARY_COLUMNS if len(column.vocabulary) >= 2],
    ids=lambda column: column.name,
)
def test_semicolon_instead_of_pipe_is_explained(column):
    errors = errors_of(**{column.name: ";".join(column.vocabulary[:2])})
    assert errors == [
        f'{column.name} : plusieurs valeurs doivent être séparées par "|", pas par ";"'
    ]


def test_national_mappings_in_vocab_publish_admitted_values():
    assert set(vocab.FEE_NATIONAL.values()) == set(schema.FEES)
    assert set(vocab.PROGRAMME_NATIONAL.values()) == set(schema.PROGRAMMES)
    assert set(vocab.ACCESS_MODE_NATIONAL.values()) == set(schema.ACCESS_MODES)
    assert set(vocab.PUBLIC_NATIONAL.values()) == set(schema.PUBLICS)
    assert set(vocab.SUPPORT_MODE_NATIONAL.values()) == set(schema.SUPPORT_MODES)
    assert set(vocab.ITINERANCE_NATIONAL.values()) == set(schema.ITINERANCE)
    assert set(vocab.TRAINING_LABEL_NATIONAL.values()) == set(schema.TRAINING_LABELS)
    specific = {*vocab.SPECIFIC_SUPPORT_NATIONAL.values(), vocab.ENGLISH_SUPPORT_NATIONAL}
    assert specific | {vocab.OTHER_LANGUAGES_SUPPORT_NATIONAL} == set(schema.SPECIFIC_SUPPORTS)


def test_values_match_without_case_accents_or_spacing():
    clean, errors = schema.validate_row(
        valid_row(
            services="comprehension du monde numerique | AIDE AUX DÉMARCHES ADMINISTRATIVES",
            formations_labels="Étapes numériques (La Poste)",
        )
    )
    assert errors == []
    assert clean["services"] == [
        "Compréhension du monde numérique",
        "Aide aux démarches administratives",
    ]
    assert clean["formations_labels"] == ["Étapes numériques(La Poste)"]


def test_a_valid_row_is_cleaned():
    clean, errors = schema.validate_row(valid_row())
    assert errors == []
    assert clean["latitude"] == 49.119
    assert clean["date_maj"] == date(2026, 1, 15)
    assert clean["courriels"] == ["contact1@example.org"]


@pytest.mark.parametrize("name", schema.REQUIRED_COLUMNS)
def test_required_cells(name):
    assert errors_of(**{name: "  "}) == [f"{name} : valeur obligatoire manquante"]


def test_missing_columns_count_as_empty():
    row = valid_row()
    del row["nom"], row["services"]
    assert schema.validate_row(row)[1] == ["nom : valeur obligatoire manquante"]


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"code_postal": "5700"}, 'code_postal : "5700" n\'est pas un code postal à 5 chiffres'),
        ({"code_postal": "57OOO"}, 'code_postal : "57OOO" n\'est pas un code postal à 5 chiffres'),
        (
            {"code_insee": "2C004"},
            'code_insee : "2C004" n\'est pas un code INSEE (5 caractères, ex. 57463)',
        ),
        (
            {"pivot": "123"},
            'pivot : "123" n\'est ni un SIRET, ni un RNA, ni un RIDET (9 à 14 lettres ou chiffres)',
        ),
        (
            {"telephone": "12345"},
            'telephone : "12345" n\'est pas au format international (+33 puis 9 chiffres)',
        ),
        (
            {"horaires": "lundi 9h-12h"},
            'horaires : syntaxe OpenStreetMap invalide ("lundi 9h-12h")',
        ),
        ({"date_maj": "15/01/2026"}, 'date_maj : "15/01/2026" n\'est pas une date AAAA-MM-JJ'),
        ({"date_maj": "2026-02-30"}, 'date_maj : "2026-02-30" n\'est pas une date AAAA-MM-JJ'),
        (
            {"latitude": "49,1"},
            'latitude : "49,1" n\'est pas un nombre (le séparateur décimal est le point)',
        ),
        ({"longitude": "200"}, "longitude : 200 est hors de l'intervalle [-180, 180]"),
        ({"presentation_resume": "x" * 281}, "presentation_resume : 281 caractères, 280 au plus"),
        (
            {"courriels": "a@example.org;b@example.org"},
            'courriels : plusieurs valeurs doivent être séparées par "|", pas par ";"',
        ),
        (
            {"courriels": "pas-une-adresse"},
            'courriels : "pas-une-adresse" n\'est pas une adresse e-mail',
        ),
        (
            {"site_web": "www.example.org"},
            'site_web : "www.example.org" n\'est pas une adresse web (http:// ou https://)',
        ),
        (
            {"prise_rdv": "rdv.example.org"},
            'prise_rdv : "rdv.example.org" n\'est pas une adresse web (http:// ou https://)',
        ),
        ({"latitude": ""}, "latitude et longitude : indiquez les deux, ou aucune"),
    ],
)
def test_bad_cells_are_explained_in_french(cells, message):
    assert errors_of(**cells) == [message]


@pytest.mark.parametrize(
    ("written", "clean"),
    [
        ("03 87 55 55 55", "+33387555555"),
        ("03.87.55.55.55", "+33387555555"),
        ("0033 3 87 55 55 55", "+33387555555"),
        ("+590 590 12 34 56", "+590590123456"),
    ],
)
def test_phones_are_put_in_the_international_form(written, clean):
    assert schema.validate_row(valid_row(telephone=written)) == (
        schema.validate_row(valid_row(telephone=clean))
    )


def test_pivot_placeholder_and_rna_are_valid():
    assert errors_of(pivot=schema.UNKNOWN_PIVOT) == []
    assert errors_of(pivot="W573001234") == []


def test_json_values_of_other_types_are_read_as_text():
    clean, errors = schema.validate_row(
        valid_row(latitude=49.1, longitude=6.2, services=["Aide aux démarches administratives"])
    )
    assert errors == []
    assert clean["services"] == ["Aide aux démarches administratives"]
    assert clean["latitude"] == 49.1


def test_several_errors_of_one_row_are_all_reported():
    errors = errors_of(nom="", code_postal="5700", horaires="n'importe quand")
    assert len(errors) == 3
