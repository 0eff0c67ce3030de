"""A block mapping nested 100 levels deep."""


def generate(root):
    lines = ["id: deep", "name: Dinas Dalam", "programs:"]
    lines += ["  " * (level + 1) + f"level{level}:" for level in range(100)]
    lines.append("  " * 101 + "bottom")
    (root / "opd" / "deep.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
