using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Channels;
using Streamline.Core.Conversations;
using Streamline.Core.Data;
using Streamline.Core.Workspaces;
using Streamline.Web.Infrastructure;

namespace Streamline.Web.Pages.Channels;

/// <summary>
/// Connects one provider's channel, or saves an existing one again: step-by-step instructions, the fields, "Test
/// connection" (htmx), the webhook URL and verify token to copy. Secrets are never rendered back: editing means
/// entering them again. Owners only.
/// </summary>
[KnownHandlersOnly]
public class ConnectModel(StreamlineDbContext db, CurrentWorkspace current, ChannelConnections connections) : PageModel
{
    public sealed class ChannelInput
    {
        public string? Name { get; set; }
        public string? AccountId { get; set; }
        public string? BusinessAccountId { get; set; }
        public string? AccessToken { get; set; }
        public string? AppSecret { get; set; }
        public string? BotToken { get; set; }

        public ChannelForm ToForm() => new(Name, AccountId, BusinessAccountId, AccessToken, AppSecret, BotToken);
    }

    [BindProperty] public ChannelInput Input { get; set; } = new();
    [TempData] public string? Flash { get; set; }

    public ConversationChannel Channel { get; private set; }
    public MessagingChannel? Existing { get; private set; }
    public string? FormError { get; private set; }
    public string WebhookUrl => connections.WebhookUrl(Channel, Existing?.Id ?? Guid.Empty);
    public bool ProviderAvailable => connections.Provider(Channel) is not null;

    public async Task<IActionResult> OnGetAsync(string provider, Guid? id, CancellationToken ct)
    {
        if (current.Active is null) return RedirectToPage("/Workspace/New");
        if (!current.IsOwner) return Forbid();
        if (!await LoadAsync(provider, id, ct)) return NotFound();
        if (Existing is not null) Input.Name = Existing.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string provider, Guid? id, CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        if (!await LoadAsync(provider, id, ct)) return NotFound();
        var result = await connections.SaveAsync(current.Id, Channel, Input.ToForm(), id, ct);
        if (result is null) return NotFound();
        if (result.Channel is { } saved)
        {
            Flash = Channel == ConversationChannel.Telegram
                ? $"{saved.Name} is connected: Telegram now delivers its messages here."
                : $"{saved.Name} is connected. Last step: paste the webhook URL and verify token below into Meta's App Dashboard.";
            return Redirect(ChannelPages.ConnectUrl(Channel, saved.Id));
        }
        foreach (var (field, message) in result.Errors)
        {
            if (field.Length == 0) FormError = message;
            else ModelState.AddModelError($"{nameof(Input)}.{field}", message);
        }
        ForgetSecrets();
        return Page();
    }

    /// <summary>Asks the provider whether the entered credentials work; the result panel alone.</summary>
    public async Task<IActionResult> OnPostTestAsync(string provider, CancellationToken ct)
    {
        if (current.Active is null || !current.IsOwner) return Forbid();
        if (ChannelPages.FromSlug(provider) is not { } channel) return NotFound();
        var check = await connections.TestAsync(current.Id, channel, Input.ToForm(), ct);
        return Partial("_TestResult", check);
    }

    private async Task<bool> LoadAsync(string provider, Guid? id, CancellationToken ct)
    {
        if (ChannelPages.FromSlug(provider) is not { } channel) return false;
        Channel = channel;
        if (id is not { } existing) return true;
        Existing = await db.MessagingChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == existing && c.Channel == channel && !c.IsSandbox, ct);
        return Existing is not null;
    }

    private void ForgetSecrets()
    {
        Input.AccessToken = Input.AppSecret = Input.BotToken = null;
        foreach (var key in new[] { nameof(ChannelInput.AccessToken), nameof(ChannelInput.AppSecret), nameof(ChannelInput.BotToken) })
            if (ModelState.TryGetValue($"{nameof(Input)}.{key}", out var entry)) entry.RawValue = entry.AttemptedValue = null;
    }
}
