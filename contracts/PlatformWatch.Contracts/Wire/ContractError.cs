namespace PlatformWatch.Contracts.Wire;

/// <summary>Why an input was refused: the field (a JSON path such as <c>results[2].relevance</c>) and the reason.</summary>
public sealed record ContractError(string? Field, string Reason)
{
    /// <inheritdoc />
    public override string ToString() => Field is null ? Reason : $"{Field}: {Reason}";

    /// <summary>All errors in one line, as the command line and the dead-letter table show them.</summary>
    public static string Join(IEnumerable<ContractError> errors) => string.Join("; ", errors);
}

/// <summary>The outcome of reading one event: the event, or the reasons it was refused.</summary>
public sealed record ParsedEvent(string? TypeName, IInboundEvent? Event, IReadOnlyList<ContractError> Errors)
{
    /// <summary>True when the event was read and passed validation.</summary>
    public bool IsValid => Event is not null && Errors.Count == 0;

    internal static ParsedEvent Refused(string? typeName, params ContractError[] errors) => new(typeName, null, errors);
}
