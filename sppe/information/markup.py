"""A deliberately small text format for the territory's own texts.

Agents write plain text: a blank line starts a paragraph, lines starting with "- " make
a list, **words** are bold, [text](https://…) is a link (http, https, mailto and tel
only). Everything is escaped first, so no HTML an agent types ever reaches a page.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:|tel:)[^\s)]+)\)")


def _inline(text: str) -> str:
    # `text` is already escaped: the patterns only wrap escaped text in tags.
    text = LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', text)
    return BOLD.sub(r"<strong>\1</strong>", text)


def render(text: str) -> SafeString:
    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    html = []
    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(escape(line[2:].strip()))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append(f"<p>{'<br>'.join(_inline(escape(line)) for line in lines)}</p>")
    return mark_safe("".join(html))  # noqa: S308 - every piece of text was escaped above


def plain(text: str) -> str:
    """The same text without marks, for the PDF guide."""
    text = LINK.sub(lambda m: f"{m.group(1)} ({m.group(2).removeprefix('mailto:')})", text or "")
    return BOLD.sub(r"\1", text)
