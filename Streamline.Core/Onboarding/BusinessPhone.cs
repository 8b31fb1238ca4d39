using PhoneNumbers;

namespace Streamline.Core.Onboarding;

/// <summary>
/// A business phone number, checked against the numbering plan of its country (libphonenumber) and kept in
/// E.164 ("+351912345678"), the one form every dialler and messaging service accepts. People type numbers
/// every which way; the country code is what makes one callable from anywhere, so it is required.
/// </summary>
public static class BusinessPhone
{
    public const string Example = "+1 201 555 0123";

    private const string NotANumber = "This number does not exist in its country: check the digits.";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static FieldResult Normalise(string? input)
    {
        var text = input?.Trim() ?? "";
        if (text.Length == 0) return FieldResult.Empty;
        if (text.Length > BusinessProfileLimits.Phone)
            return FieldResult.Invalid($"Keep the phone number under {BusinessProfileLimits.Phone} characters.");
        if (text.Any(char.IsLetter) || !text.Any(char.IsAsciiDigit))
            return FieldResult.Invalid($"Enter a phone number in digits, with its country code, for example {Example}.");
        if (!text.StartsWith('+') && !text.StartsWith("00", StringComparison.Ordinal))
            return FieldResult.Invalid($"Start with + and the country code, for example {Example}.");

        PhoneNumber number;
        try
        {
            // "00" is how most of the world dials out; read it as the "+" it stands for.
            number = Util.Parse(text.StartsWith("00", StringComparison.Ordinal) ? "+" + text[2..] : text, null);
        }
        catch (NumberParseException e) when (e.ErrorType == ErrorType.INVALID_COUNTRY_CODE)
        {
            return FieldResult.Invalid($"Start with + and a country code that exists, for example {Example}.");
        }
        catch (NumberParseException)
        {
            return FieldResult.Invalid(NotANumber);
        }
        return Util.IsValidNumber(number) ? FieldResult.Valid(Util.Format(number, PhoneNumberFormat.E164)) : FieldResult.Invalid(NotANumber);
    }

    /// <summary>A stored number as people read it ("+351 912 345 678"); anything unparseable as it is.</summary>
    public static string? Display(string? stored)
    {
        if (string.IsNullOrEmpty(stored)) return stored;
        try
        {
            return Util.Format(Util.Parse(stored, null), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return stored;
        }
    }
}
