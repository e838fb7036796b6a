// Rasad's small progressive JavaScript. Pages work without it; it adds the CSRF header to htmx
// requests, layer switches on the report page, keyboard review, and the offline maps.
// Content from reports is only ever inserted with textContent, never innerHTML.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // htmx: every request carries the session's CSRF token.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  // Report page: switchable layers.
  function setupLayers() {
    document.querySelectorAll("input[data-layer]").forEach(function (box) {
      var target = document.getElementById(box.getAttribute("data-target"));
      if (!target) return;
      var apply = function () {
        target.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked);
      };
      box.addEventListener("change", apply);
      apply();
    });
  }

  // Review queue: j/k (or arrows) move, Enter opens, c confirm, r reject, d dispute, n focuses the note.
  function setupReviewKeys() {
    var table = document.getElementById("review-queue");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-href]"));
    if (!rows.length) return;
    var index = 0;
    function select(i) {
      rows[index].classList.remove("selected");
      index = Math.max(0, Math.min(rows.length - 1, i));
      rows[index].classList.add("selected");
      rows[index].scrollIntoView({ block: "nearest" });
    }
    select(0);
    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "j" || event.key === "ArrowDown") { select(index + 1); event.preventDefault(); }
      else if (event.key === "k" || event.key === "ArrowUp") { select(index - 1); event.preventDefault(); }
      else if (event.key === "Enter") { window.location.href = rows[index].getAttribute("data-href"); }
    });
  }

  // Incident page: c/r/d pick the action and focus the note; the form posts as usual.
  function setupActionKeys() {
    var form = document.getElementById("review-form");
    if (!form) return;
    var select = form.querySelector("select[name=action]");
    var note = form.querySelector("textarea[name=note]");
    var keys = { c: "confirm", r: "reject", d: "dispute", e: "edit", m: "merge", s: "split" };
    document.addEventListener("keydown", function (event) {
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select" || event.ctrlKey || event.metaKey || event.altKey) return;
      if (keys[event.key] && select) {
        select.value = keys[event.key];
        select.dispatchEvent(new Event("change"));
        if (note) note.focus();
        event.preventDefault();
      }
    });
  }

  // Maps: Leaflet over bundled Natural Earth boundaries; no tile server.
  var TYPE_COLOURS = {
    "protests": "#2563eb", "riots": "#ea580c", "violence-against-civilians": "#b91c1c", "battles": "#7f1d1d",
    "explosions-remote-violence": "#9333ea", "strategic-developments": "#475569", "arrest": "#d97706",
    "execution": "#111827"
  };
  function typeToken(value) {
    return String(value || "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "other";
  }
  function colourFor(type) { return TYPE_COLOURS[typeToken(type)] || "#0f766e"; }

  function popupNode(props) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    if (props.incidents) {  // a large log's map: one point per place (rasad.log.queries.map_points)
      link.href = "/incidents?province=" + encodeURIComponent(props.province || "");
      link.textContent = props.incidents + " incidents · " + (props.place_name || "");
      box.appendChild(link);
      var counts = document.createElement("div");
      counts.textContent = [props.event_type, props.victims ? props.victims + " killed" : ""].filter(Boolean).join(" · ");
      box.appendChild(counts);
      return box;
    }
    link.href = "/incidents/" + encodeURIComponent(props.id);
    link.textContent = props.title || ("Incident " + props.id);
    box.appendChild(link);
    var meta = document.createElement("div");
    meta.textContent = [props.event_type, props.date, props.place_name, props.victims ? props.victims + " victims" : ""]
      .filter(Boolean).join(" · ");
    box.appendChild(meta);
    return box;
  }

  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(url + ": " + r.status); return r.json(); });
  }

  function setupMap(el) {
    if (typeof L === "undefined") return;
    var map = L.map(el, { zoomControl: true, attributionControl: true, minZoom: 3, maxZoom: 12 });
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Boundaries: Natural Earth (public domain)");
    map.setView([32.5, 54], 5);
    fetchJSON("/static/data/countries-region.geojson").then(function (geo) {
      L.geoJSON(geo, {
        style: function (f) {
          var iran = f.properties && f.properties.name === "Iran";
          return { color: "#6b7c8c", weight: iran ? 1.6 : 0.8, fillColor: iran ? "#fffdf5" : "#eef0ea", fillOpacity: 1 };
        }
      }).addTo(map).bringToBack();
    }).catch(function () { /* the points still show without boundaries */ });

    var lat = parseFloat(el.getAttribute("data-lat")), lon = parseFloat(el.getAttribute("data-lon"));
    if (!isNaN(lat) && !isNaN(lon)) {
      L.circleMarker([lat, lon], { radius: 9, color: "#fff", weight: 2, fillColor: colourFor(el.getAttribute("data-type")), fillOpacity: 0.9 }).addTo(map);
      map.setView([lat, lon], 6);
      return;
    }
    var url = el.getAttribute("data-points");
    if (!url) return;
    fetchJSON(url).then(function (geo) {
      var cluster = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup({ maxClusterRadius: 40 }) : L.layerGroup();
      (geo.features || []).forEach(function (f) {
        if (!f.geometry || !f.geometry.coordinates) return;
        var c = f.geometry.coordinates, p = f.properties || {};
        var victims = p.incidents ? Number(p.incidents) : (Number(p.victims) || 0);  // per place: sized by incidents
        var marker = L.circleMarker([c[1], c[0]], {
          radius: Math.min(22, 5 + Math.sqrt(victims) * 2.5), color: "#fff", weight: 1.5,
          fillColor: colourFor(p.event_type), fillOpacity: 0.85
        });
        marker.bindPopup(popupNode(p));
        cluster.addLayer(marker);
      });
      cluster.addTo(map);
    }).catch(function () { /* the page still works without its map */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupLayers();
    setupReviewKeys();
    setupActionKeys();
    document.querySelectorAll(".map").forEach(setupMap);
  });
})();
