// A long analysis runs on the server as a job: show its progress, offer to cancel it, and load
// the page with the result when it is done.
const box = document.getElementById("job");
const bar = document.getElementById("job-progress");
const status = document.getElementById("job-status");
const cancel = document.getElementById("job-cancel");
const csrf = document.querySelector('meta[name="parley-csrf"]').content;
const id = box.dataset.job;

async function poll() {
  const response = await fetch(`/api/v1/jobs/${id}`, { credentials: "same-origin" });
  if (!response.ok) { status.textContent = "the job is gone; reload the page to start it again"; return; }
  const job = await response.json();
  if (job.total > 0) { bar.value = Math.round((100 * job.done) / job.total); bar.textContent = `${bar.value}%`; }
  status.textContent = `${job.state}: ${job.done} of ${job.total || "?"}`;
  // Standings so far (a tournament), as text.
  const partial = document.getElementById("job-partial");
  if (partial && job.partial) { partial.hidden = false; partial.textContent = job.partial; }
  if (job.state === "done") { window.location.replace(box.dataset.result); return; }
  if (job.state === "failed") { status.textContent = `failed: ${job.error}`; return; }
  if (job.state === "cancelled") { status.textContent = "cancelled"; cancel.disabled = true; return; }
  setTimeout(poll, 300);
}

cancel.addEventListener("click", async () => {
  await fetch(`/api/v1/jobs/${id}`, { method: "DELETE", credentials: "same-origin", headers: { "X-Parley-CSRF": csrf } });
});
poll();
