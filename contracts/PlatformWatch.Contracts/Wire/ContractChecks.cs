using System.Globalization;
using System.Text.Json;

namespace PlatformWatch.Contracts.Wire;

// The checks behind ContractValidator: each adds an error naming the field and the reason.
public static partial class ContractValidator
{
    // Conduct attributes the rules read, and the JSON kind each must have.
    private static readonly Dictionary<ConductKind, (string Name, AttributeKind Kind)[]> KnownAttributes = new()
    {
        [ConductKind.ParityClause] = [("scope", AttributeKind.Text)],
        [ConductKind.AntiSteering] = [("linkOutAllowed", AttributeKind.Bool), ("offerInfoAllowed", AttributeKind.Bool), ("feeOnSteeredTransactions", AttributeKind.Bool)],
        [ConductKind.Tying] = [("tyingProduct", AttributeKind.Text), ("tiedProduct", AttributeKind.Text), ("defaultSelected", AttributeKind.Bool), ("tiedKind", AttributeKind.Text)],
        [ConductKind.RefusalToDeal] = [("requester", AttributeKind.Text), ("subject", AttributeKind.Text), ("response", AttributeKind.Text), ("responseDays", AttributeKind.Number)],
        [ConductKind.DataCombination] = [("targetService", AttributeKind.Text), ("consentObtained", AttributeKind.Bool)],
        [ConductKind.ConsentReprompt] = [("purpose", AttributeKind.Text), ("refusedAt", AttributeKind.Date), ("repromptedAt", AttributeKind.Date)],
        [ConductKind.BelowCostPricing] = [("price", AttributeKind.Number), ("averageVariableCost", AttributeKind.Number), ("averageTotalCost", AttributeKind.Number)],
        [ConductKind.ExcessivePricing] = [("priceChangePct", AttributeKind.Number), ("costChangePct", AttributeKind.Number)],
        [ConductKind.UnreasonableRestriction] = [("restriction", AttributeKind.Text)],
    };

    private enum AttributeKind { Text, Bool, Number, Date }

    private sealed class Checks
    {
        public List<ContractError> Errors { get; } = [];

        public void Add(string field, string code, params object[] args) => Errors.Add(ContractError.Of(field, code, args));

        public void EventId(string value)
        {
            if (string.IsNullOrEmpty(value))
            {
                Add("eventId", "required");
            }
            else if (value.Length > 100)
            {
                Add("eventId", "eventIdLength", value.Length);
            }
            else if (value.Any(char.IsControl))
            {
                Add("eventId", "controlCharacters");
            }
        }

        public void Id(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, "requiredNotEmpty");
            }
            else if (value.Length > MaxIdLength)
            {
                Add(field, "tooLong", MaxIdLength, value.Length);
            }
            else if (value.Any(char.IsControl))
            {
                Add(field, "controlCharacters");
            }
        }

        public void OptionalId(string? value, string field)
        {
            if (value is not null)
            {
                Id(value, field);
            }
        }

        public void Text(string? value, string field, int max = 500)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, "requiredNotEmpty");
            }
            else if (value.Length > max)
            {
                Add(field, "tooLong", max, value.Length);
            }
        }

        public void Timestamp(DateTimeOffset value, string field)
        {
            if (value == default)
            {
                Add(field, "required");
            }
        }

        public void Jurisdiction(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                Add("jurisdiction", "required");
            }
            else if (!JurisdictionCode().IsMatch(value))
            {
                Add("jurisdiction", "jurisdiction", Shorten(value));
            }
        }

        public void Region(string? value, string field)
        {
            if (string.IsNullOrEmpty(value) || !JurisdictionCode().IsMatch(value))
            {
                Add(field, "region");
            }
        }

        public void Currency(string? value, string field)
        {
            if (string.IsNullOrEmpty(value) || !CurrencyCode().IsMatch(value))
            {
                Add(field, "currency", Shorten(value ?? ""));
            }
        }

        public void Money(Money value, string field)
        {
            NotNegative(value.Amount, field + ".amount");
            Currency(value.Currency, field + ".currency");
        }

        public void OptionalMoney(Money? value, string field)
        {
            if (value is not null)
            {
                Money(value, field);
            }
        }

        public void Period(DateOnly start, DateOnly end, string endField, string startField)
        {
            if (end < start)
            {
                Add(endField, "beforeStart", startField, end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
        }

        public void Fraction(decimal value, string field)
        {
            if (value is < 0m or > 1m)
            {
                Add(field, "fraction", value);
            }
        }

        public void OptionalFraction(decimal? value, string field)
        {
            if (value is { } v)
            {
                Fraction(v, field);
            }
        }

        public void NotNegative(decimal value, string field)
        {
            if (value < 0)
            {
                Add(field, "negative", value);
            }
        }

        public void NotNegative(long? value, string field)
        {
            if (value < 0)
            {
                Add(field, "negative", value);
            }
        }

        public void Range(int value, int min, int max, string field)
        {
            if (value < min || value > max)
            {
                Add(field, "range", min, max, value);
            }
        }

        public void Defined<T>(T value, string field) where T : struct, Enum
        {
            if (!Enum.IsDefined(value))
            {
                Add(field, "oneOf", string.Join(", ", WireNames.Names<T>()));
            }
        }

        public void Each<T>(IReadOnlyList<T>? items, string field, Action<T, string> check)
        {
            if (items is null)
            {
                return;
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] is null)
                {
                    Add($"{field}[{i}]", "notNull");
                    continue;
                }

                check(items[i], $"{field}[{i}]");
            }
        }

        public void Attributes(ConductKind conduct, IReadOnlyDictionary<string, JsonElement> attributes)
        {
            foreach (var (name, value) in attributes)
            {
                if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
                {
                    Add($"attributes.{name}", "attributeValue");
                }
            }

            if (!KnownAttributes.TryGetValue(conduct, out var known))
            {
                return;
            }

            foreach (var (name, kind) in known)
            {
                if (!attributes.TryGetValue(name, out var value))
                {
                    continue;
                }

                var ok = kind switch
                {
                    AttributeKind.Bool => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                    AttributeKind.Number => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out _),
                    AttributeKind.Date => value.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", out _),
                    _ => value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()),
                };
                if (!ok)
                {
                    Add($"attributes.{name}", kind switch
                    {
                        AttributeKind.Bool => "expected.boolean",
                        AttributeKind.Number => "expected.number",
                        AttributeKind.Date => "expected.date",
                        _ => "expected.nonEmptyString",
                    });
                }
            }
        }

        public void Ranking(IReadOnlyList<RankedResult> results)
        {
            if (results.Count == 0)
            {
                Add("results", "noResults");
                return;
            }

            var positions = new HashSet<int>();
            var items = new HashSet<string>(StringComparer.Ordinal);
            Each(results, "results", (r, path) =>
            {
                Id(r.ItemId, path + ".itemId");
                if (r.Position < 1)
                {
                    Add(path + ".position", "positionTooLow", r.Position);
                }
                else if (!positions.Add(r.Position))
                {
                    Add(path + ".position", "positionTwice", r.Position);
                }

                if (r.ItemId is not null && !items.Add(r.ItemId))
                {
                    Add(path + ".itemId", "itemTwice", Shorten(r.ItemId));
                }

                Fraction(r.Relevance, path + ".relevance");
            });
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }
}
