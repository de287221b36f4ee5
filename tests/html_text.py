"""What a reader gets of one element of an HTML page (found by id), for the page tests."""

from __future__ import annotations

from html.parser import HTMLParser

# Attributes a screen reader or a phone's card layout reads out with the text.
READ_ATTRIBUTES = ("aria-label", "data-label", "title")


class ElementText(HTMLParser):
    """The text of the element with a given id and everything in it; with `attributes`, also the values of
    its READ_ATTRIBUTES."""

    def __init__(self, element_id: str, attributes: bool = False) -> None:
        super().__init__()
        self.element_id, self.attributes, self.depth = element_id, attributes, 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth or dict(attrs).get("id") == self.element_id:
            self.depth += 1
            if self.attributes:
                self.parts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def element_text(html: str, element_id: str, attributes: bool = False) -> str:
    """The words of one element, spaces squeezed (see ElementText)."""
    parser = ElementText(element_id, attributes)
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
