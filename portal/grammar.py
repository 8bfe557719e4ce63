"""The city's name in a French sentence: « la Ville de Metz », « de l'Eurométropole de Metz »,
« au Département de la Meuse », « aux Sables-d'Olonne ».

A name alone (« Ville de Metz ») reads wrong after a preposition: « le guide de Ville de Metz ».
The article it takes is the editor's choice (``Article``), because neither gender nor number can
be guessed from the name; the contractions (« du », « au », « des », « aux ») and elisions
follow from it. Only French has these forms: in another language, every form is the bare name,
and the translations of the sentences that use them add their own words around it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

VOWELS = frozenset("aàâäeéèêëiîïoôöuùûüyÿœæAÀÂÄEÉÈÊËIÎÏOÔÖUÙÛÜYŸŒÆ")


class Article(models.TextChoices):
    """The article the name takes in a sentence; each label shows the forms it gives."""

    FEMININE = "la", _("la : « la Ville de Metz », « de la Ville de Metz », « à la Ville de Metz »")
    MASCULINE = (
        "le",
        _(
            "le : « le Département de la Meuse », « du Département de la Meuse », "
            "« au Département de la Meuse »"
        ),
    )
    ELIDED = (
        "l'",
        _(
            "l' : « l'Eurométropole de Metz », « de l'Eurométropole de Metz », "
            "« à l'Eurométropole de Metz »"
        ),
    )
    PLURAL = (
        "les",
        _("les : « les Sables-d'Olonne », « des Sables-d'Olonne », « aux Sables-d'Olonne »"),
    )
    NONE = (
        "sans",
        _("sans article : « Metz », « de Metz », « à Metz » (« d'Orléans », « à Orléans »)"),
    )


# (with the article, after "de", after "à"), each form followed by the name.
FORMS = {
    Article.FEMININE: ("la ", "de la ", "à la "),
    Article.MASCULINE: ("le ", "du ", "au "),
    Article.ELIDED: ("l'", "de l'", "à l'"),
    Article.PLURAL: ("les ", "des ", "aux "),
    Article.NONE: ("", "de ", "à "),
}


@dataclass(frozen=True)
class CityName:
    """A name and its article; empty forms for an empty name, so that templates can test them."""

    name: str
    article: str = Article.FEMININE

    def __str__(self):
        return self.name

    def _form(self, index):
        name = self.name.strip()
        if not name or not (get_language() or "fr").startswith("fr"):
            return name
        prefix = FORMS.get(self.article, FORMS[Article.NONE])[index]
        if prefix == "de " and name[0] in VOWELS:
            prefix = "d'"
        return prefix + name

    @property
    def with_article(self):
        """« la Ville de Metz », « l'Eurométropole de Metz », « Metz »."""
        return self._form(0)

    @property
    def of(self):
        """After « de »: « de la Ville de Metz », « du Département… », « des… », « d'Orléans »."""
        return self._form(1)

    @property
    def to(self):
        """After « à »: « à la Ville de Metz », « au Département… », « aux… », « à Metz »."""
        return self._form(2)
