// The header's menu is a dialog on a phone only (the DSFR gives it role="dialog" while it
// is open). Its name, the menu button, is given while it is a dialog: in the page's code
// an aria-labelledby on a plain div is invalid (W3C checker, RGAA 8.2).
(function () {
  "use strict";
  var menu = document.getElementById("fr-menu-mobile");
  if (!menu || !window.MutationObserver) {
    return;
  }
  function name() {
    if (menu.getAttribute("role") === "dialog") {
      menu.setAttribute("aria-labelledby", "fr-btn-menu-mobile");
    } else {
      menu.removeAttribute("aria-labelledby");
    }
  }
  new MutationObserver(name).observe(menu, { attributes: true, attributeFilter: ["role"] });
  name();
})();
