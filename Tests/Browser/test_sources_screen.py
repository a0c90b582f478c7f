"""The admin sources screen: sign in, add a webhook source (its secret URL shown once), deliver to it, see the
counters, stop and start it, remove it; credentials are never shown back."""
import json
import urllib.request

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from selenium.common.exceptions import StaleElementReferenceException

from conftest import wait_for


def fresh(browser, action):
    """Runs `action` on freshly found elements; the table is re-rendered every 2 s, so retry a stale one."""
    def attempt():
        try:
            return action() or True
        except StaleElementReferenceException:
            return False
    return wait_for(attempt, message="a fresh element")


def eventually(predicate, message):
    """Waits until `predicate` holds on freshly found elements (a stale one counts as not yet)."""
    def attempt():
        try:
            return predicate()
        except StaleElementReferenceException:
            return False
    return wait_for(attempt, message=message)


def row_state(browser):
    try:
        return browser.find_element(By.CSS_SELECTOR, "tbody tr").get_attribute("data-state")
    except StaleElementReferenceException:
        return None


def test_admin_manages_sources(server, browser):
    server.live_session("sumber", "Sumber <Komentar>")
    server.add_user("sitiadmin", "admin", "kata-sandi-admin-1")
    browser.get(server.url + "/admin/sources/sumber?lang=en")
    wait_for(lambda: browser.find_element(By.ID, "login").is_displayed(), message="the sign-in form")
    browser.find_element(By.ID, "username").send_keys("sitiadmin")
    browser.find_element(By.ID, "password").send_keys("kata-sandi-admin-1")
    browser.find_element(By.CSS_SELECTOR, "#login button").click()
    wait_for(lambda: browser.find_element(By.ID, "sources").is_displayed(), message="the sources list")

    Select(browser.find_element(By.ID, "kind")).select_by_value("whatsapp")
    browser.find_element(By.ID, "name").send_keys("WA <kantor>")
    browser.find_element(By.ID, "settings").send_keys("appSecret=rahasia-sekali\nverifyToken=token-verif")
    browser.find_element(By.CSS_SELECTOR, "#add button").click()
    hook = wait_for(lambda: browser.find_element(By.ID, "hook").text, message="the hook address")
    path = hook[hook.index("/hooks/whatsapp/"):].strip()
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "tbody tr"), message="the new row")
    eventually(lambda: "WA <kantor>" in browser.find_element(By.CSS_SELECTOR, "tbody tr").text, "the name as text")
    assert row_state(browser) == "idle"
    assert "rahasia-sekali" not in browser.page_source and "token-verif" not in browser.page_source

    fresh(browser, lambda: browser.find_element(By.CSS_SELECTOR, "tbody tr button[data-action=start]").click())
    wait_for(lambda: row_state(browser) == "running", message="running")
    with urllib.request.urlopen(server.url + path + "?hub.mode=subscribe&hub.challenge=42&hub.verify_token=token-verif",
                                timeout=10) as response:
        assert response.read() == b"42"

    # Configure: rename and change the verify token; the app secret is kept (never shown back).
    fresh(browser, lambda: browser.find_element(By.CSS_SELECTOR, "tbody tr button[data-action=configure]").click())
    assert browser.find_element(By.ID, "configure-settings").get_attribute("value") == ""
    name = browser.find_element(By.ID, "configure-name")
    name.clear()
    name.send_keys("WA pusat")
    browser.find_element(By.ID, "configure-settings").send_keys("verifyToken=token-baru")
    browser.find_element(By.CSS_SELECTOR, "#configure button").click()
    eventually(lambda: "WA pusat" in browser.find_element(By.CSS_SELECTOR, "tbody tr").text, "the new name")
    with urllib.request.urlopen(server.url + path + "?hub.mode=subscribe&hub.challenge=43&hub.verify_token=token-baru",
                                timeout=10) as response:
        assert response.read() == b"43"

    fresh(browser, lambda: browser.find_element(By.CSS_SELECTOR, "tbody tr button[data-action=stop]").click())
    wait_for(lambda: row_state(browser) == "stopped", message="stopped")
    fresh(browser, lambda: browser.find_element(By.CSS_SELECTOR, "tbody tr button[data-action=remove]").click())
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "tbody tr") == [], message="removed")
    status, listing = server.api("GET", "/api/v1/sessions/sumber/sources")
    assert status == 200 and listing["sources"] == []
    # The one expected failure is the 401 that reveals the sign-in form.
    errors = [entry for entry in browser.get_log("browser")
              if entry["level"] == "SEVERE" and "401 (Unauthorized)" not in entry["message"]]
    assert errors == [], errors
