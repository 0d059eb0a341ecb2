/* Paper Archive chrome, on every page (overrides/main.html): the colour-scheme toggle and the keyboard on the
   header's menu button. The scheme is painted before first paint by the inline script in main.html's head,
   which reads the same localStorage key; this file only changes it. No globals of its own. */
(function () {
  "use strict";
  var KEY = "pa-scheme", root = document.documentElement, system = matchMedia("(prefers-color-scheme: dark)");
  var NEXT = { auto: "light", light: "dark", dark: "auto" };
  var LABEL = { auto: "Switch to light mode", light: "Switch to dark mode", dark: "Follow the system setting" };

  function choice() {
    var value = root.getAttribute("data-pa-scheme");
    return NEXT[value] ? value : "auto";
  }
  /* The reader's choice on <html>: data-pa-scheme picks the toggle's icon, data-md-color-scheme the colours. */
  function apply(value, toggle) {
    root.setAttribute("data-pa-scheme", value);
    root.setAttribute("data-md-color-scheme",
      value === "dark" || (value === "auto" && system.matches) ? "slate" : "default");
    if (toggle) { toggle.setAttribute("aria-label", LABEL[value]); toggle.title = LABEL[value]; }
  }

  var toggle = document.getElementById("pa-scheme");
  if (toggle) {
    apply(choice(), toggle);
    toggle.addEventListener("click", function () {
      var value = NEXT[choice()];
      try { localStorage.setItem(KEY, value); } catch (e) { /* private mode: the choice lasts for this page */ }
      apply(value, toggle);
    });
  }
  /* "Follow the system" follows it live, also when the system switches while the page is open. */
  system.addEventListener("change", function () { if (choice() === "auto") apply("auto", toggle); });

  /* The menu button is a label for the drawer's checkbox (pure CSS): Enter and Space open it as they would
     press a button; Escape closes the open drawer and gives the focus back to the button. */
  var drawer = document.getElementById("__drawer");
  var menu = document.querySelector("label[for=__drawer][tabindex]");
  if (menu) {
    menu.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); menu.click(); }
    });
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && drawer && drawer.checked) { drawer.checked = false; if (menu) menu.focus(); }
  });
  /* A page shown again opens with the drawer and the phone's search sheet closed: the browser restores the
     toggles' checked state after this script ran (Chromium, going back: between DOMContentLoaded and load) or
     from its back-forward cache, and `pageshow` comes after both. */
  window.addEventListener("pageshow", function () {
    var search = document.getElementById("__search");
    if (drawer) drawer.checked = false;
    if (search && !document.querySelector("[data-pa-header-search] input:focus")) search.checked = false;
  });
}());
