"""
Load and scale benchmarks for Newsroom (not tests, not shipped in the apps).

- ``bench.generate``: build a scale dataset (10k, 100k, 1M articles) with COPY.
- ``bench.run``: for each dataset, start gunicorn and drive it with wrk; print
  the table and rewrite the "Public pages under load" section of
  docs/PERFORMANCE.md.

Dependencies point one way: ``run`` calls ``generate``, ``sample``, ``load``
and ``report`` in subprocesses or directly; the data modules (``words``,
``text``) know nothing of Django.
"""
