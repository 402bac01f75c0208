namespace PlatformWatch.Application;

/// <summary>How an operation of an application service ended.</summary>
public enum OutcomeKind
{
    /// <summary>Done; the value says what came of it.</summary>
    Ok,
    /// <summary>The thing is not there, or not for this actor to see (the reason names it).</summary>
    NotFound,
    /// <summary>The actor sees it but may not do this (the reason says why).</summary>
    Forbidden,
    /// <summary>Refused by the state of things (a closed case, an unknown authority).</summary>
    Conflict,
    /// <summary>What was asked is not acceptable as given (<see cref="Outcome{T}.Field"/> names the field, the reason says why).</summary>
    Invalid,
}

/// <summary>
/// The typed result of an application service's operation: the edges translate it (the API to a
/// status code and problem, a page to its result, the command line to an exit code), none of them
/// decides it.
/// </summary>
public sealed record Outcome<T>(OutcomeKind Kind, T? Value, string Reason)
{
    /// <summary>The field an <see cref="OutcomeKind.Invalid"/> refusal is about.</summary>
    public string? Field { get; init; }

    private readonly string? _logged;

    /// <summary>
    /// The reason as a log keeps it, in English: <see cref="Reason"/> is in the caller's language
    /// (the current UI culture), which a log must not be (docs/i18n.md); the reason itself when the
    /// operation did not give one.
    /// </summary>
    public string Logged { get => _logged ?? Reason; init => _logged = value; }

    /// <summary>Whether the operation was done.</summary>
    public bool IsOk => Kind == OutcomeKind.Ok;

    /// <summary>Done, with its value.</summary>
#pragma warning disable CA1000 // a factory on the generic type reads best at the call site
    public static Outcome<T> Ok(T value) => new(OutcomeKind.Ok, value, "");

    /// <summary>A refusal of another kind (carried over from another operation's outcome).</summary>
    public static Outcome<T> Refused(OutcomeKind kind, string reason) => new(kind, default, reason);

    /// <summary>A refusal of the input: <paramref name="field"/> is not acceptable for <paramref name="reason"/>.</summary>
    public static Outcome<T> Invalid(string field, string reason) => new(OutcomeKind.Invalid, default, reason) { Field = field };
#pragma warning restore CA1000
}

/// <summary>Operations only an operator at the command line may run (on the database itself, with no authority to check).</summary>
internal static class OperatorsOnly
{
    /// <summary>Runs <paramref name="act"/> for an operator, else refuses (forbidden) with <paramref name="refusal"/>; a store's refusal of the action is a conflict.</summary>
    public static async Task<Outcome<T>> RunAsync<T>(Actor actor, string refusal, Func<Task<T>> act)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.IsOperator)
        {
            return Outcome<T>.Refused(OutcomeKind.Forbidden, refusal);
        }

        try
        {
            return Outcome<T>.Ok(await act().ConfigureAwait(false));
        }
        catch (Store.CaseActionException e)
        {
            return Outcome<T>.Refused(OutcomeKind.Conflict, e.Localized);
        }
    }
}
