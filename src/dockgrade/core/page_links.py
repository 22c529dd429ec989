"""The links of a page the grader fetched, resolved as a browser would resolve them."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def links_to(page: str, path: str, page_path: str = "/") -> bool:
    """True when an ``<a href>`` of ``page`` (served at ``page_path``) leads to ``path``, however it is written:
    ``conteudo.html``, ``./conteudo.html``, ``/conteudo.html`` or a full URL (its host is the student's
    machine, not ours, so only the path counts). Case is ignored, as students' links are checked leniently."""
    anchors = _Anchors()
    anchors.feed(page)
    base = f"http://site{page_path}"
    wanted = path.lower()
    return any(urlsplit(urljoin(base, href.strip())).path.lower() == wanted for href in anchors.hrefs)
