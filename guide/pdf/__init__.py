"""The printable guide (``guide.py``, ``content.py``) and the one-page orientation sheet
(``sheet.py``), both laid out by WeasyPrint.

``parts.py`` runs without Django: the guide's worker processes import it alone.
"""
