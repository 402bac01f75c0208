using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using PlatformWatch.Api.Ui;

namespace PlatformWatch.Api.Http;

/// <summary>
/// Every request body of the API passes here before its endpoint reads it, however the endpoint
/// reads it (a typed record, a document, a batch of events): it must be JSON (415), well-formed
/// (400 saying where it breaks) and give no key twice in one object at any depth (400 naming the
/// key, e.g. <c>documents[0].name</c>). Readers differ on a duplicate (the first wins, the last
/// wins, an exception), so none of them ever sees one. Names are compared without regard to case,
/// as the API reads them. Only POST, PUT and PATCH take a body; another method's body is refused,
/// each of its fields by name.
/// </summary>
public sealed class JsonBodyFilter : IEndpointFilter
{
    /// <summary>As deep as a body may nest (the contracts' limit).</summary>
    public const int MaxDepth = 32;

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var request = http.Request;
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return await next(context);
        }

        // Read whole (the body limit applies while reading), then handed to the endpoint as it came.
        var body = new MemoryStream();
        http.Response.RegisterForDispose(body);
        await request.Body.CopyToAsync(body, http.RequestAborted);
        body.Position = 0;
        request.Body = body;
        if (body.Length == 0)
        {
            return await next(context);
        }

        var json = body.GetBuffer().AsMemory(0, (int)body.Length);
        if (!(HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method)))
        {
            return NoBody(json, request.HasJsonContentType());
        }

        if (!request.HasJsonContentType())
        {
            return Problems.NotJson();
        }

        return Check(json.Span) is { } error ? Problems.Field(error.Field, error.Reason) : await next(context);
    }

    /// <summary>The first thing wrong with a JSON text (not well-formed, a key given twice), or null.</summary>
    public static (string Field, string Reason)? Check(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        var open = new Stack<Container>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        open.Push(new Container(PathOfNext(open), reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.Pop();
                        Advance(open);
                        break;
                    case JsonTokenType.PropertyName:
                        var container = open.Peek();
                        container.Key = reader.GetString()!;
                        if (!container.Keys!.Add(container.Key))
                        {
                            return (Join(container.Path, container.Key), DisplayText.Get("api.duplicateKey"));
                        }

                        break;
                    default:
                        Advance(open);
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            var reason = e.Message.Split(" LineNumber:", 2)[0].Trim().TrimEnd('.');
            return ("body", DisplayText.Format("api.notValidJson", reason, e.LineNumber + 1, e.BytePositionInLine + 1));
        }

        return null;
    }

    // A body where none is taken: each field of a JSON object is unknown, anything else is refused whole.
    private static IResult NoBody(ReadOnlyMemory<byte> json, bool isJson)
    {
        var fields = new List<string>();
        try
        {
            using var document = isJson ? JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth }) : null;
            if (document?.RootElement.ValueKind == JsonValueKind.Object)
            {
                fields.AddRange(document.RootElement.EnumerateObject().Select(p => p.Name).Distinct(StringComparer.Ordinal));
            }
        }
        catch (JsonException)
        {
            // Not JSON: refused whole.
        }

        return fields.Count > 0
            ? Problems.Fields(fields.ToDictionary(f => f, _ => new List<string> { DisplayText.Get("api.unknownFieldNoBody") }, StringComparer.Ordinal))
            : Problems.Field("body", DisplayText.Get("api.noBody"));
    }

    // The path of the value about to be read: "" at the top, "documents[0]", "sections.measures".
    private static string PathOfNext(Stack<Container> open) =>
        !open.TryPeek(out var parent) ? ""
        : parent.Keys is null ? string.Create(CultureInfo.InvariantCulture, $"{parent.Path}[{parent.Index}]")
        : Join(parent.Path, parent.Key);

    private static void Advance(Stack<Container> open)
    {
        if (open.TryPeek(out var parent) && parent.Keys is null)
        {
            parent.Index++;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

    private sealed class Container(string path, bool isObject)
    {
        public string Path { get; } = path;

        // The names seen so far in an object; null in an array.
        public HashSet<string>? Keys { get; } = isObject ? new(StringComparer.OrdinalIgnoreCase) : null;

        public string Key { get; set; } = "";

        public int Index { get; set; }
    }
}
