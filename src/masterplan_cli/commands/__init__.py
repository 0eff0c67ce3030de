"""One module per verb of the command line; each `run(...)` returns the exit code.

`cli.py` parses the options and calls them. The pipeline stages they call (loader, schema,
checks, views, render, output) stay outside this package and know nothing of the terminal.
"""
