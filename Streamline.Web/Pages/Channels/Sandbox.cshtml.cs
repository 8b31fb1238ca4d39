using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Sandbox;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Channels;

/// <summary>What the phone shows: the channel and both sides of the conversation.</summary>
public sealed record PhoneView(MessagingChannel Channel, IReadOnlyList<SandboxMessage> Messages, string? Error = null, string? Draft = null);

/// <summary>
/// The sandbox phone: the owner writes as a customer, the message goes through the channel's real webhook endpoint,
/// and the app's replies appear as the simulated provider receives them (polled). Owners only.
/// </summary>
[KnownHandlersOnly]
public class SandboxModel(CurrentWorkspace current, SandboxPhone phone) : PageModel
{
    private const string Disconnected = "This sandbox channel is disconnected: create a new one on the channels page to try again.";

    [BindProperty] public string? Text { get; set; }

    public PhoneView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        if (!current.IsOwner) return Forbid();
        return await ViewAsync(id, null, null, ct) ? Page() : NotFound();
    }

    /// <summary>The conversation alone, polled while the phone is open.</summary>
    public async Task<IActionResult> OnGetMessagesAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        return await ViewAsync(id, null, null, ct) ? Partial("_PhoneMessages", View) : NotFound();
    }

    public async Task<IActionResult> OnPostSendAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        var text = Text?.Trim();
        string? error = null;
        if (string.IsNullOrEmpty(text)) error = "Write a message first.";
        else if (text.Length > SandboxPhone.MaxText) error = $"Keep a message to {SandboxPhone.MaxText} characters.";
        else
        {
            switch (await phone.SendAsync(id, text, ct))
            {
                case PhoneResult.NotFound: return NotFound();
                case PhoneResult.Refused r: error = $"The webhook endpoint refused the message (HTTP {r.Status})."; break;
                case PhoneResult.Disconnected: error = Disconnected; break;
            }
        }
        if (!await ViewAsync(id, error, error is null ? null : text, ct)) return NotFound();
        return Request.IsHtmx() ? Partial("_Phone", View) : error is null ? Redirect(ChannelPages.SandboxUrl(id)) : Page();
    }

    public async Task<IActionResult> OnPostReadAsync(Guid id, CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        string? error = null;
        switch (await phone.MarkReadAsync(id, ct))
        {
            case PhoneResult.NotFound: return NotFound();
            case PhoneResult.Refused r: error = $"The webhook endpoint refused the read receipt (HTTP {r.Status})."; break;
            case PhoneResult.Disconnected: error = Disconnected; break;
        }
        if (!await ViewAsync(id, error, null, ct)) return NotFound();
        return Request.IsHtmx() ? Partial("_Phone", View) : error is null ? Redirect(ChannelPages.SandboxUrl(id)) : Page();
    }

    private async Task<bool> ViewAsync(Guid id, string? error, string? draft, CancellationToken ct)
    {
        if (await phone.FindAsync(id, ct) is not { } channel) return false;
        View = new PhoneView(channel, await phone.MessagesAsync(channel.Id, ct), error, draft);
        return true;
    }
}
