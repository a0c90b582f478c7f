"""The archive in a real browser: the publish screen's personal-data check, then the public transcript on a phone
and a desktop, in print, in both languages, and its search."""
import os
import time

from selenium.webdriver.common.by import By

from conftest import screenshot_folder, wait_for

CONTRAST_SCRIPT = """
function channel(value) { value /= 255; return value <= 0.03928 ? value / 12.92 : Math.pow((value + 0.055) / 1.055, 2.4); }
function luminance(rgb) { return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]); }
function parse(color) { return color.match(/[\\d.]+/g).slice(0, 4).map(Number); }
function background(element) {
  for (let node = element; node; node = node.parentElement) {
    const color = parse(getComputedStyle(node).backgroundColor);
    if (color.length < 4 || color[3] > 0) return color;
  }
  return [255, 255, 255];
}
const worst = [];
for (const element of document.querySelectorAll(arguments[0])) {
  if (!element.textContent.trim() || element.getClientRects().length === 0) continue;
  const fg = luminance(parse(getComputedStyle(element).color)), bg = luminance(background(element));
  const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  worst.push([ratio, element.tagName + "." + element.className]);
}
worst.sort((a, b) => a[0] - b[0]);
return worst.slice(0, 3);
"""


def command(server, question_id, body):
    status, question = server.api("POST", f"/api/v1/questions/{question_id}/commands", body, role="moderator")
    assert status == 200, (status, question)
    return question


def published_session(server, slug, with_phone=False):
    """A session of BPJS and Dukcapil answers (one deferred), ended; optionally one question shows a phone number."""
    server.live_session(slug, "Ketupek Desember: layanan kesehatan dan kependudukan")
    # The broadcast started three quarters of an hour ago, so the answers sit well into the video.
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 2_700))
    status, _ = server.api("PATCH", f"/api/v1/sessions/{slug}", {
        "broadcastStart": started, "videoURL": "https://www.youtube.com/watch?v=abcdefghijk",
        "description": "Tanya jawab langsung dengan BPJS Kesehatan dan Dinas Dukcapil."})
    assert status == 200
    stakeholders = {}
    for name, short in (("BPJS Kesehatan", "BPJS"), ("Dinas Kependudukan dan Pencatatan Sipil", "Dukcapil")):
        _, stakeholder = server.api("POST", "/api/v1/stakeholders", {"name": name, "shortName": short})
        stakeholders[short] = stakeholder["id"]
    server.api("PUT", f"/api/v1/sessions/{slug}/panel", {"stakeholderIDs": list(stakeholders.values())})
    questions = [
        ("BPJS", "Budi Santoso", "Bagaimana cara mengaktifkan kembali kartu BPJS Kesehatan yang sudah nonaktif "
         "karena menunggak iuran?", "Bayar tunggakan lewat Mobile JKN, kartu aktif lagi dalam 1×24 jam."),
        ("Dukcapil", "", "Apakah KTP elektronik yang rusak bisa diganti tanpa surat pengantar RT/RW?",
         "Bisa. Bawa KTP yang rusak ke kantor Dukcapil atau Mal Pelayanan Publik."),
        ("BPJS", "Rina", "<img src=x onerror=alert(1)> Apakah iuran kelas 3 naik tahun depan?",
         "Iuran kelas 3 tetap Rp 42.000; sebagian dibayar pemerintah."),
        ("Dukcapil", "Agus", "Berapa lama pembuatan akta kelahiran untuk anak yang lahir di luar kota?"
         + (" Hubungi saya 0812-3456-7890" if with_phone else ""), None),
    ]
    ids = []
    results = server.ingest(slug, [{"source": "form", "externalID": f"{slug}-{index}", "author": author,
                                     "text": text} for index, (_, author, text, _) in enumerate(questions)])
    for result, (short, _, _, answer) in zip(results, questions):
        question_id = result["id"]
        ids.append(question_id)
        command(server, question_id, {"command": "approve", "expectedVersion": 1})
        command(server, question_id, {"command": "assign", "stakeholderID": stakeholders[short], "expectedVersion": 2})
        if answer:
            command(server, question_id, {"command": "answer", "summary": answer, "expectedVersion": 3})
        else:
            command(server, question_id, {"command": "defer", "dueDate": "2026-12-31T00:00:00Z", "expectedVersion": 3})
    status, _ = server.api("POST", f"/api/v1/sessions/{slug}/state", {"state": "ended"}, role="moderator")
    assert status == 200
    return ids


def test_the_publish_screen_redacts_a_phone_number_then_publishes(server, browser):
    slug = "arsip-terbit"
    ids = published_session(server, slug, with_phone=True)
    server.add_user("editor", "moderator", "editor-password-1")
    browser.get(f"{server.url}/publish/{slug}")
    wait_for(lambda: browser.find_element(By.ID, "login").is_displayed(), message="the sign-in form")
    browser.find_element(By.ID, "username").send_keys("editor")
    browser.find_element(By.ID, "password").send_keys("editor-password-1")
    browser.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    finding = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, ".finding"), message="the finding")[0]
    assert finding.get_attribute("data-question") == str(ids[3])
    assert finding.find_element(By.TAG_NAME, "mark").text == "0812-3456-7890"
    assert not browser.find_element(By.ID, "publish-button").is_enabled(), "not while a finding is unconfirmed"
    finding.find_element(By.CSS_SELECTOR, "button.redact").click()
    wait_for(lambda: not browser.find_elements(By.CSS_SELECTOR, ".finding"), message="the check to come back clean")
    wait_for(lambda: browser.find_element(By.ID, "publish-button").is_enabled(), message="publish enabled")
    browser.find_element(By.ID, "publish-button").click()
    link = wait_for(lambda: [a for a in browser.find_elements(By.ID, "archive-link") if a.is_displayed()],
                    message="the link to the transcript")[0]
    link.click()
    wait_for(lambda: "/en/archive/" in browser.current_url, message="the transcript")
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Berapa lama pembuatan akta kelahiran" in text
    assert "0812" not in browser.page_source, "the redacted number is not published"
    assert "<img src=x onerror=alert(1)>" in text, "markup in a question is shown as text"
    assert not browser.find_elements(By.CSS_SELECTOR, "main img"), "and never becomes an element"

    # Unpublished from the same screen: the page is gone.
    browser.back()
    wait_for(lambda: browser.find_element(By.ID, "unpublish-button").is_displayed(), message="unpublish")
    browser.find_element(By.ID, "unpublish-button").click()
    wait_for(lambda: browser.find_element(By.ID, "publish-button").is_displayed(), message="publish again")
    browser.get(f"{server.url}/en/archive/{slug}")
    assert browser.find_element(By.CSS_SELECTOR, "main h1").text == "Page not found"
    assert "Berapa lama pembuatan akta" not in browser.page_source


def test_a_transcript_reads_on_a_phone_and_a_desktop_in_print_and_in_both_languages(server, browser):
    slug = "arsip-desember"
    published_session(server, slug)
    status, _ = server.api("POST", f"/api/v1/sessions/{slug}/state", {"state": "published"}, role="moderator")
    assert status == 200
    folder = screenshot_folder(server)

    browser.set_window_size(360, 780)
    browser.get(f"{server.url}/en/archive/{slug}")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert not browser.find_elements(By.TAG_NAME, "script"), "the archive needs no script"
    assert browser.find_elements(By.CSS_SELECTOR, "header") and browser.find_elements(By.CSS_SELECTOR, "main#main")
    assert len(browser.find_elements(By.TAG_NAME, "h1")) == 1
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 360, f"no sideways scrolling on a 360 px phone (page is {width} px wide)"
    watch = browser.find_elements(By.CSS_SELECTOR, "a[href*='youtube.com/watch?v=abcdefghijk&t=']")
    assert watch, "a watch-the-answer link to the moment in the video"
    for selector in ("body", "main p", "main a", "header a", "footer a", "time", "h1", "h2"):
        worst = browser.execute_script(CONTRAST_SCRIPT, selector)
        assert worst and worst[0][0] >= 4.5, f"WCAG AA contrast for {selector}: {worst}"
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(360, min(height + 120, 2400))
    browser.save_screenshot(os.path.join(folder, "archive-phone.png"))

    browser.set_window_size(1280, 900)
    browser.get(f"{server.url}/en/archive/{slug}/by-stakeholder")
    assert browser.find_elements(By.CSS_SELECTOR, "section h2")
    browser.get(f"{server.url}/en/archive/{slug}")
    browser.save_screenshot(os.path.join(folder, "archive-desktop.png"))

    # Print: the search form and the language switch are not printed.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    form = browser.find_element(By.CSS_SELECTOR, "form[role=search]")
    assert not form.is_displayed()
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    # The switch leads to the same page in Bahasa Indonesia.
    browser.find_element(By.CSS_SELECTOR, "a[hreflang=id]").click()
    wait_for(lambda: f"/id/archive/{slug}" in browser.current_url, message="the Indonesian page")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "id"

    # Search from the header: prefix and diacritics-insensitive, matches marked.
    box = browser.find_element(By.CSS_SELECTOR, "form[role=search] input[name=q]")
    box.send_keys("ktp elektro")
    box.submit()
    wait_for(lambda: "/archive/search" in browser.current_url, message="the results")
    marks = [mark.text.lower() for mark in browser.find_elements(By.TAG_NAME, "mark")]
    assert "ktp" in marks and any(mark.startswith("elektro") for mark in marks), marks
    results = browser.find_elements(By.CSS_SELECTOR, "main a[href*='/q/']")
    assert results, "each result links to its question's permalink"
    results[0].click()
    wait_for(lambda: "/q/" in browser.current_url, message="the permalink")
    assert "Bawa KTP yang rusak" in browser.find_element(By.TAG_NAME, "main").text
