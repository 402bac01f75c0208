using PlatformWatch.Store;

namespace PlatformWatch.Tests.Planted;

// A planted violation for ArchitectureTests: an endpoint class that calls the store itself.
internal static class CaseEndpoints
{
    public static Task<CaseRecord> Assign(CaseStore store, string caseId) => store.Cases.AssignAsync(caseId, "someone", null, "planted");
}
