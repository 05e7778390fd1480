// Filter box of a long list (reporters, districts, a facet's values): hides the items whose name
// does not contain what is typed. Without JavaScript the form asks the server (?match=…), which
// also understands pinyin and initials.
(function () {
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var box = document.getElementById(input.getAttribute("data-filter"));
    if (!box) return;
    var items = box.querySelectorAll("li[data-name]");
    var none = box.querySelector(".none-left");
    input.addEventListener("input", function () {
      var typed = input.value.trim().toLowerCase();
      if (/^[a-z' ]+$/.test(typed)) return;  // pinyin: the server matches it when the form is sent
      var shown = 0;
      items.forEach(function (li) {
        var hit = !typed || li.getAttribute("data-name").toLowerCase().indexOf(typed) >= 0;
        li.hidden = !hit;
        if (hit) shown += 1;
      });
      box.querySelectorAll(".letter-group").forEach(function (group) {
        group.hidden = !group.querySelector("li[data-name]:not([hidden])");
      });
      if (none) none.hidden = shown > 0;
    });
  });
})();
