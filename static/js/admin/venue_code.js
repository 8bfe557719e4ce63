/* The venue editor's code field: the next free code of the chosen territory as its placeholder
 * and, on a new venue, typed in for the editor (until she types her own). The codes come from
 * guide/forms.py (VenuePageForm.suggest_codes), which also lists them in the help text for
 * editors without JavaScript. Wagtail's chooser and a plain select both fire "change".
 */
(function () {
  "use strict";

  // Wagtail loads panel scripts in the head: the fields come later.
  function start() {
    var input = document.querySelector("input[data-next-codes]");
    if (!input) {
      return;
    }
    var codes = JSON.parse(input.dataset.nextCodes);
    var fill = input.hasAttribute("data-fill");
    var typedByUs = "";

    function suggest(territoryId) {
      var code = codes[territoryId] || "";
      input.placeholder = code;
      if (fill && (input.value === "" || input.value === typedByUs)) {
        input.value = code;
        typedByUs = code;
      }
    }

    var territory = input.form && input.form.querySelector('[name="territory"]');
    if (territory && territory.value) {
      suggest(territory.value);
    }
    document.addEventListener("change", function (event) {
      if (event.target.name === "territory") {
        suggest(event.target.value);
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
