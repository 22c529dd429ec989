"""A link to a page counts however the student wrote it, relative, absolute or a full URL."""

from __future__ import annotations

import pytest

from dockgrade.core.page_links import links_to


@pytest.mark.parametrize(
    "anchor",
    [
        '<a href="conteudo.html">',
        "<a href='./conteudo.html'>",
        '<a href="/conteudo.html">',
        "<a href=conteudo.html>",
        '<A HREF="Conteudo.html">',
        '<a class="menu" href="http://localhost:8080/conteudo.html#topo">',
        '<a href=" conteudo.html?v=2">',
    ],
)
def test_a_link_however_written_leads_to_the_page(anchor: str) -> None:
    assert links_to(f"<html><body><p>{anchor}Conteúdo</a></p></body></html>", "/conteudo.html")


@pytest.mark.parametrize(
    "page",
    [
        "<p>conteudo.html</p>",  # named, not linked
        '<a href="sobre.html">conteudo.html</a>',
        '<a href="/paginas/conteudo.html">',
        '<link href="conteudo.html" rel="prefetch">',
        '<a name="conteudo.html">',
    ],
)
def test_anything_else_is_no_link_to_it(page: str) -> None:
    assert not links_to(page, "/conteudo.html")


def test_a_relative_link_follows_the_page_it_is_on() -> None:
    assert links_to('<a href="conteudo.html">', "/site/conteudo.html", page_path="/site/index.html")
    assert not links_to('<a href="conteudo.html">', "/conteudo.html", page_path="/site/index.html")
