using Microsoft.AspNetCore.Http.Features;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Http;

/// <summary>An endpoint's own body limit (bytes), larger or smaller than the API's default.</summary>
public sealed record BodyLimitMetadata(long MaxBytes);

/// <summary>
/// Refuses bodies over the endpoint's limit with 413, by their declared length or, for chunked
/// bodies, as soon as they pass it while being read. Works the same under Kestrel and in tests.
/// </summary>
public sealed class BodyLimitMiddleware(RequestDelegate next, long defaultLimit)
{
    /// <summary>Checks one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<BodyLimitMetadata>()?.MaxBytes ?? defaultLimit;
        if (context.Request.ContentLength > limit)
        {
            await TooLarge(context, limit);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        context.Request.Body = new LimitedStream(context.Request.Body, limit);
        try
        {
            await next(context);
        }
        catch (BodyTooLargeException) when (!context.Response.HasStarted)
        {
            await TooLarge(context, limit);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLarge(context, limit);
        }
    }

    private static Task TooLarge(HttpContext context, long limit) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large", detail: Problems.FieldReason("body", DisplayText.Format("api.bodyTooLarge", limit))).ExecuteAsync(context);

    private sealed class BodyTooLargeException() : IOException("the request body is over its limit");

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new BodyTooLargeException() : read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
