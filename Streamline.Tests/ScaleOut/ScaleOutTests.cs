using System.Diagnostics;
using System.Net;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Npgsql;
using Streamline.Core.Data;
using Streamline.Core.Email;
using Streamline.Tests.Support;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Streamline.Tests.ScaleOut;

/// <summary>
/// Streamline scaled out on PostgreSQL: several worker processes sharing one job queue, several web
/// instances sharing one database. Everything here is real: separate OS processes, a real SMTP server.
/// </summary>
[Trait("Category", "ScaleOut")]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int MailCount = 500;
    private const int DuplicateCount = 100;

    [Fact]
    public async Task Two_worker_processes_deliver_500_queued_emails_exactly_once_between_them()
    {
        var clock = Stopwatch.StartNew();
        var runId = Guid.NewGuid().ToString("N")[..10];
        var dataDirectory = TestEnvironment.NewTempDirectory("streamline-scale");
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, dataDirectory);
        var workers = new List<WorkerProcess>();
        try
        {
            // The outbox rows, as the web app would have committed them.
            var now = DateTime.UtcNow;
            var mails = Enumerable.Range(0, MailCount).Select(i =>
            {
                var id = Guid.NewGuid();
                return new EmailMessage
                {
                    Id = id,
                    To = $"scale-{runId}-{i}@example.test",
                    Subject = $"Scale-out mail {i}",
                    HtmlBody = $"<p>Scale-out mail {i} of run {runId}.</p>",
                    TextBody = $"Scale-out mail {i} of run {runId}.\n",
                    Template = "scale-out-test",
                    CreatedAt = now,
                    NextAttemptAt = now,
                    MessageId = $"{id:N}@streamline",
                };
            }).ToList();
            await using (var db = database.NewContext())
            {
                db.EmailMessages.AddRange(mails);
                await db.SaveChangesAsync();
            }

            // The same Hangfire storage the workers use; creating it installs the schema before they start.
            var storage = new PostgreSqlStorage(
                new NpgsqlConnectionFactory(database.ConnectionString, HangfireOptions()), HangfireOptions());
            var jobs = new BackgroundJobClient(storage);
            Log(clock, $"database, {MailCount} outbox rows and the hangfire schema ready");

            // Two worker processes. Each signs its mails with its own From address, so the SMTP
            // server's copy of every mail says which process delivered it.
            for (var n = 1; n <= 2; n++)
                workers.Add(WorkerProcess.Start($"worker {n}", WorkerEnvironment(database, dataDirectory, FromAddress(runId, n))));

            // Both servers are in the queue before the first job is, or the first one up could drain it alone.
            await WaitUntilAsync(TimeSpan.FromSeconds(90), "both worker processes register their Hangfire servers",
                async () => (await ServerIdsAsync(database)).Count(id => workers.Any(w => IsServerOf(id, w))) >= 2, workers);
            Log(clock, $"both workers registered (pids {string.Join(", ", workers.Select(w => w.ProcessId))})");

            // Every mail's job; the first DuplicateCount twice in a row, so the copies race each other.
            for (var i = 0; i < MailCount; i++)
            {
                var id = mails[i].Id;
                jobs.Enqueue<SendEmail>(j => j.RunAsync(id, CancellationToken.None));
                if (i < DuplicateCount) jobs.Enqueue<SendEmail>(j => j.RunAsync(id, CancellationToken.None));
            }
            Log(clock, $"{MailCount + DuplicateCount} jobs enqueued");

            await WaitUntilAsync(TimeSpan.FromSeconds(120), $"all {MailCount} outbox rows are Sent", async () =>
            {
                await using var db = database.NewContext();
                var failed = await db.EmailMessages.Where(m => m.Status != EmailStatus.Sent && m.LastError != null)
                    .Select(m => m.To + ": " + m.LastError).FirstOrDefaultAsync();
                Assert.True(failed is null, $"A send failed: {failed}");
                return await db.EmailMessages.CountAsync(m => m.Status == EmailStatus.Sent) == MailCount;
            }, workers);
            Log(clock, $"all {MailCount} rows Sent");

            // Exactly one mail per row reached the SMTP server (a mail is on disk before the server answers the send).
            var delivered = ReadDeliveredMails(runId);
            var byMessageId = delivered.GroupBy(m => m.MessageId).ToDictionary(g => g.Key, g => g.ToList());
            var repeated = byMessageId.Where(g => g.Value.Count > 1).Select(g => $"{g.Key} x{g.Value.Count}").ToList();
            Assert.True(repeated.Count == 0, $"Delivered more than once: {string.Join(", ", repeated.Take(20))}");
            Assert.True(delivered.Count == MailCount, $"Expected {MailCount} mails for run {runId}, the SMTP server has {delivered.Count}.");
            foreach (var mail in mails)
            {
                Assert.True(byMessageId.TryGetValue(mail.MessageId, out var copies), $"No mail with Message-ID {mail.MessageId} ({mail.To}).");
                Assert.Equal(mail.To, copies.Single().To);
            }

            // Both processes delivered some of them…
            var perWorker = workers.ToDictionary(w => w.Name,
                w => delivered.Count(m => m.From == FromAddress(runId, workers.IndexOf(w) + 1)));
            Assert.True(perWorker.Values.Sum() == MailCount, $"Mails from unknown senders: {string.Join(", ", delivered.Select(m => m.From).Distinct())}");
            Assert.True(perWorker.Values.All(c => c > 0), $"One worker delivered nothing: {Describe(perWorker)}");

            // …and Hangfire's own history agrees: both servers ran SendEmail jobs, and none failed.
            var processedBy = await ProcessingServersAsync(database);
            var jobsPerWorker = workers.ToDictionary(w => w.Name, w => processedBy.Where(p => IsServerOf(p.Key, w)).Sum(p => p.Value));
            Assert.True(jobsPerWorker.Values.All(c => c > 0), $"Hangfire shows a worker that ran no job: {Describe(jobsPerWorker)}");
            Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
            Log(clock, $"mails delivered per worker: {Describe(perWorker)}; jobs processed per worker: {Describe(jobsPerWorker)}");
        }
        catch (Exception ex) when (workers.Count > 0 && ex is not WorkerFailure)
        {
            throw new WorkerFailure($"{ex.Message}\n\n{string.Join("\n", workers.Select(w => w.Describe()))}", ex);
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
            await database.DisposeAsync();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
            Log(clock, "workers stopped, database dropped");
        }
    }

    [Fact]
    public async Task Two_worker_processes_running_the_report_job_six_times_mail_each_owner_each_report_once()
    {
        const int Owners = 3;
        const int Runs = 6;
        var clock = Stopwatch.StartNew();
        var runId = Guid.NewGuid().ToString("N")[..10];
        var dataDirectory = TestEnvironment.NewTempDirectory("streamline-scale");
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, dataDirectory);
        var workers = new List<WorkerProcess>();
        try
        {
            // Confirmed owners of workspaces that existed before last week, so last week's and last month's reports are due.
            await using (var db = database.NewContext())
            {
                for (var i = 0; i < Owners; i++)
                {
                    var email = $"scale-{runId}-{i}@example.test";
                    var user = new Core.Accounts.AppUser
                    {
                        UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                        EmailConfirmed = true, DisplayName = $"Owner {i}", SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAt = DateTime.UtcNow.AddDays(-80),
                    };
                    var workspace = new Core.Workspaces.Workspace { Name = $"Scale {i}", CreatedAt = DateTime.UtcNow.AddDays(-80) };
                    db.Users.Add(user);
                    db.Workspaces.Add(workspace);
                    db.WorkspaceMembers.Add(new Core.Workspaces.WorkspaceMember
                    {
                        WorkspaceId = workspace.Id, UserId = user.Id, Role = Core.Workspaces.WorkspaceRole.Owner, JoinedAt = workspace.CreatedAt,
                    });
                }
                await db.SaveChangesAsync();
            }
            var storage = new PostgreSqlStorage(
                new NpgsqlConnectionFactory(database.ConnectionString, HangfireOptions()), HangfireOptions());
            var jobs = new BackgroundJobClient(storage);
            for (var n = 1; n <= 2; n++)
                workers.Add(WorkerProcess.Start($"worker {n}", WorkerEnvironment(database, dataDirectory, FromAddress(runId, n))));
            await WaitUntilAsync(TimeSpan.FromSeconds(90), "both worker processes register their Hangfire servers",
                async () => (await ServerIdsAsync(database)).Count(id => workers.Any(w => IsServerOf(id, w))) >= 2, workers);
            Log(clock, "both workers registered");

            // The daily run, six times at once: a retry and an overlap on two processes, as a bad day would have it.
            for (var i = 0; i < Runs; i++) jobs.Enqueue<Core.Notifications.Reports.SendWorkspaceReports>(j => j.RunAsync(CancellationToken.None));
            await WaitUntilAsync(TimeSpan.FromSeconds(120), $"all {Runs} report runs have finished", async () =>
                await ScalarAsync(database, "SELECT count(*) FROM hangfire.job WHERE statename = 'Succeeded' AND invocationdata::text LIKE '%SendWorkspaceReports%'") == Runs,
                workers);
            await WaitUntilAsync(TimeSpan.FromSeconds(120), "every report mail is sent", async () =>
            {
                await using var db = database.NewContext();
                return await db.EmailMessages.Where(m => m.Template.EndsWith("-report")).AllAsync(m => m.Status == EmailStatus.Sent);
            }, workers);
            Log(clock, "report runs finished and their mails sent");

            await using (var db = database.NewContext())
            {
                var rows = await db.EmailMessages.Where(m => m.To.StartsWith($"scale-{runId}-")).Select(m => m.To + " " + m.Template).ToListAsync();
                Assert.Equal(Owners * 2, rows.Count);
                Assert.Equal(Owners * 2, rows.Distinct().Count());
            }
            var delivered = ReadDeliveredMails(runId);
            Assert.Equal(Owners * 2, delivered.Count);
            Assert.Equal(Owners * 2, delivered.Select(m => m.MessageId).Distinct().Count());
            Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
        }
        catch (Exception ex) when (workers.Count > 0 && ex is not WorkerFailure)
        {
            throw new WorkerFailure($"{ex.Message}\n\n{string.Join("\n", workers.Select(w => w.Describe()))}", ex);
        }
        finally
        {
            foreach (var worker in workers) worker.Dispose();
            await database.DisposeAsync();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
            Log(clock, "workers stopped, database dropped");
        }
    }

    [Fact]
    public async Task A_login_cookie_issued_by_one_web_instance_is_accepted_by_another_sharing_the_database()
    {
        var clock = Stopwatch.StartNew();
        var apps = new List<StreamlineApp>();
        try
        {
            var first = await StartAsync(new PostgresApp(), apps);
            var second = await StartAsync(new SharedDatabaseApp(first.Database), apps);
            var elsewhere = await StartAsync(new PostgresApp(), apps);
            Log(clock, "three web instances up (two on one database, one on its own)");

            // The second instance is already serving (and has loaded its key ring) before the sign-in.
            using (var warmUp = second.CreateDefaultClient(BaseAddress))
                Assert.Equal(HttpStatusCode.OK, (await warmUp.GetAsync("/Identity/Account/Login")).StatusCode);

            // Sign in on the first instance and keep the authentication cookie it sets.
            using var onFirst = first.NewClient();
            var email = $"user-{Guid.NewGuid():N}@example.test";
            (await onFirst.RegisterAsync(email)).EnsureRedirect();
            (await onFirst.ConfirmFromOutboxAsync(email)).EnsureSuccessStatusCode();
            var login = (await onFirst.LoginAsync(email)).EnsureRedirect("/app");
            var authCookie = string.Join("; ", login.Headers.GetValues("Set-Cookie")
                .Select(c => c.Split(';')[0].Trim())
                .Where(c => c.StartsWith("streamline.auth", StringComparison.Ordinal)));
            Assert.False(string.IsNullOrEmpty(authCookie), "The login set no streamline.auth cookie.");
            Assert.Contains("Welcome", await (await GetAppAsync(first, authCookie)).Content.ReadAsStringAsync());
            Log(clock, "signed in on the first instance");

            // The second instance, on the same database, reads it: the key that protects it is in the database.
            var onSecond = await GetAppAsync(second, authCookie);
            Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
            Assert.Contains("Welcome", await onSecond.Content.ReadAsStringAsync());

            // An instance on another database has other keys and sends the same cookie to the login page.
            var onElsewhere = await GetAppAsync(elsewhere, authCookie);
            onElsewhere.EnsureRedirect();
            Assert.Contains("/Identity/Account/Login", onElsewhere.Headers.Location!.OriginalString);

            var sharedKeys = await KeyIdsAsync(first.Database);
            var otherKeys = await KeyIdsAsync(elsewhere.Database);
            Assert.NotEmpty(sharedKeys);
            Assert.NotEmpty(otherKeys);
            Assert.Empty(sharedKeys.Intersect(otherKeys));
            Log(clock, $"second instance accepted the cookie, the third rejected it ({sharedKeys.Count} shared key(s))");
        }
        finally
        {
            // Reverse order: the owner of the shared database goes last.
            for (var i = apps.Count - 1; i >= 0; i--) await ((IAsyncLifetime)apps[i]).DisposeAsync();
            Log(clock, "instances stopped, databases dropped");
        }
    }

    private static readonly Uri BaseAddress = new("https://localhost");

    private static async Task<T> StartAsync<T>(T app, List<StreamlineApp> started) where T : StreamlineApp
    {
        started.Add(app);
        await app.InitializeAsync();
        _ = app.Services; // builds and starts the host now, one instance at a time
        return app;
    }

    private static async Task<HttpResponseMessage> GetAppAsync(StreamlineApp app, string cookie)
    {
        using var client = app.CreateDefaultClient(BaseAddress); // no cookie jar, no redirects followed
        using var request = new HttpRequestMessage(HttpMethod.Get, "/app");
        request.Headers.Add("Cookie", cookie);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<List<string>> KeyIdsAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.DataProtectionKeys.Select(k => k.FriendlyName!).ToListAsync();
    }

    private static PostgreSqlStorageOptions HangfireOptions() => new()
    {
        // As Streamline.Core's BackgroundJobsSetup has it for PostgreSQL.
        SchemaName = "hangfire",
        PrepareSchemaIfNecessary = true,
    };

    internal static string FromAddress(string runId, int worker) => $"worker{worker}-{runId}@streamline.test";

    internal static Dictionary<string, string> WorkerEnvironment(TestDatabase database, string dataDirectory, string from) => new()
    {
        ["DOTNET_ENVIRONMENT"] = "Testing",
        ["Database__Provider"] = "Postgres",
        ["Web__PublicUrl"] = "https://localhost",
        ["ConnectionStrings__Streamline"] = database.ConnectionString,
        ["Email__Transport"] = "Smtp",
        ["Email__From"] = $"Streamline <{from}>",
        ["Email__Smtp__Host"] = TestEnvironment.SmtpHost,
        ["Email__Smtp__Port"] = TestEnvironment.SmtpPort.ToString(),
        ["Email__Smtp__Security"] = "None",
        ["Workers__PollIntervalMs"] = "200",
        ["Workers__Count"] = "10",
        ["Streamline__DataDirectory"] = dataDirectory,
        ["Admin__SuperAdminEmail"] = "",
    };

    /// <summary>Hangfire server ids are "{machine}:{pid}:{guid}" (Streamline names its servers "{machine}:{pid}").</summary>
    private static bool IsServerOf(string serverId, WorkerProcess worker) =>
        serverId.Contains($":{worker.ProcessId}:", StringComparison.Ordinal);

    private static async Task<List<string>> ServerIdsAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM hangfire.server", connection);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>How many SendEmail jobs each Hangfire server took, from the Processing states it recorded.</summary>
    private static async Task<Dictionary<string, int>> ProcessingServersAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT s.data::jsonb ->> 'ServerId', count(DISTINCT s.jobid)
            FROM hangfire.state s JOIN hangfire.job j ON j.id = s.jobid
            WHERE s.name = 'Processing' AND j.invocationdata::text LIKE '%SendEmail%'
            GROUP BY 1
            """, connection);
        var result = new Dictionary<string, int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result[reader.IsDBNull(0) ? "(none)" : reader.GetString(0)] = (int)reader.GetInt64(1);
        return result;
    }

    internal static async Task<long> ScalarAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed record DeliveredMail(string MessageId, string To, string From);

    /// <summary>This run's mails in the SMTP server's Maildir (shared with other tests, so filtered by run id).</summary>
    private static List<DeliveredMail> ReadDeliveredMails(string runId)
    {
        var marker = $"scale-{runId}-";
        var mails = new List<DeliveredMail>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(TestEnvironment.MailDir, "new")))
        {
            if (!File.ReadAllText(file).Contains(marker, StringComparison.Ordinal)) continue;
            var message = MimeMessage.Load(file);
            var to = string.Join(",", message.To.Mailboxes.Select(m => m.Address));
            var rcptTo = message.Headers["X-RcptTo"] ?? "";
            Assert.True(rcptTo.Contains(to, StringComparison.OrdinalIgnoreCase), $"{file}: envelope recipient '{rcptTo}' is not the To '{to}'.");
            mails.Add(new DeliveredMail(message.MessageId ?? "", to, message.From.Mailboxes.Single().Address));
        }
        return mails;
    }

    /// <summary>Polls until the condition holds; fails early if a worker process has died.</summary>
    internal static async Task WaitUntilAsync(TimeSpan timeout, string what, Func<Task<bool>> condition, IReadOnlyList<WorkerProcess> workers)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (workers.FirstOrDefault(w => w.HasExited) is { } dead)
                throw new WorkerFailure($"Waiting until {what}: {dead.Name} exited.\n\n{dead.Describe()}");
            if (deadline.Elapsed > timeout)
                throw new XunitException($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            await Task.Delay(250);
        }
    }

    private static string Describe(Dictionary<string, int> counts) => string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}"));

    private void Log(Stopwatch clock, string message) => output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0} s] {message}");

    /// <summary>A failure whose message already carries the worker processes' output.</summary>
    internal sealed class WorkerFailure(string message, Exception? inner = null) : XunitException(message, inner);
}
