// Two jobs, both small. (1) A paper page's Cite menu and Copy link: copy a citation file or the page's address
// (navigator.clipboard, or a hidden textarea where that is missing or refused), Escape and outside clicks close
// the menu. (2) Bulk .bib / .ris of an author page, assembled in the browser from each listed paper's own citation
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
      var links = document.querySelectorAll(".pa-papers > li > a");  // each entry's title (partials/paper-list.html)
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

// (1) The paper page (overrides/paper.html). Copy buttons are printed `hidden` and shown here: without
// JavaScript the menu still offers every file as a download, and no button does nothing.
(function () {
  "use strict";

  var status = document.getElementById("pa-copy-status");

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    area.remove();
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  // Text that has to be fetched first: handed to the clipboard as a promise where ClipboardItem allows it
  // (Safari only lets a click write synchronously), else written once it has arrived.
  function copyLater(textPromise) {
    if (window.ClipboardItem && navigator.clipboard && navigator.clipboard.write && window.isSecureContext) {
      var blob = textPromise.then(function (text) { return new Blob([text], { type: "text/plain" }); });
      return navigator.clipboard.write([new ClipboardItem({ "text/plain": blob })])
        .catch(function () { return textPromise.then(copyText); });
    }
    return textPromise.then(copyText);
  }

  function say(button, message, ok) {
    if (status) status.textContent = message;
    var label = button.querySelector("span");
    if (!label) return;
    if (!button.dataset.label) button.dataset.label = label.textContent;
    label.textContent = ok ? "Copied" : "Copy failed";
    button.classList.toggle("pa-copied", ok);
    clearTimeout(button.paTimer);
    button.paTimer = setTimeout(function () {
      label.textContent = button.dataset.label;
      button.classList.remove("pa-copied");
    }, 2000);
  }

  function textOf(button) {  // the file itself, so Copy and Download give the same text
    return fetch(button.dataset.copyUrl).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    });
  }

  document.querySelectorAll(".pa-copy, .pa-copy-link").forEach(function (button) { button.hidden = false; });

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    var copy = target && target.closest(".pa-copy");
    var link = target && target.closest(".pa-copy-link");
    if (copy) {
      var name = copy.getAttribute("aria-label").replace(/^Copy /, "");
      copyLater(textOf(copy)).then(function () {
        say(copy, name + " copied to the clipboard", true);
      }, function () { say(copy, "Could not copy " + name + "; use Download instead", false); });
    } else if (link) {
      var canonical = document.querySelector("link[rel=canonical]");
      copyText(canonical ? canonical.href : location.href).then(function () {
        say(link, "Link copied to the clipboard", true);
      }, function () { say(link, "Could not copy the link", false); });
    }
    document.querySelectorAll("details.pa-menu[open]").forEach(function (menu) {
      if (!target || !menu.contains(target)) menu.open = false;
    });
  });

  document.addEventListener("focusin", function (event) {  // tabbing out of an open menu closes it
    document.querySelectorAll("details.pa-menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) menu.open = false;
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    document.querySelectorAll("details.pa-menu[open]").forEach(function (menu) {
      var inside = menu.contains(document.activeElement);
      menu.open = false;
      if (inside) menu.querySelector("summary").focus();
    });
  });
})();
