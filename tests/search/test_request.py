"""Request validation and URLs: bad parameters are user errors, filters toggle in URLs."""

from datetime import date

import pytest
from werkzeug.datastructures import MultiDict

from search.request import BadRequest, date_bounds, parse_search_args


@pytest.mark.parametrize("args, code", [
    ({"page": "-1"}, "bad_page"), ({"page": "abc"}, "bad_page"), ({"size": "100000"}, "bad_size"),
    ({"sort": "random"}, "bad_sort"), ({"from": "yesterday"}, "bad_date"),
    ({"from": "2025-02-30"}, "bad_date"), ({"from": "2025-09", "to": "2025-01"}, "bad_date_range"),
])
def test_bad_parameters_raise_a_user_error_with_a_code(args, code):
    with pytest.raises(BadRequest) as info:
        parse_search_args(MultiDict(args))
    assert info.value.code == code


@pytest.mark.parametrize("text, low, high", [
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025-09-23", date(2025, 9, 23), date(2025, 9, 23)),
    ("2025年9月", date(2025, 9, 1), date(2025, 9, 30)),
])
def test_date_range_accepts_year_month_and_day(text, low, high):
    assert date_bounds(text, upper=False) == low and date_bounds(text, upper=True) == high


def test_repeated_filters_are_kept_in_order_without_duplicates():
    req = parse_search_args(MultiDict([("district", "江津区"), ("district", "大足区"), ("district", "江津区")]))
    assert req.filters == {"district": ["江津区", "大足区"]}
