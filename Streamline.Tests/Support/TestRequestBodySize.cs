using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace Streamline.Tests.Support;

/// <summary>
/// The test server has no request body size feature, so routing and <c>[RequestSizeLimit]</c> would warn on every chat
/// post that they cannot set the limit. This gives each request one to set, as Kestrel does; the test server does not
/// enforce it.
/// </summary>
public sealed class TestRequestBodySize : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is null) context.Features.Set<IHttpMaxRequestBodySizeFeature>(new Limit());
            return nextMiddleware(context);
        });
        next(app);
    };

    private sealed class Limit : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        // Kestrel's default.
        public long? MaxRequestBodySize { get; set; } = 30_000_000;
    }
}
