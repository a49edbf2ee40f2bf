// A person's seat at a negotiation table. The seat's token is in the address's fragment (never
// sent to a server by the browser); every request carries it as a bearer token, and the live
// WebSocket as ?token=. Everything shown is built with DOM methods and textContent: no text from
// the server is ever parsed as HTML.
const token = decodeURIComponent(location.hash.slice(1));
const id = location.pathname.split("/")[2];
const $ = (name) => document.getElementById(name);
const state = { view: null, events: new Map(), lastSeq: 0, draft: {} };

function api(path, options = {}) {
  return fetch(`/api/v1/sessions/${id}${path}`, {
    ...options,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
  });
}

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

const fmt = (value) => (value === undefined || value === null ? "–" : value.toFixed(2));

function optionName(issueId, optionId) {
  const issue = state.view.issues.find((i) => i.id === issueId);
  const option = issue && issue.options.find((o) => o.id === optionId);
  return option ? option.name : optionId;
}

function partyName(partyId) {
  const party = state.view.parties.find((p) => p.id === partyId);
  return party ? party.name : partyId;
}

function draftUtility() {
  const you = state.view.you;
  let sum = you.offset;
  for (const issue of state.view.issues) sum += you.points[issue.id][state.draft[issue.id]] ?? 0;
  return sum;
}

// Keep every event once, by sequence number: a reconnecting socket may resend some.
function merge(view) {
  for (const event of view.events) state.events.set(event.seq, event);
  state.lastSeq = Math.max(state.lastSeq, view.lastSeq);
  state.view = view;
}

function renderBuilder() {
  const box = $("choices");
  if (box.childElementCount === 0) {
    for (const issue of state.view.issues) {
      const best = Object.entries(state.view.you.points[issue.id]).sort((a, b) => b[1] - a[1])[0][0];
      state.draft[issue.id] = best;
      const p = element("p");
      const label = element("label", issue.name, { for: `issue-${issue.id}` });
      const select = element("select", null, { id: `issue-${issue.id}`, "data-issue": issue.id });
      for (const option of issue.options) {
        const points = state.view.you.points[issue.id][option.id];
        const item = element("option", `${option.name} (${fmt(points)})`, { value: option.id });
        if (option.id === best) item.selected = true;
        select.append(item);
      }
      select.addEventListener("change", () => { state.draft[issue.id] = select.value; renderDraft(); });
      p.append(label, " ", select);
      box.append(p);
    }
  }
  renderDraft();
}

let previewTimer = null;
function renderDraft() {
  const you = state.view.you;
  const utility = draftUtility();
  $("draft-utility").textContent = fmt(utility);
  $("reservation").textContent = fmt(you.reservation);
  const meter = $("draft-meter");
  meter.min = you.worst; meter.max = you.best; meter.low = you.reservation; meter.optimum = you.best; meter.value = utility;
  clearTimeout(previewTimer);
  previewTimer = setTimeout(async () => {
    const response = await api("/preview", { method: "POST", body: JSON.stringify({ package: state.draft }) });
    if (!response.ok) return;
    const preview = await response.json();
    const warnings = [];
    if (preview.belowReservation) warnings.push(`below your reservation value (${fmt(preview.reservation)})`);
    for (const breach of preview.breaches) warnings.push(`crosses your red line: ${breach}`);
    const box = $("draft-warning");
    box.hidden = warnings.length === 0;
    box.textContent = warnings.length ? `This offer is ${warnings.join("; ")}.` : "";
    box.dataset.risky = warnings.length ? "yes" : "no";
  }, 80);
}

const moderated = () => state.view.protocol === "moderated";
const speakerName = (id) => (id === "mediator" ? "the mediator" : partyName(id));

function renderOffer() {
  const view = state.view;
  const box = $("offer");
  box.replaceChildren();
  if (!view.offer) { box.append(element("p", moderated() ? "No deal on the table yet." : "No offer yet.")); return; }
  if (moderated()) box.append(element("p", `The latest deal, put by ${speakerName(view.offeredBy)}. Your utility: ${fmt(view.ownUtility)}.`));
  else box.append(element("p", `Offered by ${partyName(view.offeredBy)}; accepted by ${view.acceptedBy.map(partyName).join(", ") || "nobody yet"}. Your utility: ${fmt(view.ownUtility)}.`));
  const list = element("ul");
  for (const issue of view.issues) list.append(element("li", `${issue.name}: ${optionName(issue.id, view.offer[issue.id])}`));
  box.append(list);
}

function renderBanner() {
  const view = state.view;
  const banner = $("banner");
  banner.className = "banner";
  if (moderated()) { renderModeratedBanner(banner); return; }
  if (view.finished) {
    const outcome = view.outcome;
    banner.classList.add("over");
    banner.textContent = outcome.ending === "agreement"
      ? `Agreement reached. Your payoff: ${fmt(outcome.ownPayoff)}.`
      : outcome.ending === "walkAway" ? `${partyName(outcome.walkedAway)} walked away. No agreement: your payoff is ${fmt(outcome.ownPayoff)}.`
      : `The deadline passed without agreement. Your payoff: ${fmt(outcome.ownPayoff)}.`;
  } else if (view.yourTurn) {
    banner.classList.add("yours");
    banner.textContent = view.offer
      ? `Your turn (round ${view.deadline.round} of ${view.deadline.rounds}): accept the offer on the table, send a counter-offer, or walk away.`
      : `Your turn (round ${view.deadline.round} of ${view.deadline.rounds}): make the opening offer.`;
  } else {
    banner.textContent = `Round ${view.deadline.round} of ${view.deadline.rounds}: waiting for ${partyName(view.turn)}.`;
  }
  const actions = new Set(view.legalActions);
  $("accept").disabled = !actions.has("accept");
  $("counter").disabled = !actions.has("offer");
  $("walk").disabled = !actions.has("walkAway");
}

// The moderated protocol: the proposer opens, the parties speak in turns, the proposer's final
// proposal is scored against the agreement rule. A move is a message with a deal or without one.
function renderModeratedBanner(banner) {
  const view = state.view;
  const phase = view.phase === "opening" ? "the opening" : view.phase === "final" ? "the final proposal" : `turn ${view.deadline.round} of ${view.deadline.rounds}`;
  if (view.finished) {
    const outcome = view.outcome;
    banner.classList.add("over");
    banner.textContent = outcome.ending === "passed"
      ? `The final proposal passes the rule${outcome.unanimous ? " (every party accepts it)" : ""}. Your payoff: ${fmt(outcome.ownPayoff)}.`
      : outcome.ending === "failed" ? `The final proposal does not pass the rule. Your payoff: ${fmt(outcome.ownPayoff)}.`
      : `The time limit ended the session before the final proposal. Your payoff: ${fmt(outcome.ownPayoff)}.`;
  } else if (view.yourTurn) {
    banner.classList.add("yours");
    banner.textContent = view.phase === "opening" ? "Your turn: open with a deal for the table."
      : view.phase === "final" ? "Your turn: the final proposal, scored against the agreement rule."
      : `Your turn (${phase}, ${view.turnsLeft} left): say something, and put a deal on the table if you wish.`;
  } else {
    banner.textContent = `Moderated, ${phase}: waiting for ${speakerName(view.turn)}.`;
  }
  const actions = new Set(view.legalActions);
  $("accept").hidden = true;
  $("walk").hidden = true;
  $("pass").hidden = false;
  $("pass").disabled = !actions.has("pass");
  $("counter").disabled = !actions.has("offer");
  $("counter").textContent = view.phase === "final" ? "Make this the final proposal" : "Put this deal on the table";
  $("builder-title").textContent = "Your deal";
}

function renderEvents() {
  const list = $("events");
  list.replaceChildren();
  const words = { offer: "offered", accept: "accepted", walkAway: "walked away", skip: "ran out of time: move skipped", agreement: "Agreement", deadline: "Deadline", seat: "seat changed",
    opening: "opened with a deal", final: "made the final proposal" };
  for (const event of [...state.events.values()].sort((a, b) => a.seq - b.seq)) {
    const who = event.party ? speakerName(event.party) + " " : "";
    let text = `${who}${words[event.kind] || event.kind}`;
    if (event.kind === "message") text = `${who}${event.package ? "put a deal on the table" : "spoke"}`;
    if (event.kind === "seat") text = `${who}is now played by ${event.actor === "person" ? "a person" : "an agent"}`;
    if (event.ownUtility !== undefined) text += ` (your utility ${fmt(event.ownUtility)})`;
    const item = element("li", text, { value: event.seq, "data-kind": event.kind });
    if (event.message) item.append(element("q", event.message));
    list.append(item);
  }
}

// The history chart: this party's utility of every offer, by turn, one colour per party.
function renderChart() {
  const offers = [...state.events.values()].filter((e) => e.kind === "offer" || (e.package && ["opening", "message", "final"].includes(e.kind)))
    .sort((a, b) => a.seq - b.seq);
  const you = state.view.you;
  const width = 520, height = 220, left = 40, right = 10, top = 10, bottom = 30;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("class", "chart");
  const title = document.createElementNS(ns, "title");
  title.textContent = "Your utility of every offer, by turn";
  svg.append(title);
  const low = Math.min(you.worst, you.reservation), high = Math.max(you.best, you.reservation);
  const x = (k) => left + (offers.length <= 1 ? 0 : (k / (offers.length - 1)) * (width - left - right));
  const y = (u) => top + (1 - (u - low) / (high - low || 1)) * (height - top - bottom);
  const line = document.createElementNS(ns, "line");
  Object.entries({ x1: left, x2: width - right, y1: y(you.reservation), y2: y(you.reservation), class: "reference" })
    .forEach(([k, v]) => line.setAttribute(k, v));
  svg.append(line);
  const palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
  offers.forEach((event, k) => {
    const dot = document.createElementNS(ns, "circle");
    const index = state.view.parties.findIndex((p) => p.id === event.party);
    Object.entries({ cx: x(k), cy: y(event.ownUtility), r: 4, fill: palette[(index + palette.length) % palette.length] }).forEach(([a, v]) => dot.setAttribute(a, v));
    const tip = document.createElementNS(ns, "title");
    tip.textContent = `${speakerName(event.party)}, ${event.round ? `round ${event.round}` : event.kind}: ${fmt(event.ownUtility)}`;
    dot.append(tip);
    svg.append(dot);
  });
  const legend = element("p", null, { class: "legend" });
  state.view.parties.forEach((party, index) => {
    const key = element("span", `● ${party.name}`);
    key.style.color = palette[index % palette.length];
    legend.append(key, " ");
  });
  legend.append(element("span", "— your reservation value"));
  $("history-chart").replaceChildren(svg, legend);
}

function renderYou() {
  const you = state.view.you;
  const box = $("you");
  box.replaceChildren();
  box.append(element("p", `${you.name}. Reservation value ${fmt(you.reservation)}; the best package is worth ${fmt(you.best)}, the worst ${fmt(you.worst)}.`));
  const table = element("table");
  table.append(element("caption", "What each option adds to your utility"));
  for (const issue of state.view.issues) {
    const row = element("tr");
    row.append(element("th", issue.name, { scope: "row" }));
    row.append(element("td", issue.options.map((o) => `${o.name}: ${fmt(you.points[issue.id][o.id])}`).join(" · ")));
    table.append(row);
  }
  box.append(table);
  if (you.redLines.length) {
    const list = element("ul");
    for (const line of you.redLines) list.append(element("li", `Red line: ${line.description}`));
    box.append(list);
  }
}

function renderPeople() {
  const list = $("people");
  list.replaceChildren();
  for (const party of state.view.parties) {
    const mine = party.id === state.view.viewer ? " (you)" : "";
    list.append(element("li", `${party.connected ? "●" : "○"} ${party.name}${mine}: ${party.seat === "person" ? "a person" : "an agent"}`,
      { "data-party": party.id, "data-connected": party.connected ? "yes" : "no" }));
  }
}

let countdown = null;
function renderClock() {
  clearInterval(countdown);
  const ends = state.view.deadline.moveEndsAt;
  if (!ends || !state.view.yourTurn) return;
  const tick = () => {
    const left = Math.max(0, Math.round((Date.parse(ends) - Date.now()) / 1000));
    $("banner").dataset.countdown = `${left}s`;
    $("banner").title = `${left} seconds left for this move`;
    const notes = { walkAway: "then you walk away", agent: "then an agent moves for you", skip: "then your move is skipped" };
    const note = notes[state.view.deadline.onTimeout];
    $("banner").textContent = $("banner").textContent.replace(/ \(\d+ s left.*\)$/, "") + ` (${left} s left, ${note})`;
  };
  tick();
  countdown = setInterval(tick, 1000);
}

function render() {
  $("title").textContent = `${state.view.scenario.title}: you are ${state.view.you.name}`;
  $("table").hidden = false;
  renderBanner();
  renderOffer();
  renderBuilder();
  renderEvents();
  renderChart();
  renderYou();
  renderPeople();
  renderClock();
}

async function send(body) {
  const message = $("message").value.trim();
  if (message) body.message = message;
  const response = await api("/actions", { method: "POST", body: JSON.stringify(body) });
  if (response.ok) { $("message").value = ""; await catchUp(); return; }
  const problem = await response.json().catch(() => ({}));
  const text = problem.error || (problem.diagnostics || []).map((d) => `${d.field}: ${d.message}`).join("; ") || `error ${response.status}`;
  $("draft-warning").hidden = false;
  $("draft-warning").textContent = text;
}

$("builder").addEventListener("submit", (event) => {
  event.preventDefault();
  const risky = $("draft-warning").dataset.risky === "yes";
  if (risky && !confirm(`${$("draft-warning").textContent} Send it anyway?`)) return;
  send({ action: "offer", package: { ...state.draft } });
});
$("accept").addEventListener("click", () => {
  if (state.view.ownUtility < state.view.you.reservation && !confirm("The offer on the table is below your reservation value. Accept anyway?")) return;
  send({ action: "accept" });
});
$("pass").addEventListener("click", () => send({ action: "pass" }));
$("walk").addEventListener("click", () => { if (confirm("Walk away? The negotiation ends without agreement.")) send({ action: "walkAway" }); });

// The HTTP fallback: everything after the last event this page has.
async function catchUp() {
  const response = await api(`/state?after=${state.lastSeq}`);
  if (!response.ok) { $("banner").textContent = response.status === 403 ? "This link is not valid for this session." : `Error ${response.status}`; return false; }
  merge(await response.json());
  render();
  return true;
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/api/v1/sessions/${id}/live?token=${encodeURIComponent(token)}&after=${state.lastSeq}`);
  socket.addEventListener("message", (message) => {
    const view = JSON.parse(message.data);
    // A gap in the sequence numbers (a slow tab whose oldest updates were dropped): catch up over HTTP.
    if (view.events.length && view.events[0].seq > state.lastSeq + 1) { catchUp(); return; }
    merge(view);
    render();
  });
  socket.addEventListener("close", () => setTimeout(async () => { await catchUp(); connect(); }, 1000));
}

(async () => {
  if (!token) { $("banner").textContent = "This page needs the seat link you were given (it ends in #…)."; return; }
  if (await catchUp()) connect();
})();
