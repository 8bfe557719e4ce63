"""Freshness of venues as the admin, the e-mails and the queries use it (the rules: score.py)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import DateField, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import score

STATE_LABELS = {
    score.UP_TO_DATE: _("à jour"),
    score.TO_CHECK: _("à vérifier"),
    score.OBSOLETE: _("périmé"),
}


def with_reference_date(venues):
    """Annotate ``reference_date``: the verification date, else the first publication's day."""
    return venues.annotate(
        reference_date=Coalesce(
            "verified_on", TruncDate("first_published_at"), output_field=DateField()
        )
    )


def older_than(months, today):
    """Filter on ``reference_date``: data at least ``months`` old, or of unknown age."""
    return Q(reference_date__isnull=True) | Q(reference_date__lte=score.cutoff(today, months))


def in_state(state, today):
    """Filter on ``reference_date``: venues whose score puts them in ``state``."""
    fresh_from = score.cutoff(today, score.FRESH_MONTHS)
    obsolete_until = score.cutoff(today, score.OBSOLETE_MONTHS)
    if state == score.UP_TO_DATE:
        return Q(reference_date__gte=fresh_from)
    if state == score.OBSOLETE:
        return older_than(score.OBSOLETE_MONTHS, today)
    return Q(reference_date__gt=obsolete_until, reference_date__lt=fresh_from)


@dataclass(frozen=True)
class Freshness:
    reference: date | None
    months: int | None
    score: float
    state: str

    @classmethod
    def of(cls, verified_on, first_published_at, today):
        first_published_on = timezone.localdate(first_published_at) if first_published_at else None
        reference = score.reference_date(verified_on, first_published_on)
        value = score.freshness_score(reference, today)
        months = score.age_in_months(reference, today)
        return cls(reference, months, value, score.freshness_state(value))

    @property
    def percent(self):
        return round(self.score * 100)

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def age_label(self):
        """ "moins d'un mois", "1 mois", "14 mois"; "inconnu" without any date."""
        if self.months is None:
            return str(_("inconnu"))
        if self.months == 0:
            return str(_("moins d'un mois"))
        return ngettext("%(count)d mois", "%(count)d mois", self.months) % {"count": self.months}
