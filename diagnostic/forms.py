"""The report's filters and the fragility upload form."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from guide.models import NeedPage, Territory, VenuePage
from portal.localized import content_language

from .figures import DEFAULT_PERIOD_DAYS

PERIODS = [
    ("7", _("7 derniers jours")),
    ("30", _("30 derniers jours")),
    ("365", _("12 derniers mois")),
]
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class DiagnosticFilterForm(forms.Form):
    """Territory, commune, need and period; each choice read in one query."""

    territoire = forms.ChoiceField(label=_("Territoire"), required=False)
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    besoin = forms.TypedChoiceField(label=_("Besoin"), required=False, coerce=int, empty_value=None)
    periode = forms.TypedChoiceField(
        label=_("Recherches des"),
        choices=PERIODS,
        coerce=int,
        required=False,
        empty_value=DEFAULT_PERIOD_DAYS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = content_language(settings.LANGUAGE_CODE)
        territories = Territory.objects.filter(locale__language_code=language)
        self.fields["territoire"].choices = [("", _("Tous les territoires"))] + list(
            territories.values_list("slug", "name")
        )
        communes = (
            VenuePage.objects.visible()
            .filter(locale__language_code=language)
            .order_by("commune")
            .values_list("commune", flat=True)
            .distinct()
        )
        self.fields["commune"].choices = [("", _("Toutes les communes"))] + [
            (c, c) for c in communes
        ]
        needs = NeedPage.objects.visible().filter(locale__language_code=language).order_by("path")
        self.fields["besoin"].choices = [("", _("Tous les besoins"))] + list(
            needs.values_list("pk", "title")
        )

    def scope(self):
        """The keyword arguments of ``figures.diagnose``: the whole area when a value is wrong."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "territory_slug": data.get("territoire") or "",
            "commune": data.get("commune") or "",
            "need_id": data.get("besoin"),
            "period_days": data.get("periode") or DEFAULT_PERIOD_DAYS,
        }


class FragilityUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV de l'indice de fragilité"),
        help_text=_(
            "Colonnes : code_insee, commune, indice, et si vous les avez acces_numerique, "
            "acces_information, competences_administratives, competences_numeriques. Séparateur "
            "point-virgule ou virgule, encodage UTF-8."
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse 2 Mo : ce n'est pas un indice par commune.")
            )
        try:
            return uploaded.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » et recommencez.")
            ) from None
