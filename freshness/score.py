"""How fresh a venue's data is, from the day someone last confirmed it. Plain Python, no Django.

The score is 1.0 while the data is less than ``FRESH_MONTHS`` old, then falls linearly to 0 at
``OBSOLETE_MONTHS``. Months are calendar months counted back from today (31 March minus one
month is 28 or 29 February), and every threshold is a *cutoff date* computed from today, so the
admin report can filter in SQL on exactly what the score says.

A venue nobody ever confirmed is dated by its first publication: whoever published it typed its
data from a source then (a venue imported from open data gets the file's ``date_maj`` as its
verification date instead). Its last publication is no evidence: fixing a typo in the summary
says nothing about the opening hours. With neither date the score is 0.
"""

from dateutil.relativedelta import relativedelta

FRESH_MONTHS = 6
OBSOLETE_MONTHS = 24

UP_TO_DATE = "a-jour"
TO_CHECK = "a-verifier"
OBSOLETE = "perime"
STATES = (UP_TO_DATE, TO_CHECK, OBSOLETE)


def cutoff(today, months):
    """Data confirmed on or before this day is at least ``months`` old."""
    return today - relativedelta(months=months)


def reference_date(verified_on, first_published_on):
    """The day the data is known to have been true: its verification, else its publication."""
    return verified_on or first_published_on


def age_in_months(reference, today):
    """Whole months since ``reference``: the largest n with ``cutoff(today, n) >= reference``;
    None when there is no reference; 0 for a date in the future."""
    if reference is None:
        return None
    months = max(0, (today.year - reference.year) * 12 + today.month - reference.month)
    while months and cutoff(today, months) < reference:
        months -= 1
    return months


def freshness_score(reference, today):
    """1.0 for data under FRESH_MONTHS old, 0.0 from OBSOLETE_MONTHS, linear in days between."""
    if reference is None:
        return 0.0
    fresh_from = cutoff(today, FRESH_MONTHS)
    obsolete_until = cutoff(today, OBSOLETE_MONTHS)
    if reference >= fresh_from:
        return 1.0
    if reference <= obsolete_until:
        return 0.0
    return (reference - obsolete_until).days / (fresh_from - obsolete_until).days


def freshness_state(score):
    """UP_TO_DATE at 1.0, OBSOLETE at 0, TO_CHECK in between."""
    if score >= 1.0:
        return UP_TO_DATE
    if score <= 0.0:
        return OBSOLETE
    return TO_CHECK
