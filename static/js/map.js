// map.js - draws the located ideas and pilot projects of /map on a
// Leaflet map.  Only an enhancement: the list under the map shows the
// same places with addresses and links, and is all that a browser
// without JavaScript (or a screen reader user who skips the map) needs.
//
// Everything shown comes from /map.geojson and is put into the page as
// text nodes, never as HTML.
(function () {
  'use strict';
  var el = document.getElementById('map');
  if (!el || !window.L || !window.fetch) return;
  var data = el.dataset;

  el.hidden = false;
  el.setAttribute('role', 'region');
  el.setAttribute('aria-label', data.label);
  var map = L.map(el, { zoomControl: false, scrollWheelZoom: false });
  L.control.zoom({ zoomInTitle: data.zoomIn, zoomOutTitle: data.zoomOut }).addTo(map);
  var attribution = document.createElement('span');
  attribution.textContent = data.attribution || '';
  L.tileLayer(data.tiles, { maxZoom: 19, attribution: attribution.innerHTML }).addTo(map);
  map.setView([51.1657, 10.4515], 6);

  function popup(p) {
    var box = document.createElement('div');
    var kind = document.createElement('p');
    kind.className = 'map-popup-kind';
    kind.textContent = p.kind_label + (p.status ? ' · ' + p.status : '');
    var title = document.createElement('p');
    title.className = 'map-popup-title';
    var link = document.createElement('a');
    link.href = p.url;
    link.textContent = p.title;
    if (p.lang) link.lang = p.lang;
    title.appendChild(link);
    box.appendChild(kind);
    box.appendChild(title);
    if (p.address) {
      var address = document.createElement('p');
      address.textContent = p.address;
      box.appendChild(address);
    }
    return box;
  }

  fetch(data.geojson, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (fc) {
      if (!fc || !fc.features || fc.features.length === 0) return;
      var bounds = [];
      fc.features.forEach(function (f) {
        var c = f.geometry.coordinates;
        var p = f.properties;
        var pin = L.divIcon({ className: 'map-pin map-pin-' + p.kind, iconSize: [18, 18] });
        L.marker([c[1], c[0]], { icon: pin, title: p.title, alt: p.title, keyboard: true })
          .bindPopup(popup(p))
          .addTo(map);
        bounds.push([c[1], c[0]]);
      });
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
      el.dataset.ready = String(fc.features.length);
    })
    .catch(function () { /* the list below still shows every place */ });
}());
