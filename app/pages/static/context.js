/* Coalition Bases Atlas: the map's geographic context. Governorate borders and rivers under the sites,
   town, governorate and site labels that never overlap (the more important first), and the search of
   towns and governorates by name. Runs after atlasInit (atlas.js), through window.atlas.
   Every text from the data reaches the page through textContent, never as HTML. */
"use strict";

/* app.names' folding of names (app/names/normalise.py), with the tables it uses passed in `rules` */
function atlasFolder(rules) {
  var diacritics = new RegExp(rules.ar_diacritics, "g"), words = /[^\p{L}\p{N}\p{M}_]+/u;
  var arGeneric = new Set(rules.ar_generic), articles = new Set(rules.latin_articles);
  var latinGeneric = new Set(rules.latin_generic);
  function isArabic(text) {
    var letters = Array.from(text).filter(function (c) { return /\p{L}/u.test(c); });
    var arabic = letters.filter(function (c) { return c >= "\u0600" && c <= "\u06FF"; }).length;
    return letters.length > 0 && arabic * 2 > letters.length;
  }
  function arabicKey(text) {
    text = text.normalize("NFKC").replace(diacritics, "");
    text = Array.from(text).map(function (c) { return rules.ar_fold[c] !== undefined ? rules.ar_fold[c] : c; }).join("");
    return text.split(words).map(function (w) {
      if (w.startsWith("ال") && w.length > 3) return w.slice(2);
      if ((w.startsWith("وال") || w.startsWith("بال") || w.startsWith("لل")) && w.length > 4) {
        return w[1] === "ا" ? w.slice(3) : w.slice(2);
      }
      return w;
    }).filter(function (w) { return w && !arGeneric.has(w); }).join(" ");
  }
  function latinKey(text) {
    text = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    text = text.replace(/['’‘`ʿʾ]/g, "");
    return text.replace(/_/g, " ").split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w && !articles.has(w) && !latinGeneric.has(w);
    }).map(function (w) { return rules.roman[w] || w; }).join(" ");
  }
  return function (text) { return isArabic(text) ? arabicKey(text) : latinKey(text); };
}

function atlasContext(map, opts) {
  var atlas = window.atlas, W = opts.words, lang = opts.lang, fold = atlasFolder(opts.folding);
  var places = {towns: [], governorates: []}, labels = [];
  map.createPane("atlas-context").style.zIndex = 410;   /* above the borders' fill, under the sites */
  map.createPane("atlas-labels").style.zIndex = 550;    /* under the markers (600) and popups */
  map.getPane("atlas-context").style.pointerEvents = "none";
  map.getPane("atlas-labels").style.pointerEvents = "none";

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function local(p) { return lang === "ar" ? p.name_ar : p.name_en; }
  /* a label: a non-interactive marker whose icon is the text (and, for a town, a dot) */
  function label(latlng, kind, text, rank, extra) {
    var box = el("span", "ctx-label ctx-" + kind + (extra ? " " + extra : ""));
    box.setAttribute("dir", lang === "ar" ? "rtl" : "ltr");
    box.setAttribute("lang", lang);
    if (kind === "town") box.appendChild(el("i", "ctx-dot"));
    box.appendChild(el("span", "ctx-text", text));
    var m = L.marker(latlng, {icon: L.divIcon({className: "ctx-icon", html: box, iconSize: null}),
                              pane: "atlas-labels", interactive: false, keyboard: false});
    var entry = {marker: m, node: box, kind: kind, rank: rank, minZoom: 0, maxZoom: 99, site: null};
    labels.push(entry);
    return entry;
  }
  function shortName(name) { return name.replace(/\s*[(（][^)）]*[)）]\s*$/, ""); }

  function drawLayers(data) {
    if (opts.draw && data.rivers) {
      L.geoJSON(data.rivers, {pane: "atlas-context", interactive: false,
                              style: {className: "ctx-river", color: "#5b8fd0", weight: 1.5, opacity: .85}}).addTo(map);
    }
    if (opts.draw && data.admin1) {
      L.geoJSON(data.admin1, {pane: "atlas-context", interactive: false,
                              style: {className: "ctx-admin1", color: "#8d7fa6", weight: 1, dashArray: "4 3",
                                      fill: false}}).addTo(map);
    }
    (data.admin1 ? data.admin1.features : []).forEach(function (f) {
      var p = f.properties;
      places.governorates.push({kind: "governorate", props: p, feature: f, keys: new Set(p.keys)});
      if (!opts.draw) return;
      var g = label([p.label[1], p.label[0]], "gov", local(p), 2000);
      g.minZoom = 6; g.maxZoom = 8;
    });
    (data.towns ? data.towns.features : []).forEach(function (f, i) {
      var p = f.properties, ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
      places.towns.push({kind: "town", props: p, latlng: ll, keys: new Set(p.keys)});
      if (!opts.draw) return;
      /* the largest cities before the sites (they orient the reader), the other towns after them */
      var t = label(ll, "town", local(p), (p.z <= 5 ? -1000 : 1000) + i, p.z <= 5 ? "ctx-big" : p.z >= 8 ? "ctx-small" : "");
      t.minZoom = p.z;
    });
    Object.keys(atlas.markers).forEach(function (id, i) {
      var site = atlas.sites[id];
      var s = label(atlas.markers[id].getLatLng(), "site", shortName(lang === "ar" ? site.name_ar : site.name_en), i);
      s.site = id;
    });
    labels.sort(function (a, b) { return a.rank - b.rank; });
    labels.forEach(function (entry) { entry.marker.addTo(map); });
    declutter();
  }

  /* show the labels that fit: in rank order, each one that overlaps no shown label and no marker */
  function declutter() {
    var z = map.getZoom(), frame = map.getContainer().getBoundingClientRect(), taken = [];
    if (!frame.width || !frame.height) { later(); return; }   /* the page is still being laid out */
    document.querySelectorAll(".leaflet-marker-pane .leaflet-marker-icon").forEach(function (icon) {
      taken.push(icon.getBoundingClientRect());
    });
    var wanted = labels.filter(function (entry) {
      var icon = entry.site ? atlas.markers[entry.site]._icon : true;  /* a clustered or hidden site has none */
      var ok = z >= entry.minZoom && z <= entry.maxZoom && !!icon;
      entry.node.style.visibility = "hidden";
      entry.node.style.display = ok ? "" : "none";
      if (!ok) entry.node.removeAttribute("data-shown");
      return ok;
    });
    /* a town's dot may sit under a marker (only its text must clear the markers), never under another
       label; failing that, the town is tried with its text on the dot's other side */
    var shown = [];
    function clear(r, rects) {
      var pad = 2;
      return rects.every(function (t) {
        return r.right + pad <= t.left || r.left - pad >= t.right || r.bottom + pad <= t.top || r.top - pad >= t.bottom;
      });
    }
    function fits(entry) {
      var r = entry.node.getBoundingClientRect();
      var text = entry.kind === "town" ? entry.node.lastChild.getBoundingClientRect() : r;
      var inside = r.left >= frame.left && r.right <= frame.right && r.top >= frame.top && r.bottom <= frame.bottom;
      return inside && clear(text, taken) && clear(r, shown) ? r : null;
    }
    wanted.forEach(function (entry) { entry.node.classList.remove("ctx-flip"); });
    wanted.forEach(function (entry) {
      var r = fits(entry);
      if (!r && entry.kind === "town") {
        entry.node.classList.add("ctx-flip");
        r = fits(entry);
        if (!r) entry.node.classList.remove("ctx-flip");
      }
      if (r) {
        shown.push(r); taken.push(r);
        entry.node.style.visibility = "visible"; entry.node.setAttribute("data-shown", "1");
      } else { entry.node.style.display = "none"; entry.node.removeAttribute("data-shown"); }
    });
    atlas.declutters = (atlas.declutters || 0) + 1;   /* tests wait on it after moving the map */
    /* ready once labelled in the final layout: after the page's load, its fonts included */
    if (document.readyState === "complete") document.documentElement.setAttribute("data-context-ready", "1");
  }
  var pending = null;
  function later() { clearTimeout(pending); pending = setTimeout(declutter, 60); }
  map.on("zoomend moveend resize", later);
  window.addEventListener("load", later);
  if (document.fonts) document.fonts.ready.then(later);
  /* the sites' markers change with the date, the filters and the clusters: label again when they do */
  new MutationObserver(later).observe(map.getPane("markerPane"), {childList: true, subtree: true});

  var keys = Object.keys(opts.layers);
  Promise.all(keys.map(function (k) {
    return fetch(opts.layers[k]).then(function (r) { return r.json(); });
  })).then(function (all) {
    var data = {};
    keys.forEach(function (k, i) { data[k] = all[i]; });
    drawLayers(data);
  });

  /* ---- search: a town or a governorate by name, in either script ---- */
  function km(a, b) {
    var rad = Math.PI / 180, dy = (a[0] - b[0]) * rad;
    var dx = (a[1] - b[1]) * rad * Math.cos((a[0] + b[0]) / 2 * rad);
    return 6371 * Math.sqrt(dx * dx + dy * dy);
  }
  function inRing(pt, ring) {   /* ray casting, pt and ring in [lon, lat] */
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var a = ring[i], b = ring[j];
      if ((a[1] > pt[1]) !== (b[1] > pt[1]) && pt[0] < (b[0] - a[0]) * (pt[1] - a[1]) / (b[1] - a[1]) + a[0]) inside = !inside;
    }
    return inside;
  }
  function inFeature(pt, geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.some(function (rings) {
      return inRing(pt, rings[0]) && !rings.slice(1).some(function (hole) { return inRing(pt, hole); });
    });
  }
  function siteKeys() {
    var found = new Set();
    Object.keys(atlas.sites).forEach(function (id) {
      var s = atlas.sites[id];
      [s.name_en, s.name_ar].concat(s.aliases || []).forEach(function (n) { found.add(fold(n)); });
    });
    return found;
  }
  function findPlace(query) {
    var key = fold(query);
    if (!key || siteKeys().has(key)) return null;   /* a site's own name: the site search answers */
    var hit = function (p) { return p.keys.has(key); };
    return places.towns.find(hit) || places.governorates.find(hit) || null;
  }
  function nearby(place) {
    var ids = Object.keys(atlas.sites).map(function (id) {
      var s = atlas.sites[id], ll = [s.lat, s.lon];
      var d = place.kind === "town" ? km(place.latlng, ll) : km([place.props.label[1], place.props.label[0]], ll);
      var inside = place.kind === "town" ? d <= opts.near_km : inFeature([s.lon, s.lat], place.feature.geometry);
      return inside ? {id: id, km: d} : null;
    }).filter(Boolean);
    return ids.sort(function (a, b) { return a.km - b.km; });
  }
  function show(place) {
    var out = document.getElementById("atlas-search-result"), name = local(place.props);
    var found = nearby(place), town = place.kind === "town";
    var template = found.length ? (town ? W.near : W.inside) : (town ? W.none_near : W.none_inside);
    out.textContent = "";
    var head = el("p", "ctx-found");
    head.setAttribute("data-place", town ? "town:" + place.props.id : "governorate:" + place.props.code);
    template.split(/(\{place\}|\{km\})/).forEach(function (part) {
      if (part === "{place}") head.appendChild(el("bdi", "ctx-place", name));
      else if (part === "{km}") head.appendChild(el("bdi", "", String(opts.near_km)));
      else if (part) head.appendChild(document.createTextNode(part));
    });
    out.appendChild(head);
    var list = el("ul", "ctx-near");
    found.forEach(function (f) {
      var s = atlas.sites[f.id], item = el("li", "");
      var a = el("a", "", lang === "ar" ? s.name_ar : s.name_en);
      a.href = "#"; a.setAttribute("data-site", f.id);
      a.addEventListener("click", function (e) { e.preventDefault(); atlas.openSite(f.id); });
      item.appendChild(a);
      if (town) { item.appendChild(document.createTextNode(" ")); item.appendChild(el("bdi", "ctx-km", Math.round(f.km) + " " + W.km)); }
      list.appendChild(item);
    });
    out.appendChild(list);
    var bounds = town ? L.latLng(place.latlng).toBounds(opts.near_km * 2000) : L.geoJSON(place.feature).getBounds();
    map.flyToBounds(bounds, {padding: [20, 20], duration: 0.8});
  }
  var form = document.getElementById("atlas-search");
  form.addEventListener("submit", function (ev) {   /* runs before atlas.js's handler, which it may replace */
    var place = findPlace(document.getElementById("atlas-q").value.trim());
    if (!place) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    show(place);
  }, true);
  atlas.fold = fold;
  atlas.places = places;
}
