"""The negotiation steps of the workspace check (scripts/check_workspace.py): two people hold two
seats of the founding case in two browser windows, with agents in the other two seats; each makes
offers with the builder and sees the other's arrive without reloading; one window is closed and
reopened mid-way and catches up; the analyst's view shows every party's utilities. Then a person
takes a seat at a moderated table: opens with a deal, speaks with and without deals among agents,
and makes the final proposal, scored against the agreement rule."""
import re
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

FOUNDING_ID = "ukraine-2024-11"
WAIT = 30


# The check's own `expect` (its failure type), given by `steps`.
expect = None


class Negotiation:
    """The steps, sharing the check's browser; each window is a seat's page or the analyst's."""

    def __init__(self, check):
        self.check = check
        self.driver = check.driver
        self.windows = {}

    def wait(self, condition, message, timeout=WAIT):
        try:
            return WebDriverWait(self.driver, timeout).until(lambda d: condition())
        except Exception:
            expect(False, message)

    def setup(self):
        check = self.check
        check.open(f"/s/{FOUNDING_ID}/v/1/overview")
        self.driver.find_element(By.CSS_SELECTOR, "a.negotiate").click()
        check.check_status()
        seats = {"RU": "person", "UA": "person", "US": "conceder", "EU": "boulware"}
        for party, choice in seats.items():
            Select(self.driver.find_element(By.ID, f"seat-{party}")).select_by_value(choice)
        rounds = self.driver.find_element(By.ID, "rounds")
        rounds.clear()
        rounds.send_keys("8")
        pace = self.driver.find_element(By.ID, "pace")
        pace.clear()
        pace.send_keys("0")
        self.driver.find_element(By.CSS_SELECTOR, "form.panel button[type=submit]").click()
        self.wait(lambda: re.match(r"^/sessions/[0-9a-f]+$", check.path()), "the form did not lead to the session's page")
        check.check_status()
        self.session = check.path().split("/")[2]
        # Read in one script: the live page replaces its panel as the session moves.
        links = self.driver.execute_script(
            "return Object.fromEntries([...document.querySelectorAll('a.seat-link')].map(a => [a.dataset.party, a.href]))")
        expect(set(links) == {"RU", "UA"}, f"the analyst's page lists seat links for {sorted(links)}, not RU and UA")
        expect(all("#" in link for link in links.values()), "a seat link carries no secret after #")
        self.links = links
        self.windows["analyst"] = self.driver.current_window_handle
        return f"session {self.session}, seat links for RU and UA"

    def open_seat(self, party):
        self.driver.switch_to.new_window("window")
        self.windows[party] = self.driver.current_window_handle
        self.driver.get(self.links[party])
        self.wait(lambda: self.driver.find_element(By.ID, "banner").text.strip() not in ("", "Connecting…"),
                  f"{party}'s seat page did not load its view")
        # The page's confirmations (an offer below the reservation value) are answered yes.
        self.driver.execute_script("window.confirm = () => true; window.__loaded = Date.now();")

    def seat(self, party):
        self.driver.switch_to.window(self.windows[party])

    def banner(self):
        return self.driver.find_element(By.ID, "banner").text

    def events(self):
        return len(self.driver.find_elements(By.CSS_SELECTOR, "#events li"))

    def offer(self, party, issue):
        """Changes one issue in the builder (to another option), checks the utility follows, and sends the offer."""
        self.seat(party)
        self.wait(lambda: "Your turn" in self.banner(), f"{party}'s page never said it was its turn: {self.banner()!r}")
        before = self.driver.find_element(By.ID, "draft-utility").text
        select = Select(self.driver.find_element(By.ID, f"issue-{issue}"))
        current = select.first_selected_option.get_attribute("value")
        other = next(o.get_attribute("value") for o in select.options if o.get_attribute("value") != current)
        select.select_by_value(other)
        self.wait(lambda: self.driver.find_element(By.ID, "draft-utility").text != before,
                  f"{party}'s draft utility did not change when {issue} changed")
        sent = self.events()
        self.driver.find_element(By.ID, "counter").click()
        self.wait(lambda: self.events() > sent, f"{party}'s offer did not appear in its own history")

    def two_people(self):
        self.open_seat("RU")
        self.open_seat("UA")
        title = self.driver.find_element(By.ID, "title").text
        expect(title.endswith("you are Ukraine"), f"UA's page is titled {title!r}, not with its party")
        # RU opens (party order); UA's page shows the offer arriving without a reload.
        self.offer("RU", "nato")
        self.seat("UA")
        loaded = self.driver.execute_script("return window.__loaded")
        self.wait(lambda: "Offered by" in self.driver.find_element(By.ID, "offer").text,
                  "RU's offer never reached UA's page")
        expect(self.driver.execute_script("return window.__loaded") == loaded, "UA's page reloaded to show the offer")
        self.wait(lambda: "Your turn" in self.banner(), "UA's page does not say it is UA's turn")
        problems = self.check.screenshot("negotiation-turn")
        expect(not problems, "; ".join(problems))
        # UA's own preferences are there; RU's are not.
        you = self.driver.find_element(By.ID, "you").text
        expect("Reservation value" in you, "UA's page does not show its own preferences")
        self.offer("UA", "guarantees")
        self.seat("RU")
        self.wait(lambda: "Your turn" in self.banner(), "UA's offer (and the agents' answers) never reached RU's page")
        return f"RU and UA made offers; each arrived at the other's page live"

    def reopen(self):
        self.seat("UA")
        self.driver.close()
        self.offer("RU", "troops")
        self.open_seat("UA")
        self.wait(lambda: self.events() >= 4, "the reopened UA page did not catch up with the history")
        return f"the reopened page shows {self.events()} events"

    def play_to_the_end(self):
        for _ in range(24):
            over = False
            for party in ("RU", "UA"):
                self.seat(party)
                text = self.banner()
                if "Agreement" in text or "deadline" in text or "walked away" in text:
                    over = True
                    continue
                if "Your turn" in text:
                    accept = self.driver.find_element(By.ID, "accept")
                    if accept.is_enabled():
                        sent = self.events()
                        accept.click()
                        self.wait(lambda: self.events() > sent or "Your turn" not in self.banner(), f"{party}'s acceptance did not register")
            if over:
                break
            time.sleep(0.2)
        self.seat("UA")
        final = self.banner()
        expect(any(word in final for word in ("Agreement", "deadline", "walked away")), f"the session did not end: {final!r}")
        self.check.state["seat_page"] = self.windows["UA"]
        problems = self.check.screenshot("negotiation-seat")
        expect(not problems, "; ".join(problems))
        return final

    def analyst(self):
        self.driver.switch_to.window(self.windows["analyst"])
        self.check.open(f"/sessions/{self.session}")
        counts = self.driver.execute_script("""
            const numbers = [...document.querySelectorAll('#session-panel tbody td.number')].map(c => c.textContent.trim());
            return {numbers, dots: document.querySelectorAll("svg[aria-labelledby='offers-space-title'] circle, svg[aria-labelledby='offers-space-title'] path").length,
                    events: document.querySelectorAll('ol.events li').length};""")
        numbers = [n for n in counts["numbers"] if re.match(r"^-?[0-9.]+$", n)]
        expect(len(numbers) == 8, f"the analyst's table has {len(numbers)} numbers, not each party's utility and reservation: {counts['numbers']}")
        dots, events = counts["dots"], counts["events"]
        expect(dots > 0, "the offers chart has no points")
        expect(events >= 5, f"the analyst's page lists {events} events")
        problems = self.check.screenshot("negotiation-analyst")
        expect(not problems, "; ".join(problems))
        status, media, name, body = self.check.fetch(f"/api/v1/sessions/{self.session}/export")
        lines = body.decode().splitlines()
        expect(status == 200 and len(lines) >= events, f"the export answered {status} with {len(lines)} lines")
        return f"{dots} marks in the offers chart, {events} events, export of {len(lines)} lines"

    def moderated(self):
        """A moderated table: Ukraine (a person) proposes; the other seats are strategies."""
        check = self.check
        self.driver.switch_to.window(self.windows["analyst"])
        check.open(f"/s/{FOUNDING_ID}/v/1/negotiate")
        Select(self.driver.find_element(By.ID, "protocol")).select_by_value("moderated")
        for party, choice in {"RU": "hardliner", "UA": "person", "US": "conceder", "EU": "boulware"}.items():
            Select(self.driver.find_element(By.ID, f"seat-{party}")).select_by_value(choice)
        for field, value in (("turns", "6"), ("pace", "0")):
            box = self.driver.find_element(By.ID, field)
            box.clear()
            box.send_keys(value)
        Select(self.driver.find_element(By.ID, "proposer")).select_by_value("UA")
        self.driver.find_element(By.CSS_SELECTOR, "form.panel button[type=submit]").click()
        self.wait(lambda: re.match(r"^/sessions/[0-9a-f]+$", check.path()), "the moderated form did not lead to the session's page")
        check.check_status()
        session = check.path().split("/")[2]
        self.links = self.driver.execute_script(
            "return Object.fromEntries([...document.querySelectorAll('a.seat-link')].map(a => [a.dataset.party, a.href]))")
        expect(set(self.links) == {"UA"}, f"the moderated session lists seat links for {sorted(self.links)}, not UA")
        self.open_seat("UA")
        self.wait(lambda: "open with a deal" in self.banner(), f"UA's page does not ask for the opening deal: {self.banner()!r}")
        expect(self.driver.find_element(By.ID, "accept").is_displayed() is False, "a moderated seat shows an accept button")
        expect(not self.driver.find_element(By.ID, "pass").is_enabled(), "the opening can be passed")
        spoke = 0
        for turn in range(20):
            text = self.banner()
            if "final proposal passes" in text or "does not pass" in text:
                break
            if "Your turn" not in text:
                time.sleep(0.2)
                continue
            sent = self.events()
            self.driver.find_element(By.ID, "message").send_keys(f"Ukraine, turn {turn}.")
            passing = self.driver.find_element(By.ID, "pass")
            if passing.is_enabled() and turn % 2 == 1:
                passing.click()
                spoke += 1
            else:
                self.driver.find_element(By.ID, "counter").click()
            self.wait(lambda: self.events() > sent, f"UA's move {turn} did not appear in its history")
        final = self.banner()
        expect("final proposal" in final and "Your payoff" in final, f"the moderated session did not end with the final proposal: {final!r}")
        history = self.driver.find_element(By.ID, "events").text
        expect(spoke > 0 and "spoke" in history, "UA's words without a deal are not in the history")
        expect("made the final proposal" in history, "the final proposal is not in the history")
        problems = check.screenshot("negotiation-moderated")
        expect(not problems, "; ".join(problems))
        self.driver.switch_to.window(self.windows["analyst"])
        check.open(f"/sessions/{session}")
        panel = self.driver.find_element(By.ID, "session-panel").text
        expect("The final proposal" in panel, "the analyst's page does not state the final result")
        return f"{final} ({spoke} turns spoken without a deal)"


def steps(check, check_expect):
    global expect
    expect = check_expect
    negotiation = Negotiation(check)
    return [
        ("set up a negotiation: two people and two agents", negotiation.setup),
        ("two people make offers in two windows and see each other's live", negotiation.two_people),
        ("a closed seat window reopens and catches up", negotiation.reopen),
        ("the people play to the end", negotiation.play_to_the_end),
        ("the analyst's view shows the utilities, the charts and the export", negotiation.analyst),
        ("a person at a moderated table: opening, turns, final proposal", negotiation.moderated),
    ]
