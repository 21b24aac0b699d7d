"""
Soak test: readers and editors on the real stack for N minutes; count errors, lost saves, memory.

    .venv/bin/python -m bench.soak --minutes 5        # or: make soak

Creates the PostgreSQL database ``newsroom_soak`` (dropped and made again),
migrates, generates ~2k articles (bench.generate), starts gunicorn (2 sync
workers, DEBUG off, Redis page cache on database 11, flushed), then runs
reader threads over article, home, topic, search and feed pages, and editor
threads that log in to the admin and, through the real change form (CSRF
token, the form's ``opened_version`` conflict token, inline formsets), save
their live story (kept as unpublished changes), publish those changes, and
take a second story back to draft and publish it again.

Counted: HTTP errors (any 5xx or failed connection), lost saves (after the
run each editor's last saved text must be their story's working copy, and
every save the server accepted must have left a revision carrying its text),
and worker memory (RSS every few seconds; flat when the last minute's mean is
within 10% of the first minute's after the warm-up). Prints a table and
rewrites the "Soak" section of docs/PERFORMANCE.md.

The soak's editors sign in with a password only: the environment sets
``OTP_REQUIRED_ROLES`` empty and a high ``LOGIN_FAILURE_LIMIT`` (a soak is not
a test of two-factor or lockout, which have their own tests).
"""

import argparse
import http.client
import http.cookiejar
import json
import os
import random
import re
import secrets
import shlex
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

from . import report
from .server import ROOT, Gunicorn

PY = sys.executable
VAR = ROOT / "var" / "soak"
BEGIN = "<!-- BEGIN bench:soak -->"
END = "<!-- END bench:soak -->"
WARMUP = 30  # seconds before memory counts
SAMPLE_EVERY = 5  # seconds between memory samples
FLAT = 0.10  # the last minute's mean RSS within 10% of the first's

SETUP = """
import json
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from articles import workflow
from articles.models import Article, Status
editors, picked = [], set()
candidates = Article.objects.published().exclude(lead_photo=None).order_by("-published_at")
ready = (a for a in candidates.iterator() if not workflow.checklist(a))
for n in range({n}):
    # get_or_create: --skip-generate reuses a database where the editors exist already
    user, _ = get_user_model().objects.get_or_create(username=f"soak-editor-{{n}}",
                                                     defaults={{"is_staff": True}})
    user.set_password("{password}")
    user.save()
    user.groups.add(Group.objects.get(name="Editor"))
    live, cycle = next(ready), next(ready)
    editors.append({{"username": user.username, "live": live.pk, "cycle": cycle.pk}})
print("SOAK " + json.dumps(editors))
"""


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n\n")[0])
    p.add_argument("--minutes", type=float, default=5, help="how long to run (default 5)")
    p.add_argument("--readers", type=int, default=6, help="reader threads (default 6)")
    p.add_argument("--editors", type=int, default=3, help="editor threads (default 3)")
    p.add_argument("--articles", type=int, default=2000, help="dataset size (default 2000)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    p.add_argument("--port", type=int, default=8106, help="gunicorn's port (default 8106)")
    p.add_argument("--database", default="newsroom_soak", help="database to (re)create")
    p.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL",
                                                      "postgres://postgres@127.0.0.1:5432/"))
    p.add_argument("--redis-url", default="redis://127.0.0.1:6379/11",
                   help="the page cache; flushed before the run (default database 11)")
    p.add_argument("--skip-generate", action="store_true", help="reuse the soak database")
    p.add_argument("--doc", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    return p.parse_args(argv)


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- the HTTP side ------------------------------------------------------------------------


class Tally:
    """Thread-safe counts of answers, errors and latencies."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses, self.errors, self.latency = {}, [], []

    def add(self, path, status, seconds):
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.latency.append(seconds)
            if status == 0 or status >= 500:
                self.errors.append((round(time.monotonic()), path, status))


def get(host, port, path):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, body
    finally:
        conn.close()


def read(host, port, path, tally):
    """Request one public page as a reader and count the answer (0: none came)."""
    started = time.monotonic()
    try:
        status, _body = get(host, port, path)
    except OSError:
        status = 0
    tally.add(path, status, time.monotonic() - started)


def reader(host, port, paths, tally, stop, seed):
    rnd = random.Random(seed)
    while not stop.is_set():
        read(host, port, rnd.choice(paths), tally)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 after a POST is the answer we want to see


class Editor:
    """One person at the desk: a cookie jar, a login, and the change form."""

    def __init__(self, base, username, password, tally):
        self.base, self.username, self.password, self.tally = base, username, password, tally
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.saves = []  # (article pk, text) the server accepted, in order

    def request(self, path, data=None):
        started = time.monotonic()
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode(errors="replace")
        except OSError:
            status, text = 0, ""
        self.tally.add(path, status, time.monotonic() - started)
        return status, text

    def login(self):
        status, page = self.request("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _ = self.request("/admin/login/", {
            "username": self.username, "password": self.password,
            "csrfmiddlewaretoken": token, "next": "/admin/"})
        if status != 302:
            raise RuntimeError(f"{self.username} could not log in (HTTP {status})")

    def save(self, pk, text, **extra):
        """Open the change form, change the dek to ``text`` and save; return whether it saved."""
        from tests.formdata import form_data  # reads a form as a browser submits it

        path = f"/admin/articles/article/{pk}/change/"
        status, page = self.request(path)
        if status != 200:
            return False
        data = form_data(SimpleNamespace(content=page.encode()))
        data.update({"dek": text, "_continue": "1", **extra})
        status, _ = self.request(path, data)
        if status == 302:
            self.saves.append((pk, text))
            return True
        return False


def editor_loop(editor, live, cycle, stop, seed):
    """Edit, publish changes, return and publish again, until told to stop."""
    rnd = random.Random(seed)
    editor.login()
    n = 0
    while not stop.is_set():
        n += 1
        text = f"Soak edit {editor.username} #{n} at {time.time():.3f}."
        match n % 4:
            case 0:
                editor.save(live, text, _transition="publish_changes")
            case 1:
                editor.save(live, text)  # kept as unpublished changes
            case 2:
                editor.save(cycle, text, _transition="return", _note="Soak: back to draft.")
            case 3:
                editor.save(cycle, text, _transition="publish")
        time.sleep(rnd.uniform(0.2, 0.6))  # reading the page, typing


# --- memory -------------------------------------------------------------------------------


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children")
    try:
        return [int(p) for p in children.read_text().split()]
    except OSError:
        return []


def rss_mib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def sample_memory(master, samples, stop, started):
    while not stop.wait(SAMPLE_EVERY):
        values = [v for v in (rss_mib(p) for p in worker_pids(master)) if v is not None]
        if values:
            samples.append((time.monotonic() - started, statistics.mean(values), len(values)))


def memory_verdict(samples, seconds):
    window = min(60, max(SAMPLE_EVERY, (seconds - WARMUP) / 3))
    first = [m for t, m, _ in samples if WARMUP <= t < WARMUP + window]
    last = [m for t, m, _ in samples if t >= seconds - window]
    if not first or not last:
        return None, None, None
    a, b = statistics.mean(first), statistics.mean(last)
    return a, b, abs(b - a) / a <= FLAT


# --- setup and the run --------------------------------------------------------------------


def admin_sql(args, sql):
    import psycopg

    with psycopg.connect(args.pg_url.rstrip("/") + "/postgres", autocommit=True) as conn:
        conn.execute(sql)


def manage(env, *command, capture=False):
    return subprocess.run([PY, "manage.py", *command], cwd=ROOT, env={**os.environ, **env},
                          check=True, capture_output=capture, text=True)


def prepare(args, env, password):
    if not args.skip_generate:
        log(f"creating database {args.database} and {args.articles:,} articles")
        admin_sql(args, f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        admin_sql(args, f'CREATE DATABASE "{args.database}"')
        manage(env, "migrate", "--noinput", "-v0")
        subprocess.run([PY, "-m", "bench.generate", "--articles", str(args.articles),
                        "--photos", "24", "--photo-width", "1200"],
                       cwd=ROOT, env={**os.environ, **env}, check=True)
    code = SETUP.format(n=args.editors, password=password)
    out = manage(env, "shell", "-c", code, capture=True).stdout
    return json.loads(out.split("SOAK ", 1)[1])


def public_paths(host, port):
    """Return the URLs readers rotate over, read from the site's own sitemaps."""
    def locs(path):
        _status, body = get(host, port, path)
        return [urllib.parse.urlsplit(u).path for u in re.findall(r"<loc>([^<]+)</loc>",
                                                                    body.decode())]
    articles = []
    for month in [u for u in locs("/sitemap.xml") if "/sitemap-articles-" in u]:
        articles += locs(month)  # the newest months first
        if len(articles) >= 1500:
            break
    articles = articles[:1500]
    topics = locs("/sitemap-topics.xml")
    searches = [f"/search/?q={w}" for w in ("port", "election", "market", "seoul", "rain")]
    return (articles * 4 + topics + ["/"] * 40 + searches * 6 + ["/feed/", "/feed/atom/"] * 10
            + [t + "feed/" for t in topics[:10]])


def check_saves(args, env, editors):
    """Return [(editor, problem)]: saves the server accepted that the database does not hold."""
    import psycopg

    lost = []
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        for editor in editors:
            for pk, text in editor.saves:
                found = conn.execute(
                    "SELECT count(*) FROM articles_revision WHERE article_id = %s "
                    "AND content->>'dek' = %s", (pk, text)).fetchone()[0]
                if not found:
                    lost.append((editor.username, f"no revision of article {pk} holds {text!r}"))
            for pk in {pk for pk, _ in editor.saves}:
                last = [text for p, text in editor.saves if p == pk][-1]
                pending = conn.execute(
                    "SELECT content->>'dek' FROM articles_revision WHERE article_id = %s "
                    "AND is_pending", (pk,)).fetchone()
                row = conn.execute("SELECT dek FROM articles_article WHERE id = %s",
                                   (pk,)).fetchone()[0]
                working = pending[0] if pending else row
                if working != last:
                    lost.append((editor.username, f"article {pk} holds {working!r}, "
                                                  f"not the last save {last!r}"))
        steps = dict(conn.execute(
            "SELECT e.kind, count(*) FROM articles_articleevent e JOIN auth_user u "
            "ON u.id = e.actor_id WHERE u.username LIKE 'soak-editor-%%' GROUP BY e.kind"
        ).fetchall())
    return lost, steps


def run(args):
    VAR.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(16)
    host, port = "127.0.0.1", args.port
    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_CACHE": "on", "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50), "SITE_URL": f"http://{host}:{port}",
        "DATABASE_URL": args.pg_url.rstrip("/") + "/" + args.database,
        "REDIS_URL": args.redis_url, "STATIC_ROOT": str(VAR / "static"),
        "MEDIA_ROOT": str(VAR / "media"), "LOG_LEVEL": "WARNING",
        "OTP_REQUIRED_ROLES": "", "LOGIN_FAILURE_LIMIT": "1000",
    }  # fmt: skip
    assignments = prepare(args, env, password)
    manage(env, "collectstatic", "--noinput", "-v0")
    import redis

    redis.Redis.from_url(args.redis_url).flushdb()
    seconds = args.minutes * 60
    readers, desk, samples = Tally(), Tally(), []
    with Gunicorn(env, host, port, workers=args.workers, log_path=VAR / "gunicorn.log") as server:
        paths = public_paths(host, port)
        editors = [Editor(f"http://{host}:{port}", a["username"], password, desk)
                   for a in assignments]
        # Every public page once first, so the bounded caches (each worker's page-cache tier,
        # templates, URL resolvers) are full before memory is watched: what grows after
        # that is a leak, not a cache filling up. Errors here count as readers' errors.
        primed = time.monotonic()
        for path in sorted(set(paths)):
            read(host, port, path, readers)
        log(f"soak: primed {len(set(paths))} public URLs in {time.monotonic() - primed:.0f} s")
        stop = threading.Event()
        started = time.monotonic()
        threads = [threading.Thread(target=sample_memory,
                                    args=(server.process.pid, samples, stop, started))]
        threads += [threading.Thread(target=reader, args=(host, port, paths, readers, stop, n))
                    for n in range(args.readers)]
        threads += [threading.Thread(target=editor_loop, args=(e, a["live"], a["cycle"], stop, n))
                    for n, (e, a) in enumerate(zip(editors, assignments, strict=True))]
        log(f"soak: {args.readers} readers, {args.editors} editors, {args.minutes:g} min "
            f"over {len(set(paths))} public URLs")
        for thread in threads:
            thread.start()
        stop.wait(seconds)
        stop.set()
        for thread in threads:
            thread.join(timeout=90)
        elapsed = time.monotonic() - started
    lost, steps = check_saves(args, env, editors)
    first, last, flat = memory_verdict(samples, elapsed)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": os.environ.get("SOAK_COMMAND") or "python -m bench.soak "
        + shlex.join(sys.argv[1:]),
        "machine": report.machine_info(), "seconds": round(elapsed), "args": vars(args),
        "readers": readers, "desk": desk, "saves": sum(len(e.saves) for e in editors),
        "lost": lost, "steps": steps, "memory": (first, last, flat), "samples": samples,
    }


def percentile(values, q):
    return statistics.quantiles(values, n=100)[q - 1] * 1000 if len(values) > 1 else 0


def render(r):
    m = r["machine"]
    first, last, flat = r["memory"]
    rows = []
    for name, tally in (("Readers", r["readers"]), ("Editors (admin)", r["desk"])):
        total = sum(tally.statuses.values())
        codes = ", ".join(f"{c or 'no answer'}: {n}" for c, n in sorted(tally.statuses.items()))
        p50, p95 = percentile(tally.latency, 50), percentile(tally.latency, 95)
        rows.append(f"| {name} | {total:,} | {total / r['seconds']:.1f} | {p50:.0f} ms | "
                    f"{p95:.0f} ms | {len(tally.errors)} | {codes} |")
    steps = ", ".join(f"{k}: {v}" for k, v in sorted(r["steps"].items())) or "none"
    memory = ("not enough samples" if first is None else
              f"{first:.1f} MiB → {last:.1f} MiB per worker ({(last - first) / first:+.1%}): "
              f"{'flat' if flat else 'GROWING'}")
    minutes = {}
    for t, mib, _workers in r["samples"]:
        minutes.setdefault(int(t // 60), []).append(mib)
    trend = ", ".join(f"{statistics.mean(v):.1f}" for _m, v in sorted(minutes.items()))
    memory += f"; by minute: {trend} MiB"
    lost = "none" if not r["lost"] else "; ".join(f"{u}: {p}" for u, p in r["lost"][:5])
    return "\n".join([
        f"Measured {r['date']} with `{r['command']}`: {r['seconds']} s, "
        f"{r['args']['readers']} reader threads and {r['args']['editors']} editors against "
        f"gunicorn ({r['args']['workers']} sync workers, DEBUG off), PostgreSQL "
        f"`{r['args']['database']}` with {r['args']['articles']:,} generated articles, the Redis "
        "page cache (database 11, flushed first).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores (shared), {m['ram_gib']} GiB, {m['os']}, "
        f"Python {m['python']}, Django {m['django']}, gunicorn {m['gunicorn']}.",
        "",
        "| Who | requests | req/s | p50 | p95 | errors (5xx, no answer) | answers |",
        "|---|---:|---:|---:|---:|---:|---|",
        *rows,
        "",
        f"- Saves accepted through the change form: {r['saves']}; lost: {lost}.",
        f"- Workflow steps the editors took: {steps}.",
        f"- Worker memory (RSS, mean of the workers, first minute after a {WARMUP} s warm-up → "
        f"last minute): {memory}.",
        "- Editors sign in with a password only: the soak sets `OTP_REQUIRED_ROLES=` (empty) and "
        "`LOGIN_FAILURE_LIMIT=1000`; two-factor and lockout have their own tests.",
        "",
    ])


def write_section(path, body):
    path = Path(path)
    text = path.read_text() if path.exists() else report.TITLE
    block = f"{BEGIN}\n{body}{END}"
    if BEGIN in text and END in text:
        text = re.sub(re.escape(BEGIN) + r".*?" + re.escape(END), lambda _: block, text,
                      count=1, flags=re.S)
    else:
        text = text.rstrip("\n") + f"\n\n## Soak\n\n{block}\n"
    path.write_text(text)


def main(argv=None):
    args = parse_args(argv)
    r = run(args)
    body = render(r)
    print("\n" + body)
    write_section(args.doc, body)
    (VAR / "last.json").write_text(json.dumps(
        {k: v for k, v in r.items() if k not in ("readers", "desk")}, indent=1, default=str))
    errors = len(r["readers"].errors) + len(r["desk"].errors)
    for _when, path, status in (r["readers"].errors + r["desk"].errors)[:10]:
        log(f"error: {status or 'no answer'} on {path}")
    return 1 if errors or r["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
