"""
Turn benchmark results into tables, and rewrite our section of docs/PERFORMANCE.md.

Only the text between BEGIN and END below is ours: other sections of the file
(photo renditions, notes by hand) are left as they are.
"""

import os
import platform
import re
from importlib import metadata
from pathlib import Path

BEGIN = ("<!-- BEGIN bench:public-pages (written by bench/run.py; "
         "edits between these markers are overwritten) -->")
END = "<!-- END bench:public-pages -->"
HEADING = "## Public pages under load"
TITLE = "# Performance\n\nFigures measured on this project's machines, with the command that produced each.\n"

#: The issue's targets, read off the scaling table.
SEARCH_P95_TARGET = 2.0
PAGE_TIME_TARGET = 1.5
CACHE_MODES = {
    "off": "cache off: DummyCache for every alias, the page cache off: each request runs the whole view",
    "on": "cache on: Redis (REDIS_URL, database 5, flushed before the run) as the app configures it",
    "local": "local: no REDIS_URL, the app's default local-memory cache in each worker",
}


def machine_info(pg_version="?", redis_version="?", wrk_version="?"):
    cpu = "?"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
        mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    return {
        "cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(terse=True), "python": platform.python_version(),
        "django": metadata.version("django"), "gunicorn": metadata.version("gunicorn"),
        "psycopg": metadata.version("psycopg"), "postgresql": pg_version, "redis": redis_version,
        "wrk": wrk_version,
    }


def ms(us):
    return "—" if us is None else f"{us / 1000:.1f} ms" if us < 100_000 else f"{us / 1000:.0f} ms"


def static_rps(run):
    values = [p["result"]["rps"] for p in run["pages"] if p["name"] == "static" and p.get("result")]
    return sum(values) / len(values) if values else None


def static_base(run, page):
    """Return the static file's req/s to set ``page`` against: the mean of its runs just before and after.

    The static file is measured first, last and (with --bracket) between the pages. The machine's
    speed drifts over minutes, so each page is compared with the measurements nearest to it in
    time; with only a first and a last, that is their mean for every page.
    """
    order = run["pages"]
    at = next(n for n, p in enumerate(order) if p is page)
    before = [p for p in order[:at] if p["name"] == "static" and p.get("result")][-1:]
    after = [p for p in order[at + 1 :] if p["name"] == "static" and p.get("result")][:1]
    values = [p["result"]["rps"] for p in before + after]
    return sum(values) / len(values) if values else static_rps(run)


def page_rows(run):
    """Return the markdown rows of one (dataset, cache mode) run."""
    base = static_rps(run)
    rows = ["| Page | URLs | req/s | p50 | p95 | p99 | % of static | bytes | notes |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    statics = [p for p in run["pages"] if p["name"] == "static" and p.get("result")]
    for page in run["pages"]:
        if page["name"] == "static" and page is not statics[0]:
            continue
        result = page.get("result")
        if not result:
            blanks = " — |" * 6
            rows.append(f"| {page['label']} | {page.get('urls', 0)} |{blanks} {page['status']} |")
            continue
        lat = result["latency_us"]
        notes = []
        rps, page_base = result["rps"], base
        if page["name"] == "static":
            rps = base
            speeds = [p["result"]["rps"] for p in statics]
            notes.append(f"first {speeds[0]:.0f} / last {speeds[-1]:.0f} req/s")
            if between := speeds[1:-1]:
                notes.append(f"{len(between)} between the pages: {min(between):.0f}–{max(between):.0f} req/s")
        else:
            page_base = static_base(run, page)
            if len(statics) > 2:
                notes.append(f"static around it {page_base:.0f} req/s")
        if result["non_2xx_3xx"]:
            notes.append(f"{result['non_2xx_3xx']} non-2xx/3xx answers")
        if result["socket_errors"]:
            notes.append(f"{result['socket_errors']} socket errors/timeouts")
        if page.get("path"):
            notes.append(f"`{page['path']}`")
        share = f"{100 * rps / page_base:.1f}%" if page_base else "—"
        rows.append(f"| {page['label']} | {page.get('urls', 1)} | {rps:.0f} | {ms(lat['p50'])} "
                    f"| {ms(lat['p95'])} | {ms(lat['p99'])} | {share} "
                    f"| {result['bytes_per_response']:.0f} | {'; '.join(notes)} |")
    return rows


def find_page(run, name):
    return next((p for p in run["pages"] if p["name"] == name and p.get("result")), None)


def scaling_rows(results):
    """Return rows comparing every size with the smallest, per cache mode; [] for one size."""
    datasets = results["datasets"]
    if len(datasets) < 2:
        return []
    first = datasets[0]
    labels = [d["label"] for d in datasets]
    rows = [f"| Cache | Measure | {' | '.join(labels)} | {labels[-1]} / {labels[0]} | target |",
            "|---|---|" + "---:|" * len(labels) + "---:|---|"]
    measures = [
        ("search p95", "search", "p95", SEARCH_P95_TARGET),
        ("article page p50 (page time)", "article", "p50", PAGE_TIME_TARGET),
        ("article page cost, in static-file requests", "article", COST, PAGE_TIME_TARGET),
        ("article page mean", "article", "mean", None),
        ("home page p50", "home", "p50", None),
    ]
    for mode in [r["cache"] for r in first["runs"]]:
        runs = [next((r for r in d["runs"] if r["cache"] == mode), None) for d in datasets]
        for title, name, key, target in measures:
            values = [measure(r, name, key) if r else None for r in runs]
            ratio = values[-1] / values[0] if values[0] and values[-1] else None
            verdict = "—"
            if target and ratio is not None:
                verdict = f"≤ {target}×: {'met' if ratio <= target else 'NOT met'}"
            show = cost if key == COST else ms
            cells = " | ".join(show(v) for v in values)
            rows.append(f"| {mode} | {title} | {cells} | {f'{ratio:.2f}×' if ratio else '—'} | {verdict} |")
    return rows


#: A page's cost as the number of static-file requests the same server answers in the time of one
#: page: static req/s over page req/s. Taken within one run, it cancels most of the machine's noise.
COST = "cost"


def cost(value):
    return "—" if value is None else f"{value:.1f}" if value < 10 else f"{value:.0f}"


def measure(run, name, key):
    page = find_page(run, name)
    if not page:
        return None
    found = page["result"]
    if key == COST:
        base = static_base(run, page)
        return base / found["rps"] if base and found["rps"] else None
    return found["latency_us"][key]


def render(results):
    """Return the markdown between the markers."""
    m, s = results["machine"], results["settings"]
    out = [
        f"Measured {results['date']} with:",
        "",
        f"    {results['command']}",
        "",
        f"**Machine:** {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['os']}; "
        f"Python {m['python']}, Django {m['django']}, psycopg {m['psycopg']}, "
        f"PostgreSQL {m['postgresql']}, Redis {m['redis']}, "
        f"gunicorn {m['gunicorn']} ({s['workers']} sync workers, DEBUG off), {m['wrk']}.",
        "",
        f"**Load:** wrk with {s['threads']} thread and {s['connections']} connections from a separate "
        f"process on the same machine, {s['warmup']} s warm-up then {s['duration']} s per URL set. "
        + (f"The static file is measured first and last ({s['duration']} s) and between the URL sets "
           f"({s['bracket']} s); each page's share is of the mean of the static runs just before and "
           "after it, so that the machine's drift over the minutes of a run favours no page. "
           if s.get("bracket") else
           "The static file is measured first and last and the table uses the mean. ")
        + "Latencies are per request "
        "at that concurrency (service time plus queueing); wrk is closed-loop, so its tail understates "
        "an open arrival rate."
        + (" Every URL of a set is requested once before its warm-up, so the figures are of a site "
           "whose pages have each been read once: with a cache on, a warm cache holding all of them; "
           "with it off, their rows in memory." if s.get("prime") else ""),
        "",
        f"**Noise:** load average (1, 5, 15 min) at the start: {fmt_load(results['load_start'])}. "
        "Other work on "
        "the machine competes for its cores; compare figures within one run, not across runs.",
        "",
        "**Datasets:**",
        "",
        "| Size | Articles | Published | Bylines | Tagged | Database | Article page | Generated in |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for d in results["datasets"]:
        c = d["counts"]
        took = generation_time(d.get("generation"))
        size = f"{d['database_bytes'] / 2**20:,.0f} MiB" if d.get("database_bytes") else "—"
        out.append(f"| {d['label']} | {c['articles']:,} | {c['published']:,} | {c['bylines']:,} | "
                   f"{c['tagged_items']:,} | {size} | {d['article_bytes']['median']:,} bytes | {took} |")
    for d in results["datasets"]:
        for run in d["runs"]:
            out += ["", f"### {d['label']} articles — {CACHE_MODES[run['cache']]}", "",
                    f"Load average at start: {fmt_load(run['load_start'])}.", ""]
            out += page_rows(run)
    scaling = scaling_rows(results)
    if scaling:
        out += ["", "### Scaling with the archive", "",
                "The issue's targets: search p95 at the largest size within 2× of the smallest, article page "
                "time within 1.5×. Latencies move with whatever else the machine is doing; the cost in "
                "static-file requests (static req/s ÷ page req/s, both from the same run) cancels most "
                "of that noise.", ""]
        out += scaling
    return "\n".join(out) + "\n"


def generation_time(gen):
    """Return how long the dataset took, photos apart (they are made once per machine)."""
    if not gen:
        return "reused (--skip-generate)"
    timings = gen["timings"]
    photos = next((k for k in timings if k.startswith("photos")), None)
    rest = timings["total"] - (timings[photos] if photos else 0)
    text = f"{rest:.0f} s"
    if photos and timings[photos] >= 1:
        made = photos.split("(", 1)[1].split(" ", 1)[0] if "(" in photos else "?"
        text += f" + {timings[photos]:.0f} s for {made} new library photos"
    return text


def fmt_load(load):
    return ", ".join(f"{x:.2f}" for x in load) if load else "?"


def write_section(path, body):
    """Replace our section of ``path`` with ``body``, creating the file or section if needed."""
    path = Path(path)
    text = path.read_text() if path.exists() else TITLE
    block = f"{BEGIN}\n{body}{END}"
    if BEGIN in text and END in text:
        pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
        text = pattern.sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip("\n") + f"\n\n{HEADING}\n\n{block}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def main(argv=None):
    """Re-render the section from a saved results file: python -m bench.report bench/results/X.json."""
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m bench.report")
    parser.add_argument("results", help="a JSON file written by bench.run")
    default = Path(__file__).resolve().parent.parent / "docs" / "PERFORMANCE.md"
    parser.add_argument("--doc", default=str(default))
    args = parser.parse_args(argv)
    body = render(json.loads(Path(args.results).read_text()))
    write_section(args.doc, body)
    print(body)


if __name__ == "__main__":
    main()
