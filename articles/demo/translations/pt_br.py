"""Brazilian Portuguese translations of the demo content (see articles/demo/content.py)."""

CATEGORIES = {
    "getting-started": {
        "name": "Primeiros passos",
        "description": "Entre para a rede, configure sua conta e crie seu primeiro link.",
    },
    "account-and-payments": {
        "name": "Conta e pagamentos",
        "description": "Seu perfil, segurança, dados de pagamento e formulários fiscais.",
    },
    "links-tracking-and-reporting": {
        "name": "Links, rastreamento e relatórios",
        "description": "Garanta que todas as vendas sejam rastreadas e entenda seus relatórios.",
    },
    "advertisers-and-programs": {
        "name": "Anunciantes e programas",
        "description": "Termos dos programas, comissões e como trabalhar com os anunciantes.",
    },
    "contacting-support": {
        "name": "Fale com o suporte",
        "description": "Encontre a equipe certa, sem perder tempo.",
    },
}

SECTIONS = {
    "joining-the-network": {
        "name": "Como entrar para a rede",
        "description": "Cadastre-se como publisher e tenha sua conta aprovada.",
    },
    "your-first-links": {
        "name": "Seus primeiros links",
        "description": "Encontre anunciantes e crie links com rastreamento.",
    },
    "account-settings": {
        "name": "Configurações da conta",
        "description": "Perfil, senha e usuários da sua conta.",
    },
    "payments": {
        "name": "Pagamentos",
        "description": "Quando e como as comissões são pagas.",
    },
    "tracking": {
        "name": "Rastreamento",
        "description": "Como os cliques e as vendas são registrados.",
    },
    "reports": {
        "name": "Relatórios",
        "description": "Uma visão rápida dos seus cliques, vendas e comissões.",
    },
    "tools-and-widgets": {
        "name": "Ferramentas e widgets",
        "description": "Banners, feeds de produtos e ferramentas para o navegador.",
    },
    "program-terms": {
        "name": "Termos dos programas",
        "description": "O que cada programa permite e quanto paga.",
    },
    "commissions": {
        "name": "Comissões",
        "description": "Taxas, bônus e contestações.",
    },
    "customer-support": {
        "name": "Suporte ao Cliente",
        "description": "Contatos por chat, e-mail e telefone da sua região.",
    },
    "troubleshooting": {
        "name": "Solução de problemas",
        "description": "Resolva você mesmo os problemas mais comuns.",
    },
    "policies": {
        "name": "Políticas",
        "description": "As regras que mantêm a rede justa para todos.",
    },
}

ARTICLES = {
    "what-is-the-best-way-to-contact-customer-support": {
        "title": "Qual é a melhor forma de falar com o Suporte ao Cliente?",
        "slug": "qual-a-melhor-forma-de-falar-com-o-suporte-ao-cliente",
        "body": """\
## Suporte por chat

O suporte por chat funciona 24 horas por dia, 7 dias por semana. É só clicar
no botão Suporte (na imagem abaixo), no canto inferior direito da tela.

![O botão Suporte no canto inferior direito de todas as páginas](demo-image:support-button)

## Outras informações de contato

Se não houver um número gratuito para o seu país, envie um e-mail para nós e
peça que a gente ligue para você.

### EUA, Canadá, Austrália e países fora da Europa não listados abaixo

- E-mail: [uspubsupport@rakuten.com](mailto:uspubsupport@rakuten.com)
- Telefone: ligação gratuita para [+1-888-880-8430](tel:+18888808430) ou ligue
  para [+1-646-943-8200](tel:+16469438200) e escolha a opção 7.
- Idioma do atendimento: inglês

### Reino Unido e outros países europeus não listados abaixo

- E-mail: [eupubsupport@example.com](mailto:eupubsupport@example.com)
- Telefone: ligue para [+44 20 7946 0958](tel:+442079460958) e escolha a opção 2.
- Idioma do atendimento: inglês

### França e/ou quem fala francês

- E-mail: [frpubsupport@example.com](mailto:frpubsupport@example.com)
- Telefone: ligue para [+33 1 99 00 12 34](tel:+33199001234) e escolha a opção 3.
- Idioma do atendimento: francês

### Alemanha e/ou quem fala alemão

- E-mail: [depubsupport@example.com](mailto:depubsupport@example.com)
- Telefone: ligue para [+49 30 23125 000](tel:+493023125000) e escolha a opção 4.
- Idioma do atendimento: alemão

### Brasil ou quem fala português do Brasil

- E-mail: [brpubsupport@example.com](mailto:brpubsupport@example.com)
- Sem número gratuito: envie um e-mail e peça que a gente ligue para você.
- Idioma do atendimento: português (Brasil)

## Para ter os melhores resultados

**Adicione rakuten.com à lista de remetentes confiáveis:** para garantir que a
nossa resposta não vá parar na pasta de spam, adicione o domínio rakuten.com à
lista de remetentes confiáveis do seu programa de e-mail. Antes de entrar em
contato com o Suporte ao Cliente de novo, procure a nossa resposta na pasta de
spam ou de lixo eletrônico.

**Informe o seu SID:** para agilizar o atendimento, informe o seu ID do site
(SID), um número exclusivo usado na nossa rede para identificar os diferentes
canais de marketing. A nossa equipe de suporte usa o seu ID do site para
localizar o seu cadastro, por isso inclua esse número em todas as mensagens que
você enviar para nós. O seu SID fica no canto superior direito do seu painel.

![O seu SID no canto superior direito do painel](demo-image:sid-header)

**Dê o máximo de detalhes possível:** se você estiver com um problema técnico,
vai economizar muito tempo na solução com o Suporte ao Cliente se incluir no
seu e-mail os detalhes relevantes, como:

- Qual navegador (ou quais navegadores) você usa (Chrome, Safari, Firefox etc.)
- Qual sistema operacional você usa (Windows 7, Apple OS)
- Quais passos você segue antes de o problema acontecer
- Qual mensagem de erro aparece, se houver alguma
- Capturas de tela da mensagem de erro ou do problema em anexo, se possível

[Saiba mais sobre como o Suporte ao Cliente pode ajudar você.][help]

[help]: demo-article:what-can-customer-support-help-me-with

A central de ajuda para publishers está aqui para oferecer autoatendimento
imediato, a qualquer hora, com informações técnicas gerais e boas práticas.
Mas, às vezes, você precisa de uma ajuda mais personalizada. A equipe de
Suporte ao Cliente está pronta para responder às suas dúvidas específicas
sobre questões técnicas e produtos e para resolver problemas técnicos até você
ficar satisfeito.

Ainda tem dúvidas? Use a aba SUPORTE no topo da página ou [este link](/support/)
para encontrar os contatos de e-mail e telefone do Suporte ao Cliente da sua
região.
""",
    },
    "what-can-customer-support-help-me-with": {
        "title": "Em que o Suporte ao Cliente pode me ajudar?",
        "slug": "em-que-o-suporte-ao-cliente-pode-me-ajudar",
        "body": """\
## Podemos ajudar com

- Problemas de rastreamento e vendas não registradas
- Pagamentos, pagamentos retidos e formulários fiscais
- Acesso à sua conta e aos seus usuários
- Dúvidas técnicas sobre links, feeds e a API

## Os anunciantes respondem pelos seus programas

Dúvidas sobre os termos, as taxas de comissão ou as aprovações de um programa
devem ser enviadas ao anunciante em **Anunciantes > Mensagens**.

Veja [como entrar em contato com o Suporte ao Cliente][contact].

[contact]: demo-article:what-is-the-best-way-to-contact-customer-support
""",
    },
    "how-fast-will-customer-support-answer": {
        "title": "Em quanto tempo o Suporte ao Cliente responde?",
        "slug": "em-quanto-tempo-o-suporte-ao-cliente-responde",
        "body": """\
## Nossas metas

| Canal | Primeira resposta |
|---|---|
| Chat | Em poucos minutos, 24 horas por dia, 7 dias por semana |
| E-mail | Em até um dia útil |
| Telefone | No horário comercial da região |

Informe o seu SID e os detalhes listados
[no artigo sobre como entrar em contato](demo-article:what-is-the-best-way-to-contact-customer-support)
para receber uma resposta completa logo na primeira vez.
""",
    },
    "how-do-i-sign-up-as-a-publisher": {
        "title": "Como faço para me cadastrar como publisher?",
        "slug": "como-faco-para-me-cadastrar-como-publisher",
        "body": """\
## Antes de começar

O cadastro é gratuito. Você precisa de um site, app, newsletter ou perfil em
rede social onde publique conteúdo próprio e de um endereço de e-mail que você
consulte com frequência.

## Passo a passo

1. Clique em **Cadastre-se** no canto superior direito desta central de ajuda.
2. Informe o seu nome, o seu endereço de e-mail e uma senha.
3. Complete o seu perfil no painel do publisher: o endereço do seu site, o tipo
   de público que você alcança e o país onde você está.
4. Aceite o contrato de publisher.

Analisamos as novas contas em até **dois dias úteis**. Assim que a sua conta
for aprovada, você recebe um e-mail com o seu **ID do site (SID)**.
""",
    },
    "what-is-a-site-id-sid": {
        "title": "O que é o ID do site (SID)?",
        "slug": "o-que-e-o-id-do-site-sid",
        "body": """\
## Um número para cada canal de marketing

O seu **ID do site (SID)** é um número exclusivo que identifica cada um dos
seus canais de marketing na nossa rede: um site, um app, uma newsletter. Cada
clique e cada comissão ficam registrados em um SID.

## Onde encontrar

Depois que você faz login, o seu SID aparece no **canto superior direito** do
painel e desta central de ajuda.

## Por que ele é importante

O Suporte ao Cliente usa o seu SID para encontrar o seu cadastro. Inclua o SID
em todas as mensagens que você enviar para nós, e a sua solicitação será
respondida mais rápido.
""",
    },
    "how-do-i-create-a-tracking-link": {
        "title": "Como faço para criar um link de rastreamento?",
        "slug": "como-criar-um-link-de-rastreamento",
        "body": """\
## Com o gerador de links

1. Abra **Links > Gerador de links**.
2. Escolha o anunciante e cole o endereço da página para onde o link deve levar.
3. Clique em **Criar link** e copie o resultado.

Um link de rastreamento fica assim:

```text
https://click.example.com/deeplink?id=1234567&mid=4321&murl=https%3A%2F%2Fshop.example.com%2Fshoes
```

O parâmetro `id` é o seu SID, `mid` é o anunciante e `murl`, a página.
""",
    },
    "how-do-i-reset-my-password": {
        "title": "Como faço para redefinir minha senha?",
        "slug": "como-redefinir-minha-senha",
        "body": """\
## Redefina você mesmo

1. Clique em **Entrar** e depois em **Esqueceu sua senha?**
2. Informe o endereço de e-mail da sua conta.
3. Abra o e-mail que enviamos e escolha uma nova senha.

O link do e-mail só pode ser usado uma vez e expira em três dias. Não recebeu
o e-mail? Confira a sua pasta de spam e, se ele não estiver lá, fale com o
Suporte ao Cliente.
""",
    },
    "when-do-i-get-paid": {
        "title": "Quando vou receber meu pagamento?",
        "slug": "quando-vou-receber-meu-pagamento",
        "body": """\
## O ciclo de pagamento

As comissões são pagas depois que o anunciante **nos paga** por elas. A
maioria dos anunciantes paga em até 60 dias após o fim do mês da venda.

## O valor mínimo para pagamento

Pagamos quando o seu saldo aprovado atinge o **valor mínimo para pagamento**
que você definiu (no mínimo 50 USD, 50 EUR ou 50 GBP). Saldos menores ficam
acumulados para o mês seguinte.
""",
    },
    "why-is-a-sale-missing-from-my-reports": {
        "title": "Por que uma venda não aparece nos meus relatórios?",
        "slug": "por-que-uma-venda-nao-aparece-nos-meus-relatorios",
        "body": """\
## Confira isto primeiro

- As vendas aparecem em até **48 horas** depois de acontecerem.
- O comprador precisa aceitar os cookies do anunciante.
- A compra precisa acontecer dentro do prazo de retorno do programa.
- Alguns produtos não geram comissão: veja os termos do programa.

## A venda continua sem aparecer?

Abra uma solicitação de venda não registrada em **Relatórios > Solicitações**
com o número do pedido, a data e o valor. O anunciante responde em até 30 dias.
""",
    },
    "i-cant-sign-in-what-should-i-do": {
        "title": "Não consigo entrar: o que devo fazer?",
        "slug": "nao-consigo-entrar-o-que-devo-fazer",
        "body": """\
## Siga estes passos

1. Confira o endereço de e-mail: ele é o seu nome de usuário para fazer login.
2. [Redefina a sua senha](demo-article:how-do-i-reset-my-password).
3. Depois de várias tentativas sem sucesso, espere alguns minutos antes de
   tentar de novo.
4. Limpe os cookies deste site no seu navegador.

Ainda não conseguiu? Fale com o Suporte ao Cliente e informe o seu SID.
""",
    },
    "how-do-i-change-my-bank-details": {
        "title": "Como faço para alterar meus dados bancários?",
        "slug": "como-alterar-meus-dados-bancarios",
        "body": """\
## No painel

Abra **Conta > Dados de pagamento**, informe a nova conta e confirme a
alteração pelo e-mail que enviaremos para você. Para a sua segurança, os
pagamentos ficam retidos por **sete dias** depois de uma alteração nos dados
bancários.

## Contas internacionais

Para contas fora dos EUA, informe o IBAN e o código SWIFT/BIC exatamente como
o seu banco fornece.
""",
    },
    "our-emails-end-up-in-spam": {
        "title": "Nossos e-mails estão indo para o spam: o que posso fazer?",
        "slug": "nossos-emails-estao-indo-para-o-spam",
        "body": """\
## Adicione a gente aos seus remetentes confiáveis

Adicione o nosso domínio à lista de remetentes confiáveis do seu programa de
e-mail e confira a pasta de spam ou de lixo eletrônico antes de entrar em
contato com a gente de novo.
""",
    },
}

REGIONS = {
    "US, Canada, Australia and other countries": {
        "name": "EUA, Canadá, Austrália e outros países",
        "description": "Publishers localizados nos EUA, no Canadá, na Austrália "
        "e em países fora da Europa não listados abaixo",
        "support_language": "Inglês",
        "hours": "24 horas por dia, 7 dias por semana",
    },
    "UK and Europe": {
        "name": "Reino Unido e Europa",
        "description": "Publishers localizados no Reino Unido e em outros países "
        "europeus não listados abaixo",
        "support_language": "Inglês",
        "hours": "24 horas por dia, 7 dias por semana",
    },
    "France": {
        "name": "França",
        "description": "Publishers localizados na França e/ou que falam francês",
        "support_language": "Francês",
        "hours": "24 horas por dia, 7 dias por semana",
    },
    "Germany": {
        "name": "Alemanha",
        "description": "Publishers localizados na Alemanha e/ou que falam alemão",
        "support_language": "Alemão",
        "hours": "24 horas por dia, 7 dias por semana",
    },
    "Brazil": {
        "name": "Brasil",
        "description": "Publishers localizados no Brasil ou que falam português "
        "do Brasil",
        "support_language": "Português (Brasil)",
        "hours": "24 horas por dia, 7 dias por semana",
    },
}
