"""A best guess of browser and operating system from the User-Agent header.

Only to prefill two editable fields of the request form, so a short table is
enough; a wrong guess costs the person one edit.
"""

import re

BROWSERS = [
    ("Edge", r"Edg(?:e|A|iOS)?/(\d+)"),
    ("Opera", r"OPR/(\d+)"),
    ("Samsung Internet", r"SamsungBrowser/(\d+)"),
    ("Firefox", r"(?:Firefox|FxiOS)/(\d+)"),
    ("Chrome", r"(?:Chrome|CriOS)/(\d+)"),
    ("Safari", r"Version/(\d+)[.\d]* (?:Mobile/\w+ )?Safari/"),
]
SYSTEMS = [
    ("iOS", r"(?:iPhone|iPad); CPU (?:iPhone )?OS (\d+)"),
    ("Android", r"Android (\d+)"),
    ("Windows", r"Windows NT (\d+\.\d+)"),
    ("macOS", r"Mac OS X (\d+)[_.](\d+)"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux"),
]
WINDOWS = {"10.0": "10 or 11", "6.3": "8.1", "6.2": "8", "6.1": "7"}


def browser(user_agent: str) -> str:
    for name, pattern in BROWSERS:
        if match := re.search(pattern, user_agent):
            return f"{name} {match.group(1)}"
    return ""


def operating_system(user_agent: str) -> str:
    for name, pattern in SYSTEMS:
        match = re.search(pattern, user_agent)
        if not match:
            continue
        if name == "Windows":
            return f"Windows {WINDOWS.get(match.group(1), match.group(1))}"
        if name == "macOS":
            return f"macOS {match.group(1)}.{match.group(2)}"
        if match.groups():
            return f"{name} {match.group(1)}"
        return name
    return ""
