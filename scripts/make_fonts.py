"""Make the bundled fonts in templates/fonts/ from Debian's Noto packages (`make fonts`).

Usage: python scripts/make_fonts.py FOLDER, where FOLDER holds the extracted packages
`fonts-noto-core` and `fonts-noto-mono` (bookworm: 20201225-1); the Makefile fetches them with
`apt-get download` and never installs them, so fontconfig does not see them.

Why Noto Sans: it is open (OFL 1.1), draws every letter Indonesian and the names in a city's
documents need (Latin, Latin Extended, the Vietnamese and transliteration diacritics), has
static hinted regular, italic, bold and bold italic files, tabular figures by default (and
`tnum`), and it is neutral enough for any city; the stylesheet and the chart label widths
were drawn for it. Noto Sans lacks the geometric shapes the document uses (■ ● ◐ ○) and the
arrows; those come from Noto Sans Symbols 2 and Noto Sans Math, the same design family. Noto Sans Mono draws
program codes.

Each font is subset to the ranges below, keeping the OpenType features that tables and text
need (tnum/pnum/lnum, kern, liga, marks), without hinting (WeasyPrint does not hint; browsers
draw these sizes well without), and saved as WOFF2: the HTML embeds them as data: URIs, and
WeasyPrint reads WOFF2 from the same @font-face rules. Timestamps are kept from the source, so
the same packages give the same bytes. `coverage.json` lists the code points the body text can
draw (all four styles of Noto Sans, or Symbols 2): `masterplan check` reads it instead of the
fonts.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

OUT = Path(__file__).resolve().parent.parent / "templates" / "fonts"

LATIN = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x017F),  # Latin-1 Supplement, Latin Extended-A
    (0x0218, 0x021B),  # Ș ș Ț ț (the rest of Latin Extended-B and IPA: no Indonesian use)
    (0x02B9, 0x02DD),  # spacing modifier letters (ʻ ʼ ˆ ˜)
    (0x0300, 0x036F),  # combining diacritics: text pasted in decomposed form (e + ◌́)
    (0x1E00, 0x1EFF),  # Latin Extended Additional (ḥ ṣ ṭ of transliterations, Vietnamese)
    (0x2000, 0x206F),  # general punctuation (– — … ‘ ’ “ ” • ‰)
    (0x2070, 0x209F),  # superscripts and subscripts
    (0x20A0, 0x20CF),  # currency signs
    (0x2103, 0x2103),  # ℃
    (0x2116, 0x2116),  # №
    (0x2122, 0x2122),  # ™
    (0x2150, 0x215F),  # fractions
    (0x2190, 0x21FF),  # arrows
    (0x2212, 0x2212),  # − (minus)
    (0x2248, 0x2248),  # ≈
    (0x2260, 0x2265),  # ≠ ≤ ≥
    (0x25A0, 0x25FF),  # geometric shapes (■ ● ◐ ○)
    (0x2713, 0x2718),  # check marks and crosses
]
# program codes and code spans: ASCII, Latin-1 and punctuation are enough
MONO_RANGES = [(0x0020, 0x007E), (0x00A0, 0x00FF), (0x2010, 0x2027), (0x2212, 0x2212)]
SPACES = {0x0020, 0x00A0, 0x2009, 0x202F}
FEATURES = ["*"]  # every feature of the kept glyphs: tnum, pnum, lnum, kern, liga, mark, locl...

SANS = {
    "NotoSans-Regular": "NotoSans-Regular.ttf",
    "NotoSans-Italic": "NotoSans-Italic.ttf",
    "NotoSans-Bold": "NotoSans-Bold.ttf",
    "NotoSans-BoldItalic": "NotoSans-BoldItalic.ttf",
}
# what Noto Sans lacks, in this order: shapes and check marks, then arrows and − ≤ ≥ ≈ ≠
SYMBOLS = {
    "NotoSansSymbols2-Regular": "NotoSansSymbols2-Regular.ttf",
    "NotoSansMath-Regular": "NotoSansMath-Regular.ttf",
}
MONO = {"NotoSansMono-Regular": "NotoSansMono-Regular.ttf", "NotoSansMono-Bold": "NotoSansMono-Bold.ttf"}


def wanted(runs: list[tuple[int, int]]) -> set[int]:
    return {code for first, last in runs for code in range(first, last + 1)}


def make(source: Path, target: Path, codes: set[int]) -> set[int]:
    """Subset `source` to `codes` as WOFF2 at `target`; the code points it keeps."""
    options = subset.Options()
    options.layout_features = FEATURES
    options.hinting = False
    options.desubroutinize = True
    options.flavor = "woff2"
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # copyright, names, version, licence
    options.recalc_timestamp = False
    font = TTFont(source, recalcTimestamp=False)
    kept = codes & set(font.getBestCmap())
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(kept))
    subsetter.subset(font)
    font.flavor = "woff2"
    font.save(target, reorderTables=True)
    return kept


def ranges(codes: set[int]) -> list[list[int]]:
    """`codes` as sorted [first, last] runs: a short file, read fast."""
    runs: list[list[int]] = []
    for code in sorted(codes):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return runs


def main(folder: Path) -> None:
    found = {path.name: path for path in folder.rglob("*.ttf")}
    codes = wanted(LATIN)
    OUT.mkdir(exist_ok=True)
    sans = [make(found[file], OUT / f"{name}.woff2", codes) for name, file in SANS.items()]
    body = set.intersection(*sans)
    drawn = set(body)
    for name, file in SYMBOLS.items():
        # with the spaces: Pango sets a space next to ■ in the symbol face, and a face
        # without one draws a .notdef box there
        drawn |= make(found[file], OUT / f"{name}.woff2", (codes - drawn) | SPACES)
    for name, file in MONO.items():
        make(found[file], OUT / f"{name}.woff2", wanted(MONO_RANGES))
    coverage = {"family": "Noto Sans", "body": ranges(drawn)}
    (OUT / "coverage.json").write_text(json.dumps(coverage, separators=(",", ":")) + "\n")
    for path in sorted(OUT.glob("*.woff2")):
        print(f"{path.name}: {path.stat().st_size / 1024:.1f} KiB")
    print(f"coverage.json: {len(drawn)} code points; not drawn: {len(codes - drawn)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
