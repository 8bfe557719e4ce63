"""``{{ text|typo }}``: French typography's non-breaking spaces in what templates print.

The filter only turns spaces into non-breaking space *characters* (never entities nor markup),
so it is ``is_safe``: autoescaping still escapes what was not safe, and HTML already safe
stays safe.
"""

from django import template
from django.template.defaultfilters import stringfilter

from portal.typography import typo

register = template.Library()
register.filter("typo", stringfilter(typo), is_safe=True)
