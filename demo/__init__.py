"""The demo site's content, from the seeds: real Metz venues, the Bordeaux M5 entry, news.

The top layer: it may import every app, and no app imports it.
"""
