"""The public ask form in a real browser: ask → receipt → the question appears in an open moderator console →
approved there with the keyboard → the receipt follows its state."""
import pytest
from selenium.webdriver.common.by import By

from conftest import wait_for
from test_moderation import PASSWORD, card, card_text, new_browser, open_console


def questions(server, slug):
    status, page = server.api("GET", f"/api/v1/sessions/{slug}/questions", role="moderator")
    assert status == 200, status
    return page["questions"]


@pytest.fixture()
def console():
    """A second browser for the moderator's console."""
    driver = new_browser()
    yield driver
    driver.quit()


def test_ask_receipt_and_moderation(server, browser, console):
    server.live_session("tanya", "Tanya <Warga>")
    server.add_user("penjaga", "moderator", PASSWORD)
    open_console(console, server, "tanya", "penjaga")

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

    # The question appears in the console opened before it was asked, with its private contact for staff;
    # approving it there with the keyboard shows on the receipt.
    question = wait_for(lambda: [q for q in questions(server, "tanya") if q["source"] == "form"],
                        message="the question")[0]
    assert question["author"] == "Budi & Ani" and question["contact"] == "0812-0000-1111"
    wait_for(lambda: card_text(console, question["id"]) == "Kapan <b>jalan</b> di depan pasar diperbaiki?",
             message="the card in the moderator console")
    assert "Budi & Ani" in card(console, question["id"]).text
    console.find_element(By.TAG_NAME, "body").send_keys("a")
    wait_for(lambda: card(console, question["id"]) is None, message="approved: the card leaves Pending")
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
