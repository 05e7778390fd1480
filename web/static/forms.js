// Forms that submit themselves: a <select data-autosubmit> (the sort menu) sends its form on change.
// A file, not an onchange attribute, so that the Content-Security-Policy can forbid inline script;
// without JavaScript the form's <noscript> button does the same.
(function () {
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
