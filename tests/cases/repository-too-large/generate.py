"""Ten OPD files just under the 4 MiB limit of one file (40 MiB in all), made at run time
(sparse where the file system allows): refused before any is parsed."""


def generate(root):
    for n in range(10):
        with (root / "opd" / f"big-{n}.yaml").open("wb") as file:
            file.write(b"id: big\nname: Dinas Besar\n# ")
            file.truncate(4 * 1024 * 1024 - 1)
