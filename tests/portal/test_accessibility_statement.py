"""The RGAA accessibility statement and the footer mention every page must carry."""

from datetime import date

import pytest

from portal.models import AccessibilityStatementPage


@pytest.fixture
def statement(home_page):
    page = AccessibilityStatementPage(
        title="Déclaration d'accessibilité",
        slug="accessibilite",
        organisation="Ville de Metz",
        compliance=AccessibilityStatementPage.Compliance.PARTIAL,
        compliance_rate=87,
        audit_date=date(2026, 10, 2),
        auditor="Cabinet Exemple",
        statement_date=date(2026, 11, 1),
        non_compliant_content="<ul><li>Anciens PDF non balisés.</li></ul>",
        contact_email="accessibilite@example.org",
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_every_page_footer_states_the_compliance_and_links_to_the_statement(client, statement):
    html = client.get("/").content.decode()
    assert f'<a href="{statement.url}">Accessibilité\u00a0: partiellement conforme</a>' in html


def test_without_a_statement_the_footer_has_no_mention(client, home_page):
    assert "Accessibilité\u00a0:" not in client.get("/").content.decode()


def test_statement_gives_status_rate_audit_contact_and_remedies(client, statement):
    html = client.get(statement.url).content.decode()
    assert "<strong>partiellement conforme</strong>" in html
    assert "87 % des critères du RGAA version 4.1 sont respectés." in html
    assert "réalisé le 2 octobre 2026 par Cabinet Exemple" in html
    assert "Anciens PDF non balisés." in html
    assert 'href="mailto:accessibilite@example.org"' in html
    assert "Défenseur des droits, Libre réponse 71120" in html


def test_statement_names_the_city_with_its_article_another_body_as_written(client, statement):
    assert "<p>La Ville de Metz s’engage à rendre ce site accessible" in (
        client.get(statement.url).content.decode()
    )
    statement.organisation = "CCAS de Metz"
    statement.save_revision().publish()
    assert "<p>CCAS de Metz s’engage à rendre ce site accessible" in (
        client.get(statement.url).content.decode()
    )


def test_statement_without_audit_says_so(client, statement):
    statement.audit_date = None
    statement.save_revision().publish()
    assert "Aucun audit de conformité n’a encore été réalisé." in (
        client.get(statement.url).content.decode()
    )
