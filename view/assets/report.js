// lscp report: the evidence view, sortable tables and the charts. No network: everything is in the site folder.
(function () {
  "use strict";
  var evidence = JSON.parse(document.getElementById("evidence-data").textContent || "{}");
  var panel = document.getElementById("evidence");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function showEvidence(factId) {
    var ev = evidence[factId];
    if (!ev) return false;
    document.querySelectorAll("a.fact.active").forEach(function (a) { a.classList.remove("active"); });
    document.querySelectorAll('a.fact[data-fact="' + factId + '"]').forEach(function (a) { a.classList.add("active"); });
    panel.dataset.fact = factId;
    var where = document.getElementById("evidence-where");
    where.textContent = "";
    var link = el("a", { href: ev.doc_href }, ev.file_name || ev.doc_id || ev.document_id);
    where.appendChild(link);
    where.appendChild(document.createTextNode(
      (ev.paragraph ? ", paragraph " + ev.paragraph : ev.page ? ", page " + ev.page : "") +
      (ev.ocr ? " (read from the page image by OCR)" : "")));
    var sentence = document.getElementById("evidence-sentence");
    sentence.textContent = "";
    if (ev.in_sentence) {
      sentence.appendChild(document.createTextNode(ev.before));
      sentence.appendChild(el("mark", {}, ev.match));
      sentence.appendChild(document.createTextNode(ev.after));
    } else {
      sentence.appendChild(document.createTextNode(ev.sentence || "(read from the document as a whole, not from one sentence)"));
    }
    document.getElementById("evidence-rule").textContent = ev.kind + " fact, rule " + (ev.rule || "?");
    var pages = document.getElementById("evidence-pages");
    pages.textContent = "";
    (ev.images || []).forEach(function (image) {
      pages.appendChild(el("p", { "class": "page-caption" }, "Page " + image.page + " of the PDF, the matched words boxed:"));
      var holder = el("div", { "class": "page-image", "data-page": String(image.page) });
      var img = el("img", { src: image.src, alt: "page " + image.page + " of " + (ev.file_name || "") });
      holder.appendChild(img);
      image.boxes.forEach(function (b) {
        var box = el("div", { "class": "box" });
        box.style.left = (100 * b[0] / image.width) + "%";
        box.style.top = (100 * b[1] / image.height) + "%";
        box.style.width = (100 * (b[2] - b[0]) / image.width) + "%";
        box.style.height = (100 * (b[3] - b[1]) / image.height) + "%";
        holder.appendChild(box);
      });
      pages.appendChild(holder);
    });
    panel.hidden = false;
    document.body.classList.add("with-evidence");
    return true;
  }
  window.lscpShowEvidence = showEvidence;

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("a.fact") : null;
    if (target && showEvidence(target.dataset.fact)) event.preventDefault();
  });
  document.getElementById("evidence-close").addEventListener("click", function () {
    panel.hidden = true;
    document.body.classList.remove("with-evidence");
  });
  if (location.hash.length > 1) showEvidence(location.hash.slice(1));

  // sortable tables: click a header; numbers sort by their data-sort value
  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-sort");
    return v !== null ? v : cell.textContent.trim();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      th.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var nx = parseFloat(x), ny = parseFloat(y);
          var cmp = (!isNaN(nx) && !isNaN(ny) && String(nx) === x.replace(/\.0+$/, "") && String(ny) === y.replace(/\.0+$/, ""))
            ? nx - ny : x.localeCompare(y, undefined, { numeric: true });
          return ascending ? cmp : -cmp;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });

  // charts: Vega-Lite specs drawn by the bundled vega-embed; a click on a mark with a fact opens its evidence
  if (window.vegaEmbed) {
    document.querySelectorAll("div.vega[data-spec]").forEach(function (holder) {
      var spec = JSON.parse(document.getElementById(holder.dataset.spec).textContent);
      window.vegaEmbed(holder, spec, { actions: false, renderer: "svg" }).then(function (result) {
        holder.dataset.ready = "true";
        result.view.addEventListener("click", function (event, item) {
          if (item && item.datum && item.datum.fact_id) showEvidence(item.datum.fact_id);
        });
      }).catch(function (error) {
        holder.dataset.ready = "error";
        holder.textContent = "The chart could not be drawn: " + error;
      });
    });
  }
})();
