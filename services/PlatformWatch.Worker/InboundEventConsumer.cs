using MassTransit;
using Microsoft.Extensions.Logging;
using PlatformWatch.Contracts;
using PlatformWatch.Contracts.Wire;

namespace PlatformWatch.Worker;

/// <summary>An event that fails validation: it is parked with the reason, never retried.</summary>
public sealed class InvalidEventException(string eventType, string reason)
    : Exception($"{eventType} refused: {reason}")
{
    /// <summary>The contract.</summary>
    public string EventType { get; } = eventType;

    /// <summary>Every reason, each naming the field.</summary>
    public string Reason { get; } = reason;
}

/// <summary>
/// The consumer of one inbound contract: validate, hand over to the processor (one transaction),
/// publish what was raised after the commit. Exceptions escape so retry and the error queue do
/// their job.
/// </summary>
public sealed partial class InboundEventConsumer<T>(EventProcessor processor, ILogger<InboundEventConsumer<T>> logger) : IConsumer<T>
    where T : class, IInboundEvent
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<T> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parsed = EventParser.Check(context.Message);
        if (!parsed.IsValid)
        {
            throw new InvalidEventException(typeof(T).Name, ContractError.Join(parsed.Errors));
        }

        var result = await processor.ProcessAsync([context.Message], context.CancellationToken).ConfigureAwait(false);
        LogProcessed(typeof(T).Name, context.Message.EventId, result.Accepted == 1 ? "processed" : "already processed", result.Changes.Count);
        foreach (var opened in result.OpenedCases)
        {
            await context.Publish(new CaseOpened { CaseId = opened.CaseId, PlatformId = opened.PlatformId, Status = CaseStatus.New, Actor = "system", At = opened.OpenedAt }).ConfigureAwait(false);
        }

        foreach (var finding in result.Raised)
        {
            await context.Publish(finding.ToFindingRaised()).ConfigureAwait(false);
        }

        foreach (var gap in result.Gaps)
        {
            LogGap(gap.RuleId, gap.Subject, gap.Reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data gap: {RuleId} could not be decided on {Subject}: {Reason}")]
    private partial void LogGap(string ruleId, string subject, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{EventType} {EventId} {Outcome}; {Changes} finding changes")]
    private partial void LogProcessed(string eventType, string eventId, string outcome, int changes);
}

/// <summary>Logs every finding as it is raised (what <c>platformwatch serve</c> shows).</summary>
public sealed partial class FindingLogConsumer(ILogger<FindingLogConsumer> logger) : IConsumer<FindingRaised>
{
    /// <inheritdoc />
    public Task Consume(ConsumeContext<FindingRaised> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var f = context.Message;
            var severity = WireNames.Name(f.Severity);
            var period = $"{f.PeriodStart:yyyy-MM-dd}..{f.PeriodEnd:yyyy-MM-dd}";
            var platform = f.PlatformId ?? "(market)";
            LogFinding(severity, f.RuleId, platform, f.MarketId ?? "-", period, f.LegalBasis.Citation, f.FindingId, f.CaseId ?? "-");
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Finding {Severity} {RuleId} platform={PlatformId} market={MarketId} period={Period} ({Citation}) id={FindingId} case={CaseId}")]
    private partial void LogFinding(string severity, string ruleId, string platformId, string marketId, string period, string citation, string findingId, string caseId);
}
