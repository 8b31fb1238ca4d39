using Microsoft.AspNetCore.Mvc.Testing;
using Streamline.Bench.Conversations;
using Streamline.Tests.Support;
using Xunit.Abstractions;

namespace Streamline.Tests.Conversations;

/// <summary>
/// The scripted sales conversations of bench/conversations, through the widget's own HTTP endpoints, against the
/// embedded engine: the same set, driver and scorer as bench/conversations.sh.
/// </summary>
public abstract class SalesEvaluationTests<TApp>(TApp app, ITestOutputHelper output) : IClassFixture<TApp> where TApp : StreamlineApp
{
    [Fact]
    public async Task The_offline_engine_meets_the_goals_on_every_scripted_conversation()
    {
        var set = EvalSet.Load(EvalSet.FindFolder());
        var keys = await EvalWorld.CreateAsync(app.Services, set.Workspaces);
        var driver = new EvalDriver(NewVisitorClient, app.Services);

        var transcripts = new List<EvalTranscript>();
        foreach (var conversation in set.Conversations) transcripts.Add(await driver.RunAsync(conversation, keys[conversation.Workspace]));

        var score = EvalScore.Of(set, transcripts);
        output.WriteLine(score.Table("offline"));
        output.WriteLine(string.Join('\n', score.Misses));
        var missed = score.Misses.Select(m => m[..m.IndexOf(':')]).ToHashSet();
        foreach (var t in transcripts.Where(t => missed.Contains(t.Script.Id))) output.WriteLine(t.Dump());
        Assert.Equal(set.Conversations.Count, score.Conversations);
        Assert.Empty(score.GoalFailures());
    }

    /// <summary>Each scripted visitor from their own address, as real ones are, so the chat's per-address limits apply to each alone.</summary>
    private HttpClient NewVisitorClient()
    {
        var http = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false,
        });
        http.DefaultRequestHeaders.Add(TestClientAddress.Header, TestClientAddress.NewAddress());
        return http;
    }
}

public sealed class SalesEvaluationOnSqlite(SqliteApp app, ITestOutputHelper output) : SalesEvaluationTests<SqliteApp>(app, output);

public sealed class SalesEvaluationOnPostgres(PostgresApp app, ITestOutputHelper output) : SalesEvaluationTests<PostgresApp>(app, output);
