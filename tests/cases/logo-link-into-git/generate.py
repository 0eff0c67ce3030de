"""The logo a link into .git/: `actions/checkout` keeps the runner's token in .git/config."""

import os


def generate(root):
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text(
        "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n", encoding="utf-8"
    )
    (root / "assets").mkdir(exist_ok=True)  # git keeps no empty folder
    os.symlink("../.git/config", root / "assets" / "logo.svg")
