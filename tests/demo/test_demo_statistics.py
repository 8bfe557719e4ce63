"""The demo's usage counts, so that the statistics report has something to show."""

from demo.statistics import load_demo_usage
from stats.models import UsageCount
from tests.stats.test_statistics import REPORT_URL


def test_demo_counts_fill_the_report_once(editor_client):
    load_demo_usage(log=lambda message: None)
    rows = UsageCount.objects.count()
    load_demo_usage(log=lambda message: None)
    assert UsageCount.objects.count() == rows > 100
    html = editor_client.get(REPORT_URL).content.decode()
    assert "57950" in html and "recherches sans résultat sur" in html
