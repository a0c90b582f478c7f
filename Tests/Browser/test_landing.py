"""The landing page in a real browser: sessions listed, counts live, public text shown as text."""
from selenium.webdriver.common.by import By

from conftest import wait_for


def count(browser, slug, name):
    return int(browser.find_element(By.CSS_SELECTOR, f"li[data-slug='{slug}'] [data-count='{name}']").text)


def test_counts_update_live_without_reload(server, browser):
    server.live_session("home-live", "Konsultasi BPJS")
    browser.get(server.url + "/?lang=en")
    assert "Konsultasi BPJS" in browser.find_element(By.CSS_SELECTOR, "li[data-slug='home-live'] h3").text
    assert count(browser, "home-live", "received") == 0
    browser.execute_script("window.__marker = 'same page'")

    results = server.ingest("home-live", [{"source": "api", "externalID": f"h{n}", "text": f"Pertanyaan {n}?"}
                                          for n in range(3)])
    wait_for(lambda: count(browser, "home-live", "received") == 3, message="received count 3")
    status, _ = server.api("POST", f"/api/v1/questions/{results[0]['id']}/commands",
                           {"command": "approve", "expectedVersion": 1}, role="moderator")
    assert status == 200
    wait_for(lambda: count(browser, "home-live", "approved") == 1, message="approved count 1")
    assert browser.execute_script("return window.__marker") == "same page", "no reload happened"


def test_public_text_is_shown_as_text_and_runs_nothing(server, browser):
    title = "<img src=x onerror=\"window.__pwned=1\"> & <b>tebal</b>"
    server.live_session("home-xss", title)
    browser.get(server.url + "/")
    heading = browser.find_element(By.CSS_SELECTOR, "li[data-slug='home-xss'] h3")
    assert heading.text == title
    assert heading.find_elements(By.TAG_NAME, "img") == []
    assert browser.execute_script("return window.__pwned") is None


def test_language_switch(server, browser):
    browser.get(server.url + "/?lang=id")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    browser.find_element(By.CSS_SELECTOR, "header a.language").click()
    wait_for(lambda: browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", message="English")
    browser.get(server.url + "/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en", "the choice is remembered"
