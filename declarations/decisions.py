"""What becomes of a declaration: taken up, refused, processed, or accepted on publication.

Acceptance is not a button: a declaration in progress is accepted when Wagtail publishes its
venue (``page_published``), whoever approved it in the moderation workflow. Each transition
is a conditional update, so a second click or a second publication changes nothing and sends
no second e-mail.
"""

from django.utils import timezone

from guide.models import VenuePage

from . import notify
from .models import Declaration

Status = Declaration.Status
OPEN = (Status.RECEIVED, Status.IN_PROGRESS)


def is_open(declaration):
    return declaration.status in OPEN


def _decide(declaration, status, user, **fields):
    """Move an open declaration to a final status; False if someone decided it meanwhile."""
    values = {"status": status, "decided_at": timezone.now(), "decided_by": user, **fields}
    updated = Declaration.objects.filter(pk=declaration.pk, status__in=OPEN).update(
        updated_at=values["decided_at"], **values
    )
    if not updated:
        return False
    for name, value in values.items():
        setattr(declaration, name, value)
    return True


def take_up(declaration, venue):
    """The declaration's venue draft exists: the declaration is in progress."""
    declaration.venue = venue
    declaration.status = Status.IN_PROGRESS
    declaration.save(update_fields=["venue", "status", "updated_at"])


def refuse(declaration, user, reason):
    if _decide(declaration, Status.REFUSED, user, refusal_reason=reason):
        notify.refused(declaration)
        return True
    return False


def close_report(declaration, user, note):
    """An error report handled without a page change (or after one), with a word to its author."""
    if _decide(declaration, Status.ACCEPTED, user):
        notify.report_processed(declaration, note)
        return True
    return False


def record_status_change(declaration, previous_status, user):
    """A status changed by hand in the edit form: date it, and tell the declarant of a refusal."""
    if previous_status not in OPEN or declaration.status in OPEN:
        return
    declaration.decided_at = timezone.now()
    declaration.decided_by = user
    declaration.save(update_fields=["decided_at", "decided_by"])
    if declaration.status == Status.REFUSED:
        notify.refused(declaration)


def mark_verified(venue, revision):
    """Published from a declaration: the venue's informations are verified today.

    The published revision gets the date too, so that the next draft, made from it, keeps it.
    """
    today = timezone.localdate()
    venue.verified_on = today
    VenuePage.objects.filter(pk=venue.pk).update(verified_on=today)
    if revision is not None:
        revision.content["verified_on"] = today.isoformat()
        revision.save(update_fields=["content"])


def accept_on_publication(sender, instance, revision=None, **kwargs):
    """``page_published`` receiver: the venue's declarations in progress are accepted."""
    if not isinstance(instance, VenuePage):
        return
    pending = list(instance.declarations.filter(status=Status.IN_PROGRESS))
    user = getattr(revision, "user", None)
    accepted = [d for d in pending if _decide(d, Status.ACCEPTED, user)]
    if accepted:
        mark_verified(instance, revision)
    for declaration in accepted:
        notify.published(declaration, instance)
