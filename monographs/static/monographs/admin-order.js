/* The inlines of the monograph change form (dosages, side effects, precautions,
   interactions, FAQs): drag a row by its handle, or press its "Move up"/"Move down"
   button, to put it elsewhere; the group's `order` inputs are then renumbered 0, 1, 2…
   in the order shown, as the import numbers them. The numbers stay editable. Loaded only
   where the inlines can be edited. A file, not an inline script: see the site's CSP. */
"use strict";

(function () {
    const form = document.getElementById("drug_form");
    if (!form) {
        return;
    }
    const ORDER_NAME = /^(.+)-(\d+|__prefix__)-order$/;
    const status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.append(status);

    function orderInput(row) {
        return Array.from(row.querySelectorAll("input")).find((input) => ORDER_NAME.test(input.name));
    }

    function rowsOf(group) {
        // The rows shown, in the order shown; not the template "Add another" copies.
        return Array.from(group.querySelectorAll(".inline-related:not(.tabular), tr.form-row"))
            .filter((row) => !row.classList.contains("empty-form") && orderInput(row));
    }

    function groupOf(row) {
        return row.closest(".inline-group");
    }

    function button(label, move, glyph) {
        const element = document.createElement("button");
        element.type = "button";
        element.className = "order-move";
        element.dataset.orderMove = move;
        element.setAttribute("aria-label", label);
        element.title = label;
        element.textContent = glyph;
        return element;
    }

    function addControls(row) {
        const input = orderInput(row);
        const controls = document.createElement("span");
        controls.className = "order-controls";
        const handle = document.createElement("span");
        handle.className = "order-handle";
        handle.setAttribute("role", "img");
        handle.setAttribute("aria-label", "Drag to move this entry");
        handle.title = "Drag to move this entry";
        handle.textContent = "⠿";
        controls.append(handle, button("Move up", "up", "↑"), button("Move down", "down", "↓"));
        input.after(controls);
    }

    function markEnds(rows) {
        // The first row cannot go up nor the last down; their buttons stay focusable.
        rows.forEach((row, position) => {
            const [up, down] = row.querySelectorAll(".order-move");
            up.setAttribute("aria-disabled", String(position === 0));
            down.setAttribute("aria-disabled", String(position === rows.length - 1));
        });
    }

    let renumbering = false;

    function renumber(group) {
        const rows = rowsOf(group);
        markEnds(rows);
        renumbering = true;
        try {
            rows.forEach((row, position) => {
                const input = orderInput(row);
                if (input.value !== String(position)) {
                    input.value = String(position);
                    // admin-draft.js (the leave-page warning, the autosave) hears of it.
                    input.dispatchEvent(new Event("input", {bubbles: true}));
                    input.dispatchEvent(new Event("change", {bubbles: true}));
                }
            });
        } finally {
            renumbering = false;
        }
        return rows;
    }

    // A number typed (or restored from an autosave) puts its row in its place at once, so
    // what is shown is what will be saved, and a later drag does not undo the typing.
    // Typing another row's number takes that row's place.
    function sortByNumber(group, typed) {
        const rows = rowsOf(group);
        const numbers = rows.map((row) => orderInput(row).value.trim());
        if (!numbers.every((number) => /^\d+$/.test(number))) {
            return false;  // the form tells of a wrong number when saved
        }
        const items = rows.map((row, at) => ({row: row, at: at, number: Number(numbers[at])}));
        items.sort((a, b) => {
            if (a.number !== b.number) {
                return a.number - b.number;
            }
            if (a.row === typed) {
                return b.at < a.at ? -1 : 1;
            }
            if (b.row === typed) {
                return a.at < b.at ? 1 : -1;
            }
            return a.at - b.at;
        });
        if (items.every((item, at) => item.row === rows[at])) {
            return false;
        }
        const active = document.activeElement;
        const end = rows[rows.length - 1].nextElementSibling;
        for (const item of items) {
            moveBefore(item.row, end);
        }
        if (active && document.activeElement !== active) {
            active.focus();
        }
        markEnds(rowsOf(group));
        return true;
    }

    function moveBefore(row, next) {
        // A tabular row's errors are a row of their own just above it: they move with it.
        const parent = row.parentNode;
        const errors = row.previousElementSibling;
        const carried = errors && errors.classList.contains("row-form-errors") ? [errors, row] : [row];
        for (const element of carried) {
            parent.insertBefore(element, next);
        }
    }

    function firstOf(row) {
        const errors = row.previousElementSibling;
        return errors && errors.classList.contains("row-form-errors") ? errors : row;
    }

    function announce(row) {
        const rows = rowsOf(groupOf(row));
        status.textContent = "Moved to position " + (rows.indexOf(row) + 1) + " of " + rows.length + ".";
    }

    function step(row, move) {
        const rows = rowsOf(groupOf(row));
        const at = rows.indexOf(row);
        if (move === "up" && at > 0) {
            moveBefore(row, firstOf(rows[at - 1]));
        } else if (move === "down" && at < rows.length - 1) {
            moveBefore(rows[at + 1], firstOf(row));
        } else {
            return false;
        }
        return true;
    }

    // Django names each row's fields by its index, and a saved row must keep an index
    // below INITIAL_FORMS. Removing a new row renames every row by its place on the page,
    // so after a drag a new row could take a saved row's index: name them again, saved
    // rows first, each kind in the order shown.
    function reindex(group, prefix) {
        const rows = rowsOf(group);
        const saved = rows.filter((row) => row.classList.contains("has_original"));
        const added = rows.filter((row) => !row.classList.contains("has_original"));
        const index = new RegExp(prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "-\\d+");
        saved.concat(added).forEach((row, position) => {
            for (const element of [row, ...row.querySelectorAll("[id], [name], [for]")]) {
                for (const attribute of ["id", "name", "for"]) {
                    const value = element.getAttribute(attribute);
                    if (value) {
                        element.setAttribute(attribute, value.replace(index, prefix + "-" + position));
                    }
                }
            }
        });
    }

    for (const group of form.querySelectorAll(".inline-group")) {
        const rows = Array.from(group.querySelectorAll(".inline-related:not(.tabular), tr.form-row"))
            .filter((row) => orderInput(row));
        if (rows.length === 0) {
            continue;
        }
        group.classList.add("orderable");
        rows.forEach(addControls);
        markEnds(rowsOf(group));
    }

    // Delegated, so the rows "Add another" copies from the template work too.
    form.addEventListener("click", (event) => {
        const control = event.target.closest("[data-order-move]");
        if (!control) {
            return;
        }
        const row = control.closest(".inline-related, tr.form-row");
        if (step(row, control.dataset.orderMove)) {
            renumber(groupOf(row));
            announce(row);
        }
        control.focus();
    });

    form.addEventListener("change", (event) => {
        if (renumbering || !ORDER_NAME.test(event.target.name || "")) {
            return;
        }
        const row = event.target.closest(".inline-related, tr.form-row");
        const group = groupOf(row);
        // Only an editor's own typing renumbers: an autosave being restored brings its
        // numbers one field at a time.
        if (sortByNumber(group, event.isTrusted ? row : null) && event.isTrusted) {
            renumber(group);
            announce(row);
        }
    });

    document.addEventListener("formset:added", (event) => {
        const row = event.target;
        const input = row.querySelector ? orderInput(row) : null;
        if (!input) {
            return;
        }
        const others = rowsOf(groupOf(row)).filter((other) => other !== row);
        const highest = Math.max(-1, ...others.map((other) => Number(orderInput(other).value) || 0));
        input.value = String(highest + 1);
        input.dispatchEvent(new Event("change", {bubbles: true}));
        markEnds(rowsOf(groupOf(row)));
    });

    document.addEventListener("formset:removed", (event) => {
        const group = document.getElementById(event.detail.formsetName + "-group");
        if (group && group.classList.contains("orderable")) {
            // Django renames the rows after this event: rename them after Django.
            window.setTimeout(() => {
                reindex(group, event.detail.formsetName);
                markEnds(rowsOf(group));
            });
        }
    });

    // Dragging with pointer events (mouse, pen and touch alike): the row follows the
    // pointer among its group's rows, and the numbers follow when it is let go.
    let dragging = null;

    form.addEventListener("pointerdown", (event) => {
        const handle = event.target.closest(".order-handle");
        if (!handle || event.button !== 0) {
            return;
        }
        event.preventDefault();
        const row = handle.closest(".inline-related, tr.form-row");
        dragging = {row: row, start: row.nextElementSibling, pointer: event.pointerId};
        handle.setPointerCapture(event.pointerId);
        row.classList.add("order-dragging");
    });

    form.addEventListener("pointermove", (event) => {
        if (!dragging || event.pointerId !== dragging.pointer) {
            return;
        }
        const others = rowsOf(groupOf(dragging.row)).filter((row) => row !== dragging.row);
        const below = others.find((row) => {
            const box = row.getBoundingClientRect();
            return event.clientY < box.top + box.height / 2;
        });
        if (below) {
            if (firstOf(below) !== dragging.row.nextElementSibling) {
                moveBefore(dragging.row, firstOf(below));
            }
        } else if (others.length) {
            const last = others[others.length - 1];
            if (last.nextElementSibling !== dragging.row) {
                moveBefore(dragging.row, last.nextElementSibling);
            }
        }
    });

    function drop(event, cancelled) {
        if (!dragging || event.pointerId !== dragging.pointer) {
            return;
        }
        const {row, start} = dragging;
        dragging = null;
        row.classList.remove("order-dragging");
        if (cancelled) {
            moveBefore(row, start);
        }
        if (row.nextElementSibling !== start) {  // a click on the handle changes nothing
            renumber(groupOf(row));
            announce(row);
        }
    }

    form.addEventListener("pointerup", (event) => drop(event, false));
    form.addEventListener("pointercancel", (event) => drop(event, true));
}());
