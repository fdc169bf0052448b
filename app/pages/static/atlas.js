/* Coalition Bases Atlas: time-aware markers, popups, search and layer toggles.
   Every text from the data reaches the page through textContent, never as HTML. */
"use strict";

function atlasInit(map, opts) {
  var W = opts.words, lang = opts.lang, params = new URLSearchParams(location.search);
  opts.today = new Date().toISOString().slice(0, 10);  /* the reader's today: the page holds no date */
  opts.first = opts.first || opts.today;
  opts.last = opts.last && opts.last > opts.today ? opts.last : opts.today;
  var byId = {}, markers = {}, circles = {}, state = {
    asOf: validDay(params.get("as_of")) || opts.today,
    base: params.get("base"),
    hiddenStatus: hiddenFrom(params.get("status"), opts.statuses),
    hiddenCountry: hiddenFrom(params.get("country"), Object.keys(opts.country_names || {}))
  };
  var sitesLayer = opts.cluster ? L.markerClusterGroup() : L.layerGroup();
  var circlesLayer = L.layerGroup();

  /* ?status=a,b shows only those (the API's meaning): every other value is hidden */
  function hiddenFrom(text, all) {
    var hidden = {};
    if (!text) return hidden;
    var shown = text.split(",").map(function (v) { return v.trim(); });
    all.forEach(function (v) { if (shown.indexOf(v) < 0 && shown.indexOf(v.toLowerCase()) < 0) hidden[v] = true; });
    return hidden;
  }
  function validDay(text) {
    return text && /^\d{4}-\d{2}-\d{2}$/.test(text) && !isNaN(Date.parse(text)) ? text : null;
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }
  function viaName(via) {   /* as app.pages.map.via_name: the Arabic title on an Arabic page */
    if (!via) return null;
    return lang === "ar" && via.title_ar ? "«" + via.title_ar + "»" : via.outlet;
  }
  function distance(m) {
    return m < 1000 ? "±" + m + " " + W.ui.m : "±" + (Math.round(m / 100) / 10) + " " + W.ui.km;
  }
  function name(site) { return lang === "ar" ? site.name_ar : site.name_en; }
  function otherName(site) { return lang === "ar" ? site.name_en : site.name_ar; }
  function statusOn(site, day) {
    if (!site.transitions) return [site.status, site.status_date];  /* a lazy site: as the server said */
    var found = ["unknown", null];
    site.transitions.forEach(function (t) { if (t[0] <= day) found = [t[1], t[2]]; });
    return found;
  }
  function countsFrom(text) {  /* a month or a year counts from its last day, as on the server */
    if (text.length === 10) return text;
    if (text.length === 7) return new Date(Date.UTC(+text.slice(0, 4), +text.slice(5, 7), 0)).toISOString().slice(0, 10);
    return text.slice(0, 4) + "-12-31";
  }
  function fromDetail(d) {  /* /bases/{id}?include_later=true -> the shape popups use */
    return {id: d.id, name_en: d.name_en, name_ar: d.name_ar, aliases: d.aliases, kind: d.kind,
      country: d.country, country_name: (opts.country_names || {})[d.country] || d.country, admin1: d.admin1,
      lon: d.lon, lat: d.lat, uncertainty_m: d.uncertainty_m, location_source: d.location_source,
      asOfDay: d.as_of, asOfNations: d.nations, transitions: d.status_changes || null,
      status: d.status, status_date: d.status_date,
      events: d.events.map(function (e) {
        return {id: e.id, date: e.date, counts_from: countsFrom(e.date), present: null, type: e.type,
                summary_en: e.summary_en, summary_ar: e.summary_ar, outlet: e.source.outlet,
                published: e.source.published, url: e.source.url, via: viaName(e.source.via),
                certainty: e.certainty, also: (e.sources || []).slice(1)};
      })};
  }
  /* what had been reported of a site by a day: events up to it and after it, newest report, nations */
  function stateOn(site, day) {
    var known = [], later = [];
    (site.events || []).forEach(function (e) { (e.counts_from <= day ? known : later).push(e); });
    var last = known.length ? known[known.length - 1] : null;
    var nations = !last ? [] : last.present !== null ? last.present : site.asOfDay === day ? site.asOfNations : null;
    return {known: known, later: later, last: last, nations: nations,
            stale: !last || (Date.parse(day) - Date.parse(last.counts_from)) > 365 * 864e5};
  }

  function icon(status, id) {
    var span = el("span", {"class": "atlas-marker status-" + status, "data-site": id, "data-status": status});
    return L.divIcon({className: "atlas-icon", html: span, iconSize: [18, 18], iconAnchor: [9, 9],
                      popupAnchor: [0, -8]});
  }

  function eventItem(e, later) {
    var item = el("li", {"class": "atlas-event type-" + e.type + (later ? " atlas-later" : ""), "data-event": e.id});
    item.appendChild(el("bdi", {"class": "atlas-event-date atlas-day", dir: "ltr"}, e.date));
    item.appendChild(document.createTextNode(" "));
    item.appendChild(el("a", {"class": "atlas-event-type", href: "/events/" + encodeURIComponent(e.id) +
                              ".html?lang=" + lang}, W.event[e.type] || e.type));
    var certainty = e.certainty || "reported";
    item.appendChild(document.createTextNode(" "));
    item.appendChild(el("span", {"class": "atlas-certainty certainty-" + certainty}, W.certainty[certainty]));
    item.appendChild(el("div", {"class": "atlas-event-summary"}, lang === "ar" ? e.summary_ar : e.summary_en));
    var src = el("div", {"class": "atlas-event-source"}, W.ui.source + ": ");
    var url = safeUrl(e.url);
    var cite = url ? el("a", {href: url, target: "_blank", rel: "noopener noreferrer"}) : el("span", {});
    cite.appendChild(el("bdi", {}, e.outlet));
    cite.appendChild(document.createTextNode(lang === "ar" ? "، " : ", "));
    cite.appendChild(el("bdi", {"class": "atlas-day", dir: "ltr"}, e.published));
    src.appendChild(cite);
    if (e.affiliation) {   /* a sourced note on the outlet: hover it, or read it on the event's page */
      src.appendChild(el("span", {"class": "atlas-affiliation", title: e.affiliation, "aria-label": e.affiliation}, " ⓘ"));
    }
    if (e.via) {
      src.appendChild(document.createTextNode(" (" + W.ui.via + " "));
      src.appendChild(el("bdi", {}, e.via));
      src.appendChild(document.createTextNode(")"));
    }
    (e.also || []).forEach(function (s, i) {
      src.appendChild(document.createTextNode(i ? (lang === "ar" ? "؛ " : "; ") : " · " + W.ui.also_reported + ": "));
      var u = safeUrl(s.url), a = u ? el("a", {href: u, target: "_blank", rel: "noopener noreferrer"}) : el("span", {});
      a.appendChild(el("bdi", {}, s.outlet));
      a.appendChild(document.createTextNode(lang === "ar" ? "، " : ", "));
      a.appendChild(el("bdi", {"class": "atlas-day", dir: "ltr"}, s.published));
      src.appendChild(a);
    });
    item.appendChild(src);
    return item;
  }

  function popup(site) {
    var box = el("div", {"class": "atlas-popup", dir: lang === "ar" ? "rtl" : "ltr", lang: lang});
    var st = statusOn(site, state.asOf), now = stateOn(site, state.asOf);
    box.appendChild(el("h3", {"class": "atlas-name"}, name(site)));
    box.appendChild(el("div", {"class": "atlas-other-name", lang: lang === "ar" ? "en" : "ar",
                               dir: lang === "ar" ? "ltr" : "rtl"}, otherName(site)));
    var facts = el("dl", {"class": "atlas-facts"});
    function fact(label, value, key) {
      facts.appendChild(el("dt", {}, label));
      var dd = el("dd", key ? {"data-fact": key} : {}, typeof value === "string" ? value : null);
      if (typeof value !== "string") value.forEach(function (part) { dd.appendChild(part); });
      facts.appendChild(dd);
    }
    function day(text) { return el("bdi", {"class": "atlas-day", dir: "ltr"}, text); }
    function words(text) { return document.createTextNode(text); }
    fact(W.ui.kind, W.kind[site.kind] || site.kind);
    fact(W.ui.country, [words(site.country_name || (opts.country_names || {})[site.country] || site.country)]
                       .concat(site.admin1 ? [words(" — "), el("bdi", {}, site.admin1)] : []));
    fact(W.ui.status, st[1] ? [words((W.status[st[0]] || st[0]) + " (" + W.ui.last_reported + " "), day(st[1]), words(")")]
                            : (W.status[st[0]] || st[0]), "status");
    var nationNames = (now.nations || []).map(function (c) { return (opts.nation_names || {})[c] || c; });
    fact(W.ui.nations, now.nations === null ? "…" : nationNames.length ? nationNames.join(lang === "ar" ? "، " : ", ")
                                                                        : W.ui.none, "nations");
    facts.lastChild.setAttribute("data-codes", (now.nations || []).join(","));  /* ISO codes, for machines */
    var newest = now.last ? [day(now.last.date)] : [words(W.ui.no_report_yet)];
    if (now.last && now.stale) newest.push(el("span", {"class": "atlas-stale"}, " — " + W.ui.stale));
    fact(W.ui.newest, newest, "last_reported");
    fact(W.ui.event_count, [day(String(now.known.length))], "event_count");
    fact(W.ui.location, [el("bdi", {"class": "atlas-distance", dir: lang === "ar" ? "rtl" : "ltr"},
                            distance(site.uncertainty_m))].concat(
      site.location_source ? [words(" — "), el("bdi", {}, site.location_source)] : []));
    box.appendChild(facts);
    box.appendChild(el("h4", {}, W.ui.timeline));
    var list = el("ol", {"class": "atlas-timeline"});
    now.known.forEach(function (e) { list.appendChild(eventItem(e, false)); });
    if (now.later.length) {
      var line = el("li", {"class": "atlas-later-line"}, W.ui.reported_after + " ");
      line.appendChild(day(state.asOf));
      list.appendChild(line);
      now.later.forEach(function (e) { list.appendChild(eventItem(e, true)); });
    }
    box.appendChild(list);
    var links = el("p", {"class": "atlas-links"});
    var asOf = state.asOf !== opts.today ? "&as_of=" + state.asOf : "";
    links.appendChild(el("a", {href: "/bases/" + encodeURIComponent(site.id) + ".html?lang=" + lang + asOf}, W.ui.details));
    links.appendChild(document.createTextNode(" · "));
    links.appendChild(el("a", {href: "/bases.geojson?q=" + encodeURIComponent(site.name_en) + asOf}, W.ui.download));
    box.appendChild(links);
    return box;
  }

  function visible(site) {
    return !state.hiddenStatus[statusOn(site, state.asOf)[0]] && !state.hiddenCountry[site.country];
  }

  function redraw() {
    if (opts.lazy) {
      loadView(); syncDate();
      var open = state.base && markers[state.base];
      if (open && open.isPopupOpen()) fetchDetail(state.base).then(function (s) { open.setPopupContent(popup(s)); });
      return;
    }
    opts.sites.forEach(function (site) {
      var st = statusOn(site, state.asOf)[0], m = markers[site.id];
      m.setIcon(icon(st, site.id));
      if (m.isPopupOpen()) m.setPopupContent(popup(site));
      var shown = sitesLayer.hasLayer(m);
      if (visible(site) && !shown) { sitesLayer.addLayer(m); circlesLayer.addLayer(circles[site.id]); }
      if (!visible(site) && shown) { sitesLayer.removeLayer(m); circlesLayer.removeLayer(circles[site.id]); }
    });
    syncDate();
  }
  function syncDate() {
    document.getElementById("atlas-date-label").textContent = state.asOf;  /* a bdi in the page */
    document.getElementById("atlas-key-day").textContent = state.asOf;
    document.getElementById("atlas-date-input").value = state.asOf;
    slider.setAttribute("aria-valuetext", state.asOf);
    syncUrl();
  }

  /* the values shown of a filter, comma-joined, or null when none is hidden (the API's status=, country=) */
  function shownOf(hidden, all) {
    var shown = all.filter(function (v) { return !hidden[v]; });
    return shown.length === all.length ? null : shown.join(",");
  }
  function view() {
    var status = shownOf(state.hiddenStatus, opts.statuses);
    var country = shownOf(state.hiddenCountry, Object.keys(opts.country_names || {}));
    var visibleIds = opts.lazy ? null : opts.sites.filter(visible).map(function (s) { return s.id; }).join(",");
    return {asOf: state.asOf, today: opts.today, status: status, country: country, base: state.base,
            visible: visibleIds, lazy: opts.lazy};
  }
  function camera() {   /* #map=zoom/lat/lon, as OpenStreetMap writes it */
    var c = map.getCenter();
    return "#map=" + map.getZoom() + "/" + c.lat.toFixed(5) + "/" + c.lng.toFixed(5);
  }
  function cameraFrom(hash) {
    var m = /^#map=(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/.exec(hash || "");
    return m ? {zoom: +m[1], center: [+m[2], +m[3]]} : null;
  }
  function syncUrl() {
    var p = new URLSearchParams(location.search), v = view();
    p.set("lang", lang);
    [["as_of", state.asOf !== opts.today ? state.asOf : null], ["base", state.base], ["status", v.status],
     ["country", v.country]].forEach(function (kv) { if (kv[1]) p.set(kv[0], kv[1]); else p.delete(kv[0]); });
    history.replaceState(null, "", location.pathname + "?" + p.toString() + (ready ? camera() : location.hash));
    var sw = document.getElementById("atlas-lang-switch");
    if (sw) { var q = new URLSearchParams(p); q.set("lang", lang === "ar" ? "en" : "ar"); sw.href = "?" + q.toString() + location.hash; }
    document.dispatchEvent(new CustomEvent("atlas:view", {detail: v}));
  }

  function addSite(site) {
    byId[site.id] = site;
    var m = L.marker([site.lat, site.lon], {icon: icon(statusOn(site, state.asOf)[0], site.id),
                                           title: name(site), alt: name(site)});
    m.bindTooltip(el("span", {}, name(site)));  /* a node: Leaflet puts strings in as HTML */
    m.bindPopup(function () { return popup(byId[site.id]); }, popupRoom({}));
    m.on("popupopen", function (ev) {
      var before = ev.popup.options.maxHeight;
      popupRoom(ev.popup.options);
      if (ev.popup.options.maxHeight !== before) ev.popup.update();
      state.base = site.id; syncUrl();
      if (!byId[site.id].events) fetchDetail(site.id).then(function () { m.setPopupContent(popup(byId[site.id])); });
    });
    m.on("popupclose", function () { if (state.base === site.id) { state.base = null; syncUrl(); } });
    markers[site.id] = m;
    circles[site.id] = L.circle([site.lat, site.lon], {radius: site.uncertainty_m, weight: 1,
                                                       className: "atlas-uncertainty", interactive: false});
    return m;
  }
  /* a popup fits inside the map, on a phone too; the zoom and full-screen buttons sit at the top left
     and the drawer's button at the top right: the popup is kept clear of them */
  function popupRoom(o) {
    var room = map.getSize(), narrow = room.x < 500;
    o.maxWidth = Math.min(420, room.x - (narrow ? 96 : 110));
    o.maxHeight = Math.max(160, Math.min(narrow ? 420 : 360, room.y - (narrow ? 150 : 90)));
    o.autoPanPaddingTopLeft = [52, narrow ? 84 : 12];   /* a phone: below the drawer's button and the date */
    o.autoPanPaddingBottomRight = [12, narrow ? 24 : 12];
    o.keepInView = true;
    return o;
  }
  function fetchDetail(id) {
    return fetch("/bases/" + encodeURIComponent(id) + "?include_later=true&as_of=" + state.asOf,
                 {headers: {Accept: "application/json"}})
      .then(function (r) { return r.json(); }).then(function (d) { byId[id] = fromDetail(d); return byId[id]; });
  }
  opts.sites.forEach(addSite);

  /* lazy mode: only the visible box, asked of /bases as the view or the date changes */
  var pending = null;
  function loadView() {
    if (!opts.lazy) return;
    clearTimeout(pending);
    pending = setTimeout(function () {
      var b = map.getBounds(), clamp = function (v, lo, hi) { return Math.max(lo, Math.min(hi, v)); };
      var box = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90), clamp(b.getEast(), -180, 180),
                 clamp(b.getNorth(), -90, 90)].map(function (v) { return v.toFixed(4); }).join(",");
      fetch("/bases?limit=1000&bbox=" + box + "&as_of=" + state.asOf).then(function (r) { return r.json(); })
        .then(function (page) {
          sitesLayer.clearLayers(); circlesLayer.clearLayers();
          page.bases.forEach(function (b) {
            var known = byId[b.id], site = known && known.events ? known : b;
            if (!markers[b.id]) addSite(b); else byId[b.id] = site;
            if (!site.transitions) { site.status = b.status; site.status_date = b.status_date; }
          });
          page.bases.forEach(function (b) { if (visible(byId[b.id])) { sitesLayer.addLayer(markers[b.id]); } });
          redrawIcons(page.bases.map(function (b) { return b.id; }));
          var note = document.getElementById("atlas-view-note");
          note.textContent = page.count > page.returned ? page.returned + " / " + page.count + " — " + W.ui.zoom_in
                                                        : page.count + " " + W.ui.in_view;
        });
    }, 250);
  }
  function redrawIcons(ids) {
    ids.forEach(function (id) { markers[id].setIcon(icon(statusOn(byId[id], state.asOf)[0], id)); });
  }
  map.on("moveend", loadView);
  map.on("zoomend", function () {
    if (map.getZoom() >= 8) { if (!map.hasLayer(circlesLayer)) map.addLayer(circlesLayer); }
    else if (map.hasLayer(circlesLayer)) map.removeLayer(circlesLayer);
  });

  if (opts.borders) {
    fetch(opts.borders).then(function (r) { return r.json(); }).then(function (data) {
      var layer = L.geoJSON(data, {interactive: false, style: {color: "#8a8f98", weight: 1,
                                                                fillColor: "#eef0ea", fillOpacity: 1}});
      layer.addTo(map); layer.bringToBack();
    });
  }
  sitesLayer.addTo(map);
  /* printed, the panel is hidden and the map wider: Leaflet is told its new size */
  window.addEventListener("beforeprint", function () { map.invalidateSize({pan: false}); });
  if (window.matchMedia) window.matchMedia("print").addEventListener("change", function () { map.invalidateSize({pan: false}); });
  L.control.fullscreenButton = L.Control.extend({
    onAdd: function () {
      var b = el("button", {type: "button", "class": "atlas-fullscreen", title: W.ui.fullscreen,
                            "aria-label": W.ui.fullscreen}, "⤢");
      L.DomEvent.on(b, "click", function (ev) {
        L.DomEvent.stop(ev);
        var box = map.getContainer();
        if (document.fullscreenElement) document.exitFullscreen(); else if (box.requestFullscreen) box.requestFullscreen();
      });
      return b;
    }
  });
  new L.control.fullscreenButton({position: "topleft"}).addTo(map);

  /* the controls in the page's panel */
  var slider = document.getElementById("atlas-date");
  var days = [], d = new Date(opts.first + "T00:00:00Z"), end = new Date(opts.last + "T00:00:00Z");
  for (; d <= end; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
  slider.min = 0; slider.max = days.length - 1;
  function setDay(day) {
    state.asOf = day;   /* a day before the first report is allowed: every site is then "unknown" */
    var i = days.indexOf(state.asOf);
    slider.value = i >= 0 ? i : day < opts.first ? 0 : days.length - 1;
    redraw();
  }
  slider.addEventListener("input", function () { setDay(days[+slider.value]); });
  var input = document.getElementById("atlas-date-input");
  input.min = opts.first; input.max = opts.last;
  input.addEventListener("change", function () { if (validDay(input.value)) setDay(input.value); });
  var playing = null, play = document.getElementById("atlas-play");
  play.addEventListener("click", function () {
    if (playing) { clearInterval(playing); playing = null; play.textContent = W.ui.play; return; }
    if (+slider.value >= days.length - 1) setDay(days[0]);
    play.textContent = W.ui.pause;
    playing = setInterval(function () {
      var next = Math.min(+slider.value + 30, days.length - 1);
      setDay(days[next]);
      if (next >= days.length - 1) { clearInterval(playing); playing = null; play.textContent = W.ui.play; }
    }, 250);
  });

  document.querySelectorAll("input[data-status-toggle]").forEach(function (box) {
    box.checked = !state.hiddenStatus[box.value];
    box.addEventListener("change", function () { state.hiddenStatus[box.value] = !box.checked; redraw(); });
  });
  document.querySelectorAll("input[data-country-toggle]").forEach(function (box) {
    box.checked = !state.hiddenCountry[box.value];
    box.addEventListener("change", function () { state.hiddenCountry[box.value] = !box.checked; redraw(); });
  });

  /* open a site's popup: at the camera given (a link to a view), else centred on the site */
  function openSite(id, cam) {
    if (opts.lazy && !(byId[id] && byId[id].events)) {
      fetchDetail(id).then(function (site) {
        if (!markers[id]) addSite(site);
        sitesLayer.addLayer(markers[id]);
        map.setView(cam ? cam.center : [site.lat, site.lon], cam ? cam.zoom : Math.max(map.getZoom(), 9), {animate: false});
        markers[id].openPopup();
        if (cam) map.setView(cam.center, cam.zoom, {animate: false});
      });
      return;
    }
    var site = byId[id]; if (!site) return;
    state.hiddenStatus[statusOn(site, state.asOf)[0]] = false;
    state.hiddenCountry[site.country] = false;
    document.querySelectorAll("input[data-status-toggle], input[data-country-toggle]").forEach(function (b) {
      if (b.value === site.country || b.value === statusOn(site, state.asOf)[0]) b.checked = true;
    });
    redraw();
    var m = markers[id];
    /* without animation, so that the popup's own pan (to fit it inside the map) is not undone by the move */
    map.setView(cam ? cam.center : m.getLatLng(), cam ? cam.zoom : Math.max(map.getZoom(), 8), {animate: false});
    var open = function () { m.openPopup(); if (cam) map.setView(cam.center, cam.zoom, {animate: false}); };
    if (opts.cluster) sitesLayer.zoomToShowLayer(m, open); else open();
    document.dispatchEvent(new CustomEvent("atlas:site", {detail: {id: id}}));
  }
  var form = document.getElementById("atlas-search"), out = document.getElementById("atlas-search-result");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var q = document.getElementById("atlas-q").value.trim();
    if (!q) return;
    function localMatch(q) {  /* a static export has no /geocode: match names and aliases here */
      var key = q.toLowerCase(), hits = opts.sites.filter(function (s) {
        return [s.name_en, s.name_ar].concat(s.aliases).some(function (n) { return n.toLowerCase().indexOf(key) >= 0; });
      });
      return {match: hits.length === 1 ? hits[0] : null, candidates: hits.length > 1 ? hits.slice(0, 5) : []};
    }
    fetch("/geocode?q=" + encodeURIComponent(q)).then(function (r) {
      if (!r.ok) throw new Error("no geocoder");
      return r.json();
    }).catch(function () { return localMatch(q); }).then(function (ans) {
      out.textContent = "";
      if (ans.match) { out.textContent = name(ans.match); openSite(ans.match.id); return; }
      out.appendChild(document.createTextNode(W.ui.no_match + ": " + q));
      if (ans.candidates && ans.candidates.length) {
        out.appendChild(document.createTextNode(" — " + W.ui.did_you_mean + " "));
        ans.candidates.forEach(function (c, i) {
          if (i) out.appendChild(document.createTextNode(", "));
          var a = el("a", {href: "#", "data-site": c.id}, name(c));
          a.addEventListener("click", function (e) { e.preventDefault(); openSite(c.id); });
          out.appendChild(a);
        });
      }
    });
  });

  /* the view in the URL, restored: date, filters (above), open site, then the camera of the link */
  var ready = false;
  setDay(state.asOf);
  var cam = cameraFrom(location.hash);
  /* the data's extent, without animation: a zoom still running would undo the camera restored next */
  if (!cam && opts.bounds) map.fitBounds(opts.bounds, {padding: [30, 30], animate: false});
  if (state.base && byId[state.base]) openSite(state.base, cam);
  else if (cam) map.setView(cam.center, cam.zoom, {animate: false});
  ready = true;
  syncUrl();
  map.on("moveend", function () { if (ready) syncUrl(); });
  window.atlas = {map: map, markers: markers, state: state, setDay: setDay, statusOn: statusOn, sites: byId,
                  opts: opts, days: days, view: view, openSite: openSite};
  document.dispatchEvent(new CustomEvent("atlas:ready", {detail: window.atlas}));
  document.documentElement.setAttribute("data-atlas-ready", "1");
}
