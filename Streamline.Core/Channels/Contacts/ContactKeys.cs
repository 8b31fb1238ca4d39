using PhoneNumbers;

namespace Streamline.Core.Channels.Contacts;

/// <summary>
/// The forms in which two contacts' e-mails or phone numbers are compared: e-mails trimmed and in lower case, phone numbers
/// in E.164 read with the workspace's country as the default (libphonenumber), so "07700 900123" typed to a UK business
/// and "+44 7700 900123" from WhatsApp are one number.
/// </summary>
public static class ContactKeys
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static string? Email(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    /// <summary>E.164, or null when the numbering plan cannot read it: a number only possible as typed is never matched.</summary>
    public static string? Phone(string? phone, string? region)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        try
        {
            var number = Util.Parse(phone.Trim(), region ?? "ZZ");
            return Util.IsPossibleNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>
    /// A phone number a channel sent in international digits without the "+" (WhatsApp's <c>wa_id</c>), which read in
    /// the workspace's country would lose its country code.
    /// </summary>
    public static string? InternationalDigits(string? digits) =>
        string.IsNullOrWhiteSpace(digits) ? null : Phone("+" + digits.Trim().TrimStart('+'), null);

    /// <summary>The workspace's country: the one of the business's own phone number (stored in E.164), if it has one.</summary>
    public static string? RegionOf(string? businessPhone)
    {
        if (string.IsNullOrWhiteSpace(businessPhone)) return null;
        try
        {
            var region = Util.GetRegionCodeForNumber(Util.Parse(businessPhone, "ZZ"));
            return region is null or "ZZ" ? null : region;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
