// Site fixes of the nmm-energy book (see _ext/site_layout.py).
//
// Search snippets without raw LaTeX. Sphinx's search page builds each result's snippet from the
// text of the page's HTML, in which math is still TeX source ("\(\Delta = 1\)"): MathJax only
// typesets it in the browser. Before the snippet is cut, each math element's TeX is replaced by
// plain text: Greek letters and common symbols as Unicode, commands and braces dropped.
"use strict";

(() => {
  const WORDS = {
    alpha: "α", beta: "β", gamma: "γ", Gamma: "Γ", delta: "δ", Delta: "Δ", epsilon: "ε",
    varepsilon: "ε", zeta: "ζ", eta: "η", theta: "θ", Theta: "Θ", kappa: "κ", lambda: "λ",
    Lambda: "Λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π", Pi: "Π", rho: "ρ", sigma: "σ", Sigma: "Σ",
    tau: "τ", phi: "φ", varphi: "φ", Phi: "Φ", chi: "χ", psi: "ψ", Psi: "Ψ", omega: "ω",
    Omega: "Ω", to: "→", rightarrow: "→", infty: "∞", le: "≤", leq: "≤", ge: "≥", geq: "≥",
    approx: "≈", ne: "≠", neq: "≠", pm: "±", times: "×", cdot: "·", partial: "∂", sim: "∼",
    ldots: "…", dots: "…", cdots: "…", in: "∈", int: "∫", sum: "∑", sqrt: "√", ln: "ln",
    log: "log", exp: "exp", sin: "sin", cos: "cos", min: "min", max: "max",
  };

  const texToText = (tex) =>
    tex
      .replace(/\\[()[\]]|\$\$?/g, " ") // delimiters, wherever they stand
      .replace(/\\(begin|end)\{[^}]*\}/g, " ")
      .replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, "($1)/($2)")
      .replace(/\\\\|&/g, " ")
      .replace(/\\[,;:! ]/g, " ")
      .replace(/\\([A-Za-z]+)/g, (_, name) => WORDS[name] ?? "")
      .replace(/[{}]/g, "")
      .replace(/\s+/g, " ")
      .trim();

  const plainMath = () => {
    if (typeof Search === "undefined" || !Search.htmlToText || Search.htmlToText.plainMath) return;
    const htmlToText = Search.htmlToText;
    Search.htmlToText = (htmlString, anchor) => {
      const page = new DOMParser().parseFromString(htmlString, "text/html");
      page.querySelectorAll(".math .headerlink").forEach((el) => el.remove()); // the "#" of "(7.1)#"
      page.querySelectorAll(".math").forEach((el) => {
        el.textContent = ` ${texToText(el.textContent)} `;
      });
      return htmlToText(page.documentElement.outerHTML, anchor);
    };
    Search.htmlToText.plainMath = true;
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", plainMath);
  } else {
    plainMath();
  }
})();
