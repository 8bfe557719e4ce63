"""Create many child pages of one parent at once, for imports of thousands of venues.

``parent.add_child`` costs several queries per page (treebeard finds the last sibling, Wagtail
cleans the page, updates the search and reference indexes): about 10,000 venues would take
minutes. Here, for pages of one concrete class under one parent, we do what ``add_child`` does
in bulk, in the caller's transaction:

1. treebeard's materialised paths: the parent's path plus consecutive steps after its last
   child's, computed with treebeard's own ``_get_path``; depth = parent's + 1;
2. the ``wagtailcore_page`` rows with ``bulk_create`` (it returns their ids on PostgreSQL and
   SQLite), then the subclass rows with one ``executemany``: Django's ``bulk_create`` refuses
   multi-table inheritance, so we insert the child table's own columns, prepared by each
   field's ``get_db_prep_save`` exactly as ``save()`` would;
3. the parent's ``numchild``, ``url_path`` of each page from the parent's;
4. the search index in one ``add_bulk`` call.

Not done, on purpose: revisions (a new venue's first revision is made when an editor saves it)
and the reference index (imported venues reference only their territory, which is protected by
its foreign key anyway). Callers set ``live`` and the publication dates themselves.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend


def _next_steps(parent, count):
    last = parent.get_last_child()
    first = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    depth = parent.depth + 1
    return [Page._get_path(parent.path, depth, first + offset) for offset in range(count)]


def _insert_subclass_rows(model, pages):
    fields = [field for field in model._meta.local_concrete_fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    rows = [
        [field.get_db_prep_save(field.pre_save(page, True), connection) for field in fields]
        for page in pages
    ]
    with connection.cursor() as cursor:
        # Table and columns are the model's, quoted; every value is a query parameter.
        insert = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # nosec B608
        cursor.executemany(insert, rows)


def bulk_add_children(parent, pages):
    """Insert ``pages`` (unsaved, all of one Page subclass) as the last children of ``parent``."""
    if not pages:
        return []
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    depth = parent.depth + 1
    for page, path in zip(pages, _next_steps(parent, len(pages)), strict=True):
        page.path, page.depth, page.numchild = path, depth, 0
        page.content_type = content_type
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.draft_title or page.title
    base_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
    bases = Page.objects.bulk_create(
        [Page(**{name: getattr(page, name) for name in base_fields}) for page in pages]
    )
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.page_ptr_id = base.pk
        page._state.adding = False
    _insert_subclass_rows(model, pages)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(pages))
    parent.numchild += len(pages)
    get_search_backend().add_bulk(model, pages)
    return pages
