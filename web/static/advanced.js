// Advanced search: shows the query the form will write while it is filled in (the server writes it
// too, so the form works without JavaScript). Same rules as search/views/advanced.py.
(function () {
  var form = document.getElementById("advanced");
  var out = document.getElementById("query-preview");
  if (!form || !out) return;
  var OPS = {OR: 1, AND: 1, NOT: 1, "|": 1, "+": 1, "-": 1};
  function words(text) {
    return text.replace(/["“”「」『』]/g, " ").split(/[\s,，、;；]+/).map(function (w) {
      return w.replace(/^[-+]+/, "");
    }).filter(function (w) { return w && !OPS[w.toUpperCase()]; });
  }
  function compose() {
    var field = form.where.value === "title" ? "title:" : "";
    var parts = words(form.all.value).map(function (w) { return field + w; });
    var phrase = form.exact.value.replace(/["“”「」『』]/g, " ").trim().split(/\s+/).join(" ");
    if (phrase) parts.push(field + '"' + phrase + '"');
    var any = words(form.any.value).map(function (w) { return field + w; });
    if (any.length) parts.push(any.join(" OR "));
    words(form.none.value).forEach(function (w) { parts.push("-" + w); });
    out.textContent = parts.join(" ");
    out.parentNode.hidden = !parts.length;
  }
  form.addEventListener("input", compose);
  form.addEventListener("change", compose);
  compose();
})();
