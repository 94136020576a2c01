"""Rich text → a small, well-formed structure that both the EPUB (XHTML) and the PDF can write.

Wagtail stores rich text in its database format; ``expand_db_html`` turns it into HTML, which is
parsed here against an allowlist (paragraphs, two heading levels, lists, bold, italic, links).
Anything else is dropped, so a book never carries markup the validators or the PDF cannot handle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin

from wagtail.rich_text import RichText, expand_db_html

BLOCK_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "li"}
HEADING_LEVEL = {"h2": "h3", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}


@dataclass
class TextRun:
    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


@dataclass
class TextBlock:
    """A paragraph, heading (``h3``/``h4``) or list item (``ul``/``ol`` with its position)."""

    kind: str
    runs: list[TextRun] = field(default_factory=list)
    list_index: int = 0

    @property
    def plain(self) -> str:
        return "".join(run.text for run in self.runs).strip()


class _RichTextParser(HTMLParser):
    def __init__(self, base_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.blocks: list[TextBlock] = []
        self.current: TextBlock | None = None
        self.bold = 0
        self.italic = 0
        self.href: list[str] = []
        self.lists: list[list] = []  # [kind, counter]

    def _open_block(self, kind: str, list_index: int = 0) -> None:
        self._close_block()
        self.current = TextBlock(kind=kind, list_index=list_index)

    def _close_block(self) -> None:
        if self.current is not None and self.current.plain:
            self.blocks.append(self.current)
        self.current = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self._close_block()
            self.lists.append([tag, 0])
        elif tag == "li":
            kind, index = ("ul", 0)
            if self.lists:
                self.lists[-1][1] += 1
                kind, index = self.lists[-1]
            self._open_block(kind, index)
        elif tag in BLOCK_TAGS:
            self._open_block(HEADING_LEVEL.get(tag, "p"))
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag in ("i", "em"):
            self.italic += 1
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                href = urljoin(self.base_url, href)
            if not href.startswith(("http://", "https://", "mailto:")):
                href = ""
            self.href.append(href)
        elif tag == "br":
            self._text("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._close_block()
            if self.lists:
                self.lists.pop()
        elif tag in BLOCK_TAGS:
            self._close_block()
        elif tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("i", "em"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a" and self.href:
            self.href.pop()

    def handle_data(self, data: str) -> None:
        self._text(data)

    def _text(self, data: str) -> None:
        if not data:
            return
        if self.current is None:
            if not data.strip():
                return
            self.current = TextBlock(kind="p")
        href = next((h for h in reversed(self.href) if h), "")
        self.current.runs.append(
            TextRun(text=data, bold=self.bold > 0, italic=self.italic > 0, href=href)
        )


def parse_rich_text(value: RichText | str, base_url: str) -> list[TextBlock]:
    """The text blocks of a rich-text value; links made absolute against ``base_url``."""
    source = value.source if isinstance(value, RichText) else str(value or "")
    parser = _RichTextParser(base_url)
    parser.feed(expand_db_html(source))
    parser.close()
    parser._close_block()
    return parser.blocks


def runs_to_xhtml(runs: list[TextRun]) -> str:
    """Inline XHTML for a list of runs (escaped, well formed)."""
    out = []
    for run in runs:
        html = escape(run.text, quote=False).replace("\n", "<br/>")
        if run.italic:
            html = f"<em>{html}</em>"
        if run.bold:
            html = f"<strong>{html}</strong>"
        if run.href:
            html = f'<a href="{escape(run.href)}">{html}</a>'
        out.append(html)
    return "".join(out)


def blocks_to_xhtml(blocks: list[TextBlock]) -> str:
    """Block-level XHTML: paragraphs, headings and properly nested (flat) lists."""
    out: list[str] = []
    open_list = ""
    for block in blocks:
        if block.kind in ("ul", "ol"):
            if open_list != block.kind:
                if open_list:
                    out.append(f"</{open_list}>")
                out.append(f"<{block.kind}>")
                open_list = block.kind
            out.append(f"<li>{runs_to_xhtml(block.runs)}</li>")
            continue
        if open_list:
            out.append(f"</{open_list}>")
            open_list = ""
        out.append(f"<{block.kind}>{runs_to_xhtml(block.runs)}</{block.kind}>")
    if open_list:
        out.append(f"</{open_list}>")
    return "\n".join(out)
