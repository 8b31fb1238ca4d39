using System.Text.RegularExpressions;

namespace Streamline.Core.Onboarding;

/// <summary>
/// The business profile's two free-form fields with a shape: a website and a phone number. Each rule
/// normalises what a person would naturally type and explains what is wrong otherwise.
/// </summary>
public static partial class ProfileFields
{
    public const int MinPhoneDigits = 7;

    /// <summary>E.164 allows at most 15 digits; extensions are not part of a dialable number.</summary>
    public const int MaxPhoneDigits = 15;

    /// <summary>
    /// An absolute http(s) address. "example.com" becomes "https://example.com": owners rarely type the scheme.
    /// A bare site keeps no trailing slash so it reads the way it was typed.
    /// </summary>
    public static FieldResult NormaliseWebsite(string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.Length == 0) return FieldResult.Empty;
        if (!text.Contains("://", StringComparison.Ordinal)) text = "https://" + text;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            return FieldResult.Invalid("Enter a web address such as example.com or https://example.com.");
        if (uri.UserInfo.Length > 0 || text.Any(char.IsWhiteSpace))
            return FieldResult.Invalid("Enter a web address such as example.com or https://example.com.");
        if (!uri.IsLoopback && !uri.Host.Contains('.'))
            return FieldResult.Invalid($"\"{uri.Host}\" is not a full domain name: add the ending, as in {uri.Host}.com.");

        var normalised = uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? uri.GetLeftPart(UriPartial.Authority)
            : uri.AbsoluteUri;
        return normalised.Length > BusinessProfileLimits.Url
            ? FieldResult.Invalid($"Keep the web address under {BusinessProfileLimits.Url} characters.")
            : FieldResult.Valid(normalised);
    }

    /// <summary>
    /// Permissive on purpose: any international format people write ("+351 912 345 678", "(555) 010-4477")
    /// as long as it is made of digits and the usual separators and has a dialable number of digits.
    /// </summary>
    public static FieldResult NormalisePhone(string? input)
    {
        var text = Spaces().Replace(input?.Trim() ?? "", " ");
        if (text.Length == 0) return FieldResult.Empty;
        if (!PhoneCharacters().IsMatch(text))
            return FieldResult.Invalid("Use digits, spaces and + ( ) - . only, for example +1 555 010 4477.");
        var digits = text.Count(char.IsAsciiDigit);
        if (digits < MinPhoneDigits || digits > MaxPhoneDigits)
            return FieldResult.Invalid($"A phone number has {MinPhoneDigits} to {MaxPhoneDigits} digits, including the country code.");
        return text.Length > BusinessProfileLimits.Phone
            ? FieldResult.Invalid($"Keep the phone number under {BusinessProfileLimits.Phone} characters.")
            : FieldResult.Valid(text);
    }

    [GeneratedRegex(@"^\+?[0-9 ().\-]+$")]
    private static partial Regex PhoneCharacters();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

/// <summary>A normalised value (null when the optional field was left empty) or the reason it was refused.</summary>
public sealed record FieldResult(string? Value, string? Error)
{
    public static readonly FieldResult Empty = new(null, null);
    public static FieldResult Valid(string value) => new(value, null);
    public static FieldResult Invalid(string error) => new(null, error);
}
