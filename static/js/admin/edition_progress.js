// Each guide edition being built, on its edit page or in the editions list: its progress,
// asked every 3 seconds until the build ends; then its "Actualiser" link says so.
(function () {
  function follow(box) {
    function show(data) {
      var bar = box.querySelector("[data-guide-progress]");
      var reload = box.querySelector("[data-guide-reload]");
      box.querySelector("[data-guide-status-label]").textContent = data.status_label;
      box.querySelector("[data-guide-progress-text]").textContent = data.progress + " %";
      box.querySelector("[data-guide-step]").textContent = data.step ? "— " + data.step : "";
      if (bar) { bar.value = data.progress; }
      if (data.building) {
        setTimeout(poll, 3000);
      } else {
        reload.textContent = reload.dataset.doneLabel;
      }
    }
    function poll() {
      fetch(box.dataset.progressUrl, {credentials: "same-origin"})
        .then(function (response) { return response.json(); })
        .then(show);
    }
    setTimeout(poll, 3000);
  }
  document.querySelectorAll("[data-guide-edition]").forEach(follow);
})();
