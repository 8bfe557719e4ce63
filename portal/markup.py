"""HTML written in Python for the parts of a page drawn dozens of times (list rows, cards).

Django's ``format_html`` escapes each value through ``conditional_escape``, whose lazy-string
wrapper costs more than the escaping itself; a list of twenty rows called it hundreds of times
and that was most of the rows' time. ``escaped`` escapes exactly as ``conditional_escape`` does
(text made safe is kept as it is, anything else goes through the standard library's
``html.escape``, as Django's ``escape`` does) and ``written`` marks the result, which must be
made only of literal markup and ``escaped`` values, as safe.
"""

from html import escape

from django.utils.safestring import mark_safe


def escaped(value):
    """``value`` ready to be put in HTML: safe text as it is, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def written(html):
    """``html``, built from literal markup and ``escaped`` values only, as safe text."""
    return mark_safe(html)  # nosec B308, B703 # every value in it went through escaped()
