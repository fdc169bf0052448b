/* Coalition Bases Atlas: on a phone the panel is a drawer over the bottom of the map, opened by a button,
   closed by its own button or Escape; focus goes into it and back, and aria-expanded tells its state. */
"use strict";
(function () {
  var phone = window.matchMedia("(max-width: 700px)");
  var panel, opener, closer, open = false;

  function set(state, moveFocus) {
    open = state;
    panel.hidden = phone.matches && !open;
    opener.setAttribute("aria-expanded", String(open && phone.matches));
    document.documentElement.classList.toggle("atlas-drawer-open", open && phone.matches);
    if (!moveFocus || !phone.matches) return;
    if (open) document.getElementById("atlas-panel-title").focus(); else opener.focus();
  }
  function showDownloads(ev) {
    ev.preventDefault();
    if (phone.matches) set(true, false);
    var target = document.getElementById("atlas-downloads");
    target.scrollIntoView({block: "start"});
    var first = target.querySelector("a, button, input");
    if (first) first.focus({preventScroll: true});
  }
  function init() {
    panel = document.getElementById("atlas-panel");
    opener = document.getElementById("atlas-drawer-open");
    closer = document.getElementById("atlas-drawer-close");
    if (!panel || !opener || !closer) return;
    opener.addEventListener("click", function () { set(!open, true); });
    closer.addEventListener("click", function () { set(false, true); });
    panel.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && open && phone.matches) { ev.stopPropagation(); set(false, true); }
    });
    document.querySelectorAll("a[href='#atlas-downloads']").forEach(function (a) {
      a.addEventListener("click", showDownloads);
    });
    /* a site found by the search opens its popup: the drawer makes way for it */
    document.addEventListener("atlas:site", function () { if (open && phone.matches) set(false, false); });
    phone.addEventListener("change", function () { set(open, false); });
    set(false, false);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
