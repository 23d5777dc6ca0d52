// The choropleth as a Streamlit custom component (v2): it runs in the app's own page, not in an
// iframe, so the browser starts loading Leaflet and the geometry as soon as the script sends the
// first view (see mapview.py and the note on issue 8).
//
// data (built by spec.py, typed there as MapSpec): leaflet_js/leaflet_css (served by this app),
// kommune_url and fylke_url (static geometry, one file per year), colours, cls (class per kommune),
// vals (value text, HTML-escaped in Python), ind, year, labels (HTML-escaped), selected, token,
// credit, aria, protocol (the trigger names and attributes of protocol.py) and wait (the page waits
// for the ready trigger before it sends the rest; map_component.stop_until_drawn).
// Names and size classes come HTML-escaped in the geometry file, so nothing here inserts unescaped
// text.
//
// The Leaflet map and each year's polygons are built once per mounted element and kept; a new view
// only restyles the polygons and sets their tooltips.

const shared = (window.__kommunekart = window.__kommunekart || { geo: {}, leaflet: null });

function loadLeaflet(jsUrl, cssUrl) {
  if (!shared.leaflet) {
    shared.leaflet = new Promise(function (resolve, reject) {
      if (window.L) { resolve(window.L); return; }
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = cssUrl;
      document.head.appendChild(css);
      const script = document.createElement("script");
      script.src = jsUrl;
      script.onload = function () { resolve(window.L); };
      script.onerror = function () { shared.leaflet = null; reject(new Error("Leaflet")); };
      document.head.appendChild(script);
    });
  }
  return shared.leaflet;
}

function loadGeo(url) {
  if (!shared.geo[url]) {
    shared.geo[url] = fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(url + ": " + r.status); }
      return r.json();
    }).catch(function (e) { delete shared.geo[url]; throw e; });
  }
  return shared.geo[url];
}

const NORWAY = [[57.95, 4.5], [71.2, 31.2]];

function viewKey(map) { const c = map.getCenter(); return c.lat.toFixed(5) + "," + c.lng.toFixed(5) + "@" + map.getZoom(); }
function fitNorway(state) { state.map.fitBounds(NORWAY); state.home = viewKey(state.map); }
function atHome(state) { return state.home === viewKey(state.map); }  // the reader has not moved the map

function createMap(L, host, spec) {
  const box = document.createElement("div");
  box.className = spec.protocol.map_class;
  box.setAttribute("role", "region");
  box.setAttribute("aria-label", spec.aria);
  if (spec.height) { box.style.height = spec.height; }
  box.style.scrollMarginTop = "64px";  // brought into view below Streamlit's top bar (closeSidebarOnPhone)
  if (host.__kkFirst) {  // the first drawing lies over the map's box (same place) until it is drawn
    host.style.position = "relative";
    host.__kkFirst.classList.add("kk-forste-over");
    host.insertBefore(box, host.__kkFirst);
  } else {
    host.appendChild(box);
  }
  // Leaflet's own keys pan the map; here the arrow keys move between kommuner instead (keyboard())
  // On a touch screen one finger scrolls the page past the map (Leaflet's touch-zoom class leaves
  // the browser pan-x pan-y) and two fingers move and zoom it (Leaflet's pinch follows the fingers);
  // a tap still chooses. A one-finger swipe over the map says so for a moment.
  const coarse = !!(window.matchMedia && window.matchMedia("(pointer: coarse)").matches);
  const map = L.map(box, {
    zoomSnap: 0.25, minZoom: 2, maxZoom: 12,  // 2: all of Norway fits a 320×400 embed attributionControl: true, preferCanvas: false, keyboard: false,
    dragging: !coarse,
  });
  if (coarse) { twoFingerHint(box, spec.labels.twofingers); }
  box.tabIndex = 0;  // the map is one tab stop; its polygons are not (see draw)
  const live = document.createElement("div");  // what the keyboard reaches is read out
  live.className = "kk-live";
  live.setAttribute("aria-live", "polite");
  host.appendChild(live);
  map.attributionControl.setPrefix(false);
  L.control.scale({ imperial: false }).addTo(map);
  // the demo label and (in an embed) the legend are part of the map itself, not only beside it; both
  // bottom right, over Sweden, not over Norway (top right the label hid Sør-Varanger and Vadsø)
  const badge = panel(L, "bottomright", "kk-badge").addTo(map);
  const legend = panel(L, "bottomright", "kk-map-legend").addTo(map);
  const state = { map: map, box: box, layers: {}, lastSelected: null, trigger: null, badge: badge, legend: legend,
                 credit: null, live: live, order: [], cursor: -1, typed: "", typedAt: 0, spec: spec, home: "" };
  fitNorway(state);  // all of Norway at any size (a phone, a small embed)
  if (window.ResizeObserver) {  // a frame that gets its size later (an embed, a phone turned) still shows it all
    new ResizeObserver(function () {
      const home = atHome(state);
      map.invalidateSize();
      if (home) { fitNorway(state); }
    }).observe(box);
  }
  box.addEventListener("keydown", function (e) { keyboard(state, e); });
  map.on("zoomstart", function () { detachHidden(state); });
  map.on("zoomend", function () { state.zooming = false; attachWhenIdle(state); });
  return state;
}

// Keyboard: arrows (or Home/End) go from kommune to kommune in alphabetical order, typing letters jumps
// to the first kommune whose name starts with them, Enter or space chooses it (as a click does), + and -
// zoom. The kommune reached is outlined, its tooltip shown and its value read out (aria-live).
function keyboard(state, e) {
  const n = state.order.length;
  if (!n) { return; }
  let next = null;
  if (e.key === "ArrowRight" || e.key === "ArrowDown") { next = (state.cursor + 1) % n; }
  else if (e.key === "ArrowLeft" || e.key === "ArrowUp") { next = (state.cursor - 1 + n) % n; }
  else if (e.key === "Home") { next = 0; }
  else if (e.key === "End") { next = n - 1; }
  else if ((e.key === "Enter" || e.key === " ") && state.cursor >= 0) {
    e.preventDefault();
    if (state.trigger) { state.trigger(state.protocol.click, state.order[state.cursor].k); }
    return;
  } else if (e.key === "+" || e.key === "=") { state.map.zoomIn(); return; }
  else if (e.key === "-") { state.map.zoomOut(); return; }
  else if (e.key.length === 1 && /\S/.test(e.key)) {
    const now = Date.now();
    state.typed = (now - state.typedAt < 1200 ? state.typed : "") + e.key.toLowerCase();
    state.typedAt = now;
    const hit = state.order.findIndex(function (o) { return o.n.toLowerCase().startsWith(state.typed); });
    if (hit >= 0) { next = hit; }
  }
  if (next === null) { return; }
  e.preventDefault();
  focusKommune(state, next);
}

function focusKommune(state, index) {
  const prev = state.order[state.cursor];
  if (prev && prev.layer) { prev.layer.setStyle({ weight: prev.weight, color: prev.color }); prev.layer.closeTooltip(); }
  state.cursor = index;
  const o = state.order[index];
  o.layer.setStyle({ weight: 3.5, color: "#000000" });
  o.layer.bringToFront();
  if (!state.map.getBounds().contains(o.layer.getBounds())) {
    state.map.fitBounds(o.layer.getBounds(), { maxZoom: 7, padding: [40, 40] });
  }
  o.layer.openTooltip();
  announce(state, "", o.n, o.k);
}

function twoFingerHint(box, text) {
  const hint = document.createElement("div");
  hint.className = "kk-hint";
  hint.setAttribute("aria-hidden", "true");  // the region's label says it to a screen reader
  hint.textContent = text || "";
  box.appendChild(hint);
  let timer = 0;
  box.addEventListener("touchmove", function (e) {
    if (e.touches.length !== 1) { hint.classList.remove("kk-hint-on"); return; }
    hint.classList.add("kk-hint-on");
    clearTimeout(timer);
    timer = setTimeout(function () { hint.classList.remove("kk-hint-on"); }, 1500);
  }, { passive: true });
}

// On a phone the sidebar covers the map: after a choice made in it, close it (Streamlit's own button)
// and bring the map into view, so the chosen kommune is seen, not hidden behind the menu.
function closeSidebarOnPhone(state) {
  if (!window.matchMedia || !window.matchMedia("(max-width: 640px)").matches) { return; }
  const doc = state.box.ownerDocument;
  const button = doc.querySelector("[data-testid='stSidebarCollapseButton'] button");
  if (button && button.getAttribute("aria-expanded") === "true") { button.click(); }
  state.box.scrollIntoView({ block: "start" });
}

// what a screen reader hears: the kommune, its number and its value (the values come HTML-escaped)
function announce(state, prefix, name, code) {
  const lab = state.spec.labels;
  state.live.textContent = prefix + name + ", " + lab.nr + " " + code + ": " + (state.spec.vals[code] || lab.missing)
    .replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#x27;/g, "'");
}

function panel(L, position, className) {
  const control = L.control({ position: position });
  control.onAdd = function () {
    const div = L.DomUtil.create("div", className);
    div.hidden = true;
    return div;
  };
  return control;
}

// Texts from the spec are HTML-escaped in Python (spec.py); colours are hex codes made there.
function decorate(state, spec) {
  const attribution = state.map.attributionControl;
  if (state.credit !== spec.credit) {
    if (state.credit) { attribution.removeAttribution(state.credit); }
    attribution.addAttribution(spec.credit);
    state.credit = spec.credit;
  }
  const badge = state.badge.getContainer();
  badge.innerHTML = spec.badge || "";
  badge.hidden = !spec.badge;
  const legend = state.legend.getContainer();
  if (spec.legend) {
    legend.innerHTML = "<strong>" + spec.legend.title + "</strong><ul>" + spec.legend.items.map(function (it) {
      return '<li><span class="kk-swatch" style="background:' + it[1] + '"></span>' + it[0] + "</li>";
    }).join("") + "</ul>";
  }
  legend.hidden = !spec.legend;
}

const collator = new Intl.Collator("nb");  // one collator: localeCompare(.., "nb") made one per comparison

// Each year's polygons live in their own pane (Leaflet gives a pane its own SVG). Once made, a year stays
// on the map with its pane hidden (protocol HIDDEN_CLASS), so a change of year only shows another pane
// and restyles it: adding 357 polygons (projecting ~22 000 points, making their SVG paths) took 36-66 ms
// of each change of year. A zoom would re-project every year on the map, so the hidden ones leave the map
// when a zoom starts and come back one by one when the browser is idle.
function yearLayer(L, state, kommuneUrl, geo) {
  let layer = state.layers[kommuneUrl];
  if (!layer) {
    const pane = "kk-year-" + Object.keys(state.layers).length;
    const el = state.map.createPane(pane);
    el.style.zIndex = 400;  // as Leaflet's overlay pane
    el.classList.add(state.protocol.hidden_class);  // hidden until show()
    layer = L.geoJson(geo[0], {
      pane: pane,
      onEachFeature: function (f, l) {
        l.bindTooltip("", { sticky: true });
        l.on("click", function () { if (state.trigger) { state.trigger(state.protocol.click, f.properties.k); } });
      },
    });
    layer.fylker = L.geoJson(geo[1], {
      pane: pane, interactive: false, style: { color: "#222222", weight: 1.1, opacity: 0.8, fill: false },
    });
    layer.pane = el;
    state.layers[kommuneUrl] = layer;
  }
  return layer;
}

function attach(state, layer) {
  if (!state.map.hasLayer(layer)) {
    layer.addTo(state.map);
    layer.fylker.addTo(state.map);
    layer.eachLayer(function (l) {  // the map is the tab stop, not each polygon
      const el = l.getElement && l.getElement();
      if (el) { el.setAttribute("tabindex", "-1"); el.setAttribute("aria-hidden", "true"); }
    });
  }
}

function show(state, kommuneUrl) {
  Object.keys(state.layers).forEach(function (url) {
    state.layers[url].pane.classList.toggle(state.protocol.hidden_class, url !== kommuneUrl);
  });
  state.shown = kommuneUrl;
}

// while idle: the years that are made but not on the map (new, or taken off for a zoom) go back on it, hidden
function attachWhenIdle(state) {
  const idle = window.requestIdleCallback || function (f) { return setTimeout(f, 200); };
  if (state.attaching) { return; }
  const next = Object.keys(state.layers).find(function (url) { return !state.map.hasLayer(state.layers[url]); });
  if (!next) { return; }
  state.attaching = true;
  idle(function () {
    state.attaching = false;
    if (state.gone || state.zooming || !state.layers[next]) { return; }
    attach(state, state.layers[next]);
    attachWhenIdle(state);
  });
}

function detachHidden(state) {
  state.zooming = true;
  Object.keys(state.layers).forEach(function (url) {
    const layer = state.layers[url];
    if (url !== state.shown && state.map.hasLayer(layer)) {
      state.map.removeLayer(layer);
      state.map.removeLayer(layer.fylker);
    }
  });
}

// Once the map is drawn, the other years' geometry is fetched and made into layers while the browser
// is idle, so that the first change of year only restyles (measured: 270-370 ms -> a restyle).
function prefetch(L, state, spec) {
  const idle = window.requestIdleCallback || function (f) { return setTimeout(f, 200); };
  (spec.prefetch || []).forEach(function (urls) {
    if (state.layers[urls[0]]) { return; }
    idle(function () {
      Promise.all([loadGeo(urls[0]), loadGeo(urls[1])]).then(function (g) {
        idle(function () {
          if (state.gone) { return; }  // the map has left the page
          yearLayer(L, state, urls[0], g);
          attachWhenIdle(state);
        });
      }).catch(function () { /* fetched again when that year is shown */ });
    });
  });
}

function draw(L, state, spec, geo) {
  const map = state.map;
  const layer = yearLayer(L, state, spec.kommune_url, geo);
  show(state, spec.kommune_url);
  attach(state, layer);
  let selected = null;
  const last = spec.colours.length - 1, lab = spec.labels, dim = new Set(spec.dim || []);
  state.spec = spec;
  state.order = [];
  layer.eachLayer(function (l) {
    const p = l.feature.properties, k = p.k, cls = spec.cls[k], sel = (k === spec.selected);
    const faint = dim.has(k);  // left out by «Finn kommuner»: still there, but faint
    l.setStyle({
      fillColor: spec.colours[cls === undefined ? last : cls], fillOpacity: faint ? 0.12 : 0.92,
      color: sel ? "#000000" : (faint ? "#d0d0d0" : "#ffffff"), weight: sel ? 3.5 : 0.4, opacity: 1,
    });
    l.setTooltipContent("<b>" + p.n + "</b><br>" + lab.nr + " " + k + "<br>" + spec.ind + ": <b>" +
      (spec.vals[k] || lab.missing) + "</b><br>" + lab.size + ": " + ((lab.sizes || {})[p.s] || "–") + "<br>" + lab.year + ": " + spec.year);
    if (sel) { selected = l; }
    state.order.push({ n: p.n, k: k, layer: l, weight: sel ? 3.5 : 0.4, color: sel ? "#000000" : (faint ? "#d0d0d0" : "#ffffff") });
  });
  state.order.sort(function (a, b) { return collator.compare(a.n, b.n); });
  state.cursor = state.order.findIndex(function (o) { return o.k === spec.selected; });
  layer.fylker.bringToFront();
  if (selected) {
    selected.bringToFront();
    // a kommune picked in the search may be off-screen or tiny: bring it into view once
    if (spec.selected !== state.lastSelected && !map.getBounds().contains(selected.getBounds())) {
      map.fitBounds(selected.getBounds(), { maxZoom: 7, padding: [40, 40] });
    }
    if (spec.selected !== state.lastSelected && state.drawnOnce) {  // a new choice (click, Enter,
      announce(state, (spec.labels.chosen || "") + ": ", selected.feature.properties.n, spec.selected);  // the picker)
      closeSidebarOnPhone(state);
    }
  }
  state.lastSelected = spec.selected;
  state.drawnOnce = true;
  if (spec.height && state.box.style.height !== spec.height) {
    state.box.style.height = spec.height;
    map.invalidateSize();
  }
  decorate(state, spec);
  state.box.setAttribute("aria-label", spec.aria);
  state.box.setAttribute(spec.protocol.drawn_attr, spec.token);
  performance.mark("kk-drawn");
  requestAnimationFrame(function () { performance.mark("kk-painted"); });  // the frame that shows it
  dropFirstDrawing(state.box.parentElement);
  prefetch(L, state, spec);
}

// On a session's first visit the page sends the menus and the rest only when told that the map's
// code and data are here (or have failed): spec.wait says it is waiting.
function ready(component, spec) {
  if (spec && spec.wait) {
    component.setTriggerValue(spec.protocol.ready, true);
  }
}

// The server sends the spec as JSON bytes (made once per view for every session, map_component.draw);
// the standalone file passes it as an object.
const decoder = new TextDecoder();
function specOf(data) {
  if (!data) { return null; }
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) { return JSON.parse(decoder.decode(data)); }
  return data;
}

// Called by Streamlit when the component leaves the page: free the Leaflet map and its layers.
function cleanup(host) {
  return function () {
    const state = host.__kk;
    if (state) {
      state.trigger = null;
      state.gone = true;  // for the work still waiting for an idle moment
      state.map.remove();
      if (state.box.parentNode) { state.box.parentNode.removeChild(state.box); }
      delete host.__kk;
    }
  };
}

// The first HTML's drawing of this view (web.first_pixels), shown in the map's box until Leaflet
// has drawn the same map: placed as fitBounds(NORWAY) will place it (same zoom snapping), so the
// live map replaces it without a jump. Only for the view it was drawn for (its token), only once.
function firstDrawing(host, spec) {
  const tpl = document.getElementById("kk-forste");
  if (!tpl || host.__kk || host.__kkFirst) { return; }
  tpl.remove();
  if (tpl.dataset.token !== spec.token) { return; }
  const box = document.createElement("div");
  box.className = "kk-forste";
  box.setAttribute("aria-hidden", "true");
  box.style.height = spec.height || "";
  box.appendChild(tpl.content.cloneNode(true));
  host.appendChild(box);
  host.__kkFirst = box;
  const svg = box.querySelector("svg"), vb = svg.viewBox.baseVal;
  const w0 = vb.width / 64, h0 = vb.height / 64;  // first_drawing.UNITS: pixels at zoom 0
  let z = Math.log2(Math.min(box.clientWidth / w0, box.clientHeight / h0));
  z = Math.round(z / 0.0025) * 0.0025;  // Leaflet's getBoundsZoom: within 1 % of a snap level
  z = Math.max(2, Math.min(12, Math.floor(z / 0.25) * 0.25));  // zoomSnap, minZoom, maxZoom
  const s = Math.pow(2, z);
  svg.style.width = (w0 * s) + "px";
  svg.style.height = (h0 * s) + "px";
  svg.style.left = ((box.clientWidth - w0 * s) / 2) + "px";
  svg.style.top = ((box.clientHeight - h0 * s) / 2) + "px";
  performance.mark("kk-first-drawing");
  requestAnimationFrame(function () { performance.mark("kk-first-painted"); });
}

// Leaflet has painted its map: the drawing goes (two frames later, so the map is on screen first)
function dropFirstDrawing(host) {
  const box = host && host.__kkFirst;
  if (!box) { return; }
  host.__kkFirst = null;
  requestAnimationFrame(function () { requestAnimationFrame(function () { box.remove(); }); });
}

function render(component) {
  const spec = specOf(component.data);
  const host = component.parentElement;
  if (!spec) { return; }
  performance.mark("kk-render");
  // the app's own page (not an embed's frame): on a phone the map leaves room to scroll (kart.css)
  host.classList.toggle("kk-toplevel", window.self === window.top);
  firstDrawing(host, spec);
  // start both downloads at once; the geometry does not wait for Leaflet
  const geo = Promise.all([loadGeo(spec.kommune_url), loadGeo(spec.fylke_url)]);
  loadLeaflet(spec.leaflet_js, spec.leaflet_css).then(function (L) {
    let state = host.__kk;
    if (!state || !state.box.isConnected) {
      state = host.__kk = createMap(L, host, spec);
    }
    state.trigger = component.setTriggerValue;
    state.protocol = spec.protocol;
    state.token = spec.token;
    return geo.then(function (g) {
      ready(component, spec);  // the page's rerun overlaps with drawing
      if (state.token === spec.token) { draw(L, state, spec, g); }  // else a newer view is on its way
    });
  }).catch(function (e) {
    ready(component, spec);
    const msg = document.createElement("p");
    msg.className = "kk-map-error";
    msg.textContent = spec.labels.error;
    host.appendChild(msg);
    console.error(e);
  });
  return cleanup(host);
}

export default render;
