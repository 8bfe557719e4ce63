/* "Me géolocaliser" on /lieux/: fills the filter form's hidden lat/lon and submits it.
 * On the home page (data-located), it only fills them and says so: the need tile the resident
 * taps next submits the form with the position.
 *
 * The button is rendered hidden and shown only here, so it never appears without JavaScript.
 * Messages come translated from the button's data- attributes.
 */
(function () {
  "use strict";

  var button = document.querySelector("button[data-locate]");
  if (!button || !("geolocation" in navigator)) {
    return;
  }
  var form = button.form;
  var status = document.getElementById(button.dataset.status);

  function setCoordinate(name, value) {
    var input = form.elements[name];
    // About 100 m: enough to sort venues, no more precise than needed in the URL.
    input.value = value.toFixed(3);
    input.disabled = false;
  }

  function located(position) {
    setCoordinate("lat", position.coords.latitude);
    setCoordinate("lon", position.coords.longitude);
    if (button.dataset.located) {
      button.disabled = false;
      status.textContent = button.dataset.located;
      return;
    }
    form.submit();
  }

  function failed() {
    button.disabled = false;
    status.textContent = button.dataset.failure;
    var postcode = document.getElementById("id_cp");
    if (postcode) {
      var details = postcode.closest("details");
      if (details) {
        details.open = true;
      }
      postcode.focus();
    }
  }

  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = button.dataset.waiting;
    navigator.geolocation.getCurrentPosition(located, failed, {
      timeout: 15000,
      maximumAge: 300000,
    });
  });
})();
