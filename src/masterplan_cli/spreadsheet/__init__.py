"""Spreadsheets in and out: `masterplan export xlsx` and `masterplan import xlsx`.

`layout` defines the sheets and columns once; `export` writes them, `import_` reads them back
into the YAML files (through `yamledit`, which keeps comments and formatting), after `guard`
has refused a hostile workbook. openpyxl and ruamel.yaml are imported only here.
"""
