"""Links that lead outside the repository, made at test time (portable: git need not store
them): an OPD file, the pillars/ folder and the logo."""

import os


def generate(root):
    outside = root.parent / "outside"
    (outside / "pillars").mkdir(parents=True)
    (outside / "passwd.yaml").write_text("id: root\nname: x\n", encoding="utf-8")
    (outside / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (outside / "pillars" / "governance.yaml").write_text("pillar: governance\n", encoding="utf-8")
    os.symlink(outside / "passwd.yaml", root / "opd" / "passwd.yaml")
    os.symlink(outside / "pillars", root / "pillars", target_is_directory=True)
    (root / "assets").mkdir()
    os.symlink(outside / "logo.png", root / "assets" / "logo.png")
