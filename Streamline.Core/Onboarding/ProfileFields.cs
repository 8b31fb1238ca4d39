namespace Streamline.Core.Onboarding;

/// <summary>
/// The business profile's website (its phone number: <see cref="BusinessPhone"/>). The rule normalises what a
/// person would naturally type and explains what is wrong otherwise.
/// </summary>
public static class ProfileFields
{
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
}

/// <summary>A normalised value (null when the optional field was left empty) or the reason it was refused.</summary>
public sealed record FieldResult(string? Value, string? Error)
{
    public static readonly FieldResult Empty = new(null, null);
    public static FieldResult Valid(string value) => new(value, null);
    public static FieldResult Invalid(string error) => new(null, error);
}
