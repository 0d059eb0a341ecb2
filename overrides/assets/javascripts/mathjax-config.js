/* MathJax 3 settings from mkdocs-material's math guide: typeset only the `.arithmatex` spans the
   generator emits, so a stray `$` or `\(` elsewhere in untrusted text is never treated as math. */
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"]],
    displayMath: [["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  }
};
