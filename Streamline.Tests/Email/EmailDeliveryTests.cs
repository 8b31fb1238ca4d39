using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Streamline.Core.Email;
using Streamline.Tests.Support;

namespace Streamline.Tests.Email;

/// <summary>The web app with MailKit sending to the real SMTP server that ./test.sh starts on loopback.</summary>
public class SmtpApp : StreamlineApp
{
    protected virtual (string Host, int Port) SmtpServer => (TestEnvironment.SmtpHost, TestEnvironment.SmtpPort);

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["Email:Transport"] = "Smtp";
        settings["Email:Smtp:Host"] = SmtpServer.Host;
        settings["Email:Smtp:Port"] = SmtpServer.Port.ToString();
        settings["Email:Smtp:Security"] = "None";
    }
}

public sealed class EmailDeliveryTests(SmtpApp app) : IClassFixture<SmtpApp>
{
    [Fact]
    public async Task A_confirmation_mail_reaches_the_smtp_server_and_its_link_confirms_the_account()
    {
        using var client = app.NewClient();
        var email = $"smtp-{Guid.NewGuid():N}@example.test";
        (await client.RegisterAsync(email)).EnsureRedirect();

        var delivered = await Mailbox.WaitForAsync(email);
        Assert.Equal("Confirm your e-mail for Streamline", delivered.Subject);
        Assert.NotNull(delivered.HtmlBody);
        Assert.NotNull(delivered.TextBody);
        var link = AppClient.ConfirmLink(delivered.TextBody);
        Assert.Contains(link.Replace("&", "&amp;"), delivered.HtmlBody);

        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(AppClient.PathOf(link))).StatusCode);
        (await client.LoginAsync(email)).EnsureRedirect("/app");
        await using var db = app.Database.NewContext();
        var row = await db.EmailMessages.SingleAsync(m => m.To == email);
        Assert.Equal(EmailStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task A_mail_whose_queue_entry_was_lost_is_sent_once_by_the_sweeper_even_when_sweeps_overlap()
    {
        var to = $"lost-{Guid.NewGuid():N}@example.test";
        // Written straight to the database (no interceptor, no enqueue): as if the process died after commit.
        await using (var db = app.Database.NewContext())
        {
            var rendered = new EmailTemplates().Render("account-link", new Dictionary<string, string>
            {
                ["Subject"] = "Lost and found", ["Message"] = "Hello", ["ActionUrl"] = "https://example.test/x",
            });
            var message = new EmailMessage
            {
                To = to, Subject = rendered.Subject, HtmlBody = rendered.Html, TextBody = rendered.Text, Template = "account-link",
                CreatedAt = DateTime.UtcNow.AddMinutes(-5), NextAttemptAt = DateTime.UtcNow.AddMinutes(-5),
            };
            message.MessageId = $"{message.Id:N}@streamline";
            db.EmailMessages.Add(message);
            await db.SaveChangesAsync();
        }

        // Three sweeps at once: each enqueues the row; the claim lets exactly one send go out.
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.WithScopeAsync(sp => sp.GetRequiredService<SweepEmailOutbox>().RunAsync(default))));

        await Mailbox.WaitForAsync(to);
        await using var check = app.Database.NewContext();
        await Poll.UntilAsync(async () => (await check.EmailMessages.AsNoTracking().SingleAsync(m => m.To == to)).Status == EmailStatus.Sent);
        await Task.Delay(1500); // give any duplicate the chance to arrive
        Assert.Single(Mailbox.FilesFor(to));
        var row = await check.EmailMessages.AsNoTracking().SingleAsync(m => m.To == to);
        Assert.Equal(1, row.Attempts);
    }
}

public static class Mailbox
{
    public static IEnumerable<string> FilesFor(string recipient) =>
        Directory.EnumerateFiles(Path.Combine(TestEnvironment.MailDir, "new"))
            .Where(f => File.ReadAllText(f).Contains(recipient, StringComparison.OrdinalIgnoreCase));

    public static async Task<MimeMessage> WaitForAsync(string recipient, int seconds = 30)
    {
        string? file = null;
        await Poll.UntilAsync(() => Task.FromResult((file = FilesFor(recipient).FirstOrDefault()) is not null), seconds,
            $"no mail for {recipient} arrived at the SMTP server");
        return await MimeMessage.LoadAsync(file!);
    }
}

public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, int seconds = 30, string? what = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {seconds}s: {what ?? "condition not met"}");
            await Task.Delay(100);
        }
    }
}

/// <summary>SMTP pointed at a port nobody listens on: delivery fails and must be retried later, not lost.</summary>
public sealed class UnreachableSmtpApp : SmtpApp
{
    private readonly int _closedPort = ClosedPort();

    protected override (string Host, int Port) SmtpServer => ("127.0.0.1", _closedPort);

    private static int ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

public sealed class EmailRetryTests(UnreachableSmtpApp app) : IClassFixture<UnreachableSmtpApp>
{
    [Fact]
    public async Task A_failed_send_keeps_the_mail_pending_with_the_error_and_a_later_retry_time()
    {
        using var client = app.NewClient();
        var email = $"retry-{Guid.NewGuid():N}@example.test";
        (await client.RegisterAsync(email)).EnsureRedirect();

        await using var db = app.Database.NewContext();
        EmailMessage? row = null;
        await Poll.UntilAsync(async () => (row = await db.EmailMessages.AsNoTracking().SingleAsync(m => m.To == email)).LastError is not null);

        Assert.Equal(EmailStatus.Pending, row!.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.LockedUntil);
        Assert.True(row.NextAttemptAt > DateTime.UtcNow.AddSeconds(20), $"next attempt at {row.NextAttemptAt:O}");
        Assert.Null(row.SentAt);
    }
}
