// The venue's hours grid (guide/hours_admin.py): read the week back in words as the editor
// types, show "fermé" on empty days, choose the advanced entry when its text is edited, and
// copy the first filled day onto the days ticked under the grid (by default the following
// weekdays up to Friday: one click for "du lundi au vendredi").
// The words and formats come from the page, translated (json_script); the reading is the
// same as guide.hours_text.week_reading's, which the server shows before any typing.

const FRIDAY = 4;

function format(pattern, values) {
  return pattern.replace(/%\((\w+)\)(02d|d|s)/g, (_all, key, kind) =>
    kind === "02d" ? String(values[key]).padStart(2, "0") : String(values[key]),
  );
}

// "8h30", "8:30", "08:30", "8h", "8" as guide/hours_admin.py reads them: minutes of the day.
function minutes(text) {
  const match = /^(\d{1,2})(?:\s*[:hH]\s*(\d{2})?)?$/.exec(text.trim());
  if (!match || Number(match[1]) > 23 || Number(match[2] || 0) > 59) return null;
  return Number(match[1]) * 60 + Number(match[2] || 0);
}

// Non-breaking spaces, as portal.typography.time_of_day writes them: "13 h 30" never breaks.
function clock(total, words) {
  const hour = Math.floor(total / 60);
  const minute = total % 60;
  const text = minute ? format(words.hourMinute, { hour, minute }) : format(words.hour, { hour });
  return text.replaceAll(" ", "\u00a0");
}

function dayHours(row) {
  const spans = [];
  for (const range of row.querySelectorAll(".opening-hours-range")) {
    const [start, end] = [...range.querySelectorAll("input")].map((input) => minutes(input.value));
    const afterPrevious = !spans.length || start >= spans[spans.length - 1][1];
    if (start !== null && end !== null && start < end && afterPrevious) spans.push([start, end]);
  }
  const appointment = row.querySelector("input[type=checkbox]").checked;
  return { spans, appointment };
}

function hoursText(hours, words) {
  if (!hours.spans.length) return hours.appointment ? words.appointment : words.closed;
  const spans = hours.spans.map(([s, e]) => `${clock(s, words)} – ${clock(e, words)}`).join(", ");
  return hours.appointment ? format(words.withAppointment, { hours: spans }) : spans;
}

function wordsOf(widget) {
  return JSON.parse(widget.querySelector("script[type='application/json']").textContent);
}

function isFilled(row) {
  const typed = [...row.querySelectorAll(".opening-hours-range input")].some((i) => i.value.trim());
  return typed || row.querySelector("input[type=checkbox]").checked;
}

// The copy offer follows the first filled day; when that day changes, the ticks are reset to
// the weekdays after it, Friday included.
function offerCopy(widget, words) {
  const rows = [...widget.querySelectorAll("tr[data-day]")];
  const source = rows.findIndex(isFilled);
  const offer = widget.querySelector("[data-copy]");
  offer.hidden = source < 0;
  if (source < 0 || widget.dataset.copySource === String(source)) return;
  widget.dataset.copySource = source;
  offer.querySelector("[data-copy-legend]").textContent = format(words.copyLegend, {
    day: words.days[source],
  });
  offer.querySelectorAll("[data-copy-target]").forEach((label, index) => {
    label.hidden = index === source;
    label.querySelector("input").checked = index > source && index <= FRIDAY;
  });
}

function copyDay(widget) {
  const rows = [...widget.querySelectorAll("tr[data-day]")];
  const source = rows[Number(widget.dataset.copySource)];
  const property = (input) => (input.type === "checkbox" ? "checked" : "value");
  const values = [...source.querySelectorAll("input")].map((input) => input[property(input)]);
  widget.querySelectorAll("[data-copy-target]").forEach((label, index) => {
    if (label.hidden || !label.querySelector("input").checked) return;
    rows[index].querySelectorAll("input").forEach((input, position) => {
      input[property(input)] = values[position];
    });
  });
  // Tells this script and Wagtail's unsaved-changes check that the grid changed.
  source.querySelector("input").dispatchEvent(new Event("change", { bubbles: true }));
}

function refresh(widget) {
  const words = wordsOf(widget);
  const groups = new Map();
  let anyOpen = false;
  widget.querySelectorAll("tr[data-day]").forEach((row, index) => {
    const hours = dayHours(row);
    anyOpen ||= hours.spans.length > 0 || hours.appointment;
    row.querySelector("[data-closed]").hidden = isFilled(row);
    const key = JSON.stringify(hours);
    if (!groups.has(key)) groups.set(key, { hours, days: [] });
    groups.get(key).days.push(words.days[index]);
  });
  const lines = [...groups.values()].map(({ hours, days }) => {
    const names = days.join(", ");
    return format(words.line, {
      days: names.charAt(0).toUpperCase() + names.slice(1),
      hours: hoursText(hours, words),
    });
  });
  widget.querySelector("[data-reading]").replaceChildren(
    ...(anyOpen ? lines : [words.empty]).map((line) => {
      const item = document.createElement("li");
      item.textContent = line;
      return item;
    }),
  );
  offerCopy(widget, words);
}

function showMode(widget) {
  const advanced = widget.querySelector("input[name$='-advanced']").checked;
  widget.classList.toggle("is-advanced", advanced);
  widget.querySelector("[data-reading]").hidden = advanced;
  widget.querySelector("[data-reading-advanced]").hidden = !advanced;
}

document.addEventListener("input", (event) => {
  const widget = event.target.closest("[data-opening-hours]");
  if (!widget) return;
  if (event.target.matches("[data-osm-text]")) {
    widget.querySelector("input[name$='-advanced']").checked = true;
  }
  showMode(widget);
  refresh(widget);
});

document.addEventListener("change", (event) => {
  const widget = event.target.closest("[data-opening-hours]");
  if (!widget) return;
  showMode(widget);
  refresh(widget);
});

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy-button]");
  if (button) copyDay(button.closest("[data-opening-hours]"));
});

function offerCopies() {
  document.querySelectorAll("[data-opening-hours]").forEach((w) => offerCopy(w, wordsOf(w)));
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", offerCopies);
} else {
  offerCopies();
}
