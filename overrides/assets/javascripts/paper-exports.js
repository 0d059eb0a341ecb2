// Bulk .bib / .ris of an author page, assembled in the browser from each listed paper's own citation
// file (papers/<slug>.bib|.ris, beside the page papers/<slug>/), joined exactly as the generator joins a topic's bulk file
// (generator/render/cite_files.py: bulk_exports). Nothing partial is ever offered: if one file cannot be
// fetched, the reader gets an error instead of a file with papers missing.
(function () {
  "use strict";

  var CONCURRENCY = 8;
  var TYPES = { bib: "application/x-bibtex", ris: "application/x-research-info-systems" };

  function exportUrl(paperHref, format) {
    var paper = new URL(paperHref, location.href);
    var slug = paper.pathname.replace(/\/+$/, "").split("/").pop();
    return new URL("../" + slug + "." + format, paper.href.replace(/\/?$/, "/")).href;
  }

  function fetchText(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.text();
    });
  }

  function fetchAll(urls, onProgress) {
    var texts = new Array(urls.length), next = 0, done = 0;
    function worker() {
      if (next >= urls.length) return Promise.resolve();
      var index = next++;
      return fetchText(urls[index]).then(function (text) {
        texts[index] = text;
        onProgress(++done, urls.length);
        return worker();
      });
    }
    var workers = [];
    for (var i = 0; i < Math.min(CONCURRENCY, urls.length); i++) workers.push(worker());
    return Promise.all(workers).then(function () { return texts; });
  }

  function offer(text, filename, format) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: TYPES[format] + ";charset=utf-8" }));
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".pa-assemble");
    if (!button) return;
    event.preventDefault();
    if (button.getAttribute("aria-busy") === "true") return;
    var format = button.dataset.format;
    var status = document.querySelector(".pa-assemble-status");
    var every = button.closest("[data-papers]"), urls;
    if (every) {  // an author with more than one page: every paper (listed in a file beside the page), not only this page's
      urls = fetchText(new URL(every.dataset.papers, location.href).href).then(function (text) {
        return text.split("\n").filter(Boolean).map(function (slug) {
          return new URL(every.dataset.base + slug + "." + format, location.href).href;
        });
      });
    } else {
      var links = document.querySelectorAll(".pa-papers .pa-paper-entry__title");
      urls = Promise.resolve(Array.prototype.map.call(links, function (link) { return exportUrl(link.getAttribute("href"), format); }));
    }
    var failed = false;
    button.setAttribute("aria-busy", "true");
    urls.then(function (list) {
      return fetchAll(list, function (done, total) {
        if (status && !failed) status.textContent = "Preparing " + done + " of " + total + "…";
      });
    }).then(function (texts) {
      offer(texts.join("\n"), button.dataset.filename, format);
      if (status) status.textContent = "";
    }).catch(function (error) {
      failed = true;
      if (status) status.textContent = "Could not prepare the file (" + error.message + "); please try again.";
    }).then(function () {
      button.removeAttribute("aria-busy");
    });
  });
})();
