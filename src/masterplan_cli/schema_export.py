"""JSON Schemas (draft 2020-12) of the four file kinds, generated from the pydantic models.

Editors (VS Code's YAML extension, JetBrains) and other tools validate city files with them and
show each field's help in Indonesian and English. The schemas say what the models say: unknown
keys are rejected (`additionalProperties: false`, from the models' `extra="forbid"`), and the
few places where the tool accepts more than JSON types show it are spelt out:

* year-keyed mappings (`budget`, `targets`) have integer keys in YAML but string keys in JSON,
  so their keys are constrained by a pattern (`propertyNames`) rather than left unchecked;
* short codes (`number`, `version`) accept a whole number as well as text, as the tool does.

Each description holds both languages, Indonesian then English, and nothing but standard
keywords is written: validators in strict mode (ajv) refuse unknown keywords such as the
models' `x-description-id`/`x-description-en`, and editors show `description` on hover.

Cross-file rules (a program's pillar exists, years inside the period) are beyond a schema:
`masterplan check` remains the judge.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from .schema import Masterplan, OpdFile, PillarFile
from .schema.common import _identifier_text
from .schema.previous import PreviousProgramsFile
from .schema.progress import ProgressFile

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# An identifier, and where the schemas are published in the project's repository (`schemas/`).
BASE_URI = "https://raw.githubusercontent.com/masterplan-cli/masterplan/main/schemas/"
YEAR_KEY = r"^\d{4}$"

# file name -> (model, title, Indonesian description, English description)
FILES: dict[str, tuple[type[BaseModel], str, str, str]] = {
    "masterplan.schema.json": (
        Masterplan,
        "masterplan.yaml",
        "Berkas utama repositori kota: daerah, periode, visi, misi dan pengaturan dokumen "
        "Masterplan Smart City.",
        "The root file of a city repository: the city, the period, the vision, the missions "
        "and the settings of the Smart City masterplan document.",
    ),
    "pillar.schema.json": (
        PillarFile,
        "pillars/<pillar>.yaml",
        "Analisis dan rencana satu pilar (dimensi) kerangka kerja: isu strategis, SWOT, "
        "sasaran, strategi dan indikator.",
        "The analysis and plan of one pillar (dimension) of the framework: strategic issues, "
        "SWOT, goals, strategies and indicators.",
    ),
    "opd.schema.json": (
        OpdFile,
        "opd/<opd>.yaml",
        "Satu OPD (Organisasi Perangkat Daerah) dan program-program yang dipimpinnya.",
        "One OPD (local government agency) and the programs it leads.",
    ),
    "progress.schema.json": (
        ProgressFile,
        "progress/<year>/<opd>.yaml",
        "Realisasi satu tahun atas program satu OPD: tahapan, persentase penyelesaian, realisasi "
        "anggaran per sumber dana, capaian indikator, catatan dan bukti dukung.",
        "One year's realisation of one OPD's programs: stage, percent complete, budget spent per "
        "funding source, indicator actuals, notes and evidence.",
    ),
    "previous-programs.schema.json": (
        PreviousProgramsFile,
        "review/<previous-masterplan>.yaml",
        "Daftar program masterplan sebelumnya yang tidak ditulis dalam format ini, untuk "
        "evaluasinya di Bab III (lihat `previous` di masterplan.yaml).",
        "The programs of a previous masterplan never written in this format, for its review in "
        "chapter III (see `previous` in masterplan.yaml).",
    ),
}


class _Generator(GenerateJsonSchema):
    """pydantic's generator, with the two places where YAML input is wider than JSON types."""

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        result = super().dict_schema(schema)
        keys = schema.get("keys_schema")
        if keys is not None and keys.get("type") == "int":
            result["propertyNames"] = {"pattern": YEAR_KEY}
        return result

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        result = super().function_before_schema(schema)
        if schema["function"].get("function") is _identifier_text:
            return {"anyOf": [result, {"type": "integer"}]}
        return result


def schema_for(file_name: str) -> dict[str, Any]:
    """The JSON Schema of one file kind, by its file name (`opd.schema.json`)."""
    model, title, indonesian, english = FILES[file_name]
    body = model.model_json_schema(schema_generator=_Generator)
    body.pop("title", None)
    body.pop("description", None)
    head: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": BASE_URI + file_name,
        "title": title,
        "description": f"{indonesian}\n\n{english}",
    }
    standard: dict[str, Any] = _standard({**head, **body})
    return standard


_STRING_KEYWORDS = ("minLength", "maxLength", "pattern")


def _standard(node: Any) -> Any:
    """`node` as strict validators (ajv) want it: without the models' own `x-` keywords, and
    with string constraints inside the string member of an `anyOf` (text or whole number)
    rather than beside it, where they apply to strings all the same."""
    if isinstance(node, dict):
        node = {key: _standard(value) for key, value in node.items() if not key.startswith("x-")}
        if "anyOf" in node and "type" not in node:
            moved = {key: node.pop(key) for key in _STRING_KEYWORDS if key in node}
            for member in node["anyOf"] if moved else []:
                if member.get("type") == "string":
                    member.update(moved)
        return node
    if isinstance(node, list):
        return [_standard(value) for value in node]
    return node


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema, keyed by its file name: masterplan, pillar, opd and previous-programs `.schema.json`."""
    return {name: schema_for(name) for name in FILES}


def dumps(schema: dict[str, Any]) -> str:
    """The schema as the files hold it: indented, UTF-8, ending in a newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write the schema files into `directory` (created if needed), all or none; their paths."""
    from .output import write_all

    return list(write_all({directory / name: dumps(schema) for name, schema in schemas().items()}))
