"""The boundary: escape sequences, control characters, bidi and zero-width never get through."""

from __future__ import annotations

import pytest

from crisis_tui.sanitize import canonical_url, clean_line, clean_text, clean_url, html_to_text

HOSTILE = [
    ("red \x1b[31mALERT\x1b[0m", "red ALERT"),
    ("move \x1b[2J\x1b[H cursor", "move cursor"),
    ("clip \x1b]52;c;ZWNobyBwd25lZA==\x07 board", "clip board"),
    ("link \x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\ here", "link click here"),
    ("c1 \x9b31m csi", "c1 csi"),
    ("nul\x00 bel\x07 bs\x08 del\x7f", "nul bel bs del"),
    ("bidi \u202egnp.exe\u202c", "bidi gnp.exe"),
    ("zero\u200bwidth\u200d\ufeff", "zerowidth"),
    ("tabs\tand\u00a0spaces", "tabs and spaces"),
]


@pytest.mark.parametrize("raw, expected", HOSTILE)
def test_clean_line_removes_escapes_and_controls(raw, expected):
    assert clean_line(raw) == expected


def test_clean_text_keeps_paragraphs_and_caps_length():
    assert clean_text("one\r\n\r\n\r\ntwo\u2028three") == "one\n\ntwo\nthree"
    long = clean_line("x" * 20_000, limit=1000)
    assert len(long) == 1000 and long.endswith("…")


def test_markup_is_left_as_text_for_viewers_to_render_literally():
    assert clean_line("[bold red]hi[/] [@click=app.quit]x[/]") == "[bold red]hi[/] [@click=app.quit]x[/]"


def test_html_to_text():
    html = "<p>First &amp; <b>bold</b></p><script>alert(1)</script><ul><li>a</li><li>b</li></ul>"
    assert html_to_text(html) == "First & bold\n\na\n\nb"
    assert html_to_text("plain &lt;text&gt;") == "plain <text>"
    assert html_to_text("<p>\x1b[31mred</p>") == "red"


def test_urls():
    assert clean_url("/a/b?x=1", "http://127.0.0.1:8000/feed.xml") == "http://127.0.0.1:8000/a/b?x=1"
    assert clean_url("javascript:alert(1)") is None
    assert clean_url("file:///etc/passwd") is None
    assert canonical_url("https://WWW.Example.com/story/?utm_source=rss&id=3#top") == "https://example.com/story?id=3"
    assert canonical_url("http://example.com/a/") == canonical_url("https://example.com/a")


def _clean_text_every_pass(value: str, single_line: bool) -> str:
    """clean_text as it was before its shortcut for text with nothing to remove: all passes."""
    import crisis_tui.sanitize as S

    s = S._LINE_SEPS.sub("\n", value)
    s = S._ESCAPES.sub("", s)
    s = s.translate(S._C1_AS_CP1252)
    s = S._CONTROL.sub("", s)
    if single_line:
        return S._SPACES.sub(" ", s.replace("\n", " ").replace("\t", " ")).strip()
    s = "\n".join(S._SPACES.sub(" ", line).strip() for line in s.split("\n"))
    return S._BLANK_LINES.sub("\n\n", s).strip()


from hypothesis import given, settings, strategies as st  # noqa: E402

_TEXTISH = st.text(alphabet=st.one_of(
    st.characters(), st.sampled_from(list("\x1b[]\x07\x9b\x9d\x85\r\n\t \u2028\u202e\u200b\ufeff;0m"))), max_size=80)


@settings(max_examples=400, deadline=None)
@given(_TEXTISH, st.booleans())
def test_the_shortcut_for_clean_text_changes_no_output(value, single_line):
    assert clean_text(value, None, single_line=single_line) == _clean_text_every_pass(value, single_line)
