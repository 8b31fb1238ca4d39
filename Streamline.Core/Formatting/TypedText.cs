namespace Streamline.Core.Formatting;

/// <summary>What counts as text a person typed: anything but control characters other than line breaks and tabs.</summary>
public static class TypedText
{
    /// <summary>
    /// True when <paramref name="text"/> holds a control character no keyboard types (NUL among them). PostgreSQL
    /// refuses NUL in text outright and the others only hide what a message says, so such text is refused, not stored.
    /// </summary>
    public static bool HasControlCharacters(string text)
    {
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\n' or '\r' or '\t')) return true;
        return false;
    }
}
