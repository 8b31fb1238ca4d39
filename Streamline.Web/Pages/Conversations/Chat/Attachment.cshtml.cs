using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using Streamline.Core.Accounts;
using Streamline.Core.Conversations;
using Streamline.Core.Workspaces;

namespace Streamline.Web.Pages.Conversations.Chat;

/// <summary>
/// A chat attachment, always as a download (never shown inline, never sniffed). Readable by the widget visitor whose
/// token opens the conversation, the portal customer whose conversation it is, and the members of the workspace it
/// belongs to, and admins; everyone else gets 404, as if there were no such file.
/// </summary>
[AllowAnonymous]
public class AttachmentModel(ChatAttachmentStore files, ConversationService conversations, CurrentWorkspace current) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid messageId, Guid attachmentId, CancellationToken ct)
    {
        if (await files.OpenAsync(messageId, attachmentId, ct) is not var (message, attachment, content)) return NotFound();
        if (!await MayReadAsync(message, ct))
        {
            await content.DisposeAsync();
            return NotFound();
        }
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "private, no-store";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(attachment.FileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        return File(content, attachment.ContentType);
    }

    private async Task<bool> MayReadAsync(ChatMessage message, CancellationToken ct)
    {
        var token = Request.Headers[VisitorToken.Header].ToString();
        if (token.Length > 0)
            return await conversations.ConversationIdByTokenAsync(message.WorkspaceId, token, ct) == message.ConversationId;
        if (User.Identity?.IsAuthenticated != true) return false;
        if (current.Memberships.Any(m => m.WorkspaceId == message.WorkspaceId)) return true;
        // Admins read every conversation (/admin/conversations), files included.
        if (User.IsInRole(Roles.Admin) || User.IsInRole(Roles.SuperAdmin)) return true;
        var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        return (await conversations.FindAsync(message.ConversationId, ct))?.UserId == userId;
    }
}
