/* Paper Archive search page: results, sort, filters (facets) and "no results" help, on the engine of
   paper-search.js (window.PaperSearch, loaded first). Mount: <div data-paper-search data-index="search-index/">.
   Results come first in the document; on a phone the filters sit behind a "Filters" button. Untrusted
   text is only ever inserted as text nodes. */
(function () {
  "use strict";
  var P = window.PaperSearch, Index = P.Index, Search = P.Search, parseQuery = P.parseQuery, topIds = P.topIds,
      tokenize = P.tokenize, ungap = P.ungap, el = P.el, safeUrl = P.safeUrl, mark = P.mark, snippet = P.snippet;
  var PAGE = 10, FACETS = ["topic", "category", "source"], SKELETON = 4;
  var LABELS = { year: "Year", topic: "Topic", category: "arXiv category", source: "Seen on", author: "Author" };
  var OPEN_WHEN_AT_MOST = 6, CHEAP_FACETS_BYTES = 4096;  /* open small facets at once only while facets.json is tiny (~1.5 KB gzip):
                                                          a bigger archive keeps the first query to the shards and results it needs */

  function Widget(root) {
    this.root = root; this.ix = new Index(root.getAttribute("data-index") || "search-index/");
    this.sel = { year: new Set(), topic: new Set(), category: new Set(), source: new Set(), author: new Set() };
    this.seq = 0; this.shown = PAGE; this.build();
    /* The header's search box submits here as ?q=...: run that query at once. */
    var params = new URLSearchParams(window.location.search), asked = params.get("q");
    this.exact = params.get("exact") === "1";  /* "search for exactly what I typed": no corrections, every word */
    if (asked) { this.input.value = asked; this.skeleton(); this.update(); }
  }
  Widget.prototype.build = function () {
    var self = this, r = this.root;
    r.classList.add("ps");
    var form = el("form", "ps-form"); form.setAttribute("role", "search");
    form.addEventListener("submit", function (e) { e.preventDefault(); self.shown = PAGE; self.update(); });
    var label = el("label", "ps-label", "Search papers"); label.htmlFor = "ps-q";
    this.input = el("input", "ps-input"); this.input.type = "search"; this.input.autocomplete = "off"; this.input.id = "ps-q";
    this.input.name = "q"; this.input.placeholder = "e.g. graph author:lecun topic:vision year:2021";
    form.append(label, this.input);
    var bar = el("div", "ps-bar"); this.status = el("p", "ps-status"); this.status.setAttribute("role", "status");
    this.filtersButton = el("button", "ps-filters-button", "Filters"); this.filtersButton.type = "button";
    this.filterCount = el("span", "ps-filter-count"); this.filtersButton.appendChild(this.filterCount);
    this.filtersButton.setAttribute("aria-expanded", "false"); this.filtersButton.setAttribute("aria-controls", "ps-facets");
    this.filtersButton.addEventListener("click", function () {
      var open = !r.classList.toggle("ps--filters-closed"); self.filtersButton.setAttribute("aria-expanded", String(open));
    });
    var sortLabel = el("label", "ps-sort-label"); sortLabel.appendChild(el("span", "ps-sort-text", "Sort "));
    this.sort = el("select", "ps-sort");
    [["relevance", "Relevance"], ["date", "Newest"], ["upvotes", "Upvotes"]].forEach(function (o) {
      var opt = el("option", null, o[1]); opt.value = o[0]; self.sort.appendChild(opt);
    });
    sortLabel.appendChild(this.sort);
    bar.append(this.status, this.filtersButton, sortLabel);
    this.facets = el("aside", "ps-facets"); this.facets.id = "ps-facets"; this.facets.setAttribute("aria-label", "Filters");
    this.notice = el("p", "ps-notice"); this.notice.hidden = true;
    this.list = el("ol", "ps-results"); this.empty = el("div", "ps-empty"); this.empty.hidden = true;
    this.more = el("button", "ps-more", "More results"); this.more.type = "button"; this.more.hidden = true;
    var body = el("div", "ps-body"), main = el("div", "ps-main");
    main.append(this.notice, this.list, this.empty, this.more); body.append(main, this.facets); r.append(form, bar, body);
    r.classList.add("ps--filters-closed");
    this.panels = {};
    ["year"].concat(FACETS, ["author"]).forEach(function (f) {
      var d = el("details", "ps-facet"), summary = el("summary", null, LABELS[f] + " ");
      d.dataset.facet = f; d.open = f === "year" || f === "author";
      summary.appendChild(el("span", "ps-facet-size")); d.append(summary, el("div", "ps-values"));
      d.addEventListener("toggle", function () { if (d.open && self.opened) self.update(); });
      self.facets.appendChild(d); self.panels[f] = d;
    });
    var timer;
    this.input.addEventListener("input", function () { self.exact = false; clearTimeout(timer); timer = setTimeout(function () { self.shown = PAGE; self.update(); }, 100); });
    this.sort.addEventListener("change", function () { self.shown = PAGE; self.update(); });
    this.more.addEventListener("click", function () { self.shown += PAGE; self.update(); });
  };
  /* Placeholder rows the size of results, so nothing below moves when the first results arrive. */
  Widget.prototype.skeleton = function () {
    var frag = document.createDocumentFragment();
    for (var i = 0; i < SKELETON; i++) {
      var li = el("li", "ps-hit ps-skeleton"); li.setAttribute("aria-hidden", "true");
      li.append(el("span", "ps-skel ps-skel--title"), el("span", "ps-skel ps-skel--meta"), el("span", "ps-skel ps-skel--text"));
      frag.appendChild(li);
    }
    this.list.replaceChildren(frag);
  };
  /* Name each facet's size in its heading; open the small ones when their file is cheap to load. */
  Widget.prototype.sizeFacets = function (m) {
    var self = this, summary = m.facets || { values: {}, bytes: Infinity };
    this.panels.year.querySelector(".ps-facet-size").textContent = String(Object.keys(m.years).length);
    FACETS.forEach(function (f) {
      var n = summary.values[f] || 0, d = self.panels[f];
      d.hidden = n === 0; d.querySelector(".ps-facet-size").textContent = String(n);
      if (n && n <= OPEN_WHEN_AT_MOST && summary.bytes <= CHEAP_FACETS_BYTES) d.open = true;
    });
  };
  Widget.prototype.ready = function () {
    var self = this;
    return this.opened || (this.opened = this.ix.open().then(function (ix) { self.sizeFacets(ix.m); return ix; }));
  };
  Widget.prototype.update = function () {
    var self = this, seq = ++this.seq, text = this.input.value, start = performance.now();
    this.root.dataset.state = "busy";
    return this.ready().then(function (ix) {
      var q = parseQuery(text, ix.stop), needFacets = FACETS.some(function (f) { return self.panels[f].open || self.sel[f].size; });
      q.exact = self.exact;
      self.sel.author.forEach(function (name) { q.clauses.push({ term: tokenize(name).join("_"), prefix: false, fields: [2] }); });
      return Promise.all([new Search(ix).run(q), needFacets ? ix.get("facets.json") : null,
        self.sort.value === "upvotes" ? ix.get("upvotes.json") : null]).then(function (got) {
        if (seq !== self.seq) return;
        var t1 = performance.now(), res = self.filter(q, got[0], got[1]), order = self.order(res.ids, got[0].score, got[2]);
        var rankMs = performance.now() - t1, computeMs = got[0].ms + rankMs;
        return Promise.all(order.top.map(function (id) { return ix.chunk(id); })).then(function (docs) {
          if (seq !== self.seq) return;
          var t2 = performance.now();
          self.render(q, order, docs, res, got[1], got[0].notes);
          var end = performance.now();
          self.root.dataset.state = "done"; self.root.dataset.query = text;
          self.timing = { totalMs: end - start, computeMs: computeMs + end - t2, searchMs: got[0].ms, rankMs: rankMs, renderMs: end - t2 };
        });
      });
    }).catch(function (e) { if (seq === self.seq) { self.status.textContent = "Search unavailable: " + e.message; self.root.dataset.state = "error"; } });
  };
  /* Apply year and facet filters; remember, per facet, which ids pass all the *other* filters.
     Each active filter is a 0/1 typed array: by year for the year filter, by id for the others. */
  Widget.prototype.filter = function (q, found, facets) {
    var ix = this.ix, n = ix.n, sel = this.sel, self = this, years = q.years, yearOf = ix.yearOf;
    var keys = ["year"].concat(FACETS), masks = [null, null, null, null];
    if (years || sel.year.size) {
      masks[0] = new Uint8Array(65536);  /* by year (yearOf is 0 for undated papers, which never pass) */
      Object.keys(ix.m.years).forEach(function (y) {
        masks[0][+y] = (!years || (+y >= years[0] && +y <= years[1])) && (!sel.year.size || sel.year.has(y)) ? 1 : 0;
      });
    }
    FACETS.forEach(function (f, k) {
      if (!sel[f].size || !facets) return;
      var m = masks[k + 1] = new Uint8Array(n);
      facets[f].names.forEach(function (name, i) {
        if (sel[f].has(name)) self.ids(facets, f, i).forEach(function (id) { m[id] = 1; });
      });
    });
    var pass = {}, ids = [], lists = keys.map(function () { return []; });
    if (masks.every(function (m) { return !m; })) {  /* nothing filters: every id passes everything */
      keys.forEach(function (k) { pass[k] = found.ids; });
      return { ids: found.ids, pass: pass };
    }
    for (var j = 0; j < found.ids.length; j++) {
      var id = found.ids[j], failed = -1, fails = 0;
      for (var i = 0; i < masks.length; i++) {
        if (masks[i] && !masks[i][i === 0 ? yearOf[id] : id]) { failed = i; fails++; }
      }
      if (fails === 0) { ids.push(id); for (var i = 0; i < lists.length; i++) lists[i].push(id); }
      else if (fails === 1) lists[failed].push(id);
    }
    keys.forEach(function (k, i) { pass[k] = lists[i]; });
    return { ids: ids, pass: pass };
  };
  Widget.prototype.ids = function (facets, f, i) {
    var key = f + i; this.facetIds = this.facetIds || {};
    return this.facetIds[key] || (this.facetIds[key] = ungap(facets[f].ids[i]));
  };
  /* What results are ranked by: relevance scores, upvotes, or (null) the id, which is date order. */
  Widget.prototype.rankKeys = function (score, votes) {
    var mode = this.sort.value;
    if (mode === "upvotes" && votes) {
      var v = this.ix.votes;
      if (!v) { v = this.ix.votes = new Int32Array(this.ix.n); votes.ids.forEach(function (id, i) { v[id] = votes.votes[i]; }); }
      return v;
    }
    return mode === "relevance" ? score : null;
  };
  /* The first `shown` result ids in ranking order, and how many results there are in all. */
  Widget.prototype.order = function (ids, score, votes) {
    return { top: topIds(ids, this.shown, this.rankKeys(score, votes)), total: ids.length };
  };
  Widget.prototype.render = function (q, order, docs, res, facets, notes) {
    var self = this, text = this.input.value.trim(), active = this.activeFilters(q);
    this.status.textContent = order.total.toLocaleString("en") + (order.total === 1 ? " paper" : " papers");
    this.filterCount.textContent = active.length ? "(" + active.length + ")" : "";
    this.root.classList.toggle("ps--none", order.total === 0);
    this.empty.hidden = order.total !== 0;
    if (order.total === 0) this.renderNone(q, text, active, notes); else this.renderNotice(q, text, notes);
    this.notice.hidden = order.total === 0 || !this.notice.childNodes.length;
    var list = document.createDocumentFragment();
    docs.forEach(function (d, i) {
      var li = el("li", "ps-hit"); li.dataset.id = order.top[i];
      var a = el("a", "ps-title"); a.href = safeUrl(d.u); mark(a, d.t, q.highlight);
      var meta = el("div", "ps-meta"), au = d.a.slice(0, 6).join(", ") + (d.a.length > 6 ? ", et al." : "");
      if (au) meta.append(el("span", "ps-authors", au));
      meta.append(el("span", "ps-date", d.d || "undated"));
      if (d.v) meta.append(el("span", "ps-votes", "\u25B2 " + d.v));
      var snip = el("p", "ps-snippet"); mark(snip, snippet(d.x, q.highlight), q.highlight);
      li.append(a, meta, snip); list.appendChild(li);
    });
    this.list.replaceChildren(list);
    this.more.hidden = order.total <= this.shown;
    var perYear = new Int32Array(65536), yearOf = this.ix.yearOf, passed = res.pass.year;
    for (var i = 0; i < passed.length; i++) perYear[yearOf[passed[i]]]++;
    this.renderFacet("year", Object.keys(this.ix.m.years).sort().reverse(), function (name) { return perYear[+name]; });
    FACETS.forEach(function (f) {
      if (!facets || !self.panels[f].open) return self.renderFacet(f, [], null);
      var inPass = new Uint8Array(self.ix.n); res.pass[f].forEach(function (id) { inPass[id] = 1; });
      self.renderFacet(f, facets[f].names, function (name, i) {
        var c = 0; self.ids(facets, f, i).forEach(function (id) { c += inPass[id]; }); return c;
      });
    });
    var authors = new Map();
    docs.forEach(function (d) { d.a.forEach(function (name) { authors.set(name, (authors.get(name) || 0) + 1); }); });
    this.sel.author.forEach(function (name) { if (!authors.has(name)) authors.set(name, 0); });
    var names = Array.from(authors.keys()).sort(function (a, b) { return authors.get(b) - authors.get(a) || (a < b ? -1 : 1); }).slice(0, 12);
    this.renderFacet("author", names, function (name) { return authors.get(name); });
  };
  Widget.prototype.renderFacet = function (f, names, count) {
    var self = this, box = this.panels[f].querySelector(".ps-values"), frag = document.createDocumentFragment();
    names.forEach(function (name, i) {
        var c = count(name, i); if (!c && !self.sel[f].has(name)) return;
      var label = el("label", "ps-value"), box2 = el("input"); box2.type = "checkbox"; box2.checked = self.sel[f].has(name);
      box2.value = name;
      box2.addEventListener("change", function () { box2.checked ? self.sel[f].add(name) : self.sel[f].delete(name); self.shown = PAGE; self.update(); });
      label.append(box2, el("span", "ps-name", name), el("span", "ps-n", String(c))); frag.appendChild(label);
    });
    if (!frag.childNodes.length && this.panels[f].open) frag.appendChild(el("p", "ps-none", "None in these results"));
    box.replaceChildren(frag);
  };
  /* Every filter narrowing the results: ticked facet values and a year: in the query, each with a way to drop it. */
  Widget.prototype.activeFilters = function (q) {
    var self = this, out = [];
    Object.keys(this.sel).forEach(function (f) {
      self.sel[f].forEach(function (name) {
        out.push({ label: LABELS[f] + ": " + name, drop: function () { self.sel[f].delete(name); } });
      });
    });
    if (q.years) out.push({ label: "Year: " + q.years[0] + (q.years[1] !== q.years[0] ? "\u2013" + q.years[1] : ""), drop: function () {
      self.input.value = self.input.value.replace(/\byear:\S*/gi, "").replace(/\s+/g, " ").trim();
    } });
    return out;
  };
  /* A link to this page's query exactly as typed (exact=1), or, from there, forgiving again. */
  Widget.prototype.exactLink = function (text, label, exact) {
    var a = el("a", "ps-exact", label), url = new URL(window.location.href), self = this;
    url.searchParams.set("q", text);
    if (exact) url.searchParams.set("exact", "1"); else url.searchParams.delete("exact");
    a.href = url.pathname + url.search;
    a.addEventListener("click", function (e) { e.preventDefault(); history.replaceState(null, "", a.href); self.exact = exact; self.shown = PAGE; self.update(); });
    return a;
  };
  /* What a forgiving search did above the results: "Showing results for memorization. No paper contains
     zebrafishology. Search for exactly what you typed" (words as text nodes in <em>, never markup). */
  Widget.prototype.renderNotice = function (q, text, notes) {
    var parts = [];
    if (notes && !this.exact) {
      if (notes.corrected.length) {
        var shown = el("span", "ps-notice-line", "Showing results for ");
        q.clauses.filter(function (c) { return c.soft && notes.ignored.indexOf(c.term) < 0; }).forEach(function (c, i) {
          if (i) shown.appendChild(document.createTextNode(" "));
          var fix = notes.corrected.filter(function (x) { return x.typed === c.term; })[0];
          shown.appendChild(fix ? el("em", null, fix.used[0]) : document.createTextNode(c.term));
        });
        parts.push(shown);
      }
      if (notes.ignored.length) {
        var ignored = el("span", "ps-notice-line", notes.ignored.length === 1 ? "No paper contains " : "No paper contains any of ");
        notes.ignored.forEach(function (w, i) { if (i) ignored.appendChild(document.createTextNode(", ")); ignored.appendChild(el("em", null, w)); });
        parts.push(ignored);
      }
      if (notes.partial) parts.push(el("span", "ps-notice-line", "No paper has all of " + (notes.ignored.length ? "the other" : "these") + " words; papers with the most of them come first."));
    }
    if (parts.length) { var line = el("span", "ps-notice-line"); line.appendChild(this.exactLink(text, "Search for exactly \u201c" + text + "\u201d", true)); parts.push(line); }
    this.notice.replaceChildren.apply(this.notice, parts.filter(function (p) { return p.textContent; }));
  };
  /* No results: say so, and offer what would find some (drop a filter, let the search forgive, browse topics). */
  Widget.prototype.renderNone = function (q, text, active, notes) {
    var self = this, heading = el("h2", "ps-empty-title", "No papers match ");
    heading.appendChild(el("em", null, text || "these filters"));
    var tips = el("ul", "ps-tips");
    function tip(label, act) {
      var li = el("li"), b = el("button", "ps-tip", label); b.type = "button";
      b.addEventListener("click", function () { act(); self.shown = PAGE; self.update(); self.input.focus(); });
      li.appendChild(b); tips.appendChild(li);
    }
    active.forEach(function (f) { tip("Remove filter \u201c" + f.label + "\u201d", f.drop); });
    if (this.exact && text) { var li = el("li"); li.appendChild(this.exactLink(text, "Search again, forgiving typos and missing words", false)); li.firstChild.classList.add("ps-tip"); tips.appendChild(li); }
    var topics = this.root.getAttribute("data-topics");
    if (topics) { var lb = el("li", "ps-browse"), a = el("a", "ps-tip", "Browse papers by topic"); a.href = topics; lb.appendChild(a); tips.appendChild(lb); }
    var why = notes && notes.ignored.length ? "No paper contains " + notes.ignored.join(", ") + ", even allowing for a typo. Try:"
      : "Words match as prefixes in titles, abstracts, authors and topics. Try:";
    this.empty.replaceChildren(heading, el("p", "ps-muted", why), tips);
    this.status.textContent = "No papers";
  };

  function mountAll() {
    document.querySelectorAll("[data-paper-search]").forEach(function (root) {
      if (!root.paperSearch) root.paperSearch = new Widget(root);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll); else mountAll();
})();
