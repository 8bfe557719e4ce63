"""The printable guide: what it prints (``content.py``), laid out in parts on every core
(``guide.py``, ``parts.py``) and put together as one tagged PDF (``assemble.py``).

``parts.py`` runs without Django: the guide's worker processes import it alone.
"""
