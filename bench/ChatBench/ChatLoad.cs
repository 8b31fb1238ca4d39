using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Streamline.Bench.Credits;

namespace Streamline.Bench.Chat;

/// <summary>
/// C clients at a time, for S seconds per measurement, in alternating rounds (the clients of a measurement start spread
/// evenly over its first half second, as visitors arrive, the same for every series):
///   direct  a streamed chat completion straight from the provider; time to its first content token
///   floor   the same two requests against the app's bench floor (/bench/chat/messages, Streamline.Web/Bench/BenchChatFloor.cs):
///           the model call relayed through the same ReplyRelay with none of the product's work, which is the cost of
///           two HTTP hops and a relay on this machine
///   app     a widget visitor: post a message to /chat/{key}/messages, open its reply stream and read to "done"; the
///           time to first token runs from the moment the post is sent (as the visitor presses Send) to the first
///           "chunk" event, so storing the message counts too
/// The app's added time to first token is app minus direct, at the same percentile; app minus floor is the part the
/// product's own work adds. Every app reply must stream and be stored: a "taking longer" answer or an error fails the run.
/// </summary>
public static partial class ChatLoad
{
    // A visitor starts a new conversation after this many messages, as real ones end: the history in each prompt stays
    // the size of a real conversation's rather than growing through the run.
    private const int MessagesPerConversation = 6;

    /// <summary>About one reply's length with the bench's provider (first token after 250 ms, then 30 tokens 10 ms apart).</summary>
    private static readonly TimeSpan ArrivalSpread = TimeSpan.FromMilliseconds(500);

    private static readonly string[] Questions =
    [
        "Hi, do you make wedding cakes?", "It's on the 14th of June, about 90 guests.", "Can you do a gluten-free tier?",
        "What does delivery cost?", "My name is Sam Baker, sam@example.test", "Great, what happens next?",
    ];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var app = options.Text("app").TrimEnd('/');
        var provider = options.Text("provider").TrimEnd('/');
        var keys = (await File.ReadAllLinesAsync(options.Text("keys"))).Where(k => k.Length > 0).ToArray();
        var clients = options.Number("clients", 50);
        var seconds = options.Number("seconds", 15);
        var rounds = options.Number("rounds", 2);
        var warmup = options.Number("warmup", 15);
        var appProcess = options.Number("app-pid", 0);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, UseCookies = false })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
        var direct = new DirectClient(http, provider);
        var widget = new WidgetClient(http, app, keys, floor: false);
        var floor = new WidgetClient(http, app, keys, floor: true);

        Console.WriteLine($"warm-up: {warmup}s of each (not counted) ...");
        await MeasureAsync(direct, clients, warmup, appProcess);
        await MeasureAsync(floor, clients, warmup, appProcess);
        await MeasureAsync(widget, clients, warmup, appProcess);

        var results = new Dictionary<string, List<Measurement>> { ["direct"] = [], ["floor"] = [], ["app"] = [] };
        for (var round = 1; round <= rounds; round++)
        {
            ITurn[] order = round % 2 == 1 ? [direct, floor, widget] : [widget, floor, direct];
            foreach (var turn in order)
            {
                var measured = await MeasureAsync(turn, clients, seconds, appProcess);
                results[turn.Name].Add(measured);
                Console.WriteLine($"round {round}  {turn.Name,-6}  {measured}");
            }
        }

        var all = results.ToDictionary(r => r.Key, r => Measurement.Combine(r.Value));
        var (d, f, a) = (all["direct"], all["floor"], all["app"]);
        Console.WriteLine();
        Console.WriteLine($"time to first token, all rounds: direct p50 {d.P(50):F1} ms p99 {d.P(99):F1} ms; floor p50 {f.P(50):F1} ms " +
                          $"p99 {f.P(99):F1} ms; app p50 {a.P(50):F1} ms p99 {a.P(99):F1} ms");
        Console.WriteLine($"app-added TTFT p50: {a.P(50) - d.P(50):F1} ms (goal <= 3); floor-added {f.P(50) - d.P(50):F1} ms, app over floor {a.P(50) - f.P(50):F1} ms");
        Console.WriteLine($"app-added TTFT p99: {a.P(99) - d.P(99):F1} ms (goal <= 20); floor-added {f.P(99) - d.P(99):F1} ms, app over floor {a.P(99) - f.P(99):F1} ms");
        Console.WriteLine($"messages/s: app {a.PerSecond:F1}, floor {f.PerSecond:F1}, direct {d.PerSecond:F1}, app/direct {a.PerSecond / d.PerSecond:F2}");
        Console.WriteLine($"ratios app/direct: first token p50 {a.P(50) / d.P(50):F3}x (goal <= 1.02), p99 {a.P(99) / d.P(99):F3}x (goal <= 1.10), " +
                          $"messages/s {a.PerSecond / d.PerSecond:F3}x (goal >= 0.95)");
        Console.WriteLine($"send (until the post's answer): app p50 {a.SendP(50):F1} ms p99 {a.SendP(99):F1} ms; floor p50 {f.SendP(50):F1} ms p99 {f.SendP(99):F1} ms");
        if (appProcess > 0)
            Console.WriteLine($"app process CPU per message: app {a.CpuMsPerMessage:F2} ms, floor {f.CpuMsPerMessage:F2} ms (user + system, from /proc)");
        return 0;
    }

    private static async Task<Measurement> MeasureAsync(ITurn turn, int clients, int seconds, int appProcess)
    {
        var cpuBefore = CpuSeconds(appProcess);
        var firstTokens = new List<double>();
        var sends = new List<double>();
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var state = turn.NewClient(client);
            // Visitors arrive one after another, evenly over the first ArrivalSpread, not all in the same millisecond: 50
            // first messages at once would be a burst whose weight in the p99 depends on how long the window is.
            await Task.Delay(ArrivalSpread * client / clients);
            while (clock.Elapsed < deadline)
            {
                var (send, firstToken) = await turn.OneAsync(state);
                lock (firstTokens)
                {
                    firstTokens.Add(firstToken);
                    if (send is { } s) sends.Add(s);
                }
            }
        }));
        return new Measurement(firstTokens, sends, clock.Elapsed.TotalSeconds, CpuSeconds(appProcess) - cpuBefore);
    }

    /// <summary>The process's user and system CPU time so far (fields 14 and 15 of /proc/PID/stat, in clock ticks of 1/100 s).</summary>
    private static double CpuSeconds(int pid)
    {
        if (pid <= 0) return 0;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces: count fields from after it.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    private static double Ms(long from) => Stopwatch.GetElapsedTime(from).TotalMilliseconds;

    /// <summary>Reads server-sent event lines until <paramref name="stop"/> says so; returns whether it did.</summary>
    private static async Task<bool> ReadUntilAsync(StreamReader reader, Func<string, bool> stop)
    {
        while (await reader.ReadLineAsync() is { } line)
            if (stop(line)) return true;
        return false;
    }

    private interface ITurn
    {
        string Name { get; }
        object NewClient(int index);

        /// <summary>One message: how long storing it took (the app only) and the time to its first token, in ms.</summary>
        Task<(double? Send, double FirstToken)> OneAsync(object state);
    }

    private sealed class DirectClient(HttpClient http, string provider) : ITurn
    {
        private static readonly string Body = JsonSerializer.Serialize(new
        {
            model = "gpt-4o-mini",
            stream = true,
            stream_options = new { include_usage = true },
            messages = new[] { new { role = "user", content = Questions[0] } },
        });

        public string Name => "direct";
        public object NewClient(int index) => index;

        public async Task<(double? Send, double FirstToken)> OneAsync(object state)
        {
            var start = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{provider}/v1/chat/completions")
            {
                Content = new StringContent(Body, Encoding.UTF8, "application/json"),
            };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            if (!await ReadUntilAsync(reader, line => line.Contains("\"content\":\"Thanks\"", StringComparison.Ordinal)))
                throw new InvalidOperationException("the provider's stream ended without a token");
            var firstToken = Ms(start);
            await reader.ReadToEndAsync();
            return (null, firstToken);
        }
    }

    /// <summary>A widget visitor, or with <paramref name="floor"/> the same two requests against the bench floor.</summary>
    private sealed partial class WidgetClient(HttpClient http, string app, string[] keys, bool floor) : ITurn
    {
        private sealed class Visitor(string key)
        {
            public string Key { get; } = key;
            public string? Token { get; set; }
            public int Sent { get; set; }
        }

        public string Name => floor ? "floor" : "app";
        public object NewClient(int index) => new Visitor(keys[index % keys.Length]);

        public async Task<(double? Send, double FirstToken)> OneAsync(object state)
        {
            var visitor = (Visitor)state;
            if (!floor && (visitor.Token is null || visitor.Sent == MessagesPerConversation)) await StartAsync(visitor);
            if (floor) visitor.Sent %= MessagesPerConversation;

            var sendStart = Stopwatch.GetTimestamp();
            using var send = Request(HttpMethod.Post, floor ? $"{app}/bench/chat/messages" : $"{app}/chat/{visitor.Key}/messages", visitor);
            send.Content = new MultipartFormDataContent { { new StringContent(Questions[visitor.Sent++]), "text" } };
            using var sent = await http.SendAsync(send);
            var html = await sent.Content.ReadAsStringAsync();
            if (sent.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"sending answered {(int)sent.StatusCode}: {html}");
            var sendMs = Ms(sendStart);
            var stream = StreamUrl().Match(html);
            if (!stream.Success) throw new InvalidOperationException($"no reply stream in the send's answer: {html}");

            using var response = await http.GetAsync(app + WebUtility.HtmlDecode(stream.Groups[1].Value), HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            if (!await ReadUntilAsync(reader, line => line == "event: chunk"))
                throw new InvalidOperationException("the reply's stream ended without a chunk");
            var firstToken = Ms(sendStart);
            var rest = await reader.ReadToEndAsync();
            if (!rest.Contains("event: done", StringComparison.Ordinal) || rest.Contains("chat-deferred", StringComparison.Ordinal)
                || (!floor && !rest.Contains("chat-msg--ai", StringComparison.Ordinal)))
                throw new InvalidOperationException($"the reply was not stored as it streamed: {rest[^Math.Min(rest.Length, 400)..]}");
            return (sendMs, firstToken);
        }

        private async Task StartAsync(Visitor visitor)
        {
            using var response = await http.PostAsync($"{app}/chat/{visitor.Key}/start", null);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"starting answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            visitor.Token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
            visitor.Sent = 0;
        }

        private static HttpRequestMessage Request(HttpMethod method, string url, Visitor visitor)
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Add("HX-Request", "true");
            if (visitor.Token is not null) request.Headers.Add("X-Visitor-Token", visitor.Token);
            return request;
        }

        [GeneratedRegex("sse-connect=\"([^\"]+)\"")]
        private static partial Regex StreamUrl();
    }

    private sealed class Measurement(List<double> firstTokens, List<double> sends, double seconds, double cpuSeconds)
    {
        private readonly double[] _sorted = [.. firstTokens.Order()];
        private readonly double[] _sends = [.. sends.Order()];
        private readonly double _seconds = seconds;
        private readonly double _cpuSeconds = cpuSeconds;

        public double PerSecond => _sorted.Length / _seconds;
        public double CpuMsPerMessage => _cpuSeconds * 1000 / _sorted.Length;
        public double P(int percent) => Percentile(_sorted, percent);
        public double SendP(int percent) => Percentile(_sends, percent);

        public static Measurement Combine(List<Measurement> runs) =>
            new([.. runs.SelectMany(r => r._sorted)], [.. runs.SelectMany(r => r._sends)], runs.Sum(r => r._seconds), runs.Sum(r => r._cpuSeconds));

        /// <summary>Nearest rank.</summary>
        private static double Percentile(double[] sorted, int percent) =>
            sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

        public override string ToString() =>
            $"{_sorted.Length,6} messages  {PerSecond,7:F1}/s  first token p50 {P(50),7:F1} ms  p99 {P(99),7:F1} ms";
    }
}
