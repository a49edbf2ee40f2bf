"""The browser side of the workspace check (scripts/check_workspace.py): starting headless
Chromium, reading its console, opening pages, downloading with the page's cookie, screenshots at
desktop and phone widths, and running each step with its verdict."""
import base64
import re
import sys
import time
import traceback
from urllib.parse import urlsplit
from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 30          # seconds an element, a page or an update may take to appear


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


class BrowserCheck:
    """The browser and the step runner of the workspace check; the steps are Check's."""
    def __init__(self, args):
        self.args = args
        self.passed = 0
        self.failed = 0
        parts = urlsplit(args.url)
        self.base = f"{parts.scheme}://{parts.netloc}"
        self.driver = None
        self.state = {}
        self.notes = set()
        self.pending = []  # console errors read early in a step, reported at its end

    # --- the browser -------------------------------------------------------------------------

    def start_browser(self):
        options = webdriver.ChromeOptions()
        options.binary_location = self.args.browser
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--hide-scrollbars", "--window-size=1280,900", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-default-apps", "--disable-sync", "--lang=en-GB"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(executable_path=self.args.driver, log_output=f"{self.args.out}/chromedriver.log")
        self.driver = webdriver.Chrome(service=service, options=options)
        self.driver.set_page_load_timeout(60)
        self.driver.set_script_timeout(60)
        self.wait = WebDriverWait(self.driver, WAIT)

    def console_errors(self):
        """The console's errors since the last call (the log is emptied as it is read)."""
        try:
            entries = self.driver.get_log("browser")
        except WebDriverException:
            return []
        errors = []
        for entry in entries:
            if entry.get("level") != "SEVERE":
                continue
            errors.append(entry["message"])
        return errors

    def expected_console(self, pattern):
        """Reads the console now, letting pass the errors that match `pattern` (a status the step expects)."""
        self.pending += [error for error in self.console_errors() if not re.search(pattern, error)]

    def open(self, path, expect_status=200):
        """Opens a page of the workspace and checks it came back with the expected status."""
        self.driver.get(path if path.startswith("http") else self.base + path)
        self.check_status(expect_status)

    def check_status(self, expect_status=200):
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        status = self.driver.execute_script(
            "const n = performance.getEntriesByType('navigation')[0]; return n ? n.responseStatus : null")
        url = self.driver.current_url
        expect(status in (None, 0, expect_status), f"{url} answered with status {status} (expected {expect_status})")
        title = self.driver.title
        expect("Not found" not in title, f"{url} is the 'Not found' page")

    def path(self):
        return urlsplit(self.driver.current_url).path

    def text(self, css):
        return self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, css))).text

    def fetch(self, url):
        """Downloads `url` with the page's session (its cookie), as the browser does; returns
        (status, media type, the file name the download is saved under, bytes)."""
        result = self.driver.execute_async_script(
            """
            const [url, done] = arguments;
            fetch(url, {credentials: 'same-origin'}).then(async (response) => {
              const bytes = new Uint8Array(await response.arrayBuffer());
              let binary = '';
              for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
              done({status: response.status, type: response.headers.get('content-type'),
                    disposition: response.headers.get('content-disposition'), body: btoa(binary)});
            }).catch((error) => done({error: String(error)}));
            """, url)
        expect("error" not in result, f"fetching {url} failed in the browser: {result.get('error')}")
        name = re.search(r'filename="?([^";]+)', result["disposition"] or "")
        return result["status"], result["type"] or "", name.group(1) if name else "", base64.b64decode(result["body"])

    def screenshot(self, name):
        """Whole-page screenshots at desktop and phone widths (the phone as a mobile viewport); returns
        the widths at which the page scrolls sideways."""
        driver = self.driver
        problems = []
        for width, mobile in ((1280, False), (390, True)):
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile})
            size = driver.execute_script("""
                const root = document.documentElement;
                return {height: Math.max(root.scrollHeight, document.body.scrollHeight),
                        overflow: root.scrollWidth - root.clientWidth};""")
            height = min(int(size["height"]), 8000)
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
            file = f"{self.args.out}/{name}-{width}.png"
            with open(file, "wb") as png:
                png.write(base64.b64decode(shot["data"]))
            if size["overflow"] > 2:
                problems.append(f"{name} at {width} px scrolls sideways by {size['overflow']} px")
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        return problems

    # --- running steps -----------------------------------------------------------------------

    def step(self, name, function):
        self.console_errors()  # what an earlier step left behind is not this step's fault
        self.pending = []
        started = time.monotonic()
        try:
            detail = function()
            errors = self.pending + self.console_errors()
            expect(not errors, "the browser's console logged an error: " + " | ".join(errors))
        except CheckFailed as failure:
            self.fail(name, str(failure))
        except TimeoutException as timeout:
            self.fail(name, f"timed out waiting at {self.current_url()}: {timeout.msg or 'an element or an update did not appear'}")
        except Exception as error:  # a missing element, a broken session: the step failed, the check goes on
            self.fail(name, f"{type(error).__name__} at {self.current_url()}: {str(error).splitlines()[0] if str(error) else ''}")
            traceback.print_exc(file=sys.stderr)
        else:
            self.passed += 1
            print(f"ok: {name}" + (f": {detail}" if detail else "") + f" ({time.monotonic() - started:.1f} s)", flush=True)

    def fail(self, name, message):
        self.failed += 1
        print(f"FAILED: {name}: {message}", flush=True)
        try:
            safe = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
            self.driver.save_screenshot(f"{self.args.out}/failed-{safe}.png")
        except Exception:
            pass

    def current_url(self):
        try:
            return self.driver.current_url
        except Exception:
            return "(no page)"

    def need(self, key):
        expect(key in self.state, f"an earlier step failed, so there is no {key.replace('_', ' ')}")
        return self.state[key]
