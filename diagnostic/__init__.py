"""The territory's diagnosis: where help is, where it is missing, for the people who decide.

It joins what the portal already holds, the offer (venues, hours, per-service levels, languages,
accessibility) and the unmet demand (the statistics' searches without result), with the national
digital fragility index an editor uploads per commune. ``figures.py`` computes every table from a
fixed number of aggregated queries (``data.py``); ``charts.py`` draws them as SVG on the server;
the admin report, its CSV/XLSX exports and the printed PDF all read the same ``Diagnosis``.
"""
