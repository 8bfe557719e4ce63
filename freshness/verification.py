"""A venue's contact confirms its data: the verification date moves to today.

Not an editorial change, so no revision is created: the date is written with a queryset update
on the venue and its translations (what the public pages and the API read), and into the
content of each one's latest revision, which is what the editor's form opens and what the
next publication writes back - without it, publishing a draft saved before the confirmation
would restore the old date. Older revisions keep their history. The update sends no signal, so
the content cache is emptied by hand once the transaction commits (the venue page shows the
date and is cached whole).
"""

from django.db import transaction
from django.utils import timezone
from wagtail.models import Revision

from guide.models import VenuePage
from portal.content_cache import content_changed

from .models import VenueReminder


@transaction.atomic
def confirm_venue_data(venue, now=None):
    """Mark ``venue``'s data as verified today; mark its pending reminders confirmed."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    copies = VenuePage.objects.filter(translation_key=venue.translation_key)
    copies.update(verified_on=today)
    revisions = Revision.objects.filter(pk__in=copies.values("latest_revision_id"))
    for revision in revisions:
        revision.content["verified_on"] = today.isoformat()
        revision.save(update_fields=["content"])
    VenueReminder.objects.filter(
        venue__translation_key=venue.translation_key, confirmed_at__isnull=True
    ).update(confirmed_at=now)
    transaction.on_commit(content_changed)
    return today
