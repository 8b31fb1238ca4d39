using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Streamline.Core.Jobs;
using Streamline.Tests.Admin;
using Streamline.Tests.Support;

namespace Streamline.Tests.Jobs;

/// <summary>A customer with their own workspace, an admin, and a job the admin made for the customer.</summary>
public sealed class JobScene : IDisposable
{
    private JobScene(AdminApp app, AppClient admin, AppClient customer, string customerEmail, Guid workspaceId, Guid jobId)
    {
        App = app;
        Admin = admin;
        Customer = customer;
        CustomerEmail = customerEmail;
        WorkspaceId = workspaceId;
        JobId = jobId;
    }

    public AdminApp App { get; }
    public AppClient Admin { get; }
    public AppClient Customer { get; }
    public string CustomerEmail { get; }
    public Guid WorkspaceId { get; }
    public Guid JobId { get; }
    public string AdminUrl => $"/admin/projects/{JobId}";
    public string CustomerUrl => $"/jobs/{JobId}";

    /// <summary>The admin creates the job through the New job form, as on the real site.</summary>
    public static async Task<JobScene> CreateAsync(AdminApp app, string title = "Website relaunch")
    {
        var (customer, email) = await AppClient.SignedInUserAsync(app, workspace: $"Acme {Guid.NewGuid():N}"[..13]);
        var workspaceId = await WorkspaceOfAsync(app, email);
        var admin = await app.SuperAdminAsync();
        var created = await admin.PostFormAsync($"/admin/projects/new?workspace={workspaceId}",
            new Dictionary<string, string> { ["Input.WorkspaceId"] = workspaceId.ToString(), ["Input.Title"] = title });
        created.EnsureRedirect("/admin/projects/");
        var jobId = Guid.Parse(created.Headers.Location!.OriginalString["/admin/projects/".Length..]);
        return new JobScene(app, admin, customer, email, workspaceId, jobId);
    }

    public static async Task<Guid> WorkspaceOfAsync(StreamlineApp app, string email)
    {
        await using var db = app.Database.NewContext();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return await db.WorkspaceMembers.Where(m => m.UserId == user.Id).Select(m => m.WorkspaceId).SingleAsync();
    }

    public async Task<Job> JobAsync()
    {
        await using var db = App.Database.NewContext();
        return await db.Jobs.IgnoreQueryFilters().AsNoTracking().SingleAsync(j => j.Id == JobId);
    }

    public Task<int> VersionAsync() => JobAsync().ContinueWith(t => t.Result.Version);

    public async Task<T> ServiceAsync<T>(Func<IServiceProvider, Task<T>> action) => await App.WithScopeAsync(action);

    public void Dispose()
    {
        Admin.Dispose();
        Customer.Dispose();
    }
}

/// <summary>htmx-style requests: the antiforgery token in the header the page's meta tag names, as app.js sends it.</summary>
public static class HtmxRequests
{
    public static async Task<HttpResponseMessage> HtmxPostAsync(this AppClient client, string pageUrl, string url, IDictionary<string, string>? fields = null)
    {
        var token = await client.AntiforgeryTokenAsync(pageUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields ?? new Dictionary<string, string>()) };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Add("HX-Request", "true");
        return await client.Http.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> HtmxPostAsync(this AppClient client, string pageUrl, string url, HttpContent content)
    {
        var token = await client.AntiforgeryTokenAsync(pageUrl);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Add("HX-Request", "true");
        return await client.Http.SendAsync(request);
    }

    public static async Task<IHtmlDocument> FragmentAsync(this HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}");
        return await AppClient.ParseAsync(response);
    }
}
