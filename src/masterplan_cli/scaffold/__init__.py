"""`masterplan init`: start a new city repository that passes `check --strict` and builds at once.

The run is a small pipeline, one module per stage:

* `answers` validates each answer (from an option or a prompt) the same way;
* `console` asks for what is missing, on a terminal only, and shows the result;
* `catalog` holds the usual OPDs, each with an example program, and the pillars' examples;
* `files` turns the answers into every file of the repository (path -> text), from the
  templates in `templates/scaffold/<language>/`;
* `writer` checks everything, then creates the files without ever overwriting one.
"""

from __future__ import annotations

from pathlib import Path

from .answers import Answers, InvalidAnswer
from .catalog import default_opds
from .files import repository_files
from .writer import (
    AlreadyARepository,
    ScaffoldError,
    Written,
    existing_masterplan,
    exists_as_yaml,
    write_files,
)


def create_repository(root: Path, answers: Answers) -> Written:
    """Make the files of the repository for `root` and write them. An OPD whose file is already there keeps
    it as it is, and carries none of the examples: the new files cover every pillar alone."""
    ids = answers.opds if answers.opds is not None else default_opds(answers.kind)
    kept = [opd_id for opd_id in ids if exists_as_yaml(root / "opd" / f"{opd_id}.yaml")]
    return write_files(root, repository_files(answers, kept))


__all__ = [
    "AlreadyARepository",
    "Answers",
    "InvalidAnswer",
    "ScaffoldError",
    "Written",
    "create_repository",
    "existing_masterplan",
    "repository_files",
    "write_files",
]
