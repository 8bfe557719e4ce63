"""``<page_id:…>`` in public URLs: a page id of at most 18 digits, so it fits in 64 bits.

``<int:…>`` matches any number of digits. Django keeps an out-of-range number away from the
database for integer fields, but not for the foreign key that is a page model's primary key
(``page_ptr_id``): on SQLite, ``/declarer/signaler/99999999999999999999/`` raised OverflowError,
a server error, where a 404 is the answer. Registered by ``PortalConfig.ready``.
"""

from django.urls.converters import IntConverter


class PageIdConverter(IntConverter):
    regex = "[0-9]{1,18}"
