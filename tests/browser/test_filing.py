"""Documents in a real browser (issue 13 § 2): a treater opens the citizen's documents, uploads
a PDF to the course, sees it listed and downloads it (the same bytes, with the safe name); a
page named .pdf is refused at the field. At 1280 and 390 px wide with no sideways scrolling,
axe-core on every page."""

import pytest

from tests import filing_samples as f
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.db.factories import Town
from tests.db.test_course_services import citizen, contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


@pytest.mark.parametrize("width", [1280, 390])
def test_a_treater_uploads_and_downloads_a_document(page, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 900})
    town = Town("herning")
    client = citizen(town)
    course = contact(town, client).contact_course
    login(page, town.treater)
    page.goto(f"/borgere/{client.pk}/")
    page.click("#documents-link")
    page.wait_for_url(f"**/borgere/{client.pk}/dokumenter/")
    assert page.locator("#no-documents").is_visible()
    check_accessibility(page)
    _no_sideways_scroll(page)

    page.click("#upload-document")
    page.wait_for_url("**/dokumenter/upload/")
    fake = tmp_path / "side.pdf"
    fake.write_bytes(f.HTML)
    page.set_input_files("#id_file", str(fake))
    page.click("#save-document")
    assert "Denne filtype" in page.content() or "This type of file" in page.content()
    check_accessibility(page)
    _no_sideways_scroll(page)

    real = tmp_path / "udtalelse.pdf"
    real.write_bytes(f.PDF)
    page.set_input_files("#id_file", str(real))
    page.fill("#id_title", "Udtalelse fra egen læge")
    page.select_option("#id_contact_course", str(course.pk))
    check_accessibility(page)
    _no_sideways_scroll(page)
    screenshot(page, f"document-upload-{width}")
    page.click("#save-document")
    page.wait_for_url(f"**/borgere/{client.pk}/dokumenter/?forloeb={course.pk}")
    listing = page.locator("#documents")
    assert "Udtalelse fra egen læge" in listing.inner_text()
    check_accessibility(page)
    _no_sideways_scroll(page)
    screenshot(page, f"documents-{width}")

    with page.expect_download() as info:
        page.click("#documents h2 a")
    download = info.value
    assert download.suggested_filename.startswith("dokument-")
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / "hentet.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == f.PDF
