using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Streamline.Core.Conversations;
using Streamline.Core.Data;

namespace Streamline.Core.Channels.Contacts;

/// <param name="ContactId">The contact the person ends up with.</param>
/// <param name="Merged">How many other contacts were merged into it.</param>
public sealed record ContactLink(Guid ContactId, int Merged);

/// <summary>
/// Links the contacts of one person: when a contact gains an e-mail or a phone number (said in a chat on any channel, or
/// the phone number WhatsApp sends with a new customer) that another contact of the same workspace has, the two become
/// one. The oldest contact is the one kept, so two links made at once on two channels agree on it.
/// </summary>
public sealed class ChannelContacts(StreamlineDbContext db, ContactMerge merge, ILogger<ChannelContacts> log)
{
    private IQueryable<Contact> Contacts(Guid workspaceId) =>
        db.Contacts.IgnoreQueryFilters(QueryFilters.Workspace).Where(c => c.WorkspaceId == workspaceId);

    /// <summary>
    /// A channel's new contact, made from what the channel knows of the customer: WhatsApp's phone number (international
    /// digits) is stored in E.164 and links it.
    /// </summary>
    public async Task<ContactLink> LinkNewAsync(MessagingChannel channel, string? channelPhone, Guid contactId, CancellationToken ct)
    {
        if (channel.Channel == ConversationChannel.WhatsApp && ContactKeys.InternationalDigits(channelPhone) is { } phone)
            await Contacts(channel.WorkspaceId).Where(c => c.Id == contactId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Phone, phone), ct);
        return await LinkAsync(channel.WorkspaceId, contactId, ct);
    }

    /// <summary>
    /// A phone number WhatsApp sends for a customer it first knew without one (a business-scoped user id alone): recorded
    /// on their contact unless the contact already has a number, and linked as a new customer's number is.
    /// </summary>
    public async Task<ContactLink> LinkLaterPhoneAsync(MessagingChannel channel, string? channelPhone, Guid contactId, CancellationToken ct)
    {
        if (channel.Channel != ConversationChannel.WhatsApp || ContactKeys.InternationalDigits(channelPhone) is not { } phone)
            return new ContactLink(contactId, 0);
        await Contacts(channel.WorkspaceId).Where(c => c.Id == contactId && (c.Phone == null || c.Phone == ""))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Phone, phone), ct);
        return await LinkAsync(channel.WorkspaceId, contactId, ct);
    }

    /// <summary>
    /// Merges every other contact of the workspace with the same e-mail (any case) or phone number (in E.164, read in the
    /// workspace's country) with this one.
    /// </summary>
    public async Task<ContactLink> LinkAsync(Guid workspaceId, Guid contactId, CancellationToken ct)
    {
        var contact = await Contacts(workspaceId).AsNoTracking().Select(c => new { c.Id, c.Email, c.Phone, c.CreatedAt }).SingleOrDefaultAsync(c => c.Id == contactId, ct);
        var alone = new ContactLink(contactId, 0);
        if (contact is null || (contact.Email is null && contact.Phone is null)) return alone;
        var email = ContactKeys.Email(contact.Email);
        var businessPhone = await db.BusinessProfiles.IgnoreQueryFilters(QueryFilters.Workspace).Where(p => p.WorkspaceId == workspaceId)
            .Select(p => p.Phone).FirstOrDefaultAsync(ct);
        var phone = ContactKeys.Phone(contact.Phone, ContactKeys.RegionOf(businessPhone));
        var others = await Contacts(workspaceId)
            .Where(c => c.Id != contactId && ((email != null && c.Email != null && c.Email.ToLower() == email) || (phone != null && c.Phone == phone)))
            .Select(c => new { c.Id, c.CreatedAt }).ToListAsync(ct);
        if (others.Count == 0) return alone;

        var all = others.Append(new { contact.Id, contact.CreatedAt }).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToList();
        var keep = all[0].Id;
        var merged = 0;
        var ours = keep;
        foreach (var other in all.Skip(1))
        {
            // Another merge may have taken either contact first: then this pair stays as that one left it.
            if (await merge.MergeInWorkspaceAsync(workspaceId, keep, other.Id, ct) is null)
            {
                if (other.Id == contactId) ours = contactId;
                continue;
            }
            merged++;
            log.LogInformation("Contact {Other} linked into {Keep} in workspace {Workspace} by a shared e-mail or phone", other.Id, keep, workspaceId);
        }
        return new ContactLink(ours, merged);
    }
}
