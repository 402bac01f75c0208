using System.Buffers;
using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dapper;

namespace PlatformWatch.Store.SqlServer;

/// <summary>
/// The parameters of SQL Server's set statements, from the object a call site passes (one array
/// per column, as PostgreSQL unnests them): the arrays become one JSON array of row objects, @Rows
/// (row i holds element i of every array, under the array's name), sent as nvarchar(max); any
/// other property stays a parameter of its own. Values are written in the forms the statements
/// convert with explicit styles: dates <c>yyyy-MM-dd</c> (style 23), timestamps in UTC in the
/// round-trip "O" form (style 127, all seven fractional digits), as the one-row statements write
/// them in UTC; numbers as JSON numbers, strings as JSON strings (JSON text too), nulls as null.
/// </summary>
internal static class JsonRows
{
    /// <summary>The name of the JSON parameter.</summary>
    public const string Name = "Rows";

    /// <summary>The form of a date (<c>CONVERT(date, …, 23)</c>).</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The form of a timestamp, always in UTC (<c>CONVERT(datetimeoffset(7), …, 127)</c>).</summary>
    public const string TimestampFormat = "O";

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertiesOf = new();

    // The JSON goes to the server as a parameter, never into HTML: JSON's own escapes are enough.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The parameters for a set statement: @Rows and the scalars of <paramref name="parameters"/>.</summary>
    public static object Of(object parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var result = new DynamicParameters();
        var columns = new List<(string Name, Array Values)>();
        foreach (var property in PropertiesOf.GetOrAdd(parameters.GetType(), static type => [.. type.GetProperties().OrderBy(p => p.MetadataToken)]))
        {
            var value = property.GetValue(parameters);
            if (property.PropertyType.IsArray && property.PropertyType != typeof(byte[]))
            {
                columns.Add((property.Name, value as Array ?? throw new ArgumentException($"the column {property.Name} is null", nameof(parameters))));
            }
            else
            {
                result.Add(property.Name, value);
            }
        }

        if (columns.Count > 0)
        {
            result.Add(Name, Json(columns), DbType.String, size: -1);
        }

        return result;
    }

    // Row by row: an object a row, a property a column, in the columns' order.
    private static string Json(List<(string Name, Array Values)> columns)
    {
        var rows = columns[0].Values.Length;
        foreach (var (name, values) in columns)
        {
            if (values.Length != rows)
            {
                throw new ArgumentException($"the column {name} has {values.Length} values, {columns[0].Name} {rows}", nameof(columns));
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartArray();
            for (var row = 0; row < rows; row++)
            {
                writer.WriteStartObject();
                foreach (var (name, values) in columns)
                {
                    writer.WritePropertyName(name);
                    Write(writer, name, values.GetValue(row));
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter writer, string column, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case DateOnly date:
                writer.WriteStringValue(date.ToString(DateFormat, CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset at:
                writer.WriteStringValue(at.ToUniversalTime().ToString(TimestampFormat, CultureInfo.InvariantCulture));
                break;
            default:
                throw new NotSupportedException($"the column {column} holds a {value.GetType().Name}, which has no JSON form for SQL Server's set statements");
        }
    }
}
