// Progressive enhancement: the results list is the reference view; this adds a map.
(function () {
  "use strict";
  function init() {
    var container = document.getElementById("carte");
    var data = document.getElementById("map-points");
    if (!container || !data || typeof L === "undefined") return;
    var points = JSON.parse(data.textContent);
    var centre = [parseFloat(container.dataset.lat), parseFloat(container.dataset.lon)];
    var map = L.map(container, { scrollWheelZoom: false, zoomControl: false }).setView(centre, 12);
    // The zoom buttons speak the page's language (their titles are their accessible names).
    L.control
      .zoom({
        zoomInTitle: container.dataset.zoomIn || "Zoom in",
        zoomOutTitle: container.dataset.zoomOut || "Zoom out",
        position: document.documentElement.dir === "rtl" ? "topright" : "topleft",
      })
      .addTo(map);
    L.tileLayer(container.dataset.tiles, {
      maxZoom: 18,
      attribution: container.dataset.attribution,
    }).addTo(map);
    var bounds = [centre];
    points.forEach(function (point) {
      var marker = L.marker([point.lat, point.lon], { title: point.name, alt: point.name });
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      marker.bindPopup(link).addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 14 });
  }
  document.addEventListener("DOMContentLoaded", init);
})();
