"""Cities made to stress the document's layout: long periods, texts at the schema's maximum
lengths, long unbroken words, budgets up to the schema's maximum, a wide table in the profile.

    write_city(path, years=20, extreme=True)

`extreme=False` writes a plain city of the given length (names and amounts as a city would
write them); `extreme=True` pushes every text and amount to what the schema allows. The
content is fixed (no randomness): a failure points at the same page every time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

START = 2025
NAME_MAX = 500  # schema.common.Name
RUPIAH_MAX = 10**16  # schema.common.Rupiah
ID_MAX = 64  # schema.common.ProgramId
# a word no hyphenation dictionary knows, longer than any table column is wide
LONG_WORD = "Penyelenggaraansistempemerintahanberbasiselektronikterintegrasi"
PILLARS = {  # the kominfo framework (schema/frameworks.py)
    "governance": "service",
    "branding": "tourism",
    "economy": "transaction",
    "living": "health",
    "society": "learning",
    "environment": "waste",
}
WORDS = [
    "Pengembangan",
    "layanan",
    "publik",
    "digital",
    "terpadu",
    "bagi",
    "warga",
    "kota",
    "melalui",
    "jaringan",
    "informasi",
    "partisipasi",
    "masyarakat",
    "pendidikan",
    "kesehatan",
    "lingkungan",
    "perizinan",
    "kependudukan",
    "transportasi",
]


def padded(text: str, length: int) -> str:
    """`text` followed by words until it is exactly `length` characters long."""
    words = [text]
    n = 0
    while len(" ".join(words)) < length:
        words.append(WORDS[n % len(WORDS)])
        n += 1
    return " ".join(words)[:length].rstrip()


def write_city(root: Path, years: int, extreme: bool = False) -> Path:
    end = START + years - 1
    (root / "opd").mkdir(parents=True, exist_ok=True)
    (root / "pillars").mkdir(exist_ok=True)
    _dump(root / "masterplan.yaml", _masterplan(years, end, extreme))
    for pillar in PILLARS:
        _dump(root / "pillars" / f"{pillar}.yaml", _pillar(pillar, end, extreme))
    opds = [f"dinas-{n}" for n in range(1, 4)]
    programs = [_program(n, opds, end, extreme) for n in range(12)]
    for n, opd in enumerate(opds):
        name = f"Dinas Komunikasi, Informatika, Statistik dan Persandian Nomor {n + 1}"
        _dump(
            root / "opd" / f"{opd}.yaml",
            {
                "id": opd,
                "name": padded(LONG_WORD + " " + name, NAME_MAX) if extreme else name,
                "short_name": f"Diskopukmdagperindag{n + 1}" if extreme else f"Diskominfo {n + 1}",
                "head": {"title": "Kepala Dinas", "name": f"Kepala Dinas {n + 1}"},
                "programs": [p for k, p in enumerate(programs) if k % len(opds) == n],
            },
        )
    return root


def program_names(root: Path) -> list[str]:
    return [
        program["name"]
        for path in sorted((root / "opd").glob("*.yaml"))
        for program in yaml.safe_load(path.read_text(encoding="utf-8"))["programs"]
    ]


def _masterplan(years: int, end: int, extreme: bool) -> dict[str, Any]:
    title = f"Masterplan Smart City Kota Uji Tata Letak {START}–{end}"
    wide = "| " + " | ".join(f"Kolom {n}" for n in range(1, 26)) + " |\n"
    wide += "|" + "---|" * 25 + "\n" + "| " + " | ".join(f"{n * 1111}" for n in range(1, 26)) + " |\n"
    profile = "Kota uji dengan data yang panjang.\n"
    if extreme:
        profile += f"\n{LONG_WORD}{LONG_WORD}\n\n{wide}"
    return {
        "schema_version": 1,
        "city": {
            "name": "Kota Uji Tata Letak",
            "kind": "kota",
            "province": "Sumatera Barat",
            "head": {"title": "Wali Kota", "name": "Wali Kota Uji"},
            "profile": profile,
        },
        "period": {"start": START, "end": end},
        "language": "id",
        "framework": "kominfo",
        "document": {
            "title": padded(title + " " + LONG_WORD, NAME_MAX) if extreme else title,
            "subtitle": padded("Subjudul", NAME_MAX) if extreme else "Dokumen uji",
            "version": "1.0",
            "date": "2025-01-15",
            "legal_basis": ["Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah"],
        },
        "vision": "Kota uji yang cerdas.",
        "missions": ["Melayani warga dengan data."],
    }


def _pillar(pillar: str, end: int, extreme: bool) -> dict[str, Any]:
    name = "Indeks layanan digital warga"
    return {
        "pillar": pillar,
        "description": "Uraian pilar.\n",
        "issues": ["Isu strategis pilar."],
        "goals": ["Sasaran pilar."],
        "strategies": ["Strategi pilar."],
        "indicators": [
            {
                "id": f"{pillar.upper()}-I1",
                "name": padded(name + " " + LONG_WORD, NAME_MAX) if extreme else name,
                "unit": "indeks komposit layanan" if extreme else "indeks",
                "baseline": {"year": START - 1, "value": 1.25},
                "targets": {year: round(1.5 + (year - START) * 0.123, 3) for year in range(START, end + 1)},
            }
        ],
    }


def _program(n: int, opds: list[str], end: int, extreme: bool) -> dict[str, Any]:
    pillar = list(PILLARS)[n % len(PILLARS)]
    quick_win = n < len(PILLARS)  # one in each pillar
    start = min(START + (0 if quick_win else n % 3), end)
    last = min(end, start + 1) if quick_win else end - (n % 2)
    pid = f"P{n + 1:02d}"
    if extreme:
        pid = (pid + "-" + "PROGRAMLAYANANDIGITAL" * 4)[:ID_MAX]
    name = f"Program {n + 1} layanan digital terpadu"
    amount = RUPIAH_MAX - n if extreme else (n + 1) * 950_000_000
    return {
        "id": pid,
        "name": padded(f"{name} {LONG_WORD}", NAME_MAX) if extreme else name,
        "pillar": pillar,
        "element": PILLARS[pillar],
        "description": "Uraian program.\n" + (f"\n{LONG_WORD}{LONG_WORD}\n" if extreme else ""),
        "quick_win": quick_win,
        "start": start,
        "end": max(start, last),
        "budget": {year: amount for year in range(start, max(start, last) + 1)},
        "funding": ["apbd"],
        "supporting": [o for o in opds if o != opds[n % len(opds)]][:1],
        "outputs": ["Keluaran program."],
        "outcomes": ["Hasil program."],
        "status": "planned",
    }


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
