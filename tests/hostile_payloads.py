"""A corpus of hostile input: XSS and HTML-injection payloads.

The families follow the OWASP XSS filter-evasion cheat sheet, Markdown's
link and image syntax, mutation XSS (markup that changes meaning when it is
parsed again) and obfuscated ``javascript:`` URLs. ``tests/test_markup.py``'s
``HOSTILE`` list comes first and is reused as is.

Every other payload tries to run a marker, if need be once its entities or
base64 are decoded: ``alert(1)``, ``confirm(1)``, ``prompt(1)``,
``print()``, ``__xss(1)`` or VBScript's ``msgbox(1)``. The browser tests
replace those with recorders (and watch for dialogs), so a payload that
runs is caught even where the DOM check would miss it.

A few payloads hold a NUL character (``\\x00``): Django's forms refuse NUL in
any text field, so the tests send those alone and expect a refusal.
"""

import base64
import html
import re

from tests.test_markup import HOSTILE

B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>
B64_SVG = "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"  # <svg onload=alert(1)>

OWASP_FILTER_EVASION = [
    # Script tags: case, spacing, broken and nested forms, early closers.
    "<SCRIPT>alert(1)</SCRIPT>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script/x>alert(1)</script>",
    '<SCRIPT/XSS SRC="data:,alert(1)"></SCRIPT>',
    "<SCRIPT SRC=data:,alert(1)//",
    '"><script>alert(1)</script>',
    "</textarea><script>alert(1)</script>",
    "--></script><script>alert(1)</script>",
    '"autofocus onfocus="alert(1)',
    "' onmouseover='alert(1)",
    # Images: bare, quoted and malformed attributes.
    "<IMG SRC=javascript:alert(1)>",
    '<IMG """><SCRIPT>alert(1)</SCRIPT>">',
    '<IMG SRC=# onmouseover="alert(1)">',
    "<img src=x:alert(1) onerror=eval(src)>",
    "<img src=x onerror=confirm(1)>",
    "<img src=x oNeRrOr=prompt(1)>",
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(1);">',
    '<IMG STYLE="xss:expr/*XSS*/ession(alert(1))">',
    # The body, old attributes and other event carriers.
    "<BODY ONLOAD=alert(1)>",
    '<BODY BACKGROUND="javascript:alert(1)">',
    "<input autofocus onfocus=alert(1)>",
    "<x contenteditable autofocus onfocus=__xss(1)>",
    "<video poster=javascript:alert(1)//></video>",
    "<a onmouseover=print()>x</a>",
    # SVG.
    "<svg/onload=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text y=20>x</text></a></svg>',
    '<svg><a><set attributeName=href to="javascript:alert(1)"/><text y=9>x</text></a>',
    "<svg><image href=x onerror=alert(1)>",
    # Frames, objects and embeds.
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<OBJECT TYPE="text/x-scriptlet" DATA="javascript:alert(1)"></OBJECT>',
    f'<object data="data:text/html;base64,{B64_SCRIPT}"></object>',
    f'<EMBED SRC="data:image/svg+xml;base64,{B64_SVG}" type="image/svg+xml">',
    "<embed src=javascript:alert(1)>",
    # Documents: refresh, base, forms, links.
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(1);">',
    f'<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,{B64_SCRIPT}">',
    '<BASE HREF="javascript:alert(1);//">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    # MathML and SVG namespace confusion.
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>x</maction>",
    '<math href="javascript:alert(1)">x</math>',
    # Styles.
    '<DIV STYLE="background-image: url(javascript:alert(1))">',
    '<DIV STYLE="width: expression(alert(1));">',
    "<STYLE>@import'javascript:alert(1)';</STYLE>",
    '<STYLE>li {list-style-image: url("javascript:alert(1)");}</STYLE><UL><LI>x',
    # Entity-encoded attribute values.
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    '<IMG SRC="jav&#x09;ascript:alert(1);">',
    # NUL bytes inside tag names, attributes and schemes.
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "<img src=x o\x00nerror=alert(1)>",
    "<IMG SRC=java\x00script:alert(1)>",
    '<a href="javas\x00cript:alert(1)">x</a>',
]

MARKDOWN_LINKS_AND_IMAGES = [
    "[x](JAVASCRIPT:alert(1))",
    '[x](javascript:alert(1) "t")',
    "[x](<javascript:alert(1)>)",
    "[x](java&#x09;script:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](vbscript:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    f"[x](DATA:TEXT/HTML;base64,{B64_SVG})",
    "![x](JaVaScRiPt:alert(1))",
    f"![x](data:text/html;base64,{B64_SCRIPT})",
    '![x"onerror="alert(1)](x)',
    '![x](x"onerror="alert(1))',
    '![x](/x.png "\\" onerror=\\"alert(1)")',
    '[x](http://a "onmouseover=alert(1)")',
    '[x](http://a"onmouseover="alert(1))',
    '[x](/a"><script>alert(1)</script>)',
    '[x](#" onclick="alert(1))',
    "[<img src=x onerror=alert(1)>](/a)",
    '[x][r1]\n\n[r1]: javascript:alert(1) "t"',
    "[x][r2]\n\n[r2]: <javascript:alert(1)>",
    "[x][r4]\n\n[r4]: data:text/html,<script>alert(1)</script>",
    "![x][r5]\n\n[r5]: javascript:alert(1)",
    "<JAVASCRIPT:alert(1)>",
    f"<data:text/html;base64,{B64_SCRIPT}>",
    "<mailto:x@example.com?body=<script>alert(1)</script>>",
    '<http://a.example/"onmouseover="alert(1)>',
    "`<img src=x onerror=alert(1)>`",
    "```\n</code><script>alert(1)</script>\n```",
    '```html" onmouseover="alert(1)\n<b>x</b>\n```',
    '<abbr title="x" onmouseover="alert(1)">x</abbr>',
    "<abbr title='\" onmouseover=\"alert(1)'>x</abbr>",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |",
    "## <img src=x onerror=alert(1)> heading",
    "*<svg onload=alert(1)>*",
]

MUTATION_XSS = [
    "<noscript><img src=x onerror=alert(1)></noscript>",
    "<noscript><style></noscript><img src=x onerror=alert(1)>",
    "<template><img src=x onerror=alert(1)></template>",
    "<textarea></textarea><img src=x onerror=alert(1)>",
    '<textarea><img title="</textarea><img src=x onerror=alert(1)>"></textarea>',
    '<title><img title="</title><img src=x onerror=alert(1)>"></title>',
    '<xmp><img title="</xmp><img src=x onerror=alert(1)>"></xmp>',
    "<plaintext><img src=x onerror=alert(1)>",
    '<iframe><img title="</iframe><img src=x onerror=alert(1)>"></iframe>',
    "<!--><img src=x onerror=alert(1)>-->",
    '<? x="?><img src=x onerror=alert(1)>">',
    "<![CDATA[><img src=x onerror=alert(1)>]]>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<svg><![CDATA[><img src=x onerror=alert(1)>]]></svg>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<math><mtext><table><mglyph><style><!--</style>"
    '<img title="--><img src=1 onerror=alert(1)>">',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    "<math><mi><mglyph><svg><mtext><textarea>"
    '<path id="</textarea><img onerror=alert(1) src=1>">',
    "<svg><foreignObject><img src=x onerror=alert(1)></foreignObject></svg>",
    '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)>',
    "<table><img src=x onerror=alert(1)></table>",
    '<a href="/x"><a href="javascript:alert(1)">x</a></a>',
    '<p title="</p><img src=x onerror=alert(1)>">',
    '<img alt="x` `<script>alert(1)</script>"` `>',
    "&lt;img src=x onerror=alert(1)&gt;",
    "</script><svg onload=alert(1)>",
    "{{ 7|add:7 }}{% now 'Y' %}<img src=x onerror=alert(1)>",
]

ENCODED_JAVASCRIPT_URLS = [
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6a&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3a;alert(1)">x</a>',
    '<a href="%6A%61vascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="java&#x0A;script:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="&#x26;#106;avascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="javascript:alert&#40;1&#41;">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    f'<a href="data:text/html;base64,{B64_SCRIPT}">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    '<img src="&#106;avascript:alert(1)">',
    '<iframe src="&#x6A;avascript:alert(1)"></iframe>',
    '<form action="&#106;avascript:alert(1)"><button>x</button></form>',
    '<svg><a xlink:href="&#106;avascript:alert(1)"><text y=9>x</text></a></svg>',
    "[x](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[x](java\nscript:alert(1))",
    "[x](\x01javascript:alert(1))",
    "[x](&#x20;javascript:alert(1))",
    "![x](&#106;avascript:alert(1))",
    "javascript:alert(1)",
    " \x08javascript:alert(1)",
    "&#106;avascript:alert(1)",
]

FAMILIES: dict[str, list[str]] = {
    "tests/test_markup.py HOSTILE": HOSTILE,
    "OWASP filter evasion": OWASP_FILTER_EVASION,
    "Markdown links and images": MARKDOWN_LINKS_AND_IMAGES,
    "mutation XSS": MUTATION_XSS,
    "encoded javascript: URLs": ENCODED_JAVASCRIPT_URLS,
}


def _distinct() -> tuple[list[str], dict[str, str]]:
    payloads: list[str] = []
    family_of: dict[str, str] = {}
    for family, members in FAMILIES.items():
        for payload in members:
            if payload not in family_of:
                family_of[payload] = family
                payloads.append(payload)
    return payloads, family_of


#: Every payload once, in family order.
PAYLOADS, FAMILY_OF = _distinct()

#: Payloads Django's forms refuse (a NUL character), and those they accept.
WITH_NUL = [payload for payload in PAYLOADS if "\x00" in payload]
STORABLE = [payload for payload in PAYLOADS if "\x00" not in payload]


_MARKER = re.compile(r"alert|confirm|prompt|print|__xss|msgbox", re.IGNORECASE)
_BASE64 = re.compile(r"base64,([A-Za-z0-9+/=]+)")


def calls_a_marker(payload: str) -> bool:
    """Does the payload call a marker, once its encodings are undone?"""
    decoded = html.unescape(payload)
    decoded += "".join(
        base64.b64decode(chunk).decode() for chunk in _BASE64.findall(decoded)
    )
    return _MARKER.search(decoded) is not None
