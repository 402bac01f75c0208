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

        public void Add(string field, string reason) => Errors.Add(new ContractError(field, reason));

        public void EventId(string value)
        {
            if (string.IsNullOrEmpty(value))
            {
                Add("eventId", "required");
            }
            else if (value.Length > 100)
            {
                Add("eventId", $"must be 1–100 characters, was {value.Length}");
            }
            else if (value.Any(char.IsControl))
            {
                Add("eventId", "must not contain control characters");
            }
        }

        public void Id(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, "required, must not be empty");
            }
            else if (value.Length > MaxIdLength)
            {
                Add(field, $"must be at most {MaxIdLength} characters, was {value.Length}");
            }
            else if (value.Any(char.IsControl))
            {
                Add(field, "must not contain control characters");
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
                Add(field, "required, must not be empty");
            }
            else if (value.Length > max)
            {
                Add(field, $"must be at most {max} characters, was {value.Length}");
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
                Add("jurisdiction", $"must be an upper-case code such as CN or EU, was '{Shorten(value)}'");
            }
        }

        public void Region(string? value, string field)
        {
            if (string.IsNullOrEmpty(value) || !JurisdictionCode().IsMatch(value))
            {
                Add(field, "must be an upper-case region code such as EU, CN or WORLD");
            }
        }

        public void Currency(string? value, string field)
        {
            if (string.IsNullOrEmpty(value) || !CurrencyCode().IsMatch(value))
            {
                Add(field, $"must be an ISO 4217 code such as CNY or EUR, was '{Shorten(value ?? "")}'");
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
                Add(endField, $"must not be before {startField} ({end:yyyy-MM-dd} < {start:yyyy-MM-dd})");
            }
        }

        public void Fraction(decimal value, string field)
        {
            if (value is < 0m or > 1m)
            {
                Add(field, $"must be between 0 and 1, was {value}");
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
                Add(field, $"must not be negative, was {value}");
            }
        }

        public void NotNegative(long? value, string field)
        {
            if (value < 0)
            {
                Add(field, $"must not be negative, was {value}");
            }
        }

        public void Range(int value, int min, int max, string field)
        {
            if (value < min || value > max)
            {
                Add(field, $"must be between {min} and {max}, was {value}");
            }
        }

        public void Defined<T>(T value, string field) where T : struct, Enum
        {
            if (!Enum.IsDefined(value))
            {
                Add(field, $"expected one of: {string.Join(", ", WireNames.Names<T>())}");
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
                    Add($"{field}[{i}]", "must not be null");
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
                    Add($"attributes.{name}", "must be a string, a number or true/false");
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
                        AttributeKind.Bool => "expected true or false",
                        AttributeKind.Number => "expected a number",
                        AttributeKind.Date => "expected a date YYYY-MM-DD",
                        _ => "expected a non-empty string",
                    });
                }
            }
        }

        public void Ranking(IReadOnlyList<RankedResult> results)
        {
            if (results.Count == 0)
            {
                Add("results", "must hold at least one result");
                return;
            }

            var positions = new HashSet<int>();
            var items = new HashSet<string>(StringComparer.Ordinal);
            Each(results, "results", (r, path) =>
            {
                Id(r.ItemId, path + ".itemId");
                if (r.Position < 1)
                {
                    Add(path + ".position", $"must be 1 or more, was {r.Position}");
                }
                else if (!positions.Add(r.Position))
                {
                    Add(path + ".position", $"position {r.Position} appears twice on the page");
                }

                if (r.ItemId is not null && !items.Add(r.ItemId))
                {
                    Add(path + ".itemId", $"item '{Shorten(r.ItemId)}' appears twice on the page");
                }

                Fraction(r.Relevance, path + ".relevance");
            });
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }
}
