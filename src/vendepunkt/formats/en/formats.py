"""English mode speaks English but writes dates the Danish way, day before month (D80): the
readers are Danish staff who switched the interface language, not Americans. Django's own English
formats (m/d/Y, "Dec. 3, 2026") would turn 3 December into 12/03 on a Danish screen."""

DATE_FORMAT = "j F Y"  # 3 December 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"  # 03.12.2026, as in Danish mode
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# ISO first: a date input (type="date") is written and read as YYYY-MM-DD; never m/d/Y.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
]
