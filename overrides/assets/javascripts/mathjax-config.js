/* MathJax 3 settings from mkdocs-material's math guide: typeset only the `.arithmatex` spans the
   generator emits, so a stray `$` or `\(` elsewhere in untrusted text is never treated as math. */
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
    // Untrusted TeX never loads code: no \require and no autoloaded extensions. Only tex-svg.js is
    // shipped, so an autoload (\href, \class and \style live in the html extension) would fail with a
    // page error and leave the page's math untypeset; unknown macros now show as text instead.
    packages: {"[-]": ["require", "autoload"]}
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  }
};
