// Entity autocomplete for the search box: /api/suggest, keyboard navigable (↑ ↓ Enter Esc).
(function () {
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!input || !list) return;
  var items = [], active = -1, timer = null, labels = {district: "区县", reporter: "记者", source: "来源", org: "机构", place: "地点", person: "人物"};

  function render() {
    list.innerHTML = "";
    items.forEach(function (it, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "suggestion-" + i;
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      var name = document.createElement("span"); name.textContent = it.name;
      var type = document.createElement("span"); type.className = "type";
      type.textContent = (labels[it.type] || it.type) + (it.count ? " · " + it.count + " 篇" : "");
      li.appendChild(name); li.appendChild(type);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    if (active >= 0) input.setAttribute("aria-activedescendant", "suggestion-" + active);
  }

  function choose(i) {
    var it = items[i];
    if (!it) return;
    var facet = {district: "district", reporter: "reporter", source: "source"}[it.type];
    if (facet) {
      window.location.href = "/search?" + facet + "=" + encodeURIComponent(it.name);
    } else {
      input.value = it.name;
      input.form.submit();
    }
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim().split(/\s+/).pop() || "";
    if (!q) { items = []; render(); return; }
    timer = setTimeout(function () {
      fetch("/api/suggest?q=" + encodeURIComponent(q)).then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
        .then(function (data) { items = data.suggestions || []; active = -1; render(); })
        .catch(function () { items = []; render(); });
    }, 120);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") { active = (active + 1) % items.length; render(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = (active - 1 + items.length) % items.length; render(); e.preventDefault(); }
    else if (e.key === "Enter" && active >= 0) { choose(active); e.preventDefault(); }
    else if (e.key === "Escape") { items = []; render(); }
  });
  input.addEventListener("blur", function () { setTimeout(function () { items = []; render(); }, 150); });
})();
