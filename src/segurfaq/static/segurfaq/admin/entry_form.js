// The entry form in the back office: the closest existing entries while the editor types a
// question (to catch duplicates), and a preview of the answer as readers will see it.
(function () {
  "use strict";

  function debounce(fn, delay) {
    let timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, delay);
    };
  }

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function entryId() {
    const match = window.location.pathname.match(/\/(\d+)\/change\/$/);
    return match ? match[1] : "";
  }

  function panel(afterElement, id, title) {
    const box = document.createElement("div");
    box.id = id;
    box.className = "segurfaq-panel";
    box.setAttribute("aria-live", "polite");
    const heading = document.createElement("p");
    heading.className = "segurfaq-panel-title";
    heading.textContent = title;
    const body = document.createElement("div");
    box.append(heading, body);
    afterElement.insertAdjacentElement("afterend", box);
    return body;
  }

  document.addEventListener("DOMContentLoaded", function () {
    const base = window.location.pathname.replace(/(add|\d+\/change)\/$/, "");
    const question = document.getElementById("id_question");
    const source = document.getElementById("id_answer_source");

    if (question) {
      const list = panel(question, "segurfaq-similar", "Questions existantes proches :");
      const refresh = debounce(function () {
        const text = question.value.trim();
        if (text.length < 4) {
          list.replaceChildren();
          return;
        }
        const url = base + "proches/?q=" + encodeURIComponent(text) + "&exclude=" + entryId();
        fetch(url, { credentials: "same-origin" })
          .then((response) => response.json())
          .then(function (data) {
            const items = data.results.map(function (item) {
              const li = document.createElement("li");
              const a = document.createElement("a");
              a.href = base + item.id + "/change/";
              a.textContent = item.question;
              const score = item.score.toLocaleString("fr-FR", { maximumFractionDigits: 2 });
              li.append(a, " (" + item.status + ", proximité " + score + ")");
              return li;
            });
            const ul = document.createElement("ul");
            ul.append(...items);
            list.replaceChildren(items.length ? ul : "Aucune.");
          })
          .catch(() => list.replaceChildren());
      }, 400);
      question.addEventListener("input", refresh);
      refresh();
    }

    if (source) {
      const preview = panel(source, "segurfaq-preview", "Aperçu de la réponse :");
      const refresh = debounce(function () {
        const body = new URLSearchParams({ source: source.value });
        fetch(base + "apercu/", {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken() },
          body: body,
        })
          .then((response) => response.json())
          .then(function (data) {
            // The server sanitized this HTML with the same rules as the public pages.
            preview.innerHTML = data.html;
          })
          .catch(() => preview.replaceChildren());
      }, 400);
      source.addEventListener("input", refresh);
      refresh();
    }
  });
})();
