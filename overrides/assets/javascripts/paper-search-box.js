/* Paper Archive search: the header's search box, on every page. An ARIA combobox whose listbox shows the
   top hits while you type (keyboard: arrows, Enter, Escape, "/" to focus; on a phone, the sheet of
   Material's __search toggle), on the engine of paper-search.js (window.PaperSearch, loaded first). Mount:
   overrides/partials/search.html ([data-pa-header-search]). Untrusted text is only ever inserted as text
   nodes; nothing here uses innerHTML. No globals of its own. */
(function () {
  "use strict";
  var P = window.PaperSearch, Index = P.Index, topHits = P.topHits, noticeText = P.noticeText,
      el = P.el, safeUrl = P.safeUrl, mark = P.mark;

  function byline(authors, max) {
    return authors.slice(0, max).join(", ") + (authors.length > max ? " +" + (authors.length - max) : "");
  }
  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  /* ---- the header box: an ARIA combobox whose listbox shows the top hits while you type ---- */
  var SUGGESTIONS = 7;
  function HeaderSearch(root) {
    var self = this;
    this.root = root; this.input = root.querySelector("input[role=combobox]"); this.form = this.input.form;
    this.list = root.querySelector("[role=listbox]"); this.panel = root.querySelector(".pa-suggest");
    this.status = root.querySelector(".pa-suggest__status"); this.live = root.querySelector("[role=status]");
    this.toggle = document.getElementById("__search");
    this.page = new URL(root.getAttribute("data-search-page"), document.baseURI);  /* result URLs are relative to it */
    this.ix = new Index(new URL(root.getAttribute("data-index"), document.baseURI).href);
    this.seq = 0; this.active = -1;
    var timer;
    this.input.addEventListener("focus", function () { self.ready(); if (self.toggle) self.toggle.checked = true; if (self.input.value) self.update(); });
    this.input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { self.update(); }, 120); });
    this.input.addEventListener("keydown", function (e) { self.key(e); });
    this.root.addEventListener("focusout", function (e) { if (!root.contains(e.relatedTarget)) self.close(); });
    this.list.addEventListener("mousedown", function (e) { e.preventDefault(); });  /* keep focus: the click follows the link */
    if (this.toggle) this.toggle.addEventListener("change", function () {
      if (self.toggle.checked) self.input.focus(); else { self.close(); self.input.blur(); }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      e.preventDefault(); if (self.toggle) self.toggle.checked = true; self.input.focus();
    });
  }
  HeaderSearch.prototype.ready = function () { return this.opened || (this.opened = this.ix.open()); };
  HeaderSearch.prototype.options = function () { return this.list.querySelectorAll("[role=option]"); };
  HeaderSearch.prototype.key = function (e) {
    var n = this.options().length, open = !this.panel.hidden;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!open) { if (this.input.value) this.update(); return; }
      e.preventDefault();
      if (n) this.highlight(e.key === "ArrowDown" ? (this.active + 1) % n : (this.active <= 0 ? n : this.active) - 1);
    } else if (e.key === "Enter" && open && this.active >= 0) {
      e.preventDefault(); window.location.assign(this.options()[this.active].href);
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (open) this.close(); else { if (this.toggle) this.toggle.checked = false; this.input.blur(); }
    }
  };
  HeaderSearch.prototype.highlight = function (i) {
    var opts = this.options();
    if (this.active >= 0 && opts[this.active]) opts[this.active].setAttribute("aria-selected", "false");
    this.active = i;
    if (i >= 0) { opts[i].setAttribute("aria-selected", "true"); opts[i].scrollIntoView({ block: "nearest" });
      this.input.setAttribute("aria-activedescendant", opts[i].id); }
    else this.input.removeAttribute("aria-activedescendant");
  };
  HeaderSearch.prototype.show = function (open) {
    this.panel.hidden = !open; this.input.setAttribute("aria-expanded", open ? "true" : "false");
    if (!open) this.highlight(-1);
  };
  HeaderSearch.prototype.close = function () { this.seq++; this.show(false); };
  HeaderSearch.prototype.update = function () {
    var self = this, seq = ++this.seq, text = this.input.value.trim();
    this.root.dataset.state = "busy";
    if (!text) { this.show(false); this.root.dataset.state = "done"; this.root.dataset.query = ""; return Promise.resolve(); }
    return this.ready().then(function (ix) { return topHits(ix, text, SUGGESTIONS); }).then(function (got) {
      if (seq !== self.seq) return;
      self.render(text, got); self.root.dataset.state = "done"; self.root.dataset.query = text;
    }).catch(function (e) {
      if (seq !== self.seq) return;
      self.list.replaceChildren(); self.status.textContent = "Search unavailable: " + e.message; self.show(true);
      self.root.dataset.state = "error";
    });
  };
  HeaderSearch.prototype.render = function (text, got) {
    var self = this, frag = document.createDocumentFragment();
    got.docs.forEach(function (d, i) {
      var a = el("a", "pa-suggest__hit"); a.id = "pa-suggest-" + i; a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false"); a.tabIndex = -1; a.href = new URL(safeUrl(d.u), self.page).href;
      var title = el("span", "pa-suggest__title"); mark(title, d.t, got.q.highlight);
      var meta = [byline(d.a, 3), (d.d || "").slice(0, 4)].filter(Boolean).join(" \u00b7 ");
      a.append(title, el("span", "pa-suggest__meta", meta)); frag.appendChild(a);
    });
    if (got.total) {
      var all = el("a", "pa-suggest__hit pa-suggest__all"); all.id = "pa-suggest-all"; all.setAttribute("role", "option");
      all.setAttribute("aria-selected", "false"); all.tabIndex = -1;
      all.href = this.page.href + "?q=" + encodeURIComponent(text);
      all.textContent = "All " + got.total.toLocaleString("en") + (got.total === 1 ? " result" : " results") + " for \u201c" + text + "\u201d";
      frag.appendChild(all);
    }
    this.active = -1; this.input.removeAttribute("aria-activedescendant");
    this.list.replaceChildren(frag);
    var note = got.total ? noticeText(got.notes) : "";
    this.status.textContent = got.total ? note : "No papers match \u201c" + text + "\u201d. Try fewer or shorter words.";
    this.status.hidden = !!got.total && !note;
    this.live.textContent = got.total ? got.total + (got.total === 1 ? " paper" : " papers") + " found" : "No papers found";
    this.show(true);
  };

  function mountHeader() {
    document.querySelectorAll("[data-pa-header-search]").forEach(function (root) {
      if (!root.paperSearch) root.paperSearch = new HeaderSearch(root);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountHeader); else mountHeader();
})();
