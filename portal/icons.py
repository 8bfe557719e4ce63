"""``/favicon.ico``: browsers and bots ask for it on their own, whatever a page links to.

Pages link their icon themselves (``templates/base.html``: the city's logo when it has one, else
``static/img/icon.svg``); this address sends the others to the default icon rather than a 404.
"""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    return redirect(static("img/icon.svg"))
