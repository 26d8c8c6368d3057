"""lib.pdf_cache: the same HTML and CSS are rendered once; any change renders again."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from styringsdialog.lib.pdf_cache import cached_pdf


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_same_document_is_rendered_once_and_a_change_renders_again():
    calls: list[str] = []

    def render(tag: str):  # type: ignore[no-untyped-def]
        def draw() -> bytes:
            calls.append(tag)
            return f"%PDF {tag}".encode()

        return draw

    assert cached_pdf("<p>a</p>", "p{}", render("1")) == b"%PDF 1"
    assert cached_pdf("<p>a</p>", "p{}", render("2")) == b"%PDF 1"
    assert cached_pdf("<p>b</p>", "p{}", render("3")) == b"%PDF 3"
    assert cached_pdf("<p>a</p>", "p{color:red}", render("4")) == b"%PDF 4"
    assert calls == ["1", "3", "4"]
