"""French translations of the demo content (see articles/demo/content.py)."""

CATEGORIES = {
    "getting-started": {
        "name": "Premiers pas",
        "description": "Rejoignez le réseau, configurez votre compte et créez "
        "votre premier lien.",
    },
    "account-and-payments": {
        "name": "Compte et paiements",
        "description": "Votre profil, la sécurité, vos coordonnées de paiement "
        "et vos formulaires fiscaux.",
    },
    "links-tracking-and-reporting": {
        "name": "Liens, suivi et rapports",
        "description": "Assurez-vous que chaque vente est bien suivie et "
        "apprenez à lire vos rapports.",
    },
    "advertisers-and-programs": {
        "name": "Annonceurs et programmes",
        "description": "Conditions des programmes, commissions et collaboration "
        "avec les annonceurs.",
    },
    "contacting-support": {
        "name": "Contacter l'assistance",
        "description": "Joignez rapidement la bonne équipe.",
    },
}

SECTIONS = {
    "joining-the-network": {
        "name": "Rejoindre le réseau",
        "description": "Inscrivez-vous en tant qu'éditeur et faites valider "
        "votre compte.",
    },
    "your-first-links": {
        "name": "Vos premiers liens",
        "description": "Trouvez des annonceurs et créez vos liens de suivi.",
    },
    "account-settings": {
        "name": "Paramètres du compte",
        "description": "Profil, mot de passe et utilisateurs de votre compte.",
    },
    "payments": {
        "name": "Paiements",
        "description": "Quand et comment les commissions sont versées.",
    },
    "tracking": {
        "name": "Suivi",
        "description": "Comment les clics et les ventes sont enregistrés.",
    },
    "reports": {
        "name": "Rapports",
        "description": "Clics, ventes et commissions en un coup d'œil.",
    },
    "tools-and-widgets": {
        "name": "Outils et widgets",
        "description": "Bannières, flux produits et outils pour navigateur.",
    },
    "program-terms": {
        "name": "Conditions des programmes",
        "description": "Ce que chaque programme autorise et rémunère.",
    },
    "commissions": {
        "name": "Commissions",
        "description": "Taux, primes et contestations.",
    },
    "customer-support": {
        "name": "Assistance clientèle",
        "description": "Chat, e-mail et téléphone : les contacts de votre région.",
    },
    "troubleshooting": {
        "name": "Dépannage",
        "description": "Résolvez vous-même les problèmes courants.",
    },
    "policies": {
        "name": "Règles du réseau",
        "description": "Les règles qui garantissent un réseau équitable.",
    },
}

ARTICLES = {
    "what-is-the-best-way-to-contact-customer-support": {
        "title": "Quel est le meilleur moyen de contacter l'assistance clientèle ?",
        "slug": "comment-contacter-l-assistance-clientele",
        "body": """\
## Assistance par chat

L'assistance par chat est disponible 24 heures sur 24, 7 jours sur 7. Il vous
suffit de cliquer sur le bouton Assistance, en bas à droite de votre écran
(voir ci-dessous).

![Le bouton Assistance, en bas à droite de chaque page](demo-image:support-button)

## Autres coordonnées

Si aucun numéro gratuit n'est indiqué pour votre pays, écrivez-nous par e-mail
en nous demandant de vous rappeler.

### États-Unis, Canada, Australie et pays hors d'Europe non mentionnés ci-dessous

- E-mail : [uspubsupport@rakuten.com](mailto:uspubsupport@rakuten.com)
- Par téléphone : numéro gratuit [+1-888-880-8430](tel:+18888808430) ou
  appelez le [+1-646-943-8200](tel:+16469438200) et choisissez l'option 7.
- Langue d'assistance : anglais

### Royaume-Uni et autres pays européens non mentionnés ci-dessous

- E-mail : [eupubsupport@example.com](mailto:eupubsupport@example.com)
- Par téléphone : appelez le [+44 20 7946 0958](tel:+442079460958) et
  choisissez l'option 2.
- Langue d'assistance : anglais

### France et/ou éditeurs francophones

- E-mail : [frpubsupport@example.com](mailto:frpubsupport@example.com)
- Par téléphone : appelez le [+33 1 99 00 12 34](tel:+33199001234) et
  choisissez l'option 3.
- Langue d'assistance : français

### Allemagne et/ou éditeurs germanophones

- E-mail : [depubsupport@example.com](mailto:depubsupport@example.com)
- Par téléphone : appelez le [+49 30 23125 000](tel:+493023125000) et
  choisissez l'option 4.
- Langue d'assistance : allemand

### Brésil, ou éditeurs parlant le portugais du Brésil

- E-mail : [brpubsupport@example.com](mailto:brpubsupport@example.com)
- Pas de numéro gratuit : écrivez-nous par e-mail en nous demandant de vous
  rappeler.
- Langue d'assistance : portugais (Brésil)

## Pour une réponse rapide et efficace

**Ajoutez rakuten.com à vos expéditeurs approuvés :** pour que notre réponse
n'atterrisse pas dans vos spams, ajoutez le domaine rakuten.com à la liste des
expéditeurs approuvés de votre messagerie. Avant de recontacter l'assistance
clientèle, vérifiez que notre réponse ne se trouve pas dans votre dossier de
spam ou de courrier indésirable.

**Indiquez votre SID :** pour que nous puissions vous aider plus rapidement,
indiquez votre identifiant de site (SID), un numéro unique qui sert à
identifier les différents canaux marketing au sein de notre réseau. Notre
équipe d'assistance s'en sert pour retrouver votre dossier : pensez donc à le
mentionner dans tous vos échanges avec nous. Votre SID figure en haut à droite
de votre tableau de bord.

![Votre SID, en haut à droite du tableau de bord](demo-image:sid-header)

**Donnez le plus de détails possible :** si vous rencontrez un problème
technique, vous gagnerez beaucoup de temps dans sa résolution avec l'assistance
clientèle en précisant dans votre e-mail toutes les informations utiles,
par exemple :

- le ou les navigateurs que vous utilisez (Chrome, Safari, Firefox, etc.) ;
- votre système d'exploitation (Windows 7, Apple OS) ;
- les étapes que vous suivez avant que le problème ne survienne ;
- le message d'erreur qui s'affiche, le cas échéant ;
- des captures d'écran du message d'erreur ou du problème, si possible.

[Découvrez en quoi l'assistance clientèle peut vous aider.][help]

[help]: demo-article:what-can-customer-support-help-me-with

Le centre d'aide pour les éditeurs vous propose à toute heure une aide
immédiate en libre-service, avec des informations techniques générales et des
bonnes pratiques. Mais il arrive que vous ayez besoin d'une aide plus
personnalisée : l'équipe de l'assistance clientèle est alors à votre
disposition pour répondre à vos questions précises sur nos produits et leurs
aspects techniques, et pour résoudre vos problèmes techniques à votre entière
satisfaction.

Vous avez d'autres questions ? Utilisez l'onglet ASSISTANCE en haut de la page
ou [ce lien](/support/) pour trouver l'adresse e-mail ou le numéro de
téléphone de l'assistance clientèle de votre région.
""",
    },
    "what-can-customer-support-help-me-with": {
        "title": "En quoi l'assistance clientèle peut-elle m'aider ?",
        "slug": "en-quoi-l-assistance-clientele-peut-elle-m-aider",
        "body": """\
## Ce que nous pouvons faire pour vous

- Les problèmes de suivi et les ventes manquantes
- Les paiements, les paiements bloqués et les formulaires fiscaux
- L'accès à votre compte et la gestion de vos utilisateurs
- Les questions techniques sur les liens, les flux produits et l'API

## Questions sur un programme : adressez-vous à l'annonceur

Les questions sur les conditions, les taux ou les validations d'un programme
sont à adresser directement à l'annonceur, depuis **Annonceurs > Messages**.

Découvrez [comment contacter l'assistance clientèle][contact].

[contact]: demo-article:what-is-the-best-way-to-contact-customer-support
""",
    },
    "how-fast-will-customer-support-answer": {
        "title": "Dans quels délais l'assistance clientèle répond-elle ?",
        "slug": "dans-quels-delais-l-assistance-clientele-repond-elle",
        "body": """\
## Nos objectifs

| Canal | Première réponse |
|---|---|
| Chat | En quelques minutes, 24 h/24, 7 j/7 |
| E-mail | Sous un jour ouvré |
| Téléphone | Pendant les heures d'ouverture de votre région |

Indiquez votre SID et les informations énumérées dans
[l'article sur les moyens de nous contacter](demo-article:what-is-the-best-way-to-contact-customer-support)
pour obtenir une réponse complète dès votre première demande.
""",
    },
    "how-do-i-sign-up-as-a-publisher": {
        "title": "Comment m'inscrire en tant qu'éditeur ?",
        "slug": "comment-m-inscrire-en-tant-qu-editeur",
        "body": """\
## Avant de commencer

L'inscription est gratuite. Il vous faut un site web, une application, une
newsletter ou un compte sur les réseaux sociaux où vous publiez vos propres
contenus, ainsi qu'une adresse e-mail que vous consultez régulièrement.

## Marche à suivre

1. Cliquez sur **S'inscrire** en haut à droite de ce centre d'aide.
2. Saisissez votre nom, votre adresse e-mail et un mot de passe.
3. Complétez votre profil dans le tableau de bord éditeur : l'adresse de
   votre site, le type d'audience que vous touchez et votre pays
   d'établissement.
4. Acceptez le contrat éditeur.

Nous examinons les nouveaux comptes sous **deux jours ouvrés**. Vous recevez
un e-mail dès que votre compte est validé, avec votre **identifiant de site
(SID)**.
""",
    },
    "what-is-a-site-id-sid": {
        "title": "Qu'est-ce qu'un identifiant de site (SID) ?",
        "slug": "qu-est-ce-qu-un-identifiant-de-site-sid",
        "body": """\
## Un numéro par canal marketing

Votre **identifiant de site (SID)** est un numéro unique qui identifie chacun
de vos canaux marketing au sein de notre réseau : site web, application,
newsletter. Chaque clic et chaque commission sont enregistrés sous un SID.

## Où le trouver ?

Une fois la connexion établie, votre SID s'affiche en **haut à droite** du
tableau de bord et de ce centre d'aide.

## Pourquoi est-il important ?

L'assistance clientèle se sert de votre SID pour retrouver votre dossier.
Indiquez-le dans chacun de vos messages : vous obtiendrez une réponse plus
rapidement.
""",
    },
    "how-do-i-create-a-tracking-link": {
        "title": "Comment créer un lien de suivi ?",
        "slug": "comment-creer-un-lien-de-suivi",
        "body": """\
## Avec le générateur de liens

1. Ouvrez **Liens > Générateur de liens**.
2. Choisissez l'annonceur et collez l'adresse de la page vers laquelle vous
   souhaitez renvoyer.
3. Cliquez sur **Créer le lien** et copiez le résultat.

Un lien de suivi se présente ainsi :

```text
https://click.example.com/deeplink?id=1234567&mid=4321&murl=https%3A%2F%2Fshop.example.com%2Fshoes
```

Le paramètre `id` correspond à votre SID, `mid` à l'annonceur et `murl` à la
page de destination.
""",
    },
    "how-do-i-reset-my-password": {
        "title": "Comment réinitialiser mon mot de passe ?",
        "slug": "comment-reinitialiser-mon-mot-de-passe",
        "body": """\
## Réinitialisez-le vous-même

1. Cliquez sur **Se connecter**, puis sur **Mot de passe oublié ?**
2. Saisissez l'adresse e-mail de votre compte.
3. Ouvrez l'e-mail que nous vous envoyons et choisissez un nouveau mot de
   passe.

Le lien contenu dans l'e-mail n'est utilisable qu'une seule fois et expire au
bout de trois jours. Vous n'avez pas reçu d'e-mail ? Vérifiez votre dossier de
spam, puis contactez l'assistance clientèle.
""",
    },
    "when-do-i-get-paid": {
        "title": "Quand vais-je recevoir mon paiement ?",
        "slug": "quand-vais-je-recevoir-mon-paiement",
        "body": """\
## Le cycle de paiement

Les commissions sont versées une fois que l'annonceur **nous les a réglées**.
La plupart des annonceurs paient dans les 60 jours qui suivent la fin du mois
de la vente.

## Le seuil de paiement

Nous effectuons le paiement dès que votre solde validé atteint le **seuil de
paiement** que vous avez défini (50 USD, 50 EUR ou 50 GBP au minimum). Les
soldes inférieurs sont reportés sur le mois suivant.
""",
    },
    "why-is-a-sale-missing-from-my-reports": {
        "title": "Pourquoi une vente n'apparaît-elle pas dans mes rapports ?",
        "slug": "pourquoi-une-vente-n-apparait-elle-pas-dans-mes-rapports",
        "body": """\
## Vérifiez d'abord ces points

- Une vente peut mettre jusqu'à **48 heures** à apparaître.
- L'acheteur doit accepter les cookies de l'annonceur.
- L'achat doit avoir lieu pendant la durée de validité du cookie définie par
  le programme.
- Certains produits n'ouvrent pas droit à commission : consultez les
  conditions du programme.

## La vente n'apparaît toujours pas ?

Envoyez une réclamation pour vente manquante depuis **Rapports >
Réclamations**, en indiquant le numéro, la date et le montant de la commande.
L'annonceur vous répond sous 30 jours.
""",
    },
    "i-cant-sign-in-what-should-i-do": {
        "title": "Je n'arrive pas à me connecter : que faire ?",
        "slug": "je-n-arrive-pas-a-me-connecter-que-faire",
        "body": """\
## Suivez ces étapes

1. Vérifiez votre adresse e-mail : c'est votre identifiant de connexion.
2. [Réinitialisez votre mot de passe](demo-article:how-do-i-reset-my-password).
3. Après plusieurs tentatives infructueuses, patientez quelques minutes avant
   de réessayer.
4. Effacez les cookies de votre navigateur pour ce site.

Le problème persiste ? Contactez l'assistance clientèle en indiquant votre
SID.
""",
    },
    "how-do-i-change-my-bank-details": {
        "title": "Comment modifier mes coordonnées bancaires ?",
        "slug": "comment-modifier-mes-coordonnees-bancaires",
        "body": """\
## Depuis le tableau de bord

Ouvrez **Compte > Coordonnées de paiement**, saisissez le nouveau compte, puis
confirmez la modification depuis l'e-mail que nous vous envoyons. Pour votre
sécurité, les paiements sont bloqués pendant **sept jours** après toute
modification des coordonnées bancaires.

## Comptes à l'international

Pour les comptes situés hors des États-Unis, saisissez l'IBAN et le code
SWIFT/BIC exactement tels que votre banque vous les communique.
""",
    },
    "our-emails-end-up-in-spam": {
        "title": "Nos e-mails arrivent dans vos spams : que faire ?",
        "slug": "nos-e-mails-arrivent-dans-vos-spams-que-faire",
        "body": """\
## Ajoutez-nous à vos expéditeurs approuvés

Ajoutez notre domaine à la liste des expéditeurs approuvés de votre
messagerie, et vérifiez votre dossier de spam ou de courrier indésirable avant
de nous recontacter.
""",
    },
}

REGIONS = {
    "US, Canada, Australia and other countries": {
        "name": "États-Unis, Canada, Australie et autres pays",
        "description": "Éditeurs situés aux États-Unis, au Canada, en "
        "Australie et dans les pays hors d'Europe non mentionnés ci-dessous",
        "support_language": "Anglais",
        "hours": "24 heures sur 24, 7 jours sur 7",
    },
    "UK and Europe": {
        "name": "Royaume-Uni et Europe",
        "description": "Éditeurs situés au Royaume-Uni et dans les autres pays "
        "européens non mentionnés ci-dessous",
        "support_language": "Anglais",
        "hours": "24 heures sur 24, 7 jours sur 7",
    },
    "France": {
        "name": "France",
        "description": "Éditeurs situés en France et/ou francophones",
        "support_language": "Français",
        "hours": "24 heures sur 24, 7 jours sur 7",
    },
    "Germany": {
        "name": "Allemagne",
        "description": "Éditeurs situés en Allemagne et/ou germanophones",
        "support_language": "Allemand",
        "hours": "24 heures sur 24, 7 jours sur 7",
    },
    "Brazil": {
        "name": "Brésil",
        "description": "Éditeurs situés au Brésil, ou parlant le portugais du Brésil",
        "support_language": "Portugais (Brésil)",
        "hours": "24 heures sur 24, 7 jours sur 7",
    },
}
