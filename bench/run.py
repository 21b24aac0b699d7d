"""
Benchmark the public pages at several archive sizes, next to a static file.

    make bench                                   # 10k, 100k, 1m; cache off and on
    make bench BENCH_ARGS="--sizes 10k --duration 10 --only article,search"
    make bench-smoke                             # 2k articles, 3 s per page, under two minutes

For each size: (re)create the PostgreSQL database ``newsroom_bench_<size>``,
migrate, generate the dataset (bench.generate), sample URLs and the article
page's size (bench.sample), write a static file of that size into STATIC_ROOT,
then for each cache mode start gunicorn (2 sync workers, DEBUG off) and drive
each URL set with wrk: the static file first, the pages with the static file
again for a few seconds between them (--bracket), the static file last. Each
page is set against the static file measured just before and after it.
Prints a table per run and the scaling ratios, rewrites the "Public
pages under load" section of docs/PERFORMANCE.md and keeps the raw results in
bench/results/.
"""

import argparse
import json
import os
import secrets
import shlex
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from . import load, pages, report
from .server import ROOT, Gunicorn
from .sizes import label, parse_sizes

VAR = ROOT / "var" / "bench"
PY = sys.executable


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=parse_sizes, default=parse_sizes("10k,100k,1m"),
                   help="dataset sizes, comma-separated (default 10k,100k,1m)")
    p.add_argument("--duration", type=int, default=15, help="seconds of load per URL set (default 15)")
    p.add_argument("--warmup", type=int, default=2,
                   help="seconds of unmeasured load before each set (default 2)")
    p.add_argument("--bracket", type=int, default=5,
                   help="seconds of the static file measured again between URL sets, so that each "
                        "page is compared with the static file just before and after it (default 5; "
                        "0: the static file first and last only)")
    p.add_argument("--connections", type=int, default=4, help="concurrent wrk connections (default 4)")
    p.add_argument("--threads", type=int, default=1,
                   help="wrk threads (default 1; the machine has few cores)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    p.add_argument("--cache", default="off,on",
                   help="cache modes, comma-separated: off (DummyCache), on (Redis), local "
                        "(default off,on)")
    p.add_argument("--only", default=",".join(pages.DEFAULT),
                   help=f"URL sets to measure (default {','.join(pages.DEFAULT)}; also: author, tag)")
    p.add_argument("--path", action="append", metavar="NAME=/PATH[,/PATH]",
                   help="use these paths for a URL set, e.g. --path feed=/feeds/rss/")
    p.add_argument("--article-urls", type=int, default=2000,
                   help="random published articles the article set rotates over (default 2000)")
    p.add_argument("--no-prime", dest="prime", action="store_false",
                   help="do not request every URL of a set once before its warm-up")
    p.add_argument("--skip-generate", action="store_true",
                   help="reuse the existing newsroom_bench_<size> databases instead of regenerating them")
    p.add_argument("--photos", type=int, help="library photos per dataset (default: by size, at most 300)")
    p.add_argument("--seed", type=int, default=1, help="random seed for data and URL samples")
    p.add_argument("--port", type=int, default=8105, help="gunicorn's port (default 8105)")
    p.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/"),
                   help="PostgreSQL server for the datasets "
                        "(default $BENCH_PG_URL or postgres@127.0.0.1:5432)")
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
                   help="Redis for cache mode 'on'; its database is flushed (default redis://127.0.0.1:6379/5)")
    p.add_argument("--db-prefix", default="newsroom_bench_", help="dataset database names: <prefix><size>")
    p.add_argument("--doc", default=str(ROOT / "docs" / "PERFORMANCE.md"),
                   help="the file whose 'Public pages under load' section is rewritten")
    p.add_argument("--drop", action="store_true", help="drop each dataset database when its runs are done")
    args = p.parse_args(argv)
    args.cache = [c.strip() for c in args.cache.split(",") if c.strip()]
    args.only = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [c for c in args.cache if c not in report.CACHE_MODES]
    unknown += [n for n in args.only if n not in pages.PAGES]
    if unknown:
        p.error(f"unknown cache mode or page: {', '.join(unknown)}")
    try:
        args.overrides = pages.parse_overrides(args.path)
    except ValueError as exc:
        p.error(str(exc))
    return args


def log(message):
    print(message, file=sys.stderr, flush=True)


def admin(args, sql, fetch=False):
    import psycopg

    with psycopg.connect(args.pg_url.rstrip("/") + "/postgres", autocommit=True) as conn:
        rows = conn.execute(sql).fetchall() if fetch else conn.execute(sql)
        return rows if fetch else None


def db_url(args, name):
    return args.pg_url.rstrip("/") + "/" + name


def manage(env, *command, **kwargs):
    return subprocess.run([PY, "manage.py", *command], cwd=ROOT, env={**os.environ, **env}, check=True,
                          **kwargs)


def applied_migrations(args, name):
    import psycopg

    with psycopg.connect(db_url(args, name)) as conn:
        try:
            return conn.execute("SELECT count(*) FROM django_migrations").fetchone()[0]
        except psycopg.errors.UndefinedTable:
            return 0


def prepare(args, n, base_env):
    """Create (or reuse) the dataset for ``n`` articles; return its description."""
    name = f"{args.db_prefix}{label(n)}"
    env = {**base_env, "DATABASE_URL": db_url(args, name)}
    exists = bool(admin(args, f"SELECT 1 FROM pg_database WHERE datname = '{name}'", fetch=True))
    generation = None
    if args.skip_generate:
        if not exists:
            sys.exit(f"--skip-generate: database {name} does not exist; run once without --skip-generate.")
        before = applied_migrations(args, name)
        manage(env, "migrate", "--noinput", "-v0")
        if applied_migrations(args, name) != before:
            log(f"[{label(n)}] new migrations applied: running the post-load steps")
            subprocess.run([PY, "-m", "bench.generate", "--articles", str(n), "--post-load-only"],
                           cwd=ROOT, env={**os.environ, **env}, check=True)
    else:
        log(f"[{label(n)}] creating database {name}")
        admin(args, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin(args, f'CREATE DATABASE "{name}"')
        manage(env, "migrate", "--noinput", "-v0")
        stats_file = VAR / f"generate-{label(n)}.json"
        command = [PY, "-m", "bench.generate", "--articles", str(n), "--seed", str(args.seed),
                   "--stats", str(stats_file)]
        if args.photos is not None:
            command += ["--photos", str(args.photos)]
        subprocess.run(command, cwd=ROOT, env={**os.environ, **env}, check=True)
        generation = json.loads(stats_file.read_text())
    static_dir = Path(env["STATIC_ROOT"]) / "bench"
    static_dir.mkdir(parents=True, exist_ok=True)
    static_file = static_dir / f"article-{label(n)}.html"
    sample_file = VAR / f"sample-{label(n)}.json"
    subprocess.run([PY, "-m", "bench.sample", "--out", str(sample_file), "--static-file", str(static_file),
                    "--seed", str(args.seed), "--articles", str(args.article_urls)], cwd=ROOT, env={**os.environ, **env, "BENCH_CACHE": "off"},
                   check=True)
    sample = json.loads(sample_file.read_text())
    return {
        "size": n, "label": label(n), "database": name, "env": env, "generation": generation,
        "counts": sample["counts"], "database_bytes": sample["database_bytes"],
        "article_bytes": sample["article_bytes"], "sample": sample,
        "static_path": f"/static/bench/{static_file.name}", "runs": [],
    }


def measure_set(args, dataset, mode, name, page_label, paths, path_hint=None, duration=None):
    """Probe then load one URL set (for ``duration`` s, --duration unless given); return its row."""
    entry = {"name": name, "label": page_label, "urls": len(paths), "path": path_hint, "status": "ok"}
    statuses = load.probe("127.0.0.1", args.port, paths)
    if statuses and set(statuses) == {404}:
        entry["status"] = f"route missing: {paths[0]} answers 404 (not measured)"
        log(f"    {page_label}: {entry['status']}")
        return entry
    bad = {s: c for s, c in statuses.items() if s >= 500 or s == 0}
    if bad:
        seen = ", ".join(f"{c}× {s or 'no answer'}" for s, c in bad.items())
        entry["status"] = f"errors before load: {seen}"
    paths_file = VAR / "paths" / f"{dataset['label']}-{name}.txt"
    paths_file.parent.mkdir(parents=True, exist_ok=True)
    paths_file.write_text("\n".join(paths) + "\n")
    if args.prime and name != "static":
        took = load.prime("127.0.0.1", args.port, paths, args.connections)
        entry["primed_seconds"] = round(took, 1)
        log(f"    {page_label}: read each of its {len(paths)} URLs once, in {took:.0f} s")
    if args.warmup:
        load.wrk("127.0.0.1", args.port, paths_file, duration=args.warmup, connections=args.connections,
                 threads=args.threads)
    entry["result"] = load.wrk("127.0.0.1", args.port, paths_file, duration=duration or args.duration,
                               connections=args.connections, threads=args.threads)
    r = entry["result"]
    errors = f"  non-2xx {r['non_2xx_3xx']}" if r["non_2xx_3xx"] else ""
    log(f"    {page_label:<26} {r['rps']:8.1f} req/s  p50 {report.ms(r['latency_us']['p50']):>9}  "
        f"p99 {report.ms(r['latency_us']['p99']):>9}{errors}")
    return entry


def run_mode(args, dataset, mode):
    env = {**dataset["env"], "BENCH_CACHE": mode}
    if mode == "on":
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
        env["REDIS_URL"] = args.redis_url
    run = {"cache": mode, "load_start": list(os.getloadavg()), "pages": []}
    log(f"[{dataset['label']}] cache {mode}: gunicorn on 127.0.0.1:{args.port}")
    log_path = VAR / f"gunicorn-{dataset['label']}-{mode}.log"
    with Gunicorn(env, "127.0.0.1", args.port, workers=args.workers, log_path=log_path):
        static = [dataset["static_path"]]
        run["pages"].append(measure_set(args, dataset, mode, "static", pages.STATIC_LABEL, static, static[0]))
        for name in args.only:
            page = pages.PAGES[name]
            candidates = args.overrides.get(name) or page.candidates
            if candidates and not page.sample:
                path, seen = load.choose("127.0.0.1", args.port, candidates)
                if path is None:
                    tried = ", ".join(f"{p} ({s})" for p, s in seen.items())
                    status = f"route missing: no candidate answered 200 — tried {tried}"
                    run["pages"].append({"name": name, "label": page.label, "urls": 0, "status": status})
                    log(f"    {page.label}: {run['pages'][-1]['status']}")
                    continue
                paths, hint = [path], path
            else:
                paths = args.overrides.get(name) or dataset["sample"][page.sample]
                hint = paths[0] if name in ("search",) else None
            if args.bracket and run["pages"][-1]["name"] != "static":
                # The machine's speed drifts over minutes: each page is set against the static
                # file measured just before and just after it (bench.report.static_base).
                run["pages"].append(measure_set(args, dataset, mode, "static", pages.STATIC_LABEL,
                                                static, static[0], duration=args.bracket))
            run["pages"].append(measure_set(args, dataset, mode, name, page.label, paths, hint))
        run["pages"].append(measure_set(args, dataset, mode, "static", pages.STATIC_LABEL, static, static[0]))
    run["load_end"] = list(os.getloadavg())
    return run


def versions(args):
    import psycopg
    import redis

    with psycopg.connect(args.pg_url.rstrip("/") + "/postgres") as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0].split(" ")[0]
    try:
        rv = redis.Redis.from_url(args.redis_url).info("server")["redis_version"]
    except redis.RedisError:
        rv = "not reachable"
    return pg, rv


def main(argv=None):
    args = parse_args(argv)
    if not shutil.which(load.WRK):
        sys.exit("bench: wrk is not installed (Debian/Ubuntu: apt-get install wrk).")
    VAR.mkdir(parents=True, exist_ok=True)
    given = sys.argv[1:] if argv is None else argv
    command = os.environ.get("BENCH_COMMAND") or "python -m bench.run " + shlex.join(given)
    pg, rv = versions(args)
    results = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "command": command,
        "machine": report.machine_info(pg, rv, load.wrk_version()),
        "settings": {k: getattr(args, k)
                     for k in ("duration", "warmup", "bracket", "connections", "threads", "workers", "prime")},
        "load_start": list(os.getloadavg()), "datasets": [],
    }
    base_env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": f"http://127.0.0.1:{args.port}", "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / "media"), "LOG_LEVEL": "WARNING", "REDIS_URL": "",
    }
    log(f"collectstatic into {base_env['STATIC_ROOT']}")
    manage({**base_env, "BENCH_CACHE": "off"}, "collectstatic", "--noinput", "-v0")
    started = time.monotonic()
    out = ROOT / "bench" / "results" / f"{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    for n in args.sizes:
        dataset = prepare(args, n, base_env)
        for mode in args.cache:
            dataset["runs"].append(run_mode(args, dataset, mode))
        if args.drop:
            admin(args, f'DROP DATABASE IF EXISTS "{dataset["database"]}" WITH (FORCE)')
        for key in ("env", "sample"):
            dataset.pop(key)
        results["datasets"].append(dataset)
        results["seconds"] = round(time.monotonic() - started)
        # Written after every size, so a long run that is stopped keeps what it measured.
        body = report.render(results)
        report.write_section(args.doc, body)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2, default=str))
    print("\n" + body)
    log(f"Wrote {args.doc} and {out} ({results['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
