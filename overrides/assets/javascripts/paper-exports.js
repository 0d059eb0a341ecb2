// Two jobs, both small; the formats themselves are pa-cite.js's (window.PaperCite). (1) A paper page's Cite menu
// and Copy link: the BibTeX shown when the menu opens, each format copied (navigator.clipboard, or a hidden
// textarea where that is missing or refused) or downloaded, from the page's own #pa-cite-data; Escape and outside
// clicks close the menu. (2) "Cite all" on a listing page: a topic's or year's .bib / .ris / .csl.json written from its
// cite.json, an author's from each of its papers' pages (papers/<slug>/, which hold their data), in page order,
// without abstracts. Nothing partial is ever offered: if one page cannot be fetched, the reader gets an error.
(function () {
  "use strict";

  var CONCURRENCY = 8;
  var TYPES = { bib: "application/x-bibtex", ris: "application/x-research-info-systems",
    csl: "application/vnd.citationstyles.csl+json" };

  function fetchText(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.text();
    });
  }

  function pageData(url) {  // a paper page's citation data
    return fetchText(url).then(function (html) {
      var node = new DOMParser().parseFromString(html, "text/html").getElementById("pa-cite-data");
      if (!node) throw new Error(url + ": no citation data");
      return JSON.parse(node.textContent);
    });
  }

  function fetchAll(urls, onProgress) {
    var found = new Array(urls.length), next = 0, done = 0;
    function worker() {
      if (next >= urls.length) return Promise.resolve();
      var index = next++;
      return pageData(urls[index]).then(function (data) {
        found[index] = data;
        onProgress(++done, urls.length);
        return worker();
      });
    }
    var workers = [];
    for (var i = 0; i < Math.min(CONCURRENCY, urls.length); i++) workers.push(worker());
    return Promise.all(workers).then(function () { return found; });
  }

  function offer(text, filename, format) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: TYPES[format] + ";charset=utf-8" }));
    link.download = filename;
    link.addEventListener("click", function (event) { event.stopPropagation(); });  // not an outside click
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }
  window.PaperCite.offer = offer;

  function groupData(holder, onProgress) {  // the citation data of every paper of the group, in page order
    if (holder && holder.dataset.cite) {
      return fetchText(new URL(holder.dataset.cite, location.href).href).then(JSON.parse);
    }
    var urls;
    if (holder && holder.dataset.papers) {  // an author with more than one page: every paper, not only this page's
      urls = fetchText(new URL(holder.dataset.papers, location.href).href).then(function (text) {
        return text.split("\n").filter(Boolean).map(function (slug) {
          return new URL(holder.dataset.base + slug + "/", location.href).href;
        });
      });
    } else {
      var links = document.querySelectorAll(".pa-papers > li > a");  // each entry's title (partials/paper-list.html)
      urls = Promise.resolve(Array.prototype.map.call(links, function (link) {
        return new URL(link.getAttribute("href"), location.href).href;
      }));
    }
    return urls.then(function (list) { return fetchAll(list, onProgress); });
  }

  document.querySelectorAll(".pa-assemble-links").forEach(function (links) { links.hidden = false; });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".pa-assemble");
    if (!button) return;
    event.preventDefault();
    if (button.getAttribute("aria-busy") === "true") return;
    var format = button.dataset.format;
    var status = document.querySelector(".pa-assemble-status");
    var failed = false;
    button.setAttribute("aria-busy", "true");
    groupData(button.closest(".pa-exports"), function (done, total) {
      if (status && !failed) status.textContent = "Preparing " + done + " of " + total + "…";
    }).then(function (list) {
      offer(window.PaperCite.formats(list)[format], button.dataset.filename, format);
      if (status) status.textContent = "";
    }).catch(function (error) {
      failed = true;
      if (status) status.textContent = "Could not prepare the file (" + error.message + "); please try again.";
    }).then(function () {
      button.removeAttribute("aria-busy");
    });
  });
})();

// (1) The paper page (overrides/paper.html). The formats and buttons are printed `hidden` and shown here: without
// JavaScript the menu says that citing needs it, and no button does nothing.
(function () {
  "use strict";

  var status = document.getElementById("pa-copy-status");
  var dataNode = document.getElementById("pa-cite-data"), data = null, texts = {};
  if (dataNode) {
    data = JSON.parse(dataNode.textContent);
    var abstract = document.querySelector('meta[name="citation_abstract"]');
    texts = window.PaperCite.formats([data], abstract ? abstract.content : null);
    var code = document.getElementById("pa-bibtex");  // the short entry the menu shows (no date, keywords, abstract)
    if (code) code.textContent = window.PaperCite.bibtex(data, null, false);
    document.querySelectorAll(".pa-cite [hidden]").forEach(function (node) { node.hidden = false; });
  }

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

  document.querySelectorAll(".pa-copy-link").forEach(function (button) { button.hidden = false; });

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    var copy = target && target.closest(".pa-copy");
    var download = target && target.closest(".pa-download");
    var link = target && target.closest(".pa-copy-link");
    if (copy && texts[copy.dataset.format]) {  // Copy and Download give the same text
      var name = copy.getAttribute("aria-label").replace(/^Copy /, "");
      copyText(texts[copy.dataset.format]).then(function () {
        say(copy, name + " copied to the clipboard", true);
      }, function () { say(copy, "Could not copy " + name + "; use Download instead", false); });
    } else if (download && texts[download.dataset.format]) {
      window.PaperCite.offer(texts[download.dataset.format], download.dataset.filename, download.dataset.format);
      if (status) status.textContent = download.getAttribute("aria-label").replace(/^Download /, "") + " downloaded";
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
