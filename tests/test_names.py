"""Author names as people type them: which commas separate people and which are part of one name."""

from __future__ import annotations

import pytest

from generator.names import holds_second_person, read_name, read_names, yaml_list


@pytest.mark.parametrize("typed, people, certain", [
    ("Ada Lovelace, Alan Turing", ["Ada Lovelace", "Alan Turing"], True),
    ("Lovelace, Ada", ["Lovelace, Ada"], True),  # Family, Given: one person
    ("Lovelace, Ada Augusta", ["Lovelace, Ada Augusta"], True),
    ("Turing, A. M.", ["Turing, A. M."], True),  # initials
    ("A. Turing, G. Hopper", ["A. Turing", "G. Hopper"], True),
    ("Martin Luther King, Jr.", ["Martin Luther King, Jr."], True),  # a suffix, not a person
    ("King, Martin Luther, Jr.", ["King, Martin Luther, Jr."], True),
    ("Alan Turing, Martin Luther King, Jr.", ["Alan Turing", "Martin Luther King, Jr."], True),
    ("van der Waals, J. D.", ["van der Waals, J. D."], True),  # particles belong to the family name
    ("de la Cruz, Juan", ["de la Cruz, Juan"], True),
    ("Juan de la Cruz, Ludwig van Beethoven", ["Juan de la Cruz", "Ludwig van Beethoven"], True),
    ("王小明, 李华", ["王小明", "李华"], True),  # CJK names have no space, but are whole names
    ("王小明、李华", ["王小明", "李华"], True),  # the ideographic comma separates too
    ("王小明", ["王小明"], True),
    ("Ada Lovelace, Alan Turing, and Grace Hopper", ["Ada Lovelace", "Alan Turing", "Grace Hopper"], True),
    ("Zoë Müller", ["Zoë Müller"], True),
    ("Ada Lovelace,", ["Ada Lovelace"], True),
    ("Ada Lovelace, Turing", ["Ada Lovelace", "Turing"], False),  # a mononym, or half a name?
    ("Lovelace, Ada, Alan Turing", ["Lovelace, Ada", "Alan Turing"], False),
    ("Lovelace, Ada, Turing, Alan", ["Lovelace, Ada", "Turing, Alan"], False),
    ("García Márquez, Gabriel", ["García Márquez", "Gabriel"], False),  # a two-word family name: ask
])
def test_read_name(typed: str, people: list[str], certain: bool) -> None:
    reading = read_name(typed)
    assert (reading.people, reading.certain) == (people, certain)


def test_a_semicolon_always_separates() -> None:
    assert [reading.people for reading in read_names("Lovelace, Ada; Turing, Alan;")] == [
        ["Lovelace, Ada"], ["Turing, Alan"]]


@pytest.mark.parametrize("name, flagged", [
    ("Ada Lovelace, Alan Turing", True),
    ("Lovelace, Ada, Alan Turing", True),
    ("王小明, 李华", True),
    ("Lovelace, Ada", False),
    ("Martin Luther King, Jr.", False),
    ("Ada Lovelace, Turing", False),  # no second full name after the comma
    ("Ada Lovelace", False),
])
def test_a_second_full_name_after_a_comma_is_flagged(name: str, flagged: bool) -> None:
    assert bool(holds_second_person(name)) is flagged


def test_yaml_list_quotes_only_what_a_comma_would_split() -> None:
    import yaml

    names = ["Ada Lovelace", "Lovelace, Ada", "王小明", "O'Brien: A"]
    text = yaml_list(names)
    assert text.startswith("[Ada Lovelace, 'Lovelace, Ada', 王小明,")
    assert yaml.safe_load(f"authors: {text}") == {"authors": names}
