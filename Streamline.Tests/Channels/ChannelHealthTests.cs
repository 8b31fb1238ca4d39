using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Channels;
using Streamline.Core.Channels.Health;
using Streamline.Core.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Channels;

public abstract class ChannelHealthTests<TApp>(TApp app) where TApp : StreamlineApp
{
    private Task RecordAsync(Func<ChannelHealth, Task> action) =>
        app.WithScopeAsync(async sp =>
        {
            await action(sp.GetRequiredService<ChannelHealth>());
            return true;
        });

    private async Task<int> TroubleMailsAsync(string to)
    {
        await using var db = app.Database.NewContext();
        return await db.EmailMessages.CountAsync(m => m.To == to && m.Template == "channel-trouble");
    }

    private async Task<ChannelHealthRecord> HealthAsync(Guid channelId)
    {
        await using var db = app.Database.NewContext();
        return await db.ChannelHealth.IgnoreQueryFilters().AsNoTracking().SingleAsync(h => h.ChannelId == channelId);
    }

    [Fact]
    public async Task Bad_signatures_in_a_row_open_one_incident_and_mail_the_owners_once_however_concurrent()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var channel = await scene.ChannelAsync(await scene.CreateSandboxAsync(ConversationChannel.Telegram));

        await RecordAsync(h => h.RecordSignatureFailureAsync(channel, CancellationToken.None));
        Assert.Equal(0, await TroubleMailsAsync(scene.OwnerEmail));
        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => RecordAsync(h => h.RecordSignatureFailureAsync(channel, CancellationToken.None))));

        var health = await HealthAsync(channel.Id);
        Assert.Equal(13, health.SignatureFailures);
        Assert.Equal(ChannelTrouble.BadSignatures, health.Trouble);
        Assert.Equal(1, await TroubleMailsAsync(scene.OwnerEmail));

        var banner = (await scene.Owner.GetDocumentAsync("/channels")).QuerySelector($"[data-channel-trouble='{channel.Id}']");
        Assert.NotNull(banner);
        Assert.Contains("save the channel again", banner.TextContent);
    }

    [Fact]
    public async Task A_good_delivery_closes_the_incident_and_the_next_one_is_mailed_again()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var channel = await scene.ChannelAsync(await scene.CreateSandboxAsync(ConversationChannel.Messenger));
        for (var i = 0; i < ChannelHealth.SignatureFailuresForIncident; i++)
            await RecordAsync(h => h.RecordSignatureFailureAsync(channel, CancellationToken.None));
        Assert.Equal(1, await TroubleMailsAsync(scene.OwnerEmail));

        await RecordAsync(h => h.RecordInboundAsync(channel, CancellationToken.None));
        var healed = await HealthAsync(channel.Id);
        Assert.Equal(ChannelTrouble.None, healed.Trouble);
        Assert.Equal(0, healed.SignatureFailuresInARow);
        Assert.NotNull(healed.LastInboundAt);
        Assert.Null((await scene.Owner.GetDocumentAsync("/channels")).QuerySelector($"[data-channel-trouble='{channel.Id}']"));

        for (var i = 0; i < ChannelHealth.SignatureFailuresForIncident; i++)
            await RecordAsync(h => h.RecordSignatureFailureAsync(channel, CancellationToken.None));
        Assert.Equal(2, await TroubleMailsAsync(scene.OwnerEmail));
    }

    [Theory]
    [InlineData(ConversationChannel.Instagram, "190")]
    [InlineData(ConversationChannel.Telegram, "401")]
    public async Task An_expired_token_opens_an_incident_at_once_and_a_sent_message_closes_it(ConversationChannel kind, string code)
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var channel = await scene.ChannelAsync(await scene.CreateSandboxAsync(kind));

        await RecordAsync(h => h.RecordSendOutcomeAsync(channel, new SendOutcome.Rejected(code, "Error validating access token"), CancellationToken.None));
        var health = await HealthAsync(channel.Id);
        Assert.Equal(ChannelTrouble.TokenExpired, health.Trouble);
        Assert.Equal($"{code}: Error validating access token", health.LastError);
        Assert.Equal(1, await TroubleMailsAsync(scene.OwnerEmail));

        await RecordAsync(h => h.RecordSendOutcomeAsync(channel, new SendOutcome.Sent("wamid.1"), CancellationToken.None));
        Assert.Equal(ChannelTrouble.None, (await HealthAsync(channel.Id)).Trouble);
    }

    [Fact]
    public async Task One_refused_send_is_counted_but_three_in_a_row_make_an_incident()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var channel = await scene.ChannelAsync(await scene.CreateSandboxAsync(ConversationChannel.Instagram));

        await RecordAsync(h => h.RecordSendOutcomeAsync(channel, new SendOutcome.RetryLater("HTTP 503", null), CancellationToken.None));
        await RecordAsync(h => h.RecordSendOutcomeAsync(channel, new SendOutcome.Sent("m_1"), CancellationToken.None));
        await RecordAsync(h => h.RecordSendOutcomeAsync(channel, new SendOutcome.Rejected("100", "Invalid parameter"), CancellationToken.None));
        await RecordAsync(h => h.RecordSendOutcomeAsync(channel, new SendOutcome.Rejected("100", "Invalid parameter"), CancellationToken.None));
        Assert.Equal(ChannelTrouble.None, (await HealthAsync(channel.Id)).Trouble);

        await RecordAsync(h => h.RecordSendOutcomeAsync(channel, new SendOutcome.RetryLater("HTTP 500", null), CancellationToken.None));
        var health = await HealthAsync(channel.Id);
        Assert.Equal(4, health.ProviderErrors);
        Assert.Equal(ChannelTrouble.SendFailures, health.Trouble);
        Assert.Equal(1, await TroubleMailsAsync(scene.OwnerEmail));
    }

    [Fact]
    public async Task A_busy_channel_writes_its_last_inbound_time_at_most_once_a_minute()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var channel = await scene.ChannelAsync(await scene.CreateSandboxAsync(ConversationChannel.Telegram));

        await RecordAsync(h => h.RecordInboundAsync(channel, CancellationToken.None));
        var first = (await HealthAsync(channel.Id)).LastInboundAt;
        await Task.Delay(20);
        await RecordAsync(h => h.RecordInboundAsync(channel, CancellationToken.None));
        Assert.NotNull(first);
        Assert.Equal(first, (await HealthAsync(channel.Id)).LastInboundAt);

        // A minute later, the next delivery writes it again.
        var later = new Later(ChannelHealth.InboundResolution + TimeSpan.FromSeconds(5));
        await app.WithScopeAsync(async sp =>
        {
            await new ChannelHealth(sp.GetRequiredService<Core.Data.StreamlineDbContext>(), sp.GetRequiredService<Core.Email.EmailOutbox>(),
                sp.GetRequiredService<Core.Hosting.PublicUrl>(), later, sp.GetRequiredService<ChannelInboundMemo>())
                .RecordInboundAsync(channel, CancellationToken.None);
            return true;
        });
        Assert.True((await HealthAsync(channel.Id)).LastInboundAt > first + ChannelHealth.InboundResolution);
    }

    private sealed class Later(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + by;
    }

    [Fact]
    public async Task The_inbox_warns_the_workspace_while_a_channel_is_in_trouble()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        using var other = await ChannelPagesScene.CreateAsync(app);
        var channel = await scene.ChannelAsync(await scene.CreateSandboxAsync(ConversationChannel.Instagram));
        using var member = await scene.MemberAsync();
        var selector = $"[data-channel-trouble='{channel.Id}']";

        await RecordAsync(h => h.RecordSendOutcomeAsync(channel, new SendOutcome.Rejected("190", "Error validating access token"), CancellationToken.None));

        var banner = (await scene.Owner.GetDocumentAsync("/inbox")).QuerySelector(selector);
        Assert.NotNull(banner);
        Assert.Contains("alert-warning", banner.ClassList);
        Assert.Contains("Meta refuses the access token", banner.TextContent);
        Assert.Contains("190: Error validating access token", banner.TextContent);
        Assert.NotNull(banner.QuerySelector("a[href='/channels']"));
        var memberBanner = (await member.GetDocumentAsync("/inbox")).QuerySelector(selector);
        Assert.NotNull(memberBanner);
        Assert.Null(memberBanner.QuerySelector("a[href='/channels']"));
        Assert.Null((await other.Owner.GetDocumentAsync("/inbox")).QuerySelector("[data-channel-trouble]"));

        await RecordAsync(h => h.RecordSendOutcomeAsync(channel, new SendOutcome.Sent("wamid.1"), CancellationToken.None));
        Assert.Null((await scene.Owner.GetDocumentAsync("/inbox")).QuerySelector(selector));
    }

    [Fact]
    public async Task A_live_channel_that_never_hears_a_webhook_is_reported_silent_once()
    {
        using var scene = await ChannelPagesScene.CreateAsync(app);
        var sandbox = await scene.ChannelAsync(await scene.CreateSandboxAsync(ConversationChannel.Messenger));
        MessagingChannel live;
        await using (var db = app.Database.NewContext())
        {
            // A sandbox channel made live by hand, connected two days ago: nobody ever saved its webhook at Meta.
            live = await db.MessagingChannels.IgnoreQueryFilters().SingleAsync(c => c.Id == sandbox.Id);
            live.IsSandbox = false;
            live.ConnectedAt = DateTime.UtcNow.AddDays(-2);
            await db.SaveChangesAsync();
        }

        var opened = await app.WithScopeAsync(sp => sp.GetRequiredService<ChannelHealth>().SweepSilentAsync(CancellationToken.None));
        await app.WithScopeAsync(sp => sp.GetRequiredService<ChannelHealth>().SweepSilentAsync(CancellationToken.None));

        Assert.True(opened >= 1);
        Assert.Equal(ChannelTrouble.Silent, (await HealthAsync(live.Id)).Trouble);
        Assert.Equal(1, await TroubleMailsAsync(scene.OwnerEmail));
        await RecordAsync(h => h.RecordInboundAsync(live, CancellationToken.None));
        Assert.Equal(ChannelTrouble.None, (await HealthAsync(live.Id)).Trouble);
    }
}

[Collection(SharedApps.Sqlite1)]
public sealed class ChannelHealthTestsOnSqlite(SqliteApp app) : ChannelHealthTests<SqliteApp>(app);

[Collection(SharedApps.Postgres1)]
public sealed class ChannelHealthTestsOnPostgres(PostgresApp app) : ChannelHealthTests<PostgresApp>(app);
