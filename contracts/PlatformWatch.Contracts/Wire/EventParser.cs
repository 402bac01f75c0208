using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PlatformWatch.Contracts.Wire;

/// <summary>
/// Reads one inbound event from JSON and validates it: either a valid event or every reason it
/// was refused, each naming the field.
/// </summary>
public static class EventParser
{
    /// <summary>
    /// Reads an event whose contract is named by its <c>type</c> property (the event-file form).
    /// Unknown properties are ignored (CONTRACTS.md), unless <paramref name="refuseUnknownFields"/>:
    /// the API refuses them by name, as it does in every body.
    /// </summary>
    public static ParsedEvent Parse(ReadOnlyMemory<byte> utf8Json, bool refuseUnknownFields = false)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            return ParsedEvent.Refused(null, e.BytePositionInLine is { } position ? ContractError.Of(null, "notJson", position + 1) : ContractError.Of(null, "notJsonMalformed"));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParsedEvent.Refused(null, ContractError.Of(null, "expected.jsonObject"));
            }

            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                return ParsedEvent.Refused(null, ContractError.Of("type", "typeRequired"));
            }

            var typeName = typeElement.GetString()!;
            var contract = InboundContracts.Find(typeName);
            if (contract is null)
            {
                return ParsedEvent.Refused(typeName, ContractError.Of("type", "typeUnknownOneOf", Shorten(typeName), string.Join(", ", InboundContracts.All.Select(t => t.Name))));
            }

            return Parse(root, contract, refuseUnknownFields);
        }
    }

    /// <summary>Reads an event of a known contract (its <c>type</c> property, if any, aside).</summary>
    public static ParsedEvent Parse(JsonElement element, Type contract, bool refuseUnknownFields = false)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (element.ValueKind != JsonValueKind.Object)
        {
            return ParsedEvent.Refused(contract.Name, ContractError.Of(null, "expected.jsonObject"));
        }

        var info = ContractJson.Options.GetTypeInfo(contract);
        var missing = new List<ContractError>();
        FindMissingOrUnknown(element, info, "", missing, refuseUnknownFields);
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
            return new ParsedEvent(contract.Name, null, JsonFailure.Explain(e, info));
        }

        if (value is not IInboundEvent inbound)
        {
            return ParsedEvent.Refused(contract.Name, ContractError.Of(null, "expected.jsonObject"));
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
    // is named (the serializer would name only the type); so are unknown ones, when refused.
    private static void FindMissingOrUnknown(JsonElement element, JsonTypeInfo info, string path, List<ContractError> errors, bool refuseUnknown)
    {
        if (info.Kind != JsonTypeInfoKind.Object || element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (refuseUnknown)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!(path.Length == 0 && property.NameEquals("type")) && !info.Properties.Any(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    errors.Add(ContractError.Of(path + property.Name, "unknownField"));
                }
            }
        }

        foreach (var property in info.Properties)
        {
            if (!TryGetProperty(element, property.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (property.IsRequired)
                {
                    errors.Add(ContractError.Of(path + property.Name, "required"));
                }

                continue;
            }

            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var propertyInfo = ContractJson.Options.GetTypeInfo(propertyType);
            if (propertyInfo.Kind == JsonTypeInfoKind.Object)
            {
                FindMissingOrUnknown(value, propertyInfo, path + property.Name + ".", errors, refuseUnknown);
            }
            else if (propertyInfo.Kind == JsonTypeInfoKind.Enumerable && propertyInfo.ElementType is { } elementType && value.ValueKind == JsonValueKind.Array)
            {
                var elementInfo = ContractJson.Options.GetTypeInfo(elementType);
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    FindMissingOrUnknown(item, elementInfo, $"{path}{property.Name}[{index}].", errors, refuseUnknown);
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

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
