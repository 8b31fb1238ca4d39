namespace Streamline.Tests.Support;

/// <summary>
/// What ./test.sh starts for the tests. A missing value fails the test with the reason: these
/// tests are never skipped, because a skipped test would hide exactly the gap it exists to catch.
/// </summary>
public static class TestEnvironment
{
    public static string PostgresAdmin => Require("STREAMLINE_TEST_POSTGRES", "a PostgreSQL server");
    public static string SmtpHost => Environment.GetEnvironmentVariable("STREAMLINE_TEST_SMTP_HOST") ?? "127.0.0.1";
    public static int SmtpPort => int.Parse(Require("STREAMLINE_TEST_SMTP_PORT", "an SMTP server"));
    public static string MailDir => Require("STREAMLINE_TEST_MAILDIR", "an SMTP server's mailbox");
    public static string Chromium => Environment.GetEnvironmentVariable("STREAMLINE_TEST_CHROMIUM") ?? "/usr/bin/chromium";

    private static string Require(string name, string what) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set: these tests need {what}. Run them with ./test.sh, which starts one.");

    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
