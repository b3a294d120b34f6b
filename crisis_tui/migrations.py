"""The archive's schema, created and upgraded only through sqlite-utils migrations.

Each migration is applied once, in order, inside a transaction with its record in
`_sqlite_migrations`. Never edit an applied migration: add a new one at the end.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "crisis_tui"
migrations = Migrations(MIGRATION_SET)


@migrations()
def m001_feeds_articles_sightings(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,              -- 'http' or 'file' (a folder or a feed file)
            url TEXT,                        -- current URL (a 301 updates it)
            config_url TEXT,                 -- the URL as written in feeds.yaml
            path TEXT,
            title TEXT,                      -- the feed's own title, when it gives one
            enabled INTEGER NOT NULL DEFAULT 1,
            tags TEXT NOT NULL DEFAULT '[]', -- JSON list
            interval_s REAL,
            status TEXT NOT NULL DEFAULT 'new', -- new | ok | not_modified | error
            last_attempt TEXT,
            last_success TEXT,
            last_error TEXT,                 -- the last failure, in words
            last_warning TEXT,               -- e.g. what feedparser recovered from
            http_status INTEGER,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            etag TEXT,
            last_modified TEXT,
            body_hash TEXT,                  -- sha256 of the last body parsed
            next_poll TEXT,
            items_seen INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            link TEXT,
            canonical_url TEXT UNIQUE,
            author TEXT,
            source TEXT,                     -- outlet name (document header or feed title)
            feed_id INTEGER REFERENCES feeds(id), -- the first feed that carried it
            published TEXT NOT NULL,         -- ISO 8601 UTC; first_seen when the feed gave none
            updated TEXT,
            date_note TEXT,                  -- NULL, 'missing', 'future', 'file mtime'
            summary TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL DEFAULT '',
            language TEXT,
            content_hash TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_changed TEXT NOT NULL,
            labels TEXT NOT NULL DEFAULT '', -- space-separated assigned labels, for filters
            tagger_version TEXT,
            read INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0,
            note TEXT
        );
        CREATE INDEX idx_articles_published ON articles(published);
        CREATE INDEX idx_articles_first_seen ON articles(first_seen);
        CREATE INDEX idx_articles_content_hash ON articles(content_hash);
        CREATE INDEX idx_articles_feed ON articles(feed_id);

        -- Which feeds carried an article, and when. entry_key identifies the entry in its feed.
        CREATE TABLE sightings (
            feed_id INTEGER NOT NULL REFERENCES feeds(id),
            entry_key TEXT NOT NULL,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            PRIMARY KEY (feed_id, entry_key)
        );
        CREATE INDEX idx_sightings_article ON sightings(article_id);
        """
    )
    db["articles"].enable_fts(["title", "summary", "content"], create_triggers=True, tokenize="unicode61 remove_diacritics 2")


@migrations()
def m002_tagging(db: Database) -> None:
    db.executescript(
        """
        -- One row per label the tagger assigned to an article, with its evidence (JSON).
        CREATE TABLE article_labels (
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            score REAL NOT NULL,
            evidence TEXT NOT NULL DEFAULT '[]',
            tagger_version TEXT NOT NULL,
            PRIMARY KEY (article_id, label)
        );
        CREATE INDEX idx_article_labels_label ON article_labels(label);

        -- Reported occurrences clustered across sources: kind + actors + place + time window.
        CREATE TABLE event_clusters (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            cluster_key TEXT NOT NULL UNIQUE,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            n_sources INTEGER NOT NULL DEFAULT 1,
            n_events INTEGER NOT NULL DEFAULT 1
        );

        -- Events: one flat table for contacts, strikes and statements (see the views).
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            cluster_id INTEGER REFERENCES event_clusters(id),
            kind TEXT NOT NULL,              -- contact | strike | statement
            occurred TEXT NOT NULL,          -- the article's published time (UTC)
            created TEXT NOT NULL,           -- when the tagger stored it
            sentence TEXT NOT NULL,
            span_start INTEGER NOT NULL,
            span_end INTEGER NOT NULL,
            phrases TEXT NOT NULL DEFAULT '[]',
            -- contact
            parties TEXT,                    -- JSON list
            people TEXT,                     -- JSON list
            mode TEXT,
            mediator TEXT,
            -- contact and strike
            status TEXT,
            places TEXT,                     -- JSON list
            -- strike
            attacker TEXT,
            target TEXT,
            weapon TEXT,
            killed INTEGER,
            injured INTEGER,
            casualties_text TEXT,
            -- statement
            speaker TEXT,
            role TEXT,
            quote TEXT,
            gist TEXT,
            verb TEXT,
            tagger_version TEXT NOT NULL,
            read INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0,
            note TEXT
        );
        CREATE INDEX idx_events_kind_occurred ON events(kind, occurred);
        CREATE INDEX idx_events_article ON events(article_id);
        CREATE INDEX idx_events_cluster ON events(cluster_id);
        CREATE INDEX idx_events_created ON events(created);
        """
    )


@migrations()
def m003_alerts_and_pollers(db: Database) -> None:
    db.executescript(
        """
        -- One alert per rule and event cluster (or article, for kind: article rules).
        CREATE TABLE alerts (
            id INTEGER PRIMARY KEY,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,          -- info | warning | critical
            kind TEXT NOT NULL,              -- contact | strike | statement | article
            alert_key TEXT NOT NULL,         -- 'cluster:<id>' or 'article:<id>'
            event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
            cluster_id INTEGER REFERENCES event_clusters(id),
            article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
            summary TEXT NOT NULL,
            link TEXT,
            first_source TEXT,
            latest_source TEXT,
            n_sources INTEGER NOT NULL DEFAULT 1,
            created TEXT NOT NULL,
            updated TEXT NOT NULL,
            acked TEXT,                      -- when it was acknowledged (NULL: open)
            acked_by TEXT,
            UNIQUE (rule, alert_key)
        );
        CREATE INDEX idx_alerts_created ON alerts(created);
        CREATE INDEX idx_alerts_open ON alerts(acked, severity);

        -- Who polls this database: a heartbeat row per running poller.
        CREATE TABLE pollers (
            id TEXT PRIMARY KEY,             -- host:pid
            host TEXT NOT NULL,
            pid INTEGER NOT NULL,
            mode TEXT NOT NULL,              -- 'poll' (daemon) or 'dashboard'
            started TEXT NOT NULL,
            heartbeat TEXT NOT NULL,
            round_started TEXT,
            round_finished TEXT
        );

        -- Small key/value facts about the archive (e.g. the last completed round).
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """
    )


@migrations()
def m004_views(db: Database) -> None:
    db.executescript(
        """
        CREATE VIEW contacts AS
            SELECT e.id, e.occurred, e.parties, e.people, e.mode, e.status, e.places, e.mediator,
                   e.sentence, c.n_sources, e.cluster_id, e.article_id, a.title, a.link, a.source,
                   e.read, e.starred, e.note
            FROM events e JOIN articles a ON a.id = e.article_id
            LEFT JOIN event_clusters c ON c.id = e.cluster_id
            WHERE e.kind = 'contact';
        CREATE VIEW strikes AS
            SELECT e.id, e.occurred, e.attacker, e.target, e.places, e.weapon, e.killed, e.injured,
                   e.casualties_text, e.status, e.sentence, c.n_sources, e.cluster_id, e.article_id,
                   a.title, a.link, a.source, e.read, e.starred, e.note
            FROM events e JOIN articles a ON a.id = e.article_id
            LEFT JOIN event_clusters c ON c.id = e.cluster_id
            WHERE e.kind = 'strike';
        CREATE VIEW statements AS
            SELECT e.id, e.occurred, e.speaker, e.role, e.quote, e.gist, e.verb, e.sentence,
                   c.n_sources, e.cluster_id, e.article_id, a.title, a.link, a.source,
                   e.read, e.starred, e.note
            FROM events e JOIN articles a ON a.id = e.article_id
            LEFT JOIN event_clusters c ON c.id = e.cluster_id
            WHERE e.kind = 'statement';
        CREATE VIEW events_with_sources AS
            SELECT e.*, a.title AS article_title, a.link AS article_link, a.source AS article_source,
                   f.name AS feed_name, c.n_sources, c.cluster_key
            FROM events e JOIN articles a ON a.id = e.article_id
            LEFT JOIN feeds f ON f.id = a.feed_id
            LEFT JOIN event_clusters c ON c.id = e.cluster_id;
        CREATE VIEW article_sources AS
            SELECT s.article_id, f.name AS feed_name, f.url AS feed_url, s.first_seen, s.last_seen
            FROM sightings s JOIN feeds f ON f.id = s.feed_id;
        """
    )


@migrations()
def m030_fts_reindex_only_on_text_change(db: Database) -> None:
    # The trigger sqlite-utils made fires on ANY update, so every read/star/note mark re-indexed
    # the article's full text (and "mark all read" re-indexed the whole archive). Re-index only
    # when the indexed columns change.
    db.executescript(
        """
        DROP TRIGGER IF EXISTS articles_au;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, summary, content ON articles BEGIN
          INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)
            VALUES ('delete', old.rowid, old.title, old.summary, old.content);
          INSERT INTO articles_fts (rowid, title, summary, content)
            VALUES (new.rowid, new.title, new.summary, new.content);
        END;
        """
    )


@migrations()
def m020_alert_stories(db: Database) -> None:
    db.executescript(
        """
        -- The story an alert is about (kind + places, else actors), for the rule's cooldown:
        -- a rule fires once per story per cooldown; later matches fold into that alert.
        ALTER TABLE alerts ADD COLUMN story TEXT;
        CREATE INDEX idx_alerts_rule_story ON alerts(rule, story, created);

        -- Every subject (event cluster or article) an alert stands for: its own and the ones
        -- folded into it, so later sources of any of them update that alert and never fire anew.
        CREATE TABLE alert_subjects (
            rule TEXT NOT NULL,
            subject_key TEXT NOT NULL,       -- 'cluster:<id>' or 'article:<id>'
            alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
            cluster_id INTEGER,
            article_id INTEGER,
            PRIMARY KEY (rule, subject_key)
        );
        CREATE INDEX idx_alert_subjects_alert ON alert_subjects(alert_id);
        """
    )


@migrations()
def m005_cluster_sources(db: Database) -> None:
    # The distinct sources of each event cluster, so n_sources grows incrementally at ingest.
    db.executescript(
        """
        CREATE TABLE cluster_sources (
            cluster_id INTEGER NOT NULL REFERENCES event_clusters(id) ON DELETE CASCADE,
            source_key TEXT NOT NULL,        -- 'feed:<feed name>' or 'doc:<outlet>'
            PRIMARY KEY (cluster_id, source_key)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO cluster_sources (cluster_id, source_key)
            SELECT DISTINCT e.cluster_id,
                   CASE WHEN f.kind = 'file' AND a.source IS NOT NULL THEN 'doc:' || a.source ELSE 'feed:' || f.name END
            FROM events e JOIN articles a ON a.id = e.article_id JOIN sightings s ON s.article_id = a.id
            JOIN feeds f ON f.id = s.feed_id WHERE e.cluster_id IS NOT NULL;
        """
    )


@migrations()
def m031_fts_indexed_by_ingest(db: Database) -> None:
    # New articles enter the full-text index in bulk from the ingest path (Ingestor._index_new),
    # not row by row from a trigger: FTS5 flushed a tiny segment per inserted article. The
    # update and delete triggers stay (text changes and pruning are rare, and row by row is right
    # for them). Everything that inserts articles goes through crisis_tui.ingest.
    db.execute("DROP TRIGGER IF EXISTS articles_ai")


@migrations()
def m032_fts_porter_stems(db: Database) -> None:
    # Search matches word forms: "strike" finds "strikes" and "striking", "attack" finds
    # "attacked" (FTS5's porter stemmer over the same unicode61 tokens). The index is rebuilt from
    # the articles once; the triggers that keep it in step with updates and deletes are the same.
    db.executescript(
        """
        DROP TRIGGER IF EXISTS articles_ai;
        DROP TRIGGER IF EXISTS articles_au;
        DROP TRIGGER IF EXISTS articles_ad;
        DROP TABLE IF EXISTS articles_fts;
        CREATE VIRTUAL TABLE articles_fts USING FTS5 (
            title, summary, content,
            tokenize='porter unicode61 remove_diacritics 2',
            content="articles"
        );
        INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
          INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)
            VALUES ('delete', old.rowid, old.title, old.summary, old.content);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, summary, content ON articles BEGIN
          INSERT INTO articles_fts (articles_fts, rowid, title, summary, content)
            VALUES ('delete', old.rowid, old.title, old.summary, old.content);
          INSERT INTO articles_fts (rowid, title, summary, content)
            VALUES (new.rowid, new.title, new.summary, new.content);
        END;
        """
    )


@migrations()
def m033_article_outlet(db: Database) -> None:
    # The outlet an aggregator's item names (Google News: "Headline - Outlet", RSS <source>):
    # each outlet is a source of its own when events are counted, not the aggregator feed.
    db.execute("ALTER TABLE articles ADD COLUMN outlet TEXT")


@migrations()
def m034_sighting_item_hash(db: Database) -> None:
    # The fingerprint of the raw entry a sighting was last stored from (sources.entry.fingerprint):
    # a changed feed's entries that are byte for byte what they were are not normalised again.
    db.execute("ALTER TABLE sightings ADD COLUMN item_hash TEXT")
