"""Generate a large synthetic city repository for benchmarks and tests.

The city is valid and clean under `masterplan check --strict`: the kominfo framework with a
file for each of its six pillars, OPDs leading programs spread over every pillar and element,
quick wins in the first two years, budgets inside each program's years, indicators with
targets inside the period, supporting OPDs, and dependencies on earlier programs only (so
there is no cycle, and no program depends on one that starts after it ends).
The same parameters and seed always write the same files.

    python benchmarks/generate.py OUT [--opds 100] [--programs 2000] [--seed 0]

or, from Python, `generate_city(path, opds=100, programs=2000, seed=0)`.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeDumper as Dumper  # type: ignore[assignment]

START, END = 2024, 2028
PILLARS = {  # the kominfo framework's pillars and elements (schema/frameworks.py)
    "governance": ["service", "bureaucracy", "policy"],
    "branding": ["tourism", "business", "city-appearance"],
    "economy": ["industry", "welfare", "transaction"],
    "living": ["harmony", "health", "mobility"],
    "society": ["community", "learning", "security"],
    "environment": ["protection", "waste", "energy"],
}
# fmt: off
WORDS = [
    "layanan", "data", "digital", "terpadu", "warga", "kota", "pasar", "sampah", "energi",
    "sekolah", "puskesmas", "transportasi", "aplikasi", "jaringan", "informasi", "partisipasi",
    "wisata", "usaha", "kecil", "menengah", "keamanan", "lingkungan", "perizinan",
    "kependudukan", "kesehatan", "pendidikan", "air", "bersih", "drainase", "taman", "ruang",
    "publik",
]
# fmt: on
AGENCIES = (
    "Dinas Komunikasi dan Informatika",
    "Dinas Kesehatan",
    "Dinas Pendidikan",
    "Dinas Perhubungan",
    "Dinas Lingkungan Hidup",
    "Dinas Pariwisata",
    "Dinas Sosial",
    "Badan Perencanaan Pembangunan Daerah",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Perdagangan",
    "Satuan Polisi Pamong Praja",
)
FUNDING = ["apbd", "apbn", "dak", "kpbu", "csr", "private", "grant", "other"]


def generate_city(path: str | Path, opds: int = 100, programs: int = 2000, seed: int = 0) -> Path:
    """Write a synthetic city repository with `opds` OPD files and `programs` programs into
    `path` (created if needed; files of the same name are overwritten). Returns the path."""
    if opds < 1 or programs < max(opds, len(PILLARS)):
        raise ValueError("need at least one OPD, and a program for every OPD and every pillar")
    rng = random.Random(seed)
    root = Path(path)
    (root / "pillars").mkdir(parents=True, exist_ok=True)
    (root / "opd").mkdir(exist_ok=True)
    _write(root / "masterplan.yaml", _masterplan(opds))
    for pillar in PILLARS:
        _write(root / "pillars" / f"{pillar}.yaml", _pillar(pillar, rng))

    opd_ids = [f"opd-{i:03d}" for i in range(1, opds + 1)]
    owners = [opd_ids[i % opds] for i in range(programs)]  # every OPD leads at least one program
    rng.shuffle(owners)
    by_opd: dict[str, list[dict[str, Any]]] = {opd_id: [] for opd_id in opd_ids}
    made: list[dict[str, Any]] = []
    for index, owner in enumerate(owners):
        program = _program(index, owner, opd_ids, made, rng)
        by_opd[owner].append(program)
        made.append(program)
    for number, opd_id in enumerate(opd_ids):
        agency = AGENCIES[number % len(AGENCIES)]
        document = {
            "id": opd_id,
            "name": f"{agency} {number + 1}",
            "short_name": f"OPD {number + 1}",
            "head": {"title": "Kepala Dinas", "name": f"Kepala {agency} {number + 1}"},
            "programs": by_opd[opd_id],
        }
        _write(root / "opd" / f"{opd_id}.yaml", document)
    return root


def _program(
    index: int, owner: str, opd_ids: list[str], made: list[dict[str, Any]], rng: random.Random
) -> dict[str, Any]:
    pillar = list(PILLARS)[index % len(PILLARS)]
    # the first program of each pillar, and one in ten after it, is a quick win: it starts in
    # year one or two and runs at most two years (views.Bands)
    quick_win = index < len(PILLARS) or rng.random() < 0.1
    start = rng.randint(START, START + 1) if quick_win else rng.randint(START, END)
    end = rng.randint(start, min(start + 1, END)) if quick_win else rng.randint(start, END)
    years = range(start, end + 1)
    program: dict[str, Any] = {
        "id": f"P{index + 1:05d}",
        "name": _phrase(rng, 3, 6).capitalize(),
        "pillar": pillar,
        "element": rng.choice(PILLARS[pillar]),
        "description": _sentence(rng, 20, 40) + "\n\n" + _sentence(rng, 15, 30) + "\n",
        "quick_win": quick_win,
        "start": start,
        "end": end,
        "budget": {year: rng.randrange(50, 5000) * 1_000_000 for year in years if rng.random() < 0.8},
        "funding": sorted(rng.sample(FUNDING, rng.randint(1, 2))),
        "supporting": sorted(
            rng.sample([o for o in opd_ids if o != owner], min(rng.randint(0, 3), len(opd_ids) - 1))
        ),
        "category": rng.choice(["structure", "infrastructure", "superstructure"]),
        "innovation": rng.choice(["program", "product", "method", "conceptual", "technology"]),
        "outputs": [_sentence(rng, 4, 10) for _ in range(rng.randint(1, 3))],
        "outcomes": [_sentence(rng, 4, 10) for _ in range(rng.randint(1, 2))],
        "indicators": [
            {
                "id": f"P{index + 1:05d}-I{n}",
                "name": _phrase(rng, 3, 6).capitalize(),
                "unit": rng.choice(["%", "orang", "dokumen", "indeks"]),
                "baseline": {"year": START - 1, "value": rng.randint(0, 50)},
                "targets": {
                    year: rng.randint(50, 100) for year in sorted(rng.sample(list(years), min(2, len(years))))
                },
            }
            for n in range(1, rng.randint(1, 2) + 1)
        ],
        "status": rng.choice(["planned", "planned", "in-progress", "done"]),
        "progress": rng.randint(0, 100),
        "partners": [f"Mitra {_phrase(rng, 1, 2)}"] if rng.random() < 0.3 else [],
    }
    # only earlier programs that start by this one's last year: no cycle, no MP207; a quick win
    # only on programs that also end by its last year (MP251)
    earlier = [
        p["id"]
        for p in rng.sample(made, min(len(made), 6))
        if p["start"] <= end and (not quick_win or p["end"] <= end)
    ]
    program["depends_on"] = sorted(earlier[: rng.randint(0, 2)])
    return program


def _masterplan(opds: int) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "city": {
            "name": "Kota Sintetis",
            "kind": "kota",
            "province": "Provinsi Contoh",
            "region_code": "99.99",
            "head": {"title": "Wali Kota", "name": "Wali Kota Sintetis"},
            "profile": f"Kota sintetis untuk uji kinerja, dengan {opds} perangkat daerah.\n",
        },
        "period": {"start": START, "end": END},
        "language": "id",
        "framework": "kominfo",
        "document": {
            "version": "1.0",
            "date": "2024-10-01",
            "legal_basis": ["Undang-Undang Nomor 23 Tahun 2014"],
        },
        "vision": "Kota sintetis yang cerdas dan melayani.",
        "missions": ["Melayani warga dengan data.", "Membangun ekonomi digital."],
    }


def _pillar(pillar: str, rng: random.Random) -> dict[str, Any]:
    return {
        "pillar": pillar,
        "description": _sentence(rng, 30, 60) + "\n",
        "issues": [_sentence(rng, 6, 14) for _ in range(4)],
        "swot": {
            kind: [_sentence(rng, 5, 12) for _ in range(3)]
            for kind in ("strengths", "weaknesses", "opportunities", "threats")
        },
        "goals": [_sentence(rng, 6, 12) for _ in range(3)],
        "strategies": [_sentence(rng, 6, 12) for _ in range(4)],
        "indicators": [
            {
                "id": f"{pillar.upper()}-I{n}",
                "name": _phrase(rng, 3, 6).capitalize(),
                "unit": "indeks",
                "baseline": {"year": START - 1, "value": round(rng.uniform(1, 3), 2)},
                "targets": {
                    START + 2: round(rng.uniform(3, 4), 2),
                    END: round(rng.uniform(4, 5), 2),
                },
            }
            for n in range(1, 4)
        ],
    }


def _phrase(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _sentence(rng: random.Random, low: int, high: int) -> str:
    return _phrase(rng, low, high).capitalize() + "."


class _CityDumper(Dumper):  # type: ignore[misc,valid-type]
    """Writes Markdown text as literal blocks (`|`), as people write it."""


def _represent_text(dumper: yaml.BaseDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_CityDumper.add_representer(str, _represent_text)


def _write(path: Path, data: dict[str, Any]) -> None:
    text = yaml.dump(data, Dumper=_CityDumper, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the city repository into")
    parser.add_argument("--opds", type=int, default=100)
    parser.add_argument("--programs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    root = generate_city(args.out, opds=args.opds, programs=args.programs, seed=args.seed)
    print(f"wrote {root} ({args.opds} OPDs, {args.programs} programs, seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
