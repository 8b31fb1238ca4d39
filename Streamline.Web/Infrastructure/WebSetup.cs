using Hangfire;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Streamline.Core.Accounts;
using Streamline.Core.Audit;
using Streamline.Core.Data;
using Streamline.Web.Api;
using Streamline.Web.Billing;
using Streamline.Web.Channels;
using Streamline.Web.Commerce;
using Streamline.Web.Monitoring;
using Streamline.Web.Bench;

namespace Streamline.Web.Infrastructure;

public static class WebSetup
{
    public const string AdminPolicy = "Admin";
    public const string SuperAdminPolicy = "SuperAdmin";

    public static IServiceCollection AddStreamlineWeb(this IServiceCollection services, IConfiguration config, IWebHostEnvironment env)
    {
        // Secure cookies everywhere, except a laptop on plain http that opts out (appsettings.Development.json).
        var secure = config.GetValue("Web:AllowInsecureCookies", false) ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.AddIdentity<AppUser, AppRole>(o =>
            {
                o.SignIn.RequireConfirmedEmail = true;
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
            })
            .AddEntityFrameworkStores<StreamlineDbContext>()
            .AddUserManager<AuditedUserManager>()
            .AddDefaultTokenProviders()
            .AddDefaultUI()
            .AddClaimsPrincipalFactory<WorkspaceClaimsFactory>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "streamline.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = secure;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/Identity/Account/Login";
            o.AccessDeniedPath = "/Identity/Account/AccessDenied";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
        });
        services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(o => o.Cookie.SecurePolicy = secure);
        foreach (var scheme in new[] { IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme, IdentityConstants.ExternalScheme })
            services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(scheme, o => o.Cookie.SecurePolicy = secure);

        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "streamline.af";
            o.Cookie.SecurePolicy = secure;
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin, Roles.SuperAdmin))
            .AddPolicy(SuperAdminPolicy, p => p.RequireRole(Roles.SuperAdmin))
            .AddPolicy(CreditsApi.ReadPolicy, p => ApiKeyWithScope(p, Streamline.Core.Credits.ApiKey.ScopeRead))
            .AddPolicy(CreditsApi.WritePolicy, p => ApiKeyWithScope(p, Streamline.Core.Credits.ApiKey.ScopeWrite));
        services.AddAuthentication()
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Admin", AdminPolicy);
            // Like the bench endpoints, the bench's floor page has no route unless a benchmark turns it on.
            if (!config.GetValue("Bench:Enabled", false))
                o.Conventions.AddPageRouteModelConvention(Pages.Bench.FloorModel.PagePath, page => page.Selectors.Clear());
        }).AddMvcOptions(o =>
        {
            o.ModelBinderProviders.Insert(0, new BooleanModelBinderProvider());
            o.Filters.Add(new MalformedFormFilter());
            o.ModelMetadataDetailsProviders.Add(new MailboxForEveryEmailAddress());
        });

        services.AddSingleton<Core.Hosting.IListeningAddress, ListeningAddress>();
        services.AddTransient<IEmailSender, OutboxEmailSender>();
        services.AddScoped<Areas.Identity.Pages.Account.AccountEmails>();
        services.AddScoped<Pages.Jobs.JobPageServices>();
        services.AddScoped<Pages.Conversations.Chat.ChatPages>();
        services.AddSingleton<Pages.Commerce.InstallState>();
        services.AddSingleton<Core.Channels.Sandbox.IWebhookLoopback, Channels.WebhookLoopback>();
        services.AddScoped<Core.Channels.Sandbox.SandboxPhone>();
        services.AddSingleton<Pages.Conversations.Chat.StreamTicket>();
        services.AddSingleton<Pages.Conversations.Chat.FragmentRenderer>();
        services.AddStreamlineRateLimits(config);
        services.AddProblemDetails();
        services.AddApiDocument();
        services.AddHealthChecks()
            .AddDbContextCheck<StreamlineDbContext>("database", tags: ["ready"])
            .AddCheck<JobStorageHealthCheck>("background-jobs", tags: ["ready"]);

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });
        return services;
    }

    // The API key scheme only: a signed-in browser's cookie must never spend through the API.
    private static void ApiKeyWithScope(AuthorizationPolicyBuilder policy, string scope) =>
        policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser()
            .RequireClaim(ApiKeyAuthenticationHandler.ScopeClaim, scope);

    /// <summary>
    /// Pages take the methods a browser and htmx send here. Without this Razor Pages renders a page for a PUT or DELETE
    /// as for a GET, with a 200; now such a request falls through to the catch-all's 404. The error pages stay open to
    /// every method because a failed request of any method is re-executed there.
    /// </summary>
    private static void BrowserMethodsOnly(EndpointBuilder endpoint)
    {
        if (endpoint.DisplayName is "/Error/Index" or "/Error/NotFound") return;
        endpoint.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head, HttpMethods.Post]));
    }

    /// <summary>
    /// A request no route takes is a 404, and a route asked with a method it does not take a 405 naming the ones it
    /// does: both answered here, before authorization, whose fallback policy would otherwise send the caller to log in
    /// for a page or an API route that was never there. The status-code pages then write them as HTML or problem+json.
    /// </summary>
    private static Task AnswerUnroutedRequests(HttpContext context, RequestDelegate next)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is RouteEndpoint) return next(context);
        if (!IsApi(context))
        {
            // Unknown page paths reach the catch-all page; what is left is routing's own 405 (a page asked with PUT).
            if (endpoint?.RequestDelegate is { } reject) return reject(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        // Routing's 405 is not always reached under /api: the pages' catch-all stays a candidate until its constraint
        // (which leaves out /api) is checked, after the method was. So the methods are looked up here, on the error path.
        var allowed = ApiMethodsFor(context);
        context.Response.StatusCode = allowed.Count > 0 ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound;
        if (allowed.Count > 0) context.Response.Headers.Allow = string.Join(", ", allowed);
        return Task.CompletedTask;
    }

    private static List<string> ApiMethodsFor(HttpContext context)
    {
        var path = context.Request.Path;
        return [.. context.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is null
                && new TemplateMatcher(new RouteTemplate(e.RoutePattern), new RouteValueDictionary()).TryMatch(path, new RouteValueDictionary()))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
            .Distinct().Order(StringComparer.Ordinal)];
    }

    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/webhooks");

    public static WebApplication UseStreamlineWeb(this WebApplication app)
    {
        if (app.Configuration.GetValue("Web:BehindProxy", false)) app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        // The JSON API answers problem+json for every error, the pages answer friendly HTML.
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(context => !IsApi(context), pages =>
        {
            if (app.Environment.IsDevelopment()) pages.UseDeveloperExceptionPage();
            else pages.UseExceptionHandler("/Error/500");
        });
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseWhen(context => !IsApi(context), pages => pages.UseStatusCodePagesWithReExecute("/Error/{0}"));
        app.UseStaticFiles();
        app.UseRouting();
        app.UseMiddleware<TooLargeBodies>();
        app.UseRateLimiter();
        app.Use(app.Services.GetRequiredService<ApiFailuresPerAddress>().InvokeAsync);
        app.Use(AnswerUnroutedRequests);
        app.UseAuthentication();
        app.UseMiddleware<CurrentWorkspaceMiddleware>();
        app.UseAuthorization();

        app.MapRazorPages().Add(BrowserMethodsOnly);
        app.MapCreditsApi();
        app.MapApiDocument();
        app.MapStripeWebhook();
        app.MapShopifyWebhook();
        app.MapWhatsAppWebhook();
        app.MapTelegramWebhook();
        app.MapMetaWebhook();
        app.MapMetrics();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapHangfireDashboard(SecurityHeadersMiddleware.JobDashboardPath, new DashboardOptions
        {
            Authorization = [new AdminsOnlyDashboardFilter()],
            DashboardTitle = "Streamline background jobs",
            AppPath = "/admin",
        }).RequireAuthorization(AdminPolicy);
        if (app.Configuration.GetValue("Bench:Enabled", false)) app.MapBenchEndpoints();
        return app;
    }
}
