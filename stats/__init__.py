"""Statistics for the city without tracking: what residents look for, counted per day.

Guide pages say what a request counts (guide/usage.py: a search by postcode, a need viewed, each
filter chosen, a search that found nothing); a middleware adds those counts to the day's rows
(``middleware.py``, ``store.py``), whether the page was rendered or served from the page cache.
Nothing about the visitor is read or kept: no cookie, no address, no user agent stored, no text
typed. The admin report (``report.py``) shows the totals; ``retention.py`` purges old days.
"""
