"""The whole site on one machine, for the benchmarks that load it or break it (load.py, faults.py).

What a city runs: PostgreSQL, Redis, web processes (gunicorn, production settings) and the two
task workers, plus an SMTP sink that counts the e-mails.

- ``system``: processes, ports, peak memory, and ``CLEANUP`` (everything undone at exit);
- ``services``: PostgreSQL, Redis, the SMTP sink (``sink.py`` is its process);
- ``website``: the site prepared, served and worked on;
- ``visitors``: residents over HTTP and what they saw.
"""
