"""The public ask form in a real browser: ask → receipt → the question reaches the moderators (API) → the
receipt follows its state. No console yet (issue 3), so the moderators' side is checked through the API."""
from selenium.webdriver.common.by import By

from conftest import wait_for


def questions(server, slug):
    status, page = server.api("GET", f"/api/v1/sessions/{slug}/questions", role="moderator")
    assert status == 200, status
    return page["questions"]


def test_ask_receipt_and_moderation(server, browser):
    server.live_session("tanya", "Tanya <Warga>")
    browser.get(server.url + "/s/tanya?lang=en")
    assert "Tanya <Warga>" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_element(By.CSS_SELECTOR, "img[src='/s/tanya/qr.svg']").get_attribute("naturalWidth") != "0"
    browser.find_element(By.ID, "question").send_keys("Kapan <b>jalan</b> di depan pasar diperbaiki?")
    browser.find_element(By.ID, "name").send_keys("Budi & Ani")
    browser.find_element(By.ID, "contact").send_keys("0812-0000-1111")
    browser.find_element(By.NAME, "consent").click()
    browser.find_element(By.CSS_SELECTOR, "form.ask button[type=submit]").click()

    wait_for(lambda: "/r/" in browser.current_url, message="the receipt page")
    code = browser.find_element(By.CLASS_NAME, "receipt-code").text
    assert len(code) >= 24 and code in browser.current_url
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    # Typed markup stays text.
    assert browser.find_element(By.CSS_SELECTOR, "blockquote.question").text == "Kapan <b>jalan</b> di depan pasar diperbaiki?"
    assert browser.find_elements(By.CSS_SELECTOR, "blockquote.question b") == []
    assert browser.find_element(By.CLASS_NAME, "receipt-state").get_attribute("data-state") == "received"

    # The moderators see it, with the private contact; approving it shows on the receipt after a reload.
    asked = wait_for(lambda: [q for q in questions(server, "tanya") if q["source"] == "form"], message="the question")
    question = asked[0]
    assert question["author"] == "Budi & Ani" and question["contact"] == "0812-0000-1111"
    status, _ = server.api("POST", f"/api/v1/questions/{question['id']}/commands",
                           {"command": "approve", "expectedVersion": question["version"]}, role="moderator")
    assert status == 200
    browser.refresh()
    assert browser.find_element(By.CLASS_NAME, "receipt-state").get_attribute("data-state") == "approved"
    assert "0812" not in browser.page_source, "the contact is never shown back"


def test_consent_required_for_contact_and_language(server, browser):
    server.live_session("izin")
    browser.get(server.url + "/s/izin?lang=id")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"
    browser.find_element(By.ID, "question").send_keys("Bagaimana cara daftar?")
    browser.find_element(By.ID, "contact").send_keys("warga@example.org")
    browser.find_element(By.CSS_SELECTOR, "form.ask button[type=submit]").click()
    error = wait_for(lambda: browser.find_elements(By.CLASS_NAME, "form-error"), message="the consent error")
    assert "persetujuan" in error[0].text
    assert browser.find_element(By.ID, "question").get_attribute("value") == "Bagaimana cara daftar?"
    assert questions(server, "izin") == []
