// The Newest / Most upvoted control of a listing that fits on one page (overrides/listing.html): such a page
// has no static upvotes copy; each entry carries its place in that order (data-rank, ties broken as the
// generator breaks them: generator/render/indexes.py), and this moves the entries. Printed `hidden`, shown here.
(function () {
  "use strict";

  var control = document.querySelector(".pa-sort[role=group]");
  var list = document.querySelector("ol.pa-papers");
  if (!control || !list) return;
  var newest = Array.prototype.slice.call(list.children);
  var byRank = newest.slice().sort(function (a, b) { return a.dataset.rank - b.dataset.rank; });
  var buttons = control.querySelectorAll("button[data-sort]");

  Array.prototype.forEach.call(buttons, function (button) {
    button.addEventListener("click", function () {
      (button.dataset.sort === "rank" ? byRank : newest).forEach(function (entry) { list.appendChild(entry); });
      Array.prototype.forEach.call(buttons, function (other) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
    });
  });
  control.hidden = false;
})();
