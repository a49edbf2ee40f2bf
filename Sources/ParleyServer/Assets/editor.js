// The YAML editor: checks the text as it is typed (POST /api/v1/validate, the same validator as
// `parley validate`), lists the problems at their line and column, and moves the cursor to one
// when it is selected. Nothing is saved until the form is submitted.
const textarea = document.getElementById("yaml");
const list = document.getElementById("diagnostics");
const cursor = document.getElementById("cursor");
const csrf = document.querySelector('meta[name="parley-csrf"]').content;
let timer = null;
let sequence = 0;

function offsetOf(text, line, column) {
  const lines = text.split("\n");
  let offset = 0;
  for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
  return offset + Math.max(0, column - 1);
}

function render(diagnostics) {
  list.replaceChildren();
  if (diagnostics.length === 0) {
    const ok = document.createElement("p");
    ok.className = "meta";
    ok.textContent = "No problems found.";
    list.append(ok);
    return;
  }
  const ul = document.createElement("ul");
  ul.className = "diagnostics";
  ul.setAttribute("role", "alert");
  for (const d of diagnostics) {
    const li = document.createElement("li");
    li.className = d.severity;
    if (d.line) {
      const a = document.createElement("a");
      a.href = "#yaml";
      a.className = "goto";
      a.dataset.line = d.line;
      a.dataset.column = d.column || 1;
      a.textContent = `line ${d.line}, column ${d.column || 1}`;
      li.append(a, ": ");
    }
    const strong = document.createElement("strong");
    strong.textContent = `${d.severity}:`;
    li.append(strong, ` ${d.message}`);
    if (d.help) {
      const help = document.createElement("span");
      help.className = "help";
      help.textContent = `help: ${d.help}`;
      li.append(document.createElement("br"), help);
    }
    ul.append(li);
  }
  list.append(ul);
}

async function check() {
  const mine = ++sequence;
  const text = textarea.value;
  const type = text.trimStart().startsWith("{") ? "application/json" : "application/yaml";
  const response = await fetch("/api/v1/validate", {
    method: "POST", body: text, credentials: "same-origin",
    headers: { "Content-Type": type, "X-Parley-CSRF": csrf },
  });
  if (mine !== sequence || !response.ok) return;
  const report = await response.json();
  render(report.diagnostics);
}

function showCursor() {
  const before = textarea.value.slice(0, textarea.selectionStart).split("\n");
  cursor.textContent = `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

textarea.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(check, 300); });
textarea.addEventListener("keyup", showCursor);
textarea.addEventListener("click", showCursor);
list.addEventListener("click", (event) => {
  const link = event.target.closest("a.goto");
  if (!link) return;
  event.preventDefault();
  const offset = offsetOf(textarea.value, Number(link.dataset.line), Number(link.dataset.column));
  textarea.focus();
  textarea.setSelectionRange(offset, offset);
  const lineHeight = textarea.scrollHeight / Math.max(1, textarea.value.split("\n").length);
  textarea.scrollTop = Math.max(0, (Number(link.dataset.line) - 3) * lineHeight);
  showCursor();
});
