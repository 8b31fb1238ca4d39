using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Ai;
using Streamline.Tests.Ai;
using Streamline.Tests.Support;

namespace Streamline.Tests.Monitoring;

/// <summary>AI provider latency and errors as the monitoring page and /metrics show them, timed on real calls to the fake provider.</summary>
public sealed class AiLatencyMonitoringTests(OnlineAdminApp app) : IClassFixture<OnlineAdminApp>
{
    [Fact]
    public async Task Every_provider_call_is_timed_and_a_failed_one_counted_by_model_over_the_last_hour()
    {
        await app.WithScopeAsync(async sp =>
        {
            var chat = sp.GetRequiredService<IChatClient>();
            app.ChatModel.FirstTokenDelay = TimeSpan.FromMilliseconds(300);
            try
            {
                await foreach (var _ in chat.GetStreamingResponseAsync("Hello?")) { }
            }
            finally
            {
                app.ChatModel.FirstTokenDelay = TimeSpan.Zero;
            }
            await chat.GetResponseAsync("Hello again?");
            using (app.ChatModel.Down(FakeChatModel.Outage.ServerError))
                await Assert.ThrowsAnyAsync<Exception>(() => chat.GetResponseAsync("Anyone there?"));
            return true;
        });
        using var admin = await app.SuperAdminAsync();

        var lines = (await (await admin.Http.GetAsync("/metrics")).Content.ReadAsStringAsync()).Split('\n');

        var labels = $"window=\"hour\",model=\"{OnlineAiApp.Model}\"";
        Assert.Contains($"streamline_ai_provider_errors{{{labels}}} 1", lines);
        double Latency(string quantile) => double.Parse(
            lines.Single(l => l.StartsWith($"streamline_ai_latency_seconds{{{labels},quantile=\"{quantile}\"}} ")).Split(' ')[1], CultureInfo.InvariantCulture);
        // Two answered calls: the median is the quicker, the 99th percentile the streamed one that waited 300 ms.
        Assert.True(Latency("0.99") >= 0.3, $"p99 {Latency("0.99")}");
        Assert.True(Latency("0.5") < Latency("0.99"), $"p50 {Latency("0.5")}");
        var tile = (await admin.GetDocumentAsync("/admin/monitoring")).QuerySelector("[data-tile='ai']")!;
        Assert.Contains($"{OnlineAiApp.Model} · last hour · latency p95", tile.TextContent);
    }
}

public sealed class AiCallTimingsTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var sorted = Enumerable.Range(1, 100).Select(i => (double)i).ToList();

        Assert.Equal((50, 95, 99, 100), (AiCallTimings.Percentile(sorted, 50), AiCallTimings.Percentile(sorted, 95),
            AiCallTimings.Percentile(sorted, 99), AiCallTimings.Percentile(sorted, 100)));
        Assert.Equal(7, AiCallTimings.Percentile([7], 99));
        Assert.Equal(0, AiCallTimings.Percentile([], 50));
    }

    [Fact]
    public void Calls_older_than_a_day_are_forgotten_and_the_window_reads_only_its_own()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var timings = new AiCallTimings(clock);
        timings.Record("m", TimeSpan.FromSeconds(1), failed: false);
        clock.Advance(TimeSpan.FromHours(23));
        timings.Record("m", TimeSpan.FromSeconds(2), failed: true);
        clock.Advance(TimeSpan.FromHours(2));
        timings.Record("m", TimeSpan.FromSeconds(3), failed: false);

        var now = clock.GetUtcNow().UtcDateTime;
        Assert.Equal([2.0, 3.0], timings.Since(now.AddDays(-2)).Select(c => c.Seconds));
        Assert.Equal([3.0], timings.Since(now.AddHours(-1)).Select(c => c.Seconds));
    }
}
