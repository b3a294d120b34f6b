"""The Markdown situation report (`crisis-tui export --format md`): what happened in a period.

Sections: headline counts per category and per day; contacts as a chronology per pair of parties;
strikes with the lowest and highest casualty figures reported (each with its source); key
statements; alerts fired; feeds that were failing. One line per item so it reads in a terminal
and pastes into a report.

All text from feeds passes through `md`: control and escape characters removed, one line, and
every character Markdown gives meaning to escaped, so a hostile title cannot add a heading, a
link, an image or a table cell. Links are only the archive's own http(s) URLs, percent-encoded
where Markdown would stop reading them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timezone
from typing import TextIO

from crisis_tui.display import plural
from crisis_tui.models import EVENT_KINDS, LABELS
from crisis_tui.sanitize import clean_line
from crisis_tui.search import parse_since, parse_until

# Characters with a meaning somewhere in CommonMark/GFM inline or block syntax.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$^])")
# At the start of a line (or list item), these begin a list, a heading underline or a quote.
_MD_LINE_START = re.compile(r"^(\d+)([.)])|^([-=+>])")
KEY_STATEMENTS = 20
MAX_LINKS = 5  # report links shown per event
MAX_DAYS = 31  # rows of the per-day table (the latest days)
MAX_QUOTE = 300


def md(value, limit: int = 500) -> str:
    """Untrusted text as one safe line of Markdown text (escaped, never markup)."""
    s = clean_line(value, limit)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", s)


def md_link(text, url: str | None) -> str:
    """[text](url) for an http(s) URL from the archive; the bare escaped text otherwise."""
    label = md(text, 120) or "link"
    if not url or not re.match(r"^https?://", url):
        return label
    safe_url = clean_line(url, 2000)
    for ch, enc in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), ("[", "%5B"),
                    ("]", "%5D"), ("\\", "%5C"), ("`", "%60"), ('"', "%22")):
        safe_url = safe_url.replace(ch, enc)
    return f"[{label}]({safe_url})"


def _day(ts: str | None) -> str:
    return (ts or "")[:10]


def _when(ts: str | None) -> str:
    return (ts or "")[:16].replace("T", " ")


# --------------------------------------------------------------------------------------------


def _period(db, since, until) -> tuple[str | None, str | None]:
    return (parse_since(since) if since else None, parse_until(until) if until else None)


def write_report(db, out: TextIO, *, kind=None, label=None, source=None, since=None, until=None,
                 starred=None, query=None, title: str | None = None, now: datetime | None = None) -> int:
    """Write the situation report to `out`; returns the number of events reported on."""
    from crisis_tui.export import select_articles, select_events

    now = now or datetime.now(timezone.utc)
    lo, hi = _period(db, since, until)
    filters = dict(label=label, source=source, since=since, until=until, starred=starred, query=query)
    articles = list(select_articles(db, **filters))
    kinds = EVENT_KINDS if kind in (None, "events") else (kind,)
    events = [e for e in select_events(db, **filters) if e["kind"] in kinds]

    days = sorted({_day(a["published"]) for a in articles} | {_day(e["occurred"]) for e in events})
    span = (f"{lo[:10] if lo else days[0]} to {hi[:10] if hi else days[-1]}" if days
            else f"{(lo or '')[:10] or 'the start'} to {(hi or '')[:10] or 'now'}")
    w = out.write
    w(f"# {md(title) if title else 'Situation report'}: {span}\n\n")
    w(f"Generated {now.strftime('%Y-%m-%d %H:%M')} UTC from the crisis-tui archive. ")
    outlets = {a["source"] or a["feed_name"] for a in articles if a["source"] or a["feed_name"]}
    w(f"{plural(len(articles), 'article')} from {plural(len(outlets), 'source')}")
    applied = [f"{k} {v}" for k, v in (("label", label), ("source", source), ("kind", kind), ("search", query)) if v]
    if starred:
        applied.append("starred only")
    w(f" ({md('; '.join(applied))})" if applied else "")
    w(".\n\n")

    _headline(w, articles, events, days)
    if "contact" in kinds:
        _contacts(w, [e for e in events if e["kind"] == "contact"])
    if "strike" in kinds:
        _strikes(w, [e for e in events if e["kind"] == "strike"])
    if "statement" in kinds:
        _statements(w, [e for e in events if e["kind"] == "statement"])
    _alerts(w, db, lo, hi)
    _failing_feeds(w, db)
    return len(events)


def _headline(w, articles, events, days) -> None:
    w("## Headline counts\n\n")
    per_label = {lb: sum(1 for a in articles if lb in a["labels"]) for lb in LABELS}
    clusters = {k: len({e["cluster_id"] or -e["id"] for e in events if e["kind"] == k}) for k in EVENT_KINDS}
    reports = {k: sum(1 for e in events if e["kind"] == k) for k in EVENT_KINDS}
    w("| category | count |\n|---|---:|\n")
    w(f"| articles | {len(articles)} |\n")
    for lb in LABELS:
        w(f"| {lb} articles | {per_label[lb]} |\n")
    for k in EVENT_KINDS:
        w(f"| {k}s (distinct) | {clusters[k]} |\n")
        w(f"| {k} reports | {reports[k]} |\n")
    w("\n")
    if not days:
        return
    if len(days) > MAX_DAYS:
        w(f"Per day (the latest {MAX_DAYS} of {len(days)} days with news):\n\n")
        days = days[-MAX_DAYS:]
    else:
        w("Per day:\n\n")
    w("| day | articles | " + " | ".join(LABELS) + " | contacts | strikes | statements |\n")
    w("|---|" + "---:|" * (4 + len(LABELS)) + "\n")
    by_day_a = defaultdict(list)
    for a in articles:
        by_day_a[_day(a["published"])].append(a)
    by_day_e = defaultdict(list)
    for e in events:
        by_day_e[_day(e["occurred"])].append(e)
    for day in days:
        arts, evs = by_day_a[day], by_day_e[day]
        cells = [str(len(arts))] + [str(sum(1 for a in arts if lb in a["labels"])) for lb in LABELS]
        cells += [str(sum(1 for e in evs if e["kind"] == k)) for k in EVENT_KINDS]
        w(f"| {day} | " + " | ".join(cells) + " |\n")
    w("\n")


def _group_by_cluster(events) -> list[list[dict]]:
    groups: dict = defaultdict(list)
    for e in events:
        groups[e["cluster_id"] if e["cluster_id"] is not None else f"e{e['id']}"].append(e)
    return sorted(groups.values(), key=lambda g: (g[0]["occurred"], g[0]["id"]))


def _sources_line(group: list[dict]) -> str:
    first = group[0]
    links = []
    seen = set()
    for e in group:
        key = e["article_link"] or e["article_id"]
        if key in seen:
            continue
        seen.add(key)
        links.append(md_link(e["article_source"] or e["feed_name"] or e["article_title"], e["article_link"]))
    n = max(first["n_sources"] or 1, len(first["sources"]))
    shown = ", ".join(links[:MAX_LINKS]) + (f", and {len(links) - MAX_LINKS} more" if len(links) > MAX_LINKS else "")
    return f"{plural(n, 'source')}, {plural(len(links), 'report')}: {shown}"


def _contacts(w, events) -> None:
    w("## Contacts\n\n")
    if not events:
        w("No contacts reported.\n\n")
        return
    pairs: dict[str, list[list[dict]]] = defaultdict(list)
    for group in _group_by_cluster(events):
        e = group[0]
        parties = sorted(set(e["parties"])) or sorted(set(e["people"])) or ["unnamed parties"]
        pairs[" – ".join(md(p, 80) for p in parties)].append(group)
    for pair in sorted(pairs, key=lambda p: (-len(pairs[p]), p)):
        w(f"### {pair}\n\n")
        for group in pairs[pair]:
            e = group[0]
            bits = [_when(e["occurred"]), md(e["mode"] or "contact"), md(e["status"] or "reported")]
            if e["mediator"]:
                bits.append(f"mediator {md(e['mediator'])}")
            if e["people"]:
                bits.append("with " + ", ".join(md(p, 80) for p in e["people"]))
            if e["places"]:
                bits.append("in " + ", ".join(md(p, 80) for p in e["places"]))
            w(f"- {' · '.join(bits)}; {_sources_line(group)}\n")
        w("\n")


def _extreme(group, field: str):
    """(lowest, highest) reports of a casualty figure in a cluster: (value, source markdown) each."""
    reports = [(e[field], md_link(e["article_source"] or e["feed_name"] or "source", e["article_link"]))
               for e in group if e[field] is not None]
    if not reports:
        return None
    return min(reports, key=lambda r: r[0]), max(reports, key=lambda r: r[0])


def _strikes(w, events) -> None:
    w("## Strikes\n\n")
    if not events:
        w("No strikes reported.\n\n")
        return
    for group in _group_by_cluster(events):
        e = group[0]
        places = sorted({p for g in group for p in g["places"]})
        head = f"{md(e['attacker'] or 'unknown attacker')} → {md(e['target'] or 'unknown target')}"
        bits = [_when(e["occurred"]), head]
        if places:
            bits.append("in " + ", ".join(md(p, 80) for p in places))
        weapon = next((g["weapon"] for g in group if g["weapon"] and g["weapon"] != "unknown"), e["weapon"])
        if weapon:
            bits.append(md(weapon))
        status = e["status"]
        if status and status != "reported":
            bits.append(md(status))
        w(f"- **{' · '.join(bits)}**\n")
        figures = []
        for field in ("killed", "injured"):
            ext = _extreme(group, field)
            if ext is None:
                continue
            (lo, lo_src), (hi, hi_src) = ext
            if lo == hi:
                figures.append(f"{field} {lo} ({lo_src})")
            else:
                figures.append(f"{field} {lo} (lowest, {lo_src}) to {hi} (highest, {hi_src})")
        if not figures:
            text = next((g["casualties_text"] for g in group if g["casualties_text"]), None)
            if text:
                figures.append(f"casualties: {md(text, 200)}")
        if figures:
            w(f"  - {'; '.join(figures)}\n")
        w(f"  - {_sources_line(group)}\n")
    w("\n")


def _statements(w, events) -> None:
    w("## Key statements\n\n")
    if not events:
        w("No statements reported.\n\n")
        return
    groups = _group_by_cluster(events)
    # Key: starred first, then the most widely reported, then the latest.
    groups.sort(key=lambda g: g[0]["occurred"] or "", reverse=True)
    groups.sort(key=lambda g: (not any(e["starred"] for e in g), -max(g[0]["n_sources"] or 1, len(g[0]["sources"])),
                               not g[0]["quote"]))
    shown = sorted(groups[:KEY_STATEMENTS], key=lambda g: (g[0]["occurred"], g[0]["id"]))
    for group in shown:
        e = group[0]
        who = md(e["speaker"] or "unnamed speaker", 120)
        if e["role"]:
            who += f" ({md(e['role'], 120)})"
        said = e["quote"] or e["gist"] or e["sentence"]
        quoted = f"“{md(said, MAX_QUOTE)}”" if e["quote"] else md(said, MAX_QUOTE)
        w(f"- {_when(e['occurred'])} · **{who}**: {quoted}; {_sources_line(group)}\n")
    if len(groups) > KEY_STATEMENTS:
        w(f"\n{len(groups) - KEY_STATEMENTS} more statements are in the archive (`crisis-tui export --kind statement`).\n")
    w("\n")


def _alerts(w, db, lo, hi) -> None:
    w("## Alerts fired\n\n")
    where, params = [], []
    if lo:
        where.append("created >= ?")
        params.append(lo)
    if hi:
        where.append("created <= ?")
        params.append(hi)
    rows = list(db.query("SELECT * FROM alerts" + (" WHERE " + " AND ".join(where) if where else "")
                         + " ORDER BY created, id", params))
    if not rows:
        w("No alerts fired.\n\n")
        return
    for r in rows:
        state = f"acknowledged {_when(r['acked'])}" if r["acked"] else "open"
        first = f", first reported by {md(r['first_source'], 80)}" if r["first_source"] else ""
        link = f" · {md_link('first report', r['link'])}" if r["link"] else ""
        w(f"- {_when(r['created'])} · **{md(r['severity'])}** · {md(r['rule'], 120)}: {md(r['summary'], 300)} "
          f"({plural(r['n_sources'], 'source')}{first}, {state}){link}\n")
    w("\n")


def _failing_feeds(w, db) -> None:
    w("## Feeds failing\n\n")
    rows = list(db.query("SELECT * FROM feeds WHERE enabled = 1 AND status = 'error' ORDER BY name"))
    if not rows:
        w("No feed was failing.\n")
        return
    for r in rows:
        since = f"last success {_when(r['last_success'])}" if r["last_success"] else "never succeeded"
        w(f"- **{md(r['name'], 120)}**: {md(r['last_error'] or 'failed', 300)} "
          f"({plural(r['consecutive_failures'], 'failure')} in a row, {since})\n")


def report_text(db, **filters) -> str:
    """The report as a string (for tests and the dashboard's preview)."""
    import io

    buf = io.StringIO()
    write_report(db, buf, **filters)
    return buf.getvalue()

