using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Streamline.Core.Channels;
using Streamline.Core.Data;
using Streamline.Tests.Support;
using Streamline.Web.Bench;

namespace Streamline.Tests.Web;

/// <summary>
/// bench/channels.sh's floors: "unstored" must be the webhook's own request with only the storing left out, or the bench's
/// budget line would misstate what storing costs.
/// </summary>
public sealed class BenchChannelsTests(BenchEnabledApp bench, SqliteApp plain) : IClassFixture<BenchEnabledApp>, IClassFixture<SqliteApp>
{
    private const string Secret = "bench-channels-test-secret";

    private static HttpRequestMessage Webhook(string path, string mid, string secret)
    {
        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"page","entry":[{"id":"{{{BenchChannels.PageId}}}","time":1700000000000,"messaging":[{"sender":{"id":"7100000000000001"},
            "recipient":{"id":"{{{BenchChannels.PageId}}}"},"timestamp":1700000000000,"message":{"mid":"{{{mid}}}","text":"Do you deliver on Sundays?"}}]}]}
            """);
        return new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            Headers = { { MetaSignature.Header, MetaSignature.Sign(body, secret) } },
        };
    }

    private async Task<int> StoredAsync(string mid)
    {
        await using var db = bench.Database.NewContext();
        return await db.ChannelInbound.IgnoreQueryFilters(QueryFilters.Workspace).CountAsync(i => i.ProviderMessageId == mid);
    }

    [Fact]
    public async Task The_unstored_floor_verifies_and_parses_like_the_webhook_but_stores_nothing()
    {
        var http = bench.NewClient().Http;
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/bench/channels/setup?secret={Secret}", null)).StatusCode);

        var unstored = $"m_unstored_{Guid.NewGuid():N}";
        var answer = await http.SendAsync(Webhook("/bench/channels/unstored", unstored, Secret));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(1, (await answer.Content.ReadFromJsonAsync<StoredAnswer>())!.Stored);
        Assert.Equal(0, await StoredAsync(unstored));

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(Webhook("/bench/channels/unstored", unstored, "another secret"))).StatusCode);

        var stored = $"m_stored_{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(Webhook("/webhooks/meta", stored, Secret))).StatusCode);
        Assert.Equal(1, await StoredAsync(stored));
    }

    [Fact]
    public async Task Without_the_bench_the_channel_floors_do_not_exist()
    {
        var http = plain.NewClient().Http;
        foreach (var path in new[] { "/bench/channels/bare", "/bench/channels/unstored" })
            Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(Webhook(path, "m_none", Secret))).StatusCode);
    }

    private sealed record StoredAnswer(int Stored);
}
