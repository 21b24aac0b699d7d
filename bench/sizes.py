"""Dataset sizes as people write them: 200, 2k, 10k, 100k, 1m."""

import argparse
import re

_SIZE = re.compile(r"^(\d+(?:\.\d+)?)([km]?)$")
_FACTOR = {"": 1, "k": 1_000, "m": 1_000_000}


def parse_size(text):
    """Return the number of articles ``text`` names; ArgumentTypeError when it names none."""
    match = _SIZE.match(str(text).strip().lower().replace("_", "").replace(",", ""))
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size; write it as 200, 10k, 100k or 1m.")
    value = round(float(match.group(1)) * _FACTOR[match.group(2)])
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: a dataset needs at least one article.")
    return value


def label(n):
    """Return the short name of size ``n``: 10000 -> '10k', 1000000 -> '1m'."""
    for suffix, factor in (("m", 1_000_000), ("k", 1_000)):
        if n >= factor and n % factor == 0:
            return f"{n // factor}{suffix}"
    return str(n)


def parse_sizes(text):
    """Return the sizes of a comma-separated list, in the order given."""
    sizes = [parse_size(part) for part in str(text).split(",") if part.strip()]
    if not sizes:
        raise argparse.ArgumentTypeError("give at least one size, e.g. --sizes 10k,100k")
    return sizes
