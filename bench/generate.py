"""
Generate a scale dataset: N articles with authors, topics, tags, photos, corrections.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_10k \\
        .venv/bin/python -m bench.generate --articles 10k

The database must be migrated and hold no articles. Small tables (topics,
authors, tags, photos) are written first; articles and their bylines, topic
links, tags and corrections follow in batches, one transaction per batch, with
COPY on PostgreSQL (bulk_create on SQLite, for the tests). Then the steps in
``bench.postload`` run: sequences, derived columns, VACUUM ANALYZE.

The shape: ~200 authors, ~60 topics three levels deep, ~2,000 tags, a few
hundred photos with renditions reused as lead photos (85% of stories have
one), 1-3 bylines, 1-4 topics, 0-5 tags, corrections on ~1.5%, 8% of stories in
Korean, published over 15 years at a rate that grows over time and dips at
weekends, plus drafts, stories in review, scheduled and withdrawn ones.
"""

import argparse
import os
import sys
import time
from datetime import UTC, datetime, timedelta

from .sizes import parse_size

BATCH = 10_000


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.generate",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", required=True, type=parse_size, help="how many: 2000, 10k, 1m")
    parser.add_argument("--photos", type=int, default=None,
                        help="library photos to use (default: by size)")
    parser.add_argument("--photo-width", type=int, default=1600,
                        help="width of drawn originals (default 1600)")
    parser.add_argument("--seed", type=int, default=1,
                        help="random seed; the same seed gives the same data")
    parser.add_argument("--post-load-only", action="store_true",
                        help="only run the post-load steps (after new migrations on an existing dataset)")
    parser.add_argument("--stats", help="write timings and counts as JSON to this file")
    args = parser.parse_args(argv)
    setup_django()
    from . import dataset, postload

    if args.post_load_only:
        timings = postload.run_all(log=log)
        stats = {"post_load": timings}
    else:
        stats = dataset.generate(args.articles, seed=args.seed, photos=args.photos,
                                 photo_width=args.photo_width, log=log)
    if args.stats:
        import json

        with open(args.stats, "w") as f:
            json.dump(stats, f, indent=2)
    return 0


def log(message):
    print(message, file=sys.stderr, flush=True)


def timeline(n, rnd, now, years=15):
    """Return ``n`` sorted UTC datetimes over the last ``years`` years.

    The daily rate grows linearly from half to one and a half times the mean
    (archives are thinner in their early years), dips to 60% at weekends, and
    follows the newsroom's working hours (Korean time, UTC+9).
    """
    days = 365 * years
    start = (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    start_ts = start.timestamp()
    hour_weights = [1, 1, 1, 1, 1, 2, 4, 8, 10, 12, 12, 11, 9, 10, 11, 11, 10, 9, 8, 6, 5, 4, 3, 2]
    hour_cum = [sum(hour_weights[: i + 1]) for i in range(24)]
    hours = rnd.choices(range(24), cum_weights=hour_cum, k=n)
    limit = now.timestamp()
    out = []
    weekday0 = start.weekday()
    while len(out) < n:
        day = int(rnd.random() * days)
        weight = (0.5 + day / days) / 1.5 * (0.6 if (weekday0 + day) % 7 >= 5 else 1.0)
        if rnd.random() > weight:
            continue
        ts = start_ts + day * 86400 + (hours[len(out)] - 9) * 3600 + rnd.random() * 3600
        if ts < limit:
            out.append(ts)
    out.sort()
    return [datetime.fromtimestamp(ts, UTC) for ts in out]


class Progress:
    """A progress bar on stderr: tqdm on a terminal, a line every few seconds in a log."""

    def __init__(self, total, desc):
        self.bar = None
        if sys.stderr.isatty():  # a log file gets plain lines instead of carriage returns
            try:
                from tqdm import tqdm

                self.bar = tqdm(total=total, desc=desc, unit=" rows", unit_scale=True, file=sys.stderr,
                                mininterval=0.5)
            except ImportError:
                pass
        self.total, self.done, self.desc, self.shown = total, 0, desc, 0.0

    def __call__(self, n):
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        elif time.monotonic() - self.shown > 5 or self.done >= self.total:
            self.shown = time.monotonic()
            log(f"{self.desc}: {self.done:,}/{self.total:,}")

    def close(self):
        if self.bar is not None:
            self.bar.close()


if __name__ == "__main__":
    sys.exit(main())
