"""feeds.yaml -> frozen dataclasses. Every error names the file, the line and the field.

The YAML is composed with PyYAML's SafeLoader (no tag ever constructs an object) and walked node
by node, so that each value keeps its line for the message: `feeds.yaml:14: feeds[3].interval:
'5 minutes' is not a duration like 90s, 5m, 1h`. Unknown keys are errors.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

BUNDLED_CONFIG = "feeds.yaml"
SEVERITIES = ("info", "warning", "critical")
ALERT_KINDS = ("contact", "strike", "statement", "article")


from crisis_tui.errors import ConfigError  # noqa: E402,F401 (raised here; kept light for the CLI)


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$", re.I)
_DURATION_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|kib|mib|gib)?\s*$", re.I)
_SIZE_UNITS = {"b": 1, "kb": 1000, "mb": 1000**2, "gb": 1000**3, "kib": 1024, "mib": 1024**2, "gib": 1024**3}


def parse_duration(value) -> float:
    """'90s', '5m', '1h', '2d' or a number of seconds -> seconds. Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if value < 0:
            raise ValueError(value)
        return float(value)
    m = _DURATION.match(str(value))
    if not m:
        raise ValueError(value)
    return float(m.group(1)) * _DURATION_UNITS[m.group(2).lower()]


def parse_size(value) -> int:
    """'10MB', '512KiB' or a number of bytes -> bytes. Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        if value <= 0:
            raise ValueError(value)
        return value
    m = _SIZE.match(str(value))
    if not m:
        raise ValueError(value)
    n = int(float(m.group(1)) * _SIZE_UNITS[(m.group(2) or "b").lower()])
    if n <= 0:
        raise ValueError(value)
    return n


@dataclass(frozen=True)
class PollSettings:
    interval: float = 600.0  # seconds between polls of one feed
    concurrency: int = 8  # requests in flight at once, all hosts together
    per_host: int = 2  # requests in flight at once to one host
    timeout: float = 15.0  # connect and read timeout
    deadline: float = 60.0  # total time one feed may take, however slowly it trickles
    max_bytes: int = 10_000_000  # body cap, compressed and decompressed
    user_agent: str = "crisis-tui/0.1 (+https://github.com/crisis-tui/crisis-tui)"
    jitter: float = 0.1  # +/- fraction of the interval
    backoff_max: float = 6 * 3600.0  # cap of the exponential back-off after failures
    max_redirects: int = 5
    workers: int = 0  # parser processes; 0 = one per core (at most 4)


@dataclass(frozen=True)
class FeedConfig:
    name: str
    url: str | None = None
    path: Path | None = None
    interval: float | None = None  # None: poll.interval
    enabled: bool = True
    tags: tuple[str, ...] = ()
    line: int | None = None

    @property
    def location(self) -> str:
        return self.url or str(self.path)


@dataclass(frozen=True)
class AlertRule:
    name: str
    severity: str = "warning"
    kind: str | None = None
    labels: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    all_keywords: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    min_sources: int = 1
    cooldown: float = 3600.0
    line: int | None = None
    statuses: tuple[str, ...] = ()  # event status, any of (occurred, planned, reported, claimed...)
    direct: bool = False  # contacts only: not mediated
    min_killed: int | None = None  # strikes: at least this many reported killed


@dataclass(frozen=True)
class DashboardSettings:
    notify_severity: str = "warning"  # toast and bell at or above this
    theme: str = "textual-dark"


@dataclass(frozen=True)
class Settings:
    path: Path  # the file these came from
    poll: PollSettings = field(default_factory=PollSettings)
    feeds: tuple[FeedConfig, ...] = ()
    actors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    places: dict[str, tuple[str, ...]] = field(default_factory=dict)
    alerts: tuple[AlertRule, ...] = ()
    dashboard: DashboardSettings = field(default_factory=DashboardSettings)

    def feed(self, name: str) -> FeedConfig | None:
        return next((f for f in self.feeds if f.name == name), None)


# --------------------------------------------------------------------------------------------
# Locating files


def bundled_config_path() -> Path:
    return Path(str(resources.files("crisis_tui").joinpath(BUNDLED_CONFIG)))


def resolve_config_path(path: str | os.PathLike | None) -> Path:
    """--config PATH, else ./feeds.yaml, else the copy bundled inside the package."""
    if path:
        return Path(path)
    local = Path.cwd() / "feeds.yaml"
    return local if local.is_file() else bundled_config_path()


def resolve_db_path(path: str | os.PathLike | None) -> Path:
    """--db PATH, else $CRISIS_TUI_DB, else crisis.db in the platformdirs user data directory."""
    if path:
        return Path(path)
    env = os.environ.get("CRISIS_TUI_DB")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("crisis-tui", appauthor=False)) / "crisis.db"


# --------------------------------------------------------------------------------------------
# Loading


class _Walker:
    """Turns composed YAML nodes into values, raising ConfigError with file:line:field."""

    def __init__(self, filename: str):
        self.file = filename
        self._scalar = yaml.SafeLoader("")  # only for its scalar constructors
        self._budget = 1_000_000  # values built, at most: nested aliases must not expand without end

    def error(self, node, where: str, message: str) -> ConfigError:
        line = node.start_mark.line + 1 if node is not None else None
        return ConfigError(self.file, line, where, message)

    def value(self, node, where: str):
        """A plain Python value (scalars, lists, dicts) from a node, with only standard tags."""
        self._budget -= 1
        if self._budget < 0:
            raise self.error(node, where, "the YAML expands to too many values (aliases nested in aliases?)")
        if isinstance(node, yaml.ScalarNode):
            if node.tag.startswith("tag:yaml.org,2002:") and node.tag.rsplit(":", 1)[1] in (
                "str", "int", "float", "bool", "null", "timestamp",
            ):
                return self._scalar.construct_object(node, deep=True)
            raise self.error(node, where, f"the YAML tag {node.tag!r} is not allowed here")
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self.error(node, where, f"the YAML tag {node.tag!r} is not allowed here")
            return [self.value(n, f"{where}[{i}]") for i, n in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                raise self.error(node, where, f"the YAML tag {node.tag!r} is not allowed here")
            return {str(self.value(k, where)): self.value(v, f"{where}.{self.value(k, where)}") for k, v in node.value}
        raise self.error(node, where, "unexpected YAML node")

    def mapping(self, node, where: str, allowed: tuple[str, ...] | None = None) -> dict[str, yaml.Node]:
        """The keys of a mapping node -> their value nodes; unknown keys are errors."""
        if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
            return {}
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, where, "expected a mapping of key: value")
        out: dict[str, yaml.Node] = {}
        for knode, vnode in node.value:
            key = self.value(knode, where)
            if not isinstance(key, str):
                raise self.error(knode, where, f"{key!r} is not a valid key")
            if allowed is not None and key not in allowed:
                hint = _closest(key, allowed)
                raise self.error(
                    knode, f"{where}.{key}" if where else key,
                    f"unknown key{hint}; expected one of: {', '.join(allowed)}",
                )
            if key in out:
                raise self.error(knode, f"{where}.{key}" if where else key, "given twice")
            out[key] = vnode
        return out

    def sequence(self, node, where: str) -> list[yaml.Node]:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
            return []
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, where, "expected a list")
        return list(node.value)

    # typed scalars

    def string(self, node, where: str, *, empty_ok: bool = False) -> str:
        v = self.value(node, where)
        if not isinstance(v, str) or (not empty_ok and not v.strip()):
            raise self.error(node, where, f"{v!r} is not a non-empty string")
        return v.strip()

    def duration(self, node, where: str) -> float:
        v = self.value(node, where)
        try:
            return parse_duration(v)
        except ValueError:
            raise self.error(node, where, f"{v!r} is not a duration like 90s, 5m, 1h") from None

    def size(self, node, where: str) -> int:
        v = self.value(node, where)
        try:
            return parse_size(v)
        except ValueError:
            raise self.error(node, where, f"{v!r} is not a size like 500KB, 10MB") from None

    def integer(self, node, where: str, minimum: int = 0) -> int:
        v = self.value(node, where)
        if isinstance(v, bool) or not isinstance(v, int) or v < minimum:
            raise self.error(node, where, f"{v!r} is not a whole number >= {minimum}")
        return v

    def number(self, node, where: str, lo: float, hi: float) -> float:
        v = self.value(node, where)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
            raise self.error(node, where, f"{v!r} is not a number between {lo} and {hi}")
        return float(v)

    def boolean(self, node, where: str) -> bool:
        v = self.value(node, where)
        if not isinstance(v, bool):
            raise self.error(node, where, f"{v!r} is not true or false")
        return v

    def choice(self, node, where: str, choices: tuple[str, ...]) -> str:
        v = self.value(node, where)
        if v not in choices:
            raise self.error(node, where, f"{v!r} is not one of: {', '.join(choices)}")
        return v

    def strings(self, node, where: str, choices: tuple[str, ...] | None = None) -> tuple[str, ...]:
        """A list of strings; a single string is accepted as a list of one."""
        if isinstance(node, yaml.ScalarNode):
            items = [node]
        else:
            items = self.sequence(node, where)
        out = []
        for i, n in enumerate(items):
            w = f"{where}[{i}]" if not isinstance(node, yaml.ScalarNode) else where
            s = self.choice(n, w, choices) if choices else self.string(n, w)
            out.append(s)
        return tuple(out)


def _closest(key: str, allowed: tuple[str, ...]) -> str:
    import difflib

    near = difflib.get_close_matches(key, allowed, n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


_TOP_KEYS = ("poll", "feeds", "actors", "places", "alerts", "dashboard")
_POLL_KEYS = (
    "interval", "concurrency", "per_host", "timeout", "deadline", "max_bytes", "user_agent",
    "jitter", "backoff_max", "max_redirects", "workers",
)
_FEED_KEYS = ("name", "url", "path", "interval", "enabled", "tags")
_ALERT_KEYS = (
    "name", "severity", "kind", "labels", "keywords", "all_keywords", "parties", "places",
    "min_sources", "cooldown", "statuses", "direct", "min_killed",
)
_DASHBOARD_KEYS = ("notify_severity", "theme")


def load_settings(path: str | os.PathLike | None = None) -> Settings:
    """Load and validate a feeds.yaml (see `resolve_config_path`). Raises ConfigError."""
    cfg_path = resolve_config_path(path)
    shown = str(path) if path else (cfg_path.name if cfg_path.parent == Path.cwd() else str(cfg_path))
    try:
        text = cfg_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(shown, None, "", "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(shown, None, "", f"cannot be read: {exc}") from None
    return parse_settings(text, cfg_path, shown)


def parse_settings(text: str, cfg_path: Path, shown: str | None = None) -> Settings:
    shown = shown or str(cfg_path)
    w = _Walker(shown)
    try:
        # libyaml's composer when PyYAML has it (10x faster on a 1,000-feed file); same nodes
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(shown, line, "", f"not valid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(shown, None, "", f"not valid YAML: {exc}") from None
    _refuse_tags(w, root, "")
    top = w.mapping(root, "", _TOP_KEYS)
    base = cfg_path.parent

    poll = PollSettings()
    if "poll" in top:
        p = w.mapping(top["poll"], "poll", _POLL_KEYS)
        kw = {}
        for key in ("interval", "timeout", "deadline", "backoff_max"):
            if key in p:
                kw[key] = w.duration(p[key], f"poll.{key}")
                if kw[key] <= 0:
                    raise w.error(p[key], f"poll.{key}", "must be more than zero")
        for key in ("concurrency", "per_host"):
            if key in p:
                kw[key] = w.integer(p[key], f"poll.{key}", minimum=1)
        for key in ("max_redirects", "workers"):
            if key in p:
                kw[key] = w.integer(p[key], f"poll.{key}", minimum=0)
        if "max_bytes" in p:
            kw["max_bytes"] = w.size(p["max_bytes"], "poll.max_bytes")
        if "user_agent" in p:
            kw["user_agent"] = w.string(p["user_agent"], "poll.user_agent")
        if "jitter" in p:
            kw["jitter"] = w.number(p["jitter"], "poll.jitter", 0.0, 0.5)
        poll = PollSettings(**kw)

    feeds: list[FeedConfig] = []
    seen: dict[str, int] = {}
    for i, fnode in enumerate(w.sequence(top.get("feeds"), "feeds")):
        where = f"feeds[{i}]"
        f = w.mapping(fnode, where, _FEED_KEYS)
        if "name" not in f:
            raise w.error(fnode, where, "a feed needs a name")
        name = w.string(f["name"], f"{where}.name")
        if name in seen:
            raise w.error(f["name"], f"{where}.name", f"{name!r} is already the name of feeds[{seen[name]}]")
        seen[name] = i
        if ("url" in f) == ("path" in f):
            raise w.error(fnode, where, "a feed needs exactly one of url or path")
        url = path = None
        if "url" in f:
            url = w.string(f["url"], f"{where}.url")
            if not re.match(r"^https?://[^\s/]+", url, re.I):
                raise w.error(f["url"], f"{where}.url", f"{url!r} is not an http:// or https:// URL")
        else:
            raw = w.string(f["path"], f"{where}.path")
            path = Path(os.path.expanduser(raw))
            if not path.is_absolute():
                path = (base / path).resolve()
        interval = w.duration(f["interval"], f"{where}.interval") if "interval" in f else None
        if interval is not None and interval <= 0:
            raise w.error(f["interval"], f"{where}.interval", "must be more than zero")
        enabled = w.boolean(f["enabled"], f"{where}.enabled") if "enabled" in f else True
        tags = w.strings(f["tags"], f"{where}.tags") if "tags" in f else ()
        feeds.append(FeedConfig(name, url, path, interval, enabled, tags, fnode.start_mark.line + 1))

    actors = _gazetteer(w, top.get("actors"), "actors")
    places = _gazetteer(w, top.get("places"), "places")

    alerts: list[AlertRule] = []
    names: set[str] = set()
    for i, anode in enumerate(w.sequence(top.get("alerts"), "alerts")):
        where = f"alerts[{i}]"
        a = w.mapping(anode, where, _ALERT_KEYS)
        if "name" not in a:
            raise w.error(anode, where, "a rule needs a name")
        name = w.string(a["name"], f"{where}.name")
        if name in names:
            raise w.error(a["name"], f"{where}.name", f"{name!r} is already the name of another rule")
        names.add(name)
        from crisis_tui.models import LABELS

        kw = dict(name=name, line=anode.start_mark.line + 1)
        if "severity" in a:
            kw["severity"] = w.choice(a["severity"], f"{where}.severity", SEVERITIES)
        if "kind" in a:
            kw["kind"] = w.choice(a["kind"], f"{where}.kind", ALERT_KINDS)
        if "labels" in a:
            kw["labels"] = w.strings(a["labels"], f"{where}.labels", LABELS)
        for key in ("keywords", "all_keywords", "parties", "places"):
            if key in a:
                kw[key] = w.strings(a[key], f"{where}.{key}")
        if "min_sources" in a:
            kw["min_sources"] = w.integer(a["min_sources"], f"{where}.min_sources", minimum=1)
        if "cooldown" in a:
            kw["cooldown"] = w.duration(a["cooldown"], f"{where}.cooldown")
        if "statuses" in a:
            from crisis_tui.models import CONTACT_STATUSES, STRIKE_STATUSES

            kw["statuses"] = w.strings(a["statuses"], f"{where}.statuses",
                                       tuple(dict.fromkeys(CONTACT_STATUSES + STRIKE_STATUSES)))
        if "direct" in a:
            kw["direct"] = w.boolean(a["direct"], f"{where}.direct")
            if kw["direct"] and kw.get("kind") != "contact":
                raise w.error(a["direct"], f"{where}.direct", "only a kind: contact rule can ask for a direct contact")
        if "min_killed" in a:
            kw["min_killed"] = w.integer(a["min_killed"], f"{where}.min_killed", minimum=1)
            if kw.get("kind") != "strike":
                raise w.error(a["min_killed"], f"{where}.min_killed", "only a kind: strike rule has a count of killed")
        if len(kw) == 2 or set(kw) <= {"name", "line", "severity", "min_sources", "cooldown"}:
            raise w.error(anode, where, "a rule needs at least one condition (kind, labels, keywords, all_keywords, parties, places)")
        alerts.append(AlertRule(**kw))

    dashboard = DashboardSettings()
    if "dashboard" in top:
        d = w.mapping(top["dashboard"], "dashboard", _DASHBOARD_KEYS)
        kw = {}
        if "notify_severity" in d:
            kw["notify_severity"] = w.choice(d["notify_severity"], "dashboard.notify_severity", SEVERITIES)
        if "theme" in d:
            kw["theme"] = w.string(d["theme"], "dashboard.theme")
        dashboard = DashboardSettings(**kw)

    return Settings(cfg_path, poll, tuple(feeds), actors, places, tuple(alerts), dashboard)


_SAFE_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


def _refuse_tags(w: _Walker, node, where: str, seen: set[int] | None = None) -> None:
    """Only plain YAML: a tag such as !!python/object is an error wherever it appears."""
    if node is None:
        return
    # Aliases share nodes: visit each once, so nested anchors (a "billion laughs") stay linear.
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if node.tag not in _SAFE_TAGS:
        raise w.error(node, where or "(document)", f"the YAML tag {node.tag!r} is not allowed (plain YAML only)")
    if isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _refuse_tags(w, child, f"{where}[{i}]", seen)
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            _refuse_tags(w, k, where, seen)
            _refuse_tags(w, v, f"{where}.{k.value}" if where else str(k.value), seen)


def _gazetteer(w: _Walker, node, where: str) -> dict[str, tuple[str, ...]]:
    """`{Canonical: [alias, ...]}` or `[Canonical, ...]` -> {canonical: aliases}."""
    if node is None:
        return {}
    if isinstance(node, yaml.SequenceNode):
        return {w.string(n, f"{where}[{i}]"): () for i, n in enumerate(node.value)}
    out = {}
    for key, vnode in w.mapping(node, where).items():
        if isinstance(vnode, yaml.ScalarNode) and vnode.value in ("", "~", "null"):
            out[key] = ()
        else:
            out[key] = w.strings(vnode, f"{where}.{key}")
    return out
