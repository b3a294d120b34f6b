#!/usr/bin/env python3
"""Poll benchmark: crisis-tui against newsboat on a local farm of 1,000 feeds.

Generates 1,000 feeds of about 35 items (RSS 2.0 and Atom, realistic text, fixed seed), serves
them with nginx (ETag, Last-Modified, gzip) on 127.0.0.2 .. 127.0.0.51, and prints median wall
time, CPU time, peak memory and articles/s for:

  cold     poll into an empty database
  warm     re-poll where every feed answers 304
  changed  re-poll where 10% of the feeds changed

and, in the same run, newsboat (`newsboat -x reload`, reload-threads 8) cold and warm (its warm
figure is the third reload: it stores validators only from its second).

    python bench/poll_bench.py [--feeds 1000] [--runs 3] [--no-newsboat]

Needs nginx and newsboat (apt-get install nginx newsboat).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from email.utils import formatdate
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "poll"
HOSTS = [f"127.0.0.{i}" for i in range(2, 52)]
PORT = 8089

ACTORS = ["Iran", "Israel", "the United States", "Pakistan", "Qatar", "Oman", "the IAEA", "the UN", "Russia",
          "China", "the E3", "Saudi Arabia", "Egypt", "Turkey", "the European Union"]
PEOPLE = ["Abbas Araghchi", "Steve Witkoff", "Benjamin Netanyahu", "Ishaq Dar", "Rafael Grossi", "Antonio Guterres",
          "Karoline Leavitt", "Israel Katz", "Masoud Pezeshkian", "Marco Rubio"]
PLACES = ["Tehran", "Natanz", "Fordow", "Isfahan", "Tel Aviv", "Haifa", "Beersheba", "Geneva", "Muscat", "Doha",
          "Islamabad", "Vienna", "Gaza", "Beirut", "Baghdad"]
TEMPLATES = [
    "{a} said on {d} that talks with {b} would continue in {p} next week.",
    "{pa} held a telephone conversation with {pb} about the ceasefire and regional stability.",
    "Israeli air strikes hit targets near {p}, officials said, and at least {n} people were killed.",
    "{a} launched missiles and drones at {p}; emergency services reported {n} injured.",
    "Aid agencies warned that hospitals in {p} were running out of fuel and medicine.",
    "The UN humanitarian office said {n} families had been displaced from {p} in the past week.",
    "{pa} urged restraint, warning that further escalation could draw {b} into a wider war.",
    "Markets in {p} were steady as traders weighed the prospect of renewed negotiations.",
    "Diplomats from {a} and {b} met in {p} to discuss the nuclear programme and sanctions relief.",
    "Residents of {p} described a night of explosions and sirens as air defences intercepted projectiles.",
    "{pa} told reporters that {a} had not ruled out further action if the talks failed.",
    "The foreign ministry of {a} condemned the attack on {p} as a violation of international law.",
]
# Most of a news feed is not a strike or a contact: about two sentences in three are background.
BACKGROUND = [
    "Analysts said the outcome would depend on decisions taken in {p} over the coming days.",
    "The central bank kept interest rates unchanged and said inflation was easing slowly.",
    "Oil prices rose two per cent in early trading before settling back by the afternoon.",
    "The ministry published new figures on exports, which grew for a third month in a row.",
    "Local elections in {p} are due next spring, and turnout is expected to be low.",
    "Schools in {p} reopened after the holiday, with new rules on mobile phones in class.",
    "The national team won its qualifier in {p} and moves on to the next round.",
    "A new motorway linking {p} to the coast is due to open at the end of the year.",
    "Weather forecasters expect temperatures above forty degrees in {p} this week.",
    "The company said its quarterly profit rose, helped by strong demand in Asia.",
    "Parliament debated a bill on digital services that critics say is too broad.",
    "Officials in {p} said the annual book fair had drawn record crowds.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def sentence(rng: random.Random) -> str:
    templates = TEMPLATES if rng.random() < 0.35 else BACKGROUND
    return rng.choice(templates).format(
        a=rng.choice(ACTORS), b=rng.choice(ACTORS), p=rng.choice(PLACES), pa=rng.choice(PEOPLE),
        pb=rng.choice(PEOPLE), n=rng.randint(2, 90), d=rng.choice(DAYS))


def item(rng: random.Random, feed: int, n: int, version: int = 0) -> dict:
    title = sentence(rng).rstrip(".")[:110]
    body = " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))
    return {"title": f"{title}", "link": f"https://news{feed % 97}.example/{feed}/{n}-{version}",
            "guid": f"urn:bench:{feed}:{n}", "body": body, "date": 1_750_000_000 - n * 3600 - feed * 7}


def render(feed: int, items: list[dict]) -> tuple[str, bytes]:
    if feed % 2 == 0:
        rows = "".join(
            f"<item><title>{escape(i['title'])}</title><link>{i['link']}</link><guid>{i['guid']}</guid>"
            f"<pubDate>{formatdate(i['date'], usegmt=True)}</pubDate><description>{escape(i['body'])}</description></item>\n"
            for i in items)
        doc = (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Bench feed {feed}</title>'
               f"<link>https://news{feed % 97}.example/</link><description>bench</description>\n{rows}</channel></rss>\n")
        return "rss", doc.encode()
    rows = "".join(
        f"<entry><title>{escape(i['title'])}</title><link href=\"{i['link']}\"/><id>{i['guid']}</id>"
        f"<updated>{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(i['date']))}</updated>"
        f"<summary>{escape(i['body'])}</summary></entry>\n" for i in items)
    doc = (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>Bench feed {feed}</title>'
           f"<id>urn:bench:{feed}</id><updated>2025-06-15T00:00:00Z</updated>\n{rows}</feed>\n")
    return "atom", doc.encode()


def build_farm(root: Path, n_feeds: int, seed: int = 2025) -> list[str]:
    """Write the feed files; returns their URLs (spread over HOSTS)."""
    rng = random.Random(seed)
    www = root / "www"
    if www.exists():
        shutil.rmtree(www)
    www.mkdir(parents=True)
    urls = []
    for f in range(n_feeds):
        items = [item(rng, f, n) for n in range(rng.randint(30, 40))]
        kind, body = render(f, items)
        (www / f"feed{f}.xml").write_bytes(body)
        (www / f"feed{f}.json").write_text(json.dumps(items))
        urls.append(f"http://{HOSTS[f % len(HOSTS)]}:{PORT}/feed{f}.xml")
    return urls


def change_feeds(root: Path, fraction: float, round_no: int, seed: int = 7) -> int:
    """Change `fraction` of the feeds: three new items and one edited item each."""
    rng = random.Random(seed + round_no)
    www = root / "www"
    files = sorted(www.glob("feed*.json"), key=lambda p: int(p.stem[4:]))
    chosen = rng.sample(files, max(1, int(len(files) * fraction)))
    for path in chosen:
        f = int(path.stem[4:])
        items = json.loads(path.read_text())
        new = [item(rng, f, 1000 + round_no * 10 + k, round_no) for k in range(3)]
        items[0]["body"] += f" Updated in round {round_no}."
        items = new + items
        path.write_text(json.dumps(items))
        (www / f"feed{f}.xml").write_bytes(render(f, items)[1])
    return len(chosen)


NGINX_CONF = """
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    types {{ application/rss+xml xml; }}
    gzip on; gzip_types application/rss+xml; gzip_min_length 256; gzip_comp_level 5;
    etag on; keepalive_requests 10000;
    client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;
    uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;
    server {{
{listens}
        root {root}/www;
    }}
}}
"""


def start_nginx(root: Path) -> subprocess.Popen:
    (root / "tmp").mkdir(exist_ok=True)
    listens = "\n".join(f"        listen {h}:{PORT};" for h in HOSTS)
    conf = root / "nginx.conf"
    conf.write_text(NGINX_CONF.format(root=root, listens=listens))
    proc = subprocess.Popen(["nginx", "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)
    time.sleep(0.5)
    if proc.poll() is not None:
        raise SystemExit(f"nginx failed: {proc.stderr.read().decode()}")
    return proc


MEASURE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from crisis_tui.cli import main
rc = main(sys.argv[1:])
wall = time.perf_counter() - t0
# The workers are forks of multiprocessing's fork server, which lives until this process exits:
# stop it (and so wait for it) now, so that its CPU time and memory, and its workers', count.
import multiprocessing.forkserver as fs
getattr(fs._forkserver, "_stop", lambda: None)()
s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "cpu": s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime,
                  "peak_mb": s.ru_maxrss / 1024, "worker_peak_mb": c.ru_maxrss / 1024}), file=sys.stderr)
"""


def run_crisis(cfg: Path, db: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", MEASURE, "poll", "--once", "--quiet", "--config", str(cfg), "--db", str(db)],
                          capture_output=True, text=True)
    stats = json.loads(proc.stderr.strip().splitlines()[-1])
    summary = proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else ""
    stats["summary"] = summary
    stats["new"] = int(summary.split("articles: ")[1].split(" new")[0]) if "articles: " in summary else 0
    stats["updated"] = int(summary.split(" new, ")[1].split(" updated")[0]) if " new, " in summary else 0
    return stats


def run_newsboat(urls_file: Path, conf: Path, cache: Path) -> dict:
    t0 = time.perf_counter()
    before = os.times()
    subprocess.run(["newsboat", "-x", "reload", "-u", str(urls_file), "-C", str(conf), "-c", str(cache)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HOME": str(conf.parent)})
    wall = time.perf_counter() - t0
    after = os.times()
    import resource
    return {"wall": wall, "cpu": (after.children_user - before.children_user) + (after.children_system - before.children_system),
            "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def med(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-newsboat", action="store_true")
    ap.add_argument("--concurrency", type=int, default=8)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="farm-", dir=OUT))
    root.chmod(0o755)  # nginx workers run as another user
    print(f"building a farm of {args.feeds} feeds in {root} ...", flush=True)
    urls = build_farm(root, args.feeds)
    n_items = sum(len(json.loads((root / "www" / f"feed{f}.json").read_text())) for f in range(args.feeds))
    print(f"{args.feeds} feeds, {n_items} items, served by nginx on {HOSTS[0]}..{HOSTS[-1]}:{PORT}")
    # Byte-compile the package first, as pip does when it installs one: an editable checkout run
    # with PYTHONDONTWRITEBYTECODE set compiles every module from source at each start (40 ms
    # of a 0.5 s warm round, and the tagger again in the workers' fork server).
    import crisis_tui

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(crisis_tui.__file__).parent)], check=True)
    nginx = start_nginx(root)
    try:
        cfg = root / "feeds.yaml"
        cfg.write_text(
            f"poll: {{interval: 1h, concurrency: {args.concurrency}, per_host: 4, timeout: 20s, deadline: 60s}}\nfeeds:\n"
            + "".join(f"  - {{name: feed{i}, url: '{u}'}}\n" for i, u in enumerate(urls)))
        results: dict[str, list[dict]] = {"cold": [], "warm": [], "changed": []}
        for r in range(args.runs):
            db = root / f"run{r}.db"
            cold = run_crisis(cfg, db)
            results["cold"].append(cold)
            results["warm"].append(run_crisis(cfg, db))
            changed_n = change_feeds(root, 0.10, r)
            results["changed"].append(run_crisis(cfg, db))
            print(f"  run {r + 1}: cold {cold['wall']:.2f}s ({cold['new']} new), warm {results['warm'][-1]['wall']:.2f}s, "
                  f"changed {results['changed'][-1]['wall']:.2f}s ({changed_n} feeds, {results['changed'][-1]['new']} new, "
                  f"{results['changed'][-1]['updated']} updated)", flush=True)
            for p in root.glob(f"run{r}.db*"):
                p.unlink()
        nb: dict[str, list[dict]] = {"cold": [], "warm": []}
        if not args.no_newsboat and shutil.which("newsboat"):
            urls_file = root / "urls"
            urls_file.write_text("\n".join(urls) + "\n")
            conf = root / "newsboat.conf"
            conf.write_text("reload-threads 8\nsuppress-first-reload yes\n")
            for r in range(args.runs):
                cache = root / f"nb{r}.db"
                nb["cold"].append(run_newsboat(urls_file, conf, cache))
                run_newsboat(urls_file, conf, cache)
                nb["warm"].append(run_newsboat(urls_file, conf, cache))
                print(f"  newsboat run {r + 1}: cold {nb['cold'][-1]['wall']:.2f}s, warm {nb['warm'][-1]['wall']:.2f}s", flush=True)
        print()
        print(f"medians of {args.runs} runs ({args.feeds} feeds, {n_items} items, {os.cpu_count()} cores)")
        print(f"{'scenario':<28}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}{'workers MB':>11}{'articles/s':>12}")
        for name, rows in results.items():
            arts = statistics.median(r["new"] + r["updated"] for r in rows)
            wall = med(rows, "wall")
            print(f"{'crisis-tui ' + name:<28}{wall:>8.2f}{med(rows, 'cpu'):>8.2f}{med(rows, 'peak_mb'):>9.0f}"
                  f"{med(rows, 'worker_peak_mb'):>11.0f}{(arts / wall if arts else 0):>12.0f}")
        for name, rows in nb.items():
            if rows:
                print(f"{'newsboat ' + name:<28}{med(rows, 'wall'):>8.2f}{med(rows, 'cpu'):>8.2f}{med(rows, 'peak_mb'):>9.0f}")
        if nb["cold"]:
            print()
            print(f"cold:    newsboat / crisis-tui = {med(nb['cold'], 'wall') / med(results['cold'], 'wall'):.1f}x (goal >= 1.5x)")
            print(f"warm:    newsboat / crisis-tui = {med(nb['warm'], 'wall') / med(results['warm'], 'wall'):.1f}x (goal >= 20x)")
            print(f"changed: newsboat warm / crisis-tui = {med(nb['warm'], 'wall') / med(results['changed'], 'wall'):.1f}x (goal >= 10x)")
        print(f"poller peak memory: {max(r['peak_mb'] for rows in results.values() for r in rows):.0f} MB (goal < 150 MB)")
    finally:
        nginx.send_signal(signal.SIGQUIT)
        nginx.wait(timeout=10)


if __name__ == "__main__":
    main()
