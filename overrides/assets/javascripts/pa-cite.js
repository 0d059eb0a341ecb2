// Citation formats written in the reader's browser (window.PaperCite), from a paper's citation data: its CSL-JSON
// item plus `topics`, `primaryClass` and `truncated` (generator/render/cite_files.py: cite_data), found in a paper
// page's #pa-cite-data, a topic's or year's cite.json, or an author's papers' pages. The text is what the
// generator's reference writers give (cite_files.py; tests/test_cite_browser.py compares them byte for byte).
// All text is untrusted: folded to one line (no RIS tag can start a line) and escaped for BibTeX.
(function () {
  "use strict";

  // Python's str.split() whitespace, which the generator folds (JavaScript's \s is a different set).
  var SPACE = /[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  var MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  var ENTRY_TYPES = { "paper-conference": "inproceedings", "article-journal": "article" };
  var RIS_TYPES = { "paper-conference": "CPAPER", "article-journal": "JOUR" };
  var SPECIAL = { "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}", "\\": "\\textbackslash{}" };
  var LONE_BRACES = { "{": "\\textbraceleft{}", "}": "\\textbraceright{}" };
  var AND_WORD = /(?:^|[^\p{L}\p{N}_])and(?![\p{L}\p{N}_])/iu;  // a word `and` would start a second person
  var CSL_ORDER = ["id", "type", "title", "author", "container-title", "URL", "issued", "abstract", "keyword", "DOI",
    "archive", "archive_location", "note"];

  function oneLine(text) {
    return String(text == null ? "" : text).split(SPACE).filter(Boolean).join(" ");
  }

  // LaTeX's specials escaped; a matched pair of braces is \{ \}, a lone brace \textbraceleft{} (BibTeX counts
  // a brace even after a backslash, so a lone \{ would unbalance the entry).
  function escapeBibtex(text) {
    var chars = Array.from(oneLine(text)), opened = [];
    var pieces = chars.map(function (char) { return SPECIAL[char] || char; });
    chars.forEach(function (char, index) {
      if (char === "{") opened.push(index);
      else if (char === "}" && opened.length) { pieces[opened.pop()] = "\\{"; pieces[index] = "\\}"; }
    });
    return pieces.map(function (piece) { return LONE_BRACES[piece] || piece; }).join("");
  }

  function verbatim(text) {  // url and doi as written; only braces, which unbalance an entry, percent-encoded
    return String(text).split(SPACE).join("").replace(/\{/g, "%7B").replace(/\}/g, "%7D");
  }

  function wholeName(name) {
    return name.literal != null ? name.literal : [name.given, name.family, name.suffix].filter(Boolean).join(" ");
  }

  function namePiece(text) {  // a word starting with an escape gets `{}` first (citation.py: bibtex_name_piece)
    return escapeBibtex(text).replace(/(^| )\\/g, "$1{}\\");
  }

  function bibtexName(name) {  // `von Last, Jr, First`; an unsplittable name is one brace group when it must be
    var whole = wholeName(name);
    if (name.literal != null || AND_WORD.test(whole)) {
      return /,/.test(whole) || AND_WORD.test(whole) ? "{" + escapeBibtex(whole) + "}" : namePiece(whole);
    }
    var parts = name.suffix ? [name.family, name.suffix, name.given] : [name.family, name.given];
    return parts.map(namePiece).join(", ");
  }

  function risName(name) {  // RIS: Lastname, Firstname, Suffix
    if (name.literal != null) return oneLine(name.literal);
    return oneLine([name.family, name.given, name.suffix].filter(Boolean).join(", "));
  }

  function dateParts(csl) {
    return csl.issued ? csl.issued["date-parts"][0] : [];
  }

  function pad(number, width) {
    return String(number).padStart(width, "0");
  }

  // A BibTeX entry. `full`: the .bib file's entry (with date, keywords and the abstract if given), else the
  // short one the Cite menu shows.
  function bibtex(data, abstract, full) {
    var csl = data.csl, parts = dateParts(csl), type = ENTRY_TYPES[csl.type] || "misc";
    var fields = [["title", "{" + escapeBibtex(csl.title || "") + "}"]];  // no title: one of control characters only
    var authors = (csl.author || []).map(bibtexName);
    if (data.truncated && authors.length) authors.push("others");
    if (authors.length) fields.push(["author", authors.join(" and ")]);
    if (csl["container-title"] && type !== "misc") {
      fields.push([type === "inproceedings" ? "booktitle" : "journal", escapeBibtex(csl["container-title"])]);
    }
    if (parts.length) fields.push(["year", String(parts[0])]);
    if (parts.length > 1) fields.push(["month", MONTHS[parts[1] - 1]]);
    if (csl.archive_location) {
      fields.push(["eprint", verbatim(csl.archive_location)], ["archivePrefix", "arXiv"]);
      if (data.primaryClass) fields.push(["primaryClass", escapeBibtex(data.primaryClass)]);
    }
    if (csl.DOI) fields.push(["doi", verbatim(csl.DOI)]);
    if (csl.URL) fields.push(["url", verbatim(csl.URL)]);
    if (csl.note && !(data.truncated && authors.length)) fields.push(["note", escapeBibtex(csl.note)]);
    if (full) {
      if (parts.length === 3) fields.push(["date", pad(parts[0], 4) + "-" + pad(parts[1], 2) + "-" + pad(parts[2], 2)]);
      if (data.topics && data.topics.length) fields.push(["keywords", data.topics.map(escapeBibtex).join(", ")]);
      if (abstract != null) fields.push(["abstract", escapeBibtex(abstract)]);
    }
    var body = fields.map(function (field) {  // month is BibTeX's macro (jan ... dec), unbraced
      return "  " + field[0] + " = " + (field[0] === "month" ? field[1] : "{" + field[1] + "}");
    }).join(",\n");
    return "@" + type + "{" + csl.id + ",\n" + body + "\n}";
  }

  function ris(data, abstract) {  // one record, TY ... ER; empty values are left out
    var csl = data.csl, parts = dateParts(csl), kind = RIS_TYPES[csl.type];
    var lines = [["TY", kind || "GEN"], ["ID", csl.id], ["TI", csl.title]];
    (csl.author || []).forEach(function (name) { lines.push(["AU", risName(name)]); });
    if (kind) lines.push(["T2", csl["container-title"]]);
    if (parts.length) lines.push(["PY", String(parts[0])]);
    if (parts.length > 1) lines.push(["DA", pad(parts[0], 4) + "/" + pad(parts[1], 2) + "/" + (parts[2] ? pad(parts[2], 2) : "") + "/"]);
    (data.topics || []).forEach(function (topic) { lines.push(["KW", topic]); });
    if (abstract != null) lines.push(["AB", abstract]);
    lines.push(["DO", csl.DOI], ["N1", csl.archive_location ? "arXiv:" + csl.archive_location : ""], ["N1", csl.note],
      ["UR", csl.URL]);
    return lines.map(function (line) { return [line[0], oneLine(line[1])]; })
      .filter(function (line) { return line[1]; })
      .map(function (line) { return line[0] + "  - " + line[1] + "\n"; }).join("") + "ER  - \n";
  }

  function cslItem(data, abstract) {
    var source = Object.assign({}, data.csl), item = {};
    if (abstract != null) source.abstract = abstract;
    if (data.topics && data.topics.length) source.keyword = data.topics.join(", ");
    CSL_ORDER.concat(Object.keys(source)).forEach(function (key) {
      if (source[key] !== undefined && !(key in item)) item[key] = source[key];
    });
    return item;
  }

  // A file's text: one paper (abstract from its page) or many (bulk: no abstracts), as the generator joins them.
  function formats(list, abstract) {
    return {
      bib: list.map(function (data) { return bibtex(data, abstract, true); }).join("\n\n") + "\n",
      ris: list.map(function (data) { return ris(data, abstract); }).join("\n"),
      csl: JSON.stringify(list.map(function (data) { return cslItem(data, abstract); })) + "\n"
    };
  }

  window.PaperCite = { bibtex: bibtex, ris: ris, cslItem: cslItem, formats: formats, escapeBibtex: escapeBibtex };
})();
