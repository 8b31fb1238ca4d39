using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Streamline.Core.Conversations.Proposals;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Core.Hosting;

namespace Streamline.Core.Conversations.Sales;

/// <summary>What the tools of one AI turn decided, applied when (and only if) the reply is posted.</summary>
public sealed class TurnEffects
{
    public HandoffReason? Handoff { get; set; }
    public Guid? RecommendedProductId { get; set; }
    public Proposal? Proposal { get; set; }
}

/// <summary>
/// Runs the tools a model asked for, for one conversation. Every argument is checked against the
/// conversation's own workspace: unknown products, made-up prices, invalid e-mails or reasons off the list
/// come back to the model as errors it can correct, and change nothing.
/// </summary>
public sealed class SalesToolRunner(StreamlineDbContext db, ProposalService proposals, Channels.Contacts.ChannelContacts links, Commerce.OrderLookup orders, PublicUrl publicUrl, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<string> RunAsync(SalesContext context, FunctionCallContent call, TurnEffects effects, CancellationToken ct)
    {
        if (call.Exception is not null) return Error($"the arguments were not valid JSON ({call.Exception.Message}); call {call.Name} again with a JSON object");
        var args = JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), Json);
        try
        {
            return call.Name switch
            {
                SalesTools.SaveContact => await SaveContactAsync(context, args.Deserialize<ContactDetails>(Json)!, ct),
                SalesTools.Recommend => Recommend(context, args, effects),
                SalesTools.HandOff => HandOff(args, effects),
                SalesTools.CreateProposal => await ProposeAsync(context, args.Deserialize<ProposalArguments>(Json)!, effects, ct),
                SalesTools.LookUpOrder => await LookUpOrderAsync(context, args, ct),
                _ => Error($"there is no tool named \"{call.Name}\""),
            };
        }
        catch (JsonException e)
        {
            return Error($"the arguments do not match the tool's schema ({e.Message})");
        }
    }

    private async Task<string> SaveContactAsync(SalesContext context, ContactDetails details, CancellationToken ct)
    {
        // The conversation's contact as it is now: a link made on another channel may have merged the one the turn started with.
        var contact = await db.Conversations.IgnoreQueryFilters(QueryFilters.Workspace)
            .Where(c => c.Id == context.Conversation.Id && c.WorkspaceId == context.WorkspaceId).Select(c => c.Contact!).SingleAsync(ct);
        var region = Understanding.PhoneRegion.FromProfile(context.Knowledge.Profile?.Text);
        var (saved, refused) = details.ApplyTo(contact, region);
        if (saved.Count > 0)
        {
            contact.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            details.ApplyTo(context.Contact, region);
        }
        db.Entry(contact).State = EntityState.Detached;
        // An e-mail or phone number another contact of the workspace has is the same person: the two become one, and the
        // turn goes on knowing everything the other conversations learned.
        if (saved.Contains("email") || saved.Contains("phone"))
        {
            var link = await links.LinkAsync(context.WorkspaceId, contact.Id, ct);
            if (link.Merged > 0 && await db.Contacts.IgnoreQueryFilters(QueryFilters.Workspace).AsNoTracking()
                    .SingleOrDefaultAsync(c => c.Id == link.ContactId, ct) is { } linked)
                (context.Contact.Name, context.Contact.Email, context.Contact.Phone, context.Contact.Company, context.Contact.TeamSize,
                    context.Contact.Budget, context.Contact.PainPoints) =
                    (linked.Name, linked.Email, linked.Phone, linked.Company, linked.TeamSize, linked.Budget, linked.PainPoints);
        }
        var result = saved.Count > 0 ? "saved: " + string.Join(", ", saved) : "nothing saved";
        return refused.Count > 0 ? result + ". Not saved: " + string.Join("; ", refused) + " (ask the visitor to check)" : result;
    }

    private static string Recommend(SalesContext context, JsonElement args, TurnEffects effects)
    {
        var id = args.TryGetProperty("product_id", out var value) ? value.GetString() : null;
        if (!Guid.TryParse(id, out var productId) || context.Product(productId) is not { } product)
            return Error($"\"{id}\" is not one of the products; use an id from this list: {ProductList(context)}");
        effects.RecommendedProductId = product.Id;
        return JsonSerializer.Serialize(new { product.Name, price = product.Price, product.Description, product.Features }, Json);
    }

    /// <summary>Prices come from the campaigns inside <see cref="ProposalService"/>; the model supplies only ids and words.</summary>
    private async Task<string> ProposeAsync(SalesContext context, ProposalArguments args, TurnEffects effects, CancellationToken ct)
    {
        var ids = new List<Guid>();
        foreach (var id in args.ProductIds ?? [])
        {
            if (!Guid.TryParse(id, out var productId) || context.Product(productId) is null)
                return Error($"\"{id}\" is not one of the products; use ids from this list: {ProductList(context)}");
            ids.Add(productId);
        }
        var result = await proposals.CreateAsync(context.Conversation.Id, ids, new ProposalBrief(args.Needs ?? "", args.Scope, args.Timeline), ct);
        if (result.Proposal is not { } proposal) return Error(result.Error ?? "the proposal could not be created");
        effects.Proposal = proposal;
        var link = publicUrl.Link($"/p/{proposal.PublicToken}");
        return $"Proposal created: \"{proposal.Title}\", total {KnowledgeAssemblerPrice(proposal)}. Share this link with the visitor exactly: {link}";
    }

    private static string KnowledgeAssemblerPrice(Proposal p) => Knowledge.KnowledgeAssembler.Price(p.TotalCents, p.Currency);

    private sealed record ProposalArguments(
        [property: System.Text.Json.Serialization.JsonPropertyName("product_ids")] List<string>? ProductIds,
        [property: System.Text.Json.Serialization.JsonPropertyName("needs")] string? Needs,
        [property: System.Text.Json.Serialization.JsonPropertyName("scope")] string? Scope,
        [property: System.Text.Json.Serialization.JsonPropertyName("timeline")] string? Timeline);

    /// <summary>Results the offline engine reads back: JSON for a found order, a fixed prefix otherwise.</summary>
    public const string OrderNoMatch = "no_match";
    public const string OrderLimited = "limited";
    public const string OrderNoStore = "no_store";

    private async Task<string> LookUpOrderAsync(SalesContext context, JsonElement args, CancellationToken ct)
    {
        string? Arg(string name) => args.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var found = await orders.FindAsync(context.WorkspaceId, context.Conversation.Id, Arg("order_number"), Arg("email_or_phone"), ct);
        return found.Status switch
        {
            Commerce.OrderLookupStatus.Found => JsonSerializer.Serialize(OrderFacts.From(found.Order!, found.Details!), Json),
            Commerce.OrderLookupStatus.NoMatch => OrderNoMatch + ": no order matches that number together with that e-mail or phone. Tell the visitor politely, "
                                                  + "without saying which of the two did not match, and ask them to check both.",
            Commerce.OrderLookupStatus.Limited => OrderLimited + ": too many lookups in this conversation for now. Offer to have the team help instead.",
            _ => OrderNoStore + ": this business has no store connected, so orders cannot be looked up here. Offer to have the team help.",
        };
    }

    private static string HandOff(JsonElement args, TurnEffects effects)
    {
        var reason = args.TryGetProperty("reason", out var value) ? value.GetString() : null;
        if (reason is null || !SalesTools.Reasons.TryGetValue(reason, out var known))
            return Error($"\"{reason}\" is not a handoff reason; use one of {string.Join(", ", SalesTools.Reasons.Keys)}");
        effects.Handoff = known;
        return "A team member has been asked to join. Tell the visitor briefly and warmly; they will also see a notice.";
    }

    internal static string ProductList(SalesContext context) =>
        context.Products.Count == 0 ? "(none available)" : string.Join("; ", context.Products.Select(p => $"{p.Id} = {p.Name}"));

    internal static string Error(string message) => "error: " + message;
}

/// <summary>What a matched order lookup tells the visitor, and nothing more (no address, no payment details).</summary>
public sealed record OrderFacts(string Order, string Placed, string? Payment, string? Fulfillment, bool Cancelled, string Total,
    IReadOnlyList<string> Items, IReadOnlyList<Commerce.Tracking> Tracking)
{
    public static OrderFacts From(Commerce.CommerceOrder o, Commerce.OrderDetails d) => new(
        o.Name, o.CreatedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        o.FinancialStatus?.Replace('_', ' '), o.FulfillmentStatus?.Replace('_', ' '), o.IsCancelled,
        Commerce.ShopMoney.Format(o.TotalMinor, o.Currency), [.. d.LineItems.Select(i => $"{i.Quantity} × {i.Title}")], d.Tracking);
}
