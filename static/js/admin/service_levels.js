// "Toute la famille" buttons of the venue's "Services et étoiles" tab: set every service of a
// family to one level, and tell Wagtail's unsaved-changes check that the form changed.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-service-levels-all]");
  if (!button) return;
  const table = button.closest("[data-service-levels]");
  const level = button.dataset.serviceLevelsAll;
  for (const radio of table.querySelectorAll(`input[type="radio"][value="${level}"]`)) {
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
  }
});
