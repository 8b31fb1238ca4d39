using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Streamline.Core.Conversations.Sales.Understanding;

/// <summary>
/// The country a workspace's visitors most likely dial from: the one of the business's own phone number in its
/// profile, so "07700 900123" reads as a UK number for a UK business. Null when the profile has no usable number.
/// </summary>
public static partial class PhoneRegion
{
    public static string? FromProfile(string? profileText)
    {
        if (profileText is null || PhoneLine().Match(profileText) is not { Success: true } m) return null;
        try
        {
            var number = PhoneNumberUtil.GetInstance().Parse(m.Groups[1].Value, "ZZ");
            var region = PhoneNumberUtil.GetInstance().GetRegionCodeForNumber(number);
            return region is null or "ZZ" ? null : region;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"(?m)^Phone:\s*(\+.+?)\s*$")]
    private static partial Regex PhoneLine();
}
