"""The panel screen in a real browser: each stakeholder sees their own questions live and records answers."""
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

from conftest import screenshot_folder, wait_for


def second_browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def sign_in(browser, server, slug, username, password):
    browser.get(f"{server.url}/panel/{slug}?lang=en")
    wait_for(lambda: browser.find_element(By.ID, "login").is_displayed(), message="the sign-in form")
    browser.find_element(By.ID, "username").send_keys(username)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    wait_for(lambda: browser.find_element(By.ID, "panel").is_displayed(), message="the panel")


def queue_ids(browser):
    try:
        return [card.get_attribute("data-question-id")
                for card in browser.find_elements(By.CSS_SELECTOR, ".queue .card")]
    except StaleElementReferenceException:  # re-rendered by a live update meanwhile
        return None


def command(server, question_id, body):
    status, question = server.api("POST", f"/api/v1/questions/{question_id}/commands", body, role="moderator")
    assert status == 200, (status, question)
    return question


def test_assigned_questions_reach_their_stakeholder_only_and_answers_reach_the_public(server, browser):
    slug = "panel-flow"
    server.live_session(slug, "Panel flow")
    ids = {}
    for name, short in (("BPJS Kesehatan", "BPJS"), ("Dinas Dukcapil", "Dukcapil")):
        status, stakeholder = server.api("POST", "/api/v1/stakeholders", {"name": name, "shortName": short})
        ids[short] = stakeholder["id"]
    server.api("PUT", f"/api/v1/sessions/{slug}/panel", {"stakeholderIDs": [ids["BPJS"], ids["Dukcapil"]]})
    server._cli("user", "add", "--username", "bpjs", "--role", "stakeholder", "--stakeholder", str(ids["BPJS"]),
                "--password-stdin", stdin="bpjs-password-1\n")
    server._cli("user", "add", "--username", "dukcapil", "--role", "stakeholder", "--stakeholder",
                str(ids["Dukcapil"]), "--password-stdin", stdin="dukcapil-password-1\n")
    question, = server.ingest(slug, [{"source": "form", "externalID": "pf1", "author": "Budi",
                                       "text": "Kartu BPJS saya nonaktif, bagaimana mengaktifkannya?"}])
    command(server, question["id"], {"command": "approve", "expectedVersion": 1})

    other = second_browser()
    try:
        sign_in(browser, server, slug, "bpjs", "bpjs-password-1")
        sign_in(other, server, slug, "dukcapil", "dukcapil-password-1")
        assert queue_ids(browser) == [] and queue_ids(other) == []

        command(server, question["id"], {"command": "assign", "stakeholderID": ids["BPJS"], "expectedVersion": 2})
        wait_for(lambda: queue_ids(browser) == [str(question["id"])], message="the question on BPJS's panel")
        assert queue_ids(other) == [], "not on Dukcapil's panel"

        command(server, question["id"], {"command": "on_air", "expectedVersion": 3})
        wait_for(lambda: "Kartu BPJS" in browser.find_element(By.ID, "on-air").text, message="on air on the panel")

        public = second_browser()
        try:
            public.get(server.url + "/?lang=en")
            answered = lambda: public.find_element(By.CSS_SELECTOR, f"li[data-slug='{slug}'] [data-count='answered']").text
            assert answered() == "0"
            card = browser.find_element(By.CSS_SELECTOR, f".card[data-question-id='{question['id']}']")
            card.find_element(By.CSS_SELECTOR, "textarea[name=summary]").send_keys(
                "Bisa diaktifkan lewat aplikasi Mobile JKN setelah tunggakan dilunasi.")
            card.find_element(By.CSS_SELECTOR, "button[data-action=answer]").click()
            wait_for(lambda: answered() == "1", message="the public page marks it answered")
        finally:
            public.quit()
        status, detail = server.api("GET", f"/api/v1/questions/{question['id']}", role="moderator")
        assert detail["question"]["answer"]["recordedBy"] == "bpjs"
        wait_for(lambda: queue_ids(browser) == [], message="answered questions leave the queue")
    finally:
        other.quit()


def test_host_screenshot(server, browser):
    """The host's view for the README (written to Public/ with KETUPEK_SCREENSHOTS=1): every stakeholder's queue side by side, one question on air."""
    slug = "panel-shot"
    server.live_session(slug, "Ketupek — Konsultasi Pelayanan Publik")
    ids = []
    for name, short in (("BPJS Kesehatan", "BPJS"), ("Dinas Dukcapil Kota Bengkulu", "Dukcapil"),
                        ("Dinas PUPR", "PUPR")):
        ids.append(server.api("POST", "/api/v1/stakeholders", {"name": name, "shortName": short})[1]["id"])
    server.api("PUT", f"/api/v1/sessions/{slug}/panel", {"stakeholderIDs": ids})
    texts = [("Kartu BPJS ibu saya nonaktif padahal iuran dipotong dari pensiun, bagaimana?", "Sri Wahyuni", 0),
             ("Apakah rawat inap kelas 3 masih butuh rujukan dari puskesmas?", "", 0),
             ("Kapan blangko KTP-el di Kecamatan Ratu Agung tersedia lagi?", "Andi Saputra", 1),
             ("Akta kelahiran anak saya salah tulis nama, prosedur ralatnya gimana?", "Nurhayati", 1),
             ("Jalan di depan SDN 12 berlubang besar sejak Maret, kapan diperbaiki?", "Rahmat", 2)]
    results = server.ingest(slug, [{"source": "form", "externalID": f"shot{n}", "text": text, "author": author}
                                   for n, (text, author, _) in enumerate(texts)])
    for result, (_, _, stakeholder) in zip(results, texts):
        command(server, result["id"], {"command": "approve", "expectedVersion": 1})
        command(server, result["id"], {"command": "assign", "stakeholderID": ids[stakeholder], "expectedVersion": 2})
    command(server, results[0]["id"], {"command": "on_air", "expectedVersion": 3})
    server.add_user("host", "moderator", "host-password-1")
    browser.set_window_size(1600, 900)
    sign_in(browser, server, slug, "host", "host-password-1")
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, ".queue")) == 3, message="three queues")
    # The host orders a queue: raising the second Dukcapil question puts it first.
    def dukcapil():
        try:
            return [card.get_attribute("data-question-id") for card in browser.find_elements(
                By.CSS_SELECTOR, f".queue[data-stakeholder-id='{ids[1]}'] .card")]
        except StaleElementReferenceException:  # re-rendered by a live update meanwhile
            return None
    wait_for(lambda: dukcapil() == [str(results[2]["id"]), str(results[3]["id"])], message="time order")
    def raise_second():
        try:
            browser.find_element(
                By.CSS_SELECTOR, f".card[data-question-id='{results[3]['id']}'] button[data-action=raise]").click()
            return True
        except StaleElementReferenceException:
            return False
    wait_for(raise_second, message="the raise button clicked")
    wait_for(lambda: dukcapil() == [str(results[3]["id"]), str(results[2]["id"])], message="raised to the top")
    wait_for(lambda: "Kartu BPJS" in browser.find_element(By.ID, "on-air").text, message="on air")
    shots = screenshot_folder(server)
    browser.save_screenshot(os.path.join(shots, "panel.png"))


def test_admin_creates_stakeholders_and_sets_the_panel(server, browser):
    slug = "panel-admin"
    server.live_session(slug, "Admin panel")
    server.add_user("chief", "admin", "chief-password-1")
    browser.get(f"{server.url}/admin/panel/{slug}?lang=en")
    wait_for(lambda: browser.find_element(By.ID, "login").is_displayed(), message="sign-in")
    browser.find_element(By.ID, "username").send_keys("chief")
    browser.find_element(By.ID, "password").send_keys("chief-password-1")
    browser.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    wait_for(lambda: browser.find_element(By.ID, "admin").is_displayed(), message="the admin screen")
    form = browser.find_element(By.ID, "new-stakeholder")
    form.find_element(By.NAME, "name").send_keys("<b>Dinas</b> Pendidikan")
    form.find_element(By.NAME, "shortName").send_keys("Disdik")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(lambda: browser.find_element(By.ID, "create-status").text == "Created.", message="created and listed")
    label = [label for label in browser.find_elements(By.CSS_SELECTOR, "#stakeholders label")
             if "Disdik" in label.text][0]
    assert label.text == "<b>Dinas</b> Pendidikan (Disdik)", "shown as text"
    assert label.find_elements(By.TAG_NAME, "b") == []
    for box in browser.find_elements(By.CSS_SELECTOR, "#stakeholders input:checked"):
        box.click()
    label.find_element(By.TAG_NAME, "input").click()
    browser.find_element(By.ID, "save-panel").click()
    wait_for(lambda: browser.find_element(By.ID, "panel-status").text == "Saved.", message="saved")
    status, panel = server.api("GET", f"/api/v1/sessions/{slug}/panel")
    assert [member["shortName"] for member in panel["stakeholders"]] == ["Disdik"]
    browser.find_element(By.ID, "overlay-link").click()
    url = wait_for(lambda: browser.find_element(By.ID, "overlay-url").text, message="the overlay link")
    assert f"/overlay/{slug}/" in url


def test_the_public_page_shows_questions_live_and_marks_answers(server, browser):
    slug = "panel-public"
    server.live_session(slug, "Public page")
    status, stakeholder = server.api("POST", "/api/v1/stakeholders", {"name": "Dinas PUPR", "shortName": "PUPR"})
    server.api("PUT", f"/api/v1/sessions/{slug}/panel", {"stakeholderIDs": [stakeholder["id"]]})
    question, = server.ingest(slug, [{"source": "form", "externalID": "pp1", "author": "",
                                       "text": "<b>Kapan</b> jalan di depan SDN 12 diperbaiki?"}])
    browser.get(f"{server.url}/s/{slug}?lang=en")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".live-empty"), message="the live list")
    assert browser.find_elements(By.CSS_SELECTOR, ".live-question") == [], "pending questions are not public"

    command(server, question["id"], {"command": "approve", "expectedVersion": 1})
    selector = f".live-question[data-question-id='{question['id']}']"
    item = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, selector), message="approved: shown")[0]
    assert item.find_element(By.CSS_SELECTOR, ".text").text == "<b>Kapan</b> jalan di depan SDN 12 diperbaiki?"
    assert item.find_element(By.CSS_SELECTOR, ".author").text == "Citizen"
    item.find_element(By.CSS_SELECTOR, "button.vote").click()
    wait_for(lambda: browser.find_element(By.CSS_SELECTOR, f"{selector} button.vote").text == "▲ 1", message="voted")

    command(server, question["id"], {"command": "assign", "stakeholderID": stakeholder["id"], "expectedVersion": 3})
    command(server, question["id"], {"command": "on_air", "expectedVersion": 4})
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, f"{selector}.state-on_air"), message="on air highlighted")
    command(server, question["id"], {"command": "answer", "summary": "Bulan depan, anggaran sudah ada.",
                                     "expectedVersion": 5})
    answered = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, f"{selector}.state-answered"),
                        message="marked answered")[0]
    assert answered.find_element(By.CSS_SELECTOR, ".answer").text == "Bulan depan, anggaran sudah ada."
    assert answered.find_element(By.CSS_SELECTOR, ".stakeholder").text == "Dinas PUPR"


def test_assign_with_one_key_in_the_console_reaches_only_that_stakeholders_panel(server, browser):
    from test_moderation import PASSWORD, card, open_console

    slug = "panel-console"
    server.live_session(slug, "Console assign")
    ids = {}
    for name, short in (("BPJS Kesehatan", "BPJS"), ("Dinas Dukcapil", "Dukcapil")):
        ids[short] = server.api("POST", "/api/v1/stakeholders", {"name": name, "shortName": short})[1]["id"]
    server.api("PUT", f"/api/v1/sessions/{slug}/panel", {"stakeholderIDs": [ids["BPJS"], ids["Dukcapil"]]})
    for username, short in (("bpjs2", "BPJS"), ("dukcapil2", "Dukcapil")):
        server._cli("user", "add", "--username", username, "--role", "stakeholder", "--stakeholder", str(ids[short]),
                    "--password-stdin", stdin=f"{username}-password\n")
    server.add_user("assigner", "moderator", PASSWORD)
    question, = server.ingest(slug, [{"source": "form", "externalID": "ca1", "author": "Ani",
                                       "text": "Apakah BPJS menanggung cuci darah?"}])
    command(server, question["id"], {"command": "approve", "expectedVersion": 1})

    bpjs, dukcapil = second_browser(), second_browser()
    try:
        sign_in(bpjs, server, slug, "bpjs2", "bpjs2-password")
        sign_in(dukcapil, server, slug, "dukcapil2", "dukcapil2-password")
        open_console(browser, server, slug, "assigner")
        body = browser.find_element(By.TAG_NAME, "body")
        body.send_keys("3")  # the Approved tab
        wait_for(lambda: card(browser, question["id"]), message="the approved card")
        body.send_keys("d")
        wait_for(lambda: browser.find_element(By.ID, "assign-dialog").is_displayed(), message="the assign dialog")
        browser.switch_to.active_element.send_keys("1")  # BPJS, first on the panel
        wait_for(lambda: queue_ids(bpjs) == [str(question["id"])], message="on BPJS's panel")
        assert queue_ids(dukcapil) == [], "not on Dukcapil's panel"
        def assignee():
            found = browser.find_elements(By.CSS_SELECTOR, f"li.card[data-id='{question['id']}'] .assignee")
            return found[0].text if found else None
        wait_for(lambda: assignee() == "→ BPJS", message="the card names the assignee, still under Approved")
        # The stakeholder filter shows BPJS's questions only.
        from selenium.webdriver.support.ui import Select
        Select(browser.find_element(By.ID, "filter-stakeholder")).select_by_visible_text("Dukcapil")
        wait_for(lambda: card(browser, question["id"]) is None, message="filtered out under Dukcapil")
        Select(browser.find_element(By.ID, "filter-stakeholder")).select_by_visible_text("BPJS")
        wait_for(lambda: card(browser, question["id"]) is not None, message="shown under BPJS")
    finally:
        bpjs.quit()
        dukcapil.quit()
