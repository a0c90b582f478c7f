"""The broadcast overlay in a real browser: opened by its secret link, it shows the question on air live."""
import os

from selenium.webdriver.common.by import By

from conftest import screenshot_folder, wait_for


def on_air_panel(server, slug):
    """A live session with BPJS on its panel; returns the stakeholder id."""
    server.live_session(slug, "Panel test")
    status, bpjs = server.api("POST", "/api/v1/stakeholders", {"name": "BPJS Kesehatan", "shortName": "BPJS"})
    assert status == 201
    status, _ = server.api("PUT", f"/api/v1/sessions/{slug}/panel", {"stakeholderIDs": [bpjs["id"]]})
    assert status == 200
    return bpjs["id"]


def approve_and_assign(server, slug, question_id, stakeholder):
    for body in ({"command": "approve", "expectedVersion": 1},
                 {"command": "assign", "stakeholderID": stakeholder, "expectedVersion": 2}):
        status, _ = server.api("POST", f"/api/v1/questions/{question_id}/commands", body, role="moderator")
        assert status == 200, body


def command(server, question_id, body):
    status, question = server.api("POST", f"/api/v1/questions/{question_id}/commands", body, role="moderator")
    assert status == 200, (status, question)
    return question


def test_overlay_follows_the_question_on_air(server, browser):
    slug = "overlay-live"
    bpjs = on_air_panel(server, slug)
    first, second = server.ingest(slug, [
        {"source": "form", "externalID": "o1", "text": "Bagaimana cara mengaktifkan kembali BPJS yang menunggak?",
         "author": "Siti Aminah"},
        {"source": "form", "externalID": "o2", "text": "<img src=x onerror=\"window.__pwned=1\"> kapan KTP saya jadi?"},
    ])
    for result in (first, second):
        approve_and_assign(server, slug, result["id"], bpjs)
    status, link = server.api("POST", f"/api/v1/sessions/{slug}/overlay-link", role="moderator")
    assert status == 201

    browser.get(server.url + link["path"])
    box = browser.find_element(By.CSS_SELECTOR, ".lower-third")
    assert "visible" not in box.get_attribute("class"), "nothing on air yet"

    command(server, first["id"], {"command": "on_air", "expectedVersion": 3})
    wait_for(lambda: "visible" in box.get_attribute("class"), message="the overlay shows the question")
    assert box.find_element(By.CSS_SELECTOR, ".question").text.startswith("Bagaimana cara mengaktifkan")
    assert box.find_element(By.CSS_SELECTOR, ".author").text == "Siti Aminah"
    assert box.find_element(By.CSS_SELECTOR, ".stakeholder").text == "BPJS Kesehatan"

    command(server, second["id"], {"command": "on_air", "expectedVersion": 3})
    wait_for(lambda: box.get_attribute("data-question-id") == str(second["id"]), message="the next question")
    assert box.find_element(By.CSS_SELECTOR, ".question").text.startswith("<img src=x")
    assert box.find_element(By.CSS_SELECTOR, ".author").text == "Warga", "anonymous in the session's language"
    assert browser.execute_script("return window.__pwned") is None

    command(server, second["id"], {"command": "answer", "summary": "Dicetak minggu ini.", "expectedVersion": 4})
    wait_for(lambda: "visible" not in box.get_attribute("class"), message="answered: off the air")


def test_a_rotated_or_wrong_key_shows_nothing(server, browser):
    slug = "overlay-keys"
    on_air_panel(server, slug)
    status, old = server.api("POST", f"/api/v1/sessions/{slug}/overlay-link", role="moderator")
    status, new = server.api("POST", f"/api/v1/sessions/{slug}/overlay-link", role="moderator")
    assert old["path"] != new["path"]
    for path in (old["path"], f"/overlay/{slug}/not-the-key"):
        status, _ = server.api("GET", path.replace("/overlay/", "/api/v1/overlay/"))
        assert status == 404
    status, view = server.api("GET", new["path"].replace("/overlay/", "/api/v1/overlay/"))
    assert status == 200 and view.get("onAir") is None


def test_screenshots_over_dark_and_light_video(server, browser):
    """Screenshots for the README (written to Public/ with KETUPEK_SCREENSHOTS=1): the overlay with a short and a very long question over dark and light frames."""
    slug = "overlay-shots"
    bpjs = on_air_panel(server, slug)
    long_text = ("Pak, saya mau tanya soal BPJS Kesehatan ibu saya yang sudah lansia. Kartunya tiba-tiba nonaktif "
                 "padahal iurannya dibayar dari potongan pensiun setiap bulan, dan waktu berobat ke puskesmas minggu "
                 "lalu ditolak dan disuruh bayar umum. Apakah harus mengurus ulang ke kantor cabang, atau bisa "
                 "lewat aplikasi Mobile JKN? Dokumen apa saja yang perlu dibawa?")
    results = server.ingest(slug, [
        {"source": "youtube", "externalID": "s1", "text": "Kapan jalan di Kecamatan Gading Cempaka diperbaiki?",
         "author": "Rahmat Hidayat"},
        {"source": "facebook", "externalID": "s2", "text": long_text, "author": "Dewi Lestari"},
    ])
    for result in results:
        approve_and_assign(server, slug, result["id"], bpjs)
    status, link = server.api("POST", f"/api/v1/sessions/{slug}/overlay-link", role="moderator")
    browser.set_window_size(1280, 720)
    shots = screenshot_folder(server)
    browser.get(server.url + link["path"])
    box = browser.find_element(By.CSS_SELECTOR, ".lower-third")
    for result, frame, name in ((results[0], "dark", "overlay-dark.png"), (results[1], "light", "overlay-light.png")):
        question = command(server, result["id"], {"command": "on_air", "expectedVersion": 3})
        wait_for(lambda: box.get_attribute("data-question-id") == str(question["id"]) and
                 "visible" in box.get_attribute("class"), message="on air")
        # Stand-ins for a video frame behind the transparent page (CSSOM, allowed by the CSP).
        browser.execute_script(
            "document.body.style.background = arguments[0]",
            "linear-gradient(135deg, #0d1b2a, #1b263b 45%, #415a77)" if frame == "dark"
            else "linear-gradient(135deg, #f8f9fa, #e9ecef 45%, #cfd8dc)")
        # The fade-in has finished when the box is fully opaque.
        wait_for(lambda: browser.execute_script("return getComputedStyle(arguments[0]).opacity", box) == "1",
                 message="the transition finished")
        assert box.size["height"] <= 720 * 0.3 + 2, "the text fits the box"
        browser.save_screenshot(os.path.join(shots, name))
