"""Plain text from the issue's rich text, for the e-mail's text part and the magazine's copy.

Paragraphs become blank-line separated blocks, list items lines starting with a dash, and a link
keeps its address in brackets after its words (a reader of plain text cannot click it).
"""

import re
from html import unescape
from html.parser import HTMLParser

WHITESPACE = re.compile(r"\s+")
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote"}


class _TextWriter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.current = []
        self.lists = []
        self.href = None

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS or tag == "li":
            self.flush()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li" and self.lists:
            self.lists[-1][1] += 1
            kind, count = self.lists[-1]
            self.current.append("– " if kind == "ul" else f"{count}. ")
        elif tag == "br":
            self.current.append("\n")
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag == "a" and self.href:
            words = "".join(self.current).rsplit("\n", 1)[-1]
            if self.href.startswith(("http://", "https://")) and self.href not in words:
                self.current.append(f" ({self.href})")
            self.href = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.flush()
        elif tag in BLOCK_TAGS or tag == "li":
            self.flush(list_item=tag == "li")

    def handle_data(self, data):
        self.current.append(WHITESPACE.sub(" ", data))

    def flush(self, list_item=False):
        lines = "".join(self.current).split("\n")
        text = "\n".join(WHITESPACE.sub(" ", line).strip() for line in lines).strip()
        if text:
            if list_item and self.blocks and self.blocks[-1][1]:
                self.blocks[-1] = (self.blocks[-1][0] + "\n" + text, True)
            else:
                self.blocks.append((text, list_item))
        self.current = []


def html_to_text(html):
    """``html`` as plain text that reads well: paragraphs, list items, links written out."""
    writer = _TextWriter()
    writer.feed(unescape(html) if "<" not in html else html)
    writer.close()
    writer.flush()
    return "\n\n".join(text for text, _is_list in writer.blocks)


def tidy(text):
    """A rendered plain-text template without trailing spaces or runs of blank lines."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


# A sentence ends with . ! ? or …, maybe followed by a closing quote or bracket, then a space or
# the end of the text; a line (a list item, a paragraph) ends too.
SENTENCE_END = re.compile(r"[.!?…](?:[ \u00a0\u202f]?[»\"”’)])*(?=\s|$)|(?<=\S)(?=\n)")
# Words whose full stop does not end a sentence: "M. Martin", "Mme Durand", "cf. page 4".
ABBREVIATIONS = {"m", "mm", "mme", "mmes", "mlle", "dr", "pr", "st", "ste", "cf", "p", "av", "bd"}


def sentence_ends(text):
    """Where ``text`` may be cut without cutting a sentence: the offsets just after each
    sentence or line, the end of the text excluded (nothing is cut there)."""
    ends = set()
    for match in SENTENCE_END.finditer(text):
        word = text[: match.start()].rsplit(None, 1)[-1] if text[: match.start()].strip() else ""
        if match.group().startswith(".") and word.lower() in ABBREVIATIONS:
            continue
        if match.end() < len(text.rstrip()):
            ends.add(match.end())
    return sorted(ends)


def cut_at_sentence(text, budget):
    """``text`` kept whole when it holds in ``budget`` characters, else cut after its last
    sentence that does; ``(kept text, was cut)``. Never cuts a word or a sentence: the text
    kept may be empty."""
    text = text.strip()
    if len(text) <= budget:
        return text, False
    kept = max((end for end in sentence_ends(text) if end <= budget), default=0)
    return text[:kept].rstrip(), True


PREHEADER_MIN = 90
PREHEADER_MAX = 140
# Breaking spaces only: French typography's non-breaking ones stay where they are.
SPACES = re.compile(r"[ \t\r\n\f\v]+")


def preheader(text):
    """The inbox's preview line: the first sentences of ``text`` that fit in
    ``PREHEADER_MAX`` characters if they make at least ``PREHEADER_MIN``, else the text cut at
    the last whole word that fits, with an ellipsis."""
    text = SPACES.sub(" ", text).strip()
    sentences, _was_cut = cut_at_sentence(text, PREHEADER_MAX)
    if len(sentences) >= PREHEADER_MIN or len(text) <= PREHEADER_MAX:
        return sentences
    return text[: PREHEADER_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
