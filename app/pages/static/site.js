/* The small map on a site's page. */
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
  L.circleMarker([lat, lon], {radius: 6, color: "#222", fillColor: "#1a9850", fillOpacity: 1}).addTo(map);
  L.control.scale().addTo(map);
})();
