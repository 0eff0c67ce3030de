"""The JSON Schemas: well-formed 2020-12, bilingual, closed to unknown keys, and in agreement
with the tool on every example and test-case file."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from masterplan_cli.cli import run
from masterplan_cli.loader import load_text
from masterplan_cli.schema import Masterplan, OpdFile, PillarFile
from masterplan_cli.schema.previous import PreviousProgramsFile
from masterplan_cli.schema.progress import ProgressFile
from masterplan_cli.schema_export import DRAFT, dumps, schemas, write_schemas
from masterplan_cli.validation import validate

PROJECT = Path(__file__).parent.parent
NAMES = [
    "masterplan.schema.json",
    "pillar.schema.json",
    "opd.schema.json",
    "progress.schema.json",
    "previous-programs.schema.json",
]
KINDS = {
    "masterplan.schema.json": Masterplan,
    "pillar.schema.json": PillarFile,
    "opd.schema.json": OpdFile,
    "progress.schema.json": ProgressFile,
    "previous-programs.schema.json": PreviousProgramsFile,
}


@functools.cache
def validator(name: str) -> jsonschema.Draft202012Validator:
    """One validator per schema for the run: making every schema takes 0.04 s, and about 500
    tests use one."""
    return jsonschema.Draft202012Validator(schemas()[name])


def as_json(data: Any) -> Any:
    """What an editor sees: the YAML data as JSON (integer year keys become strings)."""
    return json.loads(json.dumps(data))


def walk(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{where}/{index}")


def test_four_schemas_by_file_name() -> None:
    assert list(schemas()) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_2020_12(name: str) -> None:
    schema = schemas()[name]
    assert schema["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/schemas/{name}")
    assert schema["title"].endswith(".yaml")
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", NAMES)
def test_every_object_rejects_unknown_keys(name: str) -> None:
    for where, node in walk(schemas()[name]):
        if "properties" in node:
            assert node.get("additionalProperties") is False, where


@pytest.mark.parametrize("name", NAMES)
def test_every_field_is_described_in_both_languages(name: str) -> None:
    """Editors show `description` on hover: Indonesian, a blank line, English."""
    schema = schemas()[name]
    _indonesian, english = schema["description"].split("\n\n")
    assert english.startswith(
        ("The root file", "The analysis", "One OPD", "One year's realisation", "The programs of a previous")
    )
    for where, node in walk(schema):
        for field, spec in node.get("properties", {}).items() if "properties" in node else []:
            paragraphs = spec.get("description", "").split("\n\n")
            assert len(paragraphs) == 2 and all(p.strip() for p in paragraphs), f"{where}/properties/{field}"


@pytest.mark.parametrize("name", NAMES)
def test_only_standard_keywords(name: str) -> None:
    """Strict validators (ajv) refuse unknown keywords such as `x-description-id`."""
    for where, node in walk(schemas()[name]):
        extras = [key for key in node if key.startswith("x-") and not where.endswith("/properties")]
        assert not extras, where


AJV = shutil.which("ajv")


@pytest.mark.skipif(AJV is None, reason="ajv (npm install -g ajv-cli ajv-formats) is not installed")
@pytest.mark.parametrize("name", NAMES)
def test_ajv_strict_compiles_the_schema(name: str) -> None:
    assert AJV is not None
    result = subprocess.run(
        [
            AJV,
            "compile",
            "--spec=draft2020",
            "--strict=true",
            "-c",
            "ajv-formats",
            "-s",
            str(PROJECT / "schemas" / name),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is valid" in result.stdout + result.stderr


def test_year_keyed_mappings_constrain_their_keys() -> None:
    program = schemas()["opd.schema.json"]["$defs"]["Program"]
    assert program["properties"]["budget"]["propertyNames"] == {"pattern": r"^\d{4}$"}
    indicator = schemas()["opd.schema.json"]["$defs"]["Indicator"]
    assert indicator["properties"]["targets"]["propertyNames"] == {"pattern": r"^\d{4}$"}


# --- the schemas agree with the tool -----------------------------------------------------------


def city_files() -> Iterator[Any]:
    roots = sorted(p for p in (PROJECT / "examples").iterdir() if p.is_dir())
    roots += sorted(p for p in (PROJECT / "tests" / "cases").iterdir() if p.is_dir())
    for root in roots:
        for path in [root / "masterplan.yaml", root / "masterplan.yml"]:
            if path.is_file():
                yield pytest.param(path, "masterplan.schema.json", id=str(path.relative_to(PROJECT)))
        for folder, name in (
            ("pillars", "pillar.schema.json"),
            ("opd", "opd.schema.json"),
            ("progress", "progress.schema.json"),
        ):
            pattern = "*/*.y*ml" if folder == "progress" else "*.y*ml"
            for path in sorted((root / folder).glob(pattern)) if (root / folder).is_dir() else []:
                yield pytest.param(path, name, id=str(path.relative_to(PROJECT)))


@pytest.mark.parametrize(("path", "name"), list(city_files()))
def test_schema_agrees_with_the_tool(path: Path, name: str) -> None:
    """A file the tool accepts is valid by the schema, and one with an unknown key is not.
    (The tool knows more than a schema can say, such as `end` before `start`, so a file
    the tool refuses for other reasons may still pass the schema.)"""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (UnicodeDecodeError, OSError):
        pytest.skip("not UTF-8: the tool refuses it before any schema applies")
    loaded = load_text(path.name, text)
    if not loaded.ok:
        pytest.skip("not loadable YAML: the tool refuses it before any schema applies")
    _, diagnostics = validate(KINDS[name], loaded)
    errors = list(validator(name).iter_errors(as_json(loaded.data)))
    codes = {d.code for d in diagnostics}
    if not diagnostics:
        assert errors == [], [e.message for e in errors]
    if "MP101" in codes:
        assert "additionalProperties" in {e.validator for e in flattened(errors)}


def flattened(errors: list[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """The errors and, under an `anyOf` (an optional section), each branch's errors."""
    for error in errors:
        yield error
        yield from flattened(list(error.context or []))


def test_the_shipped_examples_are_checked() -> None:
    tested = [p.values[0] for p in city_files()]
    assert PROJECT / "examples" / "solok" / "masterplan.yaml" in tested
    assert any("examples/solok/opd" in str(p) for p in tested)
    assert PROJECT / "examples" / "solok" / "progress" / "2025" / "dinkes.yaml" in tested


OPD = {
    "id": "diskominfo",
    "name": "Dinas Komunikasi dan Informatika",
    "programs": [
        {
            "id": "KOMINFO-01",
            "name": "Satu Data",
            "pillar": "governance",
            "start": 2024,
            "budget": {"2024": 1000},
        }
    ],
}


def test_a_valid_opd_file_validates() -> None:
    assert list(validator("opd.schema.json").iter_errors(OPD)) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            {"colour": "blue"},
            "Additional properties are not allowed ('colour' was unexpected)",
            id="unknown key",
        ),
        pytest.param(
            {"programs": [{**OPD["programs"][0], "quickwin": True}]},
            "Additional properties are not allowed ('quickwin' was unexpected)",
            id="misspelt program key",
        ),
        pytest.param(
            {"programs": [{**OPD["programs"][0], "budget": {"tahun 2024": 5}}]},
            "'tahun 2024' does not match '^\\\\d{4}$'",
            id="budget year not a year",
        ),
        pytest.param(
            {"programs": [{**OPD["programs"][0], "quick_win": "yes"}]},
            "'yes' is not of type 'boolean'",
            id="yes is not true",
        ),
    ],
)
def test_an_invalid_opd_file_does_not(change: dict[str, Any], message: str) -> None:
    errors = [e.message for e in validator("opd.schema.json").iter_errors({**OPD, **change})]
    assert errors == [message]


def test_a_regulation_number_may_be_a_whole_number() -> None:
    city = {
        "city": {"name": "Kota Solok", "kind": "kota", "province": "Sumatera Barat"},
        "period": {"start": 2024, "end": 2028},
        "vision": "v",
        "missions": ["m"],
        "document": {"adopted_by": {"kind": "Perwali", "number": 12, "year": 2020}},
    }
    assert list(validator("masterplan.schema.json").iter_errors(city)) == []
    city["document"]["adopted_by"]["number"] = 1.5  # type: ignore[index]
    assert list(validator("masterplan.schema.json").iter_errors(city)) != []


# --- writing them ------------------------------------------------------------------------------


def test_write_schemas(tmp_path: Path) -> None:
    written = write_schemas(tmp_path / "new" / "folder")
    assert [p.name for p in written] == NAMES
    for path in written:
        assert path.read_text(encoding="utf-8") == dumps(schemas()[path.name])
    assert sorted(p.name for p in (tmp_path / "new" / "folder").iterdir()) == sorted(NAMES)  # no temporaries


def test_schema_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "schemas"
    assert run(["schema", "--out", str(out)]) == 0
    assert capsys.readouterr().out == "".join(f"wrote {out / name}\n" for name in NAMES)
    assert json.loads((out / "opd.schema.json").read_text(encoding="utf-8")) == schemas()["opd.schema.json"]


def test_schema_command_refuses_a_file_as_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert run(["schema", "--out", str(tmp_path / "file")]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_published_schemas_are_up_to_date() -> None:
    """`schemas/` in the project is what the `$id`s point at; regenerate it with
    `masterplan schema --out schemas` after changing a model."""
    for name, schema in schemas().items():
        assert (PROJECT / "schemas" / name).read_text(encoding="utf-8") == dumps(schema), name


def test_schemas_that_cannot_be_written_are_the_users_error_not_a_bug(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    assert run(["--lang", "en", "schema", "--out", str(tmp_path / "a-file" / "schemas")]) == 1
    assert capsys.readouterr().err == (
        f"Error: cannot write {tmp_path / 'a-file'}: it is a file, not a folder; "
        "nothing was written, the previous outputs are unchanged\n"
    )
    assert (tmp_path / "a-file").read_text(encoding="utf-8") == "not a folder"
