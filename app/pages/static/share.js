/* Coalition Bases Atlas, every page: copy buttons (the OGC URL, a link to the view), print; on the map,
   the download links follow the view (the "atlas:view" event of atlas.js). */
"use strict";
(function () {
  function status(text) {
    var out = document.querySelector(".atlas-copy-status");
    if (out) out.textContent = text;
  }
  function copy(text, field, button) {
    var done = function () { status(button.getAttribute("data-copied") || "✓"); };
    var fallback = function () {   /* no clipboard (an insecure origin): select it for the reader */
      if (field) { field.focus(); field.select(); }
      status(button.getAttribute("data-copy-failed") || "");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, fallback);
    else fallback();
  }
  function absolute(input) {
    var path = input.getAttribute("data-value") || input.value;
    input.setAttribute("data-value", path);
    input.value = new URL(path, location.href).href;
  }

  /* the parameters each download takes (app/web/routes/downloads.py): bases.* those of /bases,
     events.csv those of /events; the OGC items those of its collection */
  function query(params) {
    var p = new URLSearchParams();
    Object.keys(params).forEach(function (k) { if (params[k]) p.set(k, params[k]); });
    var text = p.toString();
    return text ? "?" + text : "";
  }
  function siteParams(v) {
    return {as_of: v.asOf !== v.today ? v.asOf : null, status: v.status, country: v.country};
  }
  function eventParams(v) {
    return {base: v.status ? v.visible : null, country: v.country, until: v.asOf !== v.today ? v.asOf : null};
  }
  function ogcParams(v) {
    return {datetime: v.asOf !== v.today ? v.asOf : null, status: v.status, country: v.country};
  }
  function follow(v) {
    document.querySelectorAll("a[data-download]").forEach(function (a) {
      var params = a.getAttribute("data-download") === "events" ? eventParams(v) : siteParams(v);
      a.href = a.getAttribute("data-path") + query(params);
    });
    var ogc = document.getElementById("atlas-ogc-url");
    if (ogc) { ogc.setAttribute("data-value", "/ogc/collections/bases/items" + query(ogcParams(v))); absolute(ogc); }
  }

  function init() {
    var ogc = document.getElementById("atlas-ogc-url");
    if (ogc) absolute(ogc);
    document.querySelectorAll("button[data-copy]").forEach(function (b) {
      b.addEventListener("click", function () {
        var field = document.getElementById(b.getAttribute("data-copy"));
        copy(field.value, field, b);
      });
    });
    document.querySelectorAll("button[data-copy-link]").forEach(function (b) {
      b.addEventListener("click", function () { copy(location.href, null, b); });
    });
    document.querySelectorAll("button[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  }
  document.addEventListener("atlas:view", function (e) { follow(e.detail); });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
