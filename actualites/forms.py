"""Forms of the newsletter: the public subscription, the editors' import and test send, and
the issue's admin form."""

from html import unescape

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from portal.publish_intent import asks_to_publish

from .placeholders import placeholder_in

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _(
                "Cette adresse e-mail n'est pas valide : vérifiez-la (exemple : nom@exemple.fr)."
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
            "uniquement à cet envoi ; je peux me désabonner à tout moment par le lien présent "
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
            "Une colonne « email » (et, si vous voulez, une colonne « langue » : fr, en, ar, "
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
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo : découpez-le."))
        raw = uploaded.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                _("Le fichier n'est pas en UTF-8 : enregistrez-le en « CSV UTF-8 » et recommencez.")
            ) from None


class TestSendForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse de test"),
        error_messages={"invalid": _("Cette adresse e-mail n'est pas valide.")},
    )


def _text_of(value):
    """The words of a value of plain or rich text, without markup; "" for any other value."""
    text = getattr(value, "source", value)
    return unescape(strip_tags(text)) if isinstance(text, str) else ""


def _placeholder_error(field_name, placeholder):
    return ValidationError(
        _(
            "« %(field)s » contient encore le texte à remplacer « %(text)s » : écrivez-le avant "
            "de publier (le brouillon peut être enregistré tel quel)."
        ),
        params={"field": field_name, "text": placeholder},
        code="placeholder",
    )


def placeholder_left_in(issue):
    """The first placeholder that ``issue``'s latest version still holds, or None: for the
    publications that do not go through the issue's form (the page list's bulk "Publier")."""
    latest = issue.get_latest_revision_as_object()
    texts = [_text_of(latest.editorial)] + [
        _text_of(value)
        for block in latest.content
        for value in (block.value.values() if hasattr(block.value, "values") else [block.value])
    ]
    return next((found for text in texts if (found := placeholder_in(text))), None)


class NewsletterIssueForm(WagtailAdminPageForm):
    """Refuses to publish, or to submit for publication, an issue that still holds a text that
    "Préparer le prochain numéro" wrote for the editor to replace (``actualites/placeholders.py``);
    saving a draft that holds one is fine. Each error sits on the field, or the block's field,
    that holds the text."""

    def clean(self):
        cleaned_data = super().clean()
        if asks_to_publish(self.data):
            self.refuse_placeholder_in_editorial(cleaned_data.get("editorial"))
            self.refuse_placeholders_in_content(cleaned_data.get("content"))
        return cleaned_data

    def refuse_placeholder_in_editorial(self, editorial):
        if editorial and (found := placeholder_in(_text_of(editorial))):
            label = self.fields["editorial"].label
            self.add_error("editorial", _placeholder_error(label, found))

    def refuse_placeholders_in_content(self, content):
        block_errors = {}
        for index, block in enumerate(content or []):
            child_errors = {
                name: _placeholder_error(f"{block.block.label} : {child.label}", found)
                for name, child in getattr(block.block, "child_blocks", {}).items()
                if (found := placeholder_in(_text_of(block.value.get(name))))
            }
            if child_errors:
                block_errors[index] = StructBlockValidationError(block_errors=child_errors)
        if block_errors:
            self.add_error("content", StreamBlockValidationError(block_errors=block_errors))
