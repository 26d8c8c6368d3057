"""Minutes text helpers and agenda numbering (no database)."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from styringsdialog.meetings.agenda import build_tree, flatten, sub_letter
from styringsdialog.meetings.text import dehyphenate, reflow, render_minutes


def test_it_joins_words_broken_over_lines():
    assert dehyphenate("for-\ndeler sig") == "fordeler sig"
    assert dehyphenate("for-\n\ndeler") == "fordeler"


def test_it_keeps_real_hyphens():
    assert dehyphenate("LAR-projekter og el-scooter") == "LAR-projekter og el-scooter"


def test_reflow_turns_pdf_lines_into_paragraphs():
    text = "Torben orienterede om Covid-19, der lige nu ligger på et acceptabelt niveau og for-\ndeler sig jævnt.\n\nNy sætning."
    assert (
        reflow(text)
        == "Torben orienterede om Covid-19, der lige nu ligger på et acceptabelt niveau og fordeler sig jævnt.\n\nNy sætning."
    )


def test_render_minutes_escapes_html_and_keeps_paragraphs():
    html = render_minutes('<script>alert("x")</script>\nlinje 2\n\nafsnit 2')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.count("<p>") == 2 and "<br>" in html


@given(st.text())
def test_render_minutes_never_emits_markup_from_input(text):
    html = render_minutes(text)
    stripped = html.replace("<p>", "").replace("</p>", "").replace("<br>", "")
    assert "<" not in stripped and ">" not in stripped


def test_sub_letters():
    assert [sub_letter(i) for i in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "ab"]


def _item(pk, position, parent=None):
    return SimpleNamespace(pk=pk, position=position, parent_id=parent)


def test_numbering_is_computed_from_positions():
    items = [_item(1, 2), _item(2, 1), _item(3, 2, parent=1), _item(4, 1, parent=1), _item(5, 3)]
    labels = [n.label for n in flatten(build_tree(items))]
    assert labels == ["1", "2", "2.a", "2.b", "3"]
    tree = build_tree(items)
    assert [n.item.pk for n in tree] == [2, 1, 5]
    assert [c.item.pk for c in tree[1].children] == [4, 3]
    assert tree[1].children[0].number == "a." and tree[0].number == "1."
    assert tree[0].first and tree[-1].last and not tree[1].first
