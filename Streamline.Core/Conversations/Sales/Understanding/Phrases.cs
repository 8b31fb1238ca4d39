namespace Streamline.Core.Conversations.Sales.Understanding;

/// <summary>
/// The offline engine's own sentences in each language it speaks. Campaign text (names, descriptions, features,
/// questions, objection answers) is never translated: it is shown as the owner wrote it.
/// </summary>
public static class Phrases
{
    public enum Key
    {
        NiceToMeet, Noted, CheckDetails, HandedOff, Proposal, Suggest, Includes, Bot, AskName, AskEmail, AnythingElse,
        NotOffered, Closest, Cheapest, Dearest, Offer, Compare, DontKnow, Price, Cheaper, ProposeNext, Welcome, Understand,
        TeamJoining, TeamSoon, AssistantDown,
    }

    private static readonly Dictionary<Key, Dictionary<string, string>> Table = new()
    {
        [Key.NiceToMeet] = new() { ["en"] = "Nice to meet you, {0}!", ["es"] = "¡Encantado, {0}!", ["de"] = "Freut mich, {0}!", ["fr"] = "Enchanté, {0} !", ["pt"] = "Prazer, {0}!" },
        [Key.Noted] = new() { ["en"] = "Thanks, I've noted that.", ["es"] = "Gracias, lo he anotado.", ["de"] = "Danke, das habe ich notiert.", ["fr"] = "Merci, je l'ai noté.", ["pt"] = "Obrigado, anotei." },
        [Key.CheckDetails] = new() { ["en"] = "I couldn't note all of that — could you double-check your contact details?", ["es"] = "No pude anotarlo todo: ¿puede revisar sus datos de contacto?", ["de"] = "Das konnte ich nicht ganz notieren – können Sie Ihre Kontaktdaten prüfen?", ["fr"] = "Je n'ai pas pu tout noter : pouvez-vous vérifier vos coordonnées ?", ["pt"] = "Não consegui anotar tudo: pode conferir os seus dados de contato?" },
        [Key.HandedOff] = new() { ["en"] = "Of course — I've asked someone from the team to join this conversation.", ["es"] = "Por supuesto: he pedido a una persona del equipo que se una a esta conversación.", ["de"] = "Natürlich – ich habe jemanden aus dem Team gebeten, dieses Gespräch zu übernehmen.", ["fr"] = "Bien sûr — j'ai demandé à une personne de l'équipe de rejoindre cette conversation.", ["pt"] = "Claro — pedi a uma pessoa da equipe que entre nesta conversa." },
        [Key.Proposal] = new() { ["en"] = "I've put together a proposal for you: {0} — have a look, and you can accept it right there.", ["es"] = "He preparado una propuesta para usted: {0}. Puede revisarla y aceptarla allí mismo.", ["de"] = "Ich habe ein Angebot für Sie erstellt: {0} – Sie können es dort direkt annehmen.", ["fr"] = "J'ai préparé une proposition pour vous : {0} — vous pouvez l'accepter directement.", ["pt"] = "Preparei uma proposta para você: {0} — pode aceitá-la ali mesmo." },
        [Key.Suggest] = new() { ["en"] = "I'd suggest {0} ({1}).", ["es"] = "Le sugiero {0} ({1}).", ["de"] = "Ich empfehle {0} ({1}).", ["fr"] = "Je vous suggère {0} ({1}).", ["pt"] = "Sugiro {0} ({1})." },
        [Key.Includes] = new() { ["en"] = "It includes: {0}.", ["es"] = "Incluye: {0}.", ["de"] = "Enthalten: {0}.", ["fr"] = "Cela comprend : {0}.", ["pt"] = "Inclui: {0}." },
        [Key.Bot] = new() { ["en"] = "I'm {0}'s automated assistant, not a person. I can answer questions about our offers and prices, and if you'd like to talk to someone from the team, just say so.", ["es"] = "Soy el asistente automático de {0}, no una persona. Puedo responder preguntas sobre nuestras ofertas y precios y, si quiere hablar con alguien del equipo, solo dígalo.", ["de"] = "Ich bin der automatische Assistent von {0}, kein Mensch. Ich beantworte Fragen zu unseren Angeboten und Preisen – und wenn Sie mit jemandem aus dem Team sprechen möchten, sagen Sie es einfach.", ["fr"] = "Je suis l'assistant automatique de {0}, pas une personne. Je peux répondre à vos questions sur nos offres et nos prix, et si vous souhaitez parler à quelqu'un de l'équipe, dites-le simplement.", ["pt"] = "Sou o assistente automático de {0}, não uma pessoa. Posso responder perguntas sobre nossas ofertas e preços e, se quiser falar com alguém da equipe, é só dizer." },
        [Key.AskName] = new() { ["en"] = "May I have your name?", ["es"] = "¿Me dice su nombre?", ["de"] = "Wie ist Ihr Name?", ["fr"] = "Puis-je avoir votre nom ?", ["pt"] = "Qual é o seu nome?" },
        [Key.AskEmail] = new() { ["en"] = "What's the best e-mail address to send you the details?", ["es"] = "¿A qué correo electrónico le envío los detalles?", ["de"] = "An welche E-Mail-Adresse darf ich Ihnen die Details schicken?", ["fr"] = "À quelle adresse e-mail puis-je vous envoyer les détails ?", ["pt"] = "Qual é o melhor e-mail para enviar os detalhes?" },
        [Key.AnythingElse] = new() { ["en"] = "Is there anything else I can help you with?", ["es"] = "¿Hay algo más en lo que pueda ayudarle?", ["de"] = "Kann ich Ihnen sonst noch helfen?", ["fr"] = "Puis-je vous aider pour autre chose ?", ["pt"] = "Posso ajudar com mais alguma coisa?" },
        [Key.NotOffered] = new() { ["en"] = "We don't offer {0}.", ["es"] = "No ofrecemos {0}.", ["de"] = "{0} bieten wir nicht an.", ["fr"] = "Nous ne proposons pas {0}.", ["pt"] = "Não oferecemos {0}." },
        [Key.Closest] = new() { ["en"] = "The closest we have is {0} ({1}).", ["es"] = "Lo más parecido que tenemos es {0} ({1}).", ["de"] = "Am nächsten kommt {0} ({1}).", ["fr"] = "Ce qui s'en rapproche le plus chez nous : {0} ({1}).", ["pt"] = "O mais próximo que temos é {0} ({1})." },
        [Key.Cheapest] = new() { ["en"] = "Our most affordable option is {0} at {1}.", ["es"] = "Nuestra opción más económica es {0}, por {1}.", ["de"] = "Unser günstigstes Angebot ist {0} für {1}.", ["fr"] = "Notre offre la moins chère est {0}, à {1}.", ["pt"] = "Nossa opção mais em conta é {0}, por {1}." },
        [Key.Dearest] = new() { ["en"] = "Our most complete option is {0} at {1}.", ["es"] = "Nuestra opción más completa es {0}, por {1}.", ["de"] = "Unser umfangreichstes Angebot ist {0} für {1}.", ["fr"] = "Notre offre la plus complète est {0}, à {1}.", ["pt"] = "Nossa opção mais completa é {0}, por {1}." },
        [Key.Offer] = new() { ["en"] = "Here's what we offer: {0}.", ["es"] = "Esto es lo que ofrecemos: {0}.", ["de"] = "Das bieten wir an: {0}.", ["fr"] = "Voici ce que nous proposons : {0}.", ["pt"] = "Isto é o que oferecemos: {0}." },
        [Key.Compare] = new() { ["en"] = "Side by side: {0}.", ["es"] = "Comparados: {0}.", ["de"] = "Im Vergleich: {0}.", ["fr"] = "Côte à côte : {0}.", ["pt"] = "Lado a lado: {0}." },
        [Key.DontKnow] = new() { ["en"] = "I don't have that in my notes, so I won't guess — the team can confirm it for you.", ["es"] = "No tengo ese dato, así que no voy a adivinar: el equipo puede confirmárselo.", ["de"] = "Dazu habe ich keine Angaben, also rate ich nicht – das Team kann es Ihnen bestätigen.", ["fr"] = "Je n'ai pas cette information, je préfère ne pas deviner — l'équipe pourra vous la confirmer.", ["pt"] = "Não tenho essa informação, então não vou adivinhar — a equipe pode confirmar para você." },
        [Key.Price] = new() { ["en"] = "{0} is {1}.", ["es"] = "{0} cuesta {1}.", ["de"] = "{0} kostet {1}.", ["fr"] = "{0} coûte {1}.", ["pt"] = "{0} custa {1}." },
        [Key.Cheaper] = new() { ["en"] = "If you'd like something smaller: {0}.", ["es"] = "Si prefiere algo más pequeño: {0}.", ["de"] = "Wenn Sie etwas Kleineres möchten: {0}.", ["fr"] = "Si vous préférez quelque chose de plus petit : {0}.", ["pt"] = "Se preferir algo menor: {0}." },
        [Key.ProposeNext] = new() { ["en"] = "Shall I put together a written proposal for you?", ["es"] = "¿Le preparo una propuesta por escrito?", ["de"] = "Soll ich Ihnen ein schriftliches Angebot erstellen?", ["fr"] = "Voulez-vous que je vous prépare une proposition écrite ?", ["pt"] = "Quer que eu prepare uma proposta por escrito?" },
        [Key.Understand] = new() { ["en"] = "I understand.", ["es"] = "Lo entiendo.", ["de"] = "Das verstehe ich.", ["fr"] = "Je comprends.", ["pt"] = "Entendo." },
        [Key.TeamJoining] = new() { ["en"] = "A member of our team has been asked to join this conversation and will reply here shortly.", ["es"] = "Hemos pedido a una persona de nuestro equipo que se una a esta conversación; le responderá aquí en breve.", ["de"] = "Wir haben jemanden aus unserem Team gebeten, dieses Gespräch zu übernehmen; Sie bekommen hier in Kürze eine Antwort.", ["fr"] = "Nous avons demandé à une personne de notre équipe de rejoindre cette conversation ; elle vous répondra ici sous peu.", ["pt"] = "Pedimos a uma pessoa da nossa equipe que entre nesta conversa; ela responderá aqui em breve." },
        [Key.TeamSoon] = new() { ["en"] = "Of course — someone from the team will be with you shortly.", ["es"] = "Por supuesto: alguien del equipo le atenderá en breve.", ["de"] = "Natürlich – jemand aus dem Team ist gleich für Sie da.", ["fr"] = "Bien sûr — quelqu'un de l'équipe sera avec vous sous peu.", ["pt"] = "Claro — alguém da equipe falará com você em breve." },
        [Key.AssistantDown] = new() { ["en"] = "Sorry — our assistant can't answer right now. A member of our team has been asked to reply to you here.", ["es"] = "Lo sentimos: nuestro asistente no puede responder ahora. Hemos pedido a una persona del equipo que le responda aquí.", ["de"] = "Entschuldigung – unser Assistent kann gerade nicht antworten. Wir haben jemanden aus dem Team gebeten, Ihnen hier zu antworten.", ["fr"] = "Désolé — notre assistant ne peut pas répondre pour le moment. Nous avons demandé à une personne de l'équipe de vous répondre ici.", ["pt"] = "Desculpe — o nosso assistente não pode responder agora. Pedimos a uma pessoa da equipe que lhe responda aqui." },
        [Key.Welcome] = new() { ["en"] = "Hi! How can I help you today?", ["es"] = "¡Hola! ¿En qué puedo ayudarle?", ["de"] = "Hallo! Wie kann ich Ihnen helfen?", ["fr"] = "Bonjour ! Comment puis-je vous aider ?", ["pt"] = "Olá! Como posso ajudar?" },
    };

    public static string Say(Key key, string language, params object[] args)
    {
        var forms = Table[key];
        var form = forms.TryGetValue(language, out var f) ? f : forms[VisitorLanguage.English];
        return args.Length == 0 ? form : string.Format(System.Globalization.CultureInfo.InvariantCulture, form, args);
    }
}
