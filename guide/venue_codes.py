"""The guide's venue codes ("M5"): the territory's prefix, then a number.

Codes are compared without regard to case: the guide prints them in capitals and professionals
read them aloud or type them from paper, so "m5" and "M5" name the same entry. The next free
code follows the highest number of the territory rather than filling a gap: a gap is usually a
venue that closed, whose code is still in last year's printed guide.
"""

import re


def _numbered(prefix):
    return re.compile(rf"{re.escape(prefix)}([0-9]+)", re.IGNORECASE)


def has_prefix(code, prefix):
    """Whether ``code`` is ``prefix`` followed by a number (M5, M5bis; not MB3 for M)."""
    return not prefix or _numbered(prefix).match(code) is not None


def next_code(prefix, codes):
    """The code after the highest numbered one among ``codes`` (M1…M7 → M8); None without a
    prefix: such a territory's codes follow no rule to continue."""
    if not prefix:
        return None
    pattern = _numbered(prefix)
    numbers = [int(found[1]) for code in codes if (found := pattern.fullmatch(code or ""))]
    return f"{prefix}{max(numbers, default=0) + 1}"


def next_codes(territories, codes_by_territory_key):
    """{territory pk: its next free code} for the territories with a prefix, from
    ``codes_by_territory_key`` (codes of venues, in every language, by territory
    translation key: a venue's translations keep its code)."""
    return {
        territory.pk: code
        for territory in territories
        if (
            code := next_code(
                territory.code_prefix, codes_by_territory_key.get(territory.translation_key, ())
            )
        )
    }
