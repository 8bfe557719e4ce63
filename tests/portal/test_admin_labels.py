"""Every word the admin shows about the project's own content is French, and marked for
translation so that an editor who uses the admin in English, Arabic or Ukrainian reads it in her
language (issue 21).

The walk covers every admin form of the project's models — each page type's edit handler, each
snippet, setting and model viewset form, their inline formsets and StreamField blocks, and every
form class of the project's code — then the names Wagtail's migrations wrote in the database
(workflows, tasks, groups), then the text of the admin pages themselves, as a superuser sees them.

"English" is decided by two signs, each cheap and without false alarm on French: a label that
Django or Wagtail derived from a field or block name (``training_labels`` gives "Training
labels"; a French label given in code is a lazy translation, a derived one a plain string), and
words from a short list that exist in English only.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.admin.utils import quote
from django.core.exceptions import FieldDoesNotExist
from django.forms.utils import pretty_name
from django.urls import get_resolver
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.viewsets import viewsets
from wagtail.blocks.field_block import BaseChoiceBlock
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.contrib.settings.views import get_setting_edit_handler
from wagtail.fields import StreamField
from wagtail.models import get_page_models
from wagtail.snippets.models import get_snippet_models

PROJECT_APPS = ("portal", "guide", "declarations", "freshness", "stats", "opendata", "actualites")
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Words an editor may meet in English that French does not have (no "page", "date", "image",
# "publics", "programmes", "labels", "modes", "description", "service", "contact", "note": they
# are French too).
ENGLISH_ONLY = frozenset(
    """
    the and of with without for from your you this that these those is are be by not
    name title order enter choose select submit save edit add new all none yes
    training languages language access fees fee additional typology itinerance
    moderators moderator editors editor approval task tasks settings
    address phone opening hours closed open closures equipment count reason website
    summary body text link links start end year kind level levels territory
    territories family families topic topics event events news
    subscriber subscribers email emails created draft live
    preview unknown required optional help when where who what which please should must
    will can here click view details back next previous share download upload files
    users group groups search results result attempt attempts
    failures failure time username path size cover editorial years
    mapping
    """.split()
)
# Choices that are the same in every language, by design.
NAMES = {
    "PortalSettings.social_links.link.network": "the networks' brand names",
    "NationalServiceMapping.service": "the national standard's exact values",
    "DataInclusionMapping.main_thematique": "the hub's own vocabulary",
    "DataInclusionMapping.other_thematiques": "the hub's own vocabulary",
    "opendata.forms.DataInclusionMappingForm.main_thematique": "the hub's own vocabulary",
    "opendata.forms.DataInclusionMappingForm.other_thematiques": "the hub's own vocabulary",
    "actualites.forms.SubscribeForm.language": "each language in its own name",
    "guide.finder.VenueFilterForm.niveau": "stars",
}
# Wagtail's own text it leaves untranslated: the hidden submit button of its search forms
# (wagtailadmin/home.html, shared/header.html), for screen readers.
WAGTAIL_UNTRANSLATED = {"Search"}
TOKEN = re.compile(r"[\w'’-]+")
WORD = re.compile(r"[^\W\d_]+")
QUOTED = re.compile(r"«[^»]*»")


def english_words(text):
    """The words of ``text`` that only English has, in the order they come.

    Quoted examples (« Mo-Fr 09:00 », a CSV column « email ») and code (DEFAULT_FROM_EMAIL,
    acronyms) are literal text, not words of the sentence.
    """
    return [
        word
        for token in TOKEN.findall(QUOTED.sub(" ", str(text)))
        if "_" not in token and not token.isupper()
        for word in WORD.findall(token)
        if word.lower() in ENGLISH_ONLY
    ]


def derived_label(name):
    """What Django and Wagtail write when no label is given: "training labels" from
    ``training_labels``."""
    return name.replace("_", " ").strip()


def is_derived(value, name):
    """A plain string equal to the name's derived label: no French label was given (a given one,
    even "Description" for ``description``, is a lazy translation)."""
    return not isinstance(value, Promise) and str(value).lower() == derived_label(name).lower()


@dataclass(frozen=True)
class Label:
    """A piece of text the admin shows: where it comes from, what it is, and the value as code
    gave it (a lazy translation, or a plain string when no French text was given)."""

    where: str
    kind: str
    value: object
    name: str = ""
    own: bool = True  # written by the project (Wagtail and Django translate their own)
    given: bool = True  # False: Django derived it from the code (a model without verbose_name)

    @property
    def text(self):
        return str(self.value)

    def problem(self):
        """Why this text is English, or ``None``."""
        if not self.given:
            return f"nom tiré du code, sans nom français : {self.text!r}"
        if self.own and self.name and is_derived(self.value, self.name):
            return f"nom de champ en anglais, sans libellé français : {self.text!r}"
        if found := english_words(self.text):
            return f"mots anglais {found} : {self.text!r}"
        return None

    def __str__(self):
        return f"{self.where} ({self.kind})"


# The project's admin forms.


def project_module(module):
    return module.split(".")[0] in PROJECT_APPS


def own_field(form_class, model, name):
    """Whether the project wrote this field: a field of one of its models, or declared by one of
    its form classes (Wagtail's page fields — title, slug… — are Wagtail's)."""
    try:
        return model._meta.get_field(name).model._meta.app_label in PROJECT_APPS
    except (AttributeError, FieldDoesNotExist):  # no model, or a field of the form class
        declaring = [
            klass for klass in form_class.__mro__ if name in vars(klass).get("declared_fields", {})
        ]
        # Subclasses come first in the method resolution order: the last one declared the field.
        return any(project_module(klass.__module__) for klass in declaring[-1:])


def children(block):
    """A block's named children; a list's one child has no name."""
    if child := getattr(block, "child_block", None):
        return [("", child)]
    return list(getattr(block, "child_blocks", {}).items())


def block_labels(block, where, own=True):
    """A StreamField's blocks, their children, their help texts and choices.

    The children of Wagtail's own structured blocks (the image block's "decorative"…) are
    Wagtail's; those of a plain ``StructBlock`` or ``StreamBlock`` were written by the project.
    """
    for name, child in children(block):
        path = f"{where}.{name}" if name else f"{where}[]"
        if child.label:
            yield Label(path, "bloc", child.label, name=name, own=own)
        if help_text := getattr(child.meta, "help_text", None):
            yield Label(path, "aide du bloc", help_text, own=own)
        if isinstance(child, BaseChoiceBlock):
            for value, choice in child.field.choices:
                if value not in ("", None):
                    yield Label(path, "choix du bloc", choice, own=own)
        wagtail_struct = type(child).__module__.startswith("wagtail.") and type(child) not in (
            blocks.StructBlock,
            blocks.StreamBlock,
            blocks.ListBlock,
        )
        yield from block_labels(child, path, own=own and not wagtail_struct)


def form_labels(form_class, where, model=None):
    """Each field's label, help text and choices, then those of the inline formsets."""
    for name, field in form_class.base_fields.items():
        if isinstance(field.widget, forms.HiddenInput):
            continue
        own = own_field(form_class, model, name)
        path = f"{where}.{name}"
        label = field.label if field.label is not None else pretty_name(name)  # as Django shows it
        yield Label(path, "libellé", label, name, own)
        if field.help_text:
            yield Label(path, "aide", field.help_text, own=own)
        if not isinstance(field, forms.ModelChoiceField):  # database rows: content, not labels
            for value, choice in getattr(field, "choices", ()):
                if value not in ("", None):
                    yield Label(path, "choix", choice, own=own)
        model_field = (
            next((f for f in model._meta.fields if f.name == name), None) if model else None
        )
        if isinstance(model_field, StreamField):
            yield from block_labels(model_field.stream_block, path, own)
    for name, formset in getattr(form_class, "formsets", {}).items():
        if name != "comments":  # Wagtail's comments, hidden fields
            yield from form_labels(formset.form, f"{where}.{name}", formset.model)


def source(value):
    """The text as written in the code, before any catalogue translates it."""
    with translation.override(None):
        return str(value)


def written_by_the_project(value):
    """The project's strings are French where they are written and it has no French catalogue:
    a text that French changes was translated by Wagtail's or Django's catalogue."""
    return str(value) == source(value)


def panel_labels(panel, where):
    """Tab, group and inline headings and help texts of the panels (field panels show their
    field's label, walked with the form)."""
    if isinstance(panel, FieldPanel):
        return
    heading, help_text = getattr(panel, "heading", ""), getattr(panel, "help_text", "")
    label = panel.label if isinstance(panel, InlinePanel) else ""
    for kind, value in (("titre", heading), ("titre de liste", label), ("aide", help_text)):
        if value:
            yield Label(f"{where} › {heading}", kind, value, own=written_by_the_project(value))
    for child in getattr(panel, "children", ()):
        yield from panel_labels(child, where)


def edit_handlers():
    """``(name, model, edit handler)`` of every admin form of the project's models."""
    get_resolver().url_patterns  # noqa: B018 — registers the viewsets' URLs, as a request would
    for model in get_page_models():
        if model._meta.app_label in PROJECT_APPS:
            yield model.__name__, model, model.get_edit_handler()
    for model in get_snippet_models():
        if model._meta.app_label in PROJECT_APPS:
            yield model.__name__, model, model.snippet_viewset.get_edit_handler()
    for model in settings_registry:
        if model._meta.app_label in PROJECT_APPS:
            yield model.__name__, model, get_setting_edit_handler(model)


def model_viewsets():
    """The project's own model viewsets (declarations, subscribers, failed logins)."""
    get_resolver().url_patterns  # noqa: B018
    return [
        viewset
        for viewset in viewsets.viewsets
        if project_module(type(viewset).__module__) and hasattr(viewset, "menu_label")
    ]


def project_form_classes():
    """Every form class of the project's code: admin forms and the public forms alike."""
    found, pending = [], [forms.BaseForm]
    while pending:
        klass = pending.pop()
        pending.extend(klass.__subclasses__())
        if project_module(klass.__module__) and not klass.__name__.startswith("_"):
            found.append(klass)
    return found


def model_labels(model):
    """A model's name, singular and plural: the admin's titles, buttons and messages say them.

    Django derives a missing name from the class ("event topic") and a missing plural by adding
    an "s", which French only accepts for a single word ("lieu ajouté à la mains").
    """
    options, name = model._meta.original_attrs, model._meta.verbose_name
    one_word = re.fullmatch(r"[^\W\d_]+(?<![sxz])", str(name))
    yield Label(model.__name__, "nom du modèle", name, given="verbose_name" in options)
    if "verbose_name_plural" in options or not one_word:  # else the name and an "s": right
        plural = model._meta.verbose_name_plural
        given = "verbose_name_plural" in options
        yield Label(model.__name__, "nom du modèle au pluriel", plural, given=given)


def admin_labels():
    """Every text of the admin forms of the project's models, and of its form classes."""
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            yield from model_labels(model)
    for name, model, handler in edit_handlers():
        yield from form_labels(handler.get_form_class(), name, model)
        yield from panel_labels(handler, name)
    for viewset in model_viewsets():
        where = type(viewset).__name__
        if viewset.menu_label:
            yield Label(where, "menu", viewset.menu_label)
        if getattr(viewset, "form_fields", None):  # snippets' forms are walked above
            yield from form_labels(viewset.get_form_class(), where, viewset.model)
        columns = getattr(viewset, "list_display", ())
        for column in columns if isinstance(columns, list | tuple) else ():
            if label := getattr(column, "label", None):
                yield Label(f"{where}.{column.name}", "colonne", label)
    for form_class in project_form_classes():
        model = getattr(getattr(form_class, "_meta", None), "model", None)
        yield from form_labels(form_class, f"{form_class.__module__}.{form_class.__name__}", model)


def problems(labels):
    return [f"{label} — {problem}" for label in labels if (problem := label.problem())]


# The detector itself.


def test_the_detector_flags_english_labels_and_passes_french_ones():
    class Sample(forms.Form):
        training_labels = forms.CharField()
        additional_fees = forms.CharField(label="Additional fees")
        moderation = forms.CharField(label="Choose the moderators", help_text="Enter a name")
        description = forms.CharField(label=capfirst(gettext_lazy("description")))
        publics = forms.CharField(label=gettext_lazy("Publics cibles"))
        access_modes = forms.ChoiceField(choices=[("x", "Walk in"), ("y", "Se présenter")])

    flagged = {
        (label.where, label.kind) for label in form_labels(Sample, "Sample") if label.problem()
    }
    assert flagged == {
        ("Sample.training_labels", "libellé"),
        ("Sample.additional_fees", "libellé"),
        ("Sample.moderation", "libellé"),
        ("Sample.moderation", "aide"),
        ("Sample.access_modes", "libellé"),
    }


def test_the_detector_flags_block_names_without_a_french_label():
    stream = blocks.StreamBlock(
        [
            ("call_to_action", blocks.CharBlock()),
            ("paragraphe", blocks.RichTextBlock(label=gettext_lazy("paragraphe"))),
            ("tip", blocks.StructBlock([("link_label", blocks.CharBlock(label="Link text"))])),
        ]
    )
    flagged = [label.where for label in block_labels(stream, "body") if label.problem()]
    assert flagged == ["body.call_to_action", "body.tip", "body.tip.link_label"]


# The project's admin.


def test_every_admin_form_of_the_project_is_in_french():
    labels = list(admin_labels())
    assert len({label.where.split(".")[0] for label in labels}) > 20, "the walk missed forms"
    assert not problems(labels), "Texte anglais dans l'administration :\n" + "\n".join(
        problems(labels)
    )


def test_every_label_of_the_project_is_marked_for_translation():
    """A plain string stays French for an editor who uses the admin in another language."""
    unmarked = [
        f"{label} : {label.text!r}"
        for label in admin_labels()
        if label.own and not isinstance(label.value, Promise) and label.where not in NAMES
    ]
    assert not unmarked, "Libellé sans gettext_lazy :\n" + "\n".join(unmarked)


def catalogue_messages():
    return {entry.msgid for entry in polib.pofile(CATALOGUE)}


@pytest.mark.lint
def test_every_label_of_the_project_is_in_the_translation_catalogue():
    """Each label reaches the translators: ``make messages`` found it where it is written.

    A label missing here was built at run time (a format, a join) where makemessages cannot see
    it, or the catalogue was not updated after the label was written.
    """
    messages = catalogue_messages()
    missing = sorted(
        {
            f"{label} : {label.text!r}"
            for label in admin_labels()
            if label.own
            and label.where not in NAMES
            and source(label.value) not in messages
            and source(label.value)[:1].lower() + source(label.value)[1:] not in messages
        }
    )
    assert not missing, "Libellé absent de locale/en/LC_MESSAGES/django.po :\n" + "\n".join(missing)


# The names Wagtail's migrations wrote, and the admin's pages.


@pytest.mark.django_db
def test_workflows_tasks_and_groups_are_named_in_french():
    """Wagtail's migrations name its default workflow, task and groups in English; an editor
    reads them in the publish menu (« Soumettre à … »), the user and group screens."""
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    names = [
        Label(f"{model.__name__} {name!r}", "nom en base", name)
        for model in (Workflow, Task, Group)
        for name in model.objects.values_list("name", flat=True)
    ]
    assert len(names) >= 4
    assert not problems(names), "\n".join(problems(names))


class VisibleText(HTMLParser):
    """The words a page shows or reads aloud: text outside scripts, styles and hidden elements,
    and the labels, titles and placeholders of its elements."""

    SPOKEN = ("aria-label", "title", "placeholder", "alt")
    BUTTONS = ("submit", "button", "reset")
    HIDDEN = ("script", "style", "template")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__()
        self.texts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.VOID:
            if not self.hidden and attributes.get("type") != "hidden":
                self.read(attributes)
        elif self.hidden or tag in self.HIDDEN or "hidden" in attributes:
            self.hidden += 1  # counts the hidden element's own open elements
        else:
            self.read(attributes)

    def read(self, attributes):
        self.texts += [attributes[name] or "" for name in self.SPOKEN if name in attributes]
        if attributes.get("type") in self.BUTTONS and attributes.get("value"):
            self.texts.append(attributes["value"])

    def handle_endtag(self, tag):
        if self.hidden and tag not in self.VOID:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data.strip())


def visible_texts(html):
    parser = VisibleText()
    parser.feed(html)
    return parser.texts


def test_the_page_reader_reads_what_is_shown_or_spoken_and_nothing_hidden():
    html = """
        <h1>Modifier le lieu</h1><img src="x.png" alt="Opening hours"><br>
        <div hidden><span>None</span><img src="y.png" alt="Status"></div>
        <button aria-label="Choose a page">Choisir</button>
        <script>const label = "Search";</script>
        <select><option value="unknown">Inconnu</option></select>
        <input type="submit" value="Save"><input type="hidden" value="Draft">
    """
    texts = visible_texts(html)
    assert texts == ["Modifier le lieu", "Opening hours", "Choose a page", "Choisir"] + [
        "Inconnu",
        "Save",
    ]
    assert [word for text in texts for word in english_words(text)] == [
        "Opening",
        "hours",
        "Choose",
        "Save",
    ]


def admin_urls():
    """The admin pages of the project's content: its menus' entries, each model's list, add,
    edit and detail views, each page type's edit and add views, the settings and reports."""
    from django.urls import reverse
    from wagtail import hooks
    from wagtail.models import Site

    urls = {
        reverse(name)
        for name in (
            "wagtailadmin_home",
            "wagtailadmin_workflows:index",
            "wagtailadmin_workflows:task_index",
            "wagtailusers_groups:index",
        )
    }
    for hook in ("register_reports_menu_item", "register_admin_menu_item"):
        urls |= {item().url for item in hooks.get_hooks(hook) if project_module(item.__module__)}
    for viewset in model_viewsets():
        urls |= set(viewset_urls(viewset))
    site = Site.objects.get(is_default_site=True)
    for model in settings_registry:
        args = [model._meta.app_label, model._meta.model_name]
        urls.add(reverse("wagtailsettings:edit", args=args + [site.pk] * hasattr(model, "site")))
    for model in get_page_models():
        page = model.objects.filter(locale__language_code="fr").order_by("path").first()
        if model._meta.app_label in PROJECT_APPS and page is not None:
            parent = page.get_parent()
            urls |= {
                reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                reverse("wagtailadmin_pages:add", args=(*args_of(model), parent.pk)),
            }
            if not parent.is_root():  # the root lists each language's home page, in its language
                urls.add(reverse("wagtailadmin_explore", args=(parent.pk,)))
    return sorted(urls)


def viewset_urls(viewset):
    """Each view of a viewset: its list, and the views of its first object (the detail, edit,
    delete confirmation, history, the moderation screens…)."""
    from django.urls import reverse

    first = viewset.model._default_manager.order_by("pk").first()
    for pattern in viewset.get_urlpatterns():
        parameters = set(pattern.pattern.converters)
        name = viewset.get_url_name(pattern.name)
        if not parameters:
            yield reverse(name)
        elif parameters == {"pk"} and first is not None:
            yield reverse(name, kwargs={"pk": quote(first.pk)})


def content_in_other_languages():
    """The titles of the demo's English pages and snippets: the admin lists every language's
    content (a snippet's list, a snippet's usage), and they are content, not labels."""
    from wagtail.models import TranslatableMixin

    return {
        str(instance)
        for model in apps.get_models()
        if issubclass(model, TranslatableMixin)
        for instance in model._default_manager.exclude(locale__language_code="fr")
    }


def args_of(model):
    return model._meta.app_label, model._meta.model_name


@pytest.fixture
def edit_forms_built_in_french():
    """Wagtail builds each model's edit form once per process and its chooser labels ("Choisir
    un territoire") are fixed then, in the language active at the time: a test that ran before
    in English must not decide the words this one reads."""
    from wagtail.admin.panels.model_utils import get_edit_handler

    for model in get_page_models():
        model.get_edit_handler.cache_clear()
    get_edit_handler.cache_clear()
    get_setting_edit_handler.cache_clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("edit_forms_built_in_french")
def test_the_admin_pages_of_the_project_show_no_english_word(demo, editor_client):
    urls = admin_urls()
    assert len(urls) > 40, urls
    translations = content_in_other_languages()
    found = []
    for url in urls:
        response = editor_client.get(url)
        if response.status_code in (302, 404, 405):  # closed by a policy, or POST only
            continue
        assert response.status_code == 200, url
        if not response["Content-Type"].startswith("text/html"):
            continue
        found += [
            f"{url} — {words} : {text[:120]!r}"
            for text in visible_texts(response.content.decode())
            if text not in WAGTAIL_UNTRANSLATED | translations and (words := english_words(text))
        ]
    assert not found, "Mots anglais dans l'administration :\n" + "\n".join(found)
