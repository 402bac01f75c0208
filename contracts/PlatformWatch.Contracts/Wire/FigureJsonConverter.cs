using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformWatch.Contracts.Wire;

/// <summary>A <see cref="Figure"/> is a plain number or a money object on the wire.</summary>
public sealed class FigureJsonConverter : JsonConverter<Figure>
{
    /// <inheritdoc />
    public override Figure Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return new Figure { Amount = reader.GetDecimal() };
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ContractJsonException("expected.figure");
        }

        var money = JsonSerializer.Deserialize<Money>(ref reader, options)
            ?? throw new ContractJsonException("expected.figure");
        return new Figure { Amount = money.Amount, Currency = money.Currency };
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Figure value, JsonSerializerOptions options)
    {
        if (value.Currency is null)
        {
            writer.WriteNumberValue(value.Amount);
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber(options.PropertyNamingPolicy?.ConvertName("Amount") ?? "amount", value.Amount);
        writer.WriteString(options.PropertyNamingPolicy?.ConvertName("Currency") ?? "currency", value.Currency);
        writer.WriteEndObject();
    }
}
