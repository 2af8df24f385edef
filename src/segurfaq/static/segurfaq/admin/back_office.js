// Django's widget for choosing many values (facet values) labels its search icon with an
// aria-label on a span with no role, which assistive technologies may ignore (axe:
// aria-prohibited-attr): the icon is given the role of an image, so that its label counts.
(function () {
  "use strict";
  function labelIcons() {
    document.querySelectorAll(".help-tooltip.search-label-icon[aria-label]").forEach(
      function (icon) {
        icon.setAttribute("role", "img");
      }
    );
  }
  // The widget is built on the window's load event: after it.
  window.addEventListener("load", function () {
    window.setTimeout(labelIcons, 0);
  });
})();
