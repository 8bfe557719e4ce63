"""Who moderates which territory: its venues here, its declarations in the declarations app.

Superusers and holders of ``guide.moderate_all_territories`` handle everything. Anyone else
handles the territories whose ``TerritoryModerators`` entry lists one of their groups, in every
language (translations of a territory share its ``translation_key``). A declaration without a
territory waits for an all-territory moderator, who assigns it.

Venue pages are limited only for *territory moderators* (users in at least one such group):
editors who moderate no territory keep Wagtail's ordinary page permissions.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import PagePermissionTester

from .catalogue import Territory

ALL_TERRITORIES_PERMISSION = "guide.moderate_all_territories"
_CACHE_ATTRIBUTE = "_moderated_territory_ids"


class TerritoryModerators(models.Model):
    """Which groups of moderators handle which territory's venues and declarations.

    A moderator in no listed group, without the ``moderate_all_territories`` permission, sees
    nothing; superusers see everything.
    """

    territory = models.OneToOneField(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="moderators",
    )
    groups = models.ManyToManyField(
        Group, verbose_name=_("groupes de modérateurs"), related_name="moderated_territories"
    )

    class Meta:
        verbose_name = _("modérateurs d'un territoire")
        verbose_name_plural = _("modérateurs des territoires")
        permissions = [
            ("moderate_all_territories", _("Peut traiter les déclarations de tous les territoires"))
        ]

    def __str__(self):
        return str(self.territory)


def moderates_all_territories(user):
    return user.is_active and (user.is_superuser or user.has_perm(ALL_TERRITORIES_PERMISSION))


def moderated_territory_ids(user):
    """Ids of the territories (all languages) this user moderates; remembered on the user."""
    if not hasattr(user, _CACHE_ATTRIBUTE):
        ids = set()
        if user.is_authenticated and user.is_active:
            keys = TerritoryModerators.objects.filter(groups__user=user).values(
                "territory__translation_key"
            )
            ids = set(
                Territory.objects.filter(translation_key__in=keys).values_list("pk", flat=True)
            )
        setattr(user, _CACHE_ATTRIBUTE, ids)
    return getattr(user, _CACHE_ATTRIBUTE)


def is_territory_moderator(user):
    """A moderator limited to some territories (not all of them)."""
    return not moderates_all_territories(user) and bool(moderated_territory_ids(user))


def territories_for(user):
    """The territories this user may assign a declaration to."""
    if moderates_all_territories(user):
        return Territory.objects.all()
    return Territory.objects.filter(pk__in=moderated_territory_ids(user))


def territories_for_venue(user, venue):
    """The territories a territory moderator may place this venue in; None for anyone else.

    Hers in the venue's language, and the venue's own: whoever may edit the venue at all is
    the page permissions' decision (``TerritoryPagePermissionTester``).
    """
    if not is_territory_moderator(user):
        return None
    return Territory.objects.filter(
        models.Q(pk__in=moderated_territory_ids(user), locale_id=venue.locale_id)
        | models.Q(pk=venue.territory_id)
    )


def may_change_venue(user, venue):
    """False only for a territory moderator and a venue of another territory."""
    if not is_territory_moderator(user):
        return True
    return venue.territory_id in moderated_territory_ids(user)


def check_venue(user, venue):
    if not may_change_venue(user, venue):
        raise PermissionDenied


class TerritoryPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, emptied for a territory moderator on another territory's venue.

    Every page action asks the page for this tester (``VenuePage.permissions_for_user``), so
    the limit also holds where no view of the venue is involved: bulk publication or
    unpublication from the explorer, and the descendants of a page unpublished with them.
    """

    def __init__(self, user, page):
        super().__init__(user, page)
        if not may_change_venue(user, page):
            self.permissions = set()
