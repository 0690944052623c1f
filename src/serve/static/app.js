// The kosearch search page: plain JavaScript, no build step.
//
// Korean is typed through an input method: while a syllable is being
// composed (between compositionstart and compositionend) the box holds
// unfinished text, so no search starts then. A search starts on Enter (not
// the Enter that confirms a composition), and, debounced, after a
// composition ends or after other edits.
//
// Suggestions are different: they follow every `input` event, during a
// composition too, since the server compares at the level of keystrokes
// (성 on the way to 서울 already suggests 서울). Arrow keys move in the
// list, Enter or a click takes a suggestion and searches it, Escape
// closes the list.
//
// A query the server corrected (typed in the wrong keyboard mode, initial
// consonants, a jamo off) shows the results of the corrected query and a
// link that searches the query exactly as typed (`exact=1`, kept in the
// address and by the pager).
//
// Untrusted text (titles, passages, facet values) only ever goes into text
// nodes, never innerHTML. Highlight ranges from the API are BYTE offsets
// into the UTF-8 passage text, so passages are cut as bytes.
"use strict";

(function () {
  const LIMIT = 10;
  const DEBOUNCE_MS = 350;
  const FACETS = "section,date";

  const form = document.getElementById("search-form");
  const box = document.getElementById("q");
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  const facetsPanel = document.getElementById("facets");
  const pager = document.getElementById("pager");
  const prev = document.getElementById("prev");
  const next = document.getElementById("next");
  const pageInfo = document.getElementById("page-info");
  const correction = document.getElementById("correction");
  const suggestList = document.getElementById("suggestions");
  const SUGGEST_LIMIT = 8;
  const SUGGEST_DEBOUNCE_MS = 40;
  const MATCH_LABELS = { choseong: "초성", keyboard: "한/영" };

  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  let composing = false;
  let timer = null;
  let controller = null;
  let generation = 0;
  // The query and page on screen (or being fetched), and whether it is
  // searched exactly as typed.
  let current = { q: "", offset: 0, exact: false };

  // ---- input ------------------------------------------------------------

  box.addEventListener("compositionstart", () => {
    composing = true;
    cancelTimer();
  });
  box.addEventListener("compositionend", () => {
    composing = false;
    schedule();
  });
  box.addEventListener("input", (event) => {
    suggestSoon();
    if (event.isComposing || composing) return;
    schedule();
  });
  box.addEventListener("blur", () => closeSuggestions());
  box.addEventListener("keydown", (event) => {
    if (suggestionKey(event)) return;
    if (event.key !== "Enter") return;
    // The Enter that confirms a composition (keyCode 229 in some browsers)
    // is not a search.
    if (event.isComposing || composing || event.keyCode === 229) return;
    event.preventDefault();
    searchNow(0);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (composing) return;
    searchNow(0);
  });
  prev.addEventListener("click", () => run(current.q, Math.max(0, current.offset - LIMIT), false, current.exact));
  next.addEventListener("click", () => run(current.q, current.offset + LIMIT, false, current.exact));
  window.addEventListener("popstate", () => fromLocation());

  function cancelTimer() {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  }

  function schedule() {
    cancelTimer();
    timer = setTimeout(() => {
      timer = null;
      if (composing) return;
      const q = box.value.trim();
      if (q === current.q) return;
      if (q === "") {
        clear();
        return;
      }
      run(q, 0);
    }, DEBOUNCE_MS);
  }

  function searchNow(offset) {
    cancelTimer();
    closeSuggestions();
    const q = box.value.trim();
    if (q === "") {
      clear();
      return;
    }
    run(q, offset);
  }

  // ---- suggestions --------------------------------------------------------

  let suggestTimer = null;
  let suggestController = null;
  let suggestGeneration = 0;
  // The suggestions on screen, and the one chosen with the arrow keys (-1:
  // none).
  let suggested = [];
  let active = -1;

  function suggestSoon() {
    if (suggestTimer !== null) clearTimeout(suggestTimer);
    suggestTimer = setTimeout(() => {
      suggestTimer = null;
      fetchSuggestions(box.value);
    }, SUGGEST_DEBOUNCE_MS);
  }

  async function fetchSuggestions(typed) {
    if (suggestController) suggestController.abort();
    const mine = ++suggestGeneration;
    if (typed.trim() === "") {
      closeSuggestions();
      return;
    }
    suggestController = new AbortController();
    const params = new URLSearchParams({ q: typed, limit: String(SUGGEST_LIMIT) });
    try {
      const response = await fetch("/suggest?" + params.toString(), {
        signal: suggestController.signal,
        headers: { Accept: "application/json" },
      });
      const body = response.ok ? await response.json() : null;
      if (mine !== suggestGeneration) return;
      // No list (an index without suggestions, a refused text) is no error
      // for the user: the search itself still runs.
      showSuggestions(body && Array.isArray(body.suggestions) ? body.suggestions : []);
    } catch (_) {
      if (mine === suggestGeneration) closeSuggestions();
    }
  }

  function showSuggestions(list) {
    suggested = list;
    active = -1;
    suggestList.replaceChildren();
    list.forEach((suggestion, at) => {
      const item = document.createElement("li");
      item.id = "suggestion-" + at;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      const text = document.createElement("span");
      text.className = "text";
      text.textContent = String(suggestion.text);
      item.appendChild(text);
      const label = MATCH_LABELS[suggestion.match];
      if (label) {
        const how = document.createElement("span");
        how.className = "how";
        how.textContent = label;
        item.appendChild(how);
      }
      // mousedown, not click: the box keeps its focus (no blur closes the
      // list before the click lands).
      item.addEventListener("mousedown", (event) => {
        event.preventDefault();
        take(at);
      });
      suggestList.appendChild(item);
    });
    const open = list.length > 0;
    suggestList.hidden = !open;
    box.setAttribute("aria-expanded", String(open));
    box.removeAttribute("aria-activedescendant");
  }

  function closeSuggestions() {
    if (suggestTimer !== null) {
      clearTimeout(suggestTimer);
      suggestTimer = null;
    }
    if (suggestController) suggestController.abort();
    suggestGeneration++;
    showSuggestions([]);
  }

  function highlight(at) {
    active = at;
    Array.from(suggestList.children).forEach((item, i) => {
      item.setAttribute("aria-selected", String(i === at));
    });
    if (at >= 0) box.setAttribute("aria-activedescendant", "suggestion-" + at);
    else box.removeAttribute("aria-activedescendant");
  }

  // Takes suggestion `at`: into the box, and searched.
  function take(at) {
    const suggestion = suggested[at];
    if (!suggestion) return;
    box.value = String(suggestion.text);
    closeSuggestions();
    searchNow(0);
  }

  // Handles a key meant for the list; true when it was one.
  function suggestionKey(event) {
    if (suggestList.hidden) return false;
    const count = suggested.length;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        highlight((active + 1) % count);
        return true;
      case "ArrowUp":
        event.preventDefault();
        highlight(active <= 0 ? count - 1 : active - 1);
        return true;
      case "Escape":
        event.preventDefault();
        closeSuggestions();
        return true;
      case "Enter":
        // The Enter that confirms a composition is the input method's.
        if (active < 0 || event.isComposing || composing || event.keyCode === 229) return false;
        event.preventDefault();
        take(active);
        return true;
      default:
        return false;
    }
  }

  // ---- fetching -----------------------------------------------------------

  async function run(q, offset, fromHistory, exact) {
    cancelTimer();
    current = { q, offset, exact: Boolean(exact) };
    if (!fromHistory) remember(q, offset, current.exact);
    if (controller) controller.abort();
    controller = new AbortController();
    const mine = ++generation;
    setStatus("검색 중…");
    document.body.setAttribute("aria-busy", "true");
    const params = new URLSearchParams({ q, limit: String(LIMIT), offset: String(offset), facets: FACETS });
    if (current.exact) params.set("exact", "true");
    try {
      const response = await fetch("/search?" + params.toString(), {
        signal: controller.signal,
        headers: { Accept: "application/json" },
      });
      let body = null;
      try {
        body = await response.json();
      } catch (_) {
        body = null;
      }
      if (mine !== generation) return;
      if (!response.ok || body === null) {
        const message = body && typeof body.error === "string" ? body.error : "HTTP " + response.status;
        showError("검색하지 못했습니다: " + message);
        return;
      }
      render(body, q, offset);
    } catch (error) {
      if (error && error.name === "AbortError") return;
      if (mine !== generation) return;
      showError("서버에 연결하지 못했습니다: " + (error && error.message ? error.message : String(error)));
    } finally {
      if (mine === generation) document.body.removeAttribute("aria-busy");
    }
  }

  // The address of a search, as the page keeps it.
  function address(q, offset, exact) {
    const params = new URLSearchParams();
    params.set("q", q);
    if (offset > 0) params.set("offset", String(offset));
    if (exact) params.set("exact", "1");
    return "?" + params.toString();
  }

  function remember(q, offset, exact) {
    const url = address(q, offset, exact);
    if (url !== location.search) history.pushState(null, "", url);
  }

  function fromLocation() {
    const params = new URLSearchParams(location.search);
    const q = (params.get("q") || "").trim();
    const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    const exact = params.get("exact") === "1";
    box.value = q;
    if (q === "") clear();
    else run(q, offset, true, exact);
  }

  // ---- rendering ----------------------------------------------------------

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
  }

  function clear() {
    if (controller) controller.abort();
    generation++;
    current = { q: "", offset: 0, exact: false };
    showCorrection(null, "");
    results.replaceChildren();
    facetsPanel.hidden = true;
    pager.hidden = true;
    setStatus("검색어를 입력하고 Enter를 누르세요.");
  }

  function showError(message) {
    showCorrection(null, "");
    results.replaceChildren();
    facetsPanel.hidden = true;
    pager.hidden = true;
    setStatus(message, true);
  }

  function render(body, q, offset) {
    const hits = Array.isArray(body.hits) ? body.hits : [];
    const total = Number.isInteger(body.total) ? body.total : hits.length;
    showCorrection(typeof body.corrected_query === "string" ? body.corrected_query : null, q);
    results.replaceChildren(...hits.map(renderHit));
    if (total === 0) {
      setStatus("‘" + q + "’에 대한 검색 결과가 없습니다.");
    } else if (hits.length === 0) {
      setStatus("총 " + total.toLocaleString("ko-KR") + "건 — 이 페이지에는 결과가 없습니다.");
    } else {
      setStatus("총 " + total.toLocaleString("ko-KR") + "건 중 " + (offset + 1) + "–" + (offset + hits.length) + "번째");
    }
    renderFacets(body.facets || {});
    pager.hidden = total <= LIMIT && offset === 0;
    prev.disabled = offset === 0;
    next.disabled = offset + hits.length >= total;
    const pages = Math.max(1, Math.ceil(total / LIMIT));
    pageInfo.textContent = Math.floor(offset / LIMIT) + 1 + " / " + pages + " 페이지";
  }

  function renderHit(hit) {
    const item = document.createElement("li");
    item.className = "hit";

    const heading = document.createElement("h3");
    const link = document.createElement("a");
    link.textContent = hit.title || hit.id || "(제목 없음)";
    link.href = safeUrl(hit.url) || "/documents/" + encodeURIComponent(hit.id).replace(/%2F/g, "/");
    if (safeUrl(hit.url)) link.rel = "noopener noreferrer";
    heading.append(link);
    item.append(heading);

    const meta = document.createElement("p");
    meta.className = "meta";
    const parts = [];
    if (typeof hit.published_at === "string") parts.push(formatDate(hit.published_at));
    if (hit.section) parts.push(hit.section);
    if (hit.source) parts.push(hit.source);
    if (Array.isArray(hit.reporters) && hit.reporters.length) parts.push(hit.reporters.join(", "));
    for (const part of parts) {
      const span = document.createElement("span");
      span.textContent = part;
      meta.append(span);
    }
    if (parts.length) item.append(meta);

    for (const passage of Array.isArray(hit.passages) ? hit.passages : []) {
      item.append(renderPassage(passage));
    }
    return item;
  }

  // A passage with <mark>s over its highlight ranges, which are byte
  // offsets into the UTF-8 text. Ranges that are out of order or out of
  // bounds are ignored rather than trusted.
  function renderPassage(passage) {
    const paragraph = document.createElement("p");
    paragraph.className = "passage";
    const bytes = encoder.encode(typeof passage.text === "string" ? passage.text : "");
    let at = 0;
    for (const range of Array.isArray(passage.highlights) ? passage.highlights : []) {
      const [start, end] = Array.isArray(range) ? range : [];
      if (!Number.isInteger(start) || !Number.isInteger(end)) continue;
      if (start < at || end <= start || end > bytes.length) continue;
      paragraph.append(decoder.decode(bytes.subarray(at, start)));
      const mark = document.createElement("mark");
      mark.textContent = decoder.decode(bytes.subarray(start, end));
      paragraph.append(mark);
      at = end;
    }
    paragraph.append(decoder.decode(bytes.subarray(at)));
    return paragraph;
  }

  function renderFacets(facets) {
    const shown = [
      ["section", "facet-section", (value) => "section:" + quote(value)],
      ["date", "facet-date", (value) => "date:" + value],
    ];
    let any = false;
    for (const [name, id, term] of shown) {
      const section = document.getElementById(id);
      const list = section.querySelector("ul");
      const counts = Array.isArray(facets[name]) ? facets[name] : [];
      list.replaceChildren(
        ...counts.map((count) => {
          const item = document.createElement("li");
          const button = document.createElement("button");
          button.type = "button";
          button.textContent = String(count.value);
          button.title = term(String(count.value)) + " 조건 추가";
          button.addEventListener("click", () => addFilter(term(String(count.value))));
          const number = document.createElement("span");
          number.className = "count";
          number.textContent = String(count.count);
          item.append(button, number);
          return item;
        })
      );
      section.hidden = counts.length === 0;
      any = any || counts.length > 0;
    }
    facetsPanel.hidden = !any;
  }

  // "Results for X; search instead for Y": the corrected query searched,
  // and a link that searches the query as typed (none when `corrected` is
  // null).
  function showCorrection(corrected, typed) {
    correction.hidden = corrected === null;
    if (corrected === null) {
      correction.replaceChildren();
      return;
    }
    const searched = document.createElement("strong");
    searched.textContent = "‘" + corrected + "’";
    const link = document.createElement("a");
    link.href = address(typed, 0, true);
    link.textContent = "‘" + typed + "’";
    link.addEventListener("click", (event) => {
      event.preventDefault();
      box.value = typed;
      run(typed, 0, false, true);
    });
    correction.replaceChildren(
      searched,
      document.createTextNode("(으)로 검색한 결과입니다. 입력한 검색어 "),
      link,
      document.createTextNode("(으)로 검색"),
    );
  }

  // Adds a filter term to the query (once) and searches from the first page.
  function addFilter(term) {
    const q = current.q || box.value.trim();
    const words = q.split(/\s+/);
    const query = words.includes(term) ? q : (q + " " + term).trim();
    box.value = query;
    run(query, 0);
  }

  // A metadata value as one query term: quoted, with its quotes and
  // backslashes escaped, when it has spaces or quotes.
  function quote(value) {
    return /[\s"\\]/.test(value) ? '"' + value.replace(/["\\]/g, "\\$&") + '"' : value;
  }

  // "2023-04-10T17:02:00+09:00" → "2023-04-10 17:02" (the API's dates are
  // in Korea Standard Time already).
  function formatDate(text) {
    const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(text);
    return match ? match[1] + " " + match[2] : text;
  }

  function safeUrl(url) {
    if (typeof url !== "string") return null;
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (_) {
      return null;
    }
  }

  fromLocation();
})();
