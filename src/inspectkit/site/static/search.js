// Offline search over every record (inspectkit site). The records' text was folded by Python
// when the site was built; the query is folded here with tables made from that same Python's
// Unicode data (search-index.js), so the answers are those of `inspectkit list --search`:
// accents and case ignored, đ as d, whitespace runs as one space, a match within one text value.
(function () {
  "use strict";
  var data = window.IK_SEARCH;
  var KIND = { plan: "Kế hoạch", delegation: "Đoàn kiểm tra", centre: "Đơn vị", finding: "Kết quả kiểm tra", document: "Văn bản" };
  var LIMIT = 200;
  var combining = new RegExp("[" + data.fold.combining + "]", "gu");
  var spaces = new RegExp("[" + data.fold.spaces + "]+", "u");
  var casefold = data.fold.casefold;

  function fold(text) {
    var s = text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(combining, "");
    var out = "";
    for (var ch of s) { out += Object.prototype.hasOwnProperty.call(casefold, ch) ? casefold[ch] : ch; }
    return out.split(spaces).filter(function (w) { return w !== ""; }).join(" ");
  }
  window.ikFold = fold; // for the tests that compare it with Python's folding

  function search(query) {
    var wanted = fold(query);
    if (!wanted) { return []; }
    return data.entries.filter(function (e) { return e.t.indexOf(wanted) !== -1; });
  }
  window.ikSearch = search;

  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  var status = document.getElementById("search-status");

  function show(query) {
    list.textContent = "";
    if (!fold(query)) { status.textContent = "Gõ từ cần tìm, có dấu hoặc không dấu."; return; }
    var found = search(query);
    status.textContent = found.length === 0 ? "Không tìm thấy kết quả nào cho “" + query + "”."
      : "Tìm thấy " + found.length + " kết quả cho “" + query + "”" + (found.length > LIMIT ? ", hiển thị " + LIMIT + " kết quả đầu." : ".");
    found.slice(0, LIMIT).forEach(function (e) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = KIND[e.k] || e.k;
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.l;
      var id = document.createElement("span");
      id.className = "id";
      id.textContent = " (" + e.i + ")";
      li.appendChild(kind); li.appendChild(a); li.appendChild(id);
      list.appendChild(li);
    });
  }

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  show(initial);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    try { window.history.replaceState(null, "", url.toString()); } catch (e) { /* some file:// setups refuse */ }
    show(input.value);
  });
  input.addEventListener("input", function () { if (input.value.length !== 1) { show(input.value); } });
})();
