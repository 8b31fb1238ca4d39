using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Streamline.Core.Conversations;
using Streamline.Tests.Support;

namespace Streamline.Tests.Conversations.Chat;

/// <summary>A file as the visitor's browser would send it.</summary>
public sealed record TestFile(string Name, byte[] Content)
{
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    public static TestFile Text(string name, string text) => new(name, System.Text.Encoding.UTF8.GetBytes(text));
}

public sealed record SseEvent(string Name, string Data);

/// <summary>
/// A widget visitor as the iframe's script behaves: no cookies, the token from /start in a header on every request,
/// htmx's request header, and their own client address.
/// </summary>
public sealed class WidgetVisitor(StreamlineApp app, string key, string? address = null) : IDisposable
{
    private readonly HttpClient _http = NewHttp(app, address ?? TestClientAddress.NewAddress());

    public string Key => key;
    public string? Token { get; set; }
    public HttpClient Http => _http;

    private static HttpClient NewHttp(StreamlineApp app, string address)
    {
        var http = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false,
        });
        http.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return http;
    }

    public async Task<HttpResponseMessage> StartAsync()
    {
        var response = await _http.PostAsync($"/chat/{key}/start", null);
        if (response.IsSuccessStatusCode)
            Token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        return response;
    }

    public async Task<HttpResponseMessage> SendAsync(string text, params TestFile[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(text), "text" } };
        foreach (var file in files)
        {
            var content = new ByteArrayContent(file.Content);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "files", file.Name);
        }
        return await _http.SendAsync(Request(HttpMethod.Post, $"/chat/{key}/messages", form));
    }

    /// <summary>Sends and expects it stored: the visitor's bubble and, when the AI is to answer, the stream's address.</summary>
    public async Task<Sent> SendOkAsync(string text, params TestFile[] files)
    {
        var response = await SendAsync(text, files);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"send answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return Sent.Parse(await response.Content.ReadAsStringAsync());
    }

    public Task<HttpResponseMessage> HistoryAsync(int after = 0) =>
        _http.SendAsync(Request(HttpMethod.Get, $"/chat/{key}/messages?after={after}"));

    /// <summary>Reads a reply's whole stream (the server ends it after "done") as the browser's EventSource would.</summary>
    public Task<List<SseEvent>> StreamAsync(string url) => ReadStreamAsync(_http, url);

    public static async Task<List<SseEvent>> ReadStreamAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"stream answered {(int)response.StatusCode}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return ParseEvents(await response.Content.ReadAsStringAsync());
    }

    public static List<SseEvent> ParseEvents(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n'))
            .Where(lines => lines.Any(l => l.StartsWith("event: ", StringComparison.Ordinal)))
            .Select(lines => new SseEvent(
                lines.First(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..],
                string.Join('\n', lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l["data: ".Length..]))))
            .ToList();

    private HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add("HX-Request", "true");
        if (Token is not null) request.Headers.Add(VisitorToken.Header, Token);
        return request;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>What a send returned: the visitor's bubble and, when the AI is to answer, the bubble its answer streams into.</summary>
public sealed record Sent(IHtmlDocument Html, Guid MessageId, string? StreamUrl)
{
    public static Sent Parse(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        var bubble = document.QuerySelector(".chat-msg--visitor")!;
        var pending = document.QuerySelector("[sse-connect]");
        return new Sent(document, Guid.Parse(bubble.Id!["msg-".Length..]), pending?.GetAttribute("sse-connect"));
    }
}
