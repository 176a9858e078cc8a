"""Wrap long template lines where a line break changes nothing on the page.

A line over 100 characters is broken only between a block-level element's tag (table rows and
cells, list items, summary-list rows, divs, paragraphs, table sections) and another such tag or a
template tag ({% %}), or between the attributes of a tag, so no space ever appears between inline
elements or inside text (long prose stays on one line). Run it
after editing templates: `python scripts/wrap_templates.py [FILE...]`.
"""

import re
import sys
from pathlib import Path

LIMIT = 100
BLOCK = {
    "tr", "td", "th", "thead", "tbody", "tfoot", "table", "caption", "li", "ul", "ol", "div",
    "dl", "dt", "dd", "p", "h1", "h2", "h3", "h4", "h5", "h6", "section", "details", "summary",
    "form", "fieldset", "legend", "nav", "header", "footer", "main", "figure", "figcaption",
    "colgroup", "col", "article", "aside", "hr", "br",
}  # fmt: skip
TOKEN = re.compile(
    r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<(?:[^<>{]|\{[{%#].*?[}%#]\}|\{)*>|[^<{]+|.", re.S
)
TAG_NAME = re.compile(r"</?([a-zA-Z0-9]+)")


def kind(token: str) -> str:
    if token.startswith("{%"):
        return "template"
    match = TAG_NAME.match(token)
    if token.startswith("<") and match and match.group(1).lower() in BLOCK:
        return "block"
    return "other"


def wrap_line(line: str) -> list[str]:
    if len(line) <= LIMIT or re.search(r"<(pre|textarea)\b", line):
        return [line]
    indent = re.match(r"\s*", line).group(0)
    if not _whole(line.strip()):
        return [line]
    tokens = TOKEN.findall(line.strip())
    lines, current = [], ""
    for previous, token in zip([None, *tokens], tokens, strict=False):
        if previous is not None and current:
            left, right = kind(previous), kind(token)
            safe = (left == "block" and right in ("block", "template")) or (
                left == "template" and right == "block"
            )
            if safe:
                lines.append(indent + current)
                current = ""
        current += token
    lines.append(indent + current)
    return lines


# Inside a tag, white space between attributes: a new line there renders exactly as the space did.
PIECE = re.compile(r'"[^"]*"|\'[^\']*\'|\{%.*?%\}|\{\{.*?\}\}|\s+|[^\s"\'{]+|.', re.S)


def _whole(text: str) -> bool:
    """Every tag on the line closes on it, and every quoted value inside a tag too."""
    tags = [t for t in TOKEN.findall(text) if t.startswith("<")]
    if "".join(TOKEN.findall(text)) != text:
        return False
    if any(not t.endswith(">") for t in tags):
        return False
    # Text with a ">" or an attribute in it is the end of a tag that began on an earlier line.
    texts = [t for t in TOKEN.findall(text) if not t.startswith(("<", "{%", "{{", "{#"))]
    if any(">" in t or '="' in t or "='" in t for t in texts):
        return False
    return all(
        "".join(PIECE.findall(t)) == t and all(p not in ('"', "'") for p in PIECE.findall(t))
        for t in tags
    )


def fill(line: str) -> list[str]:
    """A still-long line broken at spaces in text and between attributes, greedily."""
    if len(line) <= LIMIT or re.search(r"<(pre|textarea)\b", line):
        return [line]
    indent = re.match(r"\s*", line).group(0)
    if not _whole(line.strip()):
        return [line]  # a tag or quote that runs on to another line: leave it as it is
    pieces = []  # (text, may break before it)
    for token in TOKEN.findall(line.strip()):
        if token.startswith(("{%", "{{", "{#")):
            pieces.append((token, False))
            continue
        parts = PIECE.findall(token)
        # Only between a tag's attributes here; text that is still too long is broken at its
        # spaces afterwards, by prose().
        in_tag = token.startswith("<")
        for i, part in enumerate(parts):
            if in_tag and part.isspace() and 0 < i < len(parts) - 1:
                pieces.append((" ", True))
            else:
                pieces.append((part, False))
    # Greedy: when a line grows past the limit, break it at its last breakable space.
    lines: list[str] = []
    current: list[tuple[str, bool]] = []
    prefix = indent
    for piece in pieces:
        current.append(piece)
        if len(prefix) + sum(len(t) for t, _ in current) <= LIMIT:
            continue
        spaces = [i for i, (_, breakable) in enumerate(current) if breakable and i > 0]
        if not spaces:
            continue
        cut = spaces[-1]
        lines.append(prefix + "".join(t for t, _ in current[:cut]))
        current = current[cut + 1 :]
        prefix = indent + "  "
    lines.append(prefix + "".join(t for t, _ in current))
    return lines


# Template tags, tags, spaces, words.
WORDS = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<[^<>]*>|\s+|[^\s<{]+|[<{]", re.S)


def prose(line: str) -> list[str]:
    """A line still long because of text, broken at spaces between words (HTML renders a line
    break there exactly as the space it replaces). The end of a tag begun on the line before,
    and a tag left open at the end of the line, stay whole; so do tags and template tags."""
    if len(line) <= LIMIT:
        return [line]
    indent = re.match(r"\s*", line).group(0)
    body = line[len(indent) :]
    head = ""
    first_gt, first_lt = body.find(">"), body.find("<")
    if first_gt != -1 and (first_lt == -1 or first_gt < first_lt):
        head, body = body[: first_gt + 1], body[first_gt + 1 :]
        # A quote or a template tag left open there (a ">" inside "{% if a > b %}"): leave it.
        if head.count('"') % 2 or head.count("{") != head.count("}"):
            return [line]
    tail = ""
    last_lt = body.rfind("<")
    if last_lt != -1 and body.find(">", last_lt) == -1:
        body, tail = body[:last_lt], body[last_lt:]
        if '"' in tail or "'" in tail or "{" in tail:
            return [line]
    toks = WORDS.findall(body)
    if "".join(toks) != body:
        return [line]
    # A tag not closed on the line, or a template tag unbalanced: leave it.
    if any(t in ("<", "{") for t in toks):
        return [line]
    out, cur, prefix = [], head, indent
    for t in toks:
        if t.isspace() and len(prefix) + len(cur) > LIMIT - 20:
            out.append(prefix + cur)
            cur = ""
            continue
        cur += t
    out.append(prefix + cur + tail)
    return out if len(out) > 1 else [line]


VERBATIM = re.compile(r"<(pre|textarea|script)\b")
VERBATIM_END = re.compile(r"</(pre|textarea|script)>")


def main(paths: list[str]) -> None:
    for path in paths or [str(p) for p in Path("templates").rglob("*.html")]:
        file = Path(path)
        text = file.read_text()
        lines = []
        verbatim = False  # inside <pre>, <textarea> or <script>, where a break would show
        for line in text.split("\n"):
            verbatim = verbatim or bool(VERBATIM.search(line))
            if verbatim:
                lines.append(line)
            else:
                for part in wrap_line(line):
                    for filled in fill(part):
                        lines.extend(prose(filled))
            if VERBATIM_END.search(line):
                verbatim = False
        wrapped = "\n".join(lines)
        if wrapped != text:
            file.write_text(wrapped)


if __name__ == "__main__":
    main(sys.argv[1:])
