// What a reader did after a search, sent back as the signed search token that the results
// carry: nothing about the reader. Without JavaScript, votes still carry the token.
(function () {
  "use strict";

  // A live search sends the token of the results on screen: if the reader asks again at
  // once, those results did not answer (see search/outcomes.py).
  document.addEventListener("htmx:configRequest", function (event) {
    var shown = document.querySelector("#zone-resultats[data-recherche]");
    if (shown && event.detail.verb === "get") {
      event.detail.headers["X-Segurfaq-Recherche"] = shown.dataset.recherche;
    }
  });

  // An answer reached from a search and kept in view for 20 seconds has been read.
  var page = document.querySelector("[data-lecture]");
  if (!page || !navigator.sendBeacon) {
    return;
  }
  var seconds = 0;
  var timer = window.setInterval(function () {
    if (document.visibilityState !== "visible") {
      return;
    }
    seconds += 1;
    if (seconds >= 20) {
      window.clearInterval(timer);
      var data = new FormData();
      data.append("recherche", page.dataset.recherche);
      data.append("entree", page.dataset.entree);
      navigator.sendBeacon(page.dataset.lecture, data);
    }
  }, 1000);
})();
