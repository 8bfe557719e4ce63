"""Daily counts are kept 25 months, then deleted.

The CNIL's rule for audience measurement exempt from consent: figures kept 25 months at most.
Two years and a month also let the city compare a month with the same month a year before.
Days are kept as they are rather than summed into months: a day is a few hundred small rows at
most, and any period stays exact.
"""

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from .models import UsageCount

RETENTION_MONTHS = 25


def purge_usage_counts(today=None):
    """Delete the days older than the retention period; return how many rows went."""
    today = today or timezone.localdate()
    deleted, _by_model = UsageCount.objects.filter(
        day__lt=today - relativedelta(months=RETENTION_MONTHS)
    ).delete()
    return deleted
