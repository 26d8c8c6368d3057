"""QuickSelect renders what Django's template-based Select renders: same attributes, the same
options in order with the same values, labels and selection, everything escaped."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from django import forms

from styringsdialog.lib.widgets import QuickSelect

CHOICES: list[Any] = [
    ("", "– vælg –"),
    ("1", "0151-001 Søndergården"),
    ("2", 'Navn med <tegn> & "citat"'),
    ("Gruppe <a>", [("3", "I gruppen"), ("4", "Også & her")]),
]


class _Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.select: dict[str, str | None] = {}
        self.options: list[tuple[str | None, str, bool, str | None]] = []
        self.group: str | None = None
        self._open: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "select":
            self.select = a
        elif tag == "optgroup":
            self.group = a["label"]
        elif tag == "option":
            self._open = {"value": a.get("value"), "selected": "selected" in a, "text": ""}

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._open is not None:
            o = self._open
            self.options.append((o["value"], o["text"], o["selected"], self.group))
            self._open = None
        elif tag == "optgroup":
            self.group = None


def _parse(html: str) -> _Parsed:
    p = _Parsed()
    p.feed(html)
    return p


def _form(widget: forms.Select, data: dict[str, str] | None = None) -> forms.Form:
    class F(forms.Form):
        department = forms.ChoiceField(label="Afdeling", choices=CHOICES, widget=widget)

    return F(data)


def test_same_markup_as_django_select() -> None:
    for data in (None, {"department": "2"}, {"department": "4"}, {"department": "x"}):
        ours = _parse(str(_form(QuickSelect(attrs={"class": "form-select"}), data)["department"]))
        django = _parse(
            str(_form(forms.Select(attrs={"class": "form-select"}), data)["department"])
        )
        assert ours.select == django.select
        assert ours.options == django.options
        assert ours.select["name"] == "department" and ours.select["id"] == "id_department"


def test_escapes_labels_and_values() -> None:
    html = str(_form(QuickSelect(), {"department": "2"})["department"])
    assert "<tegn>" not in html and "&lt;tegn&gt; &amp; &quot;citat&quot;" in html
    assert 'label="Gruppe &lt;a&gt;"' in html
    assert '<option value="2" selected>' in html
