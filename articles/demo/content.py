"""Demo content for `manage.py load_demo`: categories, sections and articles.

`demo-image:NAME` and `demo-article:SLUG` in bodies are replaced by the
loader with the uploaded image's and the article's address.
"""

SEED_ARTICLE_SLUG = "what-is-the-best-way-to-contact-customer-support"

SEED_BODY = """\
## Chat Support

Chat support is available 24 hours a day, 7 days a week. At the bottom right
hand of your screen, simply click on the Support button (pictured here).

![The Support button at the bottom right of every page](demo-image:support-button)

## Additional Contact Information

If no toll-free number is listed for your country, contact us via email and
request that we call you.

### US, Canada, Australia and non-European countries not listed below

- Email: [uspubsupport@rakuten.com](mailto:uspubsupport@rakuten.com)
- Call us: toll-free: [+1-888-880-8430](tel:+18888808430) or call:
  [+1-646-943-8200](tel:+16469438200) and select option 7.
- Support language available: English

### UK and other European countries not listed below

- Email: [eupubsupport@example.com](mailto:eupubsupport@example.com)
- Call us: [+44 20 7946 0958](tel:+442079460958) and select option 2.
- Support language available: English

### France and/or French speakers

- Email: [frpubsupport@example.com](mailto:frpubsupport@example.com)
- Call us: [+33 1 99 00 12 34](tel:+33199001234) and select option 3.
- Support language available: French

### Germany and/or German speakers

- Email: [depubsupport@example.com](mailto:depubsupport@example.com)
- Call us: [+49 30 23125 000](tel:+493023125000) and select option 4.
- Support language available: German

### Brazil, or Brazilian Portuguese speakers

- Email: [brpubsupport@example.com](mailto:brpubsupport@example.com)
- No toll-free number: email us and ask us to call you.
- Support language available: Brazilian Portuguese

## Get the Best Results

**Whitelist rakuten.com:** To make sure our response to you doesn't end up in
the spam folder, make sure to add the rakuten.com domain to the safe-senders
list in your email program. Check your spam or junk mail folder for our reply
before re-contacting Customer Support.

**Include your SID:** To help us provide faster support, please include your
Site ID (SID) which is a unique number used in our network to identify
different marketing channels. Our support team can use your site ID to locate
your record, so please include it in any communications you send us. You can
find your SID at the top right of your dashboard.

![Your SID at the top right of the dashboard](demo-image:sid-header)

**Provide as many details as possible:** If you are experiencing a technical
issue, it will save you a great deal of time in problem-solving with Customer
Support if you provide relevant details in your email request, such as:

- Which browser(s) you are using (Chrome, Safari, Firefox, etc.)
- Which operating system you are using (Windows 7, Apple OS)
- What steps you are following before you have a problem
- What error message you are receiving, if any
- Attached screenshots of the error message or the problem, if possible

[Get more information on how Customer Support can help you.][help]

[help]: demo-article:what-can-customer-support-help-me-with

While the publisher help center is here to provide immediate self-service
assistance with general technical information and best practices around the
clock, sometimes you need more personalized help. The Customer Support team
stands ready to answer your specific technical and product questions and to
resolve technical issues to your satisfaction.

Still have more questions? Use the SUPPORT tab at the top of the page or
[this link](/support/) to find the email or phone Customer Support contacts
for your location.
"""

SEED_COMMENT = """\
Please use the various phone numbers or email addresses in the article
(depending on your location) above, to contact Customer Support. We are not
able to answer your account-specific support questions directly in the Help
Center. However, we love to hear from you with your comments and questions
about the Help Center articles.

I've updated this article with additional tips on how to get the fastest and
best response from Customer Support.

Hope that's helpful!
"""


def _article(title, slug, body, *, visibility="everyone", promoted=False, labels=""):
    return {
        "title": title,
        "slug": slug,
        "visibility": visibility,
        "promoted": promoted,
        "labels": labels,
        "body": body,
    }


CATEGORIES = [
    {
        "name": "Getting Started",
        "slug": "getting-started",
        "description": (
            "Join the network, set up your account and make your first link."
        ),
        "sections": [
            {
                "name": "Joining the Network",
                "slug": "joining-the-network",
                "description": "Sign up as a publisher and get approved.",
                "articles": [
                    _article(
                        "How do I sign up as a publisher?",
                        "how-do-i-sign-up-as-a-publisher",
                        """\
## Before you start

Signing up is free. You need a website, app, newsletter or social account
where you publish your own content, and an email address you check often.

## Steps

1. Click **Sign up** at the top right of this help center.
2. Enter your name, email address and a password.
3. Complete your profile in the publisher dashboard: your site's address,
   the kind of audience you reach and the country you are based in.
4. Accept the publisher agreement.

We review new accounts within **two business days**. You receive an email
as soon as your account is approved, together with your **Site ID (SID)**.
""",
                        promoted=True,
                        labels="sign up, register, new publisher",
                    ),
                    _article(
                        "Why was my publisher application declined?",
                        "why-was-my-publisher-application-declined",
                        """\
## The most common reasons

- The site is under construction or has very little original content.
- The site promotes content that breaks our publisher agreement.
- The contact details could not be verified.
- An account already exists for the same site.

## What you can do

Fix what applies, then reply to the email you received: the team reviews
the application again. Reviews usually take two business days.
""",
                        labels="application, declined, rejected",
                    ),
                    _article(
                        "What is a Site ID (SID)?",
                        "what-is-a-site-id-sid",
                        """\
## One number per marketing channel

Your **Site ID (SID)** is a unique number that identifies each of your
marketing channels in our network: a website, an app, a newsletter. Every
click and every commission is recorded against a SID.

## Where to find it

Once you are signed in, your SID is shown at the **top right** of the
dashboard and of this help center.

## Why it matters

Customer Support uses your SID to find your record. Include it in every
message you send us, and your request is answered faster.
""",
                        promoted=True,
                        labels="sid, site id, account number",
                    ),
                ],
            },
            {
                "name": "Your First Links",
                "slug": "your-first-links",
                "description": "Find advertisers and create links that track.",
                "articles": [
                    _article(
                        "How do I apply to an advertiser's program?",
                        "how-do-i-apply-to-an-advertisers-program",
                        """\
## Find a program

Open **Advertisers > Find advertisers** in the dashboard and filter by
category, country or commission type.

## Apply

Click **Apply** on the program's page. Some advertisers approve at once;
others review each publisher and answer within a few days. You can follow
the status under **Advertisers > My applications**.
""",
                        labels="apply, program, advertiser",
                    ),
                    _article(
                        "How do I create a tracking link?",
                        "how-do-i-create-a-tracking-link",
                        """\
## With the link builder

1. Open **Links > Link builder**.
2. Choose the advertiser and paste the page you want to link to.
3. Click **Create link** and copy the result.

A tracking link looks like this:

```text
https://click.example.com/deeplink?id=1234567&mid=4321&murl=https%3A%2F%2Fshop.example.com%2Fshoes
```

The `id` parameter is your SID, `mid` the advertiser and `murl` the page.
""",
                        promoted=True,
                        labels="tracking link, deep link, link builder",
                    ),
                    _article(
                        "What is a deep link?",
                        "what-is-a-deep-link",
                        """\
## A link to any page

A deep link sends your reader to a specific product or category page
instead of the advertiser's home page. Readers land where they expected to,
so they buy more often.

## Is deep linking allowed?

Most advertisers allow it. The program's page says **Deep linking: yes**
when it is. Create deep links with the link builder.
""",
                        labels="deep link, landing page",
                    ),
                    _article(
                        "How long does a tracking link stay valid?",
                        "how-long-does-a-tracking-link-stay-valid",
                        """\
## As long as the partnership is active

A link keeps working while you are approved for the advertiser's program.
If the program ends, the link sends readers to the advertiser's home page
and no longer earns commission.

## The cookie period

After a click, a sale counts for you during the program's **return days**,
usually 7 to 30 days. Each program's page lists its own period.
""",
                        labels="link validity, cookie, return days",
                    ),
                ],
            },
        ],
    },
    {
        "name": "Account & Payments",
        "slug": "account-and-payments",
        "description": "Your profile, security, payment details and tax forms.",
        "sections": [
            {
                "name": "Account Settings",
                "slug": "account-settings",
                "description": "Profile, password and users of your account.",
                "articles": [
                    _article(
                        "How do I reset my password?",
                        "how-do-i-reset-my-password",
                        """\
## Reset it yourself

1. Click **Sign in**, then **Forgot your password?**
2. Enter the email address of your account.
3. Open the email we send and choose a new password.

The link in the email works once and expires after three days. No email?
Check your spam folder, then ask Customer Support.
""",
                        promoted=True,
                        labels="password, reset, forgot password, login",
                    ),
                    _article(
                        "How do I change the email address of my account?",
                        "how-do-i-change-the-email-address-of-my-account",
                        """\
## In your profile

Open **Account > Profile**, add the new address and confirm it from the
email we send. Then make it your primary address and remove the old one.

Payment notices go to your primary address from then on.
""",
                        visibility="signed_in",
                        labels="email, profile, change email",
                    ),
                    _article(
                        "Can several people use one publisher account?",
                        "can-several-people-use-one-publisher-account",
                        """\
## Invite your team

The account owner can invite users under **Account > Users** and give each
one a role:

| Role | Can see reports | Can create links | Can change payment details |
|---|---|---|---|
| Owner | Yes | Yes | Yes |
| Editor | Yes | Yes | No |
| Viewer | Yes | No | No |

Never share your own password: each person signs in with their own.
""",
                        visibility="signed_in",
                        labels="users, team, roles, access",
                    ),
                ],
            },
            {
                "name": "Payments",
                "slug": "payments",
                "description": "When and how commissions are paid.",
                "articles": [
                    _article(
                        "When do I get paid?",
                        "when-do-i-get-paid",
                        """\
## The payment cycle

Commissions are paid once the advertiser has **paid us** for them. Most
advertisers pay within 60 days of the end of the month of the sale.

## The payment threshold

We pay when your approved balance reaches the **payment threshold** you set
(at least 50 USD, 50 EUR or 50 GBP). Smaller balances carry over to the
next month.
""",
                        promoted=True,
                        labels="payment, payout, threshold, schedule",
                    ),
                    _article(
                        "How do I change my bank details?",
                        "how-do-i-change-my-bank-details",
                        """\
## In the dashboard

Open **Account > Payment details**, enter the new account and confirm the
change from the email we send you. For your security, payments are held
for **seven days** after a change of bank details.

## International accounts

For accounts outside the US, enter the IBAN and the SWIFT/BIC code exactly
as your bank gives them.
""",
                        visibility="signed_in",
                        labels="bank, payment details, iban",
                    ),
                    _article(
                        "Why is my payment on hold?",
                        "why-is-my-payment-on-hold",
                        """\
## Common reasons

- Your balance is below your payment threshold.
- Your tax form is missing or has expired.
- Your bank details changed in the last seven days.
- The bank returned an earlier payment.

The **Payments** page of the dashboard shows the reason for a hold and what
to do about it.
""",
                        visibility="signed_in",
                        labels="payment hold, held, missing payment",
                    ),
                    _article(
                        "Which tax forms do I need to send?",
                        "which-tax-forms-do-i-need-to-send",
                        """\
## US publishers

Send a **W-9** form. We issue a 1099 form each January for the past year.

## Publishers outside the US

Send a **W-8BEN** (individuals) or **W-8BEN-E** (companies). Without a
valid form, payments are held.

Upload forms under **Account > Tax information**. We cannot give tax
advice: ask your tax advisor which form applies to you.
""",
                        visibility="signed_in",
                        labels="tax, w-9, w-8ben, forms",
                    ),
                ],
            },
        ],
    },
    {
        "name": "Links, Tracking & Reporting",
        "slug": "links-tracking-and-reporting",
        "description": "Make sure every sale is tracked, and read your reports.",
        "sections": [
            {
                "name": "Tracking",
                "slug": "tracking",
                "description": "How clicks and sales are recorded.",
                "articles": [
                    _article(
                        "Why is a sale missing from my reports?",
                        "why-is-a-sale-missing-from-my-reports",
                        """\
## Check these first

- Sales appear up to **48 hours** after they happen.
- The buyer must accept the advertiser's cookies.
- The purchase must happen within the program's return days.
- Some products are excluded from commission: see the program terms.

## Still missing?

Send a missing-sale inquiry under **Reports > Inquiries** with the order
number, date and amount. The advertiser answers within 30 days.
""",
                        promoted=True,
                        labels="missing sale, tracking, inquiry",
                    ),
                    _article(
                        "How do cookies affect tracking?",
                        "how-do-cookies-affect-tracking",
                        """\
## What the cookie does

When a reader clicks your link, the advertiser's site stores a cookie that
remembers your SID. When the reader buys, the sale is matched to you.

## Consent and browsers

Readers who refuse cookies, or browsers that block them, can prevent
tracking. Server-side tracking, offered by many advertisers, makes this
much less likely.
""",
                        labels="cookies, consent, tracking",
                    ),
                    _article(
                        "How do I test a tracking link?",
                        "how-do-i-test-a-tracking-link",
                        """\
## Test without buying

1. Open the link in a private browser window.
2. Check that you land on the right page.
3. Open **Reports > Clicks** after a few minutes: the click should appear.

Do not place test orders: they are treated as your own purchases and are
not commissionable.
""",
                        labels="test link, clicks, debugging",
                    ),
                ],
            },
            {
                "name": "Reports",
                "slug": "reports",
                "description": "Clicks, sales and commissions at a glance.",
                "articles": [
                    _article(
                        "How do I read the performance report?",
                        "how-do-i-read-the-performance-report",
                        """\
## The columns

| Column | Meaning |
|---|---|
| Clicks | Clicks on your links |
| Orders | Orders placed after a click |
| Sales | Value of those orders |
| Commission | What you earned |
| EPC | Earnings per click: commission divided by clicks |

Filter by date, advertiser or SID, and export to CSV with **Download**.
""",
                        visibility="signed_in",
                        labels="report, performance, epc",
                    ),
                    _article(
                        "How do I get my reports through the API?",
                        "how-do-i-get-my-reports-through-the-api",
                        """\
## Your API token

Create a token under **Account > API access**. Keep it secret: it gives
read access to your reports.

## An example request

```bash
curl -H "Authorization: Bearer $TOKEN" \\
  "https://api.example.com/reports/performance?start=2026-01-01&end=2026-01-31"
```

The answer is JSON with one row per day and advertiser.
""",
                        visibility="signed_in",
                        labels="api, token, reports, automation",
                    ),
                    _article(
                        "Why do my numbers differ from the advertiser's?",
                        "why-do-my-numbers-differ-from-the-advertisers",
                        """\
## Usual reasons

- Time zones: our reports use UTC.
- Returns and cancellations reduce commission after the sale.
- The advertiser counts visits, we count clicks.

Differences of a few percent are normal. Larger ones are worth an inquiry.
""",
                        visibility="signed_in",
                        labels="discrepancy, numbers, reports",
                    ),
                    _article(
                        "When are commissions approved?",
                        "when-are-commissions-approved",
                        """\
## Pending, approved, paid

A commission is **pending** until the advertiser confirms the order was
not returned, then **approved**, then **paid** in the next payment run.
Most advertisers approve within 30 to 90 days.
""",
                        visibility="signed_in",
                        labels="approval, pending commission",
                    ),
                ],
            },
            {
                "name": "Tools and Widgets",
                "slug": "tools-and-widgets",
                "description": "Banners, product feeds and browser tools.",
                "articles": [
                    _article(
                        "How do I use banners?",
                        "how-do-i-use-banners",
                        """\
## Pick a banner

Open **Links > Banners**, filter by size and copy the HTML code of the one
you like into your page. The code already contains your tracking link.

Do not resize or edit banner images: advertisers may decline edited ads.
""",
                        labels="banners, creatives, ads",
                    ),
                    _article(
                        "What is a product feed?",
                        "what-is-a-product-feed",
                        """\
## Every product, as a file

A product feed lists an advertiser's products with names, prices, images
and tracking links. Use it to build comparison pages or shopping widgets.

Feeds are updated daily. Download them from **Links > Product feeds**.
""",
                        visibility="signed_in",
                        labels="product feed, catalog, xml, csv",
                    ),
                    _article(
                        "How do I install the browser extension?",
                        "how-do-i-install-the-browser-extension",
                        """\
## Links in one click

The extension creates a tracking link for the page you are looking at.
Install it from your browser's extension store, sign in with your
publisher account and pick the SID to use.
""",
                        labels="extension, browser, chrome, firefox",
                    ),
                ],
            },
        ],
    },
    {
        "name": "Advertisers & Programs",
        "slug": "advertisers-and-programs",
        "description": "Program terms, commissions and working with advertisers.",
        "sections": [
            {
                "name": "Program Terms",
                "slug": "program-terms",
                "description": "What each program allows and pays.",
                "articles": [
                    _article(
                        "What are program terms?",
                        "what-are-program-terms",
                        """\
## The rules of each program

Every advertiser publishes terms: commission rates, return days, and what
is allowed (coupons, paid search, email). Read them before you promote a
program. Breaking them can cost you commissions.
""",
                        labels="terms, program rules",
                    ),
                    _article(
                        "Can I bid on an advertiser's brand name in search ads?",
                        "can-i-bid-on-an-advertisers-brand-name",
                        """\
## Usually not

Most programs forbid bidding on the brand name and its misspellings. The
program terms say what is allowed under **Paid search**. When in doubt, ask
the advertiser through **Advertisers > Messages** before you start.
""",
                        labels="paid search, ppc, brand bidding, sem",
                    ),
                    _article(
                        "How do coupon codes work with tracking?",
                        "how-do-coupon-codes-work-with-tracking",
                        """\
## Codes and clicks

A sale counts for you when the buyer clicked your link. Some advertisers
also credit sales by coupon code. Only promote codes the advertiser has
given to publishers: codes found elsewhere may not be commissionable.
""",
                        labels="coupons, voucher codes",
                    ),
                ],
            },
            {
                "name": "Commissions",
                "slug": "commissions",
                "description": "Rates, bonuses and disputes.",
                "articles": [
                    _article(
                        "How are commission rates set?",
                        "how-are-commission-rates-set",
                        """\
## Set by each advertiser

Advertisers set their own rates: a percentage of the sale, a fixed amount
per lead, or tiers that rise with your volume. Your current rate is shown
on each program's page.
""",
                        labels="commission rate, tiers",
                    ),
                    _article(
                        "How do I dispute a declined commission?",
                        "how-do-i-dispute-a-declined-commission",
                        """\
## Open a dispute

1. Open **Reports > Transactions** and find the declined commission.
2. Click **Dispute** and explain why it should be paid.
3. Attach proof, such as the order confirmation your reader forwarded.

The advertiser answers within 30 days. Customer Support can step in if it
does not.
""",
                        visibility="signed_in",
                        labels="dispute, declined commission, reversal",
                    ),
                    _article(
                        "Can I negotiate a higher commission?",
                        "can-i-negotiate-a-higher-commission",
                        """\
## Yes, with results

Advertisers reward publishers who send valuable traffic. Prepare your
numbers (clicks, conversion rate, average order) and message the advertiser
through the dashboard.
""",
                        visibility="signed_in",
                        labels="negotiate, bonus, higher rate",
                    ),
                    _article(
                        "Internal: escalation checklist for commission disputes",
                        "internal-escalation-checklist-for-commission-disputes",
                        """\
## Before escalating to the advertiser team

- Confirm the click exists in the click log for the publisher's SID.
- Check the order date against the program's return days.
- Check whether the product category is excluded.
- Note the dispute id in the support request.

Escalate only after 30 days without an answer from the advertiser.
""",
                        visibility="staff",
                        labels="internal, escalation, disputes",
                    ),
                ],
            },
        ],
    },
    {
        "name": "Contacting Support",
        "slug": "contacting-support",
        "description": "Reach the right team, fast.",
        "sections": [
            {
                "name": "Customer Support",
                "slug": "customer-support",
                "description": "Chat, email and phone contacts for your region.",
                "articles": [
                    _article(
                        "What is the best way to contact Customer Support?",
                        SEED_ARTICLE_SLUG,
                        SEED_BODY,
                        promoted=True,
                        labels="contact, support, phone, email, chat, sid",
                    ),
                    _article(
                        "What can Customer Support help me with?",
                        "what-can-customer-support-help-me-with",
                        """\
## We can help with

- Tracking problems and missing sales
- Payments, payment holds and tax forms
- Access to your account and your users
- Technical questions about links, feeds and the API

## Advertisers answer for their programs

Questions about a program's terms, rates or approvals go to the advertiser
through **Advertisers > Messages**.

See [how to contact Customer Support][contact].

[contact]: demo-article:what-is-the-best-way-to-contact-customer-support
""",
                        labels="support, help, scope",
                    ),
                    _article(
                        "How fast will Customer Support answer?",
                        "how-fast-will-customer-support-answer",
                        """\
## Our targets

| Channel | First answer |
|---|---|
| Chat | Within minutes, 24/7 |
| Email | Within one business day |
| Phone | During the region's office hours |

Include your SID and the details listed in
[the contact article](demo-article:what-is-the-best-way-to-contact-customer-support)
to get a complete answer the first time.
""",
                        labels="response time, sla",
                    ),
                    _article(
                        "Internal: verifying a publisher before changing bank details",
                        "internal-verifying-a-publisher-before-changing-bank-details",
                        """\
## Never change bank details on request by email alone

1. Find the account by SID and compare the sender with the primary email.
2. Call the publisher back on the phone number on file, not one given in
   the request.
3. Record the verification in the request before any change.
""",
                        visibility="staff",
                        labels="internal, verification, fraud",
                    ),
                ],
            },
            {
                "name": "Troubleshooting",
                "slug": "troubleshooting",
                "description": "Fix common problems yourself.",
                "articles": [
                    _article(
                        "I can't sign in: what should I do?",
                        "i-cant-sign-in-what-should-i-do",
                        """\
## Try these steps

1. Check the email address: it is your sign-in name.
2. [Reset your password](demo-article:how-do-i-reset-my-password).
3. After several failed attempts, wait a few minutes before trying again.
4. Clear your browser's cookies for this site.

Still stuck? Contact Customer Support with your SID.
""",
                        labels="login, sign in, locked out",
                    ),
                    _article(
                        "Our emails end up in spam: what can I do?",
                        "our-emails-end-up-in-spam",
                        """\
## Add us to your safe senders

Add our domain to the safe-senders list of your email program, and check
the spam or junk folder before you contact us again.
""",
                        labels="spam, junk mail, email delivery",
                    ),
                    _article(
                        "The dashboard looks broken in my browser",
                        "the-dashboard-looks-broken-in-my-browser",
                        """\
## Quick fixes

- Update your browser to its latest version.
- Disable ad blockers for the dashboard.
- Try a private window to rule out extensions.

If it persists, send us your browser, operating system and a screenshot.
""",
                        labels="browser, display, bug",
                    ),
                    _article(
                        "Why was my account suspended?",
                        "why-was-my-account-suspended",
                        """\
## Reasons we suspend accounts

- Traffic that breaks the publisher agreement, such as incentivised clicks.
- Repeated breaches of program terms.
- Unverifiable account details.

The suspension email explains the reason and how to appeal.
""",
                        visibility="signed_in",
                        labels="suspended, suspension, appeal",
                    ),
                ],
            },
            {
                "name": "Policies",
                "slug": "policies",
                "description": "The rules that keep the network fair.",
                "articles": [
                    _article(
                        "What traffic is not allowed?",
                        "what-traffic-is-not-allowed",
                        """\
## Never allowed

- Paying or rewarding people for clicks.
- Hidden or automatic clicks (cookie stuffing).
- Unsolicited email.
- Misleading claims about an advertiser or its products.
""",
                        labels="policy, fraud, prohibited traffic",
                    ),
                    _article(
                        "How do I disclose affiliate links?",
                        "how-do-i-disclose-affiliate-links",
                        """\
## Tell your readers

Say clearly, near the link, that you earn a commission, for example:
*"We may earn a commission when you buy through links on this page."*
Many countries require this by law.
""",
                        labels="disclosure, ftc, transparency",
                    ),
                    _article(
                        "How do you handle my personal data?",
                        "how-do-you-handle-my-personal-data",
                        """\
## Only what we need

We keep the data needed to run your account and pay you. You can download
or correct it under **Account > Privacy**, and ask us to delete it when you
close your account.
""",
                        labels="privacy, gdpr, data",
                    ),
                ],
            },
        ],
    },
]

EXTRA_COMMENTS = [
    {
        "article": "when-do-i-get-paid",
        "author": "publisher",
        "body": "Can I lower my payment threshold below 50 USD?",
    },
    {
        "article": "when-do-i-get-paid",
        "author": "staff",
        "body": "50 is the lowest threshold we can offer, as bank fees would "
        "otherwise eat into small payments.",
    },
    {
        "article": "how-do-i-create-a-tracking-link",
        "author": "publisher",
        "body": "The link builder example made deep links click for me. Thanks!",
    },
    {
        "article": "why-is-a-sale-missing-from-my-reports",
        "author": "manager",
        "body": "Tip: send inquiries within 90 days of the order, advertisers "
        "can decline older ones.",
    },
]

# "Was this article helpful?" answers by demo readers: the seed article's
# "26 out of 66 found this helpful", and a spread that makes the admin's
# Feedback report worth reading. Reasons go to the first No votes, in turn.
DEMO_VOTES = [
    {
        "article": SEED_ARTICLE_SLUG,
        "helpful": 26,
        "total": 66,
        "reasons": [
            ("more_information", "Which number do I call from Mexico?"),
            ("more_information", ""),
            ("inaccurate", "The chat opened in English although I chose French."),
            ("other", ""),
        ],
    },
    {"article": "when-do-i-get-paid", "helpful": 45, "total": 50, "reasons": []},
    {
        "article": "why-is-a-sale-missing-from-my-reports",
        "helpful": 4,
        "total": 15,
        "reasons": [
            ("hard_to_understand", "What is a 'locking date'?"),
            ("more_information", "Please add an example inquiry."),
            ("broken", "The link to the inquiry form gives an error."),
        ],
    },
    {"article": "how-do-i-create-a-tracking-link", "helpful": 1, "total": 1},
    {
        "article": "how-do-i-change-my-bank-details",
        "helpful": 2,
        "total": 6,
        "reasons": [("inaccurate", "The form has moved to Account > Payments.")],
    },
]
DEMO_READERS = 66

# A publisher's question that waits for a manager in /moderation/.
PENDING_COMMENT = {
    "article": "why-is-my-payment-on-hold",
    "author": "publisher",
    "body": "My payment has been on hold for two weeks, although my tax form "
    "was accepted. Who should I write to?",
}
