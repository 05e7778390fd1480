// Entity autocomplete for the search box: /api/suggest, keyboard navigable (↑ ↓ Enter Esc).
// Picking a reporter, district or source filters by it and keeps the other words typed;
// picking any other name replaces the word being typed.
(function () {
  var input = document.getElementById("q");
  var list = document.getElementById("suggestions");
  if (!input || !list) return;
  var items = [], active = -1, timer = null, seq = 0;
  var labels = {district: "区县", reporter: "记者", source: "来源", org: "机构", place: "地点", person: "人物"};
  var facets = {district: 1, reporter: 1, source: 1};

  function words() { return input.value.trim().split(/\s+/).filter(Boolean); }

  function render() {
    list.innerHTML = "";
    items.forEach(function (it, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.id = "suggestion-" + i;
      li.setAttribute("aria-selected", i === active ? "true" : "false");
      var name = document.createElement("span"); name.className = "name"; name.textContent = it.name;
      var type = document.createElement("span"); type.className = "type";
      type.textContent = (labels[it.type] || it.type) + (it.count ? " · " + it.count + " 篇" : "");
      li.appendChild(name); li.appendChild(type);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
      list.appendChild(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    if (active >= 0) input.setAttribute("aria-activedescendant", "suggestion-" + active);
    else input.removeAttribute("aria-activedescendant");
  }

  function close() { items = []; active = -1; render(); }

  function choose(i) {
    var it = items[i];
    if (!it) return;
    var rest = words().slice(0, -1);
    if (facets[it.type]) {
      var params = new URLSearchParams();
      if (rest.length) params.append("q", rest.join(" "));
      params.append(it.type, it.name);
      window.location.href = "/search?" + params.toString();
    } else {
      input.value = rest.concat([it.name]).join(" ");
      close();
      input.form.submit();
    }
  }

  function fetchSuggestions() {
    var q = words().pop() || "";
    var mine = ++seq;
    if (!q) { close(); return; }
    fetch("/api/suggest?limit=8&q=" + encodeURIComponent(q.slice(0, 64)))
      .then(function (r) { return r.ok ? r.json() : {suggestions: []}; })
      .then(function (data) {
        if (mine !== seq) return;  // an older answer arriving late
        items = data.suggestions || []; active = -1; render();
      })
      .catch(close);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 120);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden || !items.length) return;
    if (e.key === "ArrowDown") { active = (active + 1) % items.length; render(); e.preventDefault(); }
    else if (e.key === "ArrowUp") { active = (active - 1 + items.length) % items.length; render(); e.preventDefault(); }
    else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(active); }
    else if (e.key === "Escape") { close(); e.preventDefault(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
