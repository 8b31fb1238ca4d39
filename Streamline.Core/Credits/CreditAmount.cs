namespace Streamline.Core.Credits;

public static class CreditAmount
{
    /// <summary>Integer millicredits as credits with three decimals, e.g. 12345 → "12.345"; no floating point on the way.</summary>
    public static string Format(long millicredits)
    {
        // Unsigned so that long.MinValue has a magnitude too.
        var magnitude = millicredits < 0 ? (ulong)(-(millicredits + 1)) + 1 : (ulong)millicredits;
        return $"{(millicredits < 0 ? "-" : "")}{magnitude / 1_000}.{magnitude % 1_000:D3}";
    }
}
