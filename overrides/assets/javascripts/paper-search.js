/* Paper Archive search: a static, sharded index (generator/search) queried in the browser.
   This file is the query engine (index access, query parsing, word forms, typo correction, scoring,
   ranking, highlighting), on every page, exported as window.PaperSearch (its only global); the header's
   search box (paper-search-box.js) and the search page's results and filters (paper-search-page.js) use
   it and load after it. Untrusted text is only ever inserted as text nodes; nothing here uses innerHTML. */
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}]+/gu, EXPANDED = 0.7, FORM = 0.9, CORRECTED = 0.5, FEW = 2, MAX_FIXES = 5;

  function fold(s) {
    s = s.toLowerCase();
    return /^[\x00-\x7f]*$/.test(s) ? s : s.normalize("NFKD").replace(/[\u0300-\u036f]+/g, "");
  }
  function tokenize(s) { return fold(s).match(WORD) || []; }
  /* ---- forgiving search (issue 19): mirrors generator/search/text.py; tests hold both to one table ---- */
  var FORM_RULES = [["sses", "ss"], ["yses", "ysis"], ["ies", "y"], ["ches", "ch"], ["shes", "sh"], ["xes", "x"],
                    ["ss", "ss"], ["us", "us"], ["is", "is"], ["s", ""]];
  var ALPHA = /^\p{L}+$/u;
  /* The singular a word folds to ("models" -> "model", "studies" -> "study"): both forms meet in one shard. */
  function wordForm(w) {
    if (w.length < 4 || !ALPHA.test(w)) return w;
    for (var i = 0; i < FORM_RULES.length; i++) {
      var end = FORM_RULES[i][0];
      if (w.length >= end.length && w.slice(-end.length) === end) {
        if (end === "ies" && w.length <= 4) return w.slice(0, -1);
        return w.slice(0, w.length - end.length) + FORM_RULES[i][1];
      }
    }
    return w;
  }
  function maxEdits(w) { return w.length < 4 || !ALPHA.test(w) ? 0 : w.length < 8 ? 1 : 2; }
  /* Damerau edit distance (optimal string alignment), or limit + 1 when it is more than limit. */
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i]; var low = i;
      for (j = 1; j <= b.length; j++) {
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v); if (v < low) low = v;
      }
      if (low > limit) return limit + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length] <= limit ? prev[b.length] : limit + 1;
  }
  /* Keys that bring a word and its typos in the first letters together (text.py fuzzy_keys). */
  function fuzzyKeys(w) {
    var head = Array.from(w).slice(0, 4), keys = new Set([head.slice(0, 3).join("")]);
    for (var p = 0; p < head.length; p++) keys.add(head.slice(0, p).concat(head.slice(p + 1)).slice(0, 3).join(""));
    return Array.from(keys);
  }
  function fuzzyBucket(key, buckets) {  /* 32-bit FNV-1a of the UTF-8 bytes */
    var h = 0x811c9dc5, bytes = new TextEncoder().encode(key);
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h % buckets;
  }
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
  /* Terms of a shard matching a clause: exact, every term it begins (>= prefix length), and, when the clause
     allows word forms, every term with the same singular ("model" <-> "models"). */
  Index.prototype.match = function (clause, shard) {
    var out = [], t = clause.term, prefix = clause.prefix && t.length >= this.m.prefix, form = clause.forms ? wordForm(t) : null;
    for (var key in shard) {
      var plain = key.indexOf("_") < 0, weight = key === t ? 1 : prefix && plain && key.lastIndexOf(t, 0) === 0 ? EXPANDED
        : form !== null && plain && wordForm(key) === form ? FORM : 0;
      if (weight) out.push({ key: key, lists: this.lists(key, shard[key]), weight: weight, exact: key === t });
    }
    return out;
  };
  Index.prototype.lists = function (key, gaps) { return this.terms[key] || (this.terms[key] = gaps.map(ungap)); };
  /* Terms of the index within a word's edit limit, the closest only: from its own shard (typos after the third
     letter) and from the fuzzy files its keys name (typos in the first letters); at most MAX_FIXES, with their
     postings (a correction in another shard fetches that shard). */
  Index.prototype.corrections = function (word, own) {
    var self = this, limit = maxEdits(word), n = this.m.fuzzy || 0, form = wordForm(word);
    if (!limit) return Promise.resolve([]);
    var files = n ? Array.from(new Set(fuzzyKeys(word).map(function (k) { return fuzzyBucket(k, n); }))) : [];
    return Promise.all(files.map(function (f) { return self.get("fuzzy/" + f + ".json"); })).then(function (lists) {
      var best = limit, found = [], t0 = performance.now();
      function consider(t) {
        if (t.length < 4 || t.lastIndexOf(word, 0) === 0 || wordForm(t) === form || found.indexOf(t) >= 0 || !ALPHA.test(t)) return;
        var d = editDistance(word, t, best);
        if (d < best) { best = d; found = [t]; } else if (d === best) found.push(t);
      }
      Object.keys(own).forEach(consider); lists.forEach(function (l) { l.forEach(consider); });
      found = found.slice(0, MAX_FIXES);
      self.spent = (self.spent || 0) + performance.now() - t0;  /* work after bytes, counted in the search's ms */
      return Promise.all(found.map(function (t) { return t in own ? own : self.shard(t); })).then(function (shards) {
        return found.filter(function (t, i) { return shards[i][t]; }).map(function (t, i) {
          return { key: t, lists: self.lists(t, shards[found.indexOf(t)][t]), weight: CORRECTED, exact: false, corrected: true };
        });
      });
    });
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
        /* Free words forgive (forms, typos, may be left out); title:/abstract: fold forms; author:/topic: are exact. */
        var free = !field, c = { term: w, prefix: true, fields: fields, forms: free || field === "title" || field === "abstract",
                                 fix: free && !quoted, soft: free };
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

  function Search(index) { this.ix = index; }
  function docCount(matches) {  /* about how many papers a clause's terms reach (an upper bound) */
    var c = 0;
    matches.forEach(function (t) { var most = 0; t.lists.forEach(function (l) { most = Math.max(most, l.length); }); c += most; });
    return c;
  }
  /* Ids matching the query, each with a ranking key. Per clause, a paper's best-scoring matching term
     (idf x field weight; prefix expansions, other word forms and corrections discounted); clauses add up.
     Forgiving (unless q.exact): a free word that finds at most FEW papers is also matched to the closest
     index terms within its edit limit; when no paper has every word, papers with the most words come
     first. Keys rank papers by words matched, then by fewer corrections, then by score. */
  Search.prototype.run = function (q) {
    var ix = this.ix, forgive = !q.exact;
    return Promise.all(q.clauses.map(function (c) { return ix.shard(c.term); })).then(function (shards) {
      var t0 = performance.now(), matches = q.clauses.map(function (c, i) { return ix.match(c, shards[i]); });
      ix.spent = performance.now() - t0;
      return Promise.all(q.clauses.map(function (c, i) {
        return forgive && c.fix && docCount(matches[i]) <= FEW ? ix.corrections(c.term, shards[i]) : [];
      })).then(function (fixes) { var got = score(ix, q, matches, fixes); got.ms += ix.spent; return got; });
    });
  };
  function score(ix, q, matches, fixes) {
    var n = ix.n, w = ix.m.weights, t0 = performance.now(), clauses = q.clauses, per = [];
    var cur = new Float32Array(n), touched = new Int32Array(n), notes = { corrected: [], ignored: [], partial: false };
    for (var i = 0; i < clauses.length; i++) {
      var c = clauses[i], best = new Float32Array(n), seen = new Int32Array(n), found = 0, exactFound = 0;
      var terms = matches[i].concat(fixes[i]);
      for (var m = 0; m < terms.length; m++) {
        var t = terms[m], df = 0, hit = 0;
        if (t.corrected && m === matches[i].length) exactFound = found;
        for (var f = 0; f < t.lists.length; f++) df = Math.max(df, t.lists[f].length);
        var idf = Math.log(1 + n / Math.max(1, df)) * t.weight;
        for (var j = 0; j < c.fields.length; j++) {
          var list = t.lists[c.fields[j]];
          if (list) hit = addScores(list, w[c.fields[j]] * idf, cur, touched, hit);
        }
        found = keepBest(touched, hit, cur, best, seen, found);
      }
      if (!fixes[i].length) exactFound = found;
      var used = fixes[i].filter(function (t) { for (var k = 0; k < c.fields.length; k++) if ((t.lists[c.fields[k]] || []).length) return true; return false; });
      if (found > exactFound && used.length) {
        notes.corrected.push({ typed: c.term, used: used.map(function (t) { return t.key; }) });
        used.forEach(function (t) { q.highlight.push({ term: t.key, prefix: false }); });
      }
      if (!found && c.soft) notes.ignored.push(c.term);
      per.push({ best: best, seen: seen, found: found, fixed: seen.subarray(exactFound, found), soft: c.soft });
    }
    if (!per.length) {
      var all = new Int32Array(n); for (var k = 0; k < n; k++) all[k] = k;
      return { ids: all, score: new Float32Array(n), ms: performance.now() - t0, notes: notes };
    }
    /* Forgiving, a free word no paper contains is left out before intersecting; exact, it empties the results. */
    var kept = q.exact ? per : per.filter(function (p) { return p.found || !p.soft; });
    var ids = kept.length ? intersection(kept) : new Int32Array(0), partial = !ids.length && !q.exact && per.some(function (p) { return p.soft; });
    if (partial) ids = union(per, n);
    /* key = (words matched x (clauses + 1) - words corrected) x 1e4 + score: more words first, then fewer
       corrections (exact outranks corrected), then relevance; a score stays far below 1e4 */
    var keys = new Float64Array(n), fixedCount = new Uint8Array(n), weight = per.length + 1, most = 0;
    per.forEach(function (p) { for (var k = 0; k < p.fixed.length; k++) fixedCount[p.fixed[k]]++; });
    for (var a = 0; a < ids.length; a++) {
      var id = ids[a], sum = 0, words = 0;
      for (var b = 0; b < per.length; b++) { var v = per[b].best[id]; if (v > 0) { sum += v; words++; } }
      keys[id] = (words * weight - fixedCount[id]) * 1e4 + sum;
      if (words > most) most = words;
    }
    notes.partial = partial && ids.length > 0 && most < per.length - notes.ignored.length;  /* beyond the ignored words */
    return { ids: ids, score: keys, ms: performance.now() - t0, notes: notes };
  }
  /* Ids every clause matches. */
  function intersection(per) {
    var first = per[0], ids = Int32Array.from(first.seen.subarray(0, first.found)), count = ids.length;
    for (var i = 1; i < per.length; i++) {
      var best = per[i].best, kept = 0;
      for (var k = 0; k < count; k++) if (best[ids[k]] > 0) ids[kept++] = ids[k];
      count = kept;
    }
    return ids.subarray(0, count);
  }
  /* Ids every required (fielded) clause matches and at least one free word does; with no free word found,
     the required clauses alone. */
  function union(per, n) {
    var hard = per.filter(function (p) { return !p.soft; }), soft = per.filter(function (p) { return p.soft && p.found; });
    var inSoft = new Uint8Array(n), out = [];
    soft.forEach(function (p) { for (var k = 0; k < p.found; k++) inSoft[p.seen[k]] = 1; });
    if (!hard.length) { for (var id = 0; id < n; id++) if (inSoft[id]) out.push(id); return Int32Array.from(out); }
    var base = intersection(hard);
    if (!soft.length) return base;
    for (var k = 0; k < base.length; k++) if (inSoft[base[k]]) out.push(base[k]);
    return Int32Array.from(out);
  }

  /* ---- highlighting (text nodes and <mark> only) ---- */
  function hits(word, terms) {
    var f = fold(word), form = null;
    return terms.some(function (t) {
      if (f === t.term || (t.prefix && t.term.length >= 3 && f.lastIndexOf(t.term, 0) === 0)) return true;
      if (!t.forms) return false;
      if (form === null) form = wordForm(f);
      return form === wordForm(t.term);
    });
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

  /* The top k hits of a query, ranked as the search page ranks by relevance (year: filters included). */
  function topHits(ix, text, k) {
    var q = parseQuery(text, ix.stop);
    if (!q.clauses.length && !q.years) return Promise.resolve({ q: q, total: 0, docs: [] });
    return new Search(ix).run(q).then(function (found) {
      var ids = found.ids, years = q.years, yearOf = ix.yearOf;
      if (years) ids = ids.filter(function (id) { return yearOf[id] >= years[0] && yearOf[id] <= years[1]; });
      return Promise.all(topIds(ids, k, found.score).map(function (id) { return ix.chunk(id); })).then(function (docs) {
        return { q: q, total: ids.length, docs: docs, notes: found.notes };
      });
    });
  }
  /* What a forgiving search did, in one line: "Showing results for memorization; no paper contains zebrafishology". */
  function noticeText(notes) {
    if (!notes) return "";
    var parts = [];
    if (notes.corrected.length) parts.push("Showing results for " + notes.corrected.map(function (c) { return c.used[0]; }).join(", "));
    if (notes.ignored.length) parts.push("no paper contains " + notes.ignored.join(", "));
    if (notes.partial) parts.push("no paper has every word");
    var line = parts.join("; ");
    return line ? line.charAt(0).toUpperCase() + line.slice(1) : "";
  }

  window.PaperSearch = { Index: Index, Search: Search, parseQuery: parseQuery, topIds: topIds, topHits: topHits,
    tokenize: tokenize, shardName: shardName, wordForm: wordForm, maxEdits: maxEdits, editDistance: editDistance,
    fuzzyKeys: fuzzyKeys, fuzzyBucket: fuzzyBucket, noticeText: noticeText, ungap: ungap, el: el, safeUrl: safeUrl, mark: mark, snippet: snippet };
})();
