/* Paper Archive search: a static, sharded index (generator/search) queried in the browser.
   Mount: <div data-paper-search data-index="search-index/"></div>. Untrusted text is only ever
   inserted as text nodes; nothing here uses innerHTML. */
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}]+/gu, PAGE = 10, EXPANDED = 0.7, FACETS = ["topic", "category", "source"];
  var LABELS = { year: "Year", topic: "Topic", category: "arXiv category", source: "Source listing", author: "Author (top results)" };

  function fold(s) {
    s = s.toLowerCase();
    return /^[\x00-\x7f]*$/.test(s) ? s : s.normalize("NFKD").replace(/[\u0300-\u036f]+/g, "");
  }
  function tokenize(s) { return fold(s).match(WORD) || []; }
  function shardName(term, size) {
    var prefix = Array.from(term).slice(0, size).join("");
    if (term.indexOf("_") >= 0) prefix = "n_" + prefix;
    if (/^[a-z0-9]+$/.test(prefix.replace(/_/g, ""))) return prefix;
    return "x" + Array.from(new TextEncoder().encode(prefix), function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }
  /* The first k of `ids` by keys[id] descending (by id alone when keys is null), the newer (higher) id
     first among equals: the same as sorting them all and taking k, but most ids cost one comparison with
     the root of a bounded heap (the worst id kept). */
  function topIds(ids, k, keys) {
    var heap = new Int32Array(Math.min(k, ids.length)), size = 0, worst = 0, worstKey = 0;
    for (var i = 0; i < ids.length; i++) {
      var id = ids[i];
      if (size < heap.length) { heap[size] = id; siftUp(heap, size++, keys); }
      else if (size && (keys === null ? id > worst : keys[id] > worstKey || (keys[id] === worstKey && id > worst))) {
        heap[0] = id; siftDown(heap, size, keys);
      } else continue;
      worst = heap[0]; worstKey = keys === null ? 0 : keys[worst];  /* the test above, inlined: most ids stop there */
    }
    return Array.from(heap).sort(function (a, b) { return ranksBefore(a, b, keys) ? -1 : 1; });
  }
  function ranksBefore(a, b, keys) {
    if (keys !== null && keys[a] !== keys[b]) return keys[a] > keys[b];
    return a > b;
  }
  function siftUp(heap, i, keys) {
    while (i > 0) {
      var parent = (i - 1) >> 1;
      if (!ranksBefore(heap[parent], heap[i], keys)) return;
      var t = heap[i]; heap[i] = heap[parent]; heap[parent] = t; i = parent;
    }
  }
  function siftDown(heap, size, keys) {
    for (var i = 0; ;) {
      var worst = i, left = 2 * i + 1, right = left + 1;
      if (left < size && ranksBefore(heap[worst], heap[left], keys)) worst = left;
      if (right < size && ranksBefore(heap[worst], heap[right], keys)) worst = right;
      if (worst === i) return;
      var t = heap[i]; heap[i] = heap[worst]; heap[worst] = t; i = worst;
    }
  }
  function ungap(gaps) { var out = new Int32Array(gaps.length), v = 0; for (var i = 0; i < gaps.length; i++) out[i] = v += gaps[i]; return out; }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; }
  function safeUrl(url) { return /^(https?:|\/|\.|[\w-]+\/)/i.test(url) && !/^javascript:/i.test(url) ? url : "#"; }

  /* ---- index access ---- */
  function Index(base) { this.base = base.replace(/\/?$/, "/"); this.files = {}; this.terms = {}; }
  Index.prototype.get = function (path) {
    var self = this;
    if (!this.files[path]) this.files[path] = fetch(this.base + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": HTTP " + r.status); self.waited = performance.now(); return r.json();
    });
    return this.files[path];
  };
  Index.prototype.open = function () {
    var self = this;
    return this.get("manifest.json").then(function (m) {
      self.m = m; self.n = m.count; self.shards = new Set(m.shards.split(" ")); self.stop = new Set(m.stopwords);
      self.yearOf = new Int16Array(m.count);
      Object.keys(m.years).forEach(function (y) { self.yearOf.fill(+y, m.years[y][0], m.years[y][1]); });
      return self;
    });
  };
  Index.prototype.shard = function (term) {
    var name = shardName(term, this.m.prefix);
    return this.shards.has(name) ? this.get("terms/" + name + ".json") : Promise.resolve({});
  };
  /* Terms of a shard matching a clause: exact, or every term it begins (>= prefix length). */
  Index.prototype.match = function (clause, shard) {
    var out = [], t = clause.term, prefix = clause.prefix && t.length >= this.m.prefix;
    for (var key in shard) {
      if (key === t || (prefix && key.lastIndexOf(t, 0) === 0 && key.indexOf("_") < 0)) {
        if (!this.terms[key]) this.terms[key] = shard[key].map(ungap);
        out.push({ key: key, lists: this.terms[key], exact: key === t });
      }
    }
    return out;
  };
  Index.prototype.chunk = function (id) {
    var per = this.m.docsPerChunk, c = Math.floor(id / per);
    return this.get("docs/" + Math.floor(c / this.m.chunksPerFolder) + "/" + c + ".json").then(function (docs) { return docs[id % per]; });
  };

  /* ---- queries ---- */
  var FIELD_NAMES = { author: [2], authors: [2], topic: [3], topics: [3], title: [0], abstract: [1] };
  function parseQuery(text, stop) {
    var q = { clauses: [], years: null, highlight: [] }, re = /(\w+):"([^"]*)"?|(\w+):(\S+)|"([^"]*)"?|(\S+)/g, m;
    var trailing = !/\s$/.test(text);
    while ((m = re.exec(text))) {
      var field = (m[1] || m[3] || "").toLowerCase(), value = m[2] != null ? m[2] : m[4] != null ? m[4] : m[5] != null ? m[5] : m[6];
      var quoted = m[2] != null || m[5] != null;
      if (field === "year") {
        var ys = value.match(/\d{4}/g);
        if (ys) q.years = [+ys[0], +(ys[1] || ys[0])];
        continue;
      }
      var fields = FIELD_NAMES[field] || (field ? null : [0, 1, 2, 3]);
      if (!fields) { fields = [0, 1, 2, 3]; value = m[0]; }
      var words = tokenize(value);
      if ((field === "author" || field === "authors") && quoted && words.length > 1) {
        q.clauses.push({ term: words.join("_"), prefix: false, fields: [2] });
        q.highlight.push.apply(q.highlight, words.map(function (w) { return { term: w, prefix: false }; }));
        continue;
      }
      words.forEach(function (w) {
        if (!field && stop.has(w)) return;
        var c = { term: w, prefix: true, fields: fields };
        q.clauses.push(c); q.highlight.push(c);
      });
    }
    return q;
  }

  /* The scoring loops, as small functions over typed arrays: the first query runs before the JIT has
     warmed up, and small monomorphic functions are optimised far sooner than one big closure. */
  function addScores(list, add, cur, touched, hit) {
    for (var k = 0; k < list.length; k++) { var id = list[k]; if (cur[id] === 0) touched[hit++] = id; cur[id] += add; }
    return hit;
  }
  function keepBest(touched, hit, cur, best, seen, found) {
    for (var k = 0; k < hit; k++) {
      var id = touched[k], s = cur[id]; cur[id] = 0;
      if (best[id] === 0) seen[found++] = id;
      if (s > best[id]) best[id] = s;
    }
    return found;
  }
  function intersect(ids, count, best, total) {
    var kept = 0;
    for (var k = 0; k < count; k++) { var id = ids[k]; if (best[id] > 0) { total[id] += best[id]; ids[kept++] = id; } }
    return kept;
  }

  function Search(index) { this.ix = index; }
  /* Ids matching every clause, each with a relevance score: per clause, a paper's best-scoring matching
     term (idf x field weight, prefix expansions discounted); clauses add up. */
  Search.prototype.run = function (q) {
    var ix = this.ix, n = ix.n, w = ix.m.weights;
    return Promise.all(q.clauses.map(function (c) { return ix.shard(c.term); })).then(function (shards) {
      var t0 = performance.now(), total = null, ids = null, count = 0;
      var cur = new Float32Array(n), touched = new Int32Array(n);
      for (var i = 0; i < q.clauses.length; i++) {
        var c = q.clauses[i], best = new Float32Array(n), seen = new Int32Array(n), found = 0;
        var matches = ix.match(c, shards[i]);
        for (var m = 0; m < matches.length; m++) {
          var t = matches[m], df = 0, hit = 0;
          for (var f = 0; f < t.lists.length; f++) df = Math.max(df, t.lists[f].length);
          var idf = Math.log(1 + n / Math.max(1, df)) * (t.exact ? 1 : EXPANDED);
          for (var j = 0; j < c.fields.length; j++) {
            var list = t.lists[c.fields[j]];
            if (list) hit = addScores(list, w[c.fields[j]] * idf, cur, touched, hit);
          }
          found = keepBest(touched, hit, cur, best, seen, found);
        }
        if (total === null) { total = best; ids = seen; count = found; }
        else count = intersect(ids, count, best, total);
      }
      if (total === null) { total = new Float32Array(n); ids = new Int32Array(n); count = n; for (var k = 0; k < n; k++) ids[k] = k; }
      return { ids: ids.subarray(0, count), score: total, ms: performance.now() - t0 };
    });
  };

  /* ---- the UI ---- */
  function Widget(root) {
    this.root = root; this.ix = new Index(root.getAttribute("data-index") || "search-index/");
    this.sel = { year: new Set(), topic: new Set(), category: new Set(), source: new Set(), author: new Set() };
    this.seq = 0; this.shown = PAGE; this.build();
    /* The header's search box submits here as ?q=...: run that query at once. */
    var asked = new URLSearchParams(window.location.search).get("q");
    if (asked) { this.input.value = asked; this.update(); }
  }
  Widget.prototype.build = function () {
    var self = this, r = this.root;
    r.classList.add("ps");
    this.input = el("input", "ps-input"); this.input.type = "search"; this.input.autocomplete = "off";
    this.input.placeholder = "Search papers \u2014 e.g. graph author:lecun topic:vision year:2021";
    this.input.setAttribute("aria-label", "Search papers");
    var bar = el("div", "ps-bar"); this.status = el("span", "ps-status");
    this.sort = el("select", "ps-sort"); this.sort.setAttribute("aria-label", "Sort results");
    [["relevance", "Relevance"], ["date", "Newest"], ["upvotes", "Upvotes"]].forEach(function (o) {
      var opt = el("option", null, o[1]); opt.value = o[0]; self.sort.appendChild(opt);
    });
    bar.append(this.status, this.sort);
    this.facets = el("aside", "ps-facets"); this.list = el("ol", "ps-results");
    this.more = el("button", "ps-more", "More results"); this.more.type = "button"; this.more.hidden = true;
    var body = el("div", "ps-body"), main = el("div", "ps-main");
    main.append(this.list, this.more); body.append(this.facets, main); r.append(this.input, bar, body);
    this.panels = {};
    ["year"].concat(FACETS, ["author"]).forEach(function (f) {
      var d = el("details", "ps-facet"); d.dataset.facet = f; d.open = f === "year" || f === "author";
      d.appendChild(el("summary", null, LABELS[f])); d.appendChild(el("div", "ps-values"));
      d.addEventListener("toggle", function () { if (d.open) self.update(); });
      self.facets.appendChild(d); self.panels[f] = d;
    });
    var timer;
    this.input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { self.shown = PAGE; self.update(); }, 100); });
    this.sort.addEventListener("change", function () { self.shown = PAGE; self.update(); });
    this.more.addEventListener("click", function () { self.shown += PAGE; self.update(); });
  };
  Widget.prototype.ready = function () { return this.opened || (this.opened = this.ix.open()); };
  Widget.prototype.update = function () {
    var self = this, seq = ++this.seq, text = this.input.value, start = performance.now();
    this.root.dataset.state = "busy";
    return this.ready().then(function (ix) {
      var q = parseQuery(text, ix.stop), needFacets = FACETS.some(function (f) { return self.panels[f].open || self.sel[f].size; });
      self.sel.author.forEach(function (name) { q.clauses.push({ term: tokenize(name).join("_"), prefix: false, fields: [2] }); });
      return Promise.all([new Search(ix).run(q), needFacets ? ix.get("facets.json") : null,
        self.sort.value === "upvotes" ? ix.get("upvotes.json") : null]).then(function (got) {
        if (seq !== self.seq) return;
        var t1 = performance.now(), res = self.filter(q, got[0], got[1]), order = self.order(res.ids, got[0].score, got[2]);
        var rankMs = performance.now() - t1, computeMs = got[0].ms + rankMs;
        return Promise.all(order.top.map(function (id) { return ix.chunk(id); })).then(function (docs) {
          if (seq !== self.seq) return;
          var t2 = performance.now();
          self.render(q, order, docs, res, got[1]);
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
  Widget.prototype.render = function (q, order, docs, res, facets) {
    var self = this;
    this.status.textContent = order.total.toLocaleString("en") + (order.total === 1 ? " paper" : " papers");
    var list = document.createDocumentFragment();
    docs.forEach(function (d, i) {
      var li = el("li", "ps-hit"); li.dataset.id = order.top[i];
      var a = el("a", "ps-title"); a.href = safeUrl(d.u); mark(a, d.t, q.highlight);
      var meta = el("div", "ps-meta"), au = d.a.slice(0, 6).join(", ") + (d.a.length > 6 ? ", et al." : "");
      meta.append(el("span", "ps-authors", au), el("span", "ps-date", d.d || "undated"));
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
    box.replaceChildren(frag);
  };

  /* ---- highlighting (text nodes and <mark> only) ---- */
  function hits(word, terms) {
    var f = fold(word);
    return terms.some(function (t) { return f === t.term || (t.prefix && t.term.length >= 3 && f.lastIndexOf(t.term, 0) === 0); });
  }
  function snippet(text, terms) {
    text = text || ""; var m, re = new RegExp(WORD.source, "gu"), at = -1;
    while ((m = re.exec(text))) if (hits(m[0], terms)) { at = m.index; break; }
    if (at < 0 || text.length <= 240) return text.length > 240 ? text.slice(0, 240) + "\u2026" : text;
    var start = Math.max(0, text.lastIndexOf(" ", Math.max(0, at - 60)) + 1), end = text.indexOf(" ", start + 240);
    return (start ? "\u2026" : "") + text.slice(start, end < 0 ? undefined : end) + (end < 0 ? "" : "\u2026");
  }
  function mark(node, text, terms) {
    var m, re = new RegExp(WORD.source, "gu"), last = 0;
    while ((m = re.exec(text))) {
      if (!hits(m[0], terms)) continue;
      if (m.index > last) node.appendChild(document.createTextNode(text.slice(last, m.index)));
      node.appendChild(el("mark", null, m[0])); last = m.index + m[0].length;
    }
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
  }

  function mountAll() {
    document.querySelectorAll("[data-paper-search]").forEach(function (root) {
      if (!root.paperSearch) root.paperSearch = new Widget(root);
    });
  }
  window.PaperSearch = { mount: mountAll, tokenize: tokenize, shardName: shardName, parseQuery: parseQuery, topIds: topIds };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll); else mountAll();
})();
