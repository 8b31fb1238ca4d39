using Microsoft.Extensions.DependencyInjection;
using Streamline.Bench.Credits;
using Streamline.Core.Campaigns;
using Streamline.Core.Credits;
using Streamline.Core.Data;
using Streamline.Core.Widget;
using Streamline.Core.Workspaces;

namespace Streamline.Bench.Chat;

/// <summary>
/// Businesses with a widget, one active web campaign (so the prompt carries what a real one would) and credits
/// enough for any run: every AI reply is held and charged through the credits service, as in production.
/// </summary>
public static class ChatSetup
{
    private const long Credits = 1_000_000_000_000;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var keysPath = options.Text("keys");
        var count = options.Number("workspaces", 10);
        using var host = BenchServices.Build();
        var services = host.Services;
        await DatabaseMigrator.MigrateAsync(services);

        var keys = new List<string>();
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<StreamlineDbContext>();
            var now = DateTime.UtcNow;
            for (var i = 1; i <= count; i++)
            {
                var workspace = new Workspace { Name = $"Bench bakery {i}", CreatedAt = now };
                db.Workspaces.Add(workspace);
                db.Campaigns.Add(new Campaign
                {
                    WorkspaceId = workspace.Id, Name = "Wedding cakes", Status = CampaignStatus.Active, Channels = CampaignChannels.Web,
                    ProductName = "Three-tier wedding cake", ProductDescription = "A made-to-order cake for up to 120 guests, delivered.",
                    PriceCents = 45_000, Features = ["Tasting session", "Delivery and set-up", "Gluten-free option"],
                    Greeting = "Hi! Planning a celebration?", QualificationQuestions = ["When is the event?", "How many guests?"],
                    CreatedAt = now, UpdatedAt = now, ActivatedAt = now,
                });
                var widget = new WidgetSettings
                {
                    WorkspaceId = workspace.Id, PublicKey = WidgetKey.New(), KeyRotatedAt = now, UpdatedAt = now,
                };
                db.WidgetSettings.Add(widget);
                keys.Add($"{workspace.Id} {widget.PublicKey}");
            }
            await db.SaveChangesAsync();
        }
        foreach (var workspaceId in keys.Select(k => Guid.Parse(k.Split(' ')[0])))
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<CreditService>().GrantAsync(workspaceId, Credits, LedgerEntryType.AdminGrant,
                "Benchmark balance", $"bench:chat:{workspaceId}", null, null, CancellationToken.None);
        }
        await File.WriteAllLinesAsync(keysPath, keys.Select(k => k.Split(' ')[1]));
        Console.WriteLine($"setup: {count} workspaces with a widget, a campaign and credits");
        return 0;
    }
}
