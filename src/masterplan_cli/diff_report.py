"""What `masterplan diff` shows of a `differ.PlanDiff`, one function per format: text for a
terminal, Markdown for a pull-request comment or a step summary (headline numbers first, the
details in collapsible sections), JSON for tools."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from . import ci_markdown as gfm
from .differ import (
    BudgetRow,
    FieldChange,
    PlanDiff,
    ProgramChange,
    ProgramRecord,
    SectionChange,
    Snapshot,
)
from .i18n import Formatter
from .l10n import N_, _, ngettext
from .terminal import json_safe, printable

MAX_SHOWN = 160  # characters of a long text shown in a table cell; JSON has it all


# --- values as a reader sees them ---------------------------------------------------------------


# rupiah with Indonesian digit grouping, as the document writes them: Rp1.250.000.000
rupiah = Formatter("id").rupiah


def signed_rupiah(amount: int) -> str:
    if amount == 0:
        return "0"
    return ("+" if amount > 0 else "−") + rupiah(abs(amount))


def signed(number: int) -> str:
    return f"+{number}" if number > 0 else ("0" if number == 0 else f"−{-number}")


def years(program: ProgramRecord) -> str:
    return str(program.start) if program.start == program.end else f"{program.start}–{program.end}"


def shown_change(change: FieldChange) -> tuple[str, str]:
    """A field's value before and after; of a budget, only the years that changed."""
    old, new = change.old, change.new
    if change.field.endswith("budget") and isinstance(old, dict) and isinstance(new, dict):
        changed = {y for y in old.keys() | new.keys() if old.get(y) != new.get(y)}
        return _budget_years(old, changed), _budget_years(new, changed)
    return show(change.field, old), show(change.field, new)


def _budget_years(budget: dict[int, int], changed: set[int]) -> str:
    amounts = [f"{y}: {rupiah(budget[y])}" if y in budget else f"{y}: —" for y in sorted(changed)]
    return f"{', '.join(amounts)} (total {rupiah(sum(budget.values()))})"


def show(name: str, value: Any) -> str:
    """One field's value on one line."""
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name.endswith("budget") and isinstance(value, dict):
        return ", ".join(f"{year}: {rupiah(amount)}" for year, amount in sorted(value.items()))
    if isinstance(value, dict) and set(value) == {"start", "end"}:
        return f"{value['start']}–{value['end']}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {show(k, v)}" for k, v in value.items() if v not in (None, [], {}))
    if isinstance(value, list):
        return "; ".join(_item(v) for v in value)
    return _shortened(" ".join(str(value).split()))


def _item(value: Any) -> str:
    if isinstance(value, dict) and "id" in value:  # an indicator
        return str(value["id"])
    return show("", value)


def _shortened(text: str) -> str:
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1].rstrip() + "…"


# how a pillar's or OPD's section changed (`SectionChange.status`), as shown
SECTION_STATUS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}


# --- headline numbers, shared by text and Markdown ---------------------------------------------


def _program_counts(diff: PlanDiff) -> str:
    parts = [
        _("{count} added").format(count=len(diff.added)) if diff.added else "",
        _("{count} removed").format(count=len(diff.removed)) if diff.removed else "",
        _("{count} changed").format(count=len(diff.changed)) if diff.changed else "",
        _("{count_uncompared} not compared").format(count_uncompared=len(diff.uncompared))
        if diff.uncompared
        else "",
    ]
    text = ", ".join(p for p in parts if p) or _("none added, removed or changed")
    extra = [
        _("{count} renamed").format(count=len(diff.renamed)) if diff.renamed else "",
        _("{count_moved} moved in time").format(count_moved=len(diff.moved)) if diff.moved else "",
    ]
    detail = ", ".join(e for e in extra if e)
    return f"{text} ({detail})" if detail else text


def _quick_win_counts(diff: PlanDiff) -> str:
    return _("{gained} gained, {lost} lost").format(
        gained=len(diff.quick_wins_gained), lost=len(diff.quick_wins_lost)
    )


def _side_notes(diff: PlanDiff) -> list[str]:
    notes = []
    for side in (diff.old, diff.new):
        if not side.exists:
            notes.append(
                _("{label} has no masterplan.yaml: the plan is compared with an empty one.").format(
                    label=side.label
                )
            )
        elif not side.complete:
            notes.append(
                _(
                    "{label}: masterplan.yaml has errors, so the period, vision and framework are not compared; run `masterplan check`."
                ).format(label=side.label)
            )
        if side.errors and side.exists:
            notes.append(
                _(
                    "{label} has {count}: what is in error is left out of this comparison; run `masterplan check`."
                ).format(
                    label=side.label,
                    count=ngettext("{count} error", "{count} errors", side.errors).format(count=side.errors),
                )
            )
    return notes


def _section_detail(section: SectionChange) -> str:
    if section.status != "changed":
        return _(SECTION_STATUS[section.status])
    return _("changed: {fields}").format(fields=", ".join(f.field for f in section.fields))


# --- text ---------------------------------------------------------------------------------------


def as_text(diff: PlanDiff) -> str:
    lines = [_("masterplan diff: {label} → {label2}").format(label=diff.old.label, label2=diff.new.label), ""]
    lines += [_("note: {note}").format(note=note) for note in _side_notes(diff)]
    if not diff.has_changes:
        return "\n".join([*lines, _("No changes to the plan."), ""])
    total = diff.total
    labels = (_("Programs:"), _("Budget:"), _("Quick wins:"))
    width = max(map(len, labels)) + 1
    budget = f"{rupiah(total.old)} → {rupiah(total.new)} ({signed_rupiah(total.delta)})"
    values = (_program_counts(diff), budget, _quick_win_counts(diff))
    lines += [f"{label:<{width}}{value}".rstrip() for label, value in zip(labels, values, strict=True)]
    if diff.settings:
        lines += ["", _("Settings")] + [f"  {_arrow(c)}" for c in diff.settings]
    if diff.added:
        lines += ["", _("Programs added")] + [
            _("  + {program_line}").format(program_line=_program_line(p, diff.new)) for p in diff.added
        ]
    if diff.removed:
        lines += ["", _("Programs removed")] + [
            _("  - {program_line}").format(program_line=_program_line(p, diff.old)) for p in diff.removed
        ]
    if diff.changed:
        lines += ["", _("Programs changed")]
        for change in diff.changed:
            lines.append(f"  ~ {change.id} {change.new.name}")
            lines += [f"      {_arrow(f)}" for f in change.fields]
    for title, rows in _budget_tables(diff):
        lines += ["", _("Budget by {title}").format(title=title)]
        lines += [f"  {r.label}: {rupiah(r.old)} → {rupiah(r.new)} ({signed_rupiah(r.delta)})" for r in rows]
    if diff.quick_wins_gained:
        lines += ["", _("Quick wins gained")] + [
            _("  + {id} {name}").format(id=p.id, name=p.name) for p in diff.quick_wins_gained
        ]
    if diff.quick_wins_lost:
        lines += ["", _("Quick wins lost")] + [
            _("  - {id} {name}").format(id=p.id, name=p.name) for p in diff.quick_wins_lost
        ]
    for title, sections in ((_("Pillar analysis"), diff.pillars), (_("OPDs"), diff.opds)):
        if sections:
            lines += ["", title] + [f"  {s.id}: {_section_detail(s)}" for s in sections]
    if diff.uncompared:
        lines += ["", _("Not compared (in a file with errors on one side)")]
        lines += [f"  ? {p.id} {p.name}" for p in diff.uncompared]
    # each line may hold names from the city: one line each, with nothing a terminal acts on
    return "\n".join(map(printable, lines)) + "\n"


def _arrow(change: FieldChange) -> str:
    before, after = shown_change(change)
    return f"{change.field}: {before} → {after}"


def _program_line(program: ProgramRecord, side: Snapshot) -> str:
    facts = [
        side.opd_label(program.opd),
        program.pillar,
        years(program),
        rupiah(program.total_budget),
    ]
    if program.quick_win:
        facts.append(_("quick win"))
    return f"{program.id} {program.name} ({', '.join(facts)})"


def _budget_tables(diff: PlanDiff) -> list[tuple[str, list[BudgetRow]]]:
    tables = [
        (_("pillar"), diff.budget_by_pillar),
        (_("OPD"), diff.budget_by_opd),
        (_("year"), diff.budget_by_year),
    ]
    return [(title, rows) for title, rows in tables if rows]


# --- Markdown -----------------------------------------------------------------------------------


def as_markdown(diff: PlanDiff) -> str:
    """For a pull-request comment or a step summary: the headline numbers, then each kind of
    change in a collapsible section. Every value from the city files is escaped."""
    out = [
        _("### masterplan diff: {code} → {code2}").format(
            code=gfm.code(diff.old.label), code2=gfm.code(diff.new.label)
        ),
        "",
    ]
    out += [f"> **Note:** {gfm.text(note)}\n" for note in _side_notes(diff)]
    if not diff.has_changes:
        return "\n".join([*out, _("No changes to the plan."), ""])
    total, old, new, before, after = diff.total, diff.old, diff.new, diff.before, diff.after
    out += [
        _(
            "**Programs:** {program_counts} · **Budget:** {signed_rupiah} · **Quick wins:** {quick_win_counts}"
        ).format(
            program_counts=_program_counts(diff),
            signed_rupiah=signed_rupiah(total.delta),
            quick_win_counts=_quick_win_counts(diff),
        ),
        "",
        gfm.table(
            ["", _("Before"), _("After"), _("Change")],
            [
                [
                    _("Programs"),
                    str(before.programs),
                    str(after.programs),
                    signed(after.programs - before.programs),
                ],
                [
                    _("Quick wins"),
                    str(len(before.quick_wins)),
                    str(len(after.quick_wins)),
                    signed(len(after.quick_wins) - len(before.quick_wins)),
                ],
                [_("Total budget"), rupiah(total.old), rupiah(total.new), signed_rupiah(total.delta)],
            ],
            "lrrr",
        ),
    ]
    if diff.settings:  # rare and weighty: shown open
        out += [_("**Plan settings changed**"), "", _changes_table(_("Setting"), diff.settings)]
    sections: list[tuple[str, str]] = []
    if diff.added:
        sections.append(
            (
                _("Programs added ({count_added})").format(count_added=len(diff.added)),
                _programs_table(diff.added, new),
            )
        )
    if diff.removed:
        sections.append(
            (
                _("Programs removed ({count_removed})").format(count_removed=len(diff.removed)),
                _programs_table(diff.removed, old),
            )
        )
    if diff.renamed:
        sections.append(
            (
                _("Programs renamed ({count_renamed})").format(count_renamed=len(diff.renamed)),
                _renamed_table(diff.renamed),
            )
        )
    if diff.moved:
        sections.append(
            (
                _("Programs moved in time ({count_moved})").format(count_moved=len(diff.moved)),
                _moved_table(diff.moved),
            )
        )
    if diff.changed:
        sections.append(
            (
                _("Programs changed, field by field ({count_changed})").format(
                    count_changed=len(diff.changed)
                ),
                _changed_programs(diff.changed),
            )
        )
    if tables := _budget_tables(diff):
        body = "\n".join(_budget_table(title, rows) for title, rows in tables)
        sections.append((_("Budget by ") + ", ".join(title for title, _rows in tables), body))
    if diff.quick_wins_gained or diff.quick_wins_lost:
        sections.append(
            (
                _("Quick wins: {quick_win_counts}").format(quick_win_counts=_quick_win_counts(diff)),
                _quick_wins(diff),
            )
        )
    if diff.pillars or diff.opds:
        count = len(diff.pillars) + len(diff.opds)
        sections.append((_("Pillar analysis and OPDs ({count})").format(count=count), _sections_list(diff)))
    if diff.uncompared:
        body = "\n".join(f"- {gfm.code(p.id)} {gfm.text(p.name)}" for p in diff.uncompared) + "\n"
        title = _("Programs not compared, in a file with errors on one side ({count_uncompared})").format(
            count_uncompared=len(diff.uncompared)
        )
        sections.append((title, body))
    out += [gfm.details(gfm.html(title), body) for title, body in sections]
    return "\n".join(out)


def _programs_table(programs: Iterable[ProgramRecord], side: Snapshot) -> str:
    rows = [
        [
            gfm.code(p.id),
            gfm.text(p.name),
            gfm.text(side.opd_label(p.opd)),
            gfm.text(side.pillar_names.get(p.pillar, p.pillar)),
            years(p),
            rupiah(p.total_budget),
            "yes" if p.quick_win else "",
        ]
        for p in programs
    ]
    return gfm.table(
        [_("Program"), _("Name"), _("OPD"), _("Pillar"), _("Years"), _("Budget"), _("Quick win")],
        rows,
        "lllllrl",
    )


def _renamed_table(changes: Iterable[ProgramChange]) -> str:
    rows = [[gfm.code(c.id), gfm.text(c.old.name), gfm.text(c.new.name)] for c in changes]
    return gfm.table([_("Program"), _("Before"), _("After")], rows)


def _moved_table(changes: Iterable[ProgramChange]) -> str:
    rows = [[gfm.code(c.id), gfm.text(c.new.name), years(c.old), years(c.new)] for c in changes]
    return gfm.table([_("Program"), _("Name"), _("Before"), _("After")], rows)


def _changed_programs(changes: Iterable[ProgramChange]) -> str:
    parts = []
    for change in changes:
        parts.append(f"{gfm.code(change.id)} {gfm.text(change.new.name)}\n")
        parts.append(_changes_table(_("Field"), change.fields))
    return "\n".join(parts)


def _changes_table(heading: str, changes: Iterable[FieldChange]) -> str:
    rows = [[gfm.code(c.field), *map(gfm.text, shown_change(c))] for c in changes]
    return gfm.table([heading, _("Before"), _("After")], rows)


def _budget_table(title: str, rows: Iterable[BudgetRow]) -> str:
    cells = [[gfm.text(r.label), rupiah(r.old), rupiah(r.new), signed_rupiah(r.delta)] for r in rows]
    return gfm.table([title[0].upper() + title[1:], _("Before"), _("After"), _("Change")], cells, "lrrr")


def _quick_wins(diff: PlanDiff) -> str:
    lines = [f"- gained: {gfm.code(p.id)} {gfm.text(p.name)} ({years(p)})" for p in diff.quick_wins_gained]
    lines += [f"- lost: {gfm.code(p.id)} {gfm.text(p.name)} ({years(p)})" for p in diff.quick_wins_lost]
    return "\n".join(lines) + "\n"


def _sections_list(diff: PlanDiff) -> str:
    lines = [f"- pillar {gfm.text(s.label)}: {gfm.text(_section_detail(s))}" for s in diff.pillars]
    lines += [f"- OPD {gfm.text(s.label)}: {gfm.text(_section_detail(s))}" for s in diff.opds]
    return "\n".join(lines) + "\n"


# --- JSON ---------------------------------------------------------------------------------------


def as_json(diff: PlanDiff) -> str:
    """Everything, unabridged, for tools. Budget years are strings (JSON keys)."""

    def program(p: ProgramRecord) -> dict[str, Any]:
        return {"id": p.id, "opd": p.opd, **{k: v for k, v in p.fields.items() if k != "id"}}

    def field(c: FieldChange) -> dict[str, Any]:
        return {"field": c.field, "old": c.old, "new": c.new}

    def budget(rows: Iterable[BudgetRow]) -> list[dict[str, Any]]:
        return [{"key": r.key, "label": r.label, "old": r.old, "new": r.new, "delta": r.delta} for r in rows]

    def side(s: Snapshot) -> dict[str, Any]:
        return {"label": s.label, "exists": s.exists, "complete": s.complete, "errors": s.errors}

    data = {
        "old": side(diff.old),
        "new": side(diff.new),
        "changed": diff.has_changes,
        "settings": [field(c) for c in diff.settings],
        "programs": {
            "added": [program(p) for p in diff.added],
            "removed": [program(p) for p in diff.removed],
            "changed": [
                {
                    "id": c.id,
                    "renamed": c.renamed,
                    "moved": c.moved,
                    "fields": [field(f) for f in c.fields],
                }
                for c in diff.changed
            ],
        },
        "budget": {
            "total": budget([diff.total])[0],
            "by_pillar": budget(diff.budget_by_pillar),
            "by_opd": budget(diff.budget_by_opd),
            "by_year": budget(diff.budget_by_year),
        },
        "quick_wins": {
            "gained": [p.id for p in diff.quick_wins_gained],
            "lost": [p.id for p in diff.quick_wins_lost],
        },
        "pillars": [
            {"id": s.id, "status": s.status, "fields": [field(f) for f in s.fields]} for s in diff.pillars
        ],
        "opds": [{"id": s.id, "status": s.status, "fields": [field(f) for f in s.fields]} for s in diff.opds],
        "uncompared": [p.id for p in diff.uncompared],
    }
    return json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=_json_value)) + "\n"


def _json_value(value: Any) -> Any:
    if hasattr(value, "isoformat"):  # a date
        return value.isoformat()
    raise TypeError(_("{name} is not JSON").format(name=type(value).__name__))


FORMATS: dict[str, Callable[[PlanDiff], str]] = {
    "text": as_text,
    "markdown": as_markdown,
    "json": as_json,
}
