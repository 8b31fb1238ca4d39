using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Streamline.Tests.Support;

/// <summary>
/// The test server has no request body size feature, so routing and <c>[RequestSizeLimit]</c> would warn on every chat
/// post that they cannot set the limit, and a body of any size would be read. This gives each request one to set and
/// enforces it as Kestrel does: reading past the limit throws Kestrel's 413 <see cref="BadHttpRequestException"/>.
/// </summary>
public sealed class TestRequestBodySize : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is null)
            {
                var limit = new Limit();
                context.Features.Set<IHttpMaxRequestBodySizeFeature>(limit);
                context.Request.Body = new LimitedBody(context.Request.Body, limit, context.Request.ContentLength);
            }
            return nextMiddleware(context);
        });
        next(app);
    };

    private sealed class Limit : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly { get; set; }

        // Kestrel's default.
        public long? MaxRequestBodySize { get; set; } = 30_000_000;
    }

    private sealed class LimitedBody(Stream inner, Limit limit, long? declared) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Check(0);
            return Count(await inner.ReadAsync(buffer, cancellationToken));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            Check(read);
            _read += read;
            return read;
        }

        private void Check(int more)
        {
            limit.IsReadOnly = true;
            if (limit.MaxRequestBodySize is not { } max) return;
            if (declared > max || _read + more > max)
                throw new BadHttpRequestException($"Request body too large. The max request body size is {max} bytes.", StatusCodes.Status413PayloadTooLarge);
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
