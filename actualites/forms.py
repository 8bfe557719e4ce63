"""Forms of the newsletter: the public subscription, and the editors' import and test send."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _(
                "Cette adresse e-mail n'est pas valide : vérifiez-la (exemple : nom@exemple.fr)."
            ),
        },
    )
    language = forms.ChoiceField(
        label=_("Langue de la lettre (facultatif)"),
        choices=settings.LANGUAGES,
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte de recevoir la lettre d'information par e-mail. Mon adresse sert "
            "uniquement à cet envoi ; je peux me désabonner à tout moment par le lien présent "
            "dans chaque lettre."
        ),
        error_messages={
            "required": _("Cochez cette case pour confirmer que vous souhaitez recevoir la lettre.")
        },
    )
    # Honeypot: hidden from people, filled in by robots. A filled-in form is dropped quietly.
    website = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)

    def is_robot(self):
        return bool(self.cleaned_data.get("website"))


class SubscriberImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_(
            "Une colonne « email » (et, si vous voulez, une colonne « langue » : fr, en, ar, "
            "uk), ou simplement une adresse par ligne. Encodage UTF-8."
        ),
    )
    consent_given = forms.BooleanField(
        label=_("Ces personnes ont déjà donné leur consentement"),
        help_text=_(
            "Cochez seulement si vous pouvez le prouver (formulaire papier signé, inscription "
            "antérieure). Sinon, chaque personne reçoit un e-mail pour confirmer elle-même."
        ),
        required=False,
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo : découpez-le."))
        raw = uploaded.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » et recommencez.")
            ) from None


class TestSendForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse de test"),
        error_messages={"invalid": _("Cette adresse e-mail n'est pas valide.")},
    )
