"""Pydantic models of the city repository format (FORMAT.md), one module per file kind."""

from .city import Masterplan
from .frameworks import BUILT_IN, Framework, resolve
from .opd import OpdFile, Program
from .pillar import PillarFile

__all__ = ["BUILT_IN", "Framework", "Masterplan", "OpdFile", "PillarFile", "Program", "resolve"]
