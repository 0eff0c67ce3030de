"""A 5 MiB file, made at run time rather than committed (sparse where the file system allows)."""


def generate(root):
    with (root / "opd" / "huge.yaml").open("wb") as file:
        file.write(b"id: huge\nname: Dinas Besar\n# ")
        file.truncate(5 * 1024 * 1024)
