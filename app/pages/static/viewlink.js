/* Coalition Bases Atlas: the header's links to the table and the charts carry the map's view (its date,
   and the statuses and countries ticked), in the parameters of /bases, so that they show the same sites.
   It reads the map's state (window.atlas, see atlas.js) when a link is about to be followed or copied. */
"use strict";

(function () {
  function ticked(selector) {
    var boxes = Array.prototype.slice.call(document.querySelectorAll(selector));
    var on = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    /* all ticked, or none (no value of the API means "none"): no filter */
    return on.length === boxes.length || !on.length ? null : on;
  }
  function query() {
    var p = new URLSearchParams(), atlas = window.atlas;
    p.set("lang", document.documentElement.lang || "en");
    if (atlas && atlas.state && atlas.state.asOf) p.set("as_of", atlas.state.asOf);
    var statuses = ticked("input[data-status-toggle]"), countries = ticked("input[data-country-toggle]");
    if (statuses) p.set("status", statuses.join(","));
    if (countries) p.set("country", countries.join(","));
    return p.toString();
  }
  function follow(link, path) {
    function update() { link.href = path + "?" + query(); }
    ["pointerdown", "focus", "mouseenter", "contextmenu", "click"].forEach(function (name) {
      link.addEventListener(name, update);
    });
  }
  var table = document.getElementById("atlas-table-link"), charts = document.getElementById("atlas-charts-link");
  if (table) follow(table, "/table");
  if (charts) follow(charts, "/charts/presence");
})();
