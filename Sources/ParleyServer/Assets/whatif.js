// What-if: every change of a control asks the server for the analysis with the changes
// (GET .../whatif?set=PARTY.reservation=V&drop=RED_LINE) and shows the zone and the verdicts.
const form = document.getElementById("whatif");
const api = form.dataset.api;
const zone = document.getElementById("zone-size");
const base = document.getElementById("zone-base");
const timing = document.getElementById("whatif-time");
const verdicts = document.querySelector("#verdicts tbody");
const differences = document.getElementById("differences");
const initial = new Map([...form.querySelectorAll("input[type=range]")].map((input) => [input.id, input.value]));
let sequence = 0;

function query() {
  const parts = [];
  for (const input of form.querySelectorAll("input[type=range]")) {
    input.nextElementSibling.textContent = Number(input.value).toFixed(2);
    // Only the values moved away from the version's are sent.
    if (input.value !== initial.get(input.id)) parts.push("set=" + encodeURIComponent(`${input.dataset.party}.reservation=${input.value}`));
  }
  for (const box of form.querySelectorAll("input[data-red-line]")) {
    if (box.checked) parts.push("drop=" + encodeURIComponent(box.dataset.redLine));
  }
  for (const box of form.querySelectorAll("input[data-leverage]")) {
    if (box.checked) parts.push("leverage=" + encodeURIComponent(box.dataset.leverage));
  }
  return parts;
}

function verdict(proposal) {
  const accepting = proposal.evaluations.filter((e) => e.accepts).map((e) => e.party);
  return proposal.acceptedByAll ? "accepted by all" : `rejected (accepting: ${accepting.join(", ") || "none"})`;
}

async function update() {
  const mine = ++sequence;
  const parts = query();
  const started = performance.now();
  // With no change, one harmless setting (a reservation value to itself) asks for the base analysis.
  const first = form.querySelector("input[type=range]");
  const url = api + "?" + (parts.length ? parts.join("&") : "set=" + encodeURIComponent(`${first.dataset.party}.reservation=${initial.get(first.id)}`));
  const response = await fetch(url, { credentials: "same-origin" });
  if (mine !== sequence) return;
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    timing.textContent = problem.error || (problem.diagnostics || []).map((d) => d.message).join("; ") || `error ${response.status}`;
    return;
  }
  const report = await response.json();
  zone.textContent = report.changed.agreementSpace.zoneSize;
  base.textContent = report.base.agreementSpace.zoneSize;
  timing.textContent = `(${Math.round(performance.now() - started)} ms)`;
  verdicts.replaceChildren();
  report.changed.proposals.forEach((proposal, index) => {
    const row = document.createElement("tr");
    const name = document.createElement("td");
    name.textContent = proposal.name;
    const before = document.createElement("td");
    before.textContent = verdict(report.base.proposals[index]);
    const after = document.createElement("td");
    after.textContent = verdict(proposal);
    after.className = proposal.acceptedByAll ? "accepts" : "rejects";
    row.append(name, before, after);
    verdicts.append(row);
  });
  differences.replaceChildren(...report.differences.map((text) => {
    const li = document.createElement("li");
    li.textContent = text;
    return li;
  }));
  document.body.dataset.whatifDone = String(mine);
}

form.addEventListener("input", update);
form.addEventListener("reset", () => setTimeout(update, 0));
form.addEventListener("submit", (event) => event.preventDefault());
update();
