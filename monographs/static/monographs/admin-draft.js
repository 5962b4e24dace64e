/* The monograph change form (templates/admin/monographs/drug/change_form.html): warn
   before leaving it with unsaved changes, autosave what was typed every little while
   (monographs/editorial/autosave.py: kept apart, not a revision), and offer an autosave
   back when the form opens again. A file, not an inline script: see the site's CSP. */
"use strict";

(function () {
    const form = document.getElementById("drug_form");
    const status = document.querySelector("[data-autosave-url]");
    if (!form || !status) {
        return;
    }
    const url = status.dataset.autosaveUrl;
    const offer = document.getElementById("autosave-offer");
    const INTERVAL_MS = 20000;
    const MANAGEMENT = /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/;
    // The form's state when it opened and when last autosaved, compared rather than
    // tracked through events: widgets (select2, markdownx) fire events of their own.
    let initial = null;
    let lastSent = null;
    let submitting = false;

    function state() {
        return JSON.stringify(fields());
    }

    function dirty() {
        return initial !== null && state() !== initial;
    }

    function fields() {
        const entries = [];
        for (const element of form.elements) {
            const skip = ["submit", "button", "reset", "file"].includes(element.type);
            if (!element.name || element.disabled || skip || element.name.includes("__prefix__")) {
                continue;
            }
            if (element.type === "checkbox" || element.type === "radio") {
                entries.push([element.name, element.checked ? element.value : "", "checked"]);
            } else if (element.tagName === "SELECT") {
                for (const option of element.selectedOptions) {
                    entries.push([element.name, option.value, option.text]);
                }
                if (element.multiple && element.selectedOptions.length === 0) {
                    entries.push([element.name, "", ""]);
                }
            } else {
                entries.push([element.name, element.value, ""]);
            }
        }
        return entries;
    }

    function post(body, query) {
        return fetch(url + (query || ""), {
            method: "POST",
            credentials: "same-origin",
            keepalive: true,
            headers: {
                "Content-Type": "application/json",
                "X-CSRFToken": form.elements.csrfmiddlewaretoken.value,
            },
            body: body,
        });
    }

    function autosave() {
        if (lastSent === null || submitting || (offer && !offer.hidden)) {
            return;
        }
        const now = state();
        if (now === lastSent) {
            return;
        }
        post(JSON.stringify({fields: JSON.parse(now)}))
            .then((response) => response.ok ? response.json() : Promise.reject(response))
            .then((answer) => {
                lastSent = now;
                status.textContent = "Autosaved at " + answer.saved_at + " (only for you: save to keep it).";
            })
            .catch(() => {
                status.textContent = "Autosave failed: save the form to keep your changes.";
            });
    }

    function addRows(saved) {
        // Inline rows added before the autosave: add them with the inline's own link.
        for (const [name, value] of saved) {
            if (!name.endsWith("-TOTAL_FORMS")) {
                continue;
            }
            const prefix = name.slice(0, -"-TOTAL_FORMS".length);
            const total = form.elements[name];
            const add = document.querySelector("#" + CSS.escape(prefix) + "-group .add-row a");
            while (total && add && Number(total.value) < Number(value)) {
                const before = total.value;
                add.click();
                if (total.value === before) {
                    break;
                }
            }
        }
    }

    function restore(saved) {
        addRows(saved);
        const selected = new Map();
        for (const [name, value, label] of saved) {
            if (MANAGEMENT.test(name)) {
                continue;
            }
            for (const element of form.querySelectorAll("[name='" + CSS.escape(name) + "']")) {
                if (element.type === "checkbox" || element.type === "radio") {
                    element.checked = value !== "" && value === element.value;
                } else if (element.tagName === "SELECT") {
                    const values = selected.get(element) || [];
                    selected.set(element, values);
                    if (value === "" && element.multiple) {
                        continue;
                    }
                    values.push(value);
                    const known = Array.from(element.options).some((option) => option.value === value);
                    if (!known) {
                        element.add(new Option(label, value));
                    }
                } else {
                    element.value = value;
                    element.dispatchEvent(new Event("input", {bubbles: true}));
                    element.dispatchEvent(new Event("change", {bubbles: true}));  // admin-order.js
                }
            }
        }
        for (const [element, values] of selected) {
            for (const option of element.options) {
                option.selected = values.includes(option.value);
            }
            element.dispatchEvent(new Event("change", {bubbles: true}));
            if (window.django && window.django.jQuery) {
                window.django.jQuery(element).trigger("change");  // select2's own display
            }
        }
    }

    window.addEventListener("load", () => {
        initial = lastSent = state();
    });
    form.addEventListener("submit", () => {
        submitting = true;
    });
    window.addEventListener("beforeunload", (event) => {
        if (!submitting && dirty()) {
            event.preventDefault();
            event.returnValue = "";  // older browsers need it to ask
        }
    });
    window.setInterval(autosave, INTERVAL_MS);
    document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "hidden") {
            autosave();
        }
    });

    if (offer) {
        const saved = JSON.parse(document.getElementById("autosave-fields").textContent);
        offer.hidden = false;
        offer.querySelector("[data-autosave-restore]").addEventListener("click", () => {
            restore(saved);
            offer.hidden = true;
            status.textContent = "Your autosaved changes are back in the form: check them, then save.";
        });
        offer.querySelector("[data-autosave-discard]").addEventListener("click", () => {
            post("{}", "?discard=1");
            offer.hidden = true;
            status.textContent = "The autosaved changes are discarded.";
        });
    }
}());
