"""Readers' words for listing names, capture dates and arXiv categories (generator/labels.py)."""

from generator.labels import arxiv_category_label, listing_name, readable_date, sighting
from generator.models import Source


def test_arxiv_categories_are_spelled_out_and_bare_codes_are_read_as_cs():
    assert arxiv_category_label("LG") == "cs.LG — Machine Learning"
    assert arxiv_category_label("cs.CV") == "cs.CV — Computer Vision and Pattern Recognition"
    assert arxiv_category_label("stat.ML") == "stat.ML — Machine Learning"
    assert arxiv_category_label("XYZ") == "XYZ"


def test_sightings_name_the_site_and_the_day_not_our_file():
    source = Source("hf-daily-papers-1.txt", "hf-daily-papers", 15, "2025-12-26")
    assert sighting(source) == "Seen on Hugging Face Daily Papers, captured 26 Dec 2025"
    assert listing_name(Source("x.txt", "aitopics", 1, topic="Rote Learning")) == "AITopics: Rote Learning"
    assert sighting(Source("x.txt", "author-profile", 1)) == "Seen on an author profile"
    assert listing_name(Source("x.txt", "some-new-format", 1)) == "Some new format"


def test_dates_read_as_people_write_them_and_other_shapes_stay():
    assert readable_date("2025-01-05") == "5 Jan 2025"
    assert readable_date("2025-01") == "Jan 2025"
    assert readable_date("2025") == "2025"
