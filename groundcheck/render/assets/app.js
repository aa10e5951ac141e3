/* groundcheck viewer: the page served at / and the file written by `check --format html`.
 *
 * Reads its state from the JSON data block with id "gc-data":
 *   {mode: "app" | "report", api?, auth?, limits?, result?: {report, derived: {id, text}, sources: [{id, text}]}}
 * Every text is inserted with textContent (never as HTML). Offsets in the report count Unicode
 * code points (Python); they are mapped to UTF-16 indices before slicing.
 * Kept ASCII-only on purpose: non-ASCII characters are written as \u escapes.
 */
(function () {
  "use strict";

  var ICON = { supported: "\u2713", contradicted: "\u2717", unsupported: "?" };
  var NAME = { supported: "Supported", contradicted: "Contradicted", unsupported: "Unsupported" };
  var REL_ICON = { supports: "\u2713", contradicts: "\u2717", related: "\u2248", omission: "\u2026" };
  var REL_RANK = { omission: 0, related: 1, supports: 2, contradicts: 3 };
  var LABELS = ["supported", "contradicted", "unsupported"];
  var ETYPE = {
    entity: "a name or entity differs from the source",
    role: "a person is given the wrong role or title",
    number: "a number differs from the source",
    date: "a date or time differs from the source",
    negation: "the source says the opposite",
    outcome: "the outcome differs from the source",
    quote_altered: "a quotation is altered",
    quote_speaker: "a quotation is given to the wrong speaker",
    fabricated_entity: "names something the source never mentions",
    invented_event: "describes an event the source does not report",
    extrinsic: "adds information that is not in the source",
    causal: "asserts a cause the source does not give",
    overgeneralization: "generalizes beyond what the source says"
  };

  var dataEl = document.getElementById("gc-data");
  var DATA = {};
  try {
    DATA = JSON.parse((dataEl && dataEl.textContent) || "{}") || {};
  } catch (e) {
    DATA = {};
  }
  var app = document.getElementById("gc-app");
  var S = { result: null, derived: null, docs: [], order: [], selected: -1, omission: -1, tab: 0, marks: [], primary: null, focus: null };
  var ui = {};

  /* ---------- small DOM helpers ---------- */
  function add(el, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) {
      for (var i = 0; i < c.length; i++) add(el, c[i]);
    } else {
      el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
  }
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k)) continue;
        var v = attrs[k];
        if (v === null || v === undefined || v === false) continue;
        if (k === "text") el.textContent = v;
        else if (k === "class") el.className = v;
        else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }
  function fmt(x, n) {
    return typeof x === "number" ? x.toFixed(n === undefined ? 2 : n) : "-";
  }
  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many || one + "s");
  }
  function squash(s, max) {
    s = String(s || "").replace(/\s+/g, " ").trim();
    return max && s.length > max ? s.slice(0, max - 1) + "\u2026" : s;
  }

  /* ---------- offsets: code points (report) -> UTF-16 (JS strings) ---------- */
  function makeDoc(d) {
    var text = String(d.text || "");
    var map = null;
    if (/[\uD800-\uDFFF]/.test(text)) {
      map = [];
      for (var i = 0; i < text.length; ) {
        map.push(i);
        var c = text.charCodeAt(i);
        i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
      }
      map.push(text.length);
    }
    return { id: String(d.id), text: text, map: map };
  }
  function u16(doc, cp) {
    cp = Math.max(0, cp | 0);
    if (!doc.map) return Math.min(cp, doc.text.length);
    return doc.map[Math.min(cp, doc.map.length - 1)];
  }
  function docIndex(id) {
    for (var i = 0; i < S.docs.length; i++) if (S.docs[i].id === id) return i;
    return -1;
  }

  /* ---------- page skeleton ---------- */
  function build() {
    app.textContent = "";
    var report = DATA.mode === "report";
    var title = report ? "groundcheck report" : "groundcheck";
    app.appendChild(
      h("header", { class: "top" },
        h("h1", { text: title }),
        h("p", { class: "tagline", text: "Every claim of a derived text (rewrite, summary), checked against its source." }))
    );
    var main = h("main", { id: "gc-main" });
    if (!report) main.appendChild(buildForm());
    ui.live = h("div", { class: "sr-only", role: "status", "aria-live": "polite", id: "gc-live" });
    ui.results = h("section", { id: "gc-results", class: "results", "aria-labelledby": "gc-results-h", hidden: true });
    main.appendChild(ui.live);
    main.appendChild(ui.results);
    app.appendChild(main);
    if (DATA.result) {
      show(DATA.result);
    } else if (report) {
      ui.results.hidden = false;
      ui.results.appendChild(h("p", { role: "alert", text: "This file holds no report." }));
    }
  }

  /* ---------- input form (page mode) ---------- */
  function buildForm() {
    ui.sources = h("div", { id: "gc-sources", class: "sources" });
    ui.derivedInput = h("textarea", { id: "gc-derived", name: "derived", rows: 12, spellcheck: "false", "aria-describedby": "gc-derived-help" });
    ui.derivedId = "derived";
    ui.status = h("p", { id: "gc-status", class: "status", role: "status", "aria-live": "polite" });
    ui.error = h("p", { id: "gc-error", class: "error", role: "alert", hidden: true });
    ui.submit = h("button", { type: "submit", id: "gc-submit", class: "primary", text: "Check" });
    ui.anyLang = h("input", { type: "checkbox", id: "gc-anylang" });
    var srcFiles = h("input", { type: "file", id: "gc-source-files", class: "file-input", multiple: true, accept: ".txt,.md,.text,.html,.htm,text/*" });
    var derFile = h("input", { type: "file", id: "gc-derived-file", class: "file-input", accept: ".txt,.md,.text,.html,.htm,text/*" });
    srcFiles.addEventListener("change", function () {
      readFiles(srcFiles.files, function (name, text) {
        var blocks = ui.sources.querySelectorAll(".src-block");
        var target = null;
        for (var i = 0; i < blocks.length; i++) {
          if (!blocks[i].querySelector("textarea").value.trim()) { target = blocks[i]; break; }
        }
        if (!target) target = addSource();
        target.querySelector("textarea").value = text;
        target.querySelector("input.src-name").value = name;
      });
      srcFiles.value = "";
    });
    derFile.addEventListener("change", function () {
      readFiles(derFile.files, function (name, text) {
        ui.derivedInput.value = text;
        ui.derivedId = name;
      });
      derFile.value = "";
    });
    var opts = [h("label", { class: "check" }, ui.anyLang, " Check texts that do not look English")];
    if (DATA.auth) {
      ui.key = h("input", { type: "password", id: "gc-key", autocomplete: "off", spellcheck: "false" });
      opts.push(h("div", { class: "field" }, h("label", { for: "gc-key", text: "API key (this server requires one)" }), ui.key));
    }
    var limits = DATA.limits || {};
    var form = h("form", { id: "gc-form", novalidate: true, onsubmit: submit },
      h("div", { class: "inputs" },
        h("fieldset", { class: "col" },
          h("legend", { text: "Source" + (limits.max_sources > 1 ? "(s)" : "") }),
          ui.sources,
          h("div", { class: "row" },
            h("button", { type: "button", id: "gc-add-source", onclick: function () { addSource().querySelector("textarea").focus(); }, text: "+ Add a source" }),
            h("label", { class: "file-btn" }, "Upload source file(s)", srcFiles))),
        h("fieldset", { class: "col" },
          h("legend", { text: "Derived text" }),
          h("label", { for: "gc-derived", text: "Rewrite, summary or answer to check" }),
          h("p", { id: "gc-derived-help", class: "help", text: limits.max_derived_chars ? "Up to " + limits.max_derived_chars.toLocaleString("en") + " characters." : "" }),
          ui.derivedInput,
          h("div", { class: "row" }, h("label", { class: "file-btn" }, "Upload derived file", derFile)))),
      h("details", { class: "options" }, h("summary", { text: "Options" }), opts),
      h("div", { class: "row actions" }, ui.submit, ui.status),
      ui.error
    );
    addSource();
    return h("section", { class: "card input", "aria-labelledby": "gc-input-h" }, h("h2", { id: "gc-input-h", text: "Texts to check" }), form);
  }

  function addSource() {
    var n = ui.sources.querySelectorAll(".src-block").length;
    var max = (DATA.limits && DATA.limits.max_sources) || 16;
    if (n >= max) {
      showError("At most " + max + " sources per check.");
      return ui.sources.lastChild;
    }
    var id = "gc-src-" + Date.now().toString(36) + n;
    var block = h("div", { class: "src-block" });
    var ta = h("textarea", { id: id, class: "gc-src", rows: 12, spellcheck: "false" });
    var name = h("input", { type: "text", class: "src-name", id: id + "-name", placeholder: "name (optional)", autocomplete: "off" });
    var remove = h("button", { type: "button", class: "link", text: "Remove", onclick: function () {
      block.remove();
      renumber();
      var first = ui.sources.querySelector("textarea");
      if (first) first.focus();
    } });
    block.appendChild(h("div", { class: "src-head" }, h("label", { for: id, class: "src-label" }), h("label", { for: id + "-name", class: "sr-only", text: "Name of this source" }), name, remove));
    block.appendChild(ta);
    ui.sources.appendChild(block);
    renumber();
    return block;
  }
  function renumber() {
    var blocks = ui.sources.querySelectorAll(".src-block");
    for (var i = 0; i < blocks.length; i++) {
      blocks[i].querySelector(".src-label").textContent = blocks.length > 1 ? "Source " + (i + 1) : "Source text";
      var rm = blocks[i].querySelector("button.link");
      rm.hidden = blocks.length === 1;
      rm.setAttribute("aria-label", "Remove source " + (i + 1));
    }
  }
  function readFiles(files, put) {
    Array.prototype.forEach.call(files || [], function (f) {
      f.text().then(function (text) { put(f.name, text); }, function (err) { showError("Cannot read " + f.name + ": " + err); });
    });
  }
  function showError(msg) {
    if (!ui.error) return;
    ui.error.textContent = msg;
    ui.error.hidden = !msg;
  }
  function setStatus(msg) {
    if (ui.status) ui.status.textContent = msg;
  }

  function collectSources() {
    var out = [];
    var seen = {};
    var blocks = ui.sources.querySelectorAll(".src-block");
    var filled = [];
    for (var i = 0; i < blocks.length; i++) {
      var text = blocks[i].querySelector("textarea").value;
      if (text.trim()) filled.push({ text: text, name: blocks[i].querySelector("input.src-name").value.trim() });
    }
    filled.forEach(function (s, i) {
      var id = s.name || (filled.length === 1 ? "source" : "source[" + i + "]");
      var base = id;
      for (var k = 2; seen[id]; k++) id = base + " #" + k;
      seen[id] = true;
      out.push({ id: id, text: s.text });
    });
    return out;
  }

  function submit(ev) {
    ev.preventDefault();
    showError("");
    var sources = collectSources();
    var derived = ui.derivedInput.value;
    if (!sources.length) {
      showError("Paste or upload at least one source text.");
      ui.sources.querySelector("textarea").focus();
      return;
    }
    if (!derived.trim()) {
      showError("Paste or upload the derived text to check.");
      ui.derivedInput.focus();
      return;
    }
    var derivedId = ui.derivedId || "derived";
    var body = { sources: sources, derived: derived, derived_id: derivedId };
    if (ui.anyLang.checked) body.options = { allow_any_language: true };  // unchecked: the server's setting
    var headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (ui.key && ui.key.value) headers.Authorization = "Bearer " + ui.key.value;
    ui.submit.disabled = true;
    ui.results.setAttribute("aria-busy", "true");
    setStatus("Checking\u2026");
    var t0 = Date.now();
    fetch(DATA.api || "v1/check", { method: "POST", headers: headers, body: JSON.stringify(body) })
      .then(function (res) {
        return res.text().then(function (raw) {
          var out = null;
          try { out = JSON.parse(raw); } catch (e) { out = null; }
          if (!res.ok) {
            var msg = out && out.code ? "[" + out.code + "] " + out.message : "The server answered HTTP " + res.status + ".";
            if (res.status === 429 && res.headers.get("Retry-After")) msg += " Retry after " + res.headers.get("Retry-After") + " s.";
            throw new Error(msg);
          }
          if (!out || !out.claims) throw new Error("The server's answer is not a report.");
          show({ report: out, derived: { id: derivedId, text: derived }, sources: sources });
          setStatus("Checked " + plural(out.claims.length, "claim") + " in " + ((Date.now() - t0) / 1000).toFixed(1) + " s.");
          ui.resultsH.focus();
        });
      })
      .catch(function (err) {
        setStatus("");
        showError(err && err.message ? err.message : String(err));
      })
      .then(function () {
        ui.submit.disabled = false;
        ui.results.removeAttribute("aria-busy");
      });
  }

  /* ---------- result ---------- */
  function show(result) {
    S.result = result;
    S.derived = makeDoc(result.derived);
    S.docs = (result.sources || []).map(makeDoc);
    var claims = result.report.claims || [];
    S.order = claims.map(function (c, i) { return i; }).sort(function (a, b) { return claims[a].start - claims[b].start || a - b; });
    S.selected = -1;
    S.omission = -1;
    S.tab = 0;
    S.marks = [];
    S.primary = S.focus = null;
    var r = ui.results;
    r.textContent = "";
    r.hidden = false;
    ui.resultsH = h("h2", { id: "gc-results-h", tabindex: "-1" }, "Result for ", h("span", { class: "docid", text: S.derived.id }));
    r.appendChild(ui.resultsH);
    r.appendChild(summary(result.report));
    r.appendChild(panes(result.report));
    r.appendChild(omissions(result.report));
    r.appendChild(footer(result.report));
    renderSource();
    renderDetails();
  }

  function summary(rep) {
    var s = rep.summary || {};
    var counts = s.counts || {};
    var f = typeof s.faithfulness === "number" ? s.faithfulness : 1;
    var bar = h("span", { class: "bar-fill" });
    bar.style.width = Math.round(Math.max(0, Math.min(1, f)) * 100) + "%";
    var items = LABELS.map(function (l) {
      var n = counts[l] || 0;
      return h("li", null, h("button", {
        type: "button", class: "count v-" + l, "data-label": l, disabled: n === 0,
        "aria-label": plural(n, l + " claim") + (n ? ": go to the next one" : ""),
        onclick: function () { nextOf(l); }
      }, h("span", { class: "ico", "aria-hidden": "true", text: ICON[l] }), h("span", { class: "n", text: String(n) }), " " + l));
    });
    var et = s.error_types || {};
    var etKeys = Object.keys(et).sort(function (a, b) { return et[b] - et[a] || (a < b ? -1 : 1); });
    return h("div", { class: "summary card", role: "group", "aria-label": "Summary" },
      h("div", { class: "score" },
        h("span", { class: "score-n", id: "gc-faithfulness", text: fmt(f) }),
        h("span", { class: "score-l" }, "faithfulness", h("span", { class: "bar", role: "img", "aria-label": "faithfulness " + Math.round(f * 100) + " percent" }, bar))),
      h("ul", { class: "counts", "aria-label": "Claims by verdict (" + plural(s.claims || 0, "claim") + ")" }, items),
      etKeys.length ? h("p", { class: "etypes" }, h("span", { class: "muted", text: "Error types: " }), etKeys.map(function (k, i) {
        return h("span", { class: "etype", title: ETYPE[k] || "" }, (i ? ", " : "") + k.replace(/_/g, " ") + " " + et[k]);
      })) : null,
      h("div", { class: "export" },
        h("button", { type: "button", id: "gc-export-json", onclick: exportJSON, text: "Export JSON" }),
        h("button", { type: "button", id: "gc-export-html", onclick: exportHTML, text: "Export HTML" }))
    );
  }

  function legend() {
    return h("p", { class: "legend", "aria-hidden": "true" },
      LABELS.map(function (l) { return h("span", { class: "claim v-" + l }, h("span", { class: "ico", text: ICON[l] }), l); }));
  }

  function panes(rep) {
    var text = S.derived.text;
    var claims = rep.claims || [];
    var box = h("div", { class: "text", id: "gc-derived-text", role: "group", "aria-label": "Derived text: each claim is a button; arrow keys move between claims" });
    var pos = 0;
    S.order.forEach(function (i, k) {
      var c = claims[i];
      var s = Math.max(u16(S.derived, c.start), pos);
      var e = u16(S.derived, c.end);
      if (s > pos) box.appendChild(document.createTextNode(text.slice(pos, s)));
      if (e <= s) return;
      box.appendChild(h("mark", {
        class: "claim v-" + c.label, id: "gc-claim-" + i, "data-i": i, tabindex: "0", role: "button", "aria-pressed": "false",
        title: NAME[c.label] + (c.error_type ? " (" + c.error_type.replace(/_/g, " ") + ")" : "") + ": " + squash(c.reason, 200),
        onclick: function () { select(i); }
      }, h("span", { class: "ico", "aria-hidden": "true", text: ICON[c.label] }),
        h("span", { class: "sr-only", text: "Claim " + (k + 1) + ", " + c.label + (c.error_type ? " (" + c.error_type.replace(/_/g, " ") + ")" : "") + ": " }),
        text.slice(s, e)));
      pos = e;
    });
    if (pos < text.length) box.appendChild(document.createTextNode(text.slice(pos)));
    box.addEventListener("keydown", onClaimKey);
    ui.derived = box;

    ui.details = h("div", { id: "gc-details", class: "details" });
    ui.srcName = h("span", { class: "docid" });
    ui.source = h("div", { class: "text", id: "gc-source-text", tabindex: "0", role: "region", "aria-label": "Source text" });
    var tabs = null;
    if (S.docs.length > 1) {
      ui.tabs = S.docs.map(function (d, i) {
        return h("button", { type: "button", role: "tab", id: "gc-tab-" + i, "aria-controls": "gc-source-text", "data-i": i, onclick: function () { S.tab = i; renderSource(); } }, d.id, h("span", { class: "tab-n" }));
      });
      tabs = h("div", { class: "tabs", role: "tablist", "aria-label": "Sources" }, ui.tabs);
      tabs.addEventListener("keydown", function (ev) {
        var d = ev.key === "ArrowRight" ? 1 : ev.key === "ArrowLeft" ? -1 : 0;
        if (!d) return;
        ev.preventDefault();
        S.tab = (S.tab + d + S.docs.length) % S.docs.length;
        renderSource();
        ui.tabs[S.tab].focus();
      });
    } else {
      ui.tabs = null;
    }
    return h("div", { class: "panes" },
      h("section", { class: "pane pane-derived", "aria-labelledby": "gc-der-h" },
        h("h3", { id: "gc-der-h" }, "Derived text ", h("span", { class: "docid", text: S.derived.id })),
        legend(), box),
      h("section", { class: "pane pane-details", "aria-labelledby": "gc-det-h" },
        h("h3", { id: "gc-det-h", text: "Selected claim" }), ui.details),
      h("section", { class: "pane pane-source", "aria-labelledby": "gc-src-h" },
        h("h3", { id: "gc-src-h" }, "Source ", ui.srcName), tabs, ui.source));
  }

  function omissions(rep) {
    var list = rep.omissions || [];
    var sec = h("section", { class: "card omissions", "aria-labelledby": "gc-om-h" },
      h("h3", { id: "gc-om-h", text: "Omissions: important source sentences the derived text leaves out (" + list.length + ")" }));
    if (!list.length) {
      sec.appendChild(h("p", { class: "muted", text: "None found." }));
      return sec;
    }
    ui.omissions = h("ol", { class: "om-list" }, list.map(function (o, j) {
      return h("li", null, h("button", { type: "button", class: "om", "data-j": j, "aria-pressed": "false", onclick: function () { selectOmission(j); } },
        h("span", { class: "om-head", text: o.source + " " + o.start + "\u2013" + o.end + " \u00b7 importance " + fmt(o.importance) + " \u00b7 best match " + fmt(o.best_match) }),
        h("span", { class: "om-text", text: squash(o.text, 400) })));
    }));
    sec.appendChild(ui.omissions);
    return sec;
  }

  function footer(rep) {
    var models = rep.models || {};
    var cov = (rep.coverage || []).map(function (c) { return c.source + ": " + c.chars_read + "/" + c.chars + " chars read"; }).join("; ");
    var t = rep.timing && typeof rep.timing.total === "number" ? " \u00b7 checked in " + rep.timing.total.toFixed(2) + " s" : "";
    return h("footer", { class: "meta" },
      (rep.warnings || []).map(function (w) { return h("p", { class: "warning", role: "note", text: "Warning: " + w }); }),
      h("p", { class: "muted", text: "Coverage: " + (cov || "-") + t }),
      h("p", { class: "muted", text: "Models: " + Object.keys(models).map(function (k) { return k + "=" + models[k]; }).join(", ") + " \u00b7 schema " + (rep.schema || "?") }));
  }

  /* ---------- selection ---------- */
  function claimMarks(c) {
    var marks = [];
    (c.evidence || []).forEach(function (e, k) {
      marks.push({ src: e.source, start: e.start, end: e.end, rel: e.relation, key: "e" + k, badge: "E" + (k + 1), what: "evidence " + (k + 1) + ", " + e.relation });
    });
    (c.findings || []).forEach(function (f, k) {
      if (!f.source) return;
      var dup = marks.some(function (m) { return m.src === f.source.source && m.start === f.source.start && m.end === f.source.end; });
      if (dup) return;
      var rel = f.label === "contradicted" ? "contradicts" : "related";
      marks.push({ src: f.source.source, start: f.source.start, end: f.source.end, rel: rel, key: "f" + k, badge: "C" + (k + 1), what: "check " + f.check + ", " + rel });
    });
    return marks;
  }
  function primaryOf(c, marks) {
    var want = c.label === "contradicted" ? "contradicts" : c.label === "supported" ? "supports" : null;
    for (var i = 0; want && i < marks.length; i++) if (marks[i].rel === want) return marks[i];
    return marks.length ? marks[0] : null;
  }
  function claimEl(i) {
    return document.getElementById("gc-claim-" + i);
  }

  function select(i, opts) {
    var claims = S.result.report.claims;
    if (i < 0 || i >= claims.length) return;
    var c = claims[i];
    S.selected = i;
    S.omission = -1;
    S.marks = claimMarks(c);
    var p = primaryOf(c, S.marks);
    S.primary = S.focus = p ? p.key : null;
    if (p && docIndex(p.src) >= 0) S.tab = docIndex(p.src);
    var marks = ui.derived.querySelectorAll("mark.claim");
    for (var k = 0; k < marks.length; k++) {
      var on = marks[k].getAttribute("data-i") === String(i);
      marks[k].classList.toggle("selected", on);
      marks[k].setAttribute("aria-pressed", on ? "true" : "false");
    }
    setOmissionPressed(-1);
    renderSource();
    renderDetails();
    var el = claimEl(i);
    if (el && opts && opts.focus) el.focus();
    var ev = p ? squash(sliceOf(p), 160) : "none";
    ui.live.textContent = "Claim " + (S.order.indexOf(i) + 1) + " of " + claims.length + ": " + c.label + (c.error_type ? ", " + c.error_type.replace(/_/g, " ") : "") + ". Evidence: " + ev;
  }

  function selectOmission(j) {
    var o = S.result.report.omissions[j];
    S.selected = -1;
    S.omission = j;
    S.marks = [{ src: o.source, start: o.start, end: o.end, rel: "omission", key: "o", badge: "omitted", what: "omitted sentence" }];
    S.primary = S.focus = "o";
    if (docIndex(o.source) >= 0) S.tab = docIndex(o.source);
    var marks = ui.derived.querySelectorAll("mark.claim.selected");
    for (var k = 0; k < marks.length; k++) {
      marks[k].classList.remove("selected");
      marks[k].setAttribute("aria-pressed", "false");
    }
    setOmissionPressed(j);
    renderSource();
    renderDetails();
    ui.live.textContent = "Omitted source sentence " + (j + 1) + " highlighted in the source.";
  }
  function setOmissionPressed(j) {
    if (!ui.omissions) return;
    var bs = ui.omissions.querySelectorAll("button.om");
    for (var k = 0; k < bs.length; k++) bs[k].setAttribute("aria-pressed", String(k === j));
  }

  function nextOf(label) {
    var claims = S.result.report.claims;
    var start = S.selected >= 0 ? S.order.indexOf(S.selected) : -1;
    for (var n = 1; n <= S.order.length; n++) {
      var i = S.order[(start + n) % S.order.length];
      if (claims[i].label === label) {
        select(i, { focus: true });
        return;
      }
    }
  }

  function onClaimKey(ev) {
    var m = ev.target && ev.target.closest ? ev.target.closest("mark.claim") : null;
    if (!m) return;
    var i = +m.getAttribute("data-i");
    var p = S.order.indexOf(i);
    var k = ev.key;
    var to = null;
    if (k === "Enter" || k === " " || k === "Spacebar") {
      ev.preventDefault();
      select(i);
      return;
    }
    if (k === "ArrowRight" || k === "ArrowDown") to = p + 1;
    else if (k === "ArrowLeft" || k === "ArrowUp") to = p - 1;
    else if (k === "Home") to = 0;
    else if (k === "End") to = S.order.length - 1;
    if (to === null) return;
    ev.preventDefault();
    to = Math.max(0, Math.min(S.order.length - 1, to));
    select(S.order[to], { focus: true });
  }

  function sliceOf(m) {
    var i = docIndex(m.src);
    if (i < 0) return "";
    var d = S.docs[i];
    return d.text.slice(u16(d, m.start), u16(d, m.end));
  }

  /* ---------- source pane with highlights ---------- */
  function renderSource() {
    var d = S.docs[S.tab] || { id: "?", text: "", map: null };
    var box = ui.source;
    box.textContent = "";
    ui.srcName.textContent = d.id;
    if (ui.tabs) {
      ui.tabs.forEach(function (t, i) {
        var on = i === S.tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        var n = S.marks.filter(function (m) { return m.src === S.docs[i].id; }).length;
        t.querySelector(".tab-n").textContent = n ? " (" + n + ")" : "";
      });
      box.setAttribute("aria-labelledby", "gc-tab-" + S.tab);
    }
    var ms = S.marks.filter(function (m) { return m.src === d.id; }).map(function (m) {
      return { m: m, a: u16(d, m.start), b: u16(d, m.end) };
    }).filter(function (x) { return x.b > x.a; });
    var cuts = [0, d.text.length];
    ms.forEach(function (x) { cuts.push(x.a, x.b); });
    cuts = cuts.filter(function (v, i, arr) { return arr.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    var target = null;
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1];
      if (b <= a) continue;
      var t = d.text.slice(a, b);
      var cover = ms.filter(function (x) { return x.a <= a && x.b >= b; });
      if (!cover.length) {
        box.appendChild(document.createTextNode(t));
        continue;
      }
      var top = cover[0].m;
      cover.forEach(function (x) { if (REL_RANK[x.m.rel] > REL_RANK[top.rel]) top = x.m; });
      var keys = cover.map(function (x) { return x.m.key; });
      var primary = keys.indexOf(S.primary) >= 0;
      var focus = keys.indexOf(S.focus) >= 0;
      var el = h("mark", { class: "ev rel-" + top.rel + (primary ? " primary" : "") + (focus ? " focus" : ""), "data-keys": keys.join(" ") });
      cover.forEach(function (x) {
        if (x.a === a) {
          el.appendChild(h("span", { class: "badge", "aria-hidden": "true", text: x.m.badge + " " + (REL_ICON[x.m.rel] || "") }));
          el.appendChild(h("span", { class: "sr-only", text: "[" + x.m.what + "] " }));
        }
      });
      el.appendChild(document.createTextNode(t));
      box.appendChild(el);
      if (focus && !target) target = el;
    }
    if (target) scrollPane(box, target);
    else box.scrollTop = 0;
  }

  function scrollPane(pane, el) {
    var pr = pane.getBoundingClientRect();
    var er = el.getBoundingClientRect();
    var room = Math.max(16, (pane.clientHeight - er.height) / 3);
    pane.scrollTop = Math.max(0, pane.scrollTop + (er.top - pr.top) - room);
  }

  function focusMark(key) {
    var m = null;
    S.marks.forEach(function (x) { if (x.key === key) m = x; });
    if (!m) return;
    S.focus = key;
    if (docIndex(m.src) >= 0) S.tab = docIndex(m.src);
    renderSource();
    var bs = ui.details.querySelectorAll("button.ev-item");
    for (var i = 0; i < bs.length; i++) bs[i].setAttribute("aria-pressed", String(bs[i].getAttribute("data-key") === key));
    ui.live.textContent = "Showing " + m.what + " in " + m.src + ".";
  }

  /* ---------- details pane ---------- */
  function renderDetails() {
    var box = ui.details;
    box.textContent = "";
    var rep = S.result.report;
    if (S.omission >= 0) {
      var o = rep.omissions[S.omission];
      box.appendChild(h("p", { class: "verdict v-omission" }, h("span", { class: "ico", "aria-hidden": "true", text: REL_ICON.omission }), " Omitted from the derived text"));
      box.appendChild(h("p", { class: "muted", text: o.source + " chars " + o.start + "\u2013" + o.end + " \u00b7 importance " + fmt(o.importance) + " \u00b7 closest claim covers it " + fmt(o.best_match) }));
      box.appendChild(h("blockquote", { class: "quote", text: o.text }));
      return;
    }
    if (S.selected < 0) {
      box.appendChild(h("p", { class: "muted", text: "Select a claim in the derived text: click it, or Tab to it and press Enter. Arrow keys move between claims." }));
      return;
    }
    var i = S.selected;
    var c = rep.claims[i];
    var pos = S.order.indexOf(i);
    var pbar = h("span", { class: "bar-fill" });
    pbar.style.width = Math.round(Math.max(0, Math.min(1, c.p_supported)) * 100) + "%";
    box.appendChild(h("p", { class: "verdict v-" + c.label, id: "gc-verdict" },
      h("span", { class: "ico", "aria-hidden": "true", text: ICON[c.label] }), " " + NAME[c.label],
      c.error_type ? h("span", { class: "etype-tag", id: "gc-error-type", title: ETYPE[c.error_type] || "" }, c.error_type.replace(/_/g, " ")) : null));
    if (c.error_type && ETYPE[c.error_type]) box.appendChild(h("p", { class: "muted small", text: "The claim " + ETYPE[c.error_type] + "." }));
    box.appendChild(h("p", { class: "prob" },
      h("span", { text: "Claim " + (pos + 1) + " of " + rep.claims.length + " \u00b7 p(supported) " }),
      h("strong", { id: "gc-p", text: fmt(c.p_supported) }),
      h("span", { class: "bar small-bar", role: "img", "aria-label": "probability supported " + Math.round(c.p_supported * 100) + " percent" }, pbar)));
    box.appendChild(h("blockquote", { class: "quote", text: c.text }));
    box.appendChild(h("p", { class: "reason", id: "gc-reason" }, h("strong", { text: "Why: " }), c.reason || "-"));
    if (S.marks.length) {
      box.appendChild(h("h4", { text: "Evidence in the source" }));
      box.appendChild(h("ol", { class: "ev-list" }, S.marks.map(function (m) {
        var score = null;
        if (m.key.charAt(0) === "e") score = c.evidence[+m.key.slice(1)].score;
        return h("li", null, h("button", { type: "button", class: "ev-item rel-" + m.rel, "data-key": m.key, "aria-pressed": String(m.key === S.focus), onclick: function () { focusMark(m.key); } },
          h("span", { class: "ev-head" }, h("span", { class: "badge", text: m.badge + " " + (REL_ICON[m.rel] || "") }), " " + m.rel + " \u00b7 " + m.src + " " + m.start + "\u2013" + m.end + (score !== null ? " \u00b7 score " + fmt(score) : "")),
          h("span", { class: "ev-text", text: squash(sliceOf(m), 320) })));
      })));
    } else {
      box.appendChild(h("p", { class: "muted", text: "No source passage comes close to this claim." }));
    }
    if ((c.findings || []).length) {
      box.appendChild(h("h4", { text: "Exact checks" }));
      box.appendChild(h("ul", { class: "findings" }, c.findings.map(function (f) {
        return h("li", null, h("strong", { text: f.check + " \u2192 " + String(f.error_type).replace(/_/g, " ") + " (" + f.label + ")" }), ": " + f.reason);
      })));
    }
    box.appendChild(h("div", { class: "row nav" },
      h("button", { type: "button", disabled: pos <= 0, onclick: function () { select(S.order[pos - 1], { focus: true }); } }, "\u2190 Previous claim"),
      h("button", { type: "button", disabled: pos >= S.order.length - 1, onclick: function () { select(S.order[pos + 1], { focus: true }); } }, "Next claim \u2192")));
  }

  /* ---------- export ---------- */
  function safeJSON(x) {
    return JSON.stringify(x).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
  }
  function fileStem() {
    return "groundcheck-" + (S.derived.id.replace(/\.[A-Za-z0-9]+$/, "").replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 60) || "report");
  }
  function download(text, name, type) {
    var blob = new Blob([text], { type: type + ";charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var a = h("a", { href: url, download: name, class: "sr-only" });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
  }
  function exportJSON() {
    download(JSON.stringify(S.result.report, null, 2) + "\n", fileStem() + ".json", "application/json");
  }
  function exportHTML() {
    var doc = document.documentElement.cloneNode(true);
    var a = doc.querySelector("#gc-app");
    while (a.firstChild) a.removeChild(a.firstChild);
    doc.querySelector("#gc-data").textContent = safeJSON({ mode: "report", result: S.result });
    var t = doc.querySelector("title");
    if (t) t.textContent = "groundcheck report: " + S.derived.id;
    download("<!DOCTYPE html>\n" + doc.outerHTML + "\n", fileStem() + ".html", "text/html");
  }

  build();
})();
