"""An OPD file whose 250 programs are all numbers: after 200 problems the rest are summed up."""


def generate(root):
    programs = "".join(f"  - {n}\n" for n in range(1, 251))
    (root / "opd" / "dinkes.yaml").write_text(
        "id: dinkes\nname: Dinas Kesehatan\nprograms:\n" + programs, encoding="utf-8"
    )
