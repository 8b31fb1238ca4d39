using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Channels;

/// <summary>One channel on the list: what it is and how it is doing.</summary>
public sealed record ChannelRow(MessagingChannel Channel, ChannelHealthRecord? Health)
{
    public ChannelTrouble Trouble => Channel.Connection == ChannelConnection.Connected ? Health?.Trouble ?? ChannelTrouble.None : ChannelTrouble.None;
}

/// <summary>The workspace's channels with their state and health; sandbox channels are made here. Owners only.</summary>
[KnownHandlersOnly]
public class IndexModel(StreamlineDbContext db, CurrentWorkspace current, ChannelHealth health, ChannelConnections connections, IHostEnvironment env)
    : PageModel
{
    [TempData] public string? Flash { get; set; }
    public string? Error { get; private set; }
    public List<ChannelRow> Rows { get; private set; } = [];
    public bool SandboxAllowed => ChannelPages.SandboxAllowed(env);
    public IEnumerable<ChannelRow> InTrouble => Rows.Where(r => r.Trouble != ChannelTrouble.None);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        if (!current.IsOwner) return Forbid();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSandboxAsync(ConversationChannel channel, CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        if (!SandboxAllowed || !ChannelWebhooks.Connectable.Contains(channel)) return NotFound();
        var result = await connections.CreateSandboxAsync(current.Id, channel, ct);
        if (result.Channel is { } created) return Redirect(ChannelPages.SandboxUrl(created.Id));
        Error = string.Join(" ", result.Errors.Values);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDisconnectAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        if (!await connections.DisconnectAsync(id, ct)) return NotFound();
        Flash = "The channel is disconnected: nothing is received or sent on it any more. Its conversations stay in the inbox.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var healthById = await health.ForWorkspaceAsync(ct);
        var channels = await db.MessagingChannels.AsNoTracking().OrderBy(c => c.Connection).ThenBy(c => c.Name).ToListAsync(ct);
        Rows = channels.Select(c => new ChannelRow(c, healthById.GetValueOrDefault(c.Id))).ToList();
    }
}
