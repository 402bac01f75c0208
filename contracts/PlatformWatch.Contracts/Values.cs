using System.Text.Json.Serialization;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Contracts;

/// <summary>The fields every inbound event carries.</summary>
public interface IInboundEvent
{
    /// <summary>Unique per event, 1–100 characters: the idempotency key.</summary>
    string EventId { get; }

    /// <summary>When it happened in the world.</summary>
    DateTimeOffset OccurredAt { get; }

    /// <summary>Who observed or reported it.</summary>
    string Source { get; }
}

/// <summary>An amount of money in one ISO 4217 currency. Never binary floating point.</summary>
public sealed record Money
{
    /// <summary>The amount, exact.</summary>
    public decimal Amount { get; init; }

    /// <summary>ISO 4217 code, e.g. <c>CNY</c>, <c>EUR</c>.</summary>
    public string Currency { get; init; } = "";
}

/// <summary>
/// The absolute figure behind a market share: money (<c>{"amount":…,"currency":…}</c>) or a plain
/// decimal (orders, users), in which case <see cref="Currency"/> is null.
/// </summary>
[JsonConverter(typeof(FigureJsonConverter))]
public sealed record Figure
{
    /// <summary>The figure, exact.</summary>
    public decimal Amount { get; init; }

    /// <summary>ISO 4217 code when the figure is money; null for counts.</summary>
    public string? Currency { get; init; }
}
