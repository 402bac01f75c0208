using PlatformWatch.Store;

namespace PlatformWatch.Tests.Planted;

// A planted violation for ArchitectureTests: an endpoint class that calls the store itself.
internal static class CaseEndpoints
{
    public static Task<CaseRecord> Assign(CaseStore store, string caseId) => store.Cases.AssignAsync(caseId, "someone", null, "planted");
}

// And a command whose store call is inside an async lambda (a closure's state machine, nested in the class).
internal static class FindingsCommand
{
    public static Func<CancellationToken, Task<int>> Create(Func<CaseStore> open) => async ct =>
    {
        var findings = await open().Findings.ListAsync(cancellationToken: ct);
        return findings.Count;
    };
}
