/* The venue editor's "Localiser l'adresse": asks the site's geocoding view (guide/admin_views.py)
 * for the address typed above, fills the latitude and longitude, and shows a pin the editor can
 * drag to refine them. guide/panels.py's LocationPanel renders the hidden controls; without
 * this script the two fields are typed by hand.
 */
(function () {
  "use strict";

  // Wagtail loads panel scripts in the head: the fields come later.
  function start() {
    var box = document.querySelector(".venue-locate[data-locate-url]");
    if (!box) {
      return;
    }
    var options = box.dataset;
    var message = box.querySelector("[data-locate-message]");
    var canvas = box.querySelector("[data-locate-map]");
    var form = box.closest("form");

    function field(name) {
      return form.querySelector('[name="' + name + '"]');
    }

    var latitude = field("latitude");
    var longitude = field("longitude");
    var map = null;
    var pin = null;
    var leaflet = null;

    function load(tag, attributes) {
      return new Promise(function (resolve, reject) {
        var element = document.createElement(tag);
        Object.keys(attributes).forEach(function (name) {
          element.setAttribute(name, attributes[name]);
        });
        element.addEventListener("load", resolve);
        element.addEventListener("error", reject);
        document.head.appendChild(element);
      });
    }

    function loadLeaflet() {
      if (!leaflet) {
        leaflet = Promise.all([
          load("link", { rel: "stylesheet", href: options.leafletCss }),
          load("script", { src: options.leafletJs }),
        ]);
      }
      return leaflet;
    }

    function setFields(point) {
      latitude.value = point.lat.toFixed(6);
      longitude.value = point.lng.toFixed(6);
      [latitude, longitude].forEach(function (input) {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }

    function showPin(lat, lon) {
      return loadLeaflet().then(function () {
        var L = window.L;
        canvas.hidden = false;
        if (!map) {
          L.Icon.Default.imagePath = "";
          L.Icon.Default.mergeOptions({
            iconUrl: options.markerIcon,
            iconRetinaUrl: options.markerIcon2x,
            shadowUrl: options.markerShadow,
          });
          map = L.map(canvas, { scrollWheelZoom: false });
          map.attributionControl.setPrefix("Leaflet");
          var attribution = document.createElement("span");
          attribution.textContent = options.attribution;
          L.tileLayer(options.tileUrl, { maxZoom: 19, attribution: attribution.innerHTML }).addTo(map);
          pin = L.marker([lat, lon], { draggable: true, title: options.pinLabel, alt: options.pinLabel });
          pin.on("dragend", function () {
            setFields(pin.getLatLng());
          });
          pin.addTo(map);
        }
        pin.setLatLng([lat, lon]);
        map.setView([lat, lon], 17);
      });
    }

    function currentPoint() {
      var lat = parseFloat(latitude.value.replace(",", "."));
      var lon = parseFloat(longitude.value.replace(",", "."));
      return isNaN(lat) || isNaN(lon) ? null : [lat, lon];
    }

    function locate() {
      var query = new URLSearchParams({
        address: field("address").value,
        postcode: field("postcode").value,
        commune: field("commune").value,
      });
      message.textContent = "…";
      fetch(options.locateUrl + "?" + query.toString(), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (answer) {
          message.textContent = answer.message;
          message.classList.toggle("venue-locate-approximate", Boolean(answer.approximate));
          if (answer.found) {
            setFields({ lat: answer.latitude, lng: answer.longitude });
            return showPin(answer.latitude, answer.longitude);
          }
          return null;
        })
        .catch(function () {
          message.textContent = options.failure;
        });
    }

    box.hidden = false;
    box.querySelector("[data-locate-button]").addEventListener("click", locate);
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("input", function () {
        var point = currentPoint();
        if (point && map) {
          pin.setLatLng(point);
          map.setView(point);
        }
      });
    });
    var start = currentPoint();
    if (start) {
      showPin(start[0], start[1]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
