"""German translations of the demo content (see articles/demo/content.py)."""

CATEGORIES = {
    "getting-started": {
        "name": "Erste Schritte",
        "description": (
            "Treten Sie dem Netzwerk bei, richten Sie Ihr Konto ein und "
            "erstellen Sie Ihren ersten Link."
        ),
    },
    "account-and-payments": {
        "name": "Konto & Zahlungen",
        "description": "Ihr Profil, Sicherheit, Zahlungsdaten und Steuerformulare.",
    },
    "links-tracking-and-reporting": {
        "name": "Links, Tracking & Berichte",
        "description": (
            "Sorgen Sie dafür, dass jeder Verkauf erfasst wird, und behalten Sie "
            "Ihre Berichte im Blick."
        ),
    },
    "advertisers-and-programs": {
        "name": "Advertiser & Programme",
        "description": (
            "Programmbedingungen, Provisionen und die Zusammenarbeit mit Advertisern."
        ),
    },
    "contacting-support": {
        "name": "Support kontaktieren",
        "description": "Schnell das richtige Team erreichen.",
    },
}

SECTIONS = {
    "joining-the-network": {
        "name": "Dem Netzwerk beitreten",
        "description": (
            "Registrieren Sie sich als Publisher und lassen Sie Ihr Konto freischalten."
        ),
    },
    "your-first-links": {
        "name": "Ihre ersten Links",
        "description": "Advertiser finden und Links mit Tracking erstellen.",
    },
    "account-settings": {
        "name": "Kontoeinstellungen",
        "description": "Profil, Passwort und Benutzer Ihres Kontos.",
    },
    "payments": {
        "name": "Zahlungen",
        "description": "Wann und wie Provisionen ausgezahlt werden.",
    },
    "tracking": {
        "name": "Tracking",
        "description": "Wie Klicks und Verkäufe erfasst werden.",
    },
    "reports": {
        "name": "Berichte",
        "description": "Klicks, Verkäufe und Provisionen auf einen Blick.",
    },
    "tools-and-widgets": {
        "name": "Tools und Widgets",
        "description": "Banner, Produktfeeds und Browser-Tools.",
    },
    "program-terms": {
        "name": "Programmbedingungen",
        "description": "Was die einzelnen Programme erlauben und vergüten.",
    },
    "commissions": {
        "name": "Provisionen",
        "description": "Provisionssätze, Boni und Einsprüche.",
    },
    "customer-support": {
        "name": "Kundensupport",
        "description": "Kontakt per Chat, E-Mail und Telefon für Ihre Region.",
    },
    "troubleshooting": {
        "name": "Fehlerbehebung",
        "description": "Häufige Probleme selbst lösen.",
    },
    "policies": {
        "name": "Richtlinien",
        "description": "Die Regeln, die für Fairness im Netzwerk sorgen.",
    },
}

ARTICLES = {
    "what-is-the-best-way-to-contact-customer-support": {
        "title": "Wie erreiche ich den Kundensupport am besten?",
        "slug": "wie-erreiche-ich-den-kundensupport-am-besten",
        "body": """\
## Chat-Support

Der Chat-Support ist rund um die Uhr, 7 Tage die Woche für Sie da. Klicken
Sie einfach unten rechts auf Ihrem Bildschirm auf die Schaltfläche „Support“
(hier abgebildet).

![Die Schaltfläche „Support“ unten rechts auf jeder Seite](demo-image:support-button)

## Weitere Kontaktmöglichkeiten

Falls für Ihr Land keine gebührenfreie Nummer angegeben ist, schreiben Sie
uns eine E-Mail und bitten Sie um einen Rückruf.

### USA, Kanada, Australien und nicht unten aufgeführte außereuropäische Länder

- E-Mail: [uspubsupport@rakuten.com](mailto:uspubsupport@rakuten.com)
- Rufen Sie uns an: gebührenfrei unter [+1-888-880-8430](tel:+18888808430)
  oder unter [+1-646-943-8200](tel:+16469438200) und wählen Sie Option 7.
- Verfügbare Supportsprache: Englisch

### Vereinigtes Königreich und nicht unten aufgeführte europäische Länder

- E-Mail: [eupubsupport@example.com](mailto:eupubsupport@example.com)
- Rufen Sie uns an unter [+44 20 7946 0958](tel:+442079460958) und wählen
  Sie Option 2.
- Verfügbare Supportsprache: Englisch

### Frankreich und/oder französischsprachige Publisher

- E-Mail: [frpubsupport@example.com](mailto:frpubsupport@example.com)
- Rufen Sie uns an unter [+33 1 99 00 12 34](tel:+33199001234) und wählen
  Sie Option 3.
- Verfügbare Supportsprache: Französisch

### Deutschland und/oder deutschsprachige Publisher

- E-Mail: [depubsupport@example.com](mailto:depubsupport@example.com)
- Rufen Sie uns an unter [+49 30 23125 000](tel:+493023125000) und wählen
  Sie Option 4.
- Verfügbare Supportsprache: Deutsch

### Brasilien oder Publisher, die brasilianisches Portugiesisch sprechen

- E-Mail: [brpubsupport@example.com](mailto:brpubsupport@example.com)
- Keine gebührenfreie Nummer: Schreiben Sie uns eine E-Mail und bitten Sie
  um einen Rückruf.
- Verfügbare Supportsprache: Brasilianisches Portugiesisch

## Für optimale Ergebnisse

**Setzen Sie rakuten.com auf die Liste sicherer Absender:** Damit unsere
Antwort nicht in Ihrem Spam-Ordner landet, fügen Sie die Domain rakuten.com
in Ihrem E-Mail-Programm der Liste sicherer Absender hinzu. Sehen Sie in
Ihrem Spam- oder Junk-Mail-Ordner nach unserer Antwort, bevor Sie sich
erneut an den Kundensupport wenden.

**Geben Sie Ihre SID an:** Damit wir Ihnen schneller helfen können, geben
Sie bitte Ihre Site-ID (SID) an. Das ist eine eindeutige Nummer, mit der in
unserem Netzwerk die verschiedenen Marketingkanäle identifiziert werden.
Anhand Ihrer Site-ID findet unser Supportteam Ihren Datensatz. Nennen Sie
sie deshalb bitte in jeder Nachricht an uns. Ihre SID finden Sie oben
rechts in Ihrem Dashboard.

![Ihre SID oben rechts im Dashboard](demo-image:sid-header)

**Machen Sie möglichst genaue Angaben:** Wenn Sie ein technisches Problem
haben, sparen Sie bei der Lösung mit dem Kundensupport viel Zeit, wenn Sie
in Ihrer E-Mail-Anfrage die relevanten Details angeben, zum Beispiel:

- Welche(n) Browser Sie verwenden (Chrome, Safari, Firefox usw.)
- Welches Betriebssystem Sie verwenden (Windows 7, Apple OS)
- Welche Schritte Sie ausführen, bevor das Problem auftritt
- Welche Fehlermeldung Sie gegebenenfalls erhalten
- Wenn möglich: Screenshots der Fehlermeldung oder des Problems als Anhang

[Erfahren Sie mehr darüber, wobei Ihnen der Kundensupport helfen kann.][help]

[help]: demo-article:what-can-customer-support-help-me-with

Das Publisher-Hilfecenter bietet Ihnen rund um die Uhr sofortige Hilfe zur
Selbsthilfe mit allgemeinen technischen Informationen und Best Practices.
Manchmal brauchen Sie jedoch persönlichere Unterstützung. Das Team des
Kundensupports beantwortet gern Ihre konkreten technischen und
produktbezogenen Fragen und löst technische Probleme zu Ihrer
Zufriedenheit.

Sie haben noch weitere Fragen? Über den Reiter „SUPPORT“ oben auf der Seite
oder über [diesen Link](/support/) finden Sie die E-Mail-Adressen und
Telefonnummern des Kundensupports für Ihren Standort.
""",
    },
    "what-can-customer-support-help-me-with": {
        "title": "Wobei kann mir der Kundensupport helfen?",
        "slug": "wobei-kann-mir-der-kundensupport-helfen",
        "body": """\
## Dabei helfen wir Ihnen

- Tracking-Probleme und fehlende Verkäufe
- Zahlungen, zurückgehaltene Zahlungen und Steuerformulare
- Zugriff auf Ihr Konto und Ihre Benutzer
- Technische Fragen zu Links, Feeds und der API

## Für ihre Programme sind die Advertiser zuständig

Fragen zu den Bedingungen, Provisionssätzen oder Freischaltungen eines
Programms richten Sie über **Advertiser > Nachrichten** an den Advertiser.

Lesen Sie, [wie Sie den Kundensupport erreichen][contact].

[contact]: demo-article:what-is-the-best-way-to-contact-customer-support
""",
    },
    "how-fast-will-customer-support-answer": {
        "title": "Wie schnell antwortet der Kundensupport?",
        "slug": "wie-schnell-antwortet-der-kundensupport",
        "body": """\
## Unsere Ziele

| Kanal | Erste Antwort |
|---|---|
| Chat | Innerhalb weniger Minuten, rund um die Uhr |
| E-Mail | Innerhalb eines Werktags |
| Telefon | Während der Geschäftszeiten der jeweiligen Region |

Geben Sie Ihre SID und die Angaben aus dem
[Artikel zur Kontaktaufnahme](demo-article:what-is-the-best-way-to-contact-customer-support)
an, damit Sie gleich beim ersten Mal eine vollständige Antwort erhalten.
""",
    },
    "how-do-i-sign-up-as-a-publisher": {
        "title": "Wie registriere ich mich als Publisher?",
        "slug": "wie-registriere-ich-mich-als-publisher",
        "body": """\
## Bevor Sie beginnen

Die Registrierung ist kostenlos. Sie benötigen eine Website, eine App,
einen Newsletter oder ein Social-Media-Konto, auf dem Sie eigene Inhalte
veröffentlichen, sowie eine E-Mail-Adresse, die Sie regelmäßig abrufen.

## So gehen Sie vor

1. Klicken Sie oben rechts in diesem Hilfecenter auf **Registrieren**.
2. Geben Sie Ihren Namen, Ihre E-Mail-Adresse und ein Passwort ein.
3. Vervollständigen Sie Ihr Profil im Publisher-Dashboard: die Adresse
   Ihrer Website, die Art Ihrer Zielgruppe und das Land, in dem Sie
   ansässig sind.
4. Akzeptieren Sie die Publisher-Vereinbarung.

Wir prüfen neue Konten innerhalb von **zwei Werktagen**. Sobald Ihr Konto
freigeschaltet ist, erhalten Sie eine E-Mail mit Ihrer **Site-ID (SID)**.
""",
    },
    "what-is-a-site-id-sid": {
        "title": "Was ist eine Site-ID (SID)?",
        "slug": "was-ist-eine-site-id-sid",
        "body": """\
## Eine Nummer pro Marketingkanal

Ihre **Site-ID (SID)** ist eine eindeutige Nummer, die jeden Ihrer
Marketingkanäle in unserem Netzwerk identifiziert: eine Website, eine App,
einen Newsletter. Jeder Klick und jede Provision wird einer SID zugeordnet.

## Wo Sie sie finden

Sobald Sie angemeldet sind, wird Ihre SID **oben rechts** im Dashboard und
in diesem Hilfecenter angezeigt.

## Warum sie wichtig ist

Der Kundensupport findet Ihren Datensatz anhand Ihrer SID. Geben Sie sie in
jeder Nachricht an uns an, dann wird Ihre Anfrage schneller beantwortet.
""",
    },
    "how-do-i-create-a-tracking-link": {
        "title": "Wie erstelle ich einen Tracking-Link?",
        "slug": "wie-erstelle-ich-einen-tracking-link",
        "body": """\
## Mit dem Link-Builder

1. Öffnen Sie **Links > Link-Builder**.
2. Wählen Sie den Advertiser aus und fügen Sie die Adresse der Seite ein,
   auf die Sie verlinken möchten.
3. Klicken Sie auf **Link erstellen** und kopieren Sie das Ergebnis.

Ein Tracking-Link sieht so aus:

```text
https://click.example.com/deeplink?id=1234567&mid=4321&murl=https%3A%2F%2Fshop.example.com%2Fshoes
```

Der Parameter `id` ist Ihre SID, `mid` steht für den Advertiser und `murl`
für die Zielseite.
""",
    },
    "how-do-i-reset-my-password": {
        "title": "Wie setze ich mein Passwort zurück?",
        "slug": "wie-setze-ich-mein-passwort-zurueck",
        "body": """\
## Selbst zurücksetzen

1. Klicken Sie auf **Anmelden** und dann auf **Passwort vergessen?**
2. Geben Sie die E-Mail-Adresse Ihres Kontos ein.
3. Öffnen Sie die E-Mail, die wir Ihnen senden, und wählen Sie ein neues
   Passwort.

Der Link in der E-Mail funktioniert nur einmal und läuft nach drei Tagen
ab. Keine E-Mail erhalten? Sehen Sie in Ihrem Spam-Ordner nach und wenden
Sie sich dann an den Kundensupport.
""",
    },
    "when-do-i-get-paid": {
        "title": "Wann erhalte ich meine Auszahlung?",
        "slug": "wann-erhalte-ich-meine-auszahlung",
        "body": """\
## Der Zahlungszyklus

Provisionen werden ausgezahlt, sobald der Advertiser sie **an uns gezahlt**
hat. Die meisten Advertiser zahlen innerhalb von 60 Tagen nach Ende des
Monats, in dem der Verkauf stattfand.

## Die Auszahlungsgrenze

Wir zahlen aus, sobald Ihr freigegebenes Guthaben die von Ihnen
festgelegte **Auszahlungsgrenze** erreicht (mindestens 50 USD, 50 EUR oder
50 GBP). Geringere Guthaben werden in den nächsten Monat übertragen.
""",
    },
    "why-is-a-sale-missing-from-my-reports": {
        "title": "Warum fehlt ein Verkauf in meinen Berichten?",
        "slug": "warum-fehlt-ein-verkauf-in-meinen-berichten",
        "body": """\
## Prüfen Sie zuerst Folgendes

- Verkäufe erscheinen bis zu **48 Stunden** nach dem Kauf.
- Der Käufer muss die Cookies des Advertisers akzeptieren.
- Der Kauf muss innerhalb der Cookie-Laufzeit des Programms erfolgen.
- Manche Produkte sind von der Provision ausgeschlossen: Details finden Sie
  in den Programmbedingungen.

## Der Verkauf fehlt immer noch?

Stellen Sie unter **Berichte > Anfragen** eine Nachbuchungsanfrage mit
Bestellnummer, Datum und Betrag. Der Advertiser antwortet innerhalb von
30 Tagen.
""",
    },
    "i-cant-sign-in-what-should-i-do": {
        "title": "Ich kann mich nicht anmelden: Was kann ich tun?",
        "slug": "ich-kann-mich-nicht-anmelden-was-kann-ich-tun",
        "body": """\
## Probieren Sie diese Schritte

1. Überprüfen Sie die E-Mail-Adresse: Sie ist Ihr Anmeldename.
2. [Setzen Sie Ihr Passwort zurück](demo-article:how-do-i-reset-my-password).
3. Warten Sie nach mehreren fehlgeschlagenen Versuchen einige Minuten, bevor
   Sie es erneut versuchen.
4. Löschen Sie die Cookies Ihres Browsers für diese Website.

Sie kommen immer noch nicht weiter? Wenden Sie sich mit Ihrer SID an den
Kundensupport.
""",
    },
    "how-do-i-change-my-bank-details": {
        "title": "Wie ändere ich meine Bankverbindung?",
        "slug": "wie-aendere-ich-meine-bankverbindung",
        "body": """\
## Im Dashboard

Öffnen Sie **Konto > Zahlungsdaten**, geben Sie die neue Bankverbindung ein
und bestätigen Sie die Änderung über die E-Mail, die wir Ihnen senden. Zu
Ihrer Sicherheit werden Zahlungen nach einer Änderung der Bankverbindung
**sieben Tage** lang zurückgehalten.

## Internationale Konten

Geben Sie bei Konten außerhalb der USA die IBAN und den SWIFT-/BIC-Code
genau so ein, wie Ihre Bank sie Ihnen mitteilt.
""",
    },
    "our-emails-end-up-in-spam": {
        "title": "Unsere E-Mails landen im Spam-Ordner: Was kann ich tun?",
        "slug": "unsere-e-mails-landen-im-spam-ordner",
        "body": """\
## Setzen Sie uns auf die Liste sicherer Absender

Fügen Sie unsere Domain in Ihrem E-Mail-Programm der Liste sicherer
Absender hinzu und sehen Sie in Ihrem Spam- oder Junk-Mail-Ordner nach,
bevor Sie sich erneut an uns wenden.
""",
    },
}

REGIONS = {
    "US, Canada, Australia and other countries": {
        "name": "USA, Kanada, Australien und weitere Länder",
        "description": (
            "Publisher mit Sitz in den USA, in Kanada, in Australien und in "
            "nicht unten aufgeführten außereuropäischen Ländern"
        ),
        "support_language": "Englisch",
        "hours": "rund um die Uhr, 7 Tage die Woche",
    },
    "UK and Europe": {
        "name": "Vereinigtes Königreich und Europa",
        "description": (
            "Publisher mit Sitz im Vereinigten Königreich und in anderen, "
            "nicht unten aufgeführten europäischen Ländern"
        ),
        "support_language": "Englisch",
        "hours": "rund um die Uhr, 7 Tage die Woche",
    },
    "France": {
        "name": "Frankreich",
        "description": (
            "Publisher mit Sitz in Frankreich und/oder französischsprachige Publisher"
        ),
        "support_language": "Französisch",
        "hours": "rund um die Uhr, 7 Tage die Woche",
    },
    "Germany": {
        "name": "Deutschland",
        "description": (
            "Publisher mit Sitz in Deutschland und/oder deutschsprachige Publisher"
        ),
        "support_language": "Deutsch",
        "hours": "rund um die Uhr, 7 Tage die Woche",
    },
    "Brazil": {
        "name": "Brasilien",
        "description": (
            "Publisher mit Sitz in Brasilien oder Publisher, die "
            "brasilianisches Portugiesisch sprechen"
        ),
        "support_language": "Brasilianisches Portugiesisch",
        "hours": "rund um die Uhr, 7 Tage die Woche",
    },
}
