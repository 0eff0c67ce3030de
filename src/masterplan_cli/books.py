"""The four books of a masterplan (`build --books`), as Indonesian cities publish theirs
(Bogor's four books): what each holds, by the parts of the single volume.

A book is the single volume's templates rendered with only its parts (`"chapter-6" in
book.parts`), so a chapter keeps its number (BAB VI is BAB VI in the volume and in Buku 3)
and its tables keep theirs. The cover, foreword, contents and lists are in every book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .i18n import Messages

PARTS = (
    "summary", "chapter-1", "chapter-2", "chapter-3", "chapter-4", "chapter-5", "chapter-6",
    "chapter-7", "chapter-8", "chapter-support", "chapter-9", "chapter-10", "appendix",
)  # fmt: skip


@dataclass(frozen=True)
class Book:
    number: int  # 0: the single volume
    key: str  # its name in the message catalogue: book.<key>
    parts: tuple[str, ...]  # of PARTS, in the volume's order

    def name(self, language: str) -> str:
        """ "Buku 3 Quick Win"; nothing for the single volume (templates see the text)."""
        t = Messages(language)
        return str(t("book.label", number=self.number, name=t("book." + self.key))) if self.number else ""


def file_stem(book: Book, language: str) -> str:
    """buku-3-quick-win, book-3-quick-wins: the book's name as a file name; the volume's is
    `masterplan`."""
    return re.sub(r"[^a-z0-9]+", "-", book.name(language).lower()).strip("-") or "masterplan"


def _book(number: int, key: str, *parts: str) -> Book:
    return Book(number, key, tuple(part for part in PARTS if part in parts))


VOLUME = Book(0, "volume", PARTS)
BOOKS = (
    # analysis: the introduction, the region's profile, readiness, gap analysis and TOWS
    _book(1, "analysis", "chapter-1", "chapter-2", "chapter-3"),
    # the plan itself: the executive summary, vision and strategy, programs per pillar, budget,
    # supporting actions, governance, closing, and the appendices (matrix, OPDs, regulations)
    _book(2, "masterplan", "summary", "chapter-4", "chapter-5", "chapter-8", "chapter-support",
          "chapter-9", "chapter-10", "appendix"),
    _book(3, "quick_wins", "chapter-6"),  # quick wins and their implementation plans
    _book(4, "roadmap", "chapter-7"),  # the roadmap by year and band
)  # fmt: skip
