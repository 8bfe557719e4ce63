"""Putting the guide's parts together into one tagged PDF (pikepdf, i.e. qpdf).

Each part (``guide.pdf.parts``) is a complete PDF/UA file. The first one, the front matter,
keeps its catalog (language, XMP metadata with the PDF/UA identification, viewer preferences)
and receives the pages of the others, in order. What WeasyPrint wrote per part and that must
be made one:

- the structure tree: each later part's ``Document`` element becomes a ``Part`` element under
  the first part's ``Document``, and the keys linking pages and link annotations to their
  structure elements (``StructParents``, ``StructParent``, the ``ParentTree``) are shifted so
  that they stay unique;
- the named destinations, written again from the anchors the parts report;
- the links between parts, written by the templates as ``guide-ancre:`` URIs (WeasyPrint
  cannot link to an anchor of another document), turned into links to named destinations,
  with a description for screen readers, then one link annotation per link
  (``portal.pdf_tags``, with the star ratings' replacement text and the XMP language);
- the bookmarks, rebuilt from the levels of the parts' headings, so that venues continuing a
  territory in a new part stay under it;
- page labels, so that a viewer shows the page numbers printed on the pages.

Then what a print shop needs (``guide.pdf.press``): one name per font program, a page count
fit for the binding, and for the print variant an output intent.
"""

import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation, String

from portal.pdf_tags import finish_tagging

from .parts import LINK_SCHEME
from .press import add_output_intent, give_font_subsets_unique_names, pad_for_binding


@dataclass
class PageLabel:
    """From page ``start`` (index in the whole PDF), numbers in ``style``: "D" or "r"."""

    start: int
    style: str
    first: int = 1


def assemble(parts, link_titles, page_labels, pages_multiple=1, for_press=False, ratings=None):
    """One PDF from the laid-out parts; ``link_titles`` describes each link's target, ``ratings``
    gives the spoken form of each printed star rating (``rating_alternatives``).

    ``pages_multiple``: the page count is made a multiple of it; ``for_press``: the print
    variant (output intent)."""
    sources = [pikepdf.open(io.BytesIO(part.pdf)) for part in parts]
    merged = sources[0]
    tree = merged.Root.StructTreeRoot
    document = tree.K[0]
    numbers = list(tree.ParentTree.Nums)
    next_key = _next_key(numbers)
    for source in sources[1:]:
        source_numbers = _shift_structure_keys(source, next_key)
        next_key = max(next_key, _next_key(source_numbers))
        merged.pages.extend(source.pages)
        part = source.Root.StructTreeRoot.K[0]
        part.S = Name.Part
        del part["/P"]  # copying it would copy the source's whole structure root
        copied = merged.copy_foreign(part)
        copied.P = document
        document.K.append(copied)
        for key, value in zip(source_numbers[::2], source_numbers[1::2], strict=True):
            numbers.extend([key, _copy(merged, source, value)])
    tree.ParentTree = merged.make_indirect(Dictionary(Nums=Array(numbers)))
    tree.ParentTreeNextKey = next_key

    offsets = _page_offsets(parts)
    _write_destinations(merged, parts, offsets)
    _resolve_links(merged, link_titles)
    finish_tagging(merged, ratings or {})
    _write_outline(merged, parts, offsets)
    merged.Root.PageLabels = Dictionary(
        Nums=Array(
            item
            for label in page_labels
            for item in (label.start, Dictionary(S=Name("/" + label.style), St=label.first))
        )
    )
    _prepare_for_press(merged, pages_multiple, for_press)
    output = io.BytesIO()
    merged.save(output, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for source in sources:
        source.close()
    return output.getvalue()


def _prepare_for_press(merged, pages_multiple, for_press):
    give_font_subsets_unique_names(merged)
    pad_for_binding(merged, pages_multiple)
    if for_press:
        add_output_intent(merged)


def _next_key(numbers):
    keys = [int(key) for key in numbers[::2]]
    return max(keys) + 1 if keys else 0


def _shift_structure_keys(source, offset):
    """Add ``offset`` to every structure-parent key of ``source``; its ParentTree pairs."""
    for obj in source.objects:
        if isinstance(obj, Dictionary | pikepdf.Stream):
            for key in ("/StructParents", "/StructParent"):
                if key in obj:
                    obj[key] = int(obj[key]) + offset
    numbers = list(source.Root.StructTreeRoot.ParentTree.Nums)
    for index in range(0, len(numbers), 2):
        numbers[index] = int(numbers[index]) + offset
    return numbers


def _copy(merged, source, value):
    """A ParentTree value (an element, or an array of them, maybe direct) into ``merged``."""
    if not value.is_indirect:
        value = source.make_indirect(value)  # qpdf copies indirect objects only
    return merged.copy_foreign(value)


def _page_offsets(parts):
    offsets, total = [], 0
    for part in parts:
        offsets.append(total)
        total += part.page_count
    return offsets


def _write_destinations(merged, parts, offsets):
    """One name tree of destinations: every anchor, at its first occurrence."""
    pages = [page.obj for page in merged.pages]
    destinations = {}
    for part, offset in zip(parts, offsets, strict=True):
        for name, (index, x, y) in part.anchors.items():
            if name not in destinations:
                destinations[name] = Array([pages[offset + index], Name.XYZ, x, y, 0])
    names = Array()
    for name in sorted(destinations, key=lambda text: text.encode("utf-8")):
        names.extend([String(name), destinations[name]])
    merged.Root.Names = Dictionary(Dests=Dictionary(Names=names))


def _resolve_links(merged, link_titles):
    for page in merged.pages:
        for annotation in page.obj.get("/Annots", ()):
            action = annotation.get("/A")
            if action is None or action.get("/S") != Name.URI:
                continue
            uri = str(action.URI)
            if not uri.startswith(LINK_SCHEME):
                continue
            name = uri.removeprefix(LINK_SCHEME)
            del annotation["/A"]
            annotation.Dest = String(name)
            annotation.Contents = String(link_titles.get(name, name))


def _write_outline(merged, parts, offsets):
    """Bookmarks nested by heading level across parts (a level-2 heading goes under the last
    level-1 one, even from the previous part)."""
    with merged.open_outline() as outline:
        outline.root.clear()
        open_items = []  # (level, item) from the outermost
        for part, offset in zip(parts, offsets, strict=True):
            for level, label, index, x, y in part.bookmarks:
                item = OutlineItem(label, offset + index, PageLocation.XYZ, left=x, top=y, zoom=0)
                while open_items and open_items[-1][0] >= level:
                    open_items.pop()
                siblings = open_items[-1][1].children if open_items else outline.root
                siblings.append(item)
                open_items.append((level, item))
