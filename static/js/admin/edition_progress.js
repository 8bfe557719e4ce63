// The guide edition's build progress, refreshed every 3 seconds while the build runs.
(function () {
  var box = document.querySelector("[data-guide-edition]");
  function poll() {
    fetch(box.dataset.progressUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
      var bar = box.querySelector("[data-guide-progress]");
      var text = box.querySelector("[data-guide-progress-text]");
      var step = box.querySelector("[data-guide-step]");
      box.querySelector("[data-guide-status-label]").textContent = data.status_label;
      if (bar) { bar.value = data.progress; }
      if (text) { text.textContent = data.progress + " %"; }
      if (step) { step.textContent = data.step; }
      if (data.building) { setTimeout(poll, 3000); } else { box.querySelector("[data-guide-reload]").hidden = false; }
    });
  }
  setTimeout(poll, 3000);
})();
