using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PlatformWatch.Contracts.Wire;

/// <summary>
/// Reads one inbound event from JSON and validates it: either a valid event or every reason it
/// was refused, each naming the field.
/// </summary>
public static class EventParser
{
    /// <summary>Reads an event whose contract is named by its <c>type</c> property (the event-file form).</summary>
    public static ParsedEvent Parse(ReadOnlyMemory<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return ParsedEvent.Refused(null, new ContractError(null, $"not valid JSON ({DescribeSyntaxError(e)})"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParsedEvent.Refused(null, new ContractError(null, "expected a JSON object"));
            }

            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                return ParsedEvent.Refused(null, new ContractError("type", "required: the name of the event contract, e.g. MarketShareReported"));
            }

            var typeName = typeElement.GetString()!;
            var contract = InboundContracts.Find(typeName);
            if (contract is null)
            {
                return ParsedEvent.Refused(typeName, new ContractError("type", $"unknown event type '{Shorten(typeName)}'; expected one of: {string.Join(", ", InboundContracts.All.Select(t => t.Name))}"));
            }

            return Parse(root, contract);
        }
    }

    /// <summary>Reads an event of a known contract.</summary>
    public static ParsedEvent Parse(JsonElement element, Type contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (element.ValueKind != JsonValueKind.Object)
        {
            return ParsedEvent.Refused(contract.Name, new ContractError(null, "expected a JSON object"));
        }

        var missing = new List<ContractError>();
        FindMissing(element, ContractJson.Options.GetTypeInfo(contract), "", missing);
        if (missing.Count > 0)
        {
            return new ParsedEvent(contract.Name, null, missing);
        }

        object? value;
        try
        {
            value = element.Deserialize(contract, ContractJson.Options);
        }
        catch (JsonException e)
        {
            return ParsedEvent.Refused(contract.Name, FromJsonException(e));
        }

        if (value is not IInboundEvent inbound)
        {
            return ParsedEvent.Refused(contract.Name, new ContractError(null, "expected a JSON object"));
        }

        var errors = ContractValidator.Validate(inbound);
        return new ParsedEvent(contract.Name, errors.Count == 0 ? inbound : null, errors);
    }

    /// <summary>Validates an event that arrived already typed (from the bus).</summary>
    public static ParsedEvent Check(IInboundEvent inbound)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var errors = ContractValidator.Validate(inbound);
        return new ParsedEvent(inbound.GetType().Name, errors.Count == 0 ? inbound : null, errors);
    }

    // Required properties are found on the element before deserializing, so that each missing one
    // is named (the serializer would name only the type).
    private static void FindMissing(JsonElement element, JsonTypeInfo info, string path, List<ContractError> errors)
    {
        if (info.Kind != JsonTypeInfoKind.Object || element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (!TryGetProperty(element, property.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (property.IsRequired)
                {
                    errors.Add(new ContractError(path + property.Name, "required"));
                }

                continue;
            }

            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var propertyInfo = ContractJson.Options.GetTypeInfo(propertyType);
            if (propertyInfo.Kind == JsonTypeInfoKind.Object)
            {
                FindMissing(value, propertyInfo, path + property.Name + ".", errors);
            }
            else if (propertyInfo.Kind == JsonTypeInfoKind.Enumerable && propertyInfo.ElementType is { } elementType && value.ValueKind == JsonValueKind.Array)
            {
                var elementInfo = ContractJson.Options.GetTypeInfo(elementType);
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    FindMissing(item, elementInfo, $"{path}{property.Name}[{index}].", errors);
                    index++;
                }
            }
        }
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }

    private static ContractError FromJsonException(JsonException e)
    {
        var field = e.Path is null or "$" ? null : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path.TrimStart('$');
        var message = e.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        const string CouldNotConvert = "The JSON value could not be converted to ";
        if (message.StartsWith(CouldNotConvert, StringComparison.Ordinal))
        {
            message = "expected " + Describe(message[CouldNotConvert.Length..].TrimEnd('.'));
        }
        else if (message.Contains("doesn't allow setting null values", StringComparison.Ordinal)
            || message.Contains("does not allow setting null values", StringComparison.Ordinal))
        {
            message = "must not be null";
        }

        return new ContractError(field, message);
    }

    private static string Describe(string clrType) => clrType switch
    {
        _ when clrType.Contains("System.Decimal", StringComparison.Ordinal) => "a number",
        _ when clrType.Contains("System.Int32", StringComparison.Ordinal) || clrType.Contains("System.Int64", StringComparison.Ordinal) => "a whole number",
        _ when clrType.Contains("System.DateOnly", StringComparison.Ordinal) => "a date YYYY-MM-DD",
        _ when clrType.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
        _ when clrType.Contains("Dictionary", StringComparison.Ordinal) => "an object",
        _ when clrType.Contains("List", StringComparison.Ordinal) => "a list",
        _ when clrType.Contains("System.String", StringComparison.Ordinal) => "a string",
        _ => "an object",
    };

    private static string DescribeSyntaxError(JsonException e)
    {
        var builder = new StringBuilder();
        if (e.BytePositionInLine is { } position)
        {
            builder.Append("at byte ").Append(position + 1);
        }

        return builder.Length == 0 ? "malformed" : builder.ToString();
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
