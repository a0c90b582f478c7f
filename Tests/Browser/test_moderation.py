"""The moderator console at /moderate/{slug}, in chromium against the real server."""
import json
import os
import time

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from conftest import ROOT, wait_for

PASSWORD = "moderator-password-123"


@pytest.fixture(scope="module")
def moderator(server):
    server.add_user("rina", "moderator", PASSWORD)
    return "rina"


def new_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--lang=en-US"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(20)
    return driver


@pytest.fixture()
def second_browser():
    driver = new_browser()
    yield driver
    driver.quit()


def open_console(browser, server, slug, username):
    """Signs in through the console's form and waits until it follows the live stream."""
    browser.get(f"{server.url}/moderate/{slug}")
    wait_for(lambda: browser.find_element(By.ID, "login").is_displayed(), message="the login form")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]").click()
    wait_for(lambda: browser.find_element(By.ID, "connection").get_attribute("data-state") == "live",
             message="the live indicator")


def card(browser, question_id):
    found = browser.find_elements(By.CSS_SELECTOR, f"li.card[data-id='{question_id}']")
    return found[0] if found else None


def comment(external_id, text, author="Warga", source="facebook"):
    return {"source": source, "externalID": external_id, "author": author, "text": text}


def test_an_ingested_comment_appears_within_a_second(server, browser, moderator):
    server.live_session("mod-live")
    open_console(browser, server, "mod-live", moderator)
    started = time.time()
    [result] = server.ingest("mod-live", [comment("c1", "Kapan KTP-el saya jadi?", author="Siti")])
    shown = wait_for(lambda: card(browser, result["id"]), timeout=1.0, interval=0.01, message="the new card")
    elapsed = time.time() - started
    assert elapsed < 1.0, elapsed
    assert shown.find_element(By.CSS_SELECTOR, ".text").text == "Kapan KTP-el saya jadi?"
    assert shown.find_element(By.CSS_SELECTOR, ".author").text == "Siti"
    assert browser.find_element(By.CSS_SELECTOR, ".tabs [data-state='pending'] .count").text == "1"


def test_approving_with_the_keyboard_updates_a_second_console(server, browser, second_browser, moderator):
    server.live_session("mod-two")
    [first, second] = server.ingest("mod-two", [comment("a", "Bagaimana cara daftar BPJS?", author="Ani"),
                                                comment("b", "Jalan rusak di Sudirman kapan diperbaiki?",
                                                        author="Budi")])
    open_console(browser, server, "mod-two", moderator)
    open_console(second_browser, server, "mod-two", moderator)
    wait_for(lambda: card(second_browser, first["id"]), message="the card in the second console")
    body = browser.find_element(By.TAG_NAME, "body")
    # Newest first: the selection starts on the second comment; j moves to the first, a approves it.
    body.send_keys("j")
    wait_for(lambda: "selected" in card(browser, first["id"]).get_attribute("class"), message="selection moved")
    body.send_keys("a")
    wait_for(lambda: card(second_browser, first["id"]) is None, message="the card leaving pending in console 2")
    counts = lambda b, state: b.find_element(By.CSS_SELECTOR, f".tabs [data-state='{state}'] .count").text
    wait_for(lambda: counts(second_browser, "approved") == "1", message="approved count in console 2")
    assert counts(second_browser, "pending") == "1"
    second_browser.find_element(By.TAG_NAME, "body").send_keys("3")
    approved = wait_for(lambda: card(second_browser, first["id"]), message="the card under Approved")
    assert approved.get_attribute("data-state") == "approved"
    status, question = server.api("GET", f"/api/v1/questions/{first['id']}", role="moderator")
    assert question["question"]["state"] == "approved"


def test_a_stale_action_shows_the_409_with_the_current_state(server, browser, moderator):
    server.live_session("mod-stale")
    [result] = server.ingest("mod-stale", [comment("s", "Apakah pendaftaran sekolah sudah dibuka?")])
    open_console(browser, server, "mod-stale", moderator)
    wait_for(lambda: card(browser, result["id"]), message="the card")
    # This console stops hearing about changes (as when a network drops without notice) …
    browser.execute_script("window.ketupekConsole.stream.close()")
    # … while another moderator approves the question.
    status, _ = server.api("POST", f"/api/v1/questions/{result['id']}/commands",
                           {"command": "approve", "expectedVersion": 1}, role="moderator")
    assert status == 200
    browser.find_element(By.TAG_NAME, "body").send_keys("h")
    notice = wait_for(lambda: browser.find_element(By.ID, "notice").is_displayed()
                      and browser.find_element(By.ID, "notice"), message="the 409 notice")
    text = notice.find_element(By.ID, "notice-text").text
    assert f"#{result['id']}" in text and "Approved" in text and "version 2" in text, text
    assert notice.get_attribute("data-kind") == "stale"
    # The console now shows the question as it is: no longer pending.
    wait_for(lambda: card(browser, result["id"]) is None, message="the card leaving pending")
    status, question = server.api("GET", f"/api/v1/questions/{result['id']}", role="moderator")
    assert question["question"]["state"] == "approved"


def test_public_text_is_literal_and_runs_nothing(server, browser, moderator):
    server.live_session("mod-xss")
    open_console(browser, server, "mod-xss", moderator)
    hostile = "<img src=x onerror=alert(1)>"
    sneaky = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>"
    results = server.ingest("mod-xss", [comment("x1", hostile, author="<b>bold</b>"), comment("x2", sneaky)])
    for result, text in zip(results, [hostile, sneaky]):
        shown = wait_for(lambda: card(browser, result["id"]), message="the hostile card")
        assert shown.find_element(By.CSS_SELECTOR, ".text").text == text
    assert card(browser, results[0]["id"]).find_element(By.CSS_SELECTOR, ".author").text == "<b>bold</b>"
    assert browser.find_elements(By.CSS_SELECTOR, "#cards img, #cards script, #cards b") == []
    assert browser.execute_script("return window.__pwned") is None
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text


def test_replay_after_reconnect_and_language_switch(server, browser, moderator):
    server.live_session("mod-replay")
    open_console(browser, server, "mod-replay", moderator)
    browser.execute_script("window.ketupekConsole.stream.source.close()")
    [missed] = server.ingest("mod-replay", [comment("r1", "Berapa biaya balik nama kendaraan?")])
    time.sleep(0.3)  # nothing may arrive while disconnected: the card must come from the replay
    assert card(browser, missed["id"]) is None
    browser.execute_script("window.ketupekConsole.stream.reconnect()")
    wait_for(lambda: card(browser, missed["id"]), message="the missed card, replayed")
    tab = lambda: browser.find_element(By.CSS_SELECTOR, ".tabs [data-state='pending'] span").text
    assert tab() == "Pending"
    browser.find_element(By.ID, "language").click()
    wait_for(lambda: tab() == "Menunggu", message="Bahasa Indonesia")
    browser.refresh()
    wait_for(lambda: browser.find_element(By.ID, "connection").get_attribute("data-state") == "live",
             message="live after reload")
    assert tab() == "Menunggu"


def test_duplicate_hint_merges_with_one_key_and_undo(server, browser, moderator):
    server.live_session("mod-merge")
    [kept] = server.ingest("mod-merge", [comment("k", "Kapan KTP-el saya jadi? Sudah tiga bulan")])
    [dup] = server.ingest("mod-merge", [comment("d", "kapan ktp el saya jadi, sudah tiga bulan!", author="Lain")])
    open_console(browser, server, "mod-merge", moderator)
    shown = wait_for(lambda: card(browser, dup["id"]), message="the duplicate")
    assert f"#{kept['id']}" in shown.find_element(By.CSS_SELECTOR, ".duplicate").text
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("m")
    wait_for(lambda: card(browser, dup["id"]) is None, message="merged away")
    wait_for(lambda: "1 votes" in (card(browser, kept["id"]).text if card(browser, kept["id"]) else ""),
             message="the votes moved")
    body.send_keys("5")  # the Merged tab
    wait_for(lambda: card(browser, dup["id"]), message="under Merged")
    body.send_keys("u")
    wait_for(lambda: card(browser, dup["id"]) is None, message="undone")
    status, question = server.api("GET", f"/api/v1/questions/{dup['id']}", role="moderator")
    assert question["question"]["state"] == "pending"


def demo_comments(count, start=None):
    """The demo's sample comments; with `start` (the broadcast start), posted at their offsets into it."""
    path = os.path.join(ROOT, "Sources", "KetupekApp", "Resources", "demo", "comments.jsonl")
    with open(path, encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    comments = []
    for row in rows[:count]:
        item = comment(row["external_id"], row["text"], author=row["author"], source=row["source"])
        if start is not None:
            posted = start + row["offset_ms"] / 1000
            item["postedAt"] = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(posted)) + \
                f".{int(posted * 1000) % 1000:03d}Z"
        comments.append(item)
    return comments


def test_console_screenshot_with_demo_data(server, browser, moderator):
    """Fills a session like the demo and saves a screenshot (to Public/ when KETUPEK_SCREENSHOTS=1)."""
    session = server.live_session("demo-shot", title="Ketupek Bengkulu — Desember")
    start = time.mktime(time.strptime(session["broadcastStart"][:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone
    results = server.ingest("demo-shot", demo_comments(60, start))
    ids = [r["id"] for r in results]
    for question_id, command in [(ids[3], {"command": "approve"}), (ids[5], {"command": "star", "starred": True}),
                                 (ids[8], {"command": "tag", "add": ["bpjs"]}),
                                 (ids[10], {"command": "classify", "classification": "report"})]:
        _, question = server.api("GET", f"/api/v1/questions/{question_id}", role="moderator")
        server.api("POST", f"/api/v1/questions/{question_id}/commands",
                   {**command, "expectedVersion": question["question"]["version"]}, role="moderator")
    server.ingest("demo-shot", [comment("promo-1", "Promo slot gacor hari ini, klik link di bio!", author="Promo88"),
                                comment("dup-1", ((demo_comments(60)[12])["text"]), author="Yanti")])
    browser.set_window_size(1280, 1000)
    open_console(browser, server, "demo-shot", moderator)
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, "li.card")) >= 10, message="cards")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys("j")
    folder = os.path.join(ROOT, "Public", "img", "screenshots") if os.environ.get("KETUPEK_SCREENSHOTS") \
        else server.data
    path = os.path.join(folder, "console.png")
    browser.save_screenshot(path)
    assert os.path.getsize(path) > 10_000
