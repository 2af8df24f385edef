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

  // A search the reader sent (Entrée, "Rechercher") moves the focus to the count of its
  // results, which is read out; typing or ticking a filter leaves the focus where it is
  // (the count is announced by #annonce).
  document.addEventListener("htmx:afterSettle", function (event) {
    // Fired for the results and for each part swapped out of band: act once.
    if (!event.target || event.target.id !== "zone-resultats") {
      return;
    }
    var config = event.detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    if (trigger && trigger.type === "submit") {
      var count = document.getElementById("resultats");
      if (count) {
        count.focus();
      }
    }
  });

  // A vote sent with JavaScript replaces its block: htmx gives the focus back to the
  // button pressed (same id); where that button is gone (the explanation sent), the
  // focus goes to the thanks, not to the top of the page.
  document.addEventListener("htmx:afterSettle", function (event) {
    var block = event.target;
    if (!block || !block.classList || !block.classList.contains("segurfaq-vote-block")) {
      return;
    }
    var refused = block.querySelector(".fr-fieldset--error");
    if (refused) {
      // The explanation was refused: the focus goes to what to fix.
      var first = refused.querySelector("input");
      if (first) {
        first.focus();
      }
      return;
    }
    if (!block.contains(document.activeElement)) {
      var status = block.querySelector("[role=status]");
      if (status) {
        status.focus();
      }
    }
  });

  // Closing an answer that the page opened itself ("Meilleure réponse") makes the DSFR
  // give the focus back to where it was when the answer opened: the top of the page. The
  // reader pressed the answer's button: the focus stays on it. Only a move out of the
  // answer right after the press is undone; the reader's own moves are left alone.
  var pressed = null;
  var pressedAt = 0;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".fr-accordion__btn");
    pressed = button || null;
    pressedAt = Date.now();
  });
  document.addEventListener(
    "focusin",
    function (event) {
      if (!pressed || Date.now() - pressedAt > 300) {
        return;
      }
      var answer = pressed.closest(".fr-accordion");
      if (event.target !== pressed && answer && !answer.contains(event.target)) {
        var button = pressed;
        pressed = null;
        button.focus();
      }
    },
    true
  );

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
