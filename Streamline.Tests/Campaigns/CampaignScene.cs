using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Campaigns;
using Streamline.Tests.Support;

namespace Streamline.Tests.Campaigns;

/// <summary>A signed-in owner with their workspace, campaigns put straight into it, and form posts the way the pages send them.</summary>
public sealed class CampaignScene(StreamlineApp app, AppClient client, Guid workspaceId) : IDisposable
{
    public AppClient Client => client;
    public Guid WorkspaceId => workspaceId;

    public static async Task<CampaignScene> StartAsync(StreamlineApp app)
    {
        var (client, email) = await AppClient.SignedInUserAsync(app);
        await using var db = app.Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return new CampaignScene(app, client, user.CurrentWorkspaceId!.Value);
    }

    /// <summary>A complete campaign with every list filled, at version 1.</summary>
    public async Task<Campaign> InsertAsync(CampaignStatus status = CampaignStatus.Draft, Action<Campaign>? change = null)
    {
        var campaign = new Campaign
        {
            WorkspaceId = workspaceId, Name = $"Campaign {Guid.NewGuid():N}"[..20], Status = status,
            ProductName = "Premium CRM", ProductDescription = "A CRM for small teams.\nSet up in a day.", PriceCents = 49_99, Currency = "EUR",
            Features = ["Cloud", "Mobile app"], Channels = CampaignChannels.Web | CampaignChannels.WhatsApp,
            Greeting = "Hi! Looking for a CRM?", QualificationQuestions = ["How big is your team?", "What do you use today?"],
            Objections = [new ObjectionAnswer { Objection = "Too expensive", Answer = "It pays for itself in a month." }],
            ClosingMessage = "Shall I send you the sign-up link?", CallToActionUrl = "https://crm.example/buy",
            AudienceAgeMin = 25, AudienceAgeMax = 55, AudienceLocations = ["Canada"], AudienceInterests = ["Sales"],
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, Version = 1,
            ActivatedAt = status == CampaignStatus.Draft ? null : DateTime.UtcNow.AddDays(-1),
            CompletedAt = status == CampaignStatus.Completed ? DateTime.UtcNow : null,
        };
        change?.Invoke(campaign);
        await using var db = app.Database.NewContext();
        db.Campaigns.Add(campaign);
        await db.SaveChangesAsync();
        return campaign;
    }

    public async Task<Campaign?> FindAsync(Guid id)
    {
        await using var db = app.Database.NewContext();
        return await db.Campaigns.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id);
    }

    public async Task<int> CountAsync()
    {
        await using var db = app.Database.NewContext();
        return await db.Campaigns.IgnoreQueryFilters().CountAsync(c => c.WorkspaceId == workspaceId);
    }

    /// <summary>Posts form fields (keys may repeat, as checkboxes do) with the antiforgery header htmx sends.</summary>
    public Task<HttpResponseMessage> PostAsync(string url, IEnumerable<(string Key, string Value)> fields, bool htmx = false) =>
        PostAsAsync(client, url, fields, htmx);

    public static async Task<HttpResponseMessage> PostAsAsync(AppClient user, string url, IEnumerable<(string Key, string Value)> fields, bool htmx = false)
    {
        var token = await user.AntiforgeryTokenAsync("/campaigns");
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))),
        };
        request.Headers.Add("RequestVerificationToken", token);
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await user.Http.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> GetAsAsync(AppClient user, string url, bool htmx = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (htmx) request.Headers.Add("HX-Request", "true");
        return await user.Http.SendAsync(request);
    }

    public static string Error(IHtmlDocument page, string field) =>
        page.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? "";

    public static Guid IdFrom(Uri location) => Guid.Parse(location.OriginalString.Split('/')[2]);

    public void Dispose() => client.Dispose();
}
