namespace Streamline.Tests.Fuzz;

/// <summary>The fixed corpus the fuzz suite sends: each value with a short label for the report.</summary>
public static class BadValues
{
    /// <summary>For form fields and query strings.</summary>
    public static readonly (string Label, string Value)[] Text =
    [
        ("nul", "a\u0000b"),
        ("control", "a\u0001\u001b[31mb\u007f"),
        ("overlong", new string('x', 20_000)),
        ("empty", ""),
        ("not a number", "twelve"),
        ("negative", "-1"),
        ("huge", "99999999999999999999999999"),
        ("huge negative", "-99999999999999999999999999"),
        ("float overflow", "1e309"),
        ("not a boolean", "yes"),
        ("bad date", "2026-13-45T25:61"),
        ("traversal", "../../../../etc/passwd"),
        ("rtl override", "invoice\u202Efdp.exe"),
        ("bad e-mail", "x@y.z;env;"),
        ("markup", "<script>alert(1)</script>[x](javascript:alert(1))"),
        ("json", "{\"a\":"),
    ];

    /// <summary>For JSON bodies of the API: raw text sent as application/json.</summary>
    public static readonly (string Label, string Body)[] Json =
    [
        ("malformed", "{\"amountMillicredits\":"),
        ("not an object", "[1,2,3]"),
        ("null", "null"),
        ("wrong types", "{\"amountMillicredits\":\"ten\",\"description\":5,\"expiresInSeconds\":\"soon\"}"),
        ("huge", "{\"amountMillicredits\":99999999999999999999999,\"expiresInSeconds\":99999999999999999999}"),
        ("negative", "{\"amountMillicredits\":-5,\"expiresInSeconds\":-1}"),
        ("nul in text", "{\"amountMillicredits\":1,\"description\":\"a\\u0000b\"}"),
        ("overlong", "{\"amountMillicredits\":1,\"description\":\"" + new string('x', 20_000) + "\"}"),
        ("deep", new string('[', 5_000) + new string(']', 5_000)),
        ("empty", ""),
    ];

    /// <summary>Bodies of another type than the endpoint expects, each with its content type.</summary>
    public static readonly (string Label, string ContentType, string Body)[] WrongTypes =
    [
        ("json to a form", "application/json", "{\"Input\":{\"Name\":1}}"),
        ("text", "text/plain", "hello"),
        ("xml", "application/xml", "<a>1</a>"),
        ("bad multipart", "multipart/form-data; boundary=zzz", "--zzz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n"),
        ("multipart without boundary", "multipart/form-data", "x"),
    ];

    public static readonly string[] OddMethods = ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"];
}
