"""The detail of an article: its text with the evidence highlighted, labels, events, other sources."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from crisis_tui.display import plural
from crisis_tui.tui import cells
from crisis_tui.tui.reading import on_reader_thread, read_in_background
from crisis_tui.tui.widgets.footer import BindingsFooter
from crisis_tui.tui.widgets.pane import row_values
from crisis_tui.views import ArticleDetail


def highlighted_text(detail: ArticleDetail, colours: dict[str, str], event_id: int | None = None) -> Text:
    """The article text with label evidence in the label's colour and event sentences in bold.

    Spans are offsets into title + "\\n\\n" + body; spans that do not fit the text are skipped.
    """
    text = cells.block(detail.text)
    n = len(text)
    for label in detail.labels:
        colour = colours.get(f"cat-{label['label']}")
        for ev in label["evidence"]:
            span = ev.get("span") or []
            if len(span) == 2 and 0 <= span[0] < span[1] <= n:
                text.stylize(Style(underline=True, color=colour), span[0], span[1])
                _phrases(text, detail.text, span[0], span[1], ev.get("phrases") or [])
    for ev in detail.events:
        start, end = ev.get("span_start"), ev.get("span_end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n:
            style = Style(bold=True, reverse=ev["id"] == event_id)
            text.stylize(style, start, end)
            _phrases(text, detail.text, start, end, ev.get("phrases") or [])
    return text


def _phrases(text: Text, raw: str, start: int, end: int, phrases) -> None:
    lowered = raw[start:end].lower()
    for phrase in phrases:
        if not isinstance(phrase, str) or not phrase:
            continue
        at = lowered.find(phrase.lower())
        if at >= 0:
            text.stylize(Style(bold=True, italic=True), start + at, start + at + len(phrase))


def describe_event(ev: dict) -> str:
    """One line for an event in the detail's list."""
    kind = ev["kind"]
    values = row_values(kind, ev)
    if kind == "contact":
        bits = [values["parties"] or cells.join(ev["people"]), values["mode"], values["status"]]
        if ev.get("mediator"):
            bits.append(f"via {cells.clean(ev['mediator'])}")
    elif kind == "strike":
        bits = [values["who"], values["place"] and f"at {values['place']}", values["weapon"], values["cas"]]
    else:
        bits = [values["speaker"], values["role"] and f"({values['role']})", values["quote"]]
    return f"{kind}: " + " · ".join(b for b in bits if b)


class DetailScreen(Screen):
    """Enter on any row: the article behind it."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("backspace", "app.pop_screen", "Back", show=False),
        Binding("o", "open_link", "Open link"),
        Binding("s", "toggle_star", "Star"),
        Binding("r", "toggle_read", "Read"),
        Binding("n", "note", "Note"),
    ]

    @dataclass
    class Loaded(Message):
        detail: ArticleDetail | None

    def __init__(self, article_id: int, *, event_id: int | None = None, before_load=None):
        super().__init__()
        self.article_id = article_id
        self.event_id = event_id
        self.detail: ArticleDetail | None = None
        # a write to finish before the first read (opening marks the row read): in the same
        # worker, so the screen never shows the state from before it
        self._before_load = before_load

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-scroll"):
            yield Static("loading…", id="detail-head", markup=False)
            yield Static(id="detail-labels", markup=False, classes="detail-section")
            yield Static(id="detail-events", markup=False, classes="detail-section")
            yield Static(id="detail-sources", markup=False, classes="detail-section")
            yield Static(id="detail-text", markup=False, classes="detail-section")
        yield BindingsFooter()

    def on_mount(self) -> None:
        self.query_one("#detail-scroll").focus()
        self.load()

    @on_reader_thread(group="detail", exclusive=True)
    def load(self) -> None:
        if self._before_load is not None:
            before, self._before_load = self._before_load, None
            before()
        self.post_message(self.Loaded(self.app.reader.article_detail(self.article_id)))

    def on_detail_screen_loaded(self, message: Loaded) -> None:
        self.detail = message.detail
        if message.detail is None:
            self.query_one("#detail-head", Static).update("This article is no longer in the archive.")
            return
        self.render_detail()

    def render_detail(self) -> None:
        d = self.detail
        a = d.article
        colours = self.app.colours
        head = Text()
        head.append(cells.clean(a["title"]), style=Style(bold=True))
        head.append("\n")
        source = a.get("source") or a.get("feed_title") or a.get("feed_name")
        head.append(cells.clean(source) or "unknown source")
        head.append(" · published ")
        head.append(cells.day_time(a["published"]))
        if a.get("date_note"):
            head.append(f" ({cells.clean(a['date_note'])})", style=Style(italic=True))
        if a.get("author"):
            head.append(" · by ")
            head.append(cells.clean(a["author"]))
        head.append("\n")
        link = cells.safe_link(a.get("link"))
        if link:
            head.append("link: ")
            head.append(link, style=Style(link=link, underline=True))  # OSC 8 in terminals that know it
        elif a.get("link"):
            head.append("source: ")
            head.append(cells.clean(a["link"]))
        else:
            head.append("no link")
        marks = []
        if a.get("starred"):
            marks.append("★ starred")
        marks.append("read" if a.get("read") else "unread")
        if a.get("note"):
            marks.append(f"note: {cells.clean(a['note'])}")
        head.append("\n" + " · ".join(marks), style=Style(dim=True))
        self.query_one("#detail-head", Static).update(head)

        labels = Text()
        labels.append("Labels  ", style=Style(bold=True))
        if not d.labels:
            labels.append("none")
        for i, label in enumerate(d.labels):
            if i:
                labels.append("   ")
            labels.append(cells.BADGES.get(label["label"], label["label"]),
                          style=Style(bold=True, color=colours.get(f"cat-{label['label']}")))
            labels.append(f" {label['label']} {label['score']:.2f}")
            phrases = sorted({p for ev in label["evidence"] for p in (ev.get("phrases") or []) if isinstance(p, str)})
            if phrases:
                labels.append(" (")
                labels.append(cells.clean(", ".join(phrases[:6])), style=Style(italic=True))
                labels.append(")")
        self.query_one("#detail-labels", Static).update(labels)

        events = Text()
        events.append(f"Events ({len(d.events)})", style=Style(bold=True))
        for ev in d.events:
            events.append("\n• ")
            events.append(cells.clean(describe_event(ev)), style=Style(reverse=ev["id"] == self.event_id))
            events.append(f"  [{plural(ev['n_sources'] or 1, 'source')}]", style=Style(dim=True))
        self.query_one("#detail-events", Static).update(events)

        sources = Text()
        sources.append("Carried by  ", style=Style(bold=True))
        sources.append(", ".join(cells.clean(s["feed_title"] or s["feed_name"]) for s in d.carried_by) or "—")
        sources.append("\n")
        sources.append(f"Other sources of the same events ({len(d.other_sources)})", style=Style(bold=True))
        for other in d.other_sources[:20]:
            sources.append("\n• ")
            sources.append(cells.short_time(other["published"]) + "  ")
            sources.append(cells.clean(other["source"]) or "?", style=Style(bold=True))
            sources.append("  ")
            other_link = cells.safe_link(other.get("link"))
            sources.append(cells.clean(other["title"]), style=Style(link=other_link) if other_link else "")
        self.query_one("#detail-sources", Static).update(sources)

        body = Text()
        body.append("Text", style=Style(bold=True))
        body.append("   underlined: label evidence · bold: event sentence\n", style=Style(dim=True))
        body.append_text(highlighted_text(d, colours, self.event_id))
        self.query_one("#detail-text", Static).update(body)

    # -- actions ----------------------------------------------------------------------------------

    def action_open_link(self) -> None:
        """Open the article's link in a browser, or show it."""
        if self.detail is not None:
            self.app.open_link(self.detail.article.get("link"))

    def _write(self, fn) -> None:
        read_in_background(self, fn, group="marks")

    def action_toggle_star(self) -> None:
        """Star or unstar the article."""
        if self.detail is not None:
            a = self.detail.article
            a["starred"] = 0 if a.get("starred") else 1
            self._write(partial(self.app.reader.toggle_star, "articles", a["id"]))
            self.render_detail()

    def action_toggle_read(self) -> None:
        """Mark the article read or unread."""
        if self.detail is not None:
            a = self.detail.article
            a["read"] = 0 if a.get("read") else 1
            self._write(partial(self.app.reader.set_read, "articles", [a["id"]], bool(a["read"])))
            self.render_detail()

    def action_note(self) -> None:
        """Write a note on the article."""
        if self.detail is None:
            return
        from crisis_tui.tui.screens.prompt import Prompt

        a = self.detail.article

        def done(value: str | None) -> None:
            if value is None:
                return
            a["note"] = value.strip() or None
            self._write(partial(self.app.reader.set_note, "articles", a["id"], a["note"]))
            self.render_detail()

        self.app.push_screen(Prompt("Note on the article (empty removes it)", a.get("note") or ""), done)
