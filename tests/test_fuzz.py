"""Fuzzing with hypothesis: no exception escapes, and the outputs keep their invariants.

Over the feed normaliser (`parse_feed` and the sanitiser), the document importer, the tagger, the
alert rule matcher and the search query parser: no control characters in stored text, dates in
ISO 8601 UTC, events with their required fields, and every query the parser accepts is one that
SQLite's FTS5 accepts too. Each test is bounded (`max_examples`) so the file runs in well under
a minute.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hostile_text import ALL, UNSAFE

from crisis_tui import sanitize
from crisis_tui.alerts import Subject, rule_matches
from crisis_tui.config import AlertRule
from crisis_tui.models import CONTACT_MODES, CONTACT_STATUSES, EVENT_KINDS, LABELS, STRIKE_STATUSES, STRIKE_WEAPONS
from crisis_tui.search import QueryError, to_fts_query
from crisis_tui.sources.documents import document_to_article, read_document
from crisis_tui.sources.feed import parse_feed
from crisis_tui.tagger import Tagger

ISO_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
NOW = datetime(2026, 6, 20, 12, 0, tzinfo=timezone.utc)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like news, with hostile characters and markup mixed in.
WORDS = ["Iran", "Israel", "Tehran", "talks", "strike", "missile", "killed", "said", "minister", "Geneva", "UN",
         "ceasefire", "aid", "Gaza", "drone", "hit", "met", "phone", "call", "the", "and", "in", "on", "\x1b[31m",
         "\u202e", "\u200b", "[bold]", "[@click=app.quit]", "&amp;", "<b>", "</p>", "\u009b", "’s", "\"", ".", ",",
         "\n", "1,200", "Khamenei", "Netanyahu", "warned", "Saudi", "Pakistan", "told", "reporters"]
newsy = st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join)
any_text = st.text(max_size=400)
texts = st.one_of(newsy, any_text, st.just(ALL))
DATES = st.one_of(
    st.just(""), st.just("Mon, 16 Jun 2025 10:00:00 GMT"), st.just("2025-06-16T10:00:00+03:00"), st.just("yesterday"),
    st.just("Mon, 16 Jun 9999 10:00:00 GMT"), st.just("Tue, 31 Feb 2025 25:61:00 XYZ"), st.just("0000-00-00"),
    st.text(max_size=30),
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)).map(lambda d: d.strftime("%a, %d %b %Y %H:%M:%S GMT")),
)


def assert_clean(value, where: str) -> None:
    if value is None:
        return
    assert isinstance(value, str), where
    assert not UNSAFE.search(value), f"{where}: {value[:80]!r}"


def assert_article(a, where: str, now: str = "2026-06-20T12:15:00Z") -> None:
    assert a.title and isinstance(a.title, str), where
    assert "\n" not in a.title and len(a.title) <= sanitize.MAX_TITLE, where
    for name in ("title", "summary", "content", "author", "link", "source", "entry_key"):
        assert_clean(getattr(a, name), f"{where}.{name}")
    assert a.link is None or a.link.startswith(("http://", "https://")), a.link
    for name in ("published", "updated"):
        value = getattr(a, name)
        assert value is None or ISO_UTC.match(value), f"{where}.{name}: {value!r}"
    assert a.date_note in (None, "missing", "future", "file mtime"), a.date_note
    if a.published and now:
        assert a.published <= now  # a future date is clamped to now (plus a little slack)


def _item(title, description, date, link, raw: bool) -> str:
    enc = (lambda s: s) if raw else escape
    return (f"<item><title>{enc(title)}</title><link>{enc(link)}</link><pubDate>{enc(date)}</pubDate>"
            f"<description>{enc(description)}</description><author>{enc(title[:20])}</author></item>")


@FAST
@given(items=st.lists(st.tuples(texts, texts, DATES, st.one_of(st.just("http://127.0.0.1/a"), any_text)), max_size=5),
       raw=st.booleans(), atom=st.booleans())
def test_parse_feed_normalises_whatever_the_entries_hold(items, raw, atom):
    if atom:
        body = ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
                + "".join(f"<entry><id>{escape(link)}</id><title type='html'>{escape(t)}</title>"
                          f"<updated>{escape(d)}</updated><link href='{escape(link, {chr(39): '&apos;'})}'/>"
                          f"<content type='html'>{escape(s)}</content></entry>" for t, s, d, link in items)
                + "</feed>")
    else:
        body = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
                + "".join(_item(t, s, d, link, raw) for t, s, d, link in items) + "</channel></rss>")
    parsed = parse_feed(body.encode("utf-8", "surrogatepass"), "http://127.0.0.1/feed", now=NOW)
    assert parsed.error is None or isinstance(parsed.error, str)
    assert_clean(parsed.title, "feed title")
    assert_clean(parsed.error, "feed error")
    assert_clean(parsed.warning, "feed warning")
    for i, a in enumerate(parsed.articles):
        assert_article(a, f"article {i}")


@FAST
@given(body=st.binary(max_size=3000), content_type=st.sampled_from([None, "application/xml", "text/html",
                                                                     "application/rss+xml; charset=koi8-r",
                                                                     "text/xml; charset=bogus"]))
def test_parse_feed_never_raises_on_arbitrary_bytes(body, content_type):
    parsed = parse_feed(body, "http://127.0.0.1/feed", content_type, now=NOW)
    assert (parsed.error is not None) or isinstance(parsed.articles, list)
    for a in parsed.articles:
        assert_article(a, "article")


@settings(max_examples=400, deadline=None)
@given(value=st.one_of(any_text, texts, st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=300)),
       limit=st.integers(min_value=1, max_value=500))
def test_sanitiser_output_is_always_clean(value, limit):
    text = sanitize.clean_text(value, limit)
    line = sanitize.clean_line(value, limit)
    html = sanitize.html_to_text(value, limit)
    for name, out in (("clean_text", text), ("clean_line", line), ("html_to_text", html)):
        assert_clean(out, name)
        assert len(out) <= limit, name
    assert "\n" not in line and "\t" not in line
    assert sanitize.clean_text(text, limit) == text  # cleaning is idempotent
    url = sanitize.clean_url(value, "http://127.0.0.1/base/")
    assert url is None or (url.startswith(("http://", "https://")) and not UNSAFE.search(url))
    canonical = sanitize.canonical_url(url)
    assert canonical is None or canonical.startswith("https://")


@SLOW
@given(raw=texts, suffix=st.sampled_from([".txt", ".md", ".html"]), mtime=st.floats(min_value=0, max_value=4e9))
def test_document_importer_normalises_any_text(raw, suffix, mtime):
    assume(raw.strip())
    a = document_to_article(Path("doc" + suffix), raw, mtime, now=NOW)
    assert_article(a, "document")
    assert a.published and ISO_UTC.match(a.published)


@SLOW
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_reading_any_bytes_gives_an_article_or_a_reason(data, suffix, tmp_path_factory):
    path = tmp_path_factory.mktemp("doc", numbered=True) / ("doc" + suffix)
    path.write_bytes(data)
    article, why = read_document(path)
    assert (article is None) != (why is None)
    if article:
        assert_article(article, "document", now=None)  # dated by the file's mtime, on the real clock
    else:
        assert_clean(why.replace(str(path), ""), "skip message")


TAGGER = Tagger()


@SLOW
@given(text=st.one_of(newsy, any_text, st.lists(newsy, max_size=8).map(". ".join)))
def test_tagger_output_keeps_its_invariants(text):
    tagging = TAGGER.tag(text)
    assert set(tagging.scores) == set(LABELS)
    assert all(0.0 <= s <= 1.0 for s in tagging.scores.values())
    assert set(tagging.label_names) <= set(LABELS)
    for label in tagging.labels:
        for ev in label.evidence:
            assert 0 <= ev.start <= ev.end <= len(text)
    for ev in tagging.events:
        assert ev.kind in EVENT_KINDS
        assert 0 <= ev.start <= ev.end <= len(text), (ev.start, ev.end, len(text))
        assert isinstance(ev.sentence, str) and ev.sentence.strip()
        if ev.kind == "contact":
            # (a contact may name no party: "they met" is kept for its discourse context)
            assert ev.mode is None or ev.mode in CONTACT_MODES, ev.mode
            assert ev.status is None or ev.status in CONTACT_STATUSES, ev.status
        elif ev.kind == "strike":
            assert ev.weapon is None or ev.weapon in STRIKE_WEAPONS, ev.weapon
            assert ev.status is None or ev.status in STRIKE_STATUSES, ev.status
            if ev.casualties:
                assert (ev.casualties.killed or 0) >= 0 and (ev.casualties.injured or 0) >= 0
        else:
            # (a statement may lack a speaker: "told" alone gives one; viewers show "?")
            assert ev.verb or ev.quote or ev.gist, ev
        ev.to_dict()  # the JSON shape can always be built
    tagging.to_dict()


keywords = st.lists(st.one_of(st.sampled_from(["ceasefire | truce", "kill*", "U.S.-Iran", "(", "*", "a|", "[x]", "\\b"]),
                              st.text(max_size=12)), max_size=3).map(tuple)
rules = st.builds(
    AlertRule, name=st.just("r"), kind=st.sampled_from([None, "contact", "strike", "statement", "article"]),
    labels=st.lists(st.sampled_from(LABELS), max_size=2).map(tuple), keywords=keywords, all_keywords=keywords,
    parties=keywords, places=keywords, min_sources=st.integers(1, 4),
    statuses=st.lists(st.sampled_from(CONTACT_STATUSES + STRIKE_STATUSES), max_size=2).map(tuple),
    direct=st.booleans(), min_killed=st.one_of(st.none(), st.integers(1, 100)),
)
subjects = st.builds(
    Subject, kind=st.sampled_from(["contact", "strike", "statement", "article"]), text=texts,
    labels=st.frozensets(st.sampled_from(LABELS)), actors=st.lists(any_text, max_size=3).map(tuple),
    places=st.lists(any_text, max_size=3).map(tuple), status=st.one_of(st.none(), st.sampled_from(CONTACT_STATUSES)),
    mediated=st.booleans(), killed=st.one_of(st.none(), st.integers(-5, 1000)), n_sources=st.integers(0, 10),
)


@settings(max_examples=300, deadline=None)
@given(rule=rules, subject=subjects)
def test_alert_matcher_always_answers_yes_or_no(rule, subject):
    assert rule_matches(rule, subject) in (True, False)


FTS = sqlite3.connect(":memory:")
FTS.execute("CREATE VIRTUAL TABLE t USING fts5(title, summary, content)")
FTS.execute("INSERT INTO t VALUES ('Iran and Israel talks', 'U.S.-Iran: talks', 'NOT a ceasefire (yet)')")

query_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(["Iran", "AND", "OR", "NOT", "(", ")", '"', "*", "talk*", '"cease fire"', "-", ":",
                              "NEAR", "^", "U.S.-Iran:", "title:", "{", "}", "'", "+", "\x1b", "\u202e"]),
             max_size=12).map(" ".join),
)


@settings(max_examples=600, deadline=None)
@given(q=query_text)
def test_every_query_the_parser_accepts_runs_in_fts5(q):
    try:
        match = to_fts_query(q)
    except QueryError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    FTS.execute("SELECT rowid FROM t WHERE t MATCH ?", [match]).fetchall()  # never a syntax error
