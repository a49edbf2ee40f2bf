"""Drives the Parley workspace in headless Chromium as a person would; called by scripts/check-workspace.

Each step prints `ok: ...` or `FAILED: ...`; the last line is `workspace check: N passed, M failed`,
and the exit status is 1 when any step failed. Every step also fails when the browser's console
logged an error (a script error, a resource that failed to load, a content-security-policy
violation) or when a page came back with an error status.
"""
import argparse
import io
import re
import signal
import sys
import time
import zipfile
from urllib.parse import urlsplit

import check_negotiation
from browser_check import WAIT, BrowserCheck, CheckFailed, expect
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

JOB_WAIT = 120     # seconds a long analysis (a job with a progress bar) may take
FOUNDING_ID = "ukraine-2024-11"




class Check(BrowserCheck):
    # --- the steps ---------------------------------------------------------------------------

    def library(self):
        # Without the token the workspace shows only how to get in.
        self.open("/", expect_status=401)
        expect("access token" in self.text("main"), "the page without the token does not say it needs the access token")
        expect(not self.driver.find_elements(By.CSS_SELECTOR, "table.library"), "the library shows without the token")
        self.expected_console(r"status of 401")  # the browser reports the 401 itself
        # The printed address carries the token: the server sets the cookie and reloads without it.
        self.open(self.args.url)
        self.wait.until(lambda d: urlsplit(d.current_url).path == "/" and "token=" not in d.current_url)
        link = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f'table.library a[href="/s/{FOUNDING_ID}"]')))
        expect(link.text.strip(), "the founding case's row has no title")
        cookies = [c for c in self.driver.get_cookies() if c["name"] == "parley_token"]
        expect(cookies and cookies[0].get("httpOnly"), "the session cookie is missing or not HttpOnly")
        self.state["title"] = link.text.strip()
        problems = self.screenshot("library")
        expect(not problems, "; ".join(problems))
        return f"the founding case '{link.text.strip()}' is listed; the token became an HttpOnly cookie"

    def import_file(self):
        self.open("/")
        before = {a.get_attribute("href") for a in self.driver.find_elements(By.CSS_SELECTOR, "table.library tbody a")}
        field = self.driver.find_element(By.ID, "import-files")
        field.send_keys(self.args.example)
        field.find_element(By.XPATH, "./ancestor::form").find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        self.wait.until(lambda d: re.fullmatch(r"/s/[^/]+", urlsplit(d.current_url).path))
        self.check_status()
        scenario = self.path().split("/")[2]
        expect(f"{self.base}/s/{scenario}" not in before, f"the import landed on an existing scenario ({scenario})")
        heading = self.text("main h1")
        expect(heading == self.state.get("title", heading), f"the new scenario's heading is '{heading}'")
        rows = self.driver.find_elements(By.CSS_SELECTOR, f'main table a[href="/s/{scenario}/v/1"]')
        expect(rows, "the new scenario's history has no version 1")
        expect(not self.driver.find_elements(By.CSS_SELECTOR, f'a[href="/s/{scenario}/v/2"]'), "a new scenario already has a version 2")
        self.state["id"] = scenario
        return f"imported {self.args.example.rsplit('/', 1)[-1]} as '{scenario}', with version 1"

    def proposal_table(self):
        """The proposals page's verdict table: party names and, per proposal, each party's (verdict, margin)."""
        table = self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "section#proposals table")))
        rows = table.find_elements(By.TAG_NAME, "tr")
        parties = [th.text.strip() for th in rows[0].find_elements(By.TAG_NAME, "th")][1:]
        proposals = []
        for row in rows[1:]:
            cells = row.find_elements(By.TAG_NAME, "td")
            verdicts = []
            for cell in cells[1:]:
                match = re.match(r"(accepts|rejects) \(([+-]\d+\.\d+)\)", cell.text.strip())
                expect(match, f"a verdict cell reads '{cell.text.strip()[:60]}'")
                expect(match.group(1) in cell.get_attribute("class"), f"a cell reads '{match.group(1)}' but is styled '{cell.get_attribute('class')}'")
                verdicts.append((match.group(1), float(match.group(2))))
            proposals.append((cells[0].text.strip(), verdicts))
        expect(parties and proposals, "the verdict table is empty")
        expect(all(len(v) == len(parties) for _, v in proposals), "a proposal's row has a verdict missing")
        return parties, proposals

    def proposals_v1(self):
        scenario = self.need("id")
        self.open(f"/s/{scenario}/v/1/proposals")
        parties, proposals = self.proposal_table()
        expect("Russia" in parties, f"Russia is not among the parties {parties}")
        self.state["v1"] = (parties, proposals)
        name, verdicts = proposals[0]
        first = ", ".join(f"{party} {verdict} ({margin:+.2f})" for party, (verdict, margin) in zip(parties, verdicts))
        problems = self.screenshot("proposals")
        expect(not problems, "; ".join(problems))
        return f"{len(proposals)} proposals; the first, '{name[:50]}': {first}"

    def edit_reservation(self):
        scenario = self.need("id")
        self.open(f"/s/{scenario}/edit")
        field = self.wait.until(EC.presence_of_element_located((By.NAME, "RU.reservation")))
        old = field.get_attribute("value")
        numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", old)]
        expect(numbers, f"Russia's reservation value reads '{old}'")
        self.state["old_reservation"] = (old, sum(numbers) / len(numbers))  # a range counts as its middle
        field.clear()
        field.send_keys("0.3")
        self.driver.find_element(By.ID, "message").send_keys("Russia settles for less (check-workspace)")
        self.driver.find_element(By.XPATH, "//form[@id='form-editor']//button[normalize-space()='Save as a new version']").click()
        self.wait.until(lambda d: urlsplit(d.current_url).path == f"/s/{scenario}")
        self.check_status()
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f'main table a[href="/s/{scenario}/v/2"]')))
        history = self.driver.find_element(By.CSS_SELECTOR, "main table tbody").text
        expect("Russia settles for less" in history, "the history does not show the version's message")
        return f"RU.reservation {old} → 0.3 saved; the history lists version 2 with its message"

    def proposals_v2(self):
        scenario = self.need("id")
        parties1, proposals1 = self.need("v1")
        old_text, old_value = self.need("old_reservation")
        self.open(f"/s/{scenario}/v/2/proposals")
        parties2, proposals2 = self.proposal_table()
        expect(parties1 == parties2, f"the parties changed: {parties1} → {parties2}")
        expect([p for p, _ in proposals1] == [p for p, _ in proposals2], "the proposals changed")
        expect(proposals1 != proposals2, "the verdict table is the same as version 1's")
        russia = parties2.index("Russia")
        shift = old_value - 0.3
        shifts = []
        for (name, before), (_, after) in zip(proposals1, proposals2):
            moved = after[russia][1] - before[russia][1]
            shifts.append(moved)
            # Each margin is rounded to 0.01 on the page, so the difference may be off by one more.
            expect(abs(moved - shift) <= 0.0151, f"Russia's margin on '{name[:40]}' moved by {moved:+.2f}, not {shift:+.2f}")
            for index, party in enumerate(parties2):
                if index != russia:
                    expect(before[index] == after[index], f"{party}'s verdict on '{name[:40]}' changed: {before[index]} → {after[index]}")
        prose = self.driver.find_element(By.CSS_SELECTOR, "section#proposals").text
        expect("against reservation value 0.30" in prose, "no explanation mentions Russia's new reservation value 0.30")
        accepts1 = sum(v == "accepts" for _, row in proposals1 for v, _ in row)
        accepts2 = sum(v == "accepts" for _, row in proposals2 for v, _ in row)
        flips = [name[:40] for (name, b), (_, a) in zip(proposals1, proposals2) if b[russia][0] != a[russia][0]]
        return (f"Russia's margins moved by {', '.join(f'{s:+.2f}' for s in shifts)} (reservation {old_text} → 0.3), "
                f"the other parties' verdicts are unchanged; 'accepts' cells {accepts1} → {accepts2}"
                + (f"; Russia now decides differently on {flips}" if flips else " (Russia's red lines still decide its verdicts)"))

    def compare(self):
        scenario = self.need("id")
        self.open(f"/s/{scenario}")
        Select(self.driver.find_element(By.ID, "diff-from")).select_by_value("1")
        Select(self.driver.find_element(By.ID, "diff-to")).select_by_value("2")
        self.driver.find_element(By.XPATH, "//form[contains(@class,'compare')]//button[@type='submit']").click()
        self.wait.until(lambda d: urlsplit(d.current_url).path == f"/s/{scenario}/diff")
        self.check_status()
        query = urlsplit(self.driver.current_url).query
        expect("from=1" in query and "to=2" in query, f"the compare form sent '{query}'")
        diff = self.text("pre.diff")
        old_text, _ = self.need("old_reservation")
        line = next((l.strip() for l in diff.splitlines() if "reservation" in l and "Russia" in l), None)
        expect(line, "the diff does not mention Russia's reservation value:\n" + diff[:400])
        expect(old_text in line and re.search(r"→\s*0\.3\b", line), f"the diff's line reads '{line}'")
        return f"the diff says '{line.lstrip('- ')}'"

    def charts(self):
        scenario = self.need("id")
        self.open(f"/s/{scenario}/v/2/space")
        self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "main svg.chart")))
        charts = self.chart_marks()
        expect(charts, "the agreement-space page has no chart")
        for number, chart in enumerate(charts, 1):
            expect(chart["data"] >= 3, f"chart {number} ({chart['label'][:50]}) is empty: {chart['data']} marks")
            expect(chart["width"] > 50 and chart["height"] > 50, f"chart {number} is drawn {chart['width']:.0f}×{chart['height']:.0f} px")
        return f"{len(charts)} chart(s), with {', '.join(str(c['data']) for c in charts)} marks"

    def chart_marks(self):
        """Each chart of the page: its data marks (not axes or legend), its drawn size and its title."""
        return self.driver.execute_script("""
            return [...document.querySelectorAll('main svg.chart')].map((svg) => {
              const box = svg.getBoundingClientRect();
              return {marks: svg.querySelectorAll('circle, path, rect, line, polyline, polygon').length,
                      data: [...svg.querySelectorAll('circle, path, rect, polyline, polygon')]
                              .filter((mark) => !mark.closest('.axis, .legend, .zone')).length,
                      width: box.width, height: box.height,
                      label: svg.getAttribute('aria-label') || (svg.querySelector('title') || {}).textContent || ''};
            });""")

    def other_pages(self):
        scenario = self.need("id")
        seen = []
        for page in ("overview", "bridges", "stability", "forecasts", "simulation"):
            self.open(f"/s/{scenario}/v/2/{page}")
            current = self.driver.find_element(By.CSS_SELECTOR, "nav.analyses a[aria-current=page]")
            expect(current.get_attribute("href").endswith(f"/v/2/{page}"), f"the {page} page marks another page as current")
            expect(len(self.text("main")) > 300, f"the {page} page is nearly empty")
            expect(not self.driver.find_elements(By.CSS_SELECTOR, "main ul.diagnostics li.error"), f"the {page} page shows an error")
            charts = self.chart_marks()
            for number, chart in enumerate(charts, 1):
                expect(chart["data"] >= 2, f"chart {number} of the {page} page ({chart['label'][:50]}) is empty")
            seen.append(f"{page} ({len(charts)} charts)")
        return ", ".join(seen)

    def whatif(self):
        scenario = self.need("id")
        self.open(f"/s/{scenario}/v/1/whatif")
        driver = self.driver
        done = lambda: driver.execute_script("return document.body.dataset.whatifDone || ''")
        self.wait.until(lambda d: done() != "")
        zone = self.text("#zone-size")
        expect(re.fullmatch(r"\d+", zone), f"the zone reads '{zone}'")
        expect(self.text("#zone-base") == zone, "before any change the zone differs from the version's")
        rows = driver.find_elements(By.CSS_SELECTOR, "#verdicts tbody tr")
        expect(len(rows) == len(self.need("v1")[1]), f"the what-if table has {len(rows)} rows")
        slider = driver.find_element(By.CSS_SELECTOR, "input[type=range][data-party='RU']")
        expect(slider.get_attribute("id") == "rv-RU", "Russia's slider has another id")
        previous = done()
        driver.execute_script("""
            const input = arguments[0];
            input.value = '0.3';
            input.dispatchEvent(new Event('input', {bubbles: true}));""", slider)
        self.wait.until(lambda d: done() != previous and d.find_element(By.ID, "zone-size").text != zone)
        moved = self.text("#zone-size")
        expect(re.fullmatch(r"\d+", moved), f"the zone reads '{moved}' after the move")
        expect(driver.find_element(By.CSS_SELECTOR, "output[for='rv-RU']").text == "0.30", "the slider's value is not shown as 0.30")
        expect(self.text("#zone-base") == zone, "the version's own zone changed with the slider")
        # The keyboard moves it too: one step left.
        previous = done()
        slider.send_keys(Keys.ARROW_LEFT)
        self.wait.until(lambda d: done() != previous)
        expect(driver.find_element(By.CSS_SELECTOR, "output[for='rv-RU']").text == "0.29", "the left arrow did not move the slider to 0.29")
        problems = self.screenshot("whatif")
        # Back to the version's values.
        previous = done()
        driver.find_element(By.ID, "whatif-reset").click()
        self.wait.until(lambda d: done() != previous and d.find_element(By.ID, "zone-size").text == zone)
        expect(not problems, "; ".join(problems))
        return f"zone {zone} → {moved} packages with Russia at 0.30 (keyboard and reset work too)"

    def downloads(self):
        scenario = self.need("id")
        self.open(f"/s/{scenario}/v/2/overview")
        genius = self.driver.find_element(By.CSS_SELECTOR, "#export a[href$='format=genius']").get_attribute("href")
        report = self.driver.find_element(By.CSS_SELECTOR, "#export a[href$='format=html']").get_attribute("href")
        status, kind, file, body = self.fetch(genius)
        expect(status == 200, f"{genius} answered {status}: {body[:200]!r}")
        expect(kind.startswith("application/zip") and file.endswith(".zip"), f"the GENIUS export comes as '{kind}', named '{file}'")
        try:
            archive = zipfile.ZipFile(io.BytesIO(body))
        except zipfile.BadZipFile:
            raise CheckFailed(f"the GENIUS export is not a zip ({kind}, {len(body)} bytes)")
        expect(archive.testzip() is None, "the GENIUS zip is damaged")
        zipname = file
        xml = [name for name in archive.namelist() if name.endswith(".xml")]
        expect(len(xml) >= 2, f"the GENIUS zip has {archive.namelist()}")
        for name in xml:
            expect(archive.read(name).lstrip().startswith(b"<"), f"{name} in the GENIUS zip is not XML")
        status, kind, file, body = self.fetch(report)
        expect(status == 200, f"{report} answered {status}")
        expect(kind.startswith("text/html") and file.endswith(".html"), f"the HTML report comes as '{kind}', named '{file}'")
        html = body.decode("utf-8", "replace")
        expect("<svg" in html, "the HTML report has no chart")
        expect(re.search(r'<svg[^>]*class="chart"', html), "the HTML report's charts are missing their class")
        return (f"{zipname}: {len(xml)} XML files ({', '.join(x.rsplit('/', 1)[-1] for x in xml)}); "
                f"{file}: {len(body) // 1024} KB, {html.count('<svg')} charts")

    def yaml_editor(self):
        scenario = self.need("id")
        self.open(f"/s/{scenario}/yaml")
        area = self.wait.until(EC.element_to_be_clickable((By.ID, "yaml")))
        expect("parties" in area.get_attribute("value"), "the YAML editor is empty")
        expect(not self.driver.find_elements(By.CSS_SELECTOR, "#diagnostics li.error"), "the stored version shows errors")
        area.click()
        area.send_keys(Keys.CONTROL, Keys.HOME)
        area.send_keys("title: [unclosed\n")
        item = self.wait.until(
            lambda d: next((li for li in d.find_elements(By.CSS_SELECTOR, "#diagnostics li.error") if "line" in li.text), None))
        text = item.text
        link = item.find_element(By.CSS_SELECTOR, "a.goto")
        line = link.get_attribute("data-line")
        link.click()
        self.wait.until(lambda d: d.find_element(By.ID, "cursor").text.startswith(f"line {line},"))
        # Saving it anyway is refused: the editor comes back with the text and the problems, and no version is made.
        self.driver.find_element(By.ID, "message").send_keys("a broken edit (check-workspace)")
        self.driver.find_element(By.XPATH, "//form[@id='yaml-editor']//button[@type='submit']").click()
        self.wait.until(EC.staleness_of(area))
        self.check_status(expect_status=422)
        self.expected_console(r"status of 422")  # the browser reports the 422 itself
        expect(self.driver.find_element(By.ID, "yaml").get_attribute("value").startswith("title: [unclosed"),
               "the refused text is not kept in the editor")
        expect(self.driver.find_elements(By.CSS_SELECTOR, "#diagnostics li.error a.goto"), "the refused save lists no problem at a line")
        self.open(f"/s/{scenario}")
        expect(not self.driver.find_elements(By.CSS_SELECTOR, f'a[href="/s/{scenario}/v/3"]'), "the broken text was saved as version 3")
        return (f"'{text.splitlines()[0][:90]}'; selecting it puts the cursor on line {line}; "
                "saving is refused (422) with the text kept")

    def robustness(self):
        scenario = self.need("id")
        self.open(f"/s/{scenario}/v/2/robustness")
        runs = self.driver.find_element(By.ID, "p-runs")
        runs.clear()
        runs.send_keys("200")
        self.driver.find_element(By.ID, "p-seed").send_keys("1")
        runs.find_element(By.XPATH, "./ancestor::form//button[@type='submit']").click()
        self.wait.until(lambda d: "runs=200" in d.current_url)
        self.check_status()
        if self.driver.find_elements(By.ID, "job"):
            # progress.js polls the job and replaces the page with the result when it is done.
            state = """
                const status = document.getElementById('job-status');
                return document.readyState !== 'complete' ? 'loading' : !status ? 'done' : status.textContent;"""
            WebDriverWait(self.driver, JOB_WAIT, ignored_exceptions=(WebDriverException,)).until(
                lambda d: re.match(r"done$|failed|cancelled|the job is gone", d.execute_script(state)))
            final = self.driver.execute_script(state)
            expect(final == "done", f"the job ended with '{final}'")
            self.check_status()
        charts = self.driver.find_elements(By.CSS_SELECTOR, "main svg.chart")
        expect(charts, "the robustness page has no chart")
        marks = [len(c.find_elements(By.CSS_SELECTOR, "circle, path, rect, polyline, polygon")) for c in charts]
        expect(min(marks) >= 3, f"a robustness chart is empty ({marks} marks)")
        return f"the job finished and the page reloaded with {len(charts)} chart(s)"

    def run(self):
        try:
            self.start_browser()
        except WebDriverException as error:
            print(f"FAILED: start headless Chromium: {str(error).splitlines()[0]}")
            print("workspace check: 0 passed, 1 failed")
            return 1
        try:
            self.step("open the printed address and see the library", self.library)
            self.step("import the founding case through the import form", self.import_file)
            self.step("read version 1's verdicts", self.proposals_v1)
            self.step("change Russia's reservation value in the form editor", self.edit_reservation)
            self.step("version 2's verdicts reflect the change", self.proposals_v2)
            self.step("compare versions 1 and 2", self.compare)
            self.step("the agreement-space charts have data", self.charts)
            self.step("the other analysis pages open, with their charts drawn", self.other_pages)
            self.step("what-if: move Russia's slider", self.whatif)
            self.step("download the GENIUS export and the HTML report", self.downloads)
            self.step("the YAML editor reports a typed error at its line", self.yaml_editor)
            self.step("robustness runs as a job and shows its result", self.robustness)
            for name, function in check_negotiation.steps(self, expect):
                self.step(name, function)
        finally:
            self.driver.quit()
        for note in sorted(self.notes):
            print(f"note: {note}")
        if self.failed:
            try:
                with open(self.args.server_log, encoding="utf-8", errors="replace") as log:
                    lines = log.read().splitlines()[-40:]
                if lines:
                    print("the server's log (last lines):\n  " + "\n  ".join(lines))
            except OSError:
                pass
        print(f"workspace check: took {time.time() - self.args.started:.0f} s; screenshots in {self.args.out}/")
        print(f"workspace check: {self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", required=True, help="the address parley serve printed")
    parser.add_argument("--browser", required=True)
    parser.add_argument("--driver", required=True)
    parser.add_argument("--out", required=True, help="the folder for screenshots")
    parser.add_argument("--example", required=True, help="the absolute path of the file to import")
    parser.add_argument("--server-log", default="/dev/null", help="the server's standard error, shown when a step failed")
    parser.add_argument("--started", type=float, default=time.time(), help="when the check started (seconds since the epoch)")
    # Stopped from outside (a time limit): close the browser on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(124))
    sys.exit(Check(parser.parse_args()).run())


if __name__ == "__main__":
    main()
