"""masterplan: compile Indonesian smart-city masterplans from a repository of YAML files."""

__version__ = "0.1.0"
