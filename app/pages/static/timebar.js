/* Coalition Bases Atlas: the date bar's years and the marks of the days events count from, placed along
   the range input (which runs right to left in an Arabic page, as the marks do: inset-inline-start). */
"use strict";
(function () {
  var BUCKETS = 400;   /* at most this many marks, however many events: one per 1/400 of the bar */

  function place(node, fraction) {
    node.style.insetInlineStart = (fraction * 100).toFixed(3) + "%";
    return node;
  }
  function fractionOf(days, day) {
    var i = days.indexOf(day);
    if (i < 0) i = day < days[0] ? 0 : days.length - 1;
    return days.length > 1 ? i / (days.length - 1) : 0;
  }
  function eventDays(opts) {
    if (opts.event_days) return opts.event_days;   /* a lazy map: the server listed them */
    var found = {};
    opts.sites.forEach(function (s) { (s.events || []).forEach(function (e) { found[e.counts_from] = true; }); });
    return Object.keys(found).sort();
  }
  function drawYears(box, days, atlas) {
    var first = +days[0].slice(0, 4), last = +days[days.length - 1].slice(0, 4);
    var width = box.clientWidth || window.innerWidth - 40;   /* a closed drawer has no width yet */
    var step = Math.max(1, Math.ceil((last - first) / Math.max(1, Math.floor(width / 42))));
    for (var y = first + 1; y <= last; y += 1) {
      var f = fractionOf(days, y + "-01-01");
      var tick = place(document.createElement("span"), f);
      tick.className = "atlas-year-tick";
      box.appendChild(tick);
      if (y % step) continue;   /* even years when there is room for every other one only */
      var label = place(document.createElement("button"), f);
      label.type = "button";
      label.className = "atlas-year";
      label.textContent = String(y);
      label.tabIndex = -1;   /* the range input is the keyboard's way; these are a shortcut for the mouse */
      label.setAttribute("data-year", String(y));
      label.addEventListener("click", (function (day) { return function () { atlas.setDay(day); }; })(y + "-01-01"));
      box.appendChild(label);
    }
  }
  function drawMarks(box, days, opts) {
    var used = {};
    eventDays(opts).forEach(function (day) {
      var f = fractionOf(days, day), bucket = Math.round(f * BUCKETS);
      if (used[bucket]) { used[bucket].setAttribute("data-count", +used[bucket].getAttribute("data-count") + 1); return; }
      var mark = place(document.createElement("span"), bucket / BUCKETS);
      mark.className = "atlas-event-mark";
      mark.setAttribute("data-day", day);
      mark.setAttribute("data-count", "1");
      used[bucket] = mark;
      box.appendChild(mark);
    });
  }
  document.addEventListener("atlas:ready", function (e) {
    var atlas = e.detail, years = document.getElementById("atlas-date-years");
    var marks = document.getElementById("atlas-date-marks");
    if (!years || !marks || !atlas.days.length) return;
    drawYears(years, atlas.days, atlas);
    drawMarks(marks, atlas.days, atlas.opts);
  });
})();
