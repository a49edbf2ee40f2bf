// The analyst's view of a live session: follow the session over its WebSocket (the browser sends
// the workspace's cookie) and refresh the panel, rendered by the server, at every change. If the
// connection drops, reconnect after a pause; the panel is always fetched whole, so nothing is missed.
const panel = document.getElementById("session-panel");
const id = panel.dataset.session;
let timer = null;

async function refresh() {
  const response = await fetch(`/sessions/${id}/panel`, { credentials: "same-origin" });
  if (response.ok) {
    const html = await response.text();
    // The fragment comes from this workspace and escapes every scenario text.
    const template = document.createElement("template");
    template.innerHTML = html;
    panel.replaceChildren(template.content);
  }
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/api/v1/sessions/${id}/live?after=999999999`);
  socket.addEventListener("message", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 50);
  });
  socket.addEventListener("close", () => setTimeout(connect, 1000));
}

if (panel.dataset.live === "yes") connect();
