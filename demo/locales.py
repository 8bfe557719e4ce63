"""The demo in English, Arabic and Ukrainian: trees synchronised from French, a few translations.

Each language is a wagtail-localize locale synchronised from French: every French page has an
alias there, shown in French with a notice until an editor translates it. The loader creates
the aliases of the pages it added itself, synchronously (``portal.language_trees``): /en/, /ar/
and /uk/ work as soon as loading ends.

The home page, one need and the service families are then translated into English and Arabic
the way an editor's translation file would be: wagtail-localize's own translation of segments
(export the PO file, fill it, import it, save the target). Ukrainian stays untranslated, so the
demo shows both a translated page and an untranslated alias.
"""

from django.utils.translation import ngettext
from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization, Translation, TranslationSource

from guide.models import NeedPage, ServiceFamily
from portal.language_trees import synchronise_trees
from portal.models import HomePage

SYNCHRONISED_LANGUAGES = ("en", "ar", "uk")
TRANSLATED_NEED = "aide-demarches-en-ligne"

HOME = {
    "en": {
        "Trouver de l'aide pour le numérique": "Find help with digital services",
        "accueil": "accueil-en",
        "Déclarer ses revenus, prendre rendez-vous chez le médecin, chercher un emploi, parler à "
        "ses proches en vidéo… Beaucoup de démarches passent désormais par internet. Près de chez "
        "vous, des lieux vous accompagnent, souvent gratuitement : centres sociaux, médiathèques, "
        "France Services, associations, conseillers numériques.": (
            "Declaring your income, booking a doctor's appointment, looking for a job, calling "
            "your family on video… Many everyday procedures now go through the internet. Near "
            "you, places help you, often free of charge: community centres, libraries, France "
            "Services, associations, digital advisers."
        ),
        "Ce site vous dit <b>qui fait quoi</b>, où et quand : cherchez un lieu selon votre "
        "besoin, voyez s'il est ouvert maintenant et comment y être aidé.": (
            "This site tells you <b>who does what</b>, where and when: look for a place that "
            "matches your need, see whether it is open now and how to get help there."
        ),
        "Pour les professionnels": "For professionals",
        "Travailleurs sociaux, agents France Services, conseillers numériques, secrétaires de "
        "mairie : chaque lieu est décrit au format du guide « Le numérique pour tous » — "
        "conditions d'accès, publics, accompagnement, matériel et services notés de une à trois "
        "étoiles — pour orienter chaque personne vers le bon endroit.": (
            "Social workers, France Services staff, digital advisers, town hall secretaries: "
            "each place is described in the format of the “Le numérique pour tous” guide — "
            "access conditions, audiences, support, equipment and services rated from one to "
            "three stars — so that you can send each person to the right place."
        ),
    },
    "ar": {
        "Trouver de l'aide pour le numérique": "ابحث عن مساعدة في استعمال الأدوات الرقمية",
        "accueil": "accueil-ar",
        "Déclarer ses revenus, prendre rendez-vous chez le médecin, chercher un emploi, parler à "
        "ses proches en vidéo… Beaucoup de démarches passent désormais par internet. Près de chez "
        "vous, des lieux vous accompagnent, souvent gratuitement : centres sociaux, médiathèques, "
        "France Services, associations, conseillers numériques.": (
            "التصريح بالدخل، وحجز موعد عند الطبيب، والبحث عن عمل، والتحدث مع الأقارب بالفيديو… "
            "أصبحت إجراءات كثيرة تتم عبر الإنترنت. بالقرب منك أماكن ترافقك، مجانًا في أغلب "
            "الأحيان: المراكز الاجتماعية، والمكتبات، وفضاءات France Services، والجمعيات، "
            "والمستشارون الرقميون."
        ),
        "Ce site vous dit <b>qui fait quoi</b>, où et quand : cherchez un lieu selon votre "
        "besoin, voyez s'il est ouvert maintenant et comment y être aidé.": (
            "يخبرك هذا الموقع <b>من يفعل ماذا</b>، وأين ومتى: ابحث عن مكان حسب حاجتك، واعرف إن "
            "كان مفتوحًا الآن وكيف تحصل فيه على المساعدة."
        ),
        "Pour les professionnels": "للمهنيين",
        "Travailleurs sociaux, agents France Services, conseillers numériques, secrétaires de "
        "mairie : chaque lieu est décrit au format du guide « Le numérique pour tous » — "
        "conditions d'accès, publics, accompagnement, matériel et services notés de une à trois "
        "étoiles — pour orienter chaque personne vers le bon endroit.": (
            "العاملون الاجتماعيون، وموظفو France Services، والمستشارون الرقميون، وأمناء "
            "البلديات: كل مكان موصوف وفق دليل « Le numérique pour tous » — شروط الوصول، "
            "والفئات المستهدفة، والمرافقة، والمعدات، والخدمات المصنفة من نجمة إلى ثلاث نجوم — "
            "لتوجيه كل شخص إلى المكان المناسب."
        ),
    },
}

NEED = {
    "en": {
        "Me faire aider pour mes démarches en ligne": "Get help with my online procedures",
        "Quelqu'un fait la démarche avec vous : CAF, impôts, France Travail, ameli, retraite, "
        "papiers…": (
            "Someone goes through the procedure with you: CAF, taxes, France Travail, ameli, "
            "pension, papers…"
        ),
        "démarches administratives, papiers, dossier en ligne, formulaire, compte en ligne": (
            "administrative procedures, papers, online file, form, online account"
        ),
    },
    "ar": {
        "Me faire aider pour mes démarches en ligne": "الحصول على مساعدة في إجراءاتي عبر الإنترنت",
        "Quelqu'un fait la démarche avec vous : CAF, impôts, France Travail, ameli, retraite, "
        "papiers…": (
            "يقوم شخص بالإجراء معك: CAF، والضرائب، وFrance Travail، وameli، والتقاعد، والوثائق…"
        ),
        "démarches administratives, papiers, dossier en ligne, formulaire, compte en ligne": (
            "إجراءات إدارية، وثائق، ملف عبر الإنترنت، استمارة، حساب عبر الإنترنت"
        ),
    },
}

FAMILIES = {
    "en": {
        "Découvrir les usages de base du numérique": "Discover the basics of digital tools",
        "S'insérer professionnellement": "Find a job or training",
        "Faire ses démarches en ligne": "Do your procedures online",
        "Créer avec le numérique": "Create with digital tools",
    },
    "ar": {
        "Découvrir les usages de base du numérique": "اكتشاف الاستعمالات الأساسية للأدوات الرقمية",
        "S'insérer professionnellement": "الاندماج المهني",
        "Faire ses démarches en ligne": "إنجاز الإجراءات عبر الإنترنت",
        "Créer avec le numérique": "الإبداع بالأدوات الرقمية",
    },
}


def ensure_locales():
    """The three locales, each synchronised from French."""
    source = Locale.get_default()
    locales = []
    for code in SYNCHRONISED_LANGUAGES:
        locale, _created = Locale.objects.get_or_create(language_code=code)
        if not LocaleSynchronization.objects.filter(locale=locale).exists():
            # bulk_create sends no post_save: the trees are synchronised once, by
            # synchronise_trees, rather than a second time by wagtail-localize's receiver.
            LocaleSynchronization.objects.bulk_create(
                [LocaleSynchronization(locale=locale, sync_from=source)]
            )
        locales.append(locale)
    return locales


def translate(instance, locale, texts):
    """Translate ``instance`` into ``locale`` as an uploaded PO file would; French where missing.

    Returns the translation, or None when one existed already (an editor's work is kept).
    """
    existing = instance.get_translation_or_none(locale)
    if existing is not None and not getattr(existing, "alias_of_id", None):
        return None
    source, created = TranslationSource.get_or_create_from_instance(instance)
    if not created:
        source.update_from_db()
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    po = translation.export_po()
    for entry in po:
        entry.msgstr = texts.get(entry.msgid, "")
    translation.import_po(po)
    if isinstance(instance, Page):
        # Saved as a draft, then published here rather than when the transaction commits.
        translation.save_target(publish=False)
        page = instance.get_translation(locale)
        page.get_latest_revision().publish()
        return page
    translation.save_target()
    return instance.get_translation(locale)


def translate_demo_pages(home, log):
    need = NeedPage.objects.filter(slug=TRANSLATED_NEED, locale=home.locale_id).first()
    families = ServiceFamily.objects.filter(locale=home.locale_id)
    count = 0
    for code in HOME:
        locale = Locale.objects.get(language_code=code)
        # The need points to a family: its translation comes first.
        count += sum(translate(family, locale, FAMILIES[code]) is not None for family in families)
        count += translate(HomePage.objects.get(pk=home.pk), locale, HOME[code]) is not None
        if need is not None:
            count += translate(need, locale, NEED[code]) is not None
    if count:
        log(
            ngettext(
                "Démo : %(count)d traduction créée en anglais et en arabe.",
                "Démo : %(count)d traductions créées en anglais et en arabe.",
                count,
            )
            % {"count": count}
        )


def load_demo_languages(home, log=print):
    """Locales, synchronised trees and the demo's translations; idempotent."""
    ensure_locales()
    created = synchronise_trees()
    if created:
        log(
            ngettext(
                "Démo : %(count)d page alias créée en anglais, arabe et ukrainien.",
                "Démo : %(count)d pages alias créées en anglais, arabe et ukrainien.",
                created,
            )
            % {"count": created}
        )
    translate_demo_pages(home, log)
