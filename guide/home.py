"""What the site's home page shows from the guide: where to find help, in two taps.

Added to ``portal.models.HomePage`` in ``GuideConfig.ready()``. The home leads with one GET
form: a postcode and "ouvert maintenant" (the need page's own fields, so the same labels and
validation), then each need as a tile that submits the form to its need page. A resident who
typed a postcode and ticked the box lands on the nearest open places with a single tap on a
tile, without JavaScript.
"""

from portal.content_cache import cached

from .finder import NearbyForm
from .models import NeedTreePage, VenueIndexPage

# A pictogram for each need of the default tree (guide/default_tree.json), then for each theme,
# drawn in templates/includes/pictograms/. A need an editor adds takes its theme's pictogram.
NEED_PICTOGRAMS = {
    "acces-ordinateur-internet": "computer",
    "aide-demarches-en-ligne": "form",
    "apprendre-ordinateur-reseaux-sociaux": "learn",
    "acheter-materiel-pas-cher": "price",
    "reparer-pas-cher": "repair",
    "aide-operateurs-telecom": "phone",
    "caf-rsa": "home",
    "impots": "euro",
    "ameli": "health",
    "titre-de-sejour-identite": "id-card",
    "retraite": "clock",
    "faire-mon-cv": "cv",
    "chercher-un-emploi": "briefcase",
    "france-travail": "calendar",
}
THEME_PICTOGRAMS = {
    "informatique-telephonie": "computer",
    "demarches-en-ligne": "form",
    "emploi": "briefcase",
}
DEFAULT_PICTOGRAM = "place"


def pictogram_template(need, theme):
    name = NEED_PICTOGRAMS.get(need.slug) or THEME_PICTOGRAMS.get(theme.slug, DEFAULT_PICTOGRAM)
    return f"includes/pictograms/{name}.svg"


def home_page_context(home, request):
    """Shared until the content changes: every first visit to the site renders this page."""
    guide_pages = cached(f"home-guide:{home.pk}", lambda: _guide_pages(home))
    return {**guide_pages, "help_form": NearbyForm(shared_as=home.locale_id)}


def _guide_pages(home):
    tree = NeedTreePage.objects.visible().descendant_of(home).first()
    themes = tree.themes_with_needs() if tree else []
    for theme, needs in themes:
        for need in needs:
            need.pictogram = pictogram_template(need, theme)
    return {
        "venue_index": VenueIndexPage.objects.visible().descendant_of(home).first(),
        "need_tree": tree,
        "themes": themes,
    }
