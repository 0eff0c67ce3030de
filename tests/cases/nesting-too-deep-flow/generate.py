"""Ten thousand nested flow sequences: libyaml's composer would crash on them."""


def generate(root):
    depth = 10_000
    text = "id: deep\nname: Dinas Dalam\nprograms: " + "[" * depth + "]" * depth + "\n"
    (root / "opd" / "deep.yaml").write_text(text, encoding="utf-8")
