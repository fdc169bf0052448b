/* The small map on a site's page: the site in its status's colour, with its uncertainty circle. */
"use strict";
(function () {
  var box = document.getElementById("site-map");
  if (!box || !window.L) return;
  var lat = +box.dataset.lat, lon = +box.dataset.lon, radius = +box.dataset.radius;
  var map = L.map(box, {minZoom: 3, maxZoom: 16}).setView([lat, lon], 9);
  fetch("/static/borders.geojson").then(function (r) { return r.json(); }).then(function (d) {
    L.geoJSON(d, {interactive: false, style: {color: "#8a8f98", weight: 1, fillColor: "#eef0ea", fillOpacity: 1}})
      .addTo(map).bringToBack();
  });
  L.circle([lat, lon], {radius: radius, weight: 1}).addTo(map);
  var mark = document.createElement("span");
  mark.className = "atlas-marker status-" + (box.dataset.status || "unknown");
  L.marker([lat, lon], {icon: L.divIcon({className: "atlas-icon", html: mark, iconSize: [18, 18], iconAnchor: [9, 9]}),
                        keyboard: false}).addTo(map);
  L.control.scale().addTo(map);
})();
