/* Venue map: an enhancement of the venue list, which stays on the page and says everything.
 *
 * templates/includes/map.html renders a hidden container whose data- attributes give the tile
 * server, its attribution and the site's own Leaflet files, and the markers as JSON. Leaflet is
 * loaded only here, only on pages with a map; the container is shown once it is ready.
 * Pins are left out of the Tab order: the list says the same, and a keyboard user reaches it
 * without twenty stops on the way. A numbered pin carries its row's number in the list.
 */
(function () {
  "use strict";

  var container = document.querySelector(".map[data-tile-url]");
  var data = document.getElementById("map-markers");
  if (!container || !data) {
    return;
  }
  var markers = JSON.parse(data.textContent);
  if (!markers.length) {
    return;
  }
  var options = container.dataset;

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

  function text(tag, content, className) {
    var element = document.createElement(tag);
    element.textContent = content;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function popup(marker) {
    var box = document.createElement("div");
    var link = text("a", marker.name);
    link.href = marker.url;
    var name = text("p", "", "map-popup-name");
    name.appendChild(link);
    box.appendChild(name);
    box.appendChild(text("p", marker.open, marker.is_open ? "map-popup-state is-open" : "map-popup-state"));
    return box;
  }

  function icon(L, marker) {
    if (marker.number === undefined) {
      return new L.Icon.Default();
    }
    return L.divIcon({
      className: marker.is_open ? "map-pin is-open" : "map-pin",
      html: text("span", String(marker.number)).outerHTML,
      iconSize: [30, 30],
      iconAnchor: [15, 15],
      popupAnchor: [0, -15],
    });
  }

  function build() {
    var L = window.L;
    // Explicit icon URLs: Leaflet's guess from its CSS fails with hashed static file names.
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: options.markerIcon,
      iconRetinaUrl: options.markerIcon2x,
      shadowUrl: options.markerShadow,
    });
    container.hidden = false;
    var map = L.map(container.querySelector(".map-canvas"), { scrollWheelZoom: false });
    // Leaflet's own prefix carries an English tooltip; the library is named without it.
    map.attributionControl.setPrefix("Leaflet");
    L.tileLayer(options.tileUrl, {
      maxZoom: 19,
      // Leaflet treats attributions as HTML: the setting is plain text.
      attribution: text("span", options.attribution).innerHTML,
    }).addTo(map);
    var points = markers.map(function (marker) {
      var point = [marker.lat, marker.lon];
      L.marker(point, { title: marker.name, alt: marker.name, icon: icon(L, marker), keyboard: false })
        .bindPopup(popup(marker))
        .addTo(map);
      return point;
    });
    // One marker gives an empty box: maxZoom keeps the street around it in view.
    map.fitBounds(points, { maxZoom: 16, padding: [32, 32] });
  }

  Promise.all([
    load("link", { rel: "stylesheet", href: options.leafletCss }),
    window.L ? Promise.resolve() : load("script", { src: options.leafletJs }),
  ]).then(build, function () {
    // Leaflet could not be loaded: the map stays hidden, the list is still there.
  });
})();
